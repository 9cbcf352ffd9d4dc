"""Events are found by their claims' quotes and their actors' names, whichever way those change."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from actors.models import ActorName
from events import signals, tasks
from events.choices import RecordStatus
from events.models import Event, Participant
from events.search import refresh_search_documents
from tests.factories import (
    ActorFactory,
    ActorNameFactory,
    ClaimFactory,
    EventFactory,
    ParticipantFactory,
    TieFactory,
)

pytestmark = pytest.mark.django_db


def found(text):
    return set(Event.objects.search(text))


@pytest.fixture
def meeting():
    return EventFactory(title="Meeting in Moscow")


def test_an_event_is_found_by_a_quote_saved_on_it(meeting):
    claim = ClaimFactory(event=meeting, quote="وصل المشير خليفة حفتر إلى موسكو")
    assert found("المُشير") == {meeting}
    claim.quote = "استقبل الرئيس الروسي"
    claim.save()
    assert found("المشير") == set()
    assert found("الروسي") == {meeting}
    claim.delete()
    assert found("الروسي") == set()


def test_a_claim_moved_to_another_event_moves_what_finds_them(meeting):
    other = EventFactory(title="Another meeting")
    claim = ClaimFactory(event=meeting, quote="Wagner instructors arrived")
    claim.event = other
    claim.save()
    assert found("instructors") == {other}


def test_an_event_is_found_by_every_name_of_its_actors(meeting):
    haftar = ActorFactory(name="Khalifa Haftar")
    ActorNameFactory(actor=haftar, name="خليفة حفتر", language="ar")
    participant = ParticipantFactory(event=meeting, actor=haftar)
    assert found("حَفْتَر") == {meeting}
    # Spellings that differ in their vowels, by the sound key.
    assert found("Hifter") == {meeting}
    participant.delete()
    assert found("حفتر") == set()
    assert found("Hifter") == set()


def test_an_alias_added_later_finds_the_actors_events(meeting):
    haftar = ActorFactory(name="Khalifa Haftar")
    ParticipantFactory(event=meeting, actor=haftar)
    assert found("المشير") == set()
    alias = ActorNameFactory(actor=haftar, name="المشير", language="ar", kind="alias")
    assert found("المشير") == {meeting}
    alias.name = "القائد العام"
    alias.save()
    assert found("المشير") == set()
    assert found("القائد") == {meeting}
    alias.delete()
    assert found("القائد") == set()


def test_a_renamed_actor_is_found_by_the_new_name(meeting):
    actor = ActorFactory(name="Libyan National Army")
    ParticipantFactory(event=meeting, actor=actor)
    actor.name = "Libyan Arab Armed Forces"
    actor.save()
    assert found("armed forces") == {meeting}
    assert found("national army") == set()


def test_a_changed_title_is_found(meeting):
    meeting.title = "Talks in Benghazi"
    meeting.save()
    assert found("benghazi") == {meeting}
    assert found("moscow") == set()


def test_a_search_does_not_run_across_two_names(meeting):
    ParticipantFactory(event=meeting, actor=ActorFactory(name="Khalifa Haftar"))
    ParticipantFactory(event=meeting, actor=ActorFactory(name="Vladimir Putin"))
    assert found("haftar") == found("putin") == {meeting}
    assert found("haftar vladimir") == set()


def test_a_claim_or_participant_change_moves_the_records_updated_at(meeting):
    tie = TieFactory()
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Event.objects.update(updated_at=long_ago)
    type(tie).objects.update(updated_at=long_ago)

    ClaimFactory(event=meeting)
    meeting.refresh_from_db()
    assert meeting.updated_at > long_ago

    Event.objects.update(updated_at=long_ago)
    Participant.objects.create(event=meeting, actor=ActorFactory(), role="attendee")
    meeting.refresh_from_db()
    assert meeting.updated_at > long_ago

    ClaimFactory(event=None, tie=tie)
    tie.refresh_from_db()
    assert tie.updated_at > long_ago


def test_the_generator_writes_the_documents_a_refresh_would():
    call_command("generate_dataset", events=120, seed=5, stdout=io.StringIO())
    written = dict(Event.objects.values_list("pk", "search_document"))
    sounds = dict(Event.objects.values_list("pk", "sound_document"))
    assert all(written.values()) and all(sounds.values())
    Event.objects.update(search_document="", sound_document="")
    assert refresh_search_documents(written) == len(written)
    assert dict(Event.objects.values_list("pk", "search_document")) == written
    assert dict(Event.objects.values_list("pk", "sound_document")) == sounds


def test_generated_events_are_found_by_their_actors_arabic_names():
    call_command("generate_dataset", events=120, seed=5, stdout=io.StringIO())
    name = ActorName.objects.filter(language="ar", actor__participations__isnull=False).first()
    events = set(Event.objects.filter(participants__actor=name.actor))
    with_diacritics = name.name[0] + "\u064e" + name.name[1:]
    assert events <= found(with_diacritics)


@pytest.fixture
def busy_actor(monkeypatch):
    """An actor in more events than a save rebuilds itself (the limit lowered to one)."""
    monkeypatch.setattr(signals, "INLINE_REFRESH_LIMIT", 1)
    actor = ActorFactory(name="Khalifa Haftar")
    events = {EventFactory(), EventFactory()}
    for event in events:
        ParticipantFactory(event=event, actor=actor)
    return actor, events


def test_a_new_name_of_a_busy_actor_reaches_its_events_by_a_task_after_the_save(
    busy_actor, monkeypatch, django_capture_on_commit_callbacks
):
    actor, events = busy_actor
    sent = []
    monkeypatch.setattr(tasks.refresh_actor_search_documents, "delay", sent.append)

    with django_capture_on_commit_callbacks(execute=True):
        ActorNameFactory(actor=actor, name="المشير", language="ar", kind="alias")
        assert found("المشير") == set()
    assert sent == [[actor.pk]]

    tasks.refresh_actor_search_documents(*sent)
    assert found("المشير") == events


def test_a_broker_out_of_reach_loses_no_new_name(busy_actor, monkeypatch, django_capture_on_commit_callbacks):
    actor, events = busy_actor

    def broker_down(actor_ids):
        raise BrokerError("Connection refused")

    monkeypatch.setattr(tasks.refresh_actor_search_documents, "delay", broker_down)

    with django_capture_on_commit_callbacks(execute=True):
        ActorNameFactory(actor=actor, name="المشير", language="ar", kind="alias")

    assert found("المشير") == events


def test_a_change_of_status_rebuilds_no_document(meeting):
    ClaimFactory(event=meeting, quote="وصل المشير")
    meeting.refresh_from_db()
    with CaptureQueriesContext(connection) as queries:
        meeting.status = RecordStatus.IN_REVIEW
        meeting.save()
    # The claims are read (who stops being public: events.feed); no document is rebuilt (the
    # rebuild is a bulk_update: one CASE per column).
    rebuilt = ['"search_document" = CASE' in query["sql"] for query in queries.captured_queries]
    assert not any(rebuilt)
    assert found("المشير") == {meeting}


def test_a_copy_saved_after_a_claim_changed_its_event_does_not_bring_back_old_documents(meeting):
    stale = Event.objects.get(pk=meeting.pk)
    ClaimFactory(event=meeting, quote="وصل المشير")
    stale.status = RecordStatus.IN_REVIEW
    stale.save()
    assert found("المشير") == {meeting}
