"""Claims drawn on their article: :func:`render` gives an HTML page with every span highlighted.

The text is cut at every span boundary (content fragments, cues, speaker mentions, relays,
of every claim), so overlapping spans never nest wrongly and each character of the article
is written exactly once: a segment carries one class per kind of span covering it
(``ck-content``, ``ck-cue``, ``ck-speaker``, ``ck-relay``) and, per kind, the numbers of the
claims it belongs to (``data-content="1 3"``, ``data-claims`` for all of them). Claim numbers
start at 1, as in the table below the text and in ``claimkit show``.

Everything from the article or a claim goes through :func:`html.escape`; the page's only
script is claimkit's own tooltip code, and the standalone page (:attr:`Rendering.html`) has a
Content-Security-Policy that allows nothing else: no other script, no network.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from attrs import frozen

from claimkit.atomic import atomic_write
from claimkit.claims import Claim, TextSpan
from claimkit.errors import InputTypeError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: The kinds of span drawn, in the order classes are written.
SPAN_KINDS = ("content", "cue", "speaker", "relay")

_ids = itertools.count(1)

CSS = """
.ck-root{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;line-height:1.6;
  max-width:72rem}
.ck-root h1{font-size:1.3rem;margin:.2rem 0 .6rem}
.ck-root h2{font-size:1.05rem;margin:1.4rem 0 .4rem}
.ck-legend{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;list-style:none;padding:0;margin:.4rem 0 .8rem;
  font-size:.85rem}
.ck-legend li{display:flex;align-items:center;gap:.4rem}
.ck-article{white-space:pre-wrap;border:1px solid #d8d8de;border-radius:6px;padding:1rem 1.2rem;
  background:#fff;font-family:Georgia,"Times New Roman",serif;font-size:1.02rem}
.ck{border-radius:2px}
.ck-content{background:#fff1b8}
.ck-content.ck-kind-direct{background:#ffe27a}
.ck-content.ck-kind-mixed{background:#ffd3a8}
.ck-speaker{box-shadow:inset 0 -.5em 0 #9fc8ff;font-weight:600}
.ck-cue{text-decoration:underline 2px #b23a48;text-underline-offset:3px;color:#8a1c2b}
.ck-cue.ck-distancing{color:#fff;background:#b23a48}
.ck-relay{outline:2px dashed #2e8b57;outline-offset:1px}
.ck-active{outline:2px solid #222;outline-offset:1px}
.ck-swatch{display:inline-block;padding:0 .35rem;font-family:Georgia,serif}
.ck-table{border-collapse:collapse;font-size:.85rem;width:100%}
.ck-table th,.ck-table td{border:1px solid #d8d8de;padding:.25rem .45rem;text-align:left;vertical-align:top}
.ck-table th{background:#f3f3f6}
.ck-table tr.ck-active td{background:#eef5ff}
.ck-num{text-align:right;font-variant-numeric:tabular-nums}
.ck-tip-src{display:none}
.ck-tooltip{position:fixed;z-index:1000;max-width:26rem;background:#1d1d1f;color:#f5f5f7;
  border-radius:6px;padding:.5rem .7rem;font:13px/1.45 system-ui,sans-serif;box-shadow:0 4px 14px #0004;
  pointer-events:none}
.ck-tooltip[hidden]{display:none}
.ck-tooltip .ck-tip+.ck-tip{border-top:1px solid #555;margin-top:.4rem;padding-top:.4rem}
.ck-tip b{color:#ffd76a}
.ck-tip dl{display:grid;grid-template-columns:auto 1fr;gap:0 .6rem;margin:.2rem 0 0}
.ck-tip dt{color:#aeb4c0}
.ck-tip dd{margin:0}
.ck-none{color:#777}
""".strip()

# Static code; the only value put in is the rendering's id, made here from a counter.
_JS = """
(function(){
  var root=document.getElementById("__ID__");
  if(!root||root.dataset.ckReady){return;}
  root.dataset.ckReady="1";
  var tip=root.querySelector(".ck-tooltip");
  root.querySelectorAll("[title]").forEach(function(el){
    el.setAttribute("data-title",el.getAttribute("title"));el.removeAttribute("title");
  });
  function numbers(el){return (el.getAttribute("data-claims")||"").split(" ").filter(Boolean);}
  function mark(nums,on){
    nums.forEach(function(n){
      root.querySelectorAll('[data-claim="'+n+'"], .ck[data-claims~="'+n+'"]').forEach(function(el){
        el.classList.toggle("ck-active",on);
      });
    });
  }
  function show(el,ev){
    var nums=numbers(el);
    tip.textContent="";
    nums.forEach(function(n){
      var src=document.getElementById("__ID__-tip-"+n);
      if(src){var copy=src.cloneNode(true);copy.removeAttribute("id");copy.className="ck-tip";tip.appendChild(copy);}
    });
    tip.hidden=false;
    var x=Math.min(ev.clientX+14,window.innerWidth-tip.offsetWidth-8);
    var y=ev.clientY+18;
    if(y+tip.offsetHeight>window.innerHeight-8){y=Math.max(8,ev.clientY-tip.offsetHeight-12);}
    tip.style.left=Math.max(8,x)+"px";tip.style.top=y+"px";
  }
  root.querySelectorAll(".ck[data-claims]").forEach(function(el){
    el.addEventListener("mouseenter",function(ev){show(el,ev);mark(numbers(el),true);});
    el.addEventListener("mouseleave",function(){tip.hidden=true;mark(numbers(el),false);});
  });
  root.querySelectorAll("tr[data-claim]").forEach(function(row){
    var nums=[row.getAttribute("data-claim")];
    row.addEventListener("mouseenter",function(){mark(nums,true);});
    row.addEventListener("mouseleave",function(){mark(nums,false);});
  });
})();
""".strip()


def _e(value: object) -> str:
    """Escaped for HTML text and attribute values (quotes included)."""
    return html.escape(str(value), quote=True)


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


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
        policy = (f"default-src 'none'; style-src {_csp_hash(CSS)}; script-src {_csp_hash(self.script)}; "
                  "img-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'")
        return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                f"<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n"  # claimkit's own constant
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                f"<title>{_e(self.title)}</title>\n</head>\n<body>\n{self.fragment}\n</body>\n</html>\n")

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
           title: str | None = None) -> Rendering:
    """The article with its claims highlighted, as HTML.

    Args:
        text_or_doc: the article (str) or a spaCy ``Doc`` of it.
        claims: the claims to draw; default: :func:`claimkit.extract` of the text (or Doc).
            Their spans must be offsets into this text.
        nlp: the pipeline used when extracting; default :func:`claimkit.load`.
        title: the page's heading; default "claimkit: N claims".

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
    script = _JS.replace("__ID__", uid)
    parts = [
        f"<style>{CSS}</style>",
        f'<div class="ck-root" id="{uid}">',
        f"<h1>{_e(heading)}</h1>",
        _legend(),
        f'<div class="ck-article">{_article(text, marks, claim_list)}</div>',
        f"<h2>Claims ({len(claim_list)})</h2>",
        _table(claim_list),
        "".join(f'<div class="ck-tip-src" id="{uid}-tip-{n}">{_details(n, c)}</div>'
                for n, c in enumerate(claim_list, start=1)),
        '<div class="ck-tooltip" role="tooltip" hidden></div>',
        "</div>",
        f"<script>{script}</script>",
    ]
    return Rendering(text=text, claims=claim_list, title=heading, fragment="\n".join(parts), script=script)


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


def _article(text: str, marks: list[tuple[int, int, str, int]], claims: Sequence[Claim]) -> str:
    """The text cut at every boundary; each piece wrapped with the classes of the spans covering it."""
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for i, (start, end, _, _) in enumerate(marks):
        starts.setdefault(start, []).append(i)
        ends.setdefault(end, []).append(i)
    bounds = sorted({0, len(text), *starts, *ends})
    active: set[int] = set()
    out = []
    for a, b in itertools.pairwise(bounds):
        active.difference_update(ends.get(a, ()))
        active.update(starts.get(a, ()))
        piece = _e(text[a:b])
        if not active:
            out.append(piece)
            continue
        by_kind: dict[str, set[int]] = {}
        for i in active:
            by_kind.setdefault(marks[i][2], set()).add(marks[i][3])
        numbers = sorted(set().union(*by_kind.values()))
        classes = ["ck"] + [f"ck-{kind}" for kind in SPAN_KINDS if kind in by_kind]
        classes += sorted({f"ck-kind-{claims[n - 1].kind}" for n in by_kind.get("content", ())})
        if any((c := claims[n - 1].cue) is not None and c.stance == "distancing" for n in by_kind.get("cue", ())):
            classes.append("ck-distancing")
        attrs = [f'class="{" ".join(classes)}"', f'data-claims="{" ".join(map(str, numbers))}"']
        attrs += [f'data-{kind}="{" ".join(map(str, sorted(by_kind[kind])))}"' for kind in SPAN_KINDS
                  if kind in by_kind]
        hover = "\n\n".join(_summary(n, claims[n - 1]) for n in numbers)
        attrs.append(f'title="{_e(hover)}"')
        out.append(f"<span {' '.join(attrs)}>{piece}</span>")
    return "".join(out)


def _legend() -> str:
    items = [
        ('ck ck-content ck-kind-direct', "direct quote"),
        ('ck ck-content ck-kind-indirect', "reported speech"),
        ('ck ck-content ck-kind-mixed', "mixed"),
        ('ck ck-speaker', "speaker"),
        ('ck ck-cue', "cue"),
        ('ck ck-cue ck-distancing', "distancing cue"),
        ('ck ck-relay', "relay (via)"),
    ]
    return ('<ul class="ck-legend">'
            + "".join(f'<li><span class="ck-swatch {cls}">Aa</span>{_e(label)}</li>' for cls, label in items)
            + "</ul>")


def _fields(claim: Claim) -> list[tuple[str, str]]:
    """The claim's fields as (label, plain text) pairs; escaped where they are written out."""
    speaker = claim.speaker
    written = speaker.mention.text if speaker is not None and speaker.mention is not None else "—"
    cue = f"{claim.cue.span.text} ({claim.cue.stance})" if claim.cue else "— (continues the quote above)"
    return [
        ("kind", claim.kind),
        ("speaker", written),
        ("resolved", (speaker.name if speaker else None) or "—"),
        ("speaker kind", (speaker.kind if speaker else None) or "—"),
        ("role", (speaker.role if speaker else None) or "—"),
        ("anonymous", "yes" if speaker is not None and speaker.anonymous else "no"),
        ("cue", cue),
        ("via", " ← ".join(s.name for s in claim.via) or "—"),
        ("confidence", f"{claim.confidence:.2f}"),
        ("rules", ", ".join(claim.evidence.rules) or claim.evidence.rule),
    ]


def _summary(number: int, claim: Claim) -> str:
    """Plain text for a title attribute."""
    return f"Claim {number}\n" + "\n".join(f"{label}: {value}" for label, value in _fields(claim))


def _details(number: int, claim: Claim) -> str:
    rows = "".join(f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>" for label, value in _fields(claim))
    return f"<b>Claim {number}</b><dl>{rows}</dl>"


def _table(claims: Sequence[Claim]) -> str:
    if not claims:
        return '<p class="ck-none">No claims found.</p>'
    head = ("<tr><th>#</th><th>kind</th><th>content</th><th>speaker as written</th><th>resolved name</th>"
            "<th>speaker kind</th><th>role</th><th>anonymous</th><th>cue</th><th>stance</th><th>via</th>"
            "<th>confidence</th></tr>")
    rows = []
    for number, claim in enumerate(claims, start=1):
        speaker = claim.speaker
        cells = [
            str(number),
            claim.kind,
            " … ".join(f.text for f in (claim.fragments or (claim.content,))),
            speaker.mention.text if speaker is not None and speaker.mention is not None else "",
            (speaker.name if speaker else None) or "",
            (speaker.kind if speaker else None) or "",
            (speaker.role if speaker else None) or "",
            "yes" if speaker is not None and speaker.anonymous else "no",
            claim.cue.span.text if claim.cue else "",
            claim.cue.stance if claim.cue else "",
            " ← ".join(s.name for s in claim.via),
            f"{claim.confidence:.2f}",
        ]
        tds = "".join(f'<td class="ck-num">{_e(c)}</td>' if i in (0, 11) else f"<td>{_e(c)}</td>"
                      for i, c in enumerate(cells))
        rows.append(f'<tr data-claim="{number}">{tds}</tr>')
    return f'<table class="ck-table"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'
