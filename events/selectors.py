"""Reads that span models: how well a record is corroborated by its claims.

The one definition of a claim's origin (``claim_origin``) and of official confirmation
(``official_bodies``); the COPY export (``events.copy_export``) mirrors both in SQL, and
``tests/events/test_copy_export.py`` holds the two to identical cells.
"""

import datetime
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from actors.choices import OFFICIAL_CATEGORIES, ActorKind
from actors.models import Actor
from events.models import Claim, Event, Tie
from events.models.claims import is_supporting


@dataclass(frozen=True)
class OfficialBody:
    id: int
    name: str


@dataclass(frozen=True)
class Corroboration:
    claims: int
    independent_sources: int
    # Readable labels of those origins ("actor: Kremlin press office"), in code point order.
    origins: tuple[str, ...]
    official_confirmation: bool
    # The states, government bodies and armed forces that confirm it, in order of id.
    official_bodies: tuple[OfficialBody, ...]
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
        return {**values, "origins": list(self.origins), "disputed": self.disputed}


def is_official(actor: Actor | None) -> bool:
    """States, government bodies and armed forces speak officially; people and media do not.

    ``events.models.ties.official_actors`` is the same test as a query.
    """
    return actor is not None and (actor.kind == ActorKind.STATE or actor.category in OFFICIAL_CATEGORIES)


def claim_origin(claim: Claim) -> tuple[str, int | str]:
    """Who the information comes from: the speaker when named; else the publisher of the source
    the claim's source is derived from (``Source.origin``: the first of its chain of relays,
    translations and republications, or the source itself), else that first source.

    Two articles relaying one Kremlin statement are one origin, and so are two outlets
    relaying one monitor's report. Publishers are compared by their search key
    (``Source.publisher_key``: case, diacritics and letter variants ignored).
    """
    if claim.speaker_id:
        return ("actor", claim.speaker_id)
    origin = first_source(claim)
    if origin.publisher_key:
        return ("publisher", origin.publisher_key)
    return ("source", origin.pk)


def first_source(claim: Claim):
    """The first source of the claim's source's chain (``Source.origin``), read from fields only,
    so that a migration's historical models answer it too."""
    source = claim.source
    return source.origin_source if source.origin_source_id else source


def origin_name(claim: Claim) -> str:
    """The origin as a reader names it: the speaker, the publisher, else the first source's title."""
    kind, _ = claim_origin(claim)
    if kind == "actor":
        return claim.speaker.name
    origin = first_source(claim)
    return origin.publisher if kind == "publisher" else origin.title


def origin_label(claim: Claim) -> str:
    """The origin with its kind: ``actor: Kremlin press office``, ``publisher: Syrian
    Observatory``, ``source: [12] Title``."""
    kind, _ = claim_origin(claim)
    if kind == "source":
        return f"source: [{first_source(claim).pk}] {origin_name(claim)}"
    return f"{kind}: {origin_name(claim)}"


def origin_key(claim: Claim) -> str:
    """``claim_origin`` as text (``actor:12``), as the COPY export writes it."""
    kind, value = claim_origin(claim)
    return f"{kind}:{value}"


def claim_date(claim: Claim) -> datetime.date | None:
    """The day a claim speaks of, for the offices its speaker held then: the publication date
    of its source, else the first day of its record (an event's or a tie's start), else
    unknown (``None``)."""
    if claim.source.published_on:
        return claim.source.published_on
    record = claim.record
    return record.date_lo if record is not None else None


def in_force(tie: Tie, day: datetime.date | None) -> bool:
    """Whether ``tie`` covers ``day``: from the first day its start may stand for (``date_lo``)
    to the last day its end may stand for (``date_hi``); a tie with no end is still in force,
    and one with no start held before. An unknown day is covered only by a tie with neither."""
    if tie.date_lo is not None and (day is None or day < tie.date_lo):
        return False
    return not (tie.end_date is not None and (day is None or day > tie.date_hi))


def office_ties(actor: Actor) -> list[Tie]:
    """The actor's offices (``Tie.objects.offices()``), as ``Claim.objects.for_summary()``
    loaded them, or read now."""
    if hasattr(actor, "office_ties"):
        return actor.office_ties
    return list(Tie.objects.offices().filter(subject=actor).select_related("object"))


def official_bodies(claim: Claim) -> list[Actor]:
    """The official bodies whose word ``claim`` is: its speaker when a state, government body
    or armed force; else, when the speaker is a person, each such body in which they hold
    office or which they lead or command by a published tie in force on the claim's date
    (``claim_date``). A head of state speaking is the state confirming it."""
    speaker = claim.speaker if claim.speaker_id else None
    if speaker is None:
        return []
    if is_official(speaker):
        return [speaker]
    if speaker.kind != ActorKind.PERSON:
        return []
    day = claim_date(claim)
    return [tie.object for tie in office_ties(speaker) if in_force(tie, day)]


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
    origins = {}
    for claim in supporting:
        origins.setdefault(origin_key(claim), set()).add(origin_label(claim))
    # One label per origin: where two spellings of one publisher meet, the first in code point order.
    labels = sorted((min(names), key) for key, names in origins.items())
    bodies = {body.pk: body for claim in supporting for body in official_bodies(claim)}
    return Corroboration(
        claims=len(claims),
        independent_sources=len(origins),
        origins=tuple(label for label, _ in labels),
        official_confirmation=bool(bodies),
        official_bodies=tuple(OfficialBody(pk, bodies[pk].name) for pk in sorted(bodies)),
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
