"""Claims as a table: one row per claim, one fixed column set, for pandas, Arrow, CSV and Parquet.

:func:`to_records` gives the rows as plain dicts (no third-party library needed),
:func:`to_frame` a pandas ``DataFrame`` and :func:`to_arrow` a ``pyarrow.Table``; all three have
exactly the columns of :data:`COLUMNS`, in that order. pandas and pyarrow come with the
``tables`` extra (``pip install 'claimkit[tables]'``) and are imported only when used.

Each accepts the claims of one article (``list[Claim]``), the results of a batch
(``list[Result]``, or the iterator :func:`claimkit.extract_batch` returns), a mapping
``{doc_id: list[Claim]}``, or the claim lists of :func:`claimkit.extract` over many texts
(``doc_id`` "0", "1", ... in input order, as ``extract`` numbers them).

The columns (docs/format.md, "Tables"):

* ``doc_id``: the article's id; null for a bare ``list[Claim]`` unless ``doc_id=`` is given.
* ``claim_index``: the claim's position among its article's claims, from 0.
* ``kind``: "direct", "indirect" or "mixed".
* ``content``, ``content_start``, ``content_end``: the covering content span (for a split
  quote it runs across the cue: "A," she said, "B").
* ``text``: what was said, the fragments joined with " … " (:attr:`claimkit.Claim.text`).
* ``content_fragments``: the fragments as a list of ``{"start", "end", "text"}`` (pandas:
  Python lists; Arrow and Parquet: a list of structs; CSV: JSON text).
* ``cue``, ``cue_lemma``, ``cue_stance``: the cue's text, lemma and stance; null without a cue.
* ``speaker``, ``speaker_start``, ``speaker_end``: the speaker mention as written; null without one.
* ``speaker_name``, ``speaker_kind``, ``speaker_role``: resolved name, kind and role, or null.
* ``speaker_entity_id``: the speaker's entity in its article's table; ``speaker_gender`` and
  ``speaker_gender_source`` ("text" or "name"): a person's gender and where it comes from.
* ``source``: who the claim is counted under across all the rows of one call: the resolved
  name made canonical across articles ("Donald J. Trump", "Donald Trump" and a bare "Trump"
  are one, :mod:`claimkit.canonical`), else the mention as written; null with no speaker or
  with a pronoun that could not be resolved ("they", "it"). The streaming CSV writer of
  ``claimkit extract`` sees one article at a time: there it is canonical within the article
  (the Parquet writer, which writes at the end, makes it canonical across the corpus).
* ``anonymous``: a deliberately unnamed source.
* ``via``: relay names joined with " <- ", innermost first; "" without a relay.
* ``confidence``, ``content_confidence``, ``speaker_confidence`` (null without a speaker).
* ``rule``, ``rules``, ``flags``: the rule that made the claim, every rule that made and shaped
  it (stage order) and its flags, each list joined with single spaces; "" when empty.

An article that failed (a :class:`~claimkit.Result` with ``error``) or has no claims gives no row.

For CSV meant for a spreadsheet, :func:`spreadsheet_safe` neutralises text cells that a
spreadsheet would run as a formula (``claimkit extract --format csv`` applies it unless
``--raw-cells`` is given); the records themselves, Arrow and Parquet are typed data and
keep every value as it was.
"""

from __future__ import annotations

import importlib
import itertools
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, TYPE_CHECKING, Any

from claimkit.api import Result, is_pandas_series
from claimkit.canonical import PRONOUNS, CanonicalNames
from claimkit.claims import Claim

if TYPE_CHECKING:
    import pandas
    import pyarrow

VIA_SEPARATOR = " <- "
FLAG_SEPARATOR = " "

# name -> (pandas dtype, pyarrow type constructor, may be null). The one definition of the table.
_SPEC: dict[str, tuple[str, str, bool]] = {
    "doc_id": ("string", "string", True),
    "claim_index": ("int64", "int64", False),
    "kind": ("string", "string", False),
    "content": ("string", "string", False),
    "content_start": ("int64", "int64", False),
    "content_end": ("int64", "int64", False),
    "text": ("string", "string", False),
    "content_fragments": ("object", "fragments", False),
    "cue": ("string", "string", True),
    "cue_lemma": ("string", "string", True),
    "cue_stance": ("string", "string", True),
    "speaker": ("string", "string", True),
    "speaker_start": ("Int64", "int64", True),
    "speaker_end": ("Int64", "int64", True),
    "speaker_name": ("string", "string", True),
    "speaker_kind": ("string", "string", True),
    "speaker_role": ("string", "string", True),
    "speaker_entity_id": ("Int64", "int64", True),
    "speaker_gender": ("string", "string", True),
    "speaker_gender_source": ("string", "string", True),
    "source": ("string", "string", True),
    "anonymous": ("bool", "bool_", False),
    "via": ("string", "string", False),
    "confidence": ("float64", "float64", False),
    "content_confidence": ("float64", "float64", False),
    "speaker_confidence": ("Float64", "float64", True),
    "rule": ("string", "string", False),
    "rules": ("string", "string", False),
    "flags": ("string", "string", False),
}

COLUMNS: tuple[str, ...] = tuple(_SPEC)
"""The column names of every table claimkit makes, in order."""

PANDAS_DTYPES: dict[str, str] = {name: spec[0] for name, spec in _SPEC.items()}
"""The pandas dtype of each column: ``"string"``, ``"int64"``, ``"Int64"`` (nullable), ``"bool"``, ..."""

# A text cell starting with one of these is run as a formula by Excel, LibreOffice or Google
# Sheets (OWASP, "CSV Injection"): "=HYPERLINK(...)", "+cmd|...", "-2+3", "@SUM(...)", or
# one of these after a tab or carriage return.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_ESCAPE = "'"

Claims = Iterable[Claim] | Iterable[Result] | Iterable[Iterable[Claim]] | Mapping[str, Iterable[Claim]]


def require(module: str) -> Any:
    """``module`` (pandas, pyarrow, pyarrow.parquet) imported, or an ImportError naming the extra."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(
            f"claimkit's tables need {module.partition('.')[0]}, which is not installed: "
            "pip install 'claimkit[tables]' (pandas and pyarrow)."
        ) from error


def _articles(data: Claims, doc_id: str | None) -> Iterator[tuple[str | None, Iterable[Claim]]]:
    """``(doc_id, claims)`` per article of any accepted input; the first item decides the kind."""
    if isinstance(data, Mapping) or is_pandas_series(data):
        # A mapping, or a pandas Series of claim lists (claimkit.extract over a Series): the
        # key or index label is the article's doc_id.
        for key, claims in data.items():  # type: ignore[union-attr]
            yield str(key), claims
        return
    if isinstance(data, (str, bytes, Claim, Result)) or not isinstance(data, Iterable):
        raise TypeError(_bad_input(data))
    items = iter(data)
    first = next(items, None)
    if first is None:
        return
    if isinstance(first, Claim):
        claims = [first, *items]
        odd = next((c for c in claims if not isinstance(c, Claim)), None)
        if odd is not None:
            raise TypeError(f"{_bad_input(odd)} A list of claims cannot mix in other items.")
        yield doc_id, claims
    elif isinstance(first, Result):
        for item in itertools.chain([first], items):
            if not isinstance(item, Result):
                raise TypeError(f"{_bad_input(item)} A list of results cannot mix in other items.")
            yield item.doc_id, item.claims
    else:
        for position, item in enumerate(itertools.chain([first], items)):
            if isinstance(item, (str, bytes, Mapping)) or not isinstance(item, Iterable):
                raise TypeError(_bad_input(item))
            yield str(position), item


def _bad_input(value: object) -> str:
    return (f"claimkit tables got {type(value).__name__}; they accept a list of Claim (one article), "
            "a list of Result (claimkit.extract_batch), a dict of doc_id -> list of Claim, "
            "or the claim lists of claimkit.extract over many texts.")


def _row(doc_id: str | None, index: int, claim: Claim) -> dict[str, Any]:
    if not isinstance(claim, Claim):
        raise TypeError(_bad_input(claim))
    content, cue, speaker, evidence = claim.content, claim.cue, claim.speaker, claim.evidence
    # `is not None` throughout, not truthiness: an empty TextSpan (len 0) is falsy.
    mention = speaker.mention if speaker is not None else None
    return {
        "doc_id": doc_id,
        "claim_index": index,
        "kind": claim.kind,
        "content": content.text,
        "content_start": content.start,
        "content_end": content.end,
        "text": claim.text,
        "content_fragments": [{"start": f.start, "end": f.end, "text": f.text} for f in claim.fragments],
        "cue": cue.span.text if cue is not None else None,
        "cue_lemma": cue.lemma if cue is not None else None,
        "cue_stance": cue.stance if cue is not None else None,
        "speaker": mention.text if mention is not None else None,
        "speaker_start": mention.start if mention is not None else None,
        "speaker_end": mention.end if mention is not None else None,
        "speaker_name": speaker.name if speaker is not None else None,
        "speaker_kind": speaker.kind if speaker is not None else None,
        "speaker_role": speaker.role if speaker is not None else None,
        "speaker_entity_id": speaker.entity_id if speaker is not None else None,
        "speaker_gender": speaker.gender if speaker is not None else None,
        "speaker_gender_source": speaker.gender_source if speaker is not None else None,
        "source": None,  # filled in over all the rows: see with_sources
        "anonymous": bool(speaker is not None and speaker.anonymous),
        "via": VIA_SEPARATOR.join(source.name for source in claim.via),
        "confidence": float(claim.confidence),
        "content_confidence": float(claim.content_confidence),
        "speaker_confidence": float(speaker.confidence) if speaker is not None else None,
        "rule": evidence.rule,
        "rules": FLAG_SEPARATOR.join(evidence.rules),
        "flags": FLAG_SEPARATOR.join(evidence.flags),
    }


def to_records(data: Claims, *, doc_id: str | None = None) -> list[dict[str, Any]]:
    """One plain dict per claim, with the keys of :data:`COLUMNS` in order; JSON-ready.

    Args:
        data: a list of :class:`~claimkit.Claim` (one article), of :class:`~claimkit.Result`,
            a mapping ``{doc_id: list[Claim]}``, or claim lists (``doc_id`` "0", "1", ...).
        doc_id: the ``doc_id`` of every row when ``data`` is a bare list of claims.

    Raises:
        TypeError: ``data`` is none of the above.
    """
    return with_sources([_row(article_id, index, claim)
                         for article_id, claims in _articles(data, doc_id)
                         for index, claim in enumerate(claims)])


def with_sources(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` with their ``source`` column: one canonical name per source across the rows."""
    canonical = CanonicalNames((row["speaker_name"], row["speaker_kind"]) for row in rows if row["speaker_name"])
    for row in rows:
        if row["speaker_name"]:
            row["source"] = canonical.of(row["speaker_name"], row["speaker_kind"])
        elif row["speaker"] and row["speaker"].strip().casefold() not in PRONOUNS:
            row["source"] = " ".join(row["speaker"].split())
    return rows


def to_frame(data: Claims, *, doc_id: str | None = None) -> pandas.DataFrame:
    """A pandas ``DataFrame``, one row per claim, with exactly the columns of :data:`COLUMNS`.

    Text columns have the ``"string"`` dtype, offsets ``int64`` (``Int64``, nullable, for the
    speaker's), confidences ``float64`` (``Float64`` for ``speaker_confidence``), ``anonymous``
    ``bool``; see :data:`PANDAS_DTYPES`. Accepts what :func:`to_records` accepts; no claims
    give an empty frame with the same columns and dtypes.

    Raises:
        ImportError: pandas is not installed (``pip install 'claimkit[tables]'``).
    """
    pd = require("pandas")
    rows = to_records(data, doc_id=doc_id)
    return pd.DataFrame({name: pd.Series([row[name] for row in rows], dtype=dtype)
                         for name, dtype in PANDAS_DTYPES.items()})


def arrow_schema() -> pyarrow.Schema:
    """The Arrow schema of :func:`to_arrow` (and of ``claimkit extract --format parquet``)."""
    pa = require("pyarrow")
    fragments = pa.list_(pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())]))
    return pa.schema([pa.field(name, fragments if arrow == "fragments" else getattr(pa, arrow)(), nullable=nullable)
                      for name, (_, arrow, nullable) in _SPEC.items()])


def records_to_arrow(rows: list[dict[str, Any]]) -> pyarrow.Table:
    """A ``pyarrow.Table`` of rows made by :func:`to_records`."""
    pa = require("pyarrow")
    return pa.Table.from_pylist(rows, schema=arrow_schema())


def to_arrow(data: Claims, *, doc_id: str | None = None) -> pyarrow.Table:
    """A ``pyarrow.Table`` with the columns of :func:`to_frame` (schema: :func:`arrow_schema`).

    Only pyarrow is needed, not pandas. Accepts what :func:`to_records` accepts.

    Raises:
        ImportError: pyarrow is not installed (``pip install 'claimkit[tables]'``).
    """
    require("pyarrow")
    return records_to_arrow(to_records(data, doc_id=doc_id))


def write_parquet(rows: list[dict[str, Any]], where: str | os.PathLike[str] | IO[bytes]) -> None:
    """Write rows made by :func:`to_records` as a Parquet file (schema: :func:`arrow_schema`)."""
    require("pyarrow.parquet").write_table(records_to_arrow(rows), where)


def spreadsheet_safe(value: Any) -> Any:
    """``value`` made inert for a spreadsheet: a text starting as a formula gets a leading ``'``.

    Only ``str`` values change, and only those starting with a character of
    :data:`FORMULA_STARTS` (``=``, ``+``, ``-``, ``@``, tab, carriage return): ``"-2 percent"``
    becomes ``"'-2 percent"``, a spreadsheet shows it as text and does not compute it.
    Numbers, booleans and ``None`` are returned as they are, so a negative number stays a
    number. The change is visible to any other reader of the file: offsets no longer index
    a changed cell.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return FORMULA_ESCAPE + value
    return value
