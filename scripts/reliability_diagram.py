#!/usr/bin/env python3
"""Draw docs/img/reliability.png from the evaluation stored in the confidence model JSON.

    python scripts/reliability_diagram.py

Reads the held-out reliability tables that ``scripts/fit_confidence.py`` wrote into
``claimkit/data/confidence_model.json`` (no extraction, no dev data needed) and draws, per
dev set and for all held-out claims together, accuracy against mean confidence in the 10
bins, with the number of claims per bin below. Needs matplotlib (``pip install -e ".[docs]"``);
without it, says so and exits with status 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MODEL_PATH = ROOT / "claimkit" / "data" / "confidence_model.json"
OUT_PATH = ROOT / "docs" / "img" / "reliability.png"
PANELS = ("all", "polnear.dev", "ggt.dev", "seeds.dev")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=MODEL_PATH)
    parser.add_argument("--out", type=Path, default=OUT_PATH)
    args = parser.parse_args(argv)
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: pip install -e \".[docs]\"", file=sys.stderr)
        return 1

    spec = json.loads(args.model.read_text(encoding="utf-8"))
    held: dict[str, Any] = spec["evaluation"]["held_out"]
    fig, axes = plt.subplots(2, len(PANELS), figsize=(4 * len(PANELS), 5.6),
                             gridspec_kw={"height_ratios": [3, 1]}, sharex=True)
    for column, name in enumerate(PANELS):
        result = held[name]
        bins = len(result["table"])
        centres = [(k + 0.5) / bins for k, r in enumerate(result["table"]) if r["count"]]
        rows = [r for r in result["table"] if r["count"]]
        conf = [r["confidence"] for r in rows]
        acc = [r["accuracy"] for r in rows]
        counts = [r["count"] for r in rows]
        top, bottom = axes[0][column], axes[1][column]
        top.plot([0, 1], [0, 1], color="0.6", linestyle="--", linewidth=1, label="perfect calibration")
        top.plot(conf, acc, color="tab:blue", linewidth=1)
        top.scatter(conf, acc, s=[20 + 180 * c / max(counts) for c in counts], color="tab:blue", zorder=3,
                    label="bins (area ∝ claims)")
        top.set_xlim(0, 1)
        top.set_ylim(0, 1.02)
        top.set_title(f"{name} held out\nn={result['n']}  ECE={result['ece']:.3f}  Brier={result['brier']:.3f}",
                      fontsize=10)
        if column == 0:
            top.set_ylabel("share attribution-correct")
            top.legend(loc="upper left", fontsize=8)
        bottom.bar(centres, counts, width=0.9 / bins, color="tab:gray")
        bottom.set_xlabel("Claim.confidence")
        if column == 0:
            bottom.set_ylabel("claims")
    fig.suptitle(f"claimkit confidence: reliability on held-out articles (model fitted {spec['fitted']['date']})",
                 fontsize=11)
    fig.tight_layout()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.out, dpi=110)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
