"""The published record as FollowTheMoney entities, for Aleph, OpenSanctions' tools and nomenklatura.

The records are the network's (``events.network.network_records``: the events the API's filters
select, their actors, and the published ties touching them), with the sources their public
claims quote. How each maps onto the FtM schema (followthemoney 3.8, the version pinned):

- an actor: a person is a ``Person``; a state is a ``PublicBody`` with its ``jurisdiction``
  (FtM has no schema for a state: OpenSanctions too models a state's organs as public bodies);
  a government body is a ``PublicBody``; a company or a private military company is a
  ``Company``; any other organization (armed forces and groups, parties, media, NGOs,
  intergovernmental bodies) an ``Organization``. All names in every script are ``alias``; the
  organization it is part of is ``parent`` when it is in the export too;
- a tie, with its start and end as FtM's prefix dates ("2023-09"): ``member_of`` is a
  ``Membership``, ``commands`` and ``leads`` a ``Directorship`` (the commander directs the
  force), ``holds_office_in`` an ``Occupancy`` of a ``Position`` (the post, named by the tie's
  title, in the body), ``child_of`` a ``Family`` (``relationship`` "child"), ``represents`` a
  ``Representation``; a tie whose ends do not fit that schema (a person as the organization) is
  an ``UnknownLink`` with the kind as its ``role``;
- an event: an ``Event`` with its title (the Arabic title as ``alias``), kind (``keywords``),
  dates, place (``location``, ``country``), every participant ``involved`` and the hosts as
  ``organizer``;
- a source: an ``Article`` (title, publisher, author, URL, date, language; never its text), and
  each public claim a ``Documentation`` joining it to the record it supports, with the quote
  (``summary``), its translation (``description``) and its stance (``role``).

Ids are ``alliance-tracker-<record>-<id>``, so entities from two exports of the same record merge.
"""

import json
from collections.abc import Iterator

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q
from followthemoney import model
from followthemoney.types import registry

from actors.choices import ActorKind, OrganizationCategory
from events.choices import ParticipantRole, Stance, TieKind
from events.dates import format_date
from events.filtersets import EventFilterSet
from events.models import Claim, Participant, Source
from events.network import network_records

CHUNK_SIZE = 2000
ID_PREFIX = "alliance-tracker"

COMPANY_CATEGORIES = (OrganizationCategory.COMPANY, OrganizationCategory.PRIVATE_MILITARY_COMPANY)
MILITARY_CATEGORIES = (OrganizationCategory.ARMED_FORCE, OrganizationCategory.ARMED_GROUP)
HOST_ROLES = (ParticipantRole.HOST, ParticipantRole.HOSTING)

# Tie kind → (schema, property of the subject, property of the object), for ties whose object is
# an organization; Family is for two people. Occupancy goes through a Position (tie_entities).
TIE_SCHEMA = {
    TieKind.MEMBER_OF: ("Membership", "member", "organization"),
    TieKind.COMMANDS: ("Directorship", "director", "organization"),
    TieKind.LEADS: ("Directorship", "director", "organization"),
    TieKind.REPRESENTS: ("Representation", "agent", "client"),
}


def entity_id(kind: str, pk: int) -> str:
    return f"{ID_PREFIX}-{kind}-{pk}"


def actor_schema(actor) -> str:
    if actor.kind == ActorKind.PERSON:
        return "Person"
    if actor.kind == ActorKind.STATE or actor.category == OrganizationCategory.GOVERNMENT_BODY:
        return "PublicBody"
    if actor.category in COMPANY_CATEGORIES:
        return "Company"
    return "Organization"


def make(schema: str, kind: str, pk, **properties):
    """An entity with ``properties`` (a value or a list; empty ones left out).

    ``add`` cleans each value by its FtM type and refuses a property the schema lacks.
    """
    proxy = model.make_entity(schema)
    proxy.id = entity_id(kind, pk)
    for name, values in properties.items():
        values = [
            value for value in (values if isinstance(values, list) else [values]) if value not in (None, "")
        ]
        if values:
            proxy.add(name, values)
    return proxy


def actor_entity(actor):
    country = actor.country.code.lower() if actor.country else None
    names = sorted({name.name for name in actor.names.all()} - {actor.name})
    topics = []
    if actor.kind == ActorKind.STATE:
        topics.append("gov.national")
    elif actor.category == OrganizationCategory.GOVERNMENT_BODY:
        topics.append("gov")
    elif actor.category in MILITARY_CATEGORIES:
        topics.append("mil")
    elif actor.category == OrganizationCategory.INTERNATIONAL_ORGANIZATION:
        topics.append("gov.igo")
    properties = {
        "name": actor.name,
        "alias": names,
        "country": country,
        "wikidataId": actor.wikidata_id,
        "description": actor.description,
        "topics": topics,
    }
    if actor.kind == ActorKind.STATE:
        properties["jurisdiction"] = country
    if actor.parent_id and actor.parent_exported:
        properties["parent"] = entity_id("actor", actor.parent_id)
    return make(actor_schema(actor), "actor", actor.pk, **properties)


def period(record) -> dict:
    return {
        "startDate": format_date(record.start_date, record.start_precision),
        "endDate": format_date(record.end_date, record.end_precision),
    }


def tie_entities(tie) -> list:
    subject, object_ = entity_id("actor", tie.subject_id), entity_id("actor", tie.object_id)
    people = tie.subject.kind == ActorKind.PERSON, tie.object.kind == ActorKind.PERSON
    role = tie.title or tie.get_kind_display()
    if tie.kind == TieKind.CHILD_OF and all(people):
        return [
            make(
                "Family", "tie", tie.pk, person=object_, relative=subject, relationship="child", **period(tie)
            )
        ]
    if tie.kind == TieKind.HOLDS_OFFICE_IN and people == (True, False):
        post = make(
            "Position",
            "position",
            tie.pk,
            name=tie.title or f"Office in {tie.object.name}",
            organization=object_,
            country=tie.object.country.code.lower() if tie.object.country else None,
        )
        return [post, make("Occupancy", "tie", tie.pk, holder=subject, post=post.id, **period(tie))]
    if tie.kind in TIE_SCHEMA and not people[1]:
        schema, from_property, to_property = TIE_SCHEMA[tie.kind]
        return [
            make(
                schema,
                "tie",
                tie.pk,
                **{from_property: subject, to_property: object_},
                role=role,
                **period(tie),
            )
        ]
    return [make("UnknownLink", "tie", tie.pk, subject=subject, object=object_, role=role, **period(tie))]


def event_entity(event):
    participants = event.participants.all()
    return make(
        "Event",
        "event",
        event.pk,
        name=event.title,
        alias=event.title_ar,
        description=event.description,
        keywords=event.get_kind_display(),
        location=event.place.name if event.place else None,
        country=event.place.country.code.lower() if event.place and event.place.country else None,
        involved=sorted({entity_id("actor", p.actor_id) for p in participants}),
        organizer=sorted({entity_id("actor", p.actor_id) for p in participants if p.role in HOST_ROLES}),
        **period(event),
    )


def source_entity(source):
    return make(
        "Article",
        "source",
        source.pk,
        name=source.title,
        title=source.title,
        publisher=source.publisher,
        author=source.author,
        sourceUrl=source.url,
        publishedAt=source.published_on,
        retrievedAt=source.accessed_on,
        language=registry.language.clean(source.language),
    )


def claim_entity(claim):
    record = entity_id("event", claim.event_id) if claim.event_id else entity_id("tie", claim.tie_id)
    return make(
        "Documentation",
        "claim",
        claim.pk,
        document=entity_id("source", claim.source_id),
        entity=record,
        role=str(Stance(claim.stance).label),
        summary=claim.quote,
        description=claim.translation,
    )


def entities(filterset: EventFilterSet) -> Iterator:
    """Every entity of the export, lazily: a fixed number of queries per chunk of records."""
    records = network_records(filterset)
    actors = (
        records.actors.prefetch_related("names")
        .annotate(
            parent_exported=ExpressionWrapper(
                Q(parent__in=records.actors.values("pk")), output_field=BooleanField()
            )
        )
        .only("pk", "kind", "category", "name", "country", "wikidata_id", "description", "parent_id")
    )
    for actor in actors.iterator(chunk_size=CHUNK_SIZE):
        yield actor_entity(actor)
    for tie in (
        records.ties.select_related("subject", "object").order_by("pk").iterator(chunk_size=CHUNK_SIZE)
    ):
        yield from tie_entities(tie)
    events = (
        filterset.qs.select_related("place")
        .prefetch_related(
            Prefetch("participants", queryset=Participant.objects.only("event", "actor", "role"))
        )
        .order_by("pk")
    )
    for event in events.iterator(chunk_size=CHUNK_SIZE):
        yield event_entity(event)
    claims = Claim.objects.public().filter(
        Q(event__in=records.event_ids) | Q(tie__in=records.ties.values("pk"))
    )
    sources = Source.objects.filter(pk__in=claims.values("source")).defer("text").order_by("pk")
    for source in sources.iterator(chunk_size=CHUNK_SIZE):
        yield source_entity(source)
    fields = ("pk", "event_id", "tie_id", "source_id", "stance", "quote", "translation")
    for claim in claims.only(*fields).order_by("pk").iterator(chunk_size=CHUNK_SIZE):
        yield claim_entity(claim)


def ftm_lines(filterset: EventFilterSet) -> Iterator[str]:
    """One entity per line as JSON (``ftm`` and Aleph read this "entities" format)."""
    for entity in entities(filterset):
        yield json.dumps(entity.to_dict(), ensure_ascii=False, sort_keys=True) + "\n"
