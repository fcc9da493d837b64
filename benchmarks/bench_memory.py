"""Memory over long runs: peak RSS of claimkit.extract_batch over 1,000 and 20,000 articles.

Each run is a fresh subprocess (so peak RSS is its own). Articles are generated from
templates with ever-new names and numbers, so the string store would grow without
``nlp.memory_zone()``. The target: peak memory at 20,000 articles within 10% of 1,000.

    python benchmarks/bench_memory.py                 # 1,000 and 20,000 articles
    python benchmarks/bench_memory.py --counts 500 5000 --json out.json
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator

FIRST = ["Ana", "Ben", "Chloe", "Dev", "Eli", "Farah", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lena", "Milo", "Nia"]
LAST = ["Arden", "Brook", "Castell", "Dorne", "Ellery", "Fenwick", "Garrow", "Hale", "Ives", "Jory", "Kestrel"]
TEMPLATES = [
    "“The {thing} will reopen by {month},” Mayor {name} said on {day}. Officials said the cost had reached "
    "{n} million.\n\n{last} added that the {org} would review the plan, according to the {paper}.",
    "The {org} said in a statement that {n} families had been moved. “We acted quickly,” spokesman {name} "
    "told the {paper}.\n\nHe said the {thing} was safe.",
]
THINGS = ["bridge", "harbour wall", "school", "clinic", "rail line", "depot"]
MONTHS = ["March", "April", "June", "October"]
DAYS = ["Monday", "Tuesday", "Friday"]


def articles(count: int, seed: int = 7) -> Iterator[tuple[str, str]]:
    rng = random.Random(seed)
    for i in range(count):
        last = f"{rng.choice(LAST)}{i}"  # a new surname every article: new strings for the store
        text = rng.choice(TEMPLATES).format(
            thing=rng.choice(THINGS), month=rng.choice(MONTHS), day=rng.choice(DAYS), n=rng.randint(2, 900),
            name=f"{rng.choice(FIRST)} {last}", last=last, org=f"Council of District {i}", paper=f"Gazette {i % 97}")
        yield str(i), text


def child(count: int) -> None:
    import claimkit

    nlp = claimkit.load()
    start = time.perf_counter()
    claims = sum(len(r.claims) for r in claimkit.extract_batch(articles(count), nlp=nlp, batch_size=64))
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"articles": count, "claims": claims, "seconds": round(seconds, 1), "peak_rss_mb": round(peak_mb, 1)}
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 20000])
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    results = []
    for count in args.counts:
        out = subprocess.run([sys.executable, __file__, "--child", str(count)], check=True, capture_output=True,
                             text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
        print(results[-1], flush=True)
    ratio = results[-1]["peak_rss_mb"] / results[0]["peak_rss_mb"]
    print(f"peak memory at {results[-1]['articles']:,} / at {results[0]['articles']:,} articles: {ratio:.3f} "
          f"(target <= 1.10)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"runs": results, "ratio": round(ratio, 3)}, handle, indent=2)


if __name__ == "__main__":
    main()
