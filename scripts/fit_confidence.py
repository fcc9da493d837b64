#!/usr/bin/env python3
"""Fit claimkit's confidence model on the dev data and write it as package data.

    python scripts/fit_confidence.py            # extract, label, fit, evaluate, write

What it does (docs/confidence.md has the why):

1. runs claimkit (the default pipeline, ``claimkit.load()``) over the dev sets in
   ``../shared/data`` (seeds.dev, ggt.dev, polnear.dev) and reads every predicted claim's
   ``evidence.features``;
2. labels every predicted claim with the reference scorer's own definitions
   (``../shared/tools/score.py``, imported from its file at run time): *content found* =
   paired by ``match`` at character Jaccard >= 0.5; *attribution correct* = found and
   ``speaker_right``; *relay right* (seeds.dev only, the one set annotating relays) = every
   gold relay name agrees with a predicted one;
3. splits by article into ten folds: an article's fold is ``sha256(doc_id) mod 10``;
4. fits one L2-regularised logistic regression per field (content; speaker, on the claims
   whose content is found), the regularisation strength chosen by grouped cross-validation
   (folds by article); ``Claim.confidence`` is their product. The shipped model is fitted on
   every article;
5. evaluates the method held out: each fold's claims get the confidences of the same fit
   run on the other nine folds, so no article is ever scored by a model that saw it; it
   reports ECE (10 bins) and Brier per set, with the Brier of a constant predictor (the
   training folds' share of correct claims) for comparison, and writes the model
   (``claimkit/data/confidence_model.json``: feature names, weights, intercepts, the
   evaluation) and the numbers into docs/confidence.md between its ``fit_confidence``
   markers.

Dev texts are read at run time and never written anywhere: the JSON holds weights and
aggregate scores only. Needs scikit-learn and numpy (installed with claimkit's train
dependency); the fitted model is applied at run time with plain Python.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import math
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MODEL_PATH = ROOT / "claimkit" / "data" / "confidence_model.json"
DOC_PATH = ROOT / "docs" / "confidence.md"
SETS = ("seeds.dev", "ggt.dev", "polnear.dev")
FIELDS = ("content", "speaker", "relay")  # fitted; Claim.confidence = content x speaker
BINS = 10
WEIGHTING = "sqrt"
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
BEGIN, END = "<!-- fit_confidence:begin -->", "<!-- fit_confidence:end -->"


# --- data -----------------------------------------------------------------------------------

def import_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("claimkit_reference_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FOLDS = 10


def fold_of(doc_id: str) -> int:
    """The split: an article's fold is sha256(doc_id) mod 10, so all its claims share one."""
    return int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest(), 16) % FOLDS


def label_claims(scorer: ModuleType, gold_line: dict[str, Any], preds: list[dict[str, Any]],
                 has_via: bool) -> list[dict[str, bool | None]]:
    """Per predicted claim: content found, attribution correct, speaker right, relay right.

    ``speaker`` is None when the content is not found (undefined there); ``relay`` is None
    unless the content is found, the claim has predicted relays and the set annotates relays.
    """
    text, golds = gold_line["text"], gold_line["claims"]
    pairs = dict(scorer.match(text, golds, preds, 0.5))
    out = []
    for i, pred in enumerate(preds):
        j = pairs.get(i)
        found = j is not None
        speaker = bool(scorer.speaker_right(pred, golds[j])) if j is not None else None
        relay: bool | None = None
        if j is not None and has_via and pred.get("via"):
            gold_via, pred_via = scorer._via(golds[j]), scorer._via(pred)
            relay = bool(gold_via) and all(any(scorer.names_agree(a, b) for b in pred_via) for a in gold_via)
        out.append({"content": found, "claim": bool(found and speaker), "speaker": speaker, "relay": relay})
    return out


def collect_rows(data_dir: Path, scorer: ModuleType, batch_size: int) -> list[dict[str, Any]]:
    """One row per predicted claim: set, article, fold, features, labels."""
    import claimkit
    from claimkit.export import claim_to_json

    nlp = claimkit.load()
    rows: list[dict[str, Any]] = []
    for name in SETS:
        started = time.time()
        gold = scorer.load(data_dir / f"{name}.jsonl")
        has_via = any(c.get("via") for line in gold.values() for c in line["claims"])
        articles = [(doc_id, line["text"]) for doc_id, line in gold.items()]
        n_before = len(rows)
        for result in claimkit.extract_batch(articles, nlp=nlp, batch_size=batch_size):
            if result.error:
                print(f"  {name} {result.doc_id}: {result.error}", file=sys.stderr)
            preds = [claim_to_json(c) for c in result.claims]
            labels = label_claims(scorer, gold[result.doc_id], preds, has_via)
            for claim, label in zip(result.claims, labels, strict=True):
                rows.append({"set": name, "doc_id": result.doc_id, "fold": fold_of(result.doc_id),
                             "features": dict(claim.evidence.features), "labels": label,
                             "n_relays": len(claim.via)})
        print(f"  {name}: {len(gold)} articles, {len(rows) - n_before} claims ({time.time() - started:.0f}s)",
              file=sys.stderr)
    return rows


# --- fitting --------------------------------------------------------------------------------

def _matrix(rows: Sequence[dict[str, Any]], names: Sequence[str]) -> Any:
    import numpy as np

    return np.array([[float(r["features"].get(n, 0.0)) for n in names] for r in rows], dtype=float)


def _log_loss(y: Any, p: Any, w: Any) -> float:
    import numpy as np

    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-np.sum(w * (y * np.log(p) + (1 - y) * np.log(1 - p))) / np.sum(w))


def set_weights(rows: Sequence[dict[str, Any]], scheme: str) -> dict[str, float]:
    """Per-claim sample weight of each set: a set of n claims weighs n (none), sqrt(n) (sqrt) or 1 (equal) in all,
    rescaled so that the weights average 1."""
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["set"]] = counts.get(r["set"], 0) + 1
    total = {"none": lambda n: float(n), "sqrt": math.sqrt, "equal": lambda n: 1.0}[scheme]
    raw = {name: total(n) / n for name, n in counts.items()}
    norm = len(rows) / sum(raw[r["set"]] for r in rows)
    return {name: w * norm for name, w in raw.items()}


def fit_field(rows: Sequence[dict[str, Any]], field: str, names: Sequence[str], scheme: str) -> dict[str, Any]:
    """A logistic model of ``field`` on the rows where its label is defined (raw-feature weights)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    usable = [r for r in rows if r["labels"][field] is not None]
    y = np.array([float(r["labels"][field]) for r in usable])
    n, positives = len(y), int(y.sum())
    if n < 30 or positives < 5 or n - positives < 5:
        # Too little to fit weights on: the smoothed rate (Laplace), and no features.
        rate = (positives + 1) / (n + 2)
        return {"weights": [0.0] * len(names), "intercept": round(math.log(rate / (1 - rate)), 6), "n": n,
                "positives": positives, "C": None,
                "note": "too few labelled claims for weights: the Laplace-smoothed rate (k + 1) / (n + 2)"}
    x = _matrix(usable, names)
    per_set = set_weights(usable, scheme)
    w = np.array([per_set[r["set"]] for r in usable])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    groups = [r["doc_id"] for r in usable]
    folds = min(5, len(set(groups)))
    best_c, best_loss = C_GRID[0], float("inf")
    if folds >= 2:
        for c in C_GRID:
            predicted = np.zeros(n)
            for train, test in GroupKFold(n_splits=folds).split(z, y, groups):
                if len(set(y[train])) < 2:
                    predicted[test] = y[train].mean()
                    continue
                model = LogisticRegression(C=c, max_iter=2000).fit(z[train], y[train], sample_weight=w[train])
                predicted[test] = model.predict_proba(z[test])[:, 1]
            loss = _log_loss(y, predicted, w)
            if loss < best_loss - 1e-9:
                best_c, best_loss = c, loss
    model = LogisticRegression(C=best_c, max_iter=2000).fit(z, y, sample_weight=w)
    # Fold the standardisation into the weights: w·(x - m)/s + b = (w/s)·x + (b - w·m/s).
    weights = model.coef_[0] / scale
    intercept = float(model.intercept_[0] - np.dot(model.coef_[0], mean / scale))
    return {"weights": [round(float(w), 6) for w in weights],
            "intercept": round(intercept, 6), "n": n, "positives": positives, "C": best_c,
            "cv_log_loss": round(best_loss, 4)}


# --- evaluation -----------------------------------------------------------------------------

def calibration(pairs: Sequence[tuple[float, bool]]) -> dict[str, Any]:
    """ECE (10 equal-width bins, the scorer's binning), Brier and the reliability table."""
    bins: list[list[tuple[float, bool]]] = [[] for _ in range(BINS)]
    for c, ok in pairs:
        bins[min(BINS - 1, max(0, int(c * BINS)))].append((c, ok))
    n = len(pairs)
    table, ece = [], 0.0
    for k, b in enumerate(bins):
        if not b:
            table.append({"bin": f"{k / BINS:.1f}-{(k + 1) / BINS:.1f}", "count": 0, "confidence": None,
                          "accuracy": None})
            continue
        conf = sum(c for c, _ in b) / len(b)
        acc = sum(ok for _, ok in b) / len(b)
        ece += abs(conf - acc) * len(b)
        table.append({"bin": f"{k / BINS:.1f}-{(k + 1) / BINS:.1f}", "count": len(b), "confidence": round(conf, 4),
                      "accuracy": round(acc, 4)})
    brier = sum((c - ok) ** 2 for c, ok in pairs) / n if n else float("nan")
    return {"n": n, "ece": round(ece / n, 4) if n else None, "brier": round(brier, 4), "table": table}


def _ece(pairs: Sequence[tuple[float, bool]]) -> float:
    sums = [[0.0, 0.0, 0] for _ in range(BINS)]
    for c, ok in pairs:
        b = sums[min(BINS - 1, max(0, int(c * BINS)))]
        b[0] += c
        b[1] += ok
        b[2] += 1
    return sum(abs(c - ok) for c, ok, _ in sums) / len(pairs) if pairs else float("nan")


def ece_of_perfect(pairs: Sequence[tuple[float, bool]], draws: int = 500) -> float:
    """The mean ECE a perfectly calibrated model would show on these confidences: labels drawn
    as Bernoulli(confidence). ECE is never 0 on a finite sample; this is its floor here."""
    rng = random.Random(5)
    return round(sum(_ece([(c, rng.random() < c) for c, _ in pairs]) for _ in range(draws)) / draws, 4)


# Kinds of claim defined on features, to compare how often the sets count them right.
KINDS_OF_CLAIM = {
    "all predicted claims": lambda f: True,
    "direct quote, cue after it": lambda f: f["rule_quote_cue_after"] == 1,
    "indirect, named speaker, \"say\"": lambda f: f["rule_indirect_clause"] == 1 and f["speaker_named"] == 1
    and f["cue_say"] == 1,
    "indirect, named speaker, another verb": lambda f: f["rule_indirect_clause"] == 1 and f["speaker_named"] == 1
    and f["cue_say"] == 0,
    "continued quote (no cue)": lambda f: f["rule_continued_quote"] == 1,
}


def by_kind_of_claim(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, list[int]]]:
    """Per kind of claim and set: [claims, attribution-correct], over all articles."""
    out: dict[str, dict[str, list[int]]] = {}
    for label, test in KINDS_OF_CLAIM.items():
        counts: dict[str, list[int]] = {}
        for r in rows:
            if test(r["features"]):
                c = counts.setdefault(r["set"], [0, 0])
                c[0] += 1
                c[1] += bool(r["labels"]["claim"])
        out[label] = counts
    return out


def fit_models(rows: Sequence[dict[str, Any]], names: Sequence[str], scheme: str) -> dict[str, Any]:
    """The content and speaker models fitted on ``rows``; the relay model is left neutral."""
    models = {field: fit_field(rows, field, names, scheme) for field in ("content", "speaker")}
    models["relay"] = {"weights": [0.0] * len(names), "intercept": 0.0}
    return models


def out_of_fold(rows: Sequence[dict[str, Any]], names: Sequence[str], scheme: str) -> list[dict[str, float]]:
    """Per row, the probabilities the method gives when fitted on the other folds, and
    the constant predictor of those folds (their share of correct claims)."""
    from claimkit import confidence

    predicted: list[dict[str, float]] = [{} for _ in rows]
    for fold in range(FOLDS):
        held = [i for i, r in enumerate(rows) if r["fold"] == fold]
        if not held:
            continue
        train = [r for r in rows if r["fold"] != fold]
        model = confidence.ConfidenceModel({"feature_names": list(names), "models": fit_models(train, names, scheme)})
        rate = sum(bool(r["labels"]["claim"]) for r in train) / len(train)
        for i in held:
            f = rows[i]["features"]
            predicted[i] = {"content": model("content", f), "speaker": model("speaker", f),
                            "claim": model("claim", f), "constant": rate}
        print(f"  fold {fold}: {len(held)} claims held out", file=sys.stderr)
    return predicted


def evaluate(rows: Sequence[dict[str, Any]], predicted: Sequence[dict[str, float]]) -> dict[str, Any]:
    """Held-out calibration of Claim.confidence per set and pooled, with constant baselines."""
    out: dict[str, Any] = {}
    for name in (*SETS, "all"):
        chosen = [i for i, r in enumerate(rows) if name in (r["set"], "all")]
        if not chosen:
            continue
        pairs = [(predicted[i]["claim"], bool(rows[i]["labels"]["claim"])) for i in chosen]
        result = calibration(pairs)
        rate = sum(ok for _, ok in pairs) / len(pairs)
        result["accuracy"] = round(rate, 4)
        result["mean_confidence"] = round(sum(c for c, _ in pairs) / len(pairs), 4)
        result["brier_constant"] = round(sum((predicted[i]["constant"] - ok) ** 2
                                             for i, (_, ok) in zip(chosen, pairs, strict=True)) / len(pairs), 4)
        result["brier_constant_oracle"] = round(rate * (1 - rate), 4)
        result["articles"] = len({rows[i]["doc_id"] for i in chosen})
        result["ece_perfect"] = ece_of_perfect(pairs)
        for field in ("content", "speaker"):
            usable = [i for i in chosen if rows[i]["labels"][field] is not None]
            if usable:
                fp = [(predicted[i][field], bool(rows[i]["labels"][field])) for i in usable]
                cal = calibration(fp)
                result[field] = {"n": cal["n"], "ece": cal["ece"], "brier": cal["brier"],
                                 "accuracy": round(sum(ok for _, ok in fp) / len(fp), 4)}
        out[name] = result
    return out


# --- output ---------------------------------------------------------------------------------

def markdown(spec: dict[str, Any]) -> str:
    ev = spec["evaluation"]["held_out"]
    lines = [
        f"Fitted {spec['fitted']['date']} on {spec['fitted']['claims']} predicted claims from "
        f"{spec['fitted']['articles']} articles. Held out: every claim below is scored by the same method fitted on "
        f"the other {FOLDS - 1} of {FOLDS} folds (an article's fold is `sha256(doc_id) mod {FOLDS}`), never by a model "
        "that saw its article. Regenerated by `python scripts/fit_confidence.py`.",
        "",
        "Held-out calibration of `Claim.confidence` against \"attribution correct\" "
        "(the scorer's definition), per dev set:",
        "",
        "| set | articles | claims | accuracy | mean confidence | ECE | ECE of a perfect model "
        "| Brier | Brier, constant = training folds' rate | Brier, constant = the set's own rate |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in (*SETS, "all"):
        r = ev[name]
        lines.append(f"| {name} | {r['articles']} | {r['n']} | {r['accuracy']:.3f} | {r['mean_confidence']:.3f} | "
                     f"**{r['ece']:.3f}** | {r['ece_perfect']:.3f} | **{r['brier']:.3f}** | "
                     f"{r['brier_constant']:.3f} | {r['brier_constant_oracle']:.3f} |")
    lines += ["", "*Constant = training folds' rate* predicts, for every claim, the share of correct claims in the "
              "folds its model was fitted on; *the set's own rate* is the best any constant could do, knowing "
              "the set's accuracy in advance. *ECE of a perfect model*: the mean ECE when the labels are drawn "
              "from the confidences themselves, i.e. what sampling noise alone gives on this many claims.", "",
              "Per-field models, held out (each on the claims where its label is defined):", "",
              "| field | set | claims | accuracy | ECE | Brier |", "|---|---|---:|---:|---:|---:|"]
    for field in ("content", "speaker"):
        for name in (*SETS, "all"):
            r = ev[name].get(field)
            if r:
                lines.append(f"| {field} | {name} | {r['n']} | {r['accuracy']:.3f} | {r['ece']:.3f} | "
                             f"{r['brier']:.3f} |")
    lines += ["", "Reliability table, all held-out claims (10 equal-width bins of confidence):", "",
              "| bin | count | mean confidence | accuracy |", "|---|---:|---:|---:|"]
    for row in ev["all"]["table"]:
        if row["count"]:
            lines.append(f"| {row['bin']} | {row['count']} | {row['confidence']:.3f} | {row['accuracy']:.3f} |")
        else:
            lines.append(f"| {row['bin']} | 0 | – | – |")
    for name in SETS:
        lines += ["", f"Reliability table, {name}, held out:", "",
                  "| bin | count | mean confidence | accuracy |", "|---|---:|---:|---:|"]
        lines += [f"| {row['bin']} | {row['count']} | {row['confidence']:.3f} | {row['accuracy']:.3f} |"
                  for row in ev[name]["table"] if row["count"]]
    lines += ["", "Same kind of claim, different sets: share attribution-correct (claims), all articles:", "",
              "| claims | " + " | ".join(SETS) + " |", "|---|" + "---:|" * len(SETS)]
    for label, counts in spec["evaluation"]["by_kind_of_claim"].items():
        lines.append(f"| {label} | " + " | ".join(
            f"{counts[name][1] / counts[name][0]:.2f} ({counts[name][0]})" if counts.get(name) else "–"
            for name in SETS) + " |")
    lines += ["", "Fitted models (feature weights on raw feature values; the full list is in the JSON):", "",
              "| field | fitted on (claims, positives) | C | intercept | largest weights |",
              "|---|---|---:|---:|---|"]
    for field in FIELDS:
        m = spec["models"][field]
        top = sorted(((k, v) for k, v in zip(spec["feature_names"], m["weights"], strict=True) if v),
                     key=lambda kv: -abs(kv[1]))[:6]
        shown = ", ".join(f"`{k}` {v:+.2f}" for k, v in top) or "none (smoothed rate)"
        lines.append(f"| {field} | {m['n']}, {m['positives']} | {m['C'] if m['C'] is not None else '–'} | "
                     f"{m['intercept']:+.2f} | {shown} |")
    return "\n".join(lines)


def write_docs(path: Path, block: str) -> None:
    if not path.is_file():
        print(f"  {path} not found: numbers printed only", file=sys.stderr)
        print(block)
        return
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print(f"  {path} has no {BEGIN} ... {END} markers: numbers printed only", file=sys.stderr)
        print(block)
        return
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n{block}\n{END}{tail}", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (data/ and tools/score.py)")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model JSON")
    parser.add_argument("--docs", type=Path, default=DOC_PATH, help="the doc whose marked block gets the numbers")
    parser.add_argument("--rows", type=Path, default=None,
                        help="reuse (or create) a cache of labelled rows here, to refit without re-extracting; "
                             "it holds features and labels, no text, and is stale once the rules change")
    parser.add_argument("--weighting", choices=("none", "sqrt", "equal"), default=WEIGHTING,
                        help="how much each dev set weighs in the fit (default: %(default)s)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--corpus-known", action="store_true",
                        help="an experiment, never shipped: add which dev set a claim comes from as features and "
                             "print the held-out calibration, to measure how much of the miscalibration is the "
                             "sets' differing conventions; writes nothing")
    args = parser.parse_args(argv)

    scorer = import_scorer(args.shared / "tools" / "score.py")
    if args.rows is not None and args.rows.is_file():
        rows = json.loads(args.rows.read_text(encoding="utf-8"))
        print(f"  {len(rows)} labelled claims read from {args.rows}", file=sys.stderr)
    else:
        rows = collect_rows(args.shared / "data", scorer, args.batch_size)
        if args.rows is not None:
            args.rows.write_text(json.dumps(rows), encoding="utf-8")

    if args.corpus_known:
        # Two indicators; the third set is the intercept. A packaged model cannot have these:
        # an article does not say which annotation convention will judge it.
        for r in rows:
            r["features"] = {**r["features"], **{f"set_{name}": float(r["set"] == name) for name in SETS[:2]}}
    names = list(rows[0]["features"]) if rows else []
    keys = set(names)
    if any(set(r["features"]) != keys for r in rows):
        raise SystemExit("claims carry different feature sets: is the tree mid-edit?")
    # Relay chains are annotated in seeds.dev only, and only a handful of its claims have
    # predicted relays: too few to hold any out, so the relay rate is fitted on all of them.
    # (The experiment needs only the held-out fits below.)
    models = {} if args.corpus_known else {field: fit_field(rows, field, names, args.weighting) for field in FIELDS}
    spec: dict[str, Any] = {
        "description": "claimkit confidence model: logistic regressions on claim.evidence.features "
                       "(weights on raw feature values, in feature_names order); Claim.confidence = content * speaker. "
                       "Fitted by scripts/fit_confidence.py; see docs/confidence.md.",
        "version": 1,
        "claim": "content * speaker",
        "feature_names": names,
        "models": models,
        "fitted": {
            "date": time.strftime("%Y-%m-%d"),
            "sets": list(SETS),
            "articles": len({r["doc_id"] for r in rows}),
            "claims": len(rows),
            "evaluation": f"held out by {FOLDS}-fold cross-fitting: an article's fold is sha256(doc_id) mod {FOLDS}; "
                          "each fold scored by the same fit on the other folds",
            "pipeline": "claimkit.load() defaults",
        },
    }
    predicted = out_of_fold(rows, names, args.weighting)
    spec["evaluation"] = {"held_out": evaluate(rows, predicted), "by_kind_of_claim": by_kind_of_claim(rows)}
    if not args.corpus_known:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
        print(f"  wrote {args.out}", file=sys.stderr)

    for name in (*SETS, "all"):
        r = spec["evaluation"]["held_out"][name]
        print(f"{name:12s} held out: n {r['n']:5d}  acc {r['accuracy']:.3f}  conf {r['mean_confidence']:.3f}  "
              f"ECE {r['ece']:.3f} (perfect model {r['ece_perfect']:.3f})  Brier {r['brier']:.3f}  "
              f"(constant {r['brier_constant']:.3f}, own rate {r['brier_constant_oracle']:.3f})")
    if not args.corpus_known:
        write_docs(args.docs, markdown(spec))
    return 0


if __name__ == "__main__":
    sys.exit(main())
