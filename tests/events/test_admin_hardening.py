"""The admin answers bad input with a 404 or a form error, never a 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events import services
from events.choices import ParticipantRole, RecordStatus, Stance
from events.history import edits
from events.models import Event, Tie
from tests.events.test_admin import PROJECT_MODELS, admin_url, changeform_data, one_of_each
from tests.factories import (
    ActorFactory,
    ClaimFactory,
    EventFactory,
    ParticipantFactory,
    PlaceFactory,
    TieFactory,
    published_event,
)


def history_url(record, page, *args):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{page}", args=args)


@pytest.mark.parametrize("model_name", PROJECT_MODELS)
@pytest.mark.parametrize("version", ["abc", "999999", "1.5"])
def test_an_unknown_version_of_a_record_is_not_found(editor_client, model_name, version):
    record = one_of_each()[model_name]

    response = editor_client.get(history_url(record, "simple_history", record.pk, version))

    assert response.status_code == 404


@pytest.mark.parametrize("model_name", PROJECT_MODELS)
def test_the_history_of_a_record_with_a_non_numeric_id_is_not_found(editor_client, model_name):
    record = one_of_each()[model_name]
    version = edits(record).first().history_id

    assert editor_client.get(history_url(record, "history", "abc")).status_code == 404
    assert editor_client.get(history_url(record, "simple_history", "abc", version)).status_code == 404


@pytest.mark.parametrize("page", ["add", "change"])
@pytest.mark.parametrize("place", ["abc", "1.5", "999999"])
def test_a_place_that_is_not_an_id_is_a_form_error(editor_client, page, place):
    event = one_of_each()["event"]
    PlaceFactory()
    args = [event.pk] if page == "change" else []
    form_page = editor_client.get(admin_url(Event, page, *args))
    data = changeform_data(form_page, kind="meeting", title="Meeting", start_date="2025-05-09", place=place)

    response = editor_client.post(admin_url(Event, page, *args), data)

    assert response.status_code == 200
    assert "place" in response.context["adminform"].form.errors


def test_a_participant_that_is_not_an_actor_id_is_a_form_error(editor_client):
    event = one_of_each()["event"]
    page = editor_client.get(admin_url(Event, "change", event.pk))
    data = changeform_data(page, **{"participants-0-actor": "abc"})

    response = editor_client.post(admin_url(Event, "change", event.pk), data)

    assert response.status_code == 200
    [participants] = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "participants"
    ]
    assert "actor" in participants.forms[0].errors


# --- the status menu offers what the user may do ----------------------------------------------------


def offered_statuses(response):
    return [value for value, _ in response.context["adminform"].form.fields["status"].widget.choices]


def test_an_editor_is_offered_only_draft_and_review_for_a_draft(editor_client):
    event = EventFactory()

    response = editor_client.get(admin_url(Event, "change", event.pk))

    assert offered_statuses(response) == [RecordStatus.DRAFT, RecordStatus.IN_REVIEW]
    assert 'value="published"' not in response.content.decode()


def test_an_editor_adding_an_event_is_offered_only_draft_and_review(editor_client):
    response = editor_client.get(admin_url(Event, "add"))

    assert offered_statuses(response) == [RecordStatus.DRAFT, RecordStatus.IN_REVIEW]


def test_an_editor_is_offered_only_the_current_status_of_a_published_tie(editor_client):
    tie = TieFactory(status=RecordStatus.PUBLISHED)

    response = editor_client.get(admin_url(Tie, "change", tie.pk))

    assert offered_statuses(response) == [RecordStatus.PUBLISHED]


def test_a_reviewer_is_offered_publication_but_not_retraction_of_a_draft(reviewer_client):
    event = EventFactory()

    response = reviewer_client.get(admin_url(Event, "change", event.pk))

    assert offered_statuses(response) == [RecordStatus.DRAFT, RecordStatus.IN_REVIEW, RecordStatus.PUBLISHED]


def test_a_reviewer_is_offered_every_status_of_a_published_event(reviewer_client):
    event = published_event()

    response = reviewer_client.get(admin_url(Event, "change", event.pk))

    assert offered_statuses(response) == list(RecordStatus)


def test_the_refusal_names_an_event_with_its_article(editor_client):
    event = EventFactory()
    page = editor_client.get(admin_url(Event, "change", event.pk))

    response = editor_client.post(
        admin_url(Event, "change", event.pk), changeform_data(page, status="published")
    )

    [error] = response.context["adminform"].form.errors["status"]
    assert error.startswith("Only a reviewer can change the status of an event to “published”")


def test_the_admin_form_saves_a_status_change_through_the_workflow_service(
    reviewer_client, reviewer, monkeypatch
):
    event = published_event()
    calls = []
    monkeypatch.setattr(
        "events.admin.set_status", lambda *args: calls.append(args) or services.set_status(*args)
    )
    page = reviewer_client.get(admin_url(Event, "change", event.pk))

    response = reviewer_client.post(
        admin_url(Event, "change", event.pk),
        changeform_data(page, status="retracted", change_reason="Wrong story"),
    )

    assert response.status_code == 302
    assert [call[1:] for call in calls] == [(RecordStatus.PUBLISHED, RecordStatus.RETRACTED, reviewer)]
    event.refresh_from_db()
    assert event.status == RecordStatus.RETRACTED
    assert event.withdrawn_at is not None
    assert edits(event).first().history_user == reviewer


# --- the events list reads well ---------------------------------------------------------------------


def event_with_two_participants(disputed=False):
    event = published_event()
    ParticipantFactory(event=event, actor=ActorFactory(name="خليفة حفتر"), role=ParticipantRole.HOST)
    if disputed:
        ClaimFactory(event=event, stance=Stance.DENIES)
    return event


def test_the_events_list_shows_participants_and_whether_disputed(editor_client):
    plain = event_with_two_participants()
    denied = event_with_two_participants(disputed=True)

    response = editor_client.get(admin_url(Event, "changelist"))

    html = response.content.decode()
    assert '<th class="column-participants">' in html or "column-participants" in html
    assert "column-disputed" in html
    assert '<span dir="auto" class="">خليفة حفتر</span>' in html
    rows = {event.pk: event for event in response.context["cl"].result_list}
    assert rows[denied.pk].disputed is True
    assert rows[plain.pk].disputed is False


def test_the_events_list_makes_as_many_queries_for_many_participants_as_for_one(editor_client):
    url = admin_url(Event, "changelist")
    event_with_two_participants()
    editor_client.get(url)
    with CaptureQueriesContext(connection) as for_one:
        editor_client.get(url)
    for disputed in (True, False, True, False, True):
        event_with_two_participants(disputed)

    with CaptureQueriesContext(connection) as for_six:
        response = editor_client.get(url)

    assert response.context["cl"].result_count == 6
    assert len(for_six) == len(for_one)


def test_the_admin_pages_give_autocomplete_choices_their_own_direction(editor_client):
    response = editor_client.get(admin_url(Event, "add"))

    assert "events/admin-direction.js" in response.content.decode()


def test_the_events_list_shows_the_arabic_title_on_its_own_line(editor_client):
    published_event(title="Haftar meets Putin", title_ar="حفتر يلتقي بوتين")

    response = editor_client.get(admin_url(Event, "changelist"))

    assert '<span dir="auto" class="title-ar">حفتر يلتقي بوتين</span>' in response.content.decode()
