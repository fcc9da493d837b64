"""Audit one article's sourcing: who is quoted, how often, how, and through whom.

    python examples/audit_article.py examples/article.txt
    python examples/audit_article.py story.txt --min-confidence 0.5

Prints, for the article given on the command line:

* the sources, most-quoted first, with their kind, role and how they are quoted
  (direct quote, indirect/reported speech, mixed);
* the share of claims attributed to anonymous sources;
* the shares of direct, indirect and mixed claims;
* the relays: outlets or agencies through which a claim reaches the reader.

It uses only the public API: :func:`claimkit.extract` for the claims and
:func:`claimkit.speakers` for the article's entity table (each claim's
``speaker.entity_id`` points into it).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import claimkit

KINDS = ("direct", "indirect", "mixed")


def share(part: int, whole: int, noun: str = "") -> str:
    """``"2 of 10 claims (20%)"``."""
    noun = f" {noun}" if noun else ""
    return f"{part} of {whole}{noun} ({part / whole:.0%})" if whole else f"0 of 0{noun}"


def audit(text: str, min_confidence: float = 0.0) -> str:
    """The audit of one article's text, as printable lines."""
    claims = claimkit.extract(text, min_confidence=min_confidence)
    entities = {entity.id: entity for entity in claimkit.speakers(text)}
    total = len(claims)
    lines = []

    # Claims per source: the entity a claim's speaker resolves to, else its mention as written.
    by_source: dict[str, Counter[str]] = {}
    described: dict[str, str] = {}
    anonymous = 0
    for claim in claims:
        speaker = claim.speaker
        entity = entities.get(speaker.entity_id) if speaker and speaker.entity_id is not None else None
        if entity is not None:
            label = entity.name
            details = [entity.kind, *entity.roles]
            if not entity.named:
                details.append("unnamed")
        elif speaker is not None and speaker.mention is not None:
            label = speaker.name or speaker.mention.text
            details = [d for d in (speaker.kind, speaker.role) if d]
        else:
            label, details = "(no speaker)", []
        if speaker is not None and speaker.anonymous:
            anonymous += 1
            details.append("anonymous")
        by_source.setdefault(label, Counter())[claim.kind] += 1
        described[label] = ", ".join(dict.fromkeys(details))

    lines.append(f"{total} claims from {len(by_source)} sources")
    lines.append("")
    lines.append("Who is quoted")
    lines.append(f"  {'claims':>6} {'direct':>6} {'indirect':>8} {'mixed':>5}  source")
    for label, kinds in sorted(by_source.items(), key=lambda item: (-item[1].total(), item[0])):
        about = f" ({described[label]})" if described[label] else ""
        lines.append(f"  {kinds.total():>6} {kinds['direct']:>6} {kinds['indirect']:>8} {kinds['mixed']:>5}  "
                     f"{label}{about}")

    lines.append("")
    lines.append(f"Anonymous sources: {share(anonymous, total, 'claims')}")
    kind_counts: Counter[str] = Counter(claim.kind for claim in claims)
    lines.append("Kinds: " + ", ".join(f"{kind} {share(kind_counts[kind], total)}" for kind in KINDS))

    relayed = [claim for claim in claims if claim.via]
    lines.append(f"Relayed through another outlet: {share(len(relayed), total, 'claims')}")
    for claim in relayed:
        speaker = claim.speaker
        who = (speaker.name or (speaker.mention.text if speaker.mention else None)) if speaker else None
        chain = " <- ".join(source.name for source in claim.via)
        lines.append(f"  {who or '(no speaker)'} via {chain}: {claim.content.text[:70]}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Who is quoted in an article, and how.")
    parser.add_argument("article", type=Path, help="a plain-text article (UTF-8)")
    parser.add_argument("--min-confidence", type=float, default=0.0, help="drop claims below this confidence")
    args = parser.parse_args(argv)
    try:
        text = args.article.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"{args.article}: {error}", file=sys.stderr)
        return 1
    print(f"{args.article}")
    print(audit(text, args.min_confidence))
    return 0


if __name__ == "__main__":
    sys.exit(main())
