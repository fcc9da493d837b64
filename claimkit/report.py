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
  "denied"); cues are counted by their text, lower-cased;
* resolved names are counted under one canonical name across articles ("Donald J. Trump",
  "Donald Trump" and a bare "Trump" are one speaker: :mod:`claimkit.canonical`);
* a claim whose speaker is a pronoun the extractor could not resolve ("they", "it") has no
  speaker in the counts: it is counted as **unresolved**, never listed as a source;
* **gender** is counted over claims whose speaker is a person, with where it comes from:
  ``text`` (the article's own pronouns and titles) or ``name`` (a first-name list only).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from attrs import field, frozen

from claimkit.canonical import PRONOUNS, CanonicalNames
from claimkit.claims import Claim
from claimkit.export import claim_to_json
from claimkit.readers import BadRecord, json_object
from claimkit.report_render import (  # the writing of the report, re-exported
    CSS,  # noqa: F401
    _clean,
    _share,
    md,  # noqa: F401
    pct,  # noqa: F401
    render_html,
    render_markdown,
)

KINDS = ("direct", "indirect", "mixed")
GENDERS = ("female", "male", "unknown")

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
class GenderCount:
    """Claims and sources of persons of one gender ("unknown" when the text gives none), and
    how many of those claims have it from the article's text or from a first-name list only."""

    gender: str
    claims: int
    sources: int
    from_text: int
    from_name: int


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
    unresolved_claims: int = 0  # claims whose speaker is a pronoun no one was found for
    genders: tuple[GenderCount, ...] = ()

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

    def to_html(self, top: int | None = 25, *, nav: Sequence[tuple[str, str]] = (),
                links: Mapping[str, str] | None = None) -> str:
        """The report as one HTML page; ``nav``: (label, href) links shown above it; ``links``:
        doc_id -> href, so that the Articles table links each article to its page."""
        return render_html(self, top, nav=nav, links=links)


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


def is_unresolved_pronoun(claim: Mapping[str, Any]) -> bool:
    """Whether the claim's speaker is a pronoun ("they", "it") with no resolved name."""
    name, resolved = speaker_key(claim)
    return not resolved and name.casefold() in PRONOUNS


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
    # One entry per claim with a speaker: (article number, name, resolved, kind, anonymous,
    # gender, gender source); counted once all articles are read, under canonical names.
    attributed: list[tuple[int, str, bool, str | None, bool, str | None, str | None]] = []
    unresolved = 0
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
        article = len(rows)
        seen_relays: set[str] = set()
        anonymous = direct = 0
        for claim in claims:
            kind = claim.get("kind")
            kinds[kind if isinstance(kind, str) else "unknown"] += 1
            is_anonymous = bool(claim.get("anonymous"))
            anonymous += is_anonymous
            direct += kind == "direct"
            name, resolved = speaker_key(claim)
            if is_unresolved_pronoun(claim):
                unresolved += 1  # "they", "it" with no one found: not a source
            else:
                kind = claim.get("speaker_kind") if isinstance(claim.get("speaker_kind"), str) else None
                gender, origin = claim.get("speaker_gender"), claim.get("speaker_gender_source")
                attributed.append((article, name, resolved, kind, is_anonymous,
                                   gender if isinstance(gender, str) else None,
                                   origin if isinstance(origin, str) else None))
                key = name.casefold()
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
        relay_articles.update(seen_relays)
        total += len(claims)
        anonymous_claims += anonymous
        sources += len(seen_speakers)
        anonymous_sources += sum(seen_speakers.values())
        rows.append(ArticleRow(doc_id, len(claims), len(seen_speakers), anonymous, direct, error))
    speakers, genders = _speaker_counts(attributed)
    relays = sorted((OutletCount(relay_display[k], n, relay_articles[k]) for k, n in relay_claims.items()),
                    key=lambda r: (-r.claims, -r.articles, r.name.casefold()))
    return Audit(
        articles=tuple(rows), claims=total, kinds=dict(kinds), speakers=tuple(speakers), sources=sources,
        anonymous_sources=anonymous_sources, anonymous_claims=anonymous_claims, relays=tuple(relays),
        stances={k: v for k, v in stances.items() if v or k in STANCES},
        distancing=tuple(sorted(distancing.items(), key=lambda kv: (-kv[1], kv[0]))), title=title,
        unresolved_claims=unresolved, genders=genders)


def _speaker_counts(attributed: list[tuple[int, str, bool, str | None, bool, str | None, str | None]]
                    ) -> tuple[tuple[SpeakerCount, ...], tuple[GenderCount, ...]]:
    """Speakers under their canonical names across articles, most quoted first, and the
    claims and sources of persons by gender."""
    canonical = CanonicalNames((name, kind) for _, name, resolved, kind, *_ in attributed if resolved)
    claims: Counter[str] = Counter()
    articles: dict[str, set[int]] = {}
    display: dict[str, tuple[str, bool]] = {}
    anonymous: set[str] = set()
    gender_claims: Counter[str] = Counter()
    gender_sources: dict[str, set[tuple[int, str]]] = {}
    origins: Counter[tuple[str, str]] = Counter()
    for article, name, resolved, kind, is_anonymous, gender, origin in attributed:
        shown = canonical.of(name, kind) if resolved else name
        key = shown.casefold()
        display.setdefault(key, (shown, resolved))
        claims[key] += 1
        articles.setdefault(key, set()).add(article)
        if is_anonymous:
            anonymous.add(key)
        if kind == "person":
            label = gender if gender in GENDERS else "unknown"
            gender_claims[label] += 1
            gender_sources.setdefault(label, set()).add((article, key))
            if origin in ("text", "name"):
                origins[label, origin] += 1
    speakers = sorted((SpeakerCount(display[k][0], display[k][1], n, len(articles[k]), k in anonymous)
                       for k, n in claims.items()),
                      key=lambda s: (-s.claims, -s.articles, s.name.casefold()))
    genders = tuple(GenderCount(g, gender_claims[g], len(gender_sources.get(g, ())), origins[g, "text"],
                                origins[g, "name"]) for g in GENDERS if gender_claims[g])
    return tuple(speakers), genders


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
