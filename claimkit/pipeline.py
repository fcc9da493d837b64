"""The pipeline: the stages that turn one parsed article into claims, in order.

Each stage is a module with one job. It takes plain inputs (the parse, the layout, the
drafts so far) and returns new ones; it never changes what an earlier stage made.

1. layout (:mod:`claimkit.layout`): paragraphs and quotes, found once per article;
2. cues (:mod:`claimkit.cues`): reporting verbs, "according to", "quoted X as saying";
   crowded sentences (:func:`claimkit.segment.spare_crowded_sentences`) read no cue;
3. repaired quotes (:mod:`claimkit.quote_claims`): quotes whose closing mark their cue swallowed;
4. quote claims (:mod:`claimkit.quote_claims`): a quote and its cue, direct and mixed;
5. reported claims (:mod:`claimkit.reported_claims`): a cue and its clause, indirect and mixed;
6. continued quotes (:mod:`claimkit.continued_quotes`): uncued quotes kept or dropped;
   headlines (:mod:`claimkit.headlines`): "Mayor: bridge may close";
7. learned claims (:mod:`claimkit.learned`): what the trained model finds that the rules did not;
8. speakers (:mod:`claimkit.resolution`): the speaker as written, resolved in the entity table;
9. relays (:mod:`claimkit.relays`): who passed the claim on (``via``);
10. freezing (:mod:`claimkit.freeze`): drafts to Claims, with confidences and rule names.

What each stage decides is a named rule (:mod:`claimkit.rules`), recorded on the claim as
``evidence.rules``. docs/architecture.md says how to add a rule, a cue, a quote style or an
output format.
"""

from __future__ import annotations

from attrs import frozen
from spacy.tokens import Doc

from claimkit.attribution_model import AttributionModel
from claimkit.claims import Claim
from claimkit.content import Contents
from claimkit.continued_quotes import continued_quotes
from claimkit.cues import CueMatch, find_cues
from claimkit.drafts import Draft
from claimkit.entities import EntityTable
from claimkit.freeze import frozen_claim
from claimkit.headlines import headline_drafts
from claimkit.layout import Layout
from claimkit.learned import learned_drafts
from claimkit.lexicon import Lexicon
from claimkit.quote_claims import quote_drafts, repaired_quotes
from claimkit.relays import relayed
from claimkit.reported_claims import reported_drafts, without_nested_beliefs
from claimkit.resolution import resolve_speakers
from claimkit.segment import indexed_sentences, paragraphs_of, spare_crowded_sentences


@frozen
class Options:
    """How to extract: see :func:`claimkit.load` for what each option means."""

    include_beliefs: bool = True
    merge_quote_sentences: bool = True
    learned: AttributionModel | None = None


def extract_claims(doc: Doc, lexicon: Lexicon, include_beliefs: bool = True, merge_quote_sentences: bool = True,
                   learned: AttributionModel | None = None) -> tuple[list[Claim], EntityTable]:
    """All claims of ``doc`` in text order, and the entity table their speakers point into.

    Args:
        include_beliefs: attribute beliefs and expectations ("analysts believe ...") too.
        merge_quote_sentences: make "“A,” he said. “B.”" one claim with two fragments
            instead of two claims (B continuing A's speaker without a cue). Quotes split
            inside one sentence ("“A,” he said, “b.”") are always one claim.
        learned: the attribution model of the learned stage; None gives the rules alone.
    """
    # Sentence lookups come from one index of the Doc's boundaries (a long sentence full of
    # quotes must not cost its length per quote); extraction never changes the Doc.
    with indexed_sentences(doc):
        return run(doc, lexicon, Options(include_beliefs, merge_quote_sentences, learned))


def run(doc: Doc, lexicon: Lexicon, options: Options) -> tuple[list[Claim], EntityTable]:
    """The stages in order over one article (see the table above)."""
    layout, drafts = _rule_drafts(doc, lexicon, options)
    if options.learned is not None:
        drafts += learned_drafts(doc, layout, drafts, lexicon, options.learned)
        drafts.sort(key=lambda d: (d.start, d.end))
    drafts, table = resolve_speakers(doc, drafts, lexicon, layout)
    drafts = relayed(drafts, lexicon, table)
    return [frozen_claim(layout.text, d, lexicon, layout.paragraphs[d.paragraph]) for d in drafts], table


def rule_drafts(doc: Doc, lexicon: Lexicon) -> tuple[Layout, list[Draft]]:
    """The layout and the rules' drafts (stages 1 to 6, default options): what the learned stage
    is given, for training it (:mod:`claimkit.attribution_training`) on what it sees at run time."""
    with indexed_sentences(doc):
        return _rule_drafts(doc, lexicon, Options())


def _rule_drafts(doc: Doc, lexicon: Lexicon, options: Options) -> tuple[Layout, list[Draft]]:
    text = doc.text  # Doc.text rebuilds the string on every call: read it once
    # Paragraphs as the paragraph component found them.
    layout = Layout(text, paragraphs_of(doc, text), link_labels=lexicon.link_labels)
    # A crowded sentence (thousands of quotes or cues and no full stop) would cost its length
    # per cue: none of its cues is read, its quotes are flagged (claimkit.segment).
    all_cues, quotes = spare_crowded_sentences(doc, layout.text, find_cues(doc, lexicon), layout.quotes)
    if quotes is not layout.quotes:
        layout = layout.with_quotes(quotes)
    layout = repaired_quotes(doc, layout, all_cues, lexicon)
    cues = _cues_outside_quotes_and_labels(all_cues, layout, lexicon, options)
    contents = Contents(lexicon)
    drafts, used_cues = quote_drafts(doc, layout, cues, contents, options.merge_quote_sentences)
    drafts += reported_drafts(layout, [c for c in cues if id(c) not in used_cues], lexicon, cues, contents)
    drafts = without_nested_beliefs(drafts, lexicon)
    drafts.sort(key=lambda d: (d.start, d.end))
    drafts = continued_quotes(doc, layout, drafts)
    drafts += headline_drafts(doc, layout, drafts, lexicon)
    drafts.sort(key=lambda d: (d.start, d.end))
    return layout, drafts


def _cues_outside_quotes_and_labels(cues: list[CueMatch], layout: Layout, lexicon: Lexicon,
                                    options: Options) -> list[CueMatch]:
    """The cues that can make a claim: not inside a quote (the speaker's own "I said"), not in
    a label paragraph ("READ MORE: ..."), and not a belief when beliefs are left out."""
    kept = [c for c in cues if layout.quote_at(c.anchor.idx) is None
            and layout.paragraph_of(c.anchor.idx) not in layout.label_paragraphs]
    if not options.include_beliefs:
        kept = [c for c in kept if c.lemma not in lexicon.belief_verbs]
    return kept
