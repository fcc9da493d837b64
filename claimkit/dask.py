"""Extraction over Dask: a bag of texts, or the partitions of a Dask DataFrame.

Texts travel to the workers, never the ``nlp`` object: each worker process loads the model
once through the cached :func:`claimkit.load`. The same code runs on a ``LocalCluster`` and
on a real cluster; only the ``Client`` changes. Needs the ``dask`` extra
(``pip install claimkit[dask]``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from claimkit.claims import Claim

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe

    from claimkit.api import OnError, Result


def _require_dask() -> None:
    try:
        import dask.bag  # noqa: F401
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError(
            "claimkit.dask needs Dask: pip install 'claimkit[dask]' (dask with distributed and dataframe)."
        ) from error


def _results_of_partition(articles: Iterable[tuple[str, str]], model: str | None, min_confidence: float,
                          merge_quote_sentences: bool, batch_size: int, learned: bool = True) -> list[Result]:
    from claimkit.api import extract_batch, load

    nlp = load(model, merge_quote_sentences=merge_quote_sentences, learned=learned)  # cached per worker process
    return list(extract_batch(articles, nlp=nlp, min_confidence=min_confidence, batch_size=batch_size))


def _claims_of_partition(texts: Iterable[str], model: str | None, min_confidence: float,
                         merge_quote_sentences: bool, batch_size: int, on_error: OnError,
                         learned: bool = True) -> list[list[Claim]]:
    from claimkit.api import extract, load

    nlp = load(model, merge_quote_sentences=merge_quote_sentences, learned=learned)  # cached per worker process
    return list(extract(list(texts), nlp=nlp, min_confidence=min_confidence, batch_size=batch_size,
                        on_error=on_error))


def extract_bag(texts: dask.bag.Bag, *, model: str | None = None, min_confidence: float = 0.0,
                merge_quote_sentences: bool = True, batch_size: int = 32, on_error: OnError = "warn",
                learned: bool = True) -> dask.bag.Bag:
    """A bag with the claims (``list[Claim]``) of every text of ``texts``, in the same order.

    An article whose extraction fails gives an empty list, as :func:`claimkit.extract` does
    with ``on_error`` (a warning in the worker's log by default; ``"raise"`` fails the
    computation). For the error itself, use :func:`extract_batch_bag`.

    Args:
        texts: a Dask bag of article texts.
        model: spaCy model name or path for :func:`claimkit.load` on each worker.
        min_confidence: drop claims below this confidence.
        merge_quote_sentences: see :func:`claimkit.load`.
        batch_size: texts per ``nlp.pipe`` batch on a worker.
        on_error: ``"warn"``, ``"raise"`` or ``"ignore"``, as in :func:`claimkit.extract`.
        learned: see :func:`claimkit.load` (False: the rules alone).
    """
    _require_dask()
    return texts.map_partitions(_claims_of_partition, model, min_confidence, merge_quote_sentences, batch_size,
                                on_error, learned)


def extract_batch_bag(articles: dask.bag.Bag, *, model: str | None = None, min_confidence: float = 0.0,
                      merge_quote_sentences: bool = True, batch_size: int = 32, learned: bool = True) -> dask.bag.Bag:
    """A bag with a :class:`claimkit.Result` for every ``(doc_id, text)`` of ``articles``, in order.

    :func:`claimkit.extract_batch` on Dask: an article that fails has its error in
    ``Result.error`` and the others are processed.

    Args:
        articles: a Dask bag of ``(doc_id, text)`` pairs.
        model, min_confidence, merge_quote_sentences, batch_size, learned: as for :func:`extract_bag`.
    """
    _require_dask()
    return articles.map_partitions(_results_of_partition, model, min_confidence, merge_quote_sentences, batch_size,
                                   learned)


def extract_dataframe(frame: dask.dataframe.DataFrame, *, text_column: str = "text", id_column: str = "doc_id",
                      model: str | None = None, min_confidence: float = 0.0, merge_quote_sentences: bool = True,
                      learned: bool = True) -> dask.dataframe.DataFrame:
    """A Dask DataFrame of claim rows: one row per claim, the columns of :func:`claimkit.to_frame`
    (:data:`claimkit.tables.COLUMNS`), ``doc_id`` from ``id_column``.

    An article that fails (a text that is not a str) has no row, nor has an article without
    claims; :func:`extract_article_frame` gives each article's error. The ``source`` column is
    canonical within a partition.

    Args:
        frame: a Dask DataFrame with a text column and an id column.
        text_column: the column holding the article text.
        id_column: the column holding the article id.
        model: spaCy model name or path for :func:`claimkit.load` on each worker.
        min_confidence: drop claims below this confidence.
        merge_quote_sentences, learned: see :func:`claimkit.load`.
    """
    _require_dask()
    from claimkit.tables import to_frame

    def per_partition(part: Any) -> Any:
        articles = zip(map(str, part[id_column].tolist()), part[text_column].tolist(), strict=True)
        return to_frame(_results_of_partition(articles, model, min_confidence, merge_quote_sentences, 32, learned))

    return frame.map_partitions(per_partition, meta=to_frame([]))


def extract_article_frame(frame: dask.dataframe.DataFrame, *, text_column: str = "text", id_column: str = "doc_id",
                            model: str | None = None, min_confidence: float = 0.0,
                            merge_quote_sentences: bool = True, learned: bool = True) -> dask.dataframe.DataFrame:
    """One row per article: ``id_column``, ``claims`` (the article's claims as the JSONL writer
    encodes them, one JSON string) and ``error``.

    ``error`` is None, or why the row's article gave no claims (a text that is not a str,
    a failure in extraction); the other rows are processed. For claim rows, use
    :func:`extract_dataframe`.

    Args:
        frame, text_column, id_column, model, min_confidence, merge_quote_sentences, learned:
            as for :func:`extract_dataframe`.
    """
    _require_dask()
    import pandas as pd

    from claimkit.export import document_line
    from claimkit.writers import json_text

    def per_partition(part: Any) -> Any:
        articles = zip(map(str, part[id_column].tolist()), part[text_column].tolist(), strict=True)
        results = _results_of_partition(articles, model, min_confidence, merge_quote_sentences, 32, learned)
        return pd.DataFrame({
            id_column: part[id_column].to_numpy(),
            # The "claims" of the article's JSONL line, encoded as the JSONL writer encodes it.
            "claims": [json_text(document_line(r.doc_id, r.claims)["claims"]) for r in results],
            "error": pd.Series([r.error for r in results], dtype="object", index=part.index),
        }, index=part.index)

    meta = pd.DataFrame({id_column: pd.Series(dtype=frame[id_column].dtype), "claims": pd.Series(dtype="object"),
                         "error": pd.Series(dtype="object")})
    return frame.map_partitions(per_partition, meta=meta)
