"""Claims as readable text, for terminals and ``make demo``; :func:`terminal_safe` for any text shown there.

Article text is untrusted: it may hold escape sequences a terminal acts on (``ESC ]0;...BEL``
sets the window title, OSC 52 writes the clipboard, others move the cursor to overwrite
what was shown) and bidirectional overrides that reorder what is read. Everything these
functions return has those characters written as visible escapes.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable

from claimkit.claims import Claim

# C0 controls but tab and newline (ESC, BEL, CR, backspace...), DEL, C1 controls (U+0080 to
# U+009F, among them the one-byte CSI and OSC), the bidi embeddings, overrides and isolates
# (U+202A to U+202E, U+2066 to U+2069) and lone surrogates, which a terminal cannot encode.
_UNSAFE_CHARS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = re.compile(f"[{_UNSAFE_CHARS}]")
_UNSAFE_OR_NEWLINE = re.compile(f"[{_UNSAFE_CHARS}\n]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str, *, one_line: bool = False) -> str:
    """``text`` with every character a terminal would act on written as a visible escape.

    ``"\\x1b]0;owned\\x07"`` is shown as the plain text ``\\x1b]0;owned\\x07``; a
    right-to-left override as ``\\u202e``. Tabs and newlines are kept, unless ``one_line``,
    which writes newlines as ``\\x0a`` too (for a one-line message). Printable text,
    including every other non-ASCII character, is unchanged. A backslash already in the text
    is not escaped, so the result is for reading, not for decoding back.
    """
    return (_UNSAFE_OR_NEWLINE if one_line else _UNSAFE).sub(_escape, text)


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
        textwrap.indent(textwrap.fill(claim.text, width=88), "     "),
        f"     speaker: {who}",
        f"     cue:     {cue}",
    ]
    if claim.via:
        lines.append(f"     via:     {' <- '.join(s.name for s in claim.via)}")
    return terminal_safe("\n".join(lines))


def format_claims(claims: Iterable[Claim]) -> str:
    """The blocks of :func:`format_claim`, numbered from 1, or a note that there are none; terminal-safe."""
    blocks = [format_claim(i, c) for i, c in enumerate(claims, start=1)]
    return "\n\n".join(blocks) if blocks else "(no claims found)"
