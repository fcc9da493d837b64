"""Extract the claims of a folder of articles on a Dask cluster and write them as JSONL.

    python examples/dask_extract.py                      # the .txt files of examples/
    python examples/dask_extract.py articles/ -o claims.jsonl --workers 2

Starts a ``LocalCluster`` (worker processes, one thread each), reads every ``*.txt`` file of
the folder, runs :func:`claimkit.dask.extract_bag` over a bag of the texts and writes one
line per article, ``{"doc_id": file name, "claims": [...]}``, in the form of
docs/format.md. Only the texts travel to the workers; each worker loads the model once.
On a real cluster, only the ``Client`` line changes.

Needs the ``dask`` extra: ``pip install -e '.[dask]'``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import claimkit

EXAMPLES = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Claims of a folder of .txt articles, on a local Dask cluster.")
    parser.add_argument("folder", type=Path, nargs="?", default=EXAMPLES,
                        help="folder of .txt files (default: examples/)")
    parser.add_argument("-o", "--output", type=Path, default=Path("claims.jsonl"), help="JSONL file to write")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default: 2)")
    args = parser.parse_args(argv)

    try:
        import dask.bag as db
        from dask.distributed import Client, LocalCluster
    except ImportError:
        print("this example needs Dask: pip install -e '.[dask]'", file=sys.stderr)
        return 1
    from claimkit.dask import extract_bag

    paths = sorted(args.folder.glob("*.txt"))
    if not paths:
        print(f"{args.folder}: no .txt files", file=sys.stderr)
        return 1
    texts = [path.read_text(encoding="utf-8") for path in paths]

    cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, Client(cluster):
        bag = db.from_sequence(texts, npartitions=min(len(texts), 2 * args.workers))
        results = extract_bag(bag).compute()  # list[list[Claim]], in input order

    with args.output.open("w", encoding="utf-8") as out:
        for path, claims in zip(paths, results, strict=True):
            out.write(json.dumps(claimkit.document_line(path.name, claims), ensure_ascii=False) + "\n")
    total = sum(len(claims) for claims in results)
    print(f"{len(paths)} article(s), {total} claims -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
