"""Dask: the same claims as a serial run, on a LocalCluster with two worker processes."""

from __future__ import annotations

import json

import pytest

import claimkit
from claimkit.export import claim_to_json

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
pd = pytest.importorskip("pandas")

TEXTS = [
    "“The bridge will reopen in March,” Mayor Jane Doe said on Monday.",
    "Officials said the budget was balanced, according to the Harbour Times.",
    "",
    "Reuters quoted Ivan Petrov, a local official, as saying the road was closed.",
    "The council met on Tuesday.",
    "“We will rebuild,” the governor said, “and we will do it quickly.”",
]


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with distributed.Client(cluster) as client:
        yield client
    cluster.close()


def test_bag_on_a_local_cluster_matches_the_serial_run(client):
    import dask.bag as db

    from claimkit.dask import extract_bag

    serial = list(claimkit.extract(TEXTS))
    distributed_claims = extract_bag(db.from_sequence(TEXTS, npartitions=3)).compute()
    assert distributed_claims == serial


def test_article_frame_partitions_match_the_serial_run(client):
    import dask.dataframe as dd

    from claimkit.dask import extract_article_frame

    frame = dd.from_pandas(pd.DataFrame({"doc_id": [f"a{i}" for i in range(len(TEXTS))], "text": TEXTS}),
                           npartitions=2)
    result = extract_article_frame(frame).compute()
    expected = [json.dumps([claim_to_json(c) for c in claims], ensure_ascii=False)
                for claims in claimkit.extract(TEXTS)]
    assert result["doc_id"].tolist() == [f"a{i}" for i in range(len(TEXTS))]
    assert result["claims"].tolist() == expected


def test_one_bad_row_is_an_error_not_a_failed_compute(client):
    import dask.bag as db
    import dask.dataframe as dd

    from claimkit.dask import extract_article_frame, extract_bag, extract_batch_bag

    texts = [*TEXTS, None, TEXTS[0]]
    frame = dd.from_pandas(pd.DataFrame({"doc_id": [f"a{i}" for i in range(len(texts))], "text": texts}),
                           npartitions=2)
    result = extract_article_frame(frame).compute()
    assert result["error"].tolist()[:-2] == [None] * len(TEXTS)
    assert "not str" in result["error"].tolist()[-2]  # pandas may hold None as NA
    assert result["claims"].tolist()[-1] == result["claims"].tolist()[0] != "[]"

    results = extract_batch_bag(db.from_sequence(list(zip(result["doc_id"], texts, strict=True)),
                                                 npartitions=3)).compute()
    assert [r.doc_id for r in results] == result["doc_id"].tolist()
    assert [r.doc_id for r in results if r.error] == [f"a{len(TEXTS)}"]
    claims = extract_bag(db.from_sequence(texts, npartitions=3), on_error="ignore").compute()
    assert claims[-2] == [] and claims[-1] == claims[0] != []



def test_claim_rows_have_the_table_columns_and_skip_a_failed_article(client):
    import dask.dataframe as dd

    from claimkit.dask import extract_dataframe
    from claimkit.tables import COLUMNS, to_frame

    texts = [*TEXTS, None]
    frame = dd.from_pandas(pd.DataFrame({"doc_id": [f"a{i}" for i in range(len(texts))], "text": texts}),
                           npartitions=2)
    rows = extract_dataframe(frame).compute().reset_index(drop=True)
    assert list(rows.columns) == list(COLUMNS)
    expected = to_frame({f"a{i}": claims for i, claims in enumerate(claimkit.extract(TEXTS))})
    assert rows["doc_id"].tolist() == expected["doc_id"].tolist()
    assert rows["text"].tolist() == expected["text"].tolist()
