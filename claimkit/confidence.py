"""The one place where confidences are composed.

The stages record what they did on each draft claim (which rule fired, how the speaker was
resolved, the cue, quote flags); :func:`features` turns that into a flat dict of numbers,
kept on every claim as ``claim.evidence.features``. Small logistic models map the features
to probabilities:

* ``content``: the claim's content is found, i.e. an annotated claim covers it (character
  Jaccard >= 0.5, the reference scorer's matching) (``Claim.content_confidence``);
* ``speaker``: its speaker is right, given that the content is found (``Speaker.confidence``);
* ``relay``: its relay chain is right, given that the content is found and a relay was
  predicted (``Source.confidence``).

``Claim.confidence`` is the probability that the claim is right end to end, content found
*and* speaker right: by the chain rule, content × speaker. It is never above either.

The weights are fitted on the dev data by ``scripts/fit_confidence.py`` and shipped as
package data (``claimkit/data/confidence_model.json``); docs/confidence.md gives the method,
the split and the calibration measured on held-out articles. Applying them is plain Python
arithmetic: nothing heavier than :mod:`math` is imported at run time.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
import math
import warnings
from collections.abc import Mapping, Sequence
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimkit import errors, rules

if TYPE_CHECKING:
    from claimkit.drafts import Draft
    from claimkit.lexicon import Lexicon

MODEL_RESOURCE = "data/confidence_model.json"
FIELDS = ("content", "speaker", "relay")  # the fitted models; "claim" is content x speaker

# The one-hot vocabularies of rules come from the registry (claimkit.rules): one feature per
# rule of the "claim" stage and per rule of the "resolution" stage. A rule registered after
# the last fit has a feature but no weight until the model is refitted.
KINDS = ("direct", "indirect", "mixed")
SPEAKER_KINDS = ("person", "organization", "group", "document")
QUOTE_FLAGS = ("unclosed_quote", "continued_quote", "mismatched_marks")
# The most frequent cue words, each with a weight of its own: "say" and "add" almost always
# introduce a claim as annotators mark it, "call" and "show" far less often. Others share
# the stance and belief features. Feature names of the fitted model, not lexicon data:
# changing them needs a refit (scripts/fit_confidence.py).
CUE_LEMMAS = ("say", "tell", "add", "write", "show", "call", "ask", "suggest", "argue", "note", "find", "report",
              "tweet", "claim", "announce", "think", "believe")

# A claim (content, cue and speaker together) covering at least this share of its
# paragraph's characters is the paragraph: "X said Y." standing alone.
_WHOLE_PARAGRAPH = 0.9
# At most this many characters between cue and content (a comma and a space, a quote mark).
_ADJACENT = 3

# Probabilities are kept off 0 and 1: no rule is ever certain.
_FLOOR, _CEILING = 0.001, 0.999


def _log_gap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """log(1 + characters between two ranges); 0 when they touch or overlap."""
    gap = max(0, max(a[0], b[0]) - min(a[1], b[1]))
    return math.log1p(gap)


def features(draft: Draft, lexicon: Lexicon, paragraph: tuple[int, int] | None = None) -> dict[str, float]:
    """Numeric features of a draft claim, recorded on the claim's evidence.

    Cheap by design: one pass over what the draft already holds, no parse walking.
    ``paragraph`` is the character range of the draft's paragraph; without it the
    paragraph features are 0. The keys come in alphabetical order: the order
    ``Evidence.features`` stores them in and the order of ``feature_names`` in the fitted model.
    """
    cue = draft.cue
    mention = draft.mention
    entity = draft.entity
    content = (draft.start, draft.end)
    content_chars = sum(max(0, e - s) for s, e in draft.fragments)
    out: dict[str, float] = {}
    for rule in rules.names("claim"):
        out[f"rule_{rule}"] = float(draft.rule == rule)
    for resolution in rules.names("resolution"):
        out[f"resolution_{resolution}"] = float(draft.resolution == resolution)
    for kind in KINDS:
        out[f"kind_{kind}"] = float(draft.kind == kind)
    # The learned stage's own probability, as log-odds (0 for the rules' drafts, which the
    # rule one-hots above tell apart).
    p = draft.learned_probability
    out["learned_log_odds"] = math.log(p / (1 - p)) if p is not None and 0 < p < 1 else 0.0

    # The cue: which word, what it commits the speaker to, where it stands.
    out["has_cue"] = float(cue is not None)
    lemma = cue.lemma if cue is not None else None
    for word in CUE_LEMMAS:
        out[f"cue_{word}"] = float(lemma == word)
    out["cue_belief"] = float(cue is not None and cue.lemma in lexicon.belief_verbs)
    stance = lexicon.stance(cue.lemma) if cue is not None else "neutral"
    out["cue_assertive"] = float(stance == "assertive")
    out["cue_distancing"] = float(stance == "distancing")
    out["cue_colon"] = float(cue is not None and cue.shape == "colon")
    cue_range = (cue.span.start_char, cue.span.end_char) if cue is not None else None
    out["cue_inside_content"] = float(cue_range is not None and content[0] <= cue_range[0] < content[1])
    out["cue_gap_log"] = _log_gap(cue_range, content) if cue_range is not None else 0.0
    out["cue_adjacent"] = float(cue_range is not None
                                and max(cue_range[0], content[0]) - min(cue_range[1], content[1]) <= _ADJACENT)

    # The speaker: how it is written, what it is, how it was resolved.
    out["has_speaker"] = float(mention is not None)
    out["speaker_pronoun"] = float(mention is not None and mention.pronoun is not None)
    out["speaker_anonymous"] = float(mention is not None and (mention.anonymous or bool(entity and entity.anonymous)))
    out["speaker_named"] = float(mention is not None and bool((entity and entity.name) or mention.name))
    speaker_kind = None
    if mention is not None:
        speaker_kind = entity.kind if entity is not None and mention.pronoun else mention.kind
    for kind in SPEAKER_KINDS:
        out[f"speaker_{kind}"] = float(speaker_kind == kind)
    out["speaker_words_log"] = math.log1p(len(mention.span)) if mention is not None else 0.0
    # "Justin Trudeau said" rather than "Trudeau said" or "the minister said".
    out["speaker_full_name"] = float(mention is not None and mention.kind == "person" and sum(
        1 for t in mention.span if t.pos_ == "PROPN" and t.text[:1].isupper()) >= 2)
    mention_range = (mention.span.start_char, mention.span.end_char) if mention is not None else None
    out["speaker_inside_content"] = float(mention_range is not None and content[0] <= mention_range[0] < content[1])
    out["speaker_gap_log"] = (_log_gap(mention_range, cue_range)
                              if mention_range is not None and cue_range is not None else 0.0)

    # The content: its size, its pieces, the state of its quotation marks.
    out["content_chars_log"] = math.log1p(content_chars)
    out["fragments"] = float(len(draft.fragments))
    for flag in QUOTE_FLAGS:
        out[f"flag_{flag}"] = float(flag in draft.flags)
    # Whether, not how many: two relays are as rare in the dev data as they are in news, and a
    # count would let a linear model extrapolate a second relay into a doubled penalty.
    out["has_relay"] = float(bool(draft.via))

    # The paragraph: how much of it the claim takes (cue and speaker included), and whether
    # the content opens it. A claim that is its paragraph is the typical attribution.
    share, first = 0.0, False
    if paragraph is not None and paragraph[1] > paragraph[0]:
        spans = [content, *(r for r in (cue_range, mention_range) if r is not None)]
        extent = max(e for _, e in spans) - min(s for s, _ in spans)
        share = min(1.0, extent / (paragraph[1] - paragraph[0]))
        first = content[0] - paragraph[0] <= 2
    out["paragraph_share"] = share
    out["paragraph_whole"] = float(share >= _WHOLE_PARAGRAPH)
    out["paragraph_first"] = float(first)
    return dict(sorted(out.items()))


# --- the fitted model -------------------------------------------------------------------------

class FieldModel:
    """One logistic model, optionally followed by a piecewise-linear (isotonic) calibration map."""

    def __init__(self, spec: Mapping[str, Any], feature_names: Sequence[str]) -> None:
        weights = spec.get("weights", {})
        if isinstance(weights, Mapping):
            self.weights = [(name, float(weights[name])) for name in feature_names if weights.get(name)]
        else:  # a list in feature_names order
            self.weights = [(name, float(w)) for name, w in zip(feature_names, weights, strict=True) if w]
        self.intercept = float(spec.get("intercept", 0.0))
        calibration = spec.get("calibration") or {}
        self.knots_x = [float(v) for v in calibration.get("x", [])]
        self.knots_y = [float(v) for v in calibration.get("y", [])]

    def logit(self, f: Mapping[str, float]) -> float:
        return self.intercept + sum(w * float(f.get(name, 0.0)) for name, w in self.weights)

    def probability(self, f: Mapping[str, float]) -> float:
        z = self.logit(f)
        p = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
        if self.knots_x:
            p = _interpolate(self.knots_x, self.knots_y, p)
        return p


def _interpolate(xs: Sequence[float], ys: Sequence[float], x: float) -> float:
    if x <= xs[0]:
        return ys[0]
    if x >= xs[-1]:
        return ys[-1]
    i = bisect.bisect_right(xs, x)
    x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
    return y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)


class ConfidenceModel:
    """The fitted models of every field, read from the package's JSON."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        self.spec = spec
        self.feature_names: tuple[str, ...] = tuple(spec["feature_names"])
        self.fields = {name: FieldModel(spec["models"][name], self.feature_names) for name in FIELDS}

    def probability(self, field: str, f: Mapping[str, float]) -> float:
        """The unrounded probability of ``field`` ("claim" or one of :data:`FIELDS`)."""
        if field == "claim":
            return self.fields["content"].probability(f) * self.fields["speaker"].probability(f)
        return self.fields[field].probability(f)

    def __call__(self, field: str, f: Mapping[str, float]) -> float:
        """The probability of ``field``, kept within [0.001, 0.999] and rounded to 4 places."""
        return round(min(_CEILING, max(_FLOOR, self.probability(field, f))), 4)


# Used only when the package data is missing (a broken install, or the very first fit):
# every probability is 0.5, and a warning says so.
_NEUTRAL: dict[str, Any] = {"feature_names": [], "models": {name: {"weights": {}, "intercept": 0.0} for name in FIELDS}}


def model_file() -> Traversable:
    """Where :func:`load_model` reads the model: the package's ``data/confidence_model.json``."""
    return resources.files("claimkit").joinpath(MODEL_RESOURCE)


@functools.lru_cache(maxsize=1)
def load_model() -> ConfidenceModel:
    """The packaged model, read and checked once per process.

    The pipeline loads it when it is built (``claimkit.load()``, ``nlp.add_pipe("claimkit")``),
    so a damaged model is reported there rather than at the first claim.

    Raises:
        ConfigurationError: [E004] the file is not a usable model (see :func:`read_model`).
    """
    path = model_file()
    if not path.is_file():
        warnings.warn(f"claimkit: {MODEL_RESOURCE} is missing; every confidence is 0.5 "
                      "(run scripts/fit_confidence.py)", RuntimeWarning, stacklevel=2)
        return ConfidenceModel(_NEUTRAL)
    return read_model(path)


def read_model(path: Traversable | Path) -> ConfidenceModel:
    """A model read from a JSON file, checked before use.

    Raises:
        ConfigurationError: [E004] the file is not UTF-8 JSON, or lacks a key the models need
            (``feature_names``, ``models`` with ``content``, ``speaker`` and ``relay``, each
            with ``weights`` and ``intercept``), or a weight is not a finite number, or the
            sizes disagree (one weight per feature name, calibration knots in pairs).
    """
    try:
        spec = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as error:
        raise errors.bad_confidence_model(str(path), f"it is not UTF-8 text ({error.reason})") from None
    except json.JSONDecodeError as error:
        raise errors.bad_confidence_model(
            str(path), f"it is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})") from None
    problem = _model_problem(spec)
    if problem is not None:
        raise errors.bad_confidence_model(str(path), problem)
    return ConfidenceModel(spec)


def _is_number(value: object) -> bool:
    """A finite int or float (JSON true/false are not numbers here; NaN and Infinity are not finite)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _numbers_problem(where: str, values: object, names: Sequence[str] | None = None) -> str | None:
    """What is wrong with a JSON list of numbers, or None."""
    if not isinstance(values, list):
        return f"{where} is a {type(values).__name__}, not a list of numbers"
    for i, value in enumerate(values):
        if not _is_number(value):
            label = f"{where}[{i}]" + (f" ({names[i]})" if names is not None and i < len(names) else "")
            return f"{label} is {value!r}, not a finite number"
    return None


def _model_problem(spec: object) -> str | None:
    """What makes ``spec`` (parsed JSON) unusable as a :class:`ConfidenceModel`, or None."""
    if not isinstance(spec, dict):
        return f"the top level is a {type(spec).__name__}, not an object"
    for key in ("feature_names", "models"):
        if key not in spec:
            return f"the key {key!r} is missing"
    names = spec["feature_names"]
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        return "feature_names is not a list of non-empty strings"
    if len(set(names)) != len(names):
        twice = next(n for n in names if names.count(n) > 1)
        return f"feature_names lists {twice!r} more than once"
    models = spec["models"]
    if not isinstance(models, dict):
        return f"models is a {type(models).__name__}, not an object"
    for name in FIELDS:
        where = f"models.{name}"
        model = models.get(name)
        if model is None:
            return f"the key {where!r} is missing"
        if not isinstance(model, dict):
            return f"{where} is a {type(model).__name__}, not an object"
        for key in ("weights", "intercept"):
            if key not in model:
                return f"the key '{where}.{key}' is missing"
        weights = model["weights"]
        if isinstance(weights, dict):
            unknown = [n for n in weights if n not in names]
            if unknown:
                return f"{where}.weights names {unknown[0]!r}, which is not in feature_names"
            bad = next((n for n, w in weights.items() if not _is_number(w)), None)
            if bad is not None:
                return f"{where}.weights[{bad!r}] is {weights[bad]!r}, not a finite number"
        else:
            problem = _numbers_problem(f"{where}.weights", weights, names)
            if problem is not None:
                return problem
            if len(weights) != len(names):
                return f"{where}.weights has {len(weights)} weights for {len(names)} feature_names"
        if not _is_number(model["intercept"]):
            return f"{where}.intercept is {model['intercept']!r}, not a finite number"
        problem = _calibration_problem(f"{where}.calibration", model.get("calibration"))
        if problem is not None:
            return problem
    return None


def _calibration_problem(where: str, calibration: object) -> str | None:
    """What is wrong with an optional calibration map {"x": [...], "y": [...]}, or None."""
    if not calibration:
        return None
    if not isinstance(calibration, dict):
        return f"{where} is a {type(calibration).__name__}, not an object"
    xs, ys = calibration.get("x", []), calibration.get("y", [])
    problem = _numbers_problem(f"{where}.x", xs) or _numbers_problem(f"{where}.y", ys)
    if problem is not None:
        return problem
    if len(xs) != len(ys):
        return f"{where} has {len(xs)} x knots and {len(ys)} y knots"
    if any(b < a for a, b in itertools.pairwise(xs)):
        return f"{where}.x is not in ascending order"
    if any(not 0.0 <= y <= 1.0 for y in ys):
        return f"{where}.y has a value outside [0, 1]"
    return None


def confidences(f: Mapping[str, float]) -> dict[str, float]:
    """Every field's probability for one claim, each model evaluated once: ``content``,
    ``speaker``, ``relay`` and ``claim`` (= content x speaker), clamped and rounded as the
    single-field functions below."""
    model = load_model()
    content = model.fields["content"].probability(f)
    speaker = model.fields["speaker"].probability(f)
    return {name: round(min(_CEILING, max(_FLOOR, p)), 4) for name, p in (
        ("content", content), ("speaker", speaker), ("relay", model.fields["relay"].probability(f)),
        ("claim", content * speaker))}


def content_confidence(f: Mapping[str, float]) -> float:
    """P(the content is found): an annotated claim covers it (character Jaccard >= 0.5)."""
    return load_model()("content", f)


def speaker_confidence(f: Mapping[str, float]) -> float:
    """P(the speaker is right | the content is found)."""
    return load_model()("speaker", f)


def relay_confidence(f: Mapping[str, float]) -> float:
    """P(the relay chain is right | the content is found and relays were predicted)."""
    return load_model()("relay", f)


def claim_confidence(f: Mapping[str, float]) -> float:
    """P(the claim is right end to end: content found and speaker right) = content x speaker."""
    return load_model()("claim", f)
