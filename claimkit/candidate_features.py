"""What the learned model reads of a candidate: named indicator features.

Indicator features name the cue word (lemma, part of speech, how it hangs in the sentence),
the relation and shape of the content, and who could be the source (the subject's kind,
entity label, pronoun). A cue word the model never saw in training still has its part of
speech, its relation and its subject: the model can accept it when those look like
attribution. (The English model's ``tok2vec`` vectors at the cue, the content and the
subject were tried as features as well: on the held-out training slice they moved content
F1 by -0.007, so they are not read; docs/model-card.md.)

Scope and limits: features come from one sentence's parse.
"""

from __future__ import annotations

from spacy.tokens import Token

from claimkit.candidates import Candidate
from claimkit.segment import sentence_of

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_MARKS = ("that", "whether", "if", "to", "how", "why", "what")


def is_passive(cue: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in cue.children)


def subject_of(cue: Token) -> Token | None:
    """Who could be the source: the cue's subject, a noun cue's possessor ("her claim"), the
    agent of a passive ("[the plan] was criticised by X": X, never the plan, which is what
    was said about), or the subject of the verb a cue word completes ("is set to caution":
    the subject of "set")."""
    children = list(cue.children)
    if is_passive(cue):
        agent = next((c for c in children if c.dep_ == "agent"), None)
        return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    for child in children:
        if child.dep_ in SUBJECT_DEPS or (cue.pos_ == "NOUN" and child.dep_ == "poss"):
            return child
    if cue.dep_ in ("xcomp", "conj") and cue.head != cue:
        return next((c for c in cue.head.children if c.dep_ in SUBJECT_DEPS), None)
    return None


CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "prep", "acomp", "ccomp", "acl", "pobj", "dobj", "attr",
                        "relcl"})


def speaker_of(cue: Token) -> Token | None:
    """The source of a learned claim: the cue's own source (:func:`subject_of`), or, when it has
    none, the subject (or passive agent) of the nearest verb or adjective above it, climbing at
    most four links ("..., citing X": the main verb's subject; "are more likely to say": the
    subject of "are"; "concluded by making": the subject of "concluded")."""
    found = subject_of(cue)
    if found is not None or is_passive(cue):
        return found  # a passive without its agent ("the road was closed") names no source
    token = cue
    for _ in range(4):
        if token.dep_ not in CLIMB_DEPS or token.head == token:
            return None
        token = token.head
        if token.pos_ in ("VERB", "AUX", "ADJ"):
            for child in token.children:
                if child.dep_ in SUBJECT_DEPS:
                    return child
            for child in token.children:
                if child.dep_ == "agent":
                    return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _length_bucket(n: int) -> str:
    for limit in (2, 4, 8, 16, 32):
        if n <= limit:
            return str(limit)
    return "more"


def indicator_features(candidate: Candidate, quoted: bool, in_lexicon: bool) -> list[str]:
    """The named features of ``candidate`` (each present once, with value 1).

    Args:
        quoted: the content holds a quotation mark.
        in_lexicon: the cue word is a reporting verb or noun of the rules' lexicon.
    """
    cue, root, rel = candidate.cue, candidate.root, candidate.relation
    lemma = cue.lemma_.lower()
    subject = subject_of(cue)
    if subject is None:
        subject_kind = "none"
    elif subject.pos_ == "PRON":
        subject_kind = "pron:" + subject.lower_
    else:
        subject_kind = subject.pos_ + ":" + (subject.ent_type_ or "-")
    mark = next((c.lower_ for c in root.children if c.dep_ in ("mark", "aux") and c.lower_ in _MARKS), "-")
    first_words = candidate.fragments[0][:1].text.lower()
    features = [
        "bias",
        "lemma=" + lemma,
        "lemma+rel=" + lemma + "|" + rel,
        "pos=" + cue.pos_,
        "tag=" + cue.tag_,
        "dep=" + cue.dep_,
        "head_pos=" + cue.head.pos_,
        "rel=" + rel,
        "rel+pos=" + rel + "|" + cue.pos_,
        "rel+tag=" + rel + "|" + cue.tag_,
        "root_tag=" + root.tag_,
        "rel+root_tag=" + rel + "|" + root.tag_,
        "mark=" + mark,
        "rel+mark=" + rel + "|" + mark,
        "first=" + first_words,
        "len=" + _length_bucket(candidate.n_tokens),
        "rel+len=" + rel + "|" + _length_bucket(candidate.n_tokens),
        "subject=" + subject_kind,
        "rel+subject=" + rel + "|" + subject_kind.split(":")[0],
        "subject_ent=" + (subject.ent_type_ if subject is not None and subject.ent_type_ else "-"),
        "fragments=" + str(len(candidate.fragments)),
    ]
    first, last = candidate.fragments[0][0], candidate.fragments[-1][-1]
    features += ["first_tag=" + first.tag_, "last_tag=" + last.tag_, "rel+first_tag=" + rel + "|" + first.tag_]
    if cue.i < candidate.fragments[0].start:
        side, gap = "after", candidate.fragments[0].start - cue.i - 1
    elif cue.i >= candidate.fragments[-1].end:
        side, gap = "before", cue.i - candidate.fragments[-1].end
    else:
        side, gap = "inside", 0
    features += ["side=" + side, "gap=" + (_length_bucket(gap) if gap else "0"), "rel+side=" + rel + "|" + side]
    if candidate.variant:
        features += ["variant=" + candidate.variant, "variant+rel=" + candidate.variant + "|" + rel]
    if candidate.preposition:
        features.append("prep=" + candidate.preposition)
        features.append("lemma+prep=" + lemma + "|" + candidate.preposition)
    if any(c.dep_ == "neg" for c in cue.children):
        features.append("negated")
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in cue.children):
        features.append("modal")
    if quoted:
        features.append("quoted")
    if in_lexicon:
        features += ["in_lexicon", "in_lexicon+rel=" + rel]
    if sentence_of(cue).start == 0:
        features.append("first_sentence")
    if any(t.pos_ in ("VERB", "AUX") for f in candidate.fragments for t in f):
        features.append("content_has_verb")
    return features
