"""The registry of named rules: every decision that makes or shapes a claim has a name here.

A rule is declared once, by the module that applies it, with :func:`rule`::

    QUOTE_CUE_AFTER = rule("claim", "quote_cue_after", "a quote with its cue after it ('“…,” she said')")

and the module uses the returned name wherever it records that the rule fired. Every claim
carries the names of the rules that made and shaped it, in order of the stages, as
``claim.evidence.rules`` (in JSONL, tables and the HTML tooltip). The confidence features
(:mod:`claimkit.confidence`) and the fitter (``scripts/fit_confidence.py``) take their
vocabulary from :func:`names`, never from a list kept by hand.

Stages, in pipeline order (:mod:`claimkit.pipeline`):

* ``claim`` — what made the claim: a quote and its cue, a cue and its clause, a continued quote;
* ``content`` — what cut the content out of the parse (a that-clause, a fronted clause, ...);
* ``speaker`` — how the speaker as written was found (the cue's subject, a cited source, ...);
* ``resolution`` — how that mention was tied to an entity of the article (one per claim);
* ``relay`` — where a relay (``via``) came from.

A rule name is unique across stages. Names are stable: the confidence model is fitted on
them, so renaming one needs a refit (docs/architecture.md).
"""

from __future__ import annotations

import functools
from typing import Literal

from attrs import frozen

Stage = Literal["claim", "content", "speaker", "resolution", "relay"]
STAGES: tuple[Stage, ...] = ("claim", "content", "speaker", "resolution", "relay")


@frozen
class Rule:
    """A named rule: the stage it belongs to, the module that applies it, what it does."""

    stage: Stage
    name: str
    summary: str
    module: str


_REGISTRY: dict[str, Rule] = {}


def rule(stage: Stage, name: str, summary: str) -> str:
    """Register a rule, recording the module that declares it, and return its name (the
    constant that module records).

    Raises:
        ValueError: the stage is unknown, or the name is taken by a different rule.
    """
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r} for rule {name!r}; stages are {', '.join(STAGES)}")
    declared = Rule(stage, name, summary, _caller_module())
    known = _REGISTRY.get(name)
    if known is not None and known != declared:
        raise ValueError(f"rule {name!r} is already registered by {known.module} ({known.stage})")
    if known is None:
        _REGISTRY[name] = declared
        names.cache_clear()  # a vocabulary asked for before this module was imported is stale
    return name


def _caller_module() -> str:
    import sys

    return str(sys._getframe(2).f_globals.get("__name__", "?"))


def registered(stage: Stage | None = None) -> list[Rule]:
    """The registered rules (of one stage), in the order they were declared."""
    _load_rule_modules()
    return [r for r in _REGISTRY.values() if stage is None or r.stage == stage]


@functools.cache
def names(stage: Stage) -> tuple[str, ...]:
    """The names of one stage's rules, in declaration order: a feature vocabulary.

    Kept once worked out: the confidence features ask for it for every claim.
    """
    return tuple(r.name for r in registered(stage))


def get(name: str) -> Rule:
    """The rule called ``name``; KeyError for a name no module declared."""
    _load_rule_modules()
    return _REGISTRY[name]


# The modules that declare rules; imported on first look-up so the registry is complete
# whichever module asked first.
RULE_MODULES = ("claimkit.content", "claimkit.quote_claims", "claimkit.reported_claims", "claimkit.continued_quotes",
                "claimkit.headlines", "claimkit.learned",
                "claimkit.resolver", "claimkit.resolution", "claimkit.relays")


def _load_rule_modules() -> None:
    import importlib

    for module in RULE_MODULES:
        importlib.import_module(module)
