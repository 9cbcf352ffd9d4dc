"""What the API tests share: a world of published and unpublished records, and readers for CSV."""

import csv
import datetime
import io

from actors.choices import ActorKind, Language, OrganizationCategory
from events.choices import EventKind, ParticipantRole, RecordStatus, Reliability, Stance
from tests.factories import (
    ActorFactory,
    ActorNameFactory,
    ClaimFactory,
    EventFactory,
    ParticipantFactory,
    PlaceFactory,
    SourceFactory,
    TieFactory,
    published_event,
)

LIST_ENDPOINTS = [
    "actors",
    "places",
    "sources",
    "events",
    "visits",
    "meetings",
    "agreements",
    "deployments",
    "decisions",
    "operations",
    "transfers",
    "statements",
    "ties",
    "claims",
]


def results(response):
    assert response.status_code == 200, response.content[:500]
    return response.json()["results"]


def all_results(client, url):
    """Every record of a list, following ``next`` from ``url`` to the last page."""
    records = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content[:500]
        records += response.json()["results"]
        url = response.json()["next"]
    return records


def ids(response):
    return sorted(item["id"] for item in results(response))


def read_csv(response):
    """The rows of a CSV answer as dicts, checking the BOM on the way."""
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:])))


class Hidden:
    """Records that must never be seen: each is named only by hidden things."""

    def __init__(self):
        self.draft_actor = ActorFactory(name="Hidden Draft Person", slug="hidden-draft-person", country="RU")
        self.retracted_actor = ActorFactory(name="Hidden Retracted Person", slug="hidden-retracted-person")
        self.draft_place = PlaceFactory(name="Hidden Base", slug="hidden-base", country="SD")
        self.draft_source = SourceFactory(title="Hidden Draft Source", publisher="Hidden Press")
        self.draft_event = EventFactory(
            kind=EventKind.MEETING,
            title="Hidden draft meeting",
            status=RecordStatus.DRAFT,
            place=self.draft_place,
        )
        ParticipantFactory(event=self.draft_event, actor=self.draft_actor)
        self.draft_claim = ClaimFactory(event=self.draft_event, source=self.draft_source, quote="سري draft")
        self.review_visit = EventFactory(
            kind=EventKind.VISIT, title="Hidden visit in review", status=RecordStatus.IN_REVIEW
        )
        ParticipantFactory(event=self.review_visit, actor=self.draft_actor, role=ParticipantRole.VISITOR)
        ClaimFactory(event=self.review_visit, source=self.draft_source)
        self.retracted_event = EventFactory(
            kind=EventKind.AGREEMENT,
            title="Hidden retracted agreement",
            status=RecordStatus.RETRACTED,
            withdrawn_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC),
        )
        ParticipantFactory(
            event=self.retracted_event, actor=self.retracted_actor, role=ParticipantRole.SIGNATORY
        )
        ClaimFactory(event=self.retracted_event, source=self.draft_source, speaker=self.retracted_actor)
        self.draft_tie = TieFactory(
            subject=self.draft_actor,
            object=self.retracted_actor,
            status=RecordStatus.DRAFT,
            title="Hidden tie",
        )
        ClaimFactory(event=None, tie=self.draft_tie, source=self.draft_source)

    @property
    def texts(self):
        return [
            "Hidden Draft Person",
            "Hidden Retracted Person",
            "Hidden Base",
            "Hidden Draft Source",
            "Hidden draft meeting",
            "Hidden visit in review",
            "Hidden retracted agreement",
            "Hidden tie",
            "سري",
        ]


def build_world():
    """A small published world with Arabic names, a tie, a visit with a meeting, and hidden records."""
    world = type("World", (), {})()
    world.haftar = ActorFactory(name="Khalifa Haftar", slug="khalifa-haftar", country="LY")
    ActorNameFactory(actor=world.haftar, name="خليفة حفتر", language=Language.ARABIC)
    world.putin = ActorFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU")
    world.lna = ActorFactory(
        name="Libyan National Army",
        slug="libyan-national-army",
        kind=ActorKind.ORGANIZATION,
        category=OrganizationCategory.ARMED_FORCE,
        country="LY",
    )
    world.hidden = Hidden()
    world.moscow = PlaceFactory(name="Moscow", slug="moscow", country="RU", kind="city")
    world.source = SourceFactory(
        title='=HYPERLINK("x") article', publisher="Arab News", reliability=Reliability.C
    )
    world.visit = published_event(
        kind=EventKind.VISIT,
        title="Haftar visits Moscow",
        start_date=datetime.date(2025, 5, 7),
        end_date=datetime.date(2025, 5, 11),
        place=world.moscow,
        participants=[(world.haftar, ParticipantRole.VISITOR)],
    )
    world.meeting = published_event(
        kind=EventKind.MEETING,
        title="Haftar meets Putin",
        title_ar="حفتر يلتقي بوتين",
        start_date=datetime.date(2025, 5, 9),
        end_date=datetime.date(2025, 5, 10),
        date_uncertain=True,
        place=world.moscow,
        parent=world.visit,
        participants=[(world.haftar, ParticipantRole.ATTENDEE), (world.putin, ParticipantRole.HOST)],
    )
    ClaimFactory(
        event=world.meeting,
        source=world.source,
        quote="التقى المشير خليفة حفتر الرئيس الروسي",
        quote_language=Language.ARABIC,
        credibility=3,
        stance=Stance.ASSERTS,
    )
    world.tie = TieFactory(
        subject=world.haftar, object=world.lna, kind="commands", status=RecordStatus.PUBLISHED
    )
    ClaimFactory(event=None, tie=world.tie, source=world.source)
    return world


def populate(count, start=0):
    """``count`` published units, each touching every endpoint and every nested field.

    A unit: a state and a person in it (with names), a place, a source and a relay of it, a
    visit with a meeting inside it that led to an agreement (with two stages, one made by a
    decision, and two provisions), a deployment, an operation, a transfer, a statement, and
    ties (one an office of the person's), all with claims and speakers.
    """
    from events.models import EventLink, Provision, Stage

    for n in range(start, start + count):
        state = ActorFactory(name=f"State {n}", slug=f"state-{n}", kind=ActorKind.STATE, country="RU")
        person = ActorFactory(name=f"Person {n}", slug=f"person-{n}", country="LY", parent=None)
        ministry = ActorFactory(
            name=f"Ministry {n}",
            slug=f"ministry-{n}",
            kind=ActorKind.ORGANIZATION,
            category=OrganizationCategory.GOVERNMENT_BODY,
            parent=state,
        )
        ActorNameFactory(actor=person, name=f"شخص {n}", language=Language.ARABIC)
        place = PlaceFactory(name=f"Place {n}", slug=f"place-{n}", country="LY")
        place.names.create(name=f"مكان {n}", language=Language.ARABIC)
        source = SourceFactory(title=f"Source {n}")
        common = {"place": place}
        visit = published_event(
            kind=EventKind.VISIT, title=f"Visit {n}", participants=[(person, "visitor")], **common
        )
        meeting = published_event(
            kind=EventKind.MEETING,
            title=f"Meeting {n}",
            parent=visit,
            participants=[(person, "party")],
            **common,
        )
        agreement = published_event(
            kind=EventKind.AGREEMENT, title=f"Agreement {n}", participants=[(ministry, "signatory")], **common
        )
        published_event(
            kind=EventKind.DEPLOYMENT,
            title=f"Deployment {n}",
            participants=[(state, "deploying")],
            deployment_personnel=["advisers", "trainers"],
            deployment_size_min=10,
            ongoing=True,
        )
        parliament = ActorFactory(
            name=f"Parliament {n}",
            slug=f"parliament-{n}",
            kind=ActorKind.ORGANIZATION,
            category=OrganizationCategory.GOVERNMENT_BODY,
            parent=state,
        )
        ratification = published_event(
            kind=EventKind.DECISION,
            title=f"Decision {n}",
            participants=[(parliament, "deciding_body")],
            decision_type="ratification",
            votes_for=100,
        )
        published_event(
            kind=EventKind.OPERATION,
            title=f"Operation {n}",
            participants=[(state, "attacker"), (person, "supporter")],
            operation_type="capture",
            **common,
        )
        published_event(
            kind=EventKind.TRANSFER,
            title=f"Transfer {n}",
            participants=[(state, "supplier"), (ministry, "recipient")],
            transfer_item_category="aircraft",
            transfer_quantity_min=2,
        )
        published_event(
            kind=EventKind.STATEMENT,
            title=f"Statement {n}",
            participants=[(person, "speaker"), (state, "subject")],
            statement_stance="support",
        )
        Stage.objects.create(agreement=agreement, stage="signed", date=datetime.date(2025, 5, 9))
        Stage.objects.create(
            agreement=agreement,
            stage="ratified",
            date=datetime.date(2025, 6, 1),
            responsible=parliament,
            act=ratification,
        )
        Provision.objects.create(agreement=agreement, obligation="training", party=state)
        Provision.objects.create(agreement=agreement, obligation="consultation")
        EventLink.objects.create(from_event=meeting, to_event=agreement)
        ClaimFactory(event=meeting, source=source, speaker=ministry, stance=Stance.CONFIRMS)
        tie = TieFactory(subject=person, object=ministry, kind="member_of", status=RecordStatus.PUBLISHED)
        ClaimFactory(event=None, tie=tie, source=source, speaker=state)
        # A relay of the source, and the person's office: what the corroboration follows.
        relay = SourceFactory(
            title=f"Relay {n}", publisher=f"Relay {n}", derived_from=source, derivation="relays"
        )
        TieFactory(subject=person, object=state, kind="leads", status=RecordStatus.PUBLISHED)
        ClaimFactory(event=agreement, source=relay, speaker=person, stance=Stance.CONFIRMS)
