"""Speakers: for each draft, who the cue attributes it to, and which entity of the article that is.

The stage builds the article's entity table (:class:`~claimkit.entities.EntityTable`) and
is the only one that changes its entities (who speaks, their roles and gender). Each draft
comes out as a new draft holding its mention (the speaker as written), the entity and the
``resolution`` rule that tied them, and the ``speaker`` rules that found the mention.
Drafts are resolved in text order, so "he" can only mean someone already met.
"""

from __future__ import annotations

from attrs import evolve
from spacy.tokens import Doc, Token

from claimkit.candidate_features import speaker_of
from claimkit.drafts import Draft
from claimkit.entities import Entity, EntityTable
from claimkit.layout import Layout
from claimkit.learned import LEARNED
from claimkit.lexicon import Lexicon
from claimkit.mentions import Mention, describe_mention, entity_of, is_blank, is_definite
from claimkit.resolver import UNNAMED, Resolver
from claimkit.rules import rule
from claimkit.segment import sentence_of
from claimkit.sources import citing_source, quoted_through_outlet
from claimkit.speakers import documents_spoken_in, plural_subject_before, relative_pronoun, speaker_head

# How the mention was found (stage "speaker").
SUBJECT_OF_CUE = rule("speaker", "subject_of_cue",
                      "the cue's grammatical source: subject, passive agent, object of 'according to'")
CITED_SOURCE = rule("speaker", "cited_source", "the source a 'citing X' or 'quoting X' phrase names")
QUOTED_THROUGH_OUTLET = rule("speaker", "quoted_through_outlet",
                             "the person an outlet quotes ('told Reuters' -> the speaker, Reuters the relay)")
SPEAKER_OUTSIDE_QUOTE = rule("speaker", "speaker_outside_quote",
                             "a name between the quote and its cue, when the parse put the speaker inside the quote")
SPEAKER_OUTSIDE_CONTENT = rule("speaker", "speaker_outside_content",
                               "a learned claim's source, when the cue's subject is the content itself")
RELATIVE_PRONOUN = rule("speaker", "relative_pronoun", "'X, who said ...': 'who' as written, resolved through X")
GROUP_BEFORE_THEY = rule("speaker", "group_before_they", "'they' as the unnamed group the sentence before describes")
NAMED_BY_NEXT_CLAIM = rule("speaker", "named_by_next_claim",
                           "a source introduced by a description and named in the very next claim (guide rule 9)")
NAMED_IN_NEXT_SENTENCE = rule("speaker", "named_in_next_sentence",
                              "a source introduced by a description and named beside it in the next sentence (rule 9)")

# How the mention was tied to an entity (stage "resolution"; one per claim).
NAMED = rule("resolution", "named", "the mention is a name, or a word the table knows as one")
CONTINUED = rule("resolution", "continued", "a continued quote takes the speaker of the claim it continues")
PRONOUN = rule("resolution", "pronoun", "a pronoun resolved to a recent speaker or subject")
PRONOUN_UNRESOLVED = rule("resolution", "pronoun_unresolved", "a pronoun no one in reach fits")
DOCUMENT_ISSUER = rule("resolution", "document_issuer", "a document speaker resolved to who issued it")
NO_SPEAKER = rule("resolution", "none", "no speaker found")


def resolve_speakers(doc: Doc, drafts: list[Draft], lexicon: Lexicon, layout: Layout
                     ) -> tuple[list[Draft], EntityTable]:
    """New drafts with their speakers found and resolved, in order, and the entity table."""
    table = EntityTable.from_doc(doc, lexicon, layout.text)
    resolver = Resolver(table, layout.paragraph_of, lambda offset: layout.quote_at(offset) is not None)
    resolved: dict[int, Draft] = {}  # id of a draft given -> the draft made from it
    out = []
    for draft in drafts:
        new = _resolved(draft, resolved, table, resolver, lexicon, layout)
        resolved[id(draft)] = new
        out.append(new)
    return _name_described_sources(out, lexicon, table), table


def _resolved(draft: Draft, resolved: dict[int, Draft], table: EntityTable, resolver: Resolver, lexicon: Lexicon,
              layout: Layout) -> Draft:
    if draft.follows is not None:
        source = resolved[id(draft.follows)]
        return evolve(draft, follows=source, mention=source.mention, entity=source.entity, written=source.written,
                      resolution=CONTINUED, speaker_rules=source.speaker_rules)
    if draft.cue is None:
        return draft
    rules: list[str] = []
    cited = citing_source(draft.cue)
    if cited is not None:
        rules.append(CITED_SOURCE)
    quotes = layout.quotes_within(draft.start, draft.end) if cited is None and draft.kind != "indirect" else []
    if quotes:
        cited = quoted_through_outlet(draft.cue, lexicon, quotes[0].start)
        if cited is not None:
            rules.append(QUOTED_THROUGH_OUTLET)
    subject = speaker_head(draft.cue, lexicon)  # found once: the relay stage reads it when a source is cited
    head = cited if cited is not None else subject
    if cited is None:
        rules.append(SUBJECT_OF_CUE)
    # Only direct quotes: an indirect or mixed claim's one fragment runs across its own
    # cue and speaker when the cue interrupts it ("Back home, X said, he ...").
    if head is not None and draft.kind == "direct" and _within(head.idx, draft.fragments):
        head = _subject_outside(draft)
        rules.append(SPEAKER_OUTSIDE_QUOTE)
    if head is not None and draft.rule == LEARNED and _within(head.idx, draft.fragments):
        # "[Sanders' stridency] was echoed by O'Malley", "[The meeting ...], Politico reported":
        # the parse's subject is the learned content itself; its source is the one the model
        # was offered (the agent, the cue's own subject).
        head = speaker_of(draft.cue.anchor)
        head = head if head is not None and not _within(head.idx, draft.fragments) else None
        rules.append(SPEAKER_OUTSIDE_CONTENT)
    if head is None:
        return draft
    mention = describe_mention(head, lexicon)
    written = None
    relative = relative_pronoun(draft.cue) if cited is None else None
    if relative is not None:
        written = relative.doc[relative.i : relative.i + 1]
        rules.append(RELATIVE_PRONOUN)
    group = plural_subject_before(head) if mention.pronoun == "they" else None
    entity: Entity | None
    if group is not None:
        # "Several executives have warned ... They say ...": the unnamed group just described.
        described = describe_mention(group, lexicon)
        entity = table.add_unnamed(described.span.text, "group", described.anonymous,
                                   (described.span.start_char, described.span.end_char))
        resolution = PRONOUN
        rules.append(GROUP_BEFORE_THEY)
    else:
        # A cue that continues the last speaker ("he added", "she went on"): its pronoun is that speaker.
        continuing = draft.cue.lemma in lexicon.verbs_with("continues_speaker")
        entity, resolution = _resolve(mention, table, resolver, lexicon, continuing)
    if entity is None and not mention.pronoun:
        entity = table.add_unnamed(mention.span.text, mention.kind, mention.anonymous,
                                   (mention.span.start_char, mention.span.end_char))
    if entity is not None:
        entity.speaks = True
        if mention.gender:  # "the spokeswoman", "Mr", "she": the article's own words
            entity.set_gender(mention.gender, "text")
        if mention.role:
            entity.roles.append(mention.role)
        if not (resolution == DOCUMENT_ISSUER and entity.kind == "person"):
            # A person speaking through a document ("the post said") is not who "he" means next.
            resolver.record_speaker(entity, mention.span.start_char)
        if entity.kind != "group":  # "Witnesses reported that ..." issue no report
            for offset, noun in documents_spoken_in(draft.cue, lexicon):
                resolver.record_document(entity, offset, noun)
    return evolve(draft, mention=mention, written=written, entity=entity, resolution=resolution,
                  speaker_rules=tuple(rules), cue_subject=subject)


def _within(offset: int, fragments: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in fragments)


def _subject_outside(draft: Draft) -> Token | None:
    """A speaker for a claim whose parse put its speaker inside the content ('“... We will
    act,” Chief Dana Moss said' parsed with "said" a conjunct of "act", whose subject is
    "We"). No one is the source of their own quoted words: take a name between the content
    and a cue that follows it ("Dana Moss of the agency said" -> "Moss"), else the last noun
    or pronoun there, or none."""
    cue = draft.cue
    assert cue is not None
    content_end = max((end for _, end in draft.fragments if end <= cue.span.start_char), default=None)
    if content_end is None:
        return None
    doc = cue.anchor.doc
    # Blank tokens (white space, format or control characters) are never a speaker.
    window = [t for t in doc[max(0, cue.span.start - 8) : cue.span.start] if t.idx >= content_end and not is_blank(t)]
    runs: list[list[Token]] = []
    for token in window:
        if token.pos_ == "PROPN":
            if runs and runs[-1][-1].i == token.i - 1:
                runs[-1].append(token)
            else:
                runs.append([token])
    if runs:
        # the run the NER calls a person ("Chief Ann Lee" in "Salem police Chief Ann Lee"),
        # else the first ("Dana Moss" in "Dana Moss of the Red Cross Society"); its last word heads it
        return next((run for run in runs if run[-1].ent_type_ == "PERSON"), runs[0])[-1]
    nouns = [t for t in window if t.pos_ in ("NOUN", "PRON")]
    return nouns[-1] if nouns else None


def _issued_by_a_place(mention: Mention) -> bool:
    """Whether a document's issuer is a country or city before it ("the UK report")."""
    return any(c.dep_ == "compound" and c.ent_type_ == "GPE" and c.text == mention.issuer
               for c in mention.head.children)


def _resolve(mention: Mention, table: EntityTable, resolver: Resolver, lexicon: Lexicon, continuing: bool = False
             ) -> tuple[Entity | None, str]:
    offset = mention.span.start_char
    if mention.name:
        # The document's table knows better than one NER decision: "Orrin" tagged ORG
        # here is still the person named Tavish Orrin above.
        known = table.lookup(mention.name)
        if known is not None and mention.kind in ("person", "organization"):
            mention.kind = known.kind
        return table.add(mention.name, mention.kind, (offset, mention.span.end_char)), NAMED
    def person_word(word: str) -> bool:
        return word in lexicon.person_nouns or lexicon.title(word) is not None or word in lexicon.gendered_nouns

    if mention.pronoun:
        antecedent = None
        if mention.pronoun == "it":  # "X said ... It said": X is an organisation, whatever the tagger said
            antecedent = resolver.organisation_taken_for_a_person(offset, person_word, same_paragraph=True)
        antecedent = antecedent or resolver.pronoun(offset, mention.kind, mention.gender, continuing)
        if antecedent is None and mention.pronoun == "it":
            antecedent = resolver.organisation_taken_for_a_person(offset, person_word)
        return antecedent, PRONOUN if antecedent is not None else PRONOUN_UNRESOLVED
    if mention.kind == "document" and is_definite(mention.head) and (
            not mention.issuer or _issued_by_a_place(mention)):
        # "X said in a statement ... The statement also said": X issued it. So with "the UK
        # report" after "British intelligence has reported": a country names where the
        # report comes from; who spoke it was said before.
        issued = resolver.document(offset, mention.head.lemma_.lower())
        if issued is not None:
            return issued, DOCUMENT_ISSUER
    if mention.issuer:
        # Whoever the table knows by that name ("Santos's book": the author), else an organisation.
        return table.lookup(mention.issuer) or table.add(mention.issuer, "organization"), DOCUMENT_ISSUER
    if mention.issuer_word == "it":  # "Its daily report said": the organisation "it" is
        issuer = resolver.pronoun(offset, "organization", None)
        if issuer is not None:
            return issuer, DOCUMENT_ISSUER
    elif mention.issuer_word:  # "the company's report", "the ruling, published by the court"
        issuer, _ = resolver.description(offset, mention.issuer_word, "organization")
        if issuer is not None:
            return issuer, DOCUMENT_ISSUER
    if mention.head.is_title:
        # A name the tagger took for a common noun ("Zelenskyy told ...", "Marsh said"),
        # known to the table: not the anonymous plural the common noun looked like.
        known = table.exact(mention.head.text)  # exact: "Parents" is not "Lena Parent"
        if known is not None and known.named:
            mention.anonymous, mention.kind = False, known.kind
            return known, NAMED
    if mention.anonymous or mention.kind == "group" or (not is_definite(mention.head) and not (
            mention.kind == "document" and mention.head.lemma_.lower() in lexicon.issued_nouns)):
        # "a spokesman", "a new study" introduce a source; "a statement" (a document an
        # organisation issues about itself) is the last speaker's.
        return None, UNNAMED
    # "the statement" with no issuer in its phrase: the organisation that last spoke.
    kind = "organization" if mention.kind == "document" else mention.kind
    # "the governor's office", "Russia's foreign ministry": a possessor makes the description a
    # source of its own, not the last speaker of its kind (guide rule 12: "The agency said the
    # governor's office had confirmed ..." has two sources).
    specific = any(c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN") for c in mention.head.children)
    return resolver.description(offset, mention.head.lemma_.lower(), kind, specific=specific)


def _name_described_sources(drafts: list[Draft], lexicon: Lexicon, table: EntityTable) -> list[Draft]:
    """ "A spokeswoman for the mayor said X. ... “Y,” said Eleanore Catenaro.": a source
    introduced by a description and named in the very next claim takes that name (guide
    rule 9), when the description is a singular person, the next claim's speaker is the name
    itself (not "she", who may be someone else), the named speaker has no other role (one
    with the description's head noun is the same: "The officer, Tom Achebe") and
    the text names them only after the description (a reader who knows Quinn would not be
    told "a columnist wrote"), and the description does not say the source is unnamed on
    purpose ("declined to be named": the lexicon's withheld-name markers). With no such next
    claim, the name may come beside the same noun in the next sentence, claim or not ("The
    spokeswoman, Maria Lopez, did not give a date": :func:`_named_in_next_sentence`).
    """
    drafts = list(drafts)
    for at, draft in enumerate(drafts):
        entity = draft.entity
        if (entity is None or entity.named or entity.kind != "person" or draft.mention is None
                or any(marker in draft.mention.span.text.lower() for marker in lexicon.withheld_name_markers)):
            continue
        following = drafts[at + 1] if at + 1 < len(drafts) else None
        named = following.entity if following is not None else None
        rule_name = NAMED_BY_NEXT_CLAIM
        if (following is None or named is None or not named.named or following.resolution != NAMED
                or named.kind != "person" or following.paragraph - draft.paragraph > 1):
            named, rule_name = _named_in_next_sentence(draft.mention, table), NAMED_IN_NEXT_SENTENCE
        if (named is None or not _roles_agree(named.roles, draft.mention.head.lemma_.lower())
                or any(start < draft.mention.span.start_char for start, _ in named.mentions)):
            continue
        for i, other in enumerate(drafts):  # the same source's other claims, before and after
            if other.entity is entity:
                if other.mention is not None:
                    other.mention.anonymous = False  # a mention this stage made
                drafts[i] = evolve(other, entity=named, speaker_rules=(*other.speaker_rules, rule_name))
        named.roles.append(entity.name)
        entity.speaks = False
    return drafts


def _named_in_next_sentence(mention: Mention, table: EntityTable) -> Entity | None:
    """ "A spokeswoman said X. The spokeswoman, Maria Lopez, did not say when.": the person the
    sentence right after names beside the description's own noun, with "the"."""
    head = mention.head
    doc = head.doc
    sentence = sentence_of(head)
    if sentence.end >= len(doc):
        return None
    for token in sentence_of(doc[sentence.end]):
        if token.lemma_.lower() != head.lemma_.lower() or not any(
                c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            continue
        for appos in (c for c in token.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"):
            name = entity_of(appos)
            found = table.lookup(name.text, "person") if name is not None else None
            if found is not None and found.named and found.kind == "person":
                return found
    return None


def _roles_agree(roles: list[str], described_as: str) -> bool:
    """Whether a named person's roles leave room for the description they are said to hold:
    none, or each with its head noun ("A planning officer said ... The officer, Tom Achebe,
    said": "officer"; "a county court judge said ... Judge Miriam Ostrow said": "Judge")."""
    return all(described_as in role.lower().split() for role in roles)
