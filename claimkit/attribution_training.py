"""Training the attribution model of the learned stage, from annotated articles.

``make train`` runs ``python -m claimkit.attribution_training`` on PolNeAR's training
articles (``../shared/data/polnear.train.jsonl``). In order:

1. each article is parsed and its rule drafts made (:func:`claimkit.pipeline.rule_drafts`);
2. its open candidates (:func:`claimkit.learned.open_candidates`: not a rule claim's content)
   get the features the pipeline computes at run time;
3. a candidate is a positive when its content matches (character Jaccard >= 0.5, the
   scorer's matching) an annotated attribution that no rule claim matches, and its cue word
   lies in that attribution's cue (or the attribution has no cue);
4. a logistic regression (scikit-learn, L2, fixed seed) is fitted on all articles but a
   held-out slice (the last ``holdout`` articles of the file);
5. the threshold is the one that makes the best content F1, rules and model together, on
   that slice, among those at which the model's own claims are right at least
   :data:`MIN_PRECISION` of the time; the slice's scores go into the model's ``about``.

The held-out slice is never fitted on, so its scores say how the model does on articles it
has not seen. scikit-learn is needed only here (``pip install claimkit[train]``): the model
is applied by :mod:`claimkit.attribution_model` without it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from claimkit.attribution_model import AttributionModel
from claimkit.evaluate import load_jsonl
from claimkit.learned import SAME_CONTENT, OpenCandidate, has_source, jaccard, open_candidates
from claimkit.lexicon import load_lexicon
from claimkit.pipeline import rule_drafts
from claimkit.scoring import content_offsets, match_claims, prf
from claimkit.segment import indexed_sentences

SEED = 0
REGULARISATION = 0.3  # scikit-learn's C: chosen on the held-out slice (docs/model-card.md)
HOLDOUT = 100
THRESHOLDS = tuple(round(0.05 * k, 2) for k in range(3, 17))  # 0.15 .. 0.80
MIN_PRECISION = 0.70  # was 0.65 before the sources widened to common nouns (docs/model-card.md)


@frozen
class Example:
    """One open candidate of one article, with its features and whether it is an attribution."""

    doc_id: str
    features: list[str]
    positive: bool
    chars: frozenset[int]
    start_char: int
    sourced: bool  # the learned stage keeps only candidates whose source can speak (has_source)


@frozen
class ArticleCounts:
    """What the rules got right in one article: the scorer's content counts."""

    doc_id: str
    gold: int
    rule_claims: int
    rule_matches: int


def examples_of(gold: dict[str, dict[str, Any]], nlp: Any = None, batch_size: int = 16,
                progress: Callable[[int], None] | None = None) -> tuple[list[Example], list[ArticleCounts]]:
    """The training examples and the rules' counts of every gold article, in file order.

    Args:
        gold: gold lines keyed by ``doc_id`` (:func:`claimkit.evaluate.load_jsonl`).
        nlp: a pipeline with claimkit's rules alone; default ``claimkit.load(learned=False)``.
        progress: called with the number of articles done after each one.
    """
    from claimkit.api import load

    nlp = nlp or load(learned=False)
    lexicon = load_lexicon()
    # The rules run below, on the parse (rule_drafts): the component's own run would be thrown away.
    disabled = ["claimkit"] if "claimkit" in nlp.pipe_names else []
    examples: list[Example] = []
    counts: list[ArticleCounts] = []
    lines = list(gold.values())
    docs = nlp.pipe((g["text"] for g in lines), batch_size=batch_size, disable=disabled)
    for done, (line, doc) in enumerate(zip(lines, docs, strict=True), start=1):
        text = doc.text
        layout, drafts = rule_drafts(doc, lexicon)
        rule_dicts = [{"content_fragments": [{"start": start, "end": end} for start, end in d.fragments]}
                      for d in drafts]
        golds = line["claims"]
        matched = {g for _, g in match_claims(text, golds, rule_dicts)}
        counts.append(ArticleCounts(line["doc_id"], len(golds), len(rule_dicts), len(matched)))
        open_golds = [(frozenset(content_offsets(text, g)), g.get("cue")) for k, g in enumerate(golds)
                      if k not in matched]
        with indexed_sentences(doc):  # as in the pipeline: one index of the sentences per article
            proposals = open_candidates(doc, layout, drafts, lexicon)
        for proposal in proposals:
            examples.append(Example(line["doc_id"], proposal.features, _is_positive(proposal, open_golds),
                                    proposal.chars, proposal.candidate.start_char,
                                    has_source(proposal.candidate.cue, lexicon)))
        if progress is not None:
            progress(done)
    return examples, counts


def _is_positive(proposal: OpenCandidate, open_golds: Sequence[tuple[frozenset[int], Any]]) -> bool:
    cue = proposal.candidate.cue
    start, end = cue.idx, cue.idx + len(cue)
    return any(jaccard(proposal.chars, chars) >= SAME_CONTENT
               and (not cue_span or (int(cue_span["start"]) < end and start < int(cue_span["end"])))
               for chars, cue_span in open_golds)


def fit(examples: Sequence[Example], regularisation: float = REGULARISATION, seed: int = SEED,
        max_iter: int = 3000) -> tuple[dict[str, float], float]:
    """Logistic weights per feature name and the intercept, fitted on ``examples``.

    Raises:
        ValueError: the examples are all of one class (nothing to learn from).
    """
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    labels = [e.positive for e in examples]
    if len(set(labels)) < 2:
        raise ValueError("the training examples are all of one class: nothing to learn from")
    vectoriser = DictVectorizer()
    matrix = vectoriser.fit_transform([dict.fromkeys(e.features, 1) for e in examples])
    model = LogisticRegression(C=regularisation, max_iter=max_iter, random_state=seed)
    model.fit(matrix, labels)
    # Weights that round to nothing are left out: they change no probability and keep the file small.
    weights = {str(name): round(float(w), 5) for name, w in zip(vectoriser.get_feature_names_out(), model.coef_[0],
                                                                   strict=True) if abs(w) >= 1e-5}
    return weights, round(float(model.intercept_[0]), 5)


def scores_at(model: AttributionModel, examples: Sequence[Example], counts: Sequence[ArticleCounts],
              threshold: float) -> dict[str, Any]:
    """Content P/R/F1 of rules and model together at ``threshold``, as the learned stage would
    merge them: best first, one proposal per content, only those whose source can speak (has_source).
    (Counts, not the full scorer: speakers are not checked here.)"""
    by_doc: dict[str, list[tuple[float, Example]]] = {}
    for example in (e for e in examples if e.sourced):
        by_doc.setdefault(example.doc_id, []).append((model.probability(example.features), example))
    learned = learned_right = 0
    for scored in by_doc.values():
        kept: list[frozenset[int]] = []
        # Best first, ties in text order, as learned_drafts takes them.
        for probability, example in sorted(scored, key=lambda pair: (-pair[0], pair[1].start_char)):
            if probability < threshold:
                break
            if any(jaccard(example.chars, other) >= SAME_CONTENT for other in kept):
                continue
            kept.append(example.chars)
            learned += 1
            learned_right += example.positive
    together = prf(sum(c.rule_matches for c in counts) + learned_right, sum(c.rule_claims for c in counts) + learned,
                   sum(c.gold for c in counts))
    return {**together, "learned": learned, "learned_precision": round(learned_right / learned, 4) if learned else 0.0}


def train(gold: dict[str, dict[str, Any]], holdout: int = HOLDOUT, regularisation: float = REGULARISATION,
          seed: int = SEED, nlp: Any = None, log: Callable[[str], None] = print) -> AttributionModel:
    """A model fitted on ``gold`` but its last ``holdout`` articles, its threshold chosen there."""
    if not 0 <= holdout < len(gold):
        raise ValueError(f"holdout={holdout} must leave at least one article to fit on ({len(gold)} given)")
    held = set(list(gold)[len(gold) - holdout:]) if holdout else set()
    log(f"parsing {len(gold)} articles and running the rules ...")
    step = max(1, len(gold) // 10)
    examples, counts = examples_of(gold, nlp, progress=lambda n: log(f"  {n}/{len(gold)}") if n % step == 0 else None)
    fitted = [e for e in examples if e.doc_id not in held]
    log(f"fitting on {len(gold) - len(held)} articles: {len(fitted)} candidates, "
        f"{sum(e.positive for e in fitted)} positive")
    weights, intercept = fit(fitted, regularisation, seed)
    tuning = [e for e in examples if e.doc_id in held] if held else fitted
    tuning_counts = [c for c in counts if c.doc_id in held] if held else counts
    rules_alone = prf(sum(c.rule_matches for c in tuning_counts), sum(c.rule_claims for c in tuning_counts),
                      sum(c.gold for c in tuning_counts))
    draft = AttributionModel(weights, intercept, 0.5, {})
    by_threshold = {t: scores_at(draft, tuning, tuning_counts, t) for t in THRESHOLDS}
    # The best content F1 among thresholds whose learned claims are right at least MIN_PRECISION
    # of the time: the model's claims must not be much worse bets than the rules' (which are
    # right about four times in five), or they cost more on articles annotated more narrowly
    # than PolNeAR (docs/model-card.md).
    precise = [t for t in THRESHOLDS if by_threshold[t]["learned_precision"] >= MIN_PRECISION] or [THRESHOLDS[-1]]
    threshold = max(precise, key=lambda t: (by_threshold[t]["f1"], t))
    about = {
        "trained_on": "PolNeAR training articles (Newell, Margolin & Ruths, LREC 2018); research use, with citation",
        "articles_fitted": len(gold) - len(held), "articles_held_out": len(held),
        "candidates_fitted": len(fitted), "positives_fitted": sum(e.positive for e in fitted),
        "seed": seed, "regularisation_C": regularisation,
        "held_out_content_rules_alone": rules_alone, "held_out_content_with_model": by_threshold[threshold],
    }
    for t in THRESHOLDS:
        log(f"  threshold {t:.2f}: content F1 {by_threshold[t]['f1']:.3f}, {by_threshold[t]['learned']} learned "
            f"claims, {by_threshold[t]['learned_precision']:.3f} of them right")
    log(f"held-out content F1: rules alone {rules_alone['f1']:.3f}, with the model {by_threshold[threshold]['f1']:.3f} "
        f"(threshold {threshold})")
    return AttributionModel(weights, intercept, threshold, about)


def write(model: AttributionModel, path: Path) -> None:
    """The model as JSON, keys sorted, so one training run gives one file byte for byte."""
    path.write_text(json.dumps(model.to_json(), indent=0, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m claimkit.attribution_training",
                                     description="Train the learned stage's attribution model.")
    parser.add_argument("gold", type=Path, help="annotated articles, JSONL (../shared/data/polnear.train.jsonl)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="where to write the model JSON")
    parser.add_argument("--holdout", type=int, default=HOLDOUT, help="articles at the end kept out of fitting")
    parser.add_argument("--limit", type=int, default=None, help="read only the first N articles (a quick try)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(list(argv) if argv is not None else None)
    gold = load_jsonl(args.gold)
    if args.limit is not None:
        gold = dict(list(gold.items())[: args.limit])
    try:
        model = train(gold, holdout=args.holdout, seed=args.seed, log=lambda m: print(m, file=sys.stderr))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    write(model, args.output)
    print(f"wrote {args.output} ({len(model.weights)} weights, threshold {model.threshold})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
