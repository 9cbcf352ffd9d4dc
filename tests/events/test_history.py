"""Every change made in the admin is kept with its author, and can be undone from the admin."""

from django.urls import reverse

from events.choices import RecordStatus
from events.history import edits
from events.models import Event, Source
from events.services import NEEDS_CLAIM, change_status
from tests.events.test_admin import admin_url, changeform_data, form_values
from tests.factories import ClaimFactory, EventFactory, ParticipantFactory, SourceFactory


def change_through_the_admin(client, record, **changes):
    model = type(record)
    page = client.get(admin_url(model, "change", record.pk))
    response = client.post(admin_url(model, "change", record.pk), changeform_data(page, **changes))
    assert response.status_code == 302, response.context["errors"]


def revert_through_the_admin(client, record, version):
    """Open the history page's form for ``version`` and press its "Revert" button."""
    url = admin_url(type(record), "simple_history", record.pk, version.history_id)
    page = client.get(url)
    return client.post(url, form_values(page.context["adminform"].form))


def test_a_change_through_the_admin_is_recorded_with_its_author(editor_client, editor):
    source = SourceFactory(title="Original title")

    change_through_the_admin(editor_client, source, title="Corrected title")

    latest = edits(source).latest()
    assert latest.history_user == editor
    assert latest.history_type == "~"
    assert latest.title == "Corrected title"


def test_the_recorded_change_says_what_changed(editor_client):
    source = SourceFactory(title="Original title")

    change_through_the_admin(editor_client, source, title="Corrected title")

    latest, previous = edits(source).all()[:2]
    delta = latest.diff_against(previous)
    assert [(change.field, change.old, change.new) for change in delta.changes] == [
        ("title", "Original title", "Corrected title")
    ]


def test_an_inline_change_is_recorded_with_its_author(editor_client, editor):
    event = EventFactory()
    ParticipantFactory(event=event)
    claim = ClaimFactory(event=event, quote="Old quote")

    change_through_the_admin(editor_client, event, **{"claims-0-quote": "وصل حفتر إلى موسكو"})

    latest = edits(claim).latest()
    assert (latest.history_user, latest.quote) == (editor, "وصل حفتر إلى موسكو")


def test_the_history_page_shows_who_changed_what(editor_client):
    source = SourceFactory(title="Original title")
    change_through_the_admin(editor_client, source, title="Corrected title")

    response = editor_client.get(admin_url(Source, "history", source.pk))

    latest = response.context["page_obj"][0]
    assert latest.history_user.username == "editor"
    # The old value appears only in the list of changes (the page title shows the new one).
    assert "Original title" in response.content.decode()


def test_a_change_is_reverted_through_the_history_form(editor_client, editor):
    source = SourceFactory(title="Original title")
    original = edits(source).get()
    change_through_the_admin(editor_client, source, title="Wrong title")

    response = revert_through_the_admin(editor_client, source, original)

    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "Original title"
    assert edits(source).latest().history_user == editor


def test_an_event_is_reverted_to_an_earlier_title(editor_client):
    event = EventFactory(title="Haftar meets Putin")
    ParticipantFactory(event=event)
    original = edits(event).get()
    change_through_the_admin(editor_client, event, title="Haftar meets Shoigu")

    revert_through_the_admin(editor_client, event, original)

    event.refresh_from_db()
    assert event.title == "Haftar meets Putin"


def test_an_editor_cannot_revert_to_a_published_version(editor_client, reviewer):
    event = EventFactory()
    ParticipantFactory(event=event)
    ClaimFactory(event=event)
    change_status(event, RecordStatus.PUBLISHED, reviewer)
    published = edits(event).latest()
    change_status(event, RecordStatus.DRAFT, reviewer)

    response = revert_through_the_admin(editor_client, event, published)

    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.status == RecordStatus.DRAFT


def test_reverting_to_a_published_version_brings_back_its_claims(reviewer_client, reviewer):
    event = EventFactory()
    ParticipantFactory(event=event)
    claim = ClaimFactory(event=event, quote="The deleted quote")
    change_status(event, RecordStatus.PUBLISHED, reviewer)
    published = edits(event).latest()
    change_status(event, RecordStatus.DRAFT, reviewer)
    claim.delete()

    response = revert_through_the_admin(reviewer_client, event, published)

    assert response.status_code == 302
    event = Event.objects.get()
    assert event.status == RecordStatus.PUBLISHED
    assert [claim.quote for claim in event.claims.all()] == ["The deleted quote"]


def test_reverting_cannot_publish_a_record_without_the_claims_it_needs(reviewer_client, reviewer):
    event = EventFactory()
    ParticipantFactory(event=event)
    change_status(event, RecordStatus.IN_REVIEW, reviewer)
    in_review = edits(event).latest()

    page = reviewer_client.get(admin_url(Event, "simple_history", event.pk, in_review.history_id))
    response = reviewer_client.post(
        admin_url(Event, "simple_history", event.pk, in_review.history_id),
        {**form_values(page.context["adminform"].form), "status": "published"},
    )

    assert response.context["adminform"].form.errors["status"] == [NEEDS_CLAIM]
    assert Event.objects.get().status == RecordStatus.IN_REVIEW


def test_a_reviewer_reverts_to_a_published_version(reviewer_client, reviewer):
    event = EventFactory()
    ParticipantFactory(event=event)
    ClaimFactory(event=event)
    change_status(event, RecordStatus.PUBLISHED, reviewer)
    published = edits(event).latest()
    change_status(event, RecordStatus.RETRACTED, reviewer)

    response = revert_through_the_admin(reviewer_client, event, published)

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == RecordStatus.PUBLISHED
    assert event.withdrawn_at is None


def test_the_history_lists_the_status_of_each_version(editor_client, reviewer):
    event = EventFactory()
    ParticipantFactory(event=event)
    ClaimFactory(event=event)
    change_status(event, RecordStatus.PUBLISHED, reviewer)

    response = editor_client.get(reverse("admin:events_event_history", args=[event.pk]))

    assert response.status_code == 200
    versions = [entry for entry in response.context["page_obj"] if entry.version_id is not None]
    assert [entry.action for entry in versions] == ["changed", "created"]
    assert ("status", "Draft", "Published") in [(c.label, c.old, c.new) for c in versions[0].changes]
    assert ("status", "", "Draft") in [(c.label, c.old, c.new) for c in versions[1].changes]
