"""Claims as readable text, for terminals and ``make demo``."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from claimkit.claims import Claim


def format_claim(number: int, claim: Claim) -> str:
    """One claim as a short block: content, then who, how and through whom."""
    speaker = claim.speaker
    who = "(no speaker)"
    if speaker is not None and speaker.mention is not None:
        who = f"{speaker.mention.text!r}"
        if speaker.name and speaker.name != speaker.mention.text:
            who += f" -> {speaker.name}"
        details = [d for d in (speaker.kind, speaker.role and f"role: {speaker.role}",
                               "anonymous" if speaker.anonymous else None) if d]
        if details:
            who += f" [{', '.join(details)}]"
    cue = f"{claim.cue.span.text!r} ({claim.cue.stance})" if claim.cue else "(none: continues the quote above)"
    lines = [
        f"{number:>3}. [{claim.kind}] confidence {claim.confidence:.2f}",
        textwrap.indent(textwrap.fill(" … ".join(f.text for f in claim.fragments), width=88), "     "),
        f"     speaker: {who}",
        f"     cue:     {cue}",
    ]
    if claim.via:
        lines.append(f"     via:     {' <- '.join(s.name for s in claim.via)}")
    return "\n".join(lines)


def format_claims(claims: Iterable[Claim]) -> str:
    blocks = [format_claim(i, c) for i, c in enumerate(claims, start=1)]
    return "\n\n".join(blocks) if blocks else "(no claims found)"
