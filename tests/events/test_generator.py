import io

import pytest
from django.core.management import call_command
from django.db import transaction

from actors.models import Actor, ActorName
from events.choices import EventKind, RecordStatus
from events.models import Claim, Event, EventLink, Participant, Place, Source, Tie
from events.services import publication_problems
from tests.api_helpers import all_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    call_command("generate_dataset", events=300, seed=3, stdout=io.StringIO())


def test_it_creates_exactly_the_events_asked_for(generated):
    assert Event.objects.count() == 300


def test_it_creates_every_kind_of_record(generated):
    assert set(Event.objects.values_list("kind", flat=True)) == set(EventKind.values)
    assert set(Event.objects.values_list("status", flat=True)) == set(RecordStatus.values)
    for model in (Actor, ActorName, Place, Source, Tie, Claim, Participant, EventLink):
        assert model.objects.exists(), model
    assert Event.objects.filter(parent__isnull=False).exists()
    assert set(ActorName.objects.values_list("language", flat=True)) >= {"ar", "en", "ru"}


def test_every_event_passes_validation_and_the_publication_rules(generated):
    for event in Event.objects.select_related("parent"):
        event.full_clean()
        assert publication_problems(event) == []


class Rollback(Exception):
    pass


def generate_and_read(seed):
    """Generate, read the events back, and roll the data away again."""
    try:
        with transaction.atomic():
            call_command("generate_dataset", events=50, seed=seed, stdout=io.StringIO())
            rows = list(Event.objects.order_by("pk").values_list("title", "start_date", "status"))
            raise Rollback
    except Rollback:
        return rows


def test_the_same_seed_gives_the_same_data():
    first = generate_and_read(seed=11)
    assert generate_and_read(seed=11) == first
    assert generate_and_read(seed=12) != first


def test_generated_arabic_names_are_searchable_with_diacritics(generated):
    name = ActorName.objects.filter(language="ar", actor__kind="person").first()
    surname = name.name.split()[-1]
    with_diacritics = surname[0] + "\u064e" + surname[1:]
    assert name.actor in Actor.objects.search(with_diacritics)


def test_drafts_are_not_published(generated):
    drafts = Event.objects.filter(status=RecordStatus.DRAFT)
    assert drafts.exists()
    assert not Event.objects.published().filter(pk__in=drafts).exists()


def test_the_api_shows_no_generated_draft_and_finds_events_by_arabic_names(generated, client, settings):
    listed = {record["id"] for record in all_results(client, "/api/v1/events/?page_size=500")}
    assert listed == set(Event.objects.published().values_list("pk", flat=True))
    assert not listed & set(Event.objects.exclude(status=RecordStatus.PUBLISHED).values_list("pk", flat=True))

    name = ActorName.objects.filter(
        language="ar", actor__participations__event__status=RecordStatus.PUBLISHED
    ).first()
    with_diacritics = name.name[0] + "\u064e" + name.name[1:]
    found = {
        record["id"] for record in all_results(client, f"/api/v1/events/?q={with_diacritics}&page_size=500")
    }
    expected = Event.objects.published().filter(participants__actor=name.actor).values_list("pk", flat=True)
    assert set(expected) <= found
