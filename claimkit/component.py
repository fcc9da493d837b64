"""The spaCy components: ``claimkit_paragraphs`` (before the parser) and ``claimkit`` (last).

``claimkit`` stores only serialisable data on the Doc (plain dicts in
``doc.user_data["claimkit"]``) and exposes ``Doc._.claims`` and ``Doc._.claim_entities`` as
getters, so docs survive ``nlp.pipe(n_process=2)``, pickling and ``DocBin``. Both are
registered as entry points, so ``nlp.add_pipe("claimkit")`` works in a process that never
imported claimkit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc

from claimkit.assemble import extract_claims
from claimkit.claims import Claim
from claimkit.confidence import load_model
from claimkit.export import claims_from_records, claims_to_records
from claimkit.lexicon import Lexicon
from claimkit.segment import set_paragraph_boundaries

USER_DATA_KEY = "claimkit"


def _stored(doc: Doc) -> dict[str, Any] | None:
    return doc.user_data.get(USER_DATA_KEY)


def _claims_getter(doc: Doc) -> list[Claim]:
    stored = _stored(doc)
    return claims_from_records(stored["claims"]) if stored else []


def _entities_getter(doc: Doc) -> list[dict[str, Any]]:
    stored = _stored(doc)
    return list(stored["entities"]) if stored else []


def _error_getter(doc: Doc) -> str | None:
    stored = _stored(doc)
    return stored.get("error") if stored else None


for _name, _getter in (("claims", _claims_getter), ("claim_entities", _entities_getter),
                       ("claimkit_error", _error_getter)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, getter=_getter)


@Language.factory(
    "claimkit_paragraphs",
    assigns=["token.is_sent_start"],
    default_config={},
)
def make_paragraph_splitter(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Paragraph breaks as hard sentence boundaries; add it before the parser."""
    return set_paragraph_boundaries


class ClaimkitComponent(Pipe):
    """Extracts attributed claims into ``doc.user_data``; read them with ``doc._.claims``.

    A document whose extraction fails gets no claims and its error in ``doc._.claimkit_error``;
    the pipeline goes on with the next document.
    """

    def __init__(self, nlp: Language, name: str, lexicon: Lexicon, include_beliefs: bool,
                 merge_quote_sentences: bool) -> None:
        self.name = name
        self.lexicon = lexicon
        self.include_beliefs = include_beliefs
        self.merge_quote_sentences = merge_quote_sentences

    def __call__(self, doc: Doc) -> Doc:
        try:
            claims, table = extract_claims(doc, self.lexicon, include_beliefs=self.include_beliefs,
                                           merge_quote_sentences=self.merge_quote_sentences)
            doc.user_data[USER_DATA_KEY] = {"claims": claims_to_records(claims), "entities": table.as_dicts()}
        except Exception as error:  # one bad document must not kill a batch
            doc.user_data[USER_DATA_KEY] = {"claims": [], "entities": [],
                                            "error": f"{type(error).__name__}: {error}"}
            # spaCy's default handler re-raises, which would end nlp.pipe for every document
            # after this one; the error is on the Doc (doc._.claimkit_error) instead. A handler
            # the user set (nlp.set_error_handler) is still told, and may raise.
            if hasattr(self, "error_handler"):
                self.error_handler(self.name, self, [doc], error)
        return doc


@Language.factory(
    "claimkit",
    requires=["token.dep", "token.lemma", "token.pos", "doc.ents", "doc.sents"],
    assigns=["doc._.claims", "doc._.claim_entities"],
    default_config={"lexicon": {"@misc": "claimkit.reporting_lexicon.v1"}, "include_beliefs": True,
                    "merge_quote_sentences": True},
)
def make_claimkit(nlp: Language, name: str, lexicon: Lexicon, include_beliefs: bool,
                  merge_quote_sentences: bool) -> ClaimkitComponent:
    load_model()  # reads and checks the confidence model now (E004), not at the first claim
    return ClaimkitComponent(nlp, name, lexicon, include_beliefs, merge_quote_sentences)

