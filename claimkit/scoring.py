"""The reference metrics: matching predicted claims to gold ones and counting the scores.

This module implements the definitions of the shared ``score.py``, so that ``claimkit
evaluate`` and the test suite report the same numbers as that tool. Reading the JSONL files,
the plain-text table and extracting predictions in memory are in :mod:`claimkit.evaluate`,
which re-exports everything public here (``claimkit.evaluate.score`` is the documented name).

Input shapes (both are ``{doc_id: line}`` mappings as returned by
:func:`claimkit.evaluate.load_jsonl`):

* gold line: ``{"doc_id", "text", "claims": [...]}``; a gold claim has ``content``
  (``{"start", "end"}``), optionally ``content_fragments``, ``speaker`` (span or ``null``),
  ``speaker_name``, ``cue``, ``kind`` and ``via``.
* prediction line: ``{"doc_id", "claims": [...]}`` in the form ``claimkit extract`` writes;
  spans may also be nested as ``{"mention": {"start", "end"}}``, and ``confidence`` is
  optional.

Definitions (micro-averaged over all gold documents; predictions for documents that are
not in the gold file are ignored):

* **matching** — the content of a claim is the set of character offsets its content span
  (or its fragments) covers, leaving out white space and quotation marks. A predicted and a
  gold claim may pair when the Jaccard overlap of those sets is at least the threshold;
  pairs are chosen greedily, best overlap first, each claim used at most once.
* **content** — P/R/F1 of pairs at threshold 0.5; **content_exact** the same at 0.9.
* **attribution** — P/R/F1 of 0.5-pairs whose speaker is right: the predicted speaker span
  overlaps the gold one, or the resolved names agree (:func:`names_agree`). A gold claim
  with neither speaker span nor name is right only when the prediction has neither.
* **speaker_name** — over pairs whose gold claim has a resolved name, the share whose
  predicted name agrees. **cue** — over pairs whose gold claim has a cue, the share whose
  predicted cue span overlaps it.
* **via** — only when some gold claim has relays: over pairs, P/R/F1 of relay chains; a
  predicted chain is right when every gold relay name agrees with one predicted relay.
* **attribution_recall_by_kind** — attribution recall per gold ``kind``.
* **calibration** — when predictions carry a numeric ``confidence``: expected calibration
  error over 10 equal-width bins, and the Brier score, of confidence against
  "attribution correct".

Scores are rounded to 4 decimal places.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

Line = Mapping[str, Any]
ClaimDict = Mapping[str, Any]

__all__ = [
    "QUOTE_MARKS",
    "content_offsets",
    "match_claims",
    "names_agree",
    "normalize_name",
    "prf",
    "score",
    "spans_overlap",
]

#: Characters left out of content comparison: straight, curly, angle and low quotation
#: marks, the backtick and the acute accent. The shared score.py's set, not claimkit.quotes'
#: table: the metric must not move when the extractor learns a quotation style.
QUOTE_MARKS = frozenset(
    "\"'`"
    "\u00b4"  # acute accent
    "\u2018\u2019\u201c\u201d\u201e\u201f"  # curly single/double, low-9 and reversed double
    "\u00ab\u00bb\u2039\u203a"  # guillemets, single and double
)

# Tokens that never decide whether two names are the same person: the shared score.py's list,
# part of the metric's definition, so not lexicon data (the titles of titles.tsv may grow).
_NAME_NOISE = frozenset({"the", "mr", "mrs", "ms", "dr", "president", "minister", "s"})
_NON_NAME_CHARS = re.compile(r"[^a-z0-9 ]+")

MATCH_THRESHOLD = 0.5
EXACT_THRESHOLD = 0.9
CALIBRATION_BINS = 10


# --- spans, contents and names -----------------------------------------------------------

def _as_span(value: Any) -> Mapping[str, Any] | None:
    """The ``{start, end}`` dict in ``value`` (flat or under ``mention``), else ``None``."""
    if isinstance(value, Mapping) and "mention" in value:
        value = value["mention"]
    if isinstance(value, Mapping) and "start" in value:
        return value
    return None


def spans_overlap(a: Mapping[str, Any] | None, b: Mapping[str, Any] | None) -> bool:
    """Whether two ``{start, end}`` spans share at least one character (end exclusive)."""
    if not a or not b:
        return False
    return max(int(a["start"]), int(b["start"])) < min(int(a["end"]), int(b["end"]))


def _content_pieces(claim: ClaimDict) -> list[Any]:
    fragments = claim.get("content_fragments")
    if fragments:
        return list(fragments)
    content = claim.get("content") or {}
    if isinstance(content, list):
        return content
    return list(content.get("spans") or [content])


def content_offsets(text: str, claim: ClaimDict) -> set[int]:
    """Offsets of ``text`` covered by the claim's content, without white space or quote marks.

    ``content_fragments`` are used when present, else ``content`` (a span, a list of spans,
    or ``{"spans": [...]}``). Pieces without both ``start`` and ``end`` are ignored, so a claim
    with no usable content covers nothing and matches nothing.
    """
    covered: set[int] = set()
    for piece in _content_pieces(claim):
        if not isinstance(piece, Mapping) or "start" not in piece or "end" not in piece:
            continue
        first = max(0, int(piece["start"]))
        stop = min(len(text), int(piece["end"]))
        covered.update(i for i in range(first, stop) if not (text[i].isspace() or text[i] in QUOTE_MARKS))
    return covered


def normalize_name(name: str | None) -> list[str]:
    """A name as comparable tokens: ASCII-folded, lower case, punctuation and titles removed.

    >>> normalize_name("Mr. José O'Neill")
    ['jose', 'o', 'neill']
    """
    folded = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    return [token for token in _NON_NAME_CHARS.sub(" ", folded).split() if token not in _NAME_NOISE]


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def names_agree(a: str | None, b: str | None) -> bool:
    """Whether two names plausibly refer to the same person.

    They agree when, after :func:`normalize_name`, one's tokens are a subset of the other's
    ("Okafor" / "Helen Okafor"); or the last tokens are similar (ratio >= 0.8) and either
    name is a single token or the first tokens share an initial; or the whole names are
    similar (ratio >= 0.85). An empty name agrees with nothing.
    """
    left, right = normalize_name(a), normalize_name(b)
    if not left or not right:
        return False
    if set(left).issubset(right) or set(right).issubset(left):
        return True
    surname_close = _similar(left[-1], right[-1]) >= 0.8
    if surname_close and (len(left) == 1 or len(right) == 1 or left[0][0] == right[0][0]):
        return True
    return _similar(" ".join(left), " ".join(right)) >= 0.85


def _resolved_name(claim: ClaimDict) -> str | None:
    if claim.get("speaker_name"):
        return claim["speaker_name"]
    speaker = claim.get("speaker")
    return speaker.get("name") if isinstance(speaker, Mapping) else None


def _relay_names(claim: ClaimDict) -> set[str]:
    names: set[str] = set()
    for relay in claim.get("via") or claim.get("sources") or []:
        if isinstance(relay, str):
            raw: str | None = relay
        else:
            raw = relay.get("name") or relay.get("text") or (_as_span(relay) or {}).get("text")
        joined = " ".join(normalize_name(raw))
        if joined:
            names.add(joined)
    return names


def _speaker_right(pred: ClaimDict, gold: ClaimDict) -> bool:
    gold_name = gold.get("speaker_name")
    if not gold.get("speaker") and not gold_name:
        return _as_span(pred.get("speaker")) is None and not _resolved_name(pred)
    if spans_overlap(_as_span(pred.get("speaker")), _as_span(gold.get("speaker"))):
        return True
    return bool(gold_name) and names_agree(_resolved_name(pred), gold_name)


# --- matching and counting ---------------------------------------------------------------

def match_claims(text: str, gold_claims: Sequence[ClaimDict], pred_claims: Sequence[ClaimDict],
                 threshold: float = MATCH_THRESHOLD) -> list[tuple[int, int]]:
    """One-to-one ``(pred_index, gold_index)`` pairs whose content Jaccard is >= ``threshold``.

    Candidates are taken greedily from the highest overlap down (ties: higher prediction
    index, then higher gold index, first), skipping claims already paired.
    """
    gold_sets = [content_offsets(text, c) for c in gold_claims]
    candidates: list[tuple[float, int, int]] = []
    for p_index, p_set in enumerate(content_offsets(text, c) for c in pred_claims):
        if not p_set:
            continue
        for g_index, g_set in enumerate(gold_sets):
            shared = len(p_set & g_set)
            if not shared:
                continue
            jaccard = shared / len(p_set | g_set)
            if jaccard >= threshold:
                candidates.append((jaccard, p_index, g_index))
    pairs: list[tuple[int, int]] = []
    taken_pred: set[int] = set()
    taken_gold: set[int] = set()
    for _, p_index, g_index in sorted(candidates, reverse=True):
        if p_index in taken_pred or g_index in taken_gold:
            continue
        taken_pred.add(p_index)
        taken_gold.add(g_index)
        pairs.append((p_index, g_index))
    return pairs


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, Any]:
    """Precision, recall and F1 (rounded to 4 places) with the counts they come from."""
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": round(precision, 4), "r": round(recall, 4), "f1": round(f1, 4),
            "tp": tp, "pred": n_pred, "gold": n_gold}


def _share(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


class _Tally:
    """Running counts over documents; :meth:`result` turns them into the report."""

    def __init__(self, with_via: bool) -> None:
        self.with_via = with_via
        self.n_gold = self.n_pred = 0
        self.matched = self.matched_exact = self.attributed = 0
        self.name_total = self.name_hits = 0
        self.cue_total = self.cue_hits = 0
        self.via_gold = self.via_pred = self.via_hits = 0
        self.kind_counts: dict[str, list[int]] = {}  # kind -> [attributed, total]
        self.confidences: list[tuple[float, bool]] = []

    def add_document(self, text: str, golds: Sequence[ClaimDict], preds: Sequence[ClaimDict]) -> None:
        self.n_gold += len(golds)
        self.n_pred += len(preds)
        pairs = match_claims(text, golds, preds, MATCH_THRESHOLD)
        self.matched += len(pairs)
        self.matched_exact += len(match_claims(text, golds, preds, EXACT_THRESHOLD))
        right: set[int] = set()  # prediction indices with the speaker right
        for p_index, g_index in pairs:
            pred, gold = preds[p_index], golds[g_index]
            if _speaker_right(pred, gold):
                self.attributed += 1
                right.add(p_index)
            if gold.get("speaker_name"):
                self.name_total += 1
                self.name_hits += names_agree(_resolved_name(pred), gold["speaker_name"])
            if gold.get("cue"):
                self.cue_total += 1
                self.cue_hits += spans_overlap(_as_span(pred.get("cue")), _as_span(gold["cue"]))
            if self.with_via:
                self._add_relays(_relay_names(gold), _relay_names(pred))
        pred_of_gold = {g_index: p_index for p_index, g_index in pairs}
        for g_index, gold in enumerate(golds):
            counts = self.kind_counts.setdefault(gold.get("kind") or "?", [0, 0])
            counts[1] += 1
            counts[0] += pred_of_gold.get(g_index, -1) in right
        for p_index, pred in enumerate(preds):
            confidence = pred.get("confidence")
            if isinstance(confidence, (int, float)):
                self.confidences.append((float(confidence), p_index in right))

    def _add_relays(self, gold_relays: set[str], pred_relays: set[str]) -> None:
        self.via_gold += bool(gold_relays)
        self.via_pred += bool(pred_relays)
        if gold_relays and pred_relays:
            self.via_hits += all(any(names_agree(g, p) for p in pred_relays) for g in gold_relays)

    def result(self, n_docs: int, by_kind: bool) -> dict[str, Any]:
        out: dict[str, Any] = {
            "docs": n_docs,
            "content": prf(self.matched, self.n_pred, self.n_gold),
            "content_exact": prf(self.matched_exact, self.n_pred, self.n_gold),
            "attribution": prf(self.attributed, self.n_pred, self.n_gold),
            "speaker_name": _share(self.name_hits, self.name_total),
            "cue": _share(self.cue_hits, self.cue_total),
            "via": prf(self.via_hits, self.via_pred, self.via_gold) if self.with_via else None,
        }
        if by_kind:
            out["attribution_recall_by_kind"] = {
                kind: round(hits / total, 4) for kind, (hits, total) in sorted(self.kind_counts.items())}
        if self.confidences:
            out["calibration"] = _calibration(self.confidences)
        return out


def _calibration(pairs: Sequence[tuple[float, bool]]) -> dict[str, Any]:
    """ECE over equal-width bins and the Brier score of (confidence, correct) pairs."""
    bins: list[list[tuple[float, bool]]] = [[] for _ in range(CALIBRATION_BINS)]
    for confidence, correct in pairs:
        index = min(CALIBRATION_BINS - 1, max(0, int(confidence * CALIBRATION_BINS)))
        bins[index].append((confidence, correct))
    weighted_gap = 0.0
    for members in bins:
        if not members:
            continue
        size = len(members)
        mean_confidence = sum(c for c, _ in members) / size
        accuracy = sum(ok for _, ok in members) / size
        weighted_gap += abs(mean_confidence - accuracy) * size
    brier = sum((c - ok) ** 2 for c, ok in pairs) / len(pairs)
    return {"ece": round(weighted_gap / len(pairs), 4), "brier": round(brier, 4), "n": len(pairs)}


def score(gold: Mapping[str, Line], pred: Mapping[str, Line], by_kind: bool = False) -> dict[str, Any]:
    """Score predictions against gold; the reference metrics (see the docstring of :mod:`claimkit.scoring`).

    Args:
        gold: ``{doc_id: gold line}``; every line needs ``text`` and ``claims``.
        pred: ``{doc_id: prediction line}``; a gold document missing here counts as having
            no predictions, and prediction lines for unknown documents are ignored.
        by_kind: also report ``attribution_recall_by_kind``.

    Returns:
        ``{"docs", "content", "content_exact", "attribution", "speaker_name", "cue", "via"}``
        where the P/R/F1 entries are :func:`prf` dicts, ``speaker_name`` and ``cue`` are
        shares (``None`` when nothing to measure) and ``via`` is ``None`` when no gold claim
        has relays; plus ``"attribution_recall_by_kind"`` when asked and ``"calibration"``
        (``{"ece", "brier", "n"}``) when any prediction has a numeric ``confidence``.
    """
    with_via = any(claim.get("via") for line in gold.values() for claim in line["claims"])
    tally = _Tally(with_via)
    for doc_id, line in gold.items():
        predicted = pred.get(doc_id) or {}
        tally.add_document(line["text"], line["claims"], predicted.get("claims") or [])
    return tally.result(len(gold), by_kind)
