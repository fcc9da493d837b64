"""A sourcing audit of an article or a corpus: who is quoted, how, and through whom.

:func:`audit` counts over claims in the serialised form of docs/format.md (``Claim``
objects are converted with :func:`claimkit.claim_to_json`), so the same numbers come from
articles extracted now or from a claims JSONL written earlier by ``claimkit extract``.
:meth:`Audit.to_markdown` and :meth:`Audit.to_html` write the report; every value from an
article is escaped in both.

Definitions (docs/auditing.md):

* a claim's **speaker** is its resolved name when it has one, else the mention as written
  (whitespace collapsed); mentions that differ only in case count as one speaker;
* a **source** is a distinct speaker within one article: the same person quoted in two
  articles is two sources, and one speaker per article however often it is quoted;
* a **distancing cue** is a cue whose stance is ``distancing`` ("claimed", "alleged",
  "denied"); cues are counted by their text, lower-cased.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from attrs import field, frozen

from claimkit.claims import Claim
from claimkit.export import claim_to_json
from claimkit.readers import BadRecord, json_object

KINDS = ("direct", "indirect", "mixed")
STANCES = ("neutral", "assertive", "distancing")
NO_SPEAKER = "(no speaker given)"


@frozen
class ArticleClaims:
    """One article's claims (serialised form), or the error that stopped its extraction."""

    doc_id: str
    claims: Sequence[Claim | Mapping[str, Any]] = field(factory=list)
    error: str | None = None


@frozen
class SpeakerCount:
    name: str
    resolved: bool  # ``name`` is a resolved proper name, not a mention as written
    claims: int
    articles: int
    anonymous: bool  # some of its claims are attributed to it as an anonymous source


@frozen
class OutletCount:
    name: str
    claims: int
    articles: int


@frozen
class ArticleRow:
    doc_id: str
    claims: int
    speakers: int
    anonymous_claims: int
    direct_claims: int
    error: str | None = None

    @property
    def anonymous_share(self) -> float | None:
        return self.anonymous_claims / self.claims if self.claims else None

    @property
    def direct_share(self) -> float | None:
        return self.direct_claims / self.claims if self.claims else None


@frozen
class Audit:
    """The counts of a sourcing audit. Shares are ``None`` when there is nothing to divide by."""

    articles: tuple[ArticleRow, ...]
    claims: int
    kinds: dict[str, int]
    speakers: tuple[SpeakerCount, ...]
    sources: int
    anonymous_sources: int
    anonymous_claims: int
    relays: tuple[OutletCount, ...]
    stances: dict[str, int]
    distancing: tuple[tuple[str, int], ...]
    title: str = "Sourcing audit"

    @property
    def anonymous_claim_share(self) -> float | None:
        return _share(self.anonymous_claims, self.claims)

    @property
    def anonymous_source_share(self) -> float | None:
        return _share(self.anonymous_sources, self.sources)

    def kind_share(self, kind: str) -> float | None:
        return _share(self.kinds.get(kind, 0), self.claims)

    @property
    def failed(self) -> tuple[ArticleRow, ...]:
        return tuple(a for a in self.articles if a.error is not None)

    def to_markdown(self, top: int | None = 25) -> str:
        return _markdown(self, top)

    def to_html(self, top: int | None = 25) -> str:
        return _html(self, top)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def speaker_key(claim: Mapping[str, Any]) -> tuple[str, bool]:
    """The name a claim's speaker is counted under, and whether it is a resolved name."""
    name = claim.get("speaker_name")
    if isinstance(name, str) and name.strip():
        return _clean(name), True
    mention = claim.get("speaker")
    if isinstance(mention, Mapping) and isinstance(mention.get("text"), str) and mention["text"].strip():
        role = claim.get("speaker_role")
        if mention["text"].strip().lower() in ("who", "which", "that") and isinstance(role, str) and role.strip():
            return _clean(role), False  # "the engineers, who said": counted under the description
        return _clean(mention["text"]), False
    return NO_SPEAKER, False


def _as_json(claim: Claim | Mapping[str, Any]) -> Mapping[str, Any]:
    return claim_to_json(claim) if isinstance(claim, Claim) else claim


def audit(articles: Iterable[ArticleClaims | tuple[str, Iterable[Claim | Mapping[str, Any]]]],
          title: str = "Sourcing audit") -> Audit:
    """Count who is quoted, how and through whom, over ``articles``.

    Args:
        articles: :class:`ArticleClaims`, or ``(doc_id, claims)`` pairs whose claims are
            :class:`~claimkit.Claim` objects or their serialised dicts (docs/format.md).
        title: the report's heading.
    """
    rows: list[ArticleRow] = []
    kinds: Counter[str] = Counter({kind: 0 for kind in KINDS})
    stances: Counter[str] = Counter({stance: 0 for stance in STANCES})
    speaker_claims: Counter[str] = Counter()
    speaker_articles: Counter[str] = Counter()
    speaker_display: dict[str, tuple[str, bool]] = {}
    speaker_anonymous: set[str] = set()
    relay_claims: Counter[str] = Counter()
    relay_articles: Counter[str] = Counter()
    relay_display: dict[str, str] = {}
    distancing: Counter[str] = Counter()
    total = anonymous_claims = sources = anonymous_sources = 0
    for item in articles:
        if isinstance(item, ArticleClaims):
            doc_id, claims, error = item.doc_id, [_as_json(c) for c in item.claims], item.error
        else:
            doc_id, claims, error = str(item[0]), [_as_json(c) for c in item[1]], None
        seen_speakers: dict[str, bool] = {}
        seen_relays: set[str] = set()
        anonymous = direct = 0
        for claim in claims:
            kind = claim.get("kind")
            kinds[kind if isinstance(kind, str) else "unknown"] += 1
            is_anonymous = bool(claim.get("anonymous"))
            anonymous += is_anonymous
            direct += kind == "direct"
            name, resolved = speaker_key(claim)
            key = name.casefold()
            speaker_display.setdefault(key, (name, resolved))
            speaker_claims[key] += 1
            if is_anonymous:
                speaker_anonymous.add(key)
            seen_speakers[key] = seen_speakers.get(key, False) or is_anonymous
            claim_relays: set[str] = set()
            for relay in claim.get("via") or ():
                relay_name = _clean(str(relay.get("name") or relay.get("text") or "")) if isinstance(
                    relay, Mapping) else ""
                if relay_name:
                    claim_relays.add(relay_name.casefold())
                    relay_display.setdefault(relay_name.casefold(), relay_name)
            relay_claims.update(claim_relays)
            seen_relays |= claim_relays
            cue = claim.get("cue")
            if isinstance(cue, Mapping):
                stance = cue.get("stance") if cue.get("stance") in STANCES else "neutral"
                stances[str(stance)] += 1
                if stance == "distancing":
                    distancing[_clean(str(cue.get("text") or cue.get("lemma") or "")).lower()] += 1
            else:
                stances["no cue"] += 1
        speaker_articles.update(seen_speakers.keys())
        relay_articles.update(seen_relays)
        total += len(claims)
        anonymous_claims += anonymous
        sources += len(seen_speakers)
        anonymous_sources += sum(seen_speakers.values())
        rows.append(ArticleRow(doc_id, len(claims), len(seen_speakers), anonymous, direct, error))
    speakers = sorted(
        (SpeakerCount(speaker_display[k][0], speaker_display[k][1], n, speaker_articles[k], k in speaker_anonymous)
         for k, n in speaker_claims.items()),
        key=lambda s: (-s.claims, -s.articles, s.name.casefold()))
    relays = sorted((OutletCount(relay_display[k], n, relay_articles[k]) for k, n in relay_claims.items()),
                    key=lambda r: (-r.claims, -r.articles, r.name.casefold()))
    return Audit(
        articles=tuple(rows), claims=total, kinds=dict(kinds), speakers=tuple(speakers), sources=sources,
        anonymous_sources=anonymous_sources, anonymous_claims=anonymous_claims, relays=tuple(relays),
        stances={k: v for k, v in stances.items() if v or k in STANCES},
        distancing=tuple(sorted(distancing.items(), key=lambda kv: (-kv[1], kv[0]))), title=title)


def read_claims_jsonl(paths: Iterable[Path]) -> Iterator[ArticleClaims | BadRecord]:
    """Articles from claims JSONL files as ``claimkit extract`` writes them, or bad records."""
    for path in paths:
        try:
            handle = path.open("rb")
        except OSError as error:
            yield BadRecord(str(path), error.strerror or str(error))
            continue
        with handle:
            for number, raw in enumerate(handle, start=1):
                where = f"{path}:{number}"
                try:
                    line = raw.decode("utf-8").removeprefix("\ufeff")
                except UnicodeDecodeError as error:
                    yield BadRecord(where, f"not UTF-8 text ({error.reason})")
                    continue
                if line.strip():
                    yield _claims_record(line, where, f"{path.stem}-{number}")


def _claims_record(line: str, where: str, default_id: str) -> ArticleClaims | BadRecord:
    record = json_object(line, where)
    if isinstance(record, BadRecord):
        return record
    claims = record.get("claims", [])
    if not isinstance(claims, list) or not all(isinstance(c, dict) for c in claims):
        return BadRecord(where, "'claims' must be a list of claim objects (the output of `claimkit extract`)")
    doc_id = record.get("doc_id")
    failure = record.get("error")
    return ArticleClaims(default_id if doc_id is None else str(doc_id), claims,
                         None if failure is None else str(failure))


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


def _markdown(report: Audit, top: int | None) -> str:
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


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def bar_chart(title: str, items: Sequence[tuple[str, float, str]], *, highlight: Sequence[bool] = (),
              maximum: float | None = None) -> str:
    """A horizontal bar chart as inline SVG: ``(label, value, value as text)`` per bar.

    Bars are scaled to ``maximum`` (default: the largest value); ``highlight`` colours bars apart.
    """
    if not items:
        return ""
    label_w, bar_w, row_h = 230, 380, 22
    value_w = 16 + 7 * max(len(shown) for _, _, shown in items)
    top = maximum or max(v for _, v, _ in items) or 1
    height = row_h * len(items) + 8
    parts = [f'<svg class="chart" role="img" aria-label="{_e(title)}" '
             f'width="{label_w + bar_w + value_w}" height="{height}" '
             f'viewBox="0 0 {label_w + bar_w + value_w} {height}"><title>{_e(title)}</title>']
    for i, (label, value, shown) in enumerate(items):
        y = 4 + i * row_h
        width = max(1.0, bar_w * value / top) if value else 0
        cls = "bar anon" if i < len(highlight) and highlight[i] else "bar"
        parts.append(
            f'<g><title>{_e(label)}: {_e(shown)}</title>'
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{_e(_short(label))}</text>'
            f'<rect class="{cls}" x="{label_w}" y="{y + 3}" width="{width:.1f}" height="{row_h - 6}" rx="2"/>'
            f'<text x="{label_w + width + 6:.1f}" y="{y + 15}">{_e(shown)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def _html_table(header: Sequence[str], rows: Iterable[Sequence[object]], numeric: Sequence[int] = ()) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td class="n">{_e(c)}</td>' if i in numeric else f"<td>{_e(c)}</td>"
                         for i, c in enumerate(row)) + "</tr>"
        for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def _html(report: Audit, top: int | None) -> str:
    speakers, more_speakers = _limited(report.speakers, top)
    relays, more_relays = _limited(report.relays, top)
    body = [f"<h1>{_e(report.title)}</h1>", f"<p>{_e(_summary_line(report))}</p>",
            '<div class="figures">',
            f'<div class="figure"><b>{_e(report.claims)}</b>claims</div>',
            f'<div class="figure"><b>{_e(pct(report.anonymous_claim_share))}</b>of claims from anonymous sources</div>',
            f'<div class="figure"><b>{_e(pct(report.anonymous_source_share))}</b>of sources anonymous</div>',
            f'<div class="figure"><b>{_e(pct(report.kind_share("direct")))}</b>of claims direct quotes</div>',
            "</div>"]
    body += ["<h2>Who is quoted</h2>"]
    if speakers:
        body.append(bar_chart("Claims per speaker",
                              [(s.name, s.claims, str(s.claims)) for s in speakers],
                              highlight=[s.anonymous for s in speakers]))
        body.append('<p class="muted">Orange: quoted as an anonymous source.</p>')
        body.append(_html_table(["speaker", "claims", "articles", "anonymous", "name"],
                                [(s.name, s.claims, s.articles, "yes" if s.anonymous else "no",
                                  "resolved" if s.resolved else "as written") for s in speakers], numeric=(1, 2)))
        if more_speakers:
            body.append(f'<p class="muted">… and {more_speakers} more.</p>')
    else:
        body.append('<p class="muted">No claims.</p>')
    body += ["<h2>Claims by kind</h2>",
             bar_chart("Claims by kind", [(k, n, f"{n} ({pct(report.kind_share(k))})")
                                          for k, n in report.kinds.items()])]
    body += ["<h2>Anonymous sources</h2>",
             bar_chart("Anonymous sources", [
                 ("claims from anonymous sources", 100 * (report.anonymous_claim_share or 0),
                  f"{report.anonymous_claims} of {report.claims} ({pct(report.anonymous_claim_share)})"),
                 ("anonymous sources", 100 * (report.anonymous_source_share or 0),
                  f"{report.anonymous_sources} of {report.sources} ({pct(report.anonymous_source_share)})"),
             ], maximum=100) if report.claims else '<p class="muted">No claims.</p>']
    body.append("<h2>Relay outlets</h2>")
    if relays:
        body.append(bar_chart("Claims per relay outlet", [(r.name, r.claims, str(r.claims)) for r in relays]))
        body.append(_html_table(["outlet", "claims", "articles"], [(r.name, r.claims, r.articles) for r in relays],
                                numeric=(1, 2)))
        if more_relays:
            body.append(f'<p class="muted">… and {more_relays} more.</p>')
    else:
        body.append('<p class="muted">No claim is relayed through another outlet.</p>')
    body += ["<h2>Cues and stance</h2>",
             bar_chart("Claims by cue stance", [(k, n, f"{n} ({pct(_share(n, report.claims))})")
                                                for k, n in report.stances.items()])]
    body.append("<h3>Distancing cues</h3>")
    if report.distancing:
        body.append(bar_chart("Distancing cues", [(cue, n, str(n)) for cue, n in report.distancing]))
        body.append(_html_table(["cue", "claims"], report.distancing, numeric=(1,)))
    else:
        body.append('<p class="muted">None.</p>')
    body += ["<h2>Articles</h2>",
             _html_table(["article", "claims", "speakers", "anonymous share", "direct share"],
                         [(a.doc_id, a.claims, a.speakers, pct(a.anonymous_share), pct(a.direct_share))
                          for a in report.articles if a.error is None], numeric=(1, 2, 3, 4))]
    if report.failed:
        body += ["<h2>Failed</h2>", _html_table(["article", "error"], [(a.doc_id, a.error) for a in report.failed])]
    policy = f"default-src 'none'; style-src {_csp_hash(CSS)}; img-src 'none'; form-action 'none'; base-uri 'none'"
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n"  # claimkit's own constant
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{_e(report.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")
