"""Quotation marks glued to the next word, split off by the tokenizer.

Scraped news often loses the space after a closing quotation mark or before an opening one:
``“... the prejudice,”Clinton said.`` or ``she said,“We will win.”``. spaCy's English
tokenizer strips quotation marks only at the edges of a space-separated chunk, so
``prejudice,”Clinton`` stays one token: the parser then has no speaker to find and the
quote detector's marks fall inside a word. :func:`split_glued_quotes` adds infix patterns
that split such a mark (and the comma or full stop before it) from the words beside it.

Scope and limits: a closing double mark (curly or straight) glued between a comma, full stop,
question or exclamation mark and a letter (``,”Clinton``, ``,"Clinton``), and a curly opening
mark glued after a letter, comma or colon and before a letter (``said,“We``). A mark between
two letters is left alone (a straight one may be an inch mark, ``5"x7"``); so are the other
styles of the table (guillemets, low-high marks). Text with its spaces in place tokenizes as
before.
"""

from __future__ import annotations

import re

from spacy.language import Language

from claimkit import quotes

LETTER = r"[^\W\d_]"


def glued_quote_infixes() -> tuple[str, ...]:
    """The infix patterns, with the marks of the English double styles of claimkit's one table
    of quotation marks (:data:`claimkit.quotes.QUOTE_STYLES`, read at call time)."""
    english = [style for style in quotes.QUOTE_STYLES if style.english and style.double]
    closers = "".join(sorted({re.escape(style.closing) for style in english}))
    openers = "".join(sorted({re.escape(style.opening) for style in english if not style.straight}))
    return (
        rf"(?<={LETTER})[,.!?](?=[{closers}]{LETTER})",  # the punctuation of "prejudice,”Clinton"
        rf"(?<=[,.!?])[{closers}](?={LETTER})",  # its closing mark
        rf"(?<={LETTER})[,:](?=[{openers}]{LETTER})",  # the comma of "said,“We"
        rf"(?:(?<={LETTER})|(?<=[,:]))[{openers}](?={LETTER})",  # an opening mark after a letter or that comma
    )


def split_glued_quotes(nlp: Language) -> None:
    """Make ``nlp``'s tokenizer split quotation marks glued to words (idempotent). A tokenizer
    without infix patterns (not spaCy's rule-based one) is left as it is."""
    tokenizer = nlp.tokenizer
    finditer = getattr(tokenizer, "infix_finditer", None)
    existing = getattr(finditer, "__self__", None)
    if not isinstance(existing, re.Pattern):
        return
    glued = "|".join(glued_quote_infixes())
    if glued in existing.pattern:
        return
    tokenizer.infix_finditer = re.compile(f"{existing.pattern}|{glued}").finditer  # type: ignore[union-attr]
