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

    @property
    def disputed(self):
        return self.denials > 0

    def as_dict(self):
        return {**asdict(self), "disputed": self.disputed}


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


def corroboration(claims: Iterable[Claim]) -> Corroboration:
    """Summarize ``claims`` (with ``source`` and ``speaker`` loaded) of one record."""
    claims = list(claims)
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
    )


def summary(record: Event | Tie) -> Corroboration:
    """The record's corroboration, computed once per record from its prefetched claims."""
    if not hasattr(record, "_corroboration"):
        record._corroboration = corroboration(record.claims.all())
    return record._corroboration
