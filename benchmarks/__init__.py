"""Benchmarks for claimkit: ``bench_speed`` (throughput and peak memory) and ``profile_claimkit`` (hot spots).

Run them from the repository root with ``make bench`` or ``.venv/bin/python benchmarks/bench_speed.py``;
see ``docs/benchmarks.md``.
"""
