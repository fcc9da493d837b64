"""Writing a sourcing audit (:class:`claimkit.report.Audit`) as Markdown or as an HTML page.

The counting is in :mod:`claimkit.report`; :meth:`Audit.to_markdown` and
:meth:`Audit.to_html` call :func:`render_markdown` and :func:`render_html` here. Every value
from an article is escaped in both: for Markdown by :func:`md`, for HTML by the autoescaping
templates (:mod:`claimkit.templating`). The page's only style is claimkit's own, allowed by
its hash in the Content-Security-Policy.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from attrs import frozen
from markupsafe import Markup

from claimkit.templating import render_template

if TYPE_CHECKING:
    from claimkit.report import Audit


# Small helpers the counting in claimkit.report uses too.


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# -- Markdown ---------------------------------------------------------------------------------

# Inside a table cell or a line of text only these can start markup; HTML is escaped first.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md(value: object) -> str:
    """Text made inert for Markdown: HTML escaped, Markdown punctuation backslashed, one line."""
    text = _clean(str(value))
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=True))


def pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _md_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def _limited(items: Sequence[Any], top: int | None) -> tuple[Sequence[Any], int]:
    if top is None or top <= 0 or len(items) <= top:
        return items, 0
    return items[:top], len(items) - top


def _summary_line(report: Audit) -> str:
    n = len(report.articles)
    line = (f"{n} article{'s' * (n != 1)}, {report.claims} claim{'s' * (report.claims != 1)}, "
            f"{report.sources} source{'s' * (report.sources != 1)} (distinct speakers per article).")
    if report.failed:
        line += f" {len(report.failed)} article(s) could not be read or extracted; see the end."
    return line


_GENDER_NOTE = ("Gender comes from the article's own pronouns, titles and gendered nouns (\"from the text\") "
                "or, where the text gives none, from a list of first names only (a weaker hint).")


def _unresolved_line(report: Audit) -> str:
    n = report.unresolved_claims
    return (f"{n} claim{'s' * (n != 1)} ({pct(_share(n, report.claims))}) "
            f"{'have' if n != 1 else 'has'} a pronoun speaker (\"they\", \"it\") that could not be resolved; "
            "not counted as a source.")


def _gender_rows(report: Audit) -> list[tuple[str, int, int, int, int]]:
    return [(g.gender, g.claims, g.sources, g.from_text, g.from_name) for g in report.genders]


def render_markdown(report: Audit, top: int | None) -> str:
    """The report as Markdown (:meth:`Audit.to_markdown`)."""
    out = [f"# {md(report.title)}", "", _summary_line(report), ""]
    out += ["## Claims by kind", ""]
    out += _md_table(["kind", "claims", "share"],
                     [(md(k), n, pct(report.kind_share(k))) for k, n in report.kinds.items()])
    out += ["", "## Anonymous sources", "",
            f"- {report.anonymous_claims} of {report.claims} claims ({pct(report.anonymous_claim_share)}) "
            "are attributed to anonymous sources.",
            f"- {report.anonymous_sources} of {report.sources} sources ({pct(report.anonymous_source_share)}) "
            "are anonymous.", ""]
    out += ["## Who is quoted", ""]
    speakers, more = _limited(report.speakers, top)
    if speakers:
        out += _md_table(["speaker", "claims", "articles", "anonymous", "name"],
                         [(md(s.name), s.claims, s.articles, "yes" if s.anonymous else "no",
                           "resolved" if s.resolved else "as written") for s in speakers])
        if more:
            out += ["", f"… and {more} more."]
    else:
        out.append("No claims.")
    if report.unresolved_claims:
        out += ["", f"{_unresolved_line(report)}"]
    out += ["", "## Persons quoted, by gender", ""]
    if report.genders:
        out += _md_table(["gender", "claims", "sources", "from the text", "from a first-name list"],
                         _gender_rows(report))
        out += ["", _GENDER_NOTE]
    else:
        out.append("No person is quoted.")
    out += ["", "## Relay outlets", ""]
    relays, more = _limited(report.relays, top)
    if relays:
        out += _md_table(["outlet", "claims", "articles"], [(md(r.name), r.claims, r.articles) for r in relays])
        if more:
            out += ["", f"… and {more} more."]
    else:
        out.append("No claim is relayed through another outlet.")
    out += ["", "## Cues and stance", ""]
    out += _md_table(["stance", "claims", "share"],
                     [(md(k), n, pct(_share(n, report.claims))) for k, n in report.stances.items()])
    out += ["", "Distancing cues:", ""]
    if report.distancing:
        out += _md_table(["cue", "claims"], [(md(cue), n) for cue, n in report.distancing])
    else:
        out.append("None.")
    out += ["", "## Articles", ""]
    out += _md_table(["article", "claims", "speakers", "anonymous share", "direct share"],
                     [(md(a.doc_id), a.claims, a.speakers, pct(a.anonymous_share), pct(a.direct_share))
                      for a in report.articles if a.error is None])
    if report.failed:
        out += ["", "## Failed", ""]
        out += _md_table(["article", "error"], [(md(a.doc_id), md(a.error)) for a in report.failed])
    return "\n".join(out) + "\n"


# -- HTML -------------------------------------------------------------------------------------

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;margin:2rem auto;
  max-width:60rem;padding:0 1rem;line-height:1.5}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:2rem}
.ck-nav{font-size:.9rem;margin-bottom:.5rem}
table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0}
th,td{border:1px solid #d8d8de;padding:.25rem .6rem;text-align:left}
th{background:#f3f3f6}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.chart{display:block;margin:.5rem 0;max-width:100%;height:auto}
.chart text{font:12px system-ui,sans-serif;fill:#1d1d1f}
.chart .bar{fill:#4a7bd0}
.chart .bar.anon{fill:#c9783b}
.muted{color:#666}
.figures{display:flex;flex-wrap:wrap;gap:.5rem 2.5rem}
.figure b{display:block;font-size:1.6rem}
""".strip()


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


@frozen
class Bar:
    label: str
    short_label: str
    shown: str
    y: int
    width: float
    css_class: str


@frozen
class BarChart:
    """A horizontal bar chart's geometry; ``macros.html.j2`` draws it as inline SVG."""

    title: str
    bars: tuple[Bar, ...]
    label_width: int
    bar_height: int
    width: int
    height: int


def bar_chart(title: str, items: Sequence[tuple[str, float, str]], *, highlight: Sequence[bool] = (),
              maximum: float | None = None) -> BarChart:
    """A horizontal bar chart: ``(label, value, value as text)`` per bar.

    Bars are scaled to ``maximum`` (default: the largest value); ``highlight`` colours bars apart.
    Labels are cut to 34 characters on the axis; each bar's tooltip has the whole label.
    """
    label_w, bar_w, row_h = 230, 380, 22
    value_w = 16 + 7 * max((len(shown) for _, _, shown in items), default=0)
    top = maximum or max((v for _, v, _ in items), default=0) or 1
    bars = tuple(Bar(label=label, short_label=_short(label), shown=shown, y=4 + i * row_h,
                     width=max(1.0, bar_w * value / top) if value else 0.0,
                     css_class="bar anon" if i < len(highlight) and highlight[i] else "bar")
                 for i, (label, value, shown) in enumerate(items))
    return BarChart(title=title, bars=bars, label_width=label_w, bar_height=row_h - 6,
                    width=label_w + bar_w + value_w, height=row_h * len(items) + 8)


def csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def render_html(report: Audit, top: int | None, *, nav: Sequence[tuple[str, str]] = (),
                links: Mapping[str, str] | None = None) -> str:
    """The report as one self-contained HTML page (:meth:`Audit.to_html`), from ``report.html.j2``."""
    speakers, more_speakers = _limited(report.speakers, top)
    relays, more_relays = _limited(report.relays, top)
    charts = {
        "speakers": bar_chart("Claims per speaker", [(s.name, s.claims, str(s.claims)) for s in speakers],
                              highlight=[s.anonymous for s in speakers]),
        "genders": bar_chart("Claims by the speaker's gender",
                             [(g.gender, g.claims, f"{g.claims} ({pct(_share(g.claims, report.claims))})")
                              for g in report.genders]),
        "kinds": bar_chart("Claims by kind", [(k, n, f"{n} ({pct(report.kind_share(k))})")
                                              for k, n in report.kinds.items()]),
        "anonymous": bar_chart("Anonymous sources", [
            ("claims from anonymous sources", 100 * (report.anonymous_claim_share or 0),
             f"{report.anonymous_claims} of {report.claims} ({pct(report.anonymous_claim_share)})"),
            ("anonymous sources", 100 * (report.anonymous_source_share or 0),
             f"{report.anonymous_sources} of {report.sources} ({pct(report.anonymous_source_share)})"),
        ], maximum=100),
        "relays": bar_chart("Claims per relay outlet", [(r.name, r.claims, str(r.claims)) for r in relays]),
        "stances": bar_chart("Claims by cue stance", [(k, n, f"{n} ({pct(_share(n, report.claims))})")
                                                      for k, n in report.stances.items()]),
        "distancing": bar_chart("Distancing cues", [(cue, n, str(n)) for cue, n in report.distancing]),
    }
    body = render_template(
        "report.html.j2", report=report, nav=nav, links=links or {}, charts=charts,
        summary=_summary_line(report),
        figures={"anonymous_claims": pct(report.anonymous_claim_share),
                 "anonymous_sources": pct(report.anonymous_source_share),
                 "direct": pct(report.kind_share("direct"))},
        speakers=speakers, more_speakers=more_speakers, relays=relays, more_relays=more_relays,
        speaker_rows=[(s.name, s.claims, s.articles, "yes" if s.anonymous else "no",
                       "resolved" if s.resolved else "as written") for s in speakers],
        unresolved=_unresolved_line(report) if report.unresolved_claims else "",
        gender_rows=_gender_rows(report), gender_note=_GENDER_NOTE,
        relay_rows=[(r.name, r.claims, r.articles) for r in relays],
        article_rows=[(a.doc_id, a.claims, a.speakers, pct(a.anonymous_share), pct(a.direct_share))
                      for a in report.articles if a.error is None],
        failed_rows=[(a.doc_id, a.error) for a in report.failed])
    return styled_page(report.title, body)


def standalone_page(title: str, body: str, *, style: str, script: str | None = None,
                    style_in_body: bool = False) -> str:
    """A page around ``body`` (HTML a claimkit template wrote, every value from an article
    escaped) under ``title``, whose Content-Security-Policy allows its own inline ``style`` and
    ``script`` only, by hash: no other script, no network. The style goes in the head, unless
    ``body`` carries it already (the article view, whose fragment also shows in Jupyter)."""
    scripts = f"script-src {csp_hash(script)}; " if script is not None else ""
    policy = (f"default-src 'none'; style-src {csp_hash(style)}; {scripts}img-src 'none'; connect-src 'none'; "
              "form-action 'none'; base-uri 'none'")
    # The policy is claimkit's constant with base64 hashes: Markup keeps its quotes as quotes.
    return render_template("page.html.j2", title=title, policy=Markup(policy),
                           css=None if style_in_body else Markup(style), body=Markup(body))


def styled_page(title: str, body: str) -> str:
    """A standalone page in the report's style (:func:`standalone_page` with the report's CSS)."""
    return standalone_page(title, body, style=CSS)
