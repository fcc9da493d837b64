"""The confidence model: the packaged JSON, how it is applied, and how it ranks and calibrates on dev data.

The dev-data tests read ../shared at run time (fixtures in conftest.py) and are skipped
when it is absent; docs/confidence.md has the method and the held-out numbers.
"""

from __future__ import annotations

import ast
import json
import math
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from claimkit import confidence
from claimkit.drafts import Draft
from claimkit.errors import ConfigurationError
from claimkit.lexicon import load_lexicon

MODEL = confidence.load_model()
NAMES = MODEL.feature_names


def _claim(**overrides: float) -> dict[str, float]:
    """A feature dict for "“...,” X said": a direct quote with its cue after it; overrides on top."""
    f = dict.fromkeys(NAMES, 0.0)
    f.update(rule_quote_cue_after=1.0, kind_direct=1.0, has_cue=1.0, cue_say=1.0, has_speaker=1.0,
             speaker_person=1.0, content_chars_log=math.log1p(80), fragments=1.0, cue_gap_log=math.log1p(2),
             speaker_gap_log=math.log1p(1))
    f.update(overrides)
    return f


def _named(**overrides: float) -> dict[str, float]:
    return _claim(resolution_named=1.0, speaker_named=1.0, speaker_words_log=math.log1p(2), **overrides)


def _unresolved_pronoun(**overrides: float) -> dict[str, float]:
    return _claim(resolution_pronoun_unresolved=1.0, speaker_pronoun=1.0, speaker_words_log=math.log1p(1),
                  **overrides)


# --- the packaged model ---------------------------------------------------------------------

def test_model_json_is_package_data_with_every_field() -> None:
    spec = json.loads(resources.files("claimkit").joinpath(confidence.MODEL_RESOURCE).read_text(encoding="utf-8"))
    assert spec["feature_names"], "the model names no features"
    assert set(spec["models"]) == set(confidence.FIELDS)
    for field, model in spec["models"].items():
        assert len(model["weights"]) == len(spec["feature_names"]), f"{field}: one weight per feature"
        assert all(math.isfinite(w) for w in model["weights"])
        assert math.isfinite(model["intercept"])


def test_feature_order_in_json_matches_features() -> None:
    draft = Draft([(0, 40)], "direct", None, "continued_quote", 0)
    keys = list(confidence.features(draft, load_lexicon()))
    assert list(NAMES) == keys, "refit with scripts/fit_confidence.py after changing features()"


@pytest.mark.parametrize("f", [
    dict.fromkeys(NAMES, 0.0),
    dict.fromkeys(NAMES, 1.0),
    dict.fromkeys(NAMES, 25.0),
    {name: -5.0 for name in NAMES},
    _named(),
    _unresolved_pronoun(),
    {},
], ids=["zeros", "ones", "large", "negative", "named", "unresolved-pronoun", "empty"])
def test_probabilities_in_open_interval(f: dict[str, float]) -> None:
    for value in (confidence.claim_confidence(f), confidence.content_confidence(f),
                  confidence.speaker_confidence(f), confidence.relay_confidence(f)):
        assert 0.0 < value < 1.0


def test_unknown_and_missing_features_are_ignored() -> None:
    f = _named()
    assert confidence.claim_confidence({**f, "a_feature_not_in_the_model": 3.0}) == confidence.claim_confidence(f)
    assert 0.0 < confidence.claim_confidence({"rule_quote_cue_after": 1.0}) < 1.0


@pytest.mark.parametrize("rule", ["quote_cue_after", "indirect_clause", "mixed_before"])
def test_unresolved_pronoun_speaker_is_less_confident_than_named(rule: str) -> None:
    kind = {"quote_cue_after": "direct", "indirect_clause": "indirect", "mixed_before": "mixed"}[rule]
    switch = {"rule_quote_cue_after": 0.0, "kind_direct": 0.0, f"rule_{rule}": 1.0, f"kind_{kind}": 1.0}
    named, pronoun = _named(**switch), _unresolved_pronoun(**switch)
    assert confidence.claim_confidence(pronoun) < confidence.claim_confidence(named)
    assert confidence.speaker_confidence(pronoun) < confidence.speaker_confidence(named)


def test_more_informative_than_one_constant() -> None:
    values = {confidence.claim_confidence(f) for f in (_named(), _unresolved_pronoun(), _named(flag_unclosed_quote=1.0),
                                                      _claim(has_speaker=0.0, resolution_none=1.0))}
    assert len(values) == 4


def test_confidence_module_imports_no_numerical_library() -> None:
    """The model is applied with plain Python: confidence.py imports no numpy, scipy or sklearn."""
    tree = ast.parse(Path(confidence.__file__).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {(node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not imported & {"numpy", "scipy", "sklearn"}


# --- on the dev data --------------------------------------------------------------------------

# polnear.dev on its first 100 articles, as the accuracy gate: extraction is shared, and
# 100 articles (~1,400 claims) is plenty for these checks.
DEV_SETS = [("seeds.dev", None), ("ggt.dev", None), ("polnear.dev", 100)]


@pytest.fixture(scope="module")
def dev_confidences(dev_sets: Any, reference_scorer: Any) -> Any:
    """(confidence, attribution correct) of every predicted claim, labelled by the reference scorer."""
    cache: dict[str, list[tuple[float, bool]]] = {}

    def get(name: str, limit: int | None, rules_only: bool = False) -> list[tuple[float, bool]]:
        if name not in cache:
            gold, predicted = dev_sets.gold(name, limit), dev_sets.predictions(name, limit)
            out: list[tuple[float, bool, bool]] = []
            for doc_id, line in gold.items():
                preds = predicted[doc_id]["claims"]
                correct = {i for i, j in reference_scorer.match(line["text"], line["claims"], preds, 0.5)
                           if reference_scorer.speaker_right(preds[i], line["claims"][j])}
                out += [(float(p["confidence"]), i in correct, "learned_attribution" in p["evidence"]["rules"])
                        for i, p in enumerate(preds)]
            cache[name] = out
        return [(c, ok) for c, ok, learned in cache[name] if not (rules_only and learned)]

    return get


def _ece(pairs: list[tuple[float, bool]]) -> float:
    bins: list[list[tuple[float, bool]]] = [[] for _ in range(10)]
    for c, ok in pairs:
        bins[min(9, max(0, int(c * 10)))].append((c, ok))
    return sum(abs(sum(c for c, _ in b) - sum(ok for _, ok in b)) for b in bins) / len(pairs)


@pytest.mark.e2e
@pytest.mark.parametrize(("name", "limit"), DEV_SETS, ids=[name for name, _ in DEV_SETS])
def test_top_half_by_confidence_is_more_precise(name: str, limit: int | None, dev_confidences: Any) -> None:
    pairs = sorted(dev_confidences(name, limit), key=lambda pair: -pair[0])
    assert len(pairs) >= 20, f"{name}: too few claims to compare halves"
    if all(ok for _, ok in pairs):
        pytest.skip(f"{name}: every one of the {len(pairs)} claims is right, so both halves are too")
    half = len(pairs) // 2
    top = sum(ok for _, ok in pairs[:half]) / half
    bottom = sum(ok for _, ok in pairs[half:]) / (len(pairs) - half)
    assert top > bottom, f"{name}: precision of the top half {top:.3f} <= bottom half {bottom:.3f}"


@pytest.mark.e2e
@pytest.mark.parametrize(("name", "limit"), [
    ("ggt.dev", None),
    ("polnear.dev", 100),
    pytest.param("seeds.dev", None, marks=pytest.mark.xfail(
        reason="claimkit's rules were developed on the seed articles, so nearly all its claims there are right "
               "against about three in four on the public sets; the model, fitted on features the public sets "
               "share, is under-confident on them (docs/confidence.md)", strict=False)),
], ids=["ggt.dev", "polnear.dev", "seeds.dev"])
def test_expected_calibration_error(name: str, limit: int | None, dev_confidences: Any) -> None:
    # On ggt.dev the learned stage's claims are nearly all wrong by that corpus's narrower
    # annotation (docs/model-card.md), and nothing in a claim tells the corpora apart: the rules'
    # claims are held to the bound there, all claims on PolNeAR, whose annotation the model learned.
    pairs = dev_confidences(name, limit, rules_only=name == "ggt.dev")
    ece = _ece(pairs)
    assert ece <= 0.08, f"{name}: ECE {ece:.3f} > 0.08 on {len(pairs)} claims; refit with scripts/fit_confidence.py"


@pytest.mark.e2e
def test_seeds_miscalibration_is_underconfidence(dev_confidences: Any) -> None:
    """On seeds.dev the model may be under-confident (see above), never over-confident."""
    pairs = dev_confidences("seeds.dev", None)
    mean_confidence = sum(c for c, _ in pairs) / len(pairs)
    accuracy = sum(ok for _, ok in pairs) / len(pairs)
    assert mean_confidence <= accuracy + 0.02


@pytest.mark.parametrize("f", [_named(), _unresolved_pronoun(), _claim(has_speaker=0.0, resolution_none=1.0),
                               _named(rule_quote_cue_after=0.0, rule_continued_quote=1.0, has_cue=0.0)],
                         ids=["named", "unresolved-pronoun", "no-speaker", "continued"])
def test_claim_confidence_is_content_times_speaker(f: dict[str, float]) -> None:
    claim, content, speaker = (confidence.claim_confidence(f), confidence.content_confidence(f),
                               confidence.speaker_confidence(f))
    assert claim <= content and claim <= speaker
    assert claim == pytest.approx(content * speaker, abs=1e-3)


def test_confidences_in_one_pass_equal_the_single_field_functions():
    from claimkit import confidence

    features = {name: 0.0 for name in confidence.load_model().feature_names}
    features.update({"has_speaker": 1.0, "speaker_named": 1.0})
    together = confidence.confidences(features)
    assert together == {
        "content": confidence.content_confidence(features),
        "speaker": confidence.speaker_confidence(features),
        "relay": confidence.relay_confidence(features),
        "claim": confidence.claim_confidence(features),
    }


# --- validation: the model is checked when it is loaded (issue 12) -----------------------------

def _packaged_spec() -> dict[str, Any]:
    return json.loads(resources.files("claimkit").joinpath(confidence.MODEL_RESOURCE).read_text(encoding="utf-8"))


@pytest.fixture
def model_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A file that load_model() reads instead of the packaged model; write it in the test."""
    path = tmp_path / "confidence_model.json"
    monkeypatch.setattr(confidence, "model_file", lambda: path)
    confidence.load_model.cache_clear()
    yield path
    confidence.load_model.cache_clear()  # the next load_model() reads the packaged model again


def _broken(spec: dict[str, Any], change: str) -> dict[str, Any]:
    models = spec["models"]
    if change == "no-feature-names":
        del spec["feature_names"]
    elif change == "no-models":
        del spec["models"]
    elif change == "no-relay-model":
        del models["relay"]
    elif change == "no-intercept":
        del models["speaker"]["intercept"]
    elif change == "no-weights":
        del models["content"]["weights"]
    elif change == "nan-weight":
        models["content"]["weights"][3] = float("nan")
    elif change == "infinite-intercept":
        models["relay"]["intercept"] = float("inf")
    elif change == "string-weight":
        models["speaker"]["weights"][0] = "0.5"
    elif change == "bool-weight":
        models["speaker"]["weights"][0] = True
    elif change == "weight-missing":
        models["content"]["weights"].pop()
    elif change == "weight-too-many":
        models["content"]["weights"].append(0.0)
    elif change == "unknown-feature-in-weight-dict":
        models["content"]["weights"] = {"not_a_feature": 1.0}
    elif change == "duplicate-feature-name":
        spec["feature_names"][1] = spec["feature_names"][0]
    elif change == "feature-name-not-str":
        spec["feature_names"][0] = 7
    elif change == "calibration-sizes":
        models["content"]["calibration"] = {"x": [0.0, 0.5, 1.0], "y": [0.0, 1.0]}
    elif change == "calibration-unsorted":
        models["content"]["calibration"] = {"x": [0.0, 0.7, 0.5], "y": [0.0, 0.5, 1.0]}
    else:
        raise AssertionError(change)
    return spec


BROKEN = {  # change -> a word the message must contain, naming what is wrong
    "no-feature-names": "feature_names", "no-models": "models", "no-relay-model": "relay",
    "no-intercept": "intercept", "no-weights": "weights", "nan-weight": "nan", "infinite-intercept": "inf",
    "string-weight": "'0.5'", "bool-weight": "True", "weight-missing": f"{len(NAMES) - 1} weights",
    "weight-too-many": f"{len(NAMES) + 1} weights",
    "unknown-feature-in-weight-dict": "not_a_feature", "duplicate-feature-name": "more than once",
    "feature-name-not-str": "feature_names", "calibration-sizes": "calibration",
    "calibration-unsorted": "calibration",
}


def _load_fails(path: Path, names: str) -> ConfigurationError:
    with pytest.raises(ConfigurationError, match=r"^\[E004\]") as caught:
        confidence.load_model()
    message = str(caught.value)
    assert str(path) in message, message
    assert names in message, message
    assert "reinstall claimkit" in message and "scripts/fit_confidence.py" in message  # the two fixes
    return caught.value


def test_a_valid_copy_loads_and_scores_as_the_packaged_model(model_path: Path) -> None:
    model_path.write_text(json.dumps(_packaged_spec()), encoding="utf-8")
    loaded = confidence.load_model()
    assert loaded is not MODEL
    assert loaded.feature_names == MODEL.feature_names
    for f in (_named(), _unresolved_pronoun(), {}):
        for field in (*confidence.FIELDS, "claim"):
            assert loaded(field, f) == MODEL(field, f)


@pytest.mark.parametrize("change", list(BROKEN))
def test_broken_model_is_refused_with_what_is_wrong(model_path: Path, change: str) -> None:
    model_path.write_text(json.dumps(_broken(_packaged_spec(), change)), encoding="utf-8")
    _load_fails(model_path, BROKEN[change])


def test_truncated_json_names_the_line(model_path: Path) -> None:
    text = json.dumps(_packaged_spec(), indent=1)
    model_path.write_text(text[: len(text) // 2], encoding="utf-8")
    _load_fails(model_path, "line ")


@pytest.mark.parametrize("content", [b"", b"[1, 2, 3]", b"null", b"\xff\xfe{}"], ids=["empty", "list", "null", "utf16"])
def test_not_a_model_at_all(model_path: Path, content: bytes) -> None:
    model_path.write_bytes(content)
    _load_fails(model_path, "")


def test_a_refused_model_is_not_cached(model_path: Path) -> None:
    model_path.write_text("{", encoding="utf-8")
    _load_fails(model_path, "")
    model_path.write_text(json.dumps(_packaged_spec()), encoding="utf-8")
    assert confidence.load_model().feature_names == MODEL.feature_names


def test_a_missing_model_still_warns_and_gives_one_half(model_path: Path) -> None:
    """The first fit runs claimkit before any model exists: that stays a warning, not an error."""
    with pytest.warns(RuntimeWarning, match="missing"):
        model = confidence.load_model()
    assert model("content", _named()) == 0.5


def test_a_broken_model_fails_when_the_pipe_is_added(model_path: Path) -> None:
    import spacy

    model_path.write_text(json.dumps(_broken(_packaged_spec(), "nan-weight")), encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"^\[E004\]"):
        spacy.blank("en").add_pipe("claimkit")
