"""Fuzz: articles salted with Unicode white space, format and control characters and lone
surrogates, in names, quotes and paragraph breaks. Nothing may raise, and every span of every
claim must cut its own text out of the article.

The articles are a few short templates written here, filled from lists of hostile characters.
Most cases go through ``nlp.pipe`` in batches (the parse is the cost); a smaller hypothesis
run explores the same space through ``claimkit.extract`` one text at a time.

Text is cleaned with :func:`claimkit.text_input.clean_text` before extraction (lone
surrogates become U+FFFD, one code point for one), so span offsets are checked against both
the cleaned text (exactly) and the original (equal but for surrogates).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimkit
from claimkit.claims import Claim, TextSpan
from claimkit.text_input import REPLACEMENT, clean_name, clean_text

pytestmark = pytest.mark.e2e

# --- what the articles are salted with --------------------------------------------------------

SPACES = ["\u00a0", *(chr(c) for c in range(0x2000, 0x200B)), "\u202f", "\u205f", "\u3000", "\u2028", "\u2029",
          "\u0085", "\u1680"]
FORMAT = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u202a", "\u202c", "\u202e",
          "\u2066", "\u2069", "\u00ad", "\u180e"]
CONTROL = [chr(c) for c in range(0x20) if chr(c) != "\n"] + ["\x7f", "\x9f"]
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d", "\ude00"]
HOSTILE = SPACES + FORMAT + CONTROL + SURROGATES

FIRST_NAMES = ["Ana", "Tavish", "Lee", "Dana", "Owen", "Maren"]
SURNAMES = ["Ruiz", "Orrin", "Marsh", "Moss", "Vickery", "Okafor"]
ORGS = ["the Harbour Authority", "Reuters", "the ministry", "Acme Corp", "the council"]
QUOTES = ["We will rebuild", "This cannot stand", "The plan is working", "Nobody told us anything",
          "We are ready to talk"]
PARAGRAPH_BREAKS = ["\n\n", "\n", "\n\u00a0\n", "\n\u3000\n", "\r\n\r\n", "\n\u200b\n", "\u2029", "\u2028",
                    "\n \u2002 \n", "\n.\n", "\n\ufeff\n"]

# Short articles in the shapes claimkit reads: direct quotes with cues before and after,
# indirect speech, "according to", continued quotes, colons, relays.
TEMPLATES = [
    "“{quote},” Mayor {name} said.{br}{name2} told reporters that the harbour would reopen{junk}.",
    "{name} said{junk} the plan was “{quote}.”{br}“{quote2},” {name2} added.",
    "The council{junk} met on Monday.{br}“{quote},” said {name}, a spokesperson for {org}.{br}"
    "According to {org}, the cost{junk} will rise.",
    "{name}, the minister, said: “{quote}”{br}She said the talks would go on, {name2} told Reuters.",
    "“{quote}{junk}” {name} told {org} on Tuesday.{br}“{quote2}”{br}{name2} disagreed, saying that {quote}.",
    "{org} quoted {name} as saying “{quote}.”{br}{junk}“{quote2},” he said.",
    "“{quote},” {name} said, “{quote2}.”{br}{name2}{junk} said nothing.",
    "{junk}{name}{junk}: “{quote}”{br}{org} reported that {name2} had resigned.",
]


def _junk(rng: random.Random, most: int = 3) -> str:
    return "".join(rng.choice(HOSTILE) for _ in range(rng.randint(1, most)))


def _name(rng: random.Random) -> str:
    """A person's name salted with hostile characters, or made of nothing but them."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    shape = rng.randrange(6)
    if shape == 0:
        return _junk(rng, 4)  # a "name" of white space, format characters or surrogates only
    if shape == 1:
        return f"{_junk(rng)}{first} {last}{_junk(rng)}"
    if shape == 2:
        return f"{first}{_junk(rng, 2)}{last}"
    if shape == 3:
        return f"{first} {_junk(rng, 1)} {last}"
    if shape == 4:
        return f"Mr. {_junk(rng, 3)}"
    return f"{first} {last}"


def _quote(rng: random.Random) -> str:
    words = rng.choice(QUOTES).split()
    at = rng.randrange(len(words) + 1)
    return " ".join([*words[:at], _junk(rng), *words[at:]]) if rng.random() < 0.6 else " ".join(words)


def article(rng: random.Random) -> str:
    """One short article from a template, salted with hostile characters."""
    return rng.choice(TEMPLATES).format(
        name=_name(rng), name2=_name(rng), org=rng.choice(ORGS), quote=_quote(rng), quote2=_quote(rng),
        junk=_junk(rng) if rng.random() < 0.7 else "",
        br=rng.choice(PARAGRAPH_BREAKS) + (_junk(rng, 2) if rng.random() < 0.3 else ""))


def articles(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [article(rng) for _ in range(count)]


# --- what must hold for every claim -------------------------------------------------------------

def text_spans(value: object) -> Iterator[TextSpan]:
    """Every TextSpan inside ``value``, found by walking attrs fields, tuples and lists, so that
    a span field added to the claim types later is checked too."""
    if isinstance(value, TextSpan):
        yield value
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from text_spans(getattr(value, field.name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from text_spans(item)


def _surrogate(char: str) -> bool:
    return "\ud800" <= char <= "\udfff"


def check_claims(original: str, claims: list[Claim]) -> None:
    cleaned = clean_text(original)
    for claim in claims:
        spans = list(text_spans(claim))
        assert spans, claim
        # Claim.spans() leaves out empty spans (a TextSpan of length 0 is falsy); all others it must list.
        assert {s for s in spans if len(s)} <= set(claim.spans()) <= set(spans), "Claim.spans() misses a span"
        for span in spans:
            assert 0 <= span.start <= span.end <= len(original), (span, original)
            assert cleaned[span.start : span.end] == span.text, (span, cleaned)
            written = original[span.start : span.end]
            assert all(a == b or (_surrogate(a) and b == REPLACEMENT)
                       for a, b in zip(written, span.text, strict=True)), (span, original)
        names = [claim.speaker.name] if claim.speaker is not None and claim.speaker.name is not None else []
        for name in names:
            assert name and clean_name(name) == name, (name, original)


# --- the runs -----------------------------------------------------------------------------------

PIPE_CASES = 2500


def test_salted_articles_in_batches():
    """Thousands of cases through ``nlp.pipe``: no failure recorded, every span exact."""
    nlp = claimkit.load()
    texts = articles(PIPE_CASES, seed=12)
    for text, doc in zip(texts, nlp.pipe([clean_text(t) for t in texts], batch_size=128), strict=True):
        assert doc._.claimkit_error is None, (doc._.claimkit_error, text)
        check_claims(text, claimkit.extract(doc))
        for entity in doc._.claim_entities:
            for name in (entity.name, *entity.aliases):
                # (An unnamed source's description may be empty: see test_a_blank_token_is_never_a_speaker.)
                assert (name or not entity.named) and clean_name(name) == name, (entity, text)


@st.composite
def salted_articles(draw: st.DrawFn) -> str:
    return article(random.Random(draw(st.integers(0, 2**32))))


@st.composite
def salted_by_hypothesis(draw: st.DrawFn) -> str:
    """Hostile characters chosen and placed by hypothesis itself, so that it can shrink a failure."""
    junk = st.text(st.sampled_from(HOSTILE), min_size=1, max_size=4)
    template = draw(st.sampled_from(TEMPLATES))
    name = draw(st.one_of(junk, st.builds(lambda a, j, b: f"{a}{j}{b}", st.sampled_from(FIRST_NAMES), junk,
                                          st.sampled_from(SURNAMES))))
    return template.format(name=name, name2=draw(junk), org=draw(st.sampled_from(ORGS)),
                           quote=draw(st.sampled_from(QUOTES)) + draw(junk), quote2=draw(junk),
                           junk=draw(junk), br=draw(st.sampled_from(PARAGRAPH_BREAKS)) + draw(junk))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(salted_articles(), salted_by_hypothesis()))
def test_salted_articles_one_at_a_time(text):
    check_claims(text, claimkit.extract(clean_text(text)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([*HOSTILE, "“", "”", '"', "'", "a", " ", "\n", ".", "said", "Ana", "Ruiz"]),
                max_size=40).map("".join))
def test_arbitrary_strings_of_hostile_characters(text):
    check_claims(text, claimkit.extract(clean_text(text)))


def test_lone_surrogates_are_read_as_replacement_characters():
    text = "“We will\ud800 rebuild,” Ana Ruiz said.\udfff"
    claims = claimkit.extract(clean_text(text))
    check_claims(text, claims)
    (claim,) = claims
    assert claim.content.text == "We will\ufffd rebuild"
    assert claim.speaker is not None and claim.speaker.name == "Ana Ruiz"


def test_a_blank_token_is_never_a_speaker():
    text = ("“The plan is \x0e\u202f working\u2006” \u200b\x12\x0b told the Harbour Authority on Tuesday."
            "\n\u200b\n“We are ready to talk”")
    claims = claimkit.extract(text)
    check_claims(text, claims)
    assert claims
    assert all(c.speaker is None or len(c.speaker.mention or ()) > 0 for c in claims)


def test_serial_equals_parallel():
    """The batch path with two processes gives what one text at a time gives, on raw
    (uncleaned) salted texts."""
    texts = articles(50, seed=34)
    serial = [claimkit.extract(clean_text(text)) for text in texts]
    parallel = list(claimkit.extract(texts, n_process=2))
    assert parallel == serial
