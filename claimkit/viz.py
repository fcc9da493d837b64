"""Claims drawn on their article: :func:`render` gives an HTML page with every span highlighted.

The text is cut at every span boundary (content fragments, cues, speaker mentions, relays,
of every claim), so overlapping spans never nest wrongly and each character of the article
is written exactly once: a segment carries one class per kind of span covering it
(``ck-content``, ``ck-cue``, ``ck-speaker``, ``ck-relay``) and, per kind, the numbers of the
claims it belongs to (``data-content="1 3"``, ``data-claims`` for all of them). Claim numbers
start at 1, as in the table below the text and in ``claimkit show``.

Everything from the article or a claim is escaped by the template (``article.html.j2``,
autoescaped); the page's only script is claimkit's own tooltip code, and the standalone page
(:attr:`Rendering.html`) has a Content-Security-Policy that allows nothing else: no other
script, no network.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from attrs import frozen
from markupsafe import Markup

from claimkit.atomic import atomic_write
from claimkit.claims import Claim, TextSpan
from claimkit.errors import InputTypeError
from claimkit.report_render import standalone_page
from claimkit.templating import render_template
from claimkit.viz_assets import CSS, SCRIPT

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: The kinds of span drawn, in the order classes are written.
SPAN_KINDS = ("content", "cue", "speaker", "relay")

#: Claims less sure than this are marked for review: a dotted underline in the text, a red
#: edge and a "review" badge in the table, and a filter that shows only them.
REVIEW_BELOW = 0.5

_ids = itertools.count(1)

@frozen
class Rendering:
    """An article with its claims drawn on it.

    ``_repr_html_`` shows it in Jupyter; :attr:`html` is a standalone page (inline CSS, no
    external resources); :meth:`save` writes that page.
    """

    text: str
    claims: tuple[Claim, ...]
    title: str
    fragment: str
    script: str

    def _repr_html_(self) -> str:
        return self.fragment

    @property
    def html(self) -> str:
        """A full HTML page with its own CSS and script, and a policy forbidding anything else."""
        return standalone_page(self.title, self.fragment, style=CSS, script=self.script, style_in_body=True)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write :attr:`html` to ``path`` (UTF-8) and return the path.

        Written whole or not at all (:func:`claimkit.atomic.atomic_write`): when writing
        fails, e.g. on a full disk, the OSError is raised and ``path`` is left as it was.
        """
        target = Path(path)
        with atomic_write(target) as handle:
            handle.write(self.html)
        return target

    def __str__(self) -> str:
        return self.html


def render(text_or_doc: str | Doc, claims: Iterable[Claim] | None = None, *, nlp: Language | None = None,
           title: str | None = None, nav: Sequence[tuple[str, str]] = ()) -> Rendering:
    """The article with its claims highlighted, as HTML.

    Args:
        text_or_doc: the article (str) or a spaCy ``Doc`` of it.
        claims: the claims to draw; default: :func:`claimkit.extract` of the text (or Doc).
            Their spans must be offsets into this text.
        nlp: the pipeline used when extracting; default :func:`claimkit.load`.
        title: the page's heading; default "claimkit: N claims".
        nav: ``(label, href)`` links shown above the heading (a folder's index and report).

    Raises:
        InputTypeError: [E001] ``text_or_doc`` is neither a str nor a Doc.
        ValueError: a claim's span does not match the text (claims from another text).
    """
    from spacy.tokens import Doc

    if isinstance(text_or_doc, Doc):
        text = text_or_doc.text
    elif isinstance(text_or_doc, str):
        text = text_or_doc
    else:
        raise InputTypeError(f"claimkit.render() got {type(text_or_doc).__name__}; it accepts a str or a spaCy Doc.")
    if claims is None:
        from claimkit.api import extract

        found = extract(text_or_doc, nlp=nlp) if isinstance(text_or_doc, Doc) else extract(text, nlp=nlp)
        claims = found
    claim_list = tuple(claims)
    marks = _marks(text, claim_list)
    uid = f"claimkit-{os.getpid()}-{next(_ids)}"
    heading = title if title is not None else f"claimkit: {len(claim_list)} claim{'s' * (len(claim_list) != 1)}"
    script = SCRIPT.replace("__ID__", uid)
    fragment = render_template(
        "article.html.j2", css=Markup(CSS), script=Markup(script), uid=uid, nav=nav, heading=heading,
        legend=LEGEND, segments=_segments(text, marks, claim_list), kinds=("direct", "indirect", "mixed"),
        review_below=REVIEW_BELOW, rows=[_row(n, c) for n, c in enumerate(claim_list, start=1)]).rstrip("\n")
    return Rendering(text=text, claims=claim_list, title=heading, fragment=fragment, script=script)


def claim_spans(claim: Claim) -> list[tuple[str, TextSpan]]:
    """``(kind, span)`` for every span drawn for ``claim``: content fragments, cue, speaker, relays."""
    out: list[tuple[str, TextSpan]] = [("content", f) for f in (claim.fragments or (claim.content,))]
    if claim.cue is not None:
        out.append(("cue", claim.cue.span))
    if claim.speaker is not None and claim.speaker.mention is not None:
        out.append(("speaker", claim.speaker.mention))
    out.extend(("relay", source.span) for source in claim.via)
    return out


def _marks(text: str, claims: Sequence[Claim]) -> list[tuple[int, int, str, int]]:
    marks = []
    for number, claim in enumerate(claims, start=1):
        for kind, span in claim_spans(claim):
            if not (0 <= span.start <= span.end <= len(text)) or text[span.start:span.end] != span.text:
                raise ValueError(f"claim {number}: its {kind} span {span.start}-{span.end} ({span.text!r}) does not "
                                 "match the text; were the claims extracted from another text?")
            if span.end > span.start:
                marks.append((span.start, span.end, kind, number))
    return marks


@frozen
class Segment:
    """A piece of the article between two span boundaries: the claim numbers drawn before it,
    and, when spans cover it, its classes, ``data-*`` attributes and hover text."""

    text: str
    numbers: tuple[int, ...] = ()
    classes: str = ""
    data: tuple[tuple[str, str], ...] = ()
    title: str = ""


def _segments(text: str, marks: list[tuple[int, int, str, int]], claims: Sequence[Claim]) -> list[Segment]:
    """The text cut at every boundary; each piece with the classes of the spans covering it."""
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for i, (start, end, _, _) in enumerate(marks):
        starts.setdefault(start, []).append(i)
        ends.setdefault(end, []).append(i)
    # Each claim's number where its content starts: an empty element whose CSS draws the
    # number, so the article's own characters are all the text the page holds.
    numbered: dict[int, list[int]] = {}
    for number, claim in enumerate(claims, start=1):
        first = (claim.fragments or (claim.content,))[0]
        numbered.setdefault(first.start, []).append(number)
    bounds = sorted({0, len(text), *starts, *ends, *numbered})
    active: set[int] = set()
    out: list[Segment] = []
    for a, b in itertools.pairwise(bounds):
        active.difference_update(ends.get(a, ()))
        active.update(starts.get(a, ()))
        before = tuple(numbered.get(a, ()))
        if not active:
            out.append(Segment(text[a:b], before))
            continue
        by_kind: dict[str, set[int]] = {}
        for i in active:
            by_kind.setdefault(marks[i][2], set()).add(marks[i][3])
        numbers = sorted(set().union(*by_kind.values()))
        classes = ["ck"] + [f"ck-{kind}" for kind in SPAN_KINDS if kind in by_kind]
        classes += sorted({f"ck-kind-{claims[n - 1].kind}" for n in by_kind.get("content", ())})
        if any(claims[n - 1].confidence < REVIEW_BELOW for n in by_kind.get("content", ())):
            classes.append("ck-low")
        if any((c := claims[n - 1].cue) is not None and c.stance == "distancing" for n in by_kind.get("cue", ())):
            classes.append("ck-distancing")
        data = [("claims", " ".join(map(str, numbers)))]
        data += [(kind, " ".join(map(str, sorted(by_kind[kind])))) for kind in SPAN_KINDS if kind in by_kind]
        hover = "\n\n".join(_summary(n, claims[n - 1]) for n in numbers)
        out.append(Segment(text[a:b], before, " ".join(classes), tuple(data), hover))
    return out


LEGEND = (
    ("ck ck-content ck-kind-direct", "direct quote"),
    ("ck ck-content ck-kind-indirect", "reported speech"),
    ("ck ck-content ck-kind-mixed", "mixed"),
    ("ck ck-speaker", "speaker"),
    ("ck ck-cue", "cue"),
    ("ck ck-cue ck-distancing", "distancing cue"),
    ("ck ck-relay", "relay (via)"),
)


@frozen
class SpeakerCells:
    """A claim's speaker as the page shows it; empty strings where there is none."""

    written: str
    name: str
    kind: str
    role: str
    anonymous: str

    @classmethod
    def of(cls, claim: Claim) -> SpeakerCells:
        speaker = claim.speaker
        return cls(written=speaker.mention.text if speaker is not None and speaker.mention is not None else "",
                   name=(speaker.name if speaker else None) or "", kind=(speaker.kind if speaker else None) or "",
                   role=(speaker.role if speaker else None) or "",
                   anonymous="yes" if speaker is not None and speaker.anonymous else "no")


def _fields(claim: Claim) -> list[tuple[str, str]]:
    """The claim's fields as (label, plain text) pairs; the template escapes them."""
    who = SpeakerCells.of(claim)
    cue = f"{claim.cue.span.text} ({claim.cue.stance})" if claim.cue else "— (continues the quote above)"
    return [
        ("kind", claim.kind),
        ("speaker", who.written or "—"),
        ("resolved", who.name or "—"),
        ("speaker kind", who.kind or "—"),
        ("role", who.role or "—"),
        ("anonymous", who.anonymous),
        ("cue", cue),
        ("via", " ← ".join(s.name for s in claim.via) or "—"),
        ("confidence", f"{claim.confidence:.2f}"),
        ("rules", ", ".join(claim.evidence.rules) or claim.evidence.rule),
    ]


def _summary(number: int, claim: Claim) -> str:
    """Plain text for a title attribute."""
    return f"Claim {number}\n" + "\n".join(f"{label}: {value}" for label, value in _fields(claim))


@frozen
class Row:
    """A claim's row in the table: its cells but the confidence, and what the filters read."""

    number: int
    kind: str
    cells: tuple[str, ...]
    who: str
    anonymous: str
    confidence: float
    review: bool
    fields: tuple[tuple[str, str], ...]


def _row(number: int, claim: Claim) -> Row:
    who = SpeakerCells.of(claim)
    cells = (
        str(number),
        claim.kind,
        claim.text,
        who.written,
        who.name,
        who.kind,
        who.role,
        who.anonymous,
        claim.cue.span.text if claim.cue else "",
        claim.cue.stance if claim.cue else "",
        " ← ".join(s.name for s in claim.via),
    )
    return Row(number=number, kind=claim.kind, cells=cells,
               who=" ".join(filter(None, [who.written, who.name, who.role])).lower(), anonymous=who.anonymous,
               confidence=claim.confidence, review=claim.confidence < REVIEW_BELOW, fields=tuple(_fields(claim)))
