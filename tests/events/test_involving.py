"""One definition of "records involving an actor", used by the API, the admin and the reports."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.choices import ParticipantRole, RecordStatus, TieKind
from events.models import Event, Tie
from events.models.events import EventQuerySet
from events.models.ties import Standing, TieQuerySet
from reports.presets import PRESETS
from tests.api_helpers import build_world, ids
from tests.events.test_admin import admin_url
from tests.factories import ActorFactory, EventFactory, ParticipantFactory, TieFactory, published_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(monkeypatch):
    """Every call of the two ``involving`` methods, as (model, actors, options)."""
    seen = []
    for queryset_class in (EventQuerySet, TieQuerySet):
        original = queryset_class.involving

        def spy(self, *args, _original=original, **kwargs):
            seen.append((self.model, args, kwargs))
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(queryset_class, "involving", spy)
    return seen


def test_involving_takes_an_actor_an_id_or_a_list_of_ids():
    haftar, putin, other = ActorFactory(), ActorFactory(), ActorFactory()
    meeting = EventFactory()
    ParticipantFactory(event=meeting, actor=haftar, role=ParticipantRole.ATTENDEE)
    ParticipantFactory(event=meeting, actor=putin, role=ParticipantRole.HOST)
    EventFactory()

    assert list(Event.objects.involving(haftar)) == [meeting]
    assert list(Event.objects.involving(putin.pk)) == [meeting]
    assert list(Event.objects.involving([other.pk, putin.pk])) == [meeting]
    assert list(Event.objects.involving([other.pk])) == []
    assert list(Event.objects.involving([])) == []


def test_involving_with_a_role_keeps_only_that_role():
    haftar = ActorFactory()
    hosted = EventFactory()
    ParticipantFactory(event=hosted, actor=haftar, role=ParticipantRole.HOST)
    attended = EventFactory()
    ParticipantFactory(event=attended, actor=haftar, role=ParticipantRole.ATTENDEE)

    assert list(Event.objects.involving([haftar.pk], role=ParticipantRole.HOST)) == [hosted]
    assert list(Event.objects.involving(role=ParticipantRole.ATTENDEE)) == [attended]


def test_involving_rolls_up_through_published_ties_only():
    lna, saddam, soldier, drafted = ActorFactory(), ActorFactory(), ActorFactory(), ActorFactory()
    TieFactory(subject=saddam, object=lna, kind=TieKind.COMMANDS, status=RecordStatus.PUBLISHED)
    TieFactory(subject=soldier, object=saddam, kind=TieKind.MEMBER_OF, status=RecordStatus.PUBLISHED)
    TieFactory(subject=drafted, object=lna, kind=TieKind.MEMBER_OF, status=RecordStatus.DRAFT)
    by_saddam, by_soldier, by_drafted = EventFactory(), EventFactory(), EventFactory()
    ParticipantFactory(event=by_saddam, actor=saddam, role=ParticipantRole.ATTENDEE)
    ParticipantFactory(event=by_soldier, actor=soldier, role=ParticipantRole.ATTENDEE)
    ParticipantFactory(event=by_drafted, actor=drafted, role=ParticipantRole.ATTENDEE)

    assert list(Event.objects.involving([lna.pk])) == []
    # Two steps (soldier -> Saddam -> LNA) are within ROLL_UP_DEPTH; the draft tie counts for nothing.
    assert set(Event.objects.involving([lna.pk], roll_up=True)) == {by_saddam, by_soldier}


def test_tie_involving_finds_ties_in_both_directions():
    haftar, lna, putin = ActorFactory(), ActorFactory(), ActorFactory()
    commands = TieFactory(subject=haftar, object=lna, kind=TieKind.COMMANDS)
    TieFactory(subject=putin, object=lna, kind=TieKind.MEMBER_OF)

    assert list(Tie.objects.involving(haftar)) == [commands]
    assert set(Tie.objects.involving(lna.pk)) == set(Tie.objects.all())


def test_the_event_filterset_goes_through_involving(client, calls):
    world = build_world()

    response = client.get(
        "/api/v1/events/",
        {"actor": "khalifa-haftar", "actor_any": "vladimir-putin", "include_ties": "true"},
    )

    assert ids(response) == [world.meeting.pk]
    # The filterset works out each roll-up (standing_for) to name its undated ties, then filters.
    assert [(model, type(args[0]), kwargs) for model, args, kwargs in calls] == [
        (Event, Standing, {"role": None}),
        (Event, Standing, {"role": None}),
    ]


def test_a_role_alone_goes_through_involving(client, calls):
    world = build_world()

    response = client.get("/api/v1/events/", {"role": "host"})

    assert ids(response) == [world.meeting.pk]
    assert [(model, kwargs) for model, _, kwargs in calls] == [(Event, {"role": "host"})]


def test_the_tie_filterset_goes_through_involving(client, calls):
    world = build_world()

    response = client.get("/api/v1/ties/", {"actor": "libyan-national-army"})

    assert ids(response) == [world.tie.pk]
    assert [model for model, _, _ in calls] == [Tie]


def test_the_admin_actor_filter_goes_through_involving(editor_client, calls):
    event = published_event()
    actor = event.participants.get().actor

    response = editor_client.get(admin_url(Event, "changelist"), {"actor": actor.pk})

    assert list(response.context["cl"].result_list) == [event]
    assert (Event, (actor.pk,), {}) in calls


def test_the_dossier_goes_through_involving(calls):
    event = published_event()
    actor = event.participants.get().actor

    PRESETS["actor_dossier"].plan({"actor": actor.slug})

    assert {model for model, _, _ in calls} == {Event, Tie}


# Measured before the filters went through involving(), plus the two prefetches of agreements'
# stages and provisions (issue 12) on a page that holds events: the count must not grow.
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"actor": ["khalifa-haftar", "vladimir-putin"], "include_ties": "true", "role": "host"}, 5),
        ({"actor_any": ["khalifa-haftar", "vladimir-putin"]}, 8),
        ({"role": "host"}, 7),
    ],
)
def test_the_actor_filters_make_no_more_queries_than_before(client, params, expected):
    build_world()
    client.get("/api/v1/events/")  # warm up

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/events/", params)

    assert response.status_code == 200
    assert len(queries) <= expected


def test_the_tie_actor_filter_makes_no_more_queries_than_before(client):
    build_world()
    client.get("/api/v1/ties/")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/ties/", {"actor": "khalifa-haftar"})

    assert response.status_code == 200
    assert len(queries) <= 3
