"""Cues: the words that mark an attribution, found on the dependency parse.

Four shapes are recognised:

* ``verb``: a reporting verb from the lexicon ("said", "told", "warned", "tweeted"), with
  its auxiliaries and negation folded into the cue span ("has said", "had said").
* ``according_to``: "according to X" (X is the source; the clause it modifies the content).
* ``quoted_as``: "TASS quoted X as saying ..." / "cited X as saying" (X speaks, TASS relays).
* ``described_as``: "X described it as ..." (content is what follows "as").
* ``colon``: "Martell is more blunt: “...”" — a quote introduced by a colon after a clause
  with a subject (made by :func:`colon_cue` for a quote that has no other cue).

Scope and limits: only what the parser links is found; a cue whose verb the tagger missed
(tagged as a noun) is lost. Nouns alone ("the statement read") go through the verb that
governs them.
"""

from __future__ import annotations

from typing import Literal

from attrs import define
from spacy.tokens import Doc, Span, Token

from claimkit.lexicon import Lexicon
from claimkit.segment import sentence_of
from claimkit.token_arrays import indices_where

CueShape = Literal["verb", "noun", "adjective", "according_to", "quoted_as", "described_as", "colon", "headline"]


@define
class CueMatch:
    """A cue found in the Doc: ``anchor`` is the verb the rest of the sentence hangs from."""

    shape: CueShape
    anchor: Token
    span: Span
    lemma: str

    @property
    def sent(self) -> Span:
        return sentence_of(self.anchor)


def is_citing(token: Token) -> bool:
    """The participle of "Y reported, citing X, that ...", wherever the parser hung it."""
    return token.lemma_.lower() == "cite" and token.tag_ == "VBG" and token.dep_ in ("advcl", "xcomp", "conj")


def verb_cue_span(verb: Token) -> Span:
    """The verb with its auxiliaries ("has said", "had said"), contiguous tokens only."""
    start = verb.i
    while (start > 0 and verb.doc[start - 1].dep_ in ("aux", "auxpass", "neg") and verb.doc[start - 1].head == verb
           and verb.doc[start - 1].tag_ not in ("NNP", "NNPS")):  # "Okafor said" parsed with the name as an auxiliary
        start -= 1
    return verb.doc[start : verb.i + 1]


def _is_reporting_verb(token: Token, lexicon: Lexicon) -> bool:
    lemma = token.lemma_.lower()
    return token.pos_ in ("VERB", "AUX") and lemma in lexicon.verbs \
        and (not _unasserted(token) or _quoted_as_saying(token, lexicon)) \
        and not left_open(token) and not withheld(token, lexicon) and not in_a_title(token)


def _quoted_as_saying(verb: Token, lexicon: Lexicon) -> bool:
    """ "X was quoted as saying ...": a passive that names no agent, yet says who spoke (its
    subject), unlike "is expected"."""
    return verb.lemma_.lower() in lexicon.verbs_with("relay") and any(
        c.dep_ == "nsubjpass" for c in verb.children) and any(
        c.dep_ == "prep" and c.lower_ == "as" for c in verb.children)


def in_a_title(token: Token) -> bool:
    """ "the comic strip Captain Gull Says No!", "the novel The Lighthouse Says Nothing": a verb
    capitalised after a capitalised word, in a sentence written in sentence case (a lower-case
    word before the capitalised run), is a word of a title, not a cue. (A headline in title
    case, "Mayor Says Bridge Will Close", keeps its cue: nothing before it is lower case.)"""
    if not token.text[:1].isupper() or token.text.isupper() or token.i == 0:
        return False
    doc = token.doc
    if not doc[token.i - 1].text[:1].isupper() or _opens_its_sentence(token):
        return False
    start = sentence_of(token).start
    return any(t.is_alpha and t.is_lower and len(t) > 2 for t in doc[start : token.i])


def left_open(verb: Token) -> bool:
    """ "did not say whether the quay would reopen", "would not say if ...": a negated cue
    whose clause is an open question reports nothing said. (A negated cue with a that-clause,
    "did not say that he would resign", is still annotated as an attribution.)"""
    return any(c.dep_ == "neg" for c in verb.children) and _asks_whether(verb)


def withheld(verb: Token, lexicon: Lexicon) -> bool:
    """ "declined to say whether ...", "refused to say if ...": a verb of withholding (frame
    ``withholds``) whose infinitive is a reporting verb with an open question reports nothing
    said. ("declined to comment" and "refused to concede that ..." are still attributions, as
    PolNeAR annotates them.)"""
    return verb.lemma_.lower() in lexicon.verbs_with("withholds") and any(
        c.dep_ == "xcomp" and c.lemma_.lower() in lexicon.verbs and _asks_whether(c) for c in verb.children)


def _asks_whether(verb: Token) -> bool:
    return any(c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ in ("whether", "if") for m in c.children)
               for c in verb.children)


def _unasserted(verb: Token) -> bool:
    """Forms that report nothing said: "to say", "is expected" (passive, no agent), and the
    writer's own imperative ("Note that ...")."""
    children = list(verb.children)
    subjectless = not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in children)
    if subjectless and verb.tag_ == "VB" and verb.dep_ == "ROOT" and _opens_its_sentence(verb):
        return True

    if any(c.dep_ == "aux" and c.lower_ == "to" for c in children) and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in children):
        return True
    if any(c.dep_ == "agent" for c in children):
        return False
    if any(c.dep_ == "auxpass" for c in children):
        return True
    # "assistance expected to be announced": a participle modifying a noun.
    # (Only right after its noun: "Doyle earlier this week called ..." is a misparsed clause.)
    if verb.dep_ == "amod":
        return True  # "an alleged smuggler"
    return verb.tag_ == "VBN" and verb.dep_ == "acl" and verb.lemma_.lower() != "ask" and verb.i - verb.head.i == 1


def _opens_its_sentence(token: Token) -> bool:
    start = sentence_of(token).start
    return all(t.is_punct or t.is_space for t in token.doc[start : token.i])


def is_bare_participle(verb: Token) -> bool:
    """A past participle with no subject of its own ("Asked about it, X said ..."), also when
    the tagger took a sentence-opening one for a finite past verb (finite verbs have subjects)."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return False
    return verb.tag_ == "VBN" or (verb.tag_ == "VBD" and verb.i == sentence_of(verb).start)


def according_closing(verb: Token) -> Token | None:
    """ "Lee said the plant is safe, according to Reuters.": the "according" of a phrase that
    closes the verb's sentence after a comma, hung by the parser somewhere inside what the
    verb reports. Such a phrase relays the verb's claim (guide: "Peskov said, according to
    RIA Novosti" -> via RIA Novosti), whatever word it hangs on."""
    doc = verb.doc
    sentence = sentence_of(verb)
    for token in doc[verb.i + 1 : sentence.end]:
        if token.lower_ != "according" or token.head == verb or verb not in token.ancestors:
            continue
        first, last = token.left_edge.i, token.right_edge.i
        if (first > 0 and doc[first - 1].text == ","
                and all(t.is_punct or t.is_space for t in doc[last + 1 : sentence.end])):
            return token
    return None


def according_to_object(according: Token) -> Token | None:
    """X in "according to X": the object of the "to" right after ``according``."""
    doc = according.doc
    to = doc[according.i + 1] if according.i + 1 < len(doc) and doc[according.i + 1].lower_ == "to" else None
    return next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None


def find_cues(doc: Doc, lexicon: Lexicon) -> list[CueMatch]:
    """Every cue in ``doc``, in text order.

    The lexicon's reporting verbs make cues; its ``relay`` verbs ("TASS quoted X as saying")
    make ``quoted_as`` cues, whose subject relays and whose object speaks.
    """
    relay_verbs = lexicon.verbs_with("relay")
    cues: list[CueMatch] = []
    # Only a verb or "according" can make a cue: Token objects for those words alone.
    for i in indices_where(doc, pos=("VERB", "AUX"), words=("according",)):
        token = doc[i]
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            cues.append(CueMatch("according_to", token, doc[token.i : token.i + 2], "according to"))
        elif _is_reporting_verb(token, lexicon):
            lemma = token.lemma_.lower()
            as_child = next((c for c in token.children if c.lower_ == "as" and c.dep_ == "prep"), None)
            if lemma in relay_verbs and as_child is not None:
                saying = next((c for c in as_child.children if c.dep_ in ("pcomp", "pobj")), None)
                end = saying.i + 1 if saying is not None else as_child.i + 1
                cues.append(CueMatch("quoted_as", token, doc[as_child.i : end], f"{lemma} as saying"))
            elif lemma == "describe" and as_child is not None:
                cues.append(CueMatch("described_as", token, doc[token.i : as_child.i + 1], "describe as"))
            elif token.dep_ == "pcomp" and token.head.lower_ == "as" and token.head.head.lemma_ in relay_verbs:
                continue  # "saying" inside "quoted X as saying" is part of that cue
            elif is_citing(token):
                continue  # "Y reported, citing X": a relay marker, read by claimkit.sources
            else:
                cues.append(CueMatch("verb", token, verb_cue_span(token), lemma))
    return cues



def colon_cue(doc: Doc, quote_open_at: int) -> CueMatch | None:
    """A colon right before a quotation mark, after a clause that has a subject or a name."""
    before = doc.char_span(0, quote_open_at, alignment_mode="contract")
    if before is None or len(before) == 0:
        return None
    colon = next((t for t in reversed(before) if not t.is_space), None)
    if colon is None or colon.text != ":" or colon.i == 0:
        return None
    head = colon.head
    if head.i == colon.i:
        return None
    subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    # A first- or second-person subject is the writer or the reader, not a quoted source.
    if head.pos_ in ("VERB", "AUX") and subjects and subjects[-1].lower_ not in ("i", "we", "you"):
        return CueMatch("colon", head, doc[colon.i : colon.i + 1], ":")
    if head.pos_ == "PROPN":
        return CueMatch("colon", head, doc[colon.i : colon.i + 1], ":")
    return None
