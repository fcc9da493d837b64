"""The draft claim: what the stages hand on to each other, before it is frozen into a Claim.

Drafts hold spaCy tokens and never leave the pipeline; what leaves is a frozen
:class:`~claimkit.claims.Claim` with character offsets only (:mod:`claimkit.freeze`). A
stage may build and change its own drafts; a later stage makes new ones with
:func:`attrs.evolve` rather than change what it was given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import define, field

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from claimkit.cues import CueMatch
    from claimkit.entities import Entity
    from claimkit.mentions import Mention


@define
class Draft:
    """A claim being built: its content, cue and the rules that made it; later its speaker and relays.

    Attributes:
        fragments: character ranges of the content, in order.
        kind: "direct", "indirect" or "mixed".
        cue: the reporting cue, or None for a continued quote.
        rule: the ``claim`` rule that made the draft (:mod:`claimkit.rules`).
        paragraph: index of the paragraph the content starts in.
        flags: quote flags (``unclosed_quote`` ...).
        content_rule: the ``content`` rule that cut the content.
        follows: for a continued quote, the draft whose speaker it continues.
        mention, written, entity, resolution: the speaker as found, as written (a relative
            "who"), the entity it resolves to and the ``resolution`` rule that resolved it.
        speaker_rules: the ``speaker`` rules that found or changed the speaker.
        via, relay_rules: relays as (span, name) and the ``relay`` rules that found them.
        cue_subject: the grammatical subject of the cue, found once by the speaker stage (it
            relays the claim when the speaker is a source the cue cites).
        learned_probability: for a draft of the learned stage, the model's probability.
    """

    fragments: list[tuple[int, int]]
    kind: str
    cue: CueMatch | None
    rule: str
    paragraph: int
    flags: list[str] = field(factory=list)
    content_rule: str | None = None
    follows: Draft | None = None
    mention: Mention | None = None
    written: Span | None = None
    entity: Entity | None = None
    resolution: str = "none"
    speaker_rules: tuple[str, ...] = ()
    via: list[tuple[Span, str]] = field(factory=list)
    relay_rules: tuple[str, ...] = ()
    cue_subject: Token | None = None
    learned_probability: float | None = None

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]

    @property
    def rules(self) -> tuple[str, ...]:
        """Every rule that made and shaped this draft, in stage order, each once."""
        resolution = self.resolution if self.resolution != "none" else None
        named = (self.rule, self.content_rule, *self.speaker_rules, resolution, *self.relay_rules)
        return tuple(dict.fromkeys(name for name in named if name))
