"""Scoring predicted claims against gold annotations (JSONL, one article per line).

Scope: the project's reference metrics — the definitions of the shared ``score.py`` — so
that ``claimkit evaluate`` and the test suite report the same numbers as that tool. It
scores; it does not extract (see :func:`extract_predictions` for a thin convenience wrapper
over :func:`claimkit.api.extract_batch`).

This module reads the files (:func:`load_jsonl`), presents a result (:func:`format_table`)
and extracts predictions in memory (:func:`extract_predictions`). The matching and the
metrics themselves, with their definitions, are in :mod:`claimkit.scoring`; its public
names (:func:`score`, :func:`match_claims`, :func:`names_agree`, ...) are re-exported here.

Input shapes (both are ``{doc_id: line}`` mappings as returned by :func:`load_jsonl`):

* gold line: ``{"doc_id", "text", "claims": [...]}``; a gold claim has ``content``
  (``{"start", "end"}``), optionally ``content_fragments``, ``speaker`` (span or ``null``),
  ``speaker_name``, ``cue``, ``kind`` and ``via``.
* prediction line: ``{"doc_id", "claims": [...]}`` in the form ``claimkit extract`` writes;
  spans may also be nested as ``{"mention": {"start", "end"}}``, and ``confidence`` is
  optional.

Scores are rounded to 4 decimal places.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

# The matching and the metrics, re-exported: claimkit.evaluate.score is the documented name.
from claimkit.scoring import (
    CALIBRATION_BINS,  # noqa: F401
    EXACT_THRESHOLD,  # noqa: F401
    MATCH_THRESHOLD,  # noqa: F401
    QUOTE_MARKS,
    ClaimDict,  # noqa: F401
    Line,  # noqa: F401
    content_offsets,
    match_claims,
    names_agree,
    normalize_name,
    prf,
    score,
    spans_overlap,
)

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "QUOTE_MARKS",
    "content_offsets",
    "extract_predictions",
    "format_table",
    "load_jsonl",
    "match_claims",
    "names_agree",
    "normalize_name",
    "prf",
    "score",
    "spans_overlap",
]


# --- reading -----------------------------------------------------------------------------

def load_jsonl(path: str | Path, *, on_repeat: Callable[[str], None] | None = None) -> dict[str, dict[str, Any]]:
    """Read a gold or prediction JSONL file into ``{doc_id: line}``.

    Blank lines are skipped; when a ``doc_id`` repeats, the later line wins, as in the
    shared reference ``score.py``. That can hide an article (an error line written after a
    good one under the same id, as ``claimkit extract`` did before ids were made unique),
    so ``on_repeat``, when given, is called with a one-line message for each repeat.

    Raises:
        ValueError: a line is not a JSON object with a ``doc_id``; the message names the
            file and line number.
    """
    out: dict[str, dict[str, Any]] = {}
    first_line: dict[str, int] = {}
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                line = json.loads(raw)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not JSON ({error.msg})") from error
            if not isinstance(line, dict) or "doc_id" not in line:
                raise ValueError(f"{path}:{number}: expected an object with a doc_id")
            doc_id = line["doc_id"]
            if doc_id in out and on_repeat is not None:
                on_repeat(f"{path}:{number}: doc_id {doc_id!r} repeats line {first_line[doc_id]}; "
                          "this later line is used")
            first_line.setdefault(doc_id, number)
            out[doc_id] = line
    return out


# --- presenting ----------------------------------------------------------------------------

def format_table(result: Mapping[str, Any]) -> str:
    """A plain-text table of a :func:`score` result, one metric per row."""
    rows = [f"{'metric':<15}{'P':>7}{'R':>7}{'F1':>7}{'tp':>8}{'pred':>8}{'gold':>8}"]
    prf_rows = [("content", "content"), ("content_exact", "content_exact"), ("attribution", "attribution"),
                ("via (relays)", "via")]
    for label, key in prf_rows:
        m = result.get(key)
        if m:
            rows.append(f"{label:<15}{m['p']:>7.3f}{m['r']:>7.3f}{m['f1']:>7.3f}"
                        f"{m['tp']:>8}{m['pred']:>8}{m['gold']:>8}")
    for label, key, scope in (("speaker_name", "speaker_name", "of matched claims with a gold name"),
                              ("cue", "cue", "of matched claims with a gold cue")):
        if result.get(key) is not None:
            rows.append(f"{label:<15}{result[key]:>7.3f}  {scope}")
    calibration = result.get("calibration")
    if calibration:
        rows.append(f"{'calibration':<15}ECE {calibration['ece']:.3f}  Brier {calibration['brier']:.3f}"
                    f"  (n {calibration['n']})")
    by_kind = result.get("attribution_recall_by_kind")
    if by_kind:
        rows.append("attribution recall by kind: "
                    + ", ".join(f"{kind} {value:.3f}" for kind, value in by_kind.items()))
    rows.append(f"({result.get('docs', 0)} documents)")
    return "\n".join(rows)


# --- predictions in memory -----------------------------------------------------------------

def extract_predictions(articles: Iterable[tuple[str, str]], *, nlp: Language | None = None,
                        batch_size: int = 32, on_result: Callable[[], object] | None = None
                        ) -> dict[str, dict[str, Any]]:
    """Run the extractor over ``(doc_id, text)`` pairs; prediction lines keyed by ``doc_id``.

    The lines are those ``claimkit extract`` writes (:func:`claimkit.export.document_line`);
    an article that fails gets ``{"doc_id", "claims": [], "error"}`` and the run goes on.

    Args:
        articles: ``(doc_id, text)`` pairs, e.g. from a gold mapping; ids must be unique.
        nlp: the pipeline; default :func:`claimkit.api.load`.
        batch_size: texts per spaCy batch.
        on_result: called after each article (a progress bar's ``update``).

    Raises:
        ValueError: a ``doc_id`` repeats (one line would silently replace the other in the
            mapping); raised before anything is extracted.
    """
    from claimkit.api import extract_batch, load
    from claimkit.export import document_line

    articles = list(articles)  # the pairs only (references), to check the ids before the work
    seen: set[str] = set()
    for doc_id, _ in articles:
        if doc_id in seen:
            raise ValueError(f"doc_id {doc_id!r} repeats; ids must be unique to be scored")
        seen.add(doc_id)
    # Keyed by the ids given, in order (results come in input order): a result's own
    # doc_id is str(id), which would not find a gold line whose id is a number. An article
    # that fails is an error result; the pipeline's error handler is left as the caller set it.
    results = extract_batch(articles, nlp=nlp or load(), batch_size=batch_size)
    lines = {}
    for (doc_id, _), result in zip(articles, results, strict=True):
        lines[doc_id] = document_line(result.doc_id, result.claims, result.error)
        if on_result is not None:
            on_result()
    return lines
