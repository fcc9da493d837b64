"""claimkit.render without a browser: escaping, every span drawn exactly once, one table row per claim."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest
from attrs import evolve

import claimkit
from claimkit.claims import Claim, Cue, Evidence, Source, Speaker, TextSpan
from claimkit.viz import claim_spans

# An invented article; claim 5's content contains claim 3's speaker, cue and relay (nested
# attribution), and claims 2 and 5 share their speaker mention.
TEXT = (
    "Mayor Ines Vantongeren said <script>alert(1)</script> was typed into the council form.\n\n"
    "\"It was <img src=x onerror=alert(1)> & worse,\" she said, adding that the Tidewater Post "
    "reported officials denied it.\n\n"
    "She warned residents not to click links."
)


def s(needle: str, nth: int = 0) -> TextSpan:
    """The ``nth`` occurrence of ``needle`` in TEXT."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    return TextSpan.from_offsets(TEXT, start, start + len(needle))


def make_claims() -> list[Claim]:
    mayor = dict(name="Ines Vantongeren", kind="person", role="Mayor <of> \"Tide\" & Co", entity_id=0)
    first_content = s("<script>alert(1)</script> was typed into the council form")
    quote = (s("It was"), s("<img src=x onerror=alert(1)> & worse"))  # two fragments, a space between
    reported = s("the Tidewater Post reported officials denied it")
    she = s("she", 0)
    denied_it = s("denied it")
    it = TextSpan.from_offsets(TEXT, denied_it.end - 2, denied_it.end)
    return [
        Claim(content=first_content, fragments=(first_content,), kind="indirect",
              cue=Cue(span=s("said"), lemma="say"),
              speaker=Speaker(mention=s("Mayor Ines Vantongeren"), **mayor), confidence=0.81),
        Claim(content=TextSpan.from_offsets(TEXT, quote[0].start, quote[1].end), fragments=quote,
              kind="direct", cue=Cue(span=s("said", 1), lemma="say"), speaker=Speaker(mention=she, **mayor),
              confidence=0.7, evidence=Evidence(rule="test")),
        Claim(content=it, fragments=(it,), kind="indirect",
              cue=Cue(span=s("denied"), lemma="deny", stance="distancing"),
              speaker=Speaker(mention=s("officials"), kind="group", anonymous=True),
              via=(Source(span=s("the Tidewater Post"), name="Tidewater <Post>"),), confidence=0.4),
        Claim(content=s("residents not to click links"), fragments=(s("residents not to click links"),),
              kind="indirect", cue=Cue(span=s("warned"), lemma="warn"), speaker=Speaker(mention=s("She"), **mayor)),
        Claim(content=reported, fragments=(reported,), kind="mixed", cue=Cue(span=s("adding"), lemma="add"),
              speaker=Speaker(mention=she, **mayor), confidence=0.66),
    ]


class Segments(HTMLParser):
    """The article div's text pieces, each with the attributes of the span around it (if any)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 inside the article div
        self.current: dict[str, str] | None = None
        self.pieces: list[tuple[str, dict[str, str] | None]] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in_tbody = False

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        if self.depth:
            assert tag == "span", f"unexpected <{tag}> inside the article"
            assert self.current is None, "segments must not nest"
            self.current = attributes
            self.depth += 1
        elif tag == "div" and attributes.get("class") == "ck-article":
            self.depth = 1
        elif tag == "tbody":
            self._in_tbody = True
        elif tag == "tr" and self._in_tbody:
            self.rows.append([])
        elif tag == "td" and self._in_tbody:
            self._cell = []

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            if tag == "span":
                self.current = None
        elif tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None
        elif tag == "tbody":
            self._in_tbody = False

    def handle_data(self, data):
        if self.depth:
            self.pieces.append((data, self.current))
        elif self._cell is not None:
            self._cell.append(data)


def parse(fragment: str) -> Segments:
    parser = Segments()
    parser.feed(fragment)
    parser.close()
    return parser


def covered(pieces, kind: str, number: int) -> set[int]:
    """Character offsets drawn as ``kind`` of claim ``number``."""
    out, at = set(), 0
    for text, attrs in pieces:
        if attrs and str(number) in attrs.get(f"data-{kind}", "").split():
            out.update(range(at, at + len(text)))
        at += len(text)
    return out


def test_article_text_is_written_exactly_once_and_unchanged():
    pieces = parse(claimkit.render(TEXT, make_claims()).fragment).pieces
    assert "".join(text for text, _ in pieces) == TEXT


def test_every_span_is_drawn_once_with_its_kind_and_claim_number():
    claims = make_claims()
    pieces = parse(claimkit.render(TEXT, claims).fragment).pieces
    for number, claim in enumerate(claims, start=1):
        for kind in ("content", "cue", "speaker", "relay"):
            expected = {i for k, sp in claim_spans(claim) if k == kind for i in range(sp.start, sp.end)}
            assert covered(pieces, kind, number) == expected, (number, kind)
    # data-claims is the union of the per-kind numbers, and every class matches a data attribute.
    for _, attrs in pieces:
        if attrs is None:
            continue
        per_kind = {n for k in ("content", "cue", "speaker", "relay") for n in attrs.get(f"data-{k}", "").split()}
        assert set(attrs["data-claims"].split()) == per_kind
        for k in ("content", "cue", "speaker", "relay"):
            assert (f"ck-{k}" in attrs["class"].split()) == (f"data-{k}" in attrs)


def test_overlapping_spans_carry_every_class():
    pieces = parse(claimkit.render(TEXT, make_claims()).fragment).pieces
    by_text = {text: attrs for text, attrs in pieces}
    # "officials" is the speaker of claim 3 and inside claim 5's content.
    officials = by_text["officials"]
    assert officials is not None
    assert set(officials["class"].split()) >= {"ck-content", "ck-speaker", "ck-kind-mixed"}
    assert officials["data-content"] == "5" and officials["data-speaker"] == "3"
    assert officials["data-claims"] == "3 5"
    # "the Tidewater Post" is claim 3's relay inside claim 5's content; "denied" a distancing cue.
    assert by_text["the Tidewater Post"]["data-relay"] == "3"
    assert "ck-distancing" in by_text["denied"]["class"].split()
    # The shared mention "she" belongs to claims 2 and 5, "She" to claim 4 alone.
    assert by_text["she"]["data-speaker"] == "2 5"
    assert by_text["She"]["data-speaker"] == "4"
    # The space between claim 2's two fragments is not drawn as content.
    assert ("It was", by_text["It was"]) in pieces and by_text[" "] is None


def test_article_and_field_values_are_escaped():
    claims = make_claims()
    page = claimkit.render(TEXT, claims, title="<b>Audit</b>").html
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>Audit</b>" not in page and "&lt;b&gt;Audit&lt;/b&gt;" in page
    assert "Mayor <of>" not in page and "Mayor &lt;of&gt; &#34;Tide&#34; &amp; Co" in page
    assert "Tidewater <Post>" not in page and "Tidewater &lt;Post&gt;" in page
    # The only script is claimkit's own, and every tag in the page is one claimkit writes.
    assert page.count("<script") == 1
    tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", page))
    assert tags <= {"html", "head", "meta", "title", "body", "style", "div", "h1", "h2", "ul", "li", "span",
                    "table", "thead", "tbody", "tr", "th", "td", "p", "b", "dl", "dt", "dd", "script",
                    "label", "input", "select", "option", "meter"}


def test_hover_text_has_every_field():
    claims = make_claims()
    pieces = parse(claimkit.render(TEXT, claims).fragment).pieces
    title = dict(pieces)["officials"]["title"]  # unescaped by the parser: the text a browser shows
    assert "Claim 3\nkind: indirect\nspeaker: officials\nresolved: —" in title
    assert "Claim 5\nkind: mixed\nspeaker: she\nresolved: Ines Vantongeren" in title
    assert "anonymous: yes" in title and "cue: denied (distancing)" in title
    assert "via: Tidewater <Post>" in title and "confidence: 0.40" in title
    assert "role: Mayor <of> \"Tide\" & Co" in title


def test_hover_text_names_the_rules_that_made_the_claim():
    claim = make_claims()[0]
    ruled = evolve(claim, evidence=Evidence(rule="quote_cue_after",
                                                  rules=("quote_cue_after", "quoted_words", "subject_of_cue", "named")))
    titles = [a["title"] for _, a in parse(claimkit.render(TEXT, [ruled]).fragment).pieces if a and "title" in a]
    title = titles[0]
    assert "rules: quote_cue_after, quoted_words, subject_of_cue, named" in title


def test_table_has_one_row_per_claim_with_its_fields():
    claims = make_claims()
    rows = parse(claimkit.render(TEXT, claims).fragment).rows
    assert len(rows) == len(claims)
    for number, (row, claim) in enumerate(zip(rows, claims, strict=True), start=1):
        assert row[0] == str(number)
        assert row[1] == claim.kind
        assert row[2] == " … ".join(f.text for f in claim.fragments)
        assert row[3] == claim.speaker.mention.text
        assert row[4] == (claim.speaker.name or "")
        assert row[7] == ("yes" if claim.speaker.anonymous else "no")
        assert row[8] == claim.cue.span.text and row[9] == claim.cue.stance
        assert row[11] == f"{claim.confidence:.2f}"
    assert rows[2][10] == "Tidewater <Post>"


def test_page_is_standalone_with_a_policy_allowing_only_its_own_script(tmp_path):
    rendering = claimkit.render(TEXT, make_claims())
    page = rendering.html
    assert page.startswith("<!DOCTYPE html>")
    assert "http://" not in page and "https://" not in page
    assert not re.search(r"<[a-z][^>]*\s(src|href|action)=", page)
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    assert f"script-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    style_digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'sha256-{style_digest}'" in policy  # the inline style, byte for byte
    assert rendering._repr_html_() == rendering.fragment and rendering.fragment in page
    saved = rendering.save(tmp_path / "page.html")
    assert saved.read_text(encoding="utf-8") == page


def test_no_claims_gives_the_text_and_an_empty_table_note():
    rendering = claimkit.render("Nothing was said. <b>bold</b>", [])
    assert parse(rendering.fragment).pieces == [("Nothing was said. <b>bold</b>", None)]
    assert "No claims found." in rendering.fragment


def test_claims_from_another_text_are_refused():
    with pytest.raises(ValueError, match="does not match the text"):
        claimkit.render(TEXT.upper(), make_claims())


def test_bad_input_type():
    with pytest.raises(claimkit.InputTypeError):
        claimkit.render(b"bytes")  # type: ignore[arg-type]


def test_two_renderings_have_distinct_ids():
    a, b = claimkit.render(TEXT, []), claimkit.render(TEXT, [])
    ids = [re.search(r'class="ck-root" id="([^"]+)"', r.fragment).group(1) for r in (a, b)]
    assert ids[0] != ids[1]


@pytest.mark.e2e
def test_render_extracts_when_no_claims_are_given(nlp):
    text = ("\"The ferry will run again on Friday,\" harbour master Tomas Okonkwo said.\n\n"
            "He said the crossing had been closed since the storm.")
    rendering = claimkit.render(text)
    assert rendering.claims == tuple(claimkit.extract(text))
    assert len(parse(rendering.fragment).rows) == len(rendering.claims) >= 2
    assert "Tomas Okonkwo" in rendering.fragment
    doc = nlp(text)
    assert claimkit.render(doc).claims == rendering.claims


def test_save_is_whole_or_nothing_on_a_full_disk(tmp_path, monkeypatch):
    import errno
    import os

    import claimkit.atomic

    target = tmp_path / "page.html"
    target.write_text("the old page", encoding="utf-8")

    def full(descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(claimkit.atomic.os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        claimkit.render(TEXT, make_claims()).save(target)
    assert target.read_text(encoding="utf-8") == "the old page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]
