"""Memory stays flat over a long batch: the string store is freed zone by zone.

A fresh process runs :func:`claimkit.extract_batch` over 3,000 generated articles, each with
new names and numbers (new strings for the store), and reads its resident memory after 500
and after 3,000 articles. Without ``nlp.memory_zone()`` the second reading grows with every
article; with it, memory has reached its plateau by then. ``benchmarks/bench_memory.py``
measures the same at 20,000 articles.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import json, os, sys
sys.path.insert(0, {root!r})
from benchmarks.bench_memory import articles
import claimkit

def rss_mib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

nlp = claimkit.load()
readings, claims = {{}}, 0
for i, result in enumerate(claimkit.extract_batch(articles(3000), nlp=nlp, batch_size=64), start=1):
    assert result.error is None, result.error
    claims += len(result.claims)
    if i in (500, 3000):
        readings[i] = rss_mib()
print(json.dumps({{"readings": readings, "claims": claims}}))
"""


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads resident memory from Linux /proc")
def test_memory_is_flat_over_3000_articles():
    done = subprocess.run([sys.executable, "-c", SCRIPT.format(root=str(ROOT))], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    after_500, after_3000 = result["readings"]["500"], result["readings"]["3000"]
    assert result["claims"] > 3000  # the articles do make claims: the run did real work
    assert after_3000 <= after_500 * 1.10, f"resident memory grew from {after_500:.0f} to {after_3000:.0f} MiB"
