import pytest
from django.core.exceptions import ValidationError

from events import services
from events.history import edits
from events.models import Event
from tests.factories import ClaimFactory, EventFactory, ParticipantFactory, TieFactory

pytestmark = pytest.mark.django_db


def ready_event(status="review"):
    event = EventFactory(status=status)
    ParticipantFactory(event=event)
    ClaimFactory(event=event)
    return event


def test_an_editor_can_submit_a_draft_for_review(editor):
    event = services.change_status(ready_event("draft"), "review", editor)
    assert event.status == "review"


def test_an_editor_cannot_publish(editor):
    event = ready_event()
    with pytest.raises(ValidationError, match="Only a reviewer"):
        services.change_status(event, "published", editor)
    assert Event.objects.get(pk=event.pk).status == "review"


def test_an_editor_cannot_send_a_published_record_back(editor):
    event = ready_event("published")
    with pytest.raises(ValidationError, match="Only a reviewer"):
        services.change_status(event, "draft", editor)


def test_a_reviewer_can_publish_and_it_is_stamped(reviewer):
    event = services.change_status(ready_event(), "published", reviewer)
    assert event.status == "published"
    assert event.published_at is not None
    assert event.withdrawn_at is None


def test_publishing_without_a_claim_fails_with_a_message(reviewer):
    event = EventFactory(status="review")
    ParticipantFactory(event=event)
    with pytest.raises(ValidationError) as error:
        services.change_status(event, "published", reviewer)
    assert error.value.messages == [services.NEEDS_CLAIM]
    assert Event.objects.get(pk=event.pk).status == "review"


def test_publishing_an_event_without_a_participant_fails(reviewer):
    event = EventFactory(status="review")
    ClaimFactory(event=event)
    with pytest.raises(ValidationError) as error:
        services.change_status(event, "published", reviewer)
    assert error.value.messages == [services.NEEDS_PARTICIPANT]


def test_a_tie_needs_a_claim_but_no_participant(reviewer):
    tie = TieFactory(status="review")
    with pytest.raises(ValidationError):
        services.change_status(tie, "published", reviewer)
    ClaimFactory(event=None, tie=tie)
    assert services.change_status(tie, "published", reviewer).status == "published"


def test_retracting_records_when_it_left_publication(reviewer):
    event = services.change_status(ready_event(), "published", reviewer)
    event = services.change_status(event, "retracted", reviewer)
    assert event.status == "retracted"
    assert event.withdrawn_at >= event.published_at


def test_a_status_change_is_kept_in_history_with_its_author(reviewer):
    event = services.change_status(ready_event(), "published", reviewer)
    latest = edits(event).first()
    assert (latest.status, latest.history_user) == ("published", reviewer)
    assert edits(event).count() == 2


def test_history_can_restore_an_earlier_version(editor):
    event = EventFactory(title="Haftar meets Putin")
    event.title = "Haftar meets Putin in Moscow"
    event._history_user = editor
    event.save()
    edits(event).earliest().instance.save()
    event.refresh_from_db()
    assert event.title == "Haftar meets Putin"


def test_only_a_published_record_can_be_retracted(reviewer):
    event = ready_event("review")
    with pytest.raises(ValidationError, match="Only a published record can be retracted"):
        services.change_status(event, "retracted", reviewer)
    assert Event.objects.get(pk=event.pk).status == "review"
