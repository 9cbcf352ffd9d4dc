"""Small factories for records the tests build themselves (the demo data is loaded separately)."""

import datetime

import factory
from django.contrib.auth import get_user_model

from actors.choices import ActorKind, Language, NameKind
from actors.models import Actor, ActorName
from events.choices import ROLES_OF_KIND, EventKind, ParticipantRole, RecordStatus, Reliability, Stance
from events.models import Claim, Event, Participant, Place, Source, Tie


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    kind = ActorKind.PERSON
    name = factory.Sequence(lambda n: f"Actor {n}")
    slug = factory.Sequence(lambda n: f"actor-{n}")


class ActorNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActorName

    actor = factory.SubFactory(ActorFactory)
    name = factory.Sequence(lambda n: f"Name {n}")
    language = Language.ENGLISH
    kind = NameKind.OFFICIAL


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Place {n}")
    slug = factory.Sequence(lambda n: f"place-{n}")
    kind = "city"
    country = "LY"


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Report {n}")
    publisher = "Example News"
    language = Language.ENGLISH
    published_on = datetime.date(2025, 5, 11)
    reliability = Reliability.B


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = EventKind.MEETING
    title = factory.Sequence(lambda n: f"Meeting {n}")
    start_date = datetime.date(2025, 5, 9)
    status = RecordStatus.DRAFT


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    event = factory.SubFactory(EventFactory)
    actor = factory.SubFactory(ActorFactory)
    role = ParticipantRole.ATTENDEE


class TieFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tie

    subject = factory.SubFactory(ActorFactory)
    object = factory.SubFactory(ActorFactory)
    kind = "member_of"
    status = RecordStatus.DRAFT


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    source = factory.SubFactory(SourceFactory)
    event = factory.SubFactory(EventFactory)
    quote = factory.Sequence(lambda n: f"Quote {n}")
    quote_language = Language.ENGLISH
    credibility = 2
    stance = Stance.ASSERTS


def published_event(*, participants=None, claims=None, status=RecordStatus.PUBLISHED, **fields):
    """An event with participants and claims that meet the publication rules: published by default.

    ``participants`` are (actor, role) pairs, by default one attendee, or where the kind has no
    attendees one actor in the kind's first role (a deployment's deploying party); ``claims`` are
    the fields of each claim (the event is filled in), one claim by default.
    """
    event = EventFactory(status=status, **fields)
    roles = ROLES_OF_KIND[event.kind]
    default_role = ParticipantRole.ATTENDEE if ParticipantRole.ATTENDEE in roles else roles[0]
    for actor, role in participants or [(ActorFactory(), default_role)]:
        ParticipantFactory(event=event, actor=actor, role=role)
    for claim in claims or [{}]:
        ClaimFactory(event=event, **claim)
    return event
