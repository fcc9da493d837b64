"""claimkit: who said what, citing whom — attributed claims from news articles, on spaCy.

>>> import claimkit
>>> claims = claimkit.extract("“We will win,” the minister said.")  # doctest: +SKIP
"""

from claimkit import component as _component  # noqa: F401  (registers the spaCy factories)
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
__version__ = "0.1.0"
