"""Extraction over Dask: a bag of texts, or the partitions of a Dask DataFrame.

Texts travel to the workers, never the ``nlp`` object: each worker process loads the model
once through the cached :func:`claimkit.load`. The same code runs on a ``LocalCluster`` and
on a real cluster; only the ``Client`` changes. Needs the ``dask`` extra
(``pip install claimkit[dask]``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from claimkit.claims import Claim

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe


def _require_dask() -> None:
    try:
        import dask.bag  # noqa: F401
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError(
            "claimkit.dask needs Dask: pip install 'claimkit[dask]' (dask with distributed and dataframe)."
        ) from error


def _extract_partition(texts: Iterable[str], model: str | None, min_confidence: float,
                       merge_quote_sentences: bool, batch_size: int) -> list[list[Claim]]:
    from claimkit.api import extract, load

    nlp = load(model, merge_quote_sentences=merge_quote_sentences)  # cached per worker process
    return list(extract(list(texts), nlp=nlp, min_confidence=min_confidence, batch_size=batch_size))


def extract_bag(texts: dask.bag.Bag, *, model: str | None = None, min_confidence: float = 0.0,
                merge_quote_sentences: bool = True, batch_size: int = 32) -> dask.bag.Bag:
    """A bag with the claims (``list[Claim]``) of every text of ``texts``, in the same order.

    Args:
        texts: a Dask bag of article texts.
        model: spaCy model name or path for :func:`claimkit.load` on each worker.
        min_confidence: drop claims below this confidence.
        merge_quote_sentences: see :func:`claimkit.load`.
        batch_size: texts per ``nlp.pipe`` batch on a worker.
    """
    _require_dask()
    return texts.map_partitions(_extract_partition, model, min_confidence, merge_quote_sentences, batch_size)


def extract_dataframe(frame: dask.dataframe.DataFrame, *, text_column: str = "text", id_column: str = "doc_id",
                      model: str | None = None, min_confidence: float = 0.0,
                      merge_quote_sentences: bool = True) -> dask.dataframe.DataFrame:
    """A Dask DataFrame of ``id_column`` and ``claims`` (the JSONL claims of each row, as a JSON string).

    Args:
        frame: a Dask DataFrame with a text column and an id column.
        text_column: the column holding the article text.
        id_column: the column holding the article id.
        model: spaCy model name or path for :func:`claimkit.load` on each worker.
        min_confidence: drop claims below this confidence.
        merge_quote_sentences: see :func:`claimkit.load`.
    """
    _require_dask()
    import pandas as pd

    from claimkit.export import claim_to_json

    def per_partition(part: Any) -> Any:
        claims = _extract_partition(part[text_column].tolist(), model, min_confidence, merge_quote_sentences, 32)
        return pd.DataFrame({
            id_column: part[id_column].to_numpy(),
            "claims": [json.dumps([claim_to_json(c) for c in row], ensure_ascii=False) for row in claims],
        }, index=part.index)

    meta = pd.DataFrame({id_column: pd.Series(dtype=frame[id_column].dtype), "claims": pd.Series(dtype="object")})
    return frame.map_partitions(per_partition, meta=meta)
