"""A sourcing audit of an article or a corpus: who is quoted, how, and through whom.

:func:`audit` counts over claims in the serialised form of docs/format.md (``Claim``
objects are converted with :func:`claimkit.claim_to_json`), so the same numbers come from
articles extracted now or from a claims JSONL written earlier by ``claimkit extract``.
:meth:`Audit.to_markdown` and :meth:`Audit.to_html` write the report (the writing is in
:mod:`claimkit.report_render`); every value from an article is escaped in both.

Definitions (docs/auditing.md):

* a claim's **speaker** is its resolved name when it has one, else the mention as written
  (whitespace collapsed); mentions that differ only in case count as one speaker;
* a **source** is a distinct speaker within one article: the same person quoted in two
  articles is two sources, and one speaker per article however often it is quoted;
* a **distancing cue** is a cue whose stance is ``distancing`` ("claimed", "alleged",
  "denied"); cues are counted by their text, lower-cased.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from attrs import field, frozen

from claimkit.claims import Claim
from claimkit.export import claim_to_json
from claimkit.readers import BadRecord, json_object
from claimkit.report_render import (  # the writing of the report, re-exported
    CSS,  # noqa: F401
    _clean,
    _share,
    bar_chart,  # noqa: F401
    md,  # noqa: F401
    pct,  # noqa: F401
    render_html,
    render_markdown,
)

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
        return render_markdown(self, top)

    def to_html(self, top: int | None = 25) -> str:
        return render_html(self, top)


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
