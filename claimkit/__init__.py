"""claimkit: who said what, citing whom — attributed claims from news articles, on spaCy.

>>> import claimkit
>>> claims = claimkit.extract("“We will win,” the minister said.")  # doctest: +SKIP

The public names are imported on first use (PEP 562), so ``import claimkit.claims`` (the
result types) or ``import claimkit.errors`` does not load spaCy. Anything that uses spaCy
(``extract``, ``load``, ``add_claimkit``, ...) imports :mod:`claimkit.component`, which
registers the ``claimkit`` and ``claimkit_paragraphs`` factories and the ``Doc._.claims``
extensions; ``nlp.add_pipe("claimkit")`` and ``spacy.load`` find the factories through their
entry points without importing claimkit at all.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what mypy and IDEs see; at run time __getattr__ below imports them on demand
    from claimkit.api import Result, add_claimkit, extract, extract_batch, load, speakers
    from claimkit.claims import Claim, Cue, Evidence, Source, Speaker, SpeakerEntity, TextSpan
    from claimkit.errors import (
        ArgumentError,
        ClaimkitError,
        ClaimkitWarning,
        ConfigurationError,
        ConfigurationTypeError,
        ExtractionError,
        InputTypeError,
        ModelNotFoundError,
        UnparsedDocError,
    )
    from claimkit.export import claim_to_json, document_line
    from claimkit.tables import to_arrow, to_frame, to_records
    from claimkit.viz import Rendering, render

    __version__: str

__all__ = [
    "ArgumentError",
    "Claim",
    "ClaimkitError",
    "ClaimkitWarning",
    "ConfigurationError",
    "ConfigurationTypeError",
    "Cue",
    "Evidence",
    "ExtractionError",
    "InputTypeError",
    "ModelNotFoundError",
    "Rendering",
    "Result",
    "Source",
    "Speaker",
    "SpeakerEntity",
    "TextSpan",
    "UnparsedDocError",
    "add_claimkit",
    "claim_to_json",
    "document_line",
    "extract",
    "extract_batch",
    "load",
    "render",
    "speakers",
    "to_arrow",
    "to_frame",
    "to_records",
]

# Where each public name lives. Keep in step with __all__ and the TYPE_CHECKING imports
# (tests/test_imports.py checks that every name resolves).
_EXPORTS: dict[str, str] = {
    **dict.fromkeys(["Result", "add_claimkit", "extract", "extract_batch", "load", "speakers"], "claimkit.api"),
    **dict.fromkeys(["Claim", "Cue", "Evidence", "Source", "Speaker", "SpeakerEntity", "TextSpan"], "claimkit.claims"),
    **dict.fromkeys(["ArgumentError", "ClaimkitError", "ClaimkitWarning", "ConfigurationError",
                     "ConfigurationTypeError", "ExtractionError", "InputTypeError", "ModelNotFoundError",
                     "UnparsedDocError"], "claimkit.errors"),
    **dict.fromkeys(["claim_to_json", "document_line"], "claimkit.export"),
    **dict.fromkeys(["to_arrow", "to_frame", "to_records"], "claimkit.tables"),
    **dict.fromkeys(["Rendering", "render"], "claimkit.viz"),
}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("claimkit")
    except PackageNotFoundError:  # a source tree on sys.path, never installed
        return "0+unknown"


def _lazy_attribute(name: str) -> object:
    """The public name ``name``, imported from its module on first access and then cached."""
    if name == "__version__":
        value: object = _version()
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # later lookups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, "__version__"})


class _Package(types.ModuleType):
    """The package's module type: keeps a submodule from hiding the public name it shares.

    Loading a submodule binds it on its package (``claimkit.speakers`` = the module), which
    would hide :func:`claimkit.speakers` (from :mod:`claimkit.api`) whenever the submodule was
    loaded first. ``sys.modules`` still holds every submodule, so ``from claimkit.speakers
    import x`` is unaffected.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name in _EXPORTS and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


# Defined outside mypy's view: a module __getattr__ would make every misspelt claimkit.X an Any
# instead of an error.
if not TYPE_CHECKING:
    __getattr__ = _lazy_attribute

sys.modules[__name__].__class__ = _Package
