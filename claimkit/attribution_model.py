"""The learned attribution model: logistic weights over named candidate features.

It says how likely a candidate (:mod:`claimkit.candidates`) is an attribution an annotator
would mark, from the features of :mod:`claimkit.candidate_features`. Training
(:mod:`claimkit.attribution_training`, ``make train``) writes it as JSON, shipped as package
data (``claimkit/data/attribution_model.json``); docs/model-card.md says what it was trained
on and how well it does. Applying it is a sum of weights: no machine-learning library is
imported at run time.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from attrs import frozen

from claimkit import errors

MODEL_RESOURCE = "data/attribution_model.json"
FORMAT = "claimkit.attribution_model.v1"


@frozen
class AttributionModel:
    """Weights per feature name, an intercept, and the probability a candidate needs.

    Attributes:
        weights: feature name -> weight; a feature the model never saw weighs 0.
        intercept: the log-odds of a candidate with no known feature.
        threshold: the probability at or above which a candidate becomes a claim.
        about: what training recorded (data, seed, held-out scores), for the model card.
    """

    weights: dict[str, float]
    intercept: float
    threshold: float
    about: dict[str, Any]

    def probability(self, features: Iterable[str]) -> float:
        """The probability that a candidate with these (binary) features is an attribution."""
        weights = self.weights
        z = self.intercept + sum(weights.get(name, 0.0) for name in features)
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "threshold": self.threshold, "intercept": self.intercept,
                "about": self.about, "weights": dict(sorted(self.weights.items()))}


def model_file() -> Traversable:
    """Where :func:`load_model` reads the model: the package's ``data/attribution_model.json``."""
    return resources.files("claimkit").joinpath(MODEL_RESOURCE)


@functools.lru_cache(maxsize=1)
def load_model() -> AttributionModel:
    """The packaged model, read and checked once per process.

    Raises:
        ConfigurationError: [E004] the file is missing or not a usable model (:func:`read_model`).
    """
    path = model_file()
    if not path.is_file():
        raise errors.bad_attribution_model(MODEL_RESOURCE, "the file is missing")
    return read_model(path)


def read_model(path: Traversable | Path) -> AttributionModel:
    """A model read from a JSON file, checked before use.

    Raises:
        ConfigurationError: [E004] the file is not UTF-8 JSON of this format, or a weight, the
            intercept or the threshold is not a finite number (the threshold within 0..1).
    """
    try:
        spec = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as error:
        raise errors.bad_attribution_model(str(path), f"it cannot be read ({error.strerror or error})") from None
    except UnicodeDecodeError as error:
        raise errors.bad_attribution_model(str(path), f"it is not UTF-8 text ({error.reason})") from None
    except json.JSONDecodeError as error:
        raise errors.bad_attribution_model(
            str(path), f"it is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})") from None
    problem = _problem(spec)
    if problem is not None:
        raise errors.bad_attribution_model(str(path), problem)
    return AttributionModel({str(k): float(v) for k, v in spec["weights"].items()}, float(spec["intercept"]),
                            float(spec["threshold"]), dict(spec.get("about") or {}))


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _problem(spec: object) -> str | None:
    """What makes ``spec`` (parsed JSON) unusable as a model, or None."""
    if not isinstance(spec, dict):
        return f"the top level is a {type(spec).__name__}, not an object"
    if spec.get("format") != FORMAT:
        return f"its format is {spec.get('format')!r}, not {FORMAT!r}"
    weights = spec.get("weights")
    if not isinstance(weights, dict):
        return "weights is not an object of feature name -> number"
    bad = next((name for name, value in weights.items() if not _is_number(value)), None)
    if bad is not None:
        return f"the weight of {bad!r} is {weights[bad]!r}, not a finite number"
    if not isinstance(spec.get("about", {}), dict):
        return "about is not an object"
    if not _is_number(spec.get("intercept")):
        return f"intercept is {spec.get('intercept')!r}, not a finite number"
    threshold = spec.get("threshold")
    if not isinstance(threshold, (int, float)) or not _is_number(threshold) or not 0.0 <= threshold <= 1.0:
        return f"threshold is {threshold!r}, not a number from 0 to 1"
    return None
