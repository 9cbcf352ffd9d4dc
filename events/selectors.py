"""Reads that span models: how well a record is corroborated by its claims."""

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from actors.choices import OFFICIAL_CATEGORIES, ActorKind
from actors.models import Actor
from events.models import Claim, Event, Tie
from events.models.claims import is_supporting


@dataclass(frozen=True)
class Corroboration:
    claims: int
    independent_sources: int
    official_confirmation: bool
    denials: int
    best_reliability: str
    best_credibility: int | None
    # A denial, or incompatible values claimed by different origins (events.claimed_values).
    dispute_reasons: tuple[str, ...] = ()

    @property
    def disputed(self):
        return bool(self.dispute_reasons)

    def as_dict(self):
        # The reasons are shown beside the record's claimed values, not inside its corroboration.
        values = asdict(self)
        del values["dispute_reasons"]
        return {**values, "disputed": self.disputed}


def is_official(actor: Actor | None) -> bool:
    """States, government bodies and armed forces speak officially; people and media do not."""
    return actor is not None and (actor.kind == ActorKind.STATE or actor.category in OFFICIAL_CATEGORIES)


def claim_origin(claim: Claim) -> tuple[str, int | str]:
    """Who the information comes from: the speaker when named, else the publisher, else the source.

    Two articles relaying one Kremlin statement are one origin, not two.
    """
    if claim.speaker_id:
        return ("actor", claim.speaker_id)
    if claim.source.publisher:
        return ("publisher", claim.source.publisher.casefold())
    return ("source", claim.source_id)


def corroboration(claims: Iterable[Claim], dispute_reasons: Iterable[str] | None = None) -> Corroboration:
    """Summarize ``claims`` (``Claim.objects.for_summary()``) of one record.

    ``dispute_reasons`` are the record's stored ones (``Disputable``); without them they are
    computed from the claims, by the same rule.
    """
    from events.claimed_values import dispute_reasons as reasons_of

    claims = list(claims)
    if dispute_reasons is None:
        dispute_reasons = reasons_of(claims)
    supporting = [c for c in claims if is_supporting(c)]
    grades = [c.source.reliability for c in supporting]
    credibilities = [c.credibility for c in supporting]
    return Corroboration(
        claims=len(claims),
        independent_sources=len({claim_origin(c) for c in supporting}),
        official_confirmation=any(is_official(c.speaker) for c in supporting),
        denials=len(claims) - len(supporting),
        best_reliability=min(grades) if grades else "",
        best_credibility=min(credibilities) if credibilities else None,
        dispute_reasons=tuple(dispute_reasons),
    )


def summary(record: Event | Tie) -> Corroboration:
    """The record's corroboration, computed once per record from its prefetched claims; whether
    it is disputed is what the record stores, which the ``disputed`` filter and the COPY export
    read too."""
    if not hasattr(record, "_corroboration"):
        record._corroboration = corroboration(record.claims.all(), record.dispute_reasons)
    return record._corroboration
