"""Changes to published records wait for a reviewer: nothing public moves until approval."""

import datetime
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from events import revisions
from events.choices import EventKind, ParticipantRole, RecordStatus, RevisionStatus
from events.exports import EVENT_COLUMNS
from events.history import edits
from events.models import Claim, Event, EventLink, Participant, Revision, Source
from tests.conftest import member_of
from tests.events.test_admin import admin_url, changeform_data, form_values, message_texts
from tests.factories import ActorFactory, ClaimFactory, SourceFactory, TieFactory, published_event

pytestmark = pytest.mark.django_db

API = "/api/v1"
NEW_WORD = "Zanzibarquote"


@pytest.fixture
def editor():
    return member_of("Editors", "editor")


@pytest.fixture
def reviewer():
    return member_of("Reviewers", "reviewer")


@pytest.fixture
def second_reviewer():
    return member_of("Reviewers", "second-reviewer")


def as_user(client, user):
    client.force_login(user)
    return client


def propose_through_the_form(client, record, reason="Correct the record", **changes):
    """Open a published record's page and save it with ``changes``, as an editor would."""
    url = admin_url(type(record), "change", record.pk)
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, changeform_data(page, change_reason=reason, **changes))
    assert response.status_code == 302, response.context and response.context["errors"]
    return response


def review(client, record, step, **data):
    """Open the record's review page and press one of its buttons, as a reviewer would."""
    url = admin_url(type(record), "review", record.pk)
    page = client.get(url)
    seen = page.context["seen"] if page.status_code == 200 else ""
    return client.post(url, {"step": step, "seen": seen, **data})


# --- what the public sees ----------------------------------------------------------------------


def public_views(client, event, new_actor, other_event):
    """Everything a reader can fetch that the change could show in: lists, details, nested
    fields, filters, search, ``updated_since`` and both CSV paths."""
    soon = urlencode({"updated_since": (event.updated_at + datetime.timedelta(microseconds=1)).isoformat()})
    urls = [
        f"{API}/events/",
        f"{API}/events/{event.pk}/",
        f"{API}/meetings/",
        f"{API}/claims/",
        f"{API}/actors/",
        f"{API}/sources/",
        f"{API}/events/?q={NEW_WORD}",
        f"{API}/claims/?q={NEW_WORD}",
        f"{API}/events/?actor={new_actor.pk}",
        f"{API}/actors/{new_actor.pk}/",
        f"{API}/events/{other_event.pk}/",
        f"{API}/events/?format=csv",
        f"{API}/claims/?format=csv",
        f"{API}/events/?{soon}",
    ]
    views = {}
    for url in urls:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        views[url] = (response.status_code, body.decode())
    if connection.vendor == "postgresql":
        from events.copy_export import copy_csv_lines

        views["COPY"] = "".join(copy_csv_lines(EVENT_COLUMNS, Event.objects.published()))
    return views


@pytest.fixture
def story():
    """A published meeting with one claim and one participant, and what a change could bring in."""
    event = published_event(
        kind=EventKind.MEETING, title="Haftar meets Belousov", claims=[{"quote": "Old quote"}]
    )
    other = published_event(title="Agreement signed")
    # Named by nothing published: the change must not make them public before approval.
    new_actor = ActorFactory(name="Unpublished General", slug="unpublished-general")
    new_source = SourceFactory(title="Unpublished Source")
    return {"event": event, "other": other, "new_actor": new_actor, "new_source": new_source}


def part_change(story, part):
    """The posted changes that touch one part of the story's event."""
    if part == "field":
        return {"description": f"Described anew: {NEW_WORD}"}
    if part == "claim":
        return {"claims-0-quote": f"New quote {NEW_WORD}"}
    if part == "participant":
        return {
            "participants-1-actor": story["new_actor"].pk,
            "participants-1-role": ParticipantRole.ATTENDEE,
        }
    return {
        "links_out-TOTAL_FORMS": "1",
        "links_out-0-kind": "led_to",
        "links_out-0-to_event": story["other"].pk,
    }


def is_visible(client, story, part):
    event = story["event"]
    shown = client.get(f"{API}/events/{event.pk}/").json()
    if part == "field":
        return NEW_WORD in shown["description"]
    if part == "claim":
        return bool(client.get(f"{API}/claims/?q={NEW_WORD}").json()["results"])
    if part == "participant":
        return client.get(f"{API}/actors/{story['new_actor'].pk}/").status_code == 200
    return EventLink.objects.filter(from_event=event, to_event=story["other"]).exists()


@pytest.mark.parametrize("part", ["field", "claim", "participant", "link"])
def test_a_change_to_a_published_event_is_public_only_once_approved(client, editor, reviewer, story, part):
    event = story["event"]
    before = public_views(client, event, story["new_actor"], story["other"])

    propose_through_the_form(as_user(client, editor), event, **part_change(story, part))
    client.logout()

    assert Revision.objects.pending().of(event).count() == 1
    assert public_views(client, event, story["new_actor"], story["other"]) == before
    assert not is_visible(client, story, part)

    approved_at = timezone.now()
    response = review(as_user(client, reviewer), event, "approve")
    assert response.status_code == 302
    client.logout()

    assert is_visible(client, story, part)
    changed = client.get(f"{API}/events/", {"updated_since": approved_at.isoformat()}).json()["results"]
    # A link shows at both its ends (links out, links in).
    expected = sorted([event.pk, story["other"].pk] if part == "link" else [event.pk])
    assert sorted(item["id"] for item in changed) == expected
    # History names the editor who made the change, and the reason.
    entries = [
        *edits(event).all(),
        *edits(Claim).filter(event_id=event.pk),
        *edits(Participant).filter(event_id=event.pk),
        *edits(EventLink).filter(from_event_id=event.pk),
    ]
    latest = max(entries, key=lambda entry: entry.history_date)
    assert latest.history_user == editor
    assert latest.history_change_reason == "Correct the record (approved by reviewer)"


def test_the_change_form_shows_the_pending_change_and_a_second_save_adds_to_it(client, editor, story):
    event = story["event"]
    as_user(client, editor)
    source = story["new_source"]
    propose_through_the_form(
        client,
        event,
        **{
            "claims-0-quote": "First edit",
            "claims-1-source": source.pk,
            "claims-1-quote": "An added claim",
            "claims-1-quote_language": "en",
            "claims-1-credibility": "3",
        },
    )
    page = client.get(admin_url(Event, "change", event.pk))
    html = page.content.decode()
    assert "Published, with changes awaiting review" in html
    assert "First edit" in html and "An added claim" in html

    # The added claim has no row yet; the form edits it again all the same.
    propose_through_the_form(
        client, event, reason="Second thoughts", **{"claims-1-quote": "An added claim, reworded"}
    )

    revision = Revision.objects.pending().of(event).get()
    assert sorted(claim["quote"] for claim in revision.state["claims"]) == [
        "An added claim, reworded",
        "First edit",
    ]
    assert revision.reason == "Second thoughts"
    assert [claim.quote for claim in event.claims.all()] == ["Old quote"]
    assert not Claim.objects.filter(quote__startswith="An added claim").exists()


def test_a_reviewer_cannot_approve_their_own_change(client, reviewer, second_reviewer, story):
    event = story["event"]
    propose_through_the_form(as_user(client, reviewer), event, **{"claims-0-quote": "Reviewer's quote"})

    response = review(client, event, "approve")

    assert response.status_code == 200
    assert any("another reviewer approves it" in text for text in message_texts(response))
    assert event.claims.get().quote == "Old quote"
    review(as_user(client, second_reviewer), event, "approve")
    assert event.claims.get().quote == "Reviewer's quote"


def test_a_setting_lets_a_one_person_newsroom_approve_its_own_change(client, reviewer, story, settings):
    settings.REVIEW_SELF_APPROVAL = True
    event = story["event"]
    propose_through_the_form(as_user(client, reviewer), event, **{"claims-0-quote": "Own quote"})

    review(client, event, "approve")

    assert event.claims.get().quote == "Own quote"


def test_an_editor_cannot_approve(client, editor, story):
    event = story["event"]
    propose_through_the_form(as_user(client, editor), event, **{"claims-0-quote": "Editor's quote"})

    response = review(client, event, "approve")

    assert any("Only a reviewer" in text for text in message_texts(response))
    assert event.claims.get().quote == "Old quote"


def test_a_change_sent_back_leaves_the_published_version_and_tells_the_editor_why(
    client, editor, reviewer, story
):
    event = story["event"]
    propose_through_the_form(as_user(client, editor), event, **{"claims-0-quote": "Unsourced claim"})
    as_user(client, reviewer)

    refused = review(client, event, "send_back", note="   ")
    assert any("Say why" in text for text in message_texts(refused))
    review(client, event, "send_back", note="The article does not say this.")

    assert event.claims.get().quote == "Old quote"
    revision = Revision.objects.of(event).get()
    assert revision.status == RevisionStatus.SENT_BACK
    as_user(client, editor)
    page = client.get(admin_url(Event, "change", event.pk)).content.decode()
    assert "The article does not say this." in page
    assert "Old quote" in page
    # The text sent back is kept, on the review page the banner links to.
    sent_back = client.get(admin_url(Event, "review", event.pk), {"revision": revision.pk}).content.decode()
    assert "Unsourced claim" in sent_back
    index = client.get(reverse("admin:index")).content.decode()
    assert "The article does not say this." in index


def test_the_review_page_shows_each_change_with_old_and_new_values(client, editor, reviewer, story):
    event = story["event"]
    propose_through_the_form(
        as_user(client, editor),
        event,
        description="A new description",
        **{
            "claims-0-quote": "وصل المشير خليفة حفتر",
            "participants-0-DELETE": "on",
            "participants-1-actor": story["new_actor"].pk,
            "participants-1-role": ParticipantRole.ATTENDEE,
        },
    )

    diff = revisions.revision_diff(Revision.objects.pending().get())

    assert [(change.label, change.new) for change in diff.fields] == [("description", "A new description")]
    actions = sorted((row.part.label, row.action) for row in diff.rows)
    assert actions == [("claim", "changed"), ("participant", "added"), ("participant", "removed")]
    [claim] = [row for row in diff.rows if row.part.label == "claim"]
    assert [(c.label, c.old, c.new) for c in claim.fields] == [
        ("quote", "Old quote", "وصل المشير خليفة حفتر")
    ]
    page = as_user(client, reviewer).get(admin_url(Event, "review", event.pk)).content.decode()
    assert "Unpublished General" in page and "Old quote" in page and "وصل المشير خليفة حفتر" in page


def test_a_published_record_is_not_saved_without_a_reason(client, editor, story):
    event = story["event"]
    as_user(client, editor)
    url = admin_url(Event, "change", event.pk)
    page = client.get(url)

    response = client.post(url, changeform_data(page, change_reason="", description="No reason"))

    assert response.status_code == 200
    assert "change_reason" in response.context["adminform"].form.errors
    assert not Revision.objects.exists()


def test_a_save_that_changes_nothing_leaves_no_change_to_review(client, editor, story):
    propose_through_the_form(as_user(client, editor), story["event"])

    assert not Revision.objects.exists()


def test_approval_checks_the_publication_rules_again(editor, reviewer, story):
    event = story["event"]
    state = revisions.record_state(event)
    state["claims"] = []
    revision = revisions.propose(event, state, editor, "Remove the claim")

    with pytest.raises(revisions.RevisionRefused, match="at least one claim"):
        revisions.approve(revision, reviewer)

    assert event.claims.count() == 1
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.PENDING


def test_a_change_that_no_longer_fits_is_refused_with_a_message(client, editor, reviewer, story):
    event = story["event"]
    propose_through_the_form(
        as_user(client, editor),
        event,
        **{
            "claims-1-source": story["new_source"].pk,
            "claims-1-quote": "From a source deleted since",
            "claims-1-quote_language": "en",
            "claims-1-credibility": "3",
        },
    )
    Source.objects.filter(pk=story["new_source"].pk).delete()

    response = review(as_user(client, reviewer), event, "approve")

    assert response.status_code == 200
    assert any("no longer fits the record" in text for text in message_texts(response))
    assert event.claims.count() == 1


def test_a_change_made_before_the_published_version_moved_is_not_approved(client, editor, reviewer, story):
    event = story["event"]
    propose_through_the_form(as_user(client, editor), event, **{"claims-0-quote": "Based on the old version"})
    # A reviewer's merge, say, moves the published version under the pending change.
    ClaimFactory(event=event, quote="Added since")

    response = review(as_user(client, reviewer), event, "approve")

    assert any("changed after this change was made" in text for text in message_texts(response))
    assert sorted(event.claims.values_list("quote", flat=True)) == ["Added since", "Old quote"]


def test_retracting_a_record_with_a_pending_change_withdraws_the_change(client, editor, reviewer, story):
    event = story["event"]
    propose_through_the_form(as_user(client, editor), event, **{"claims-0-quote": "Pending quote"})

    propose_through_the_form(
        as_user(client, reviewer), event, reason="Wrong story", status=RecordStatus.RETRACTED
    )

    event.refresh_from_db()
    assert event.status == RecordStatus.RETRACTED
    assert Revision.objects.get().status == RevisionStatus.WITHDRAWN
    # Once out of the public record, the form edits the record itself again.
    propose_through_the_form(client, event, **{"claims-0-quote": "Edited while retracted"})
    assert event.claims.get().quote == "Edited while retracted"


def test_an_editor_withdraws_their_change(client, editor, story):
    event = story["event"]
    propose_through_the_form(as_user(client, editor), event, **{"claims-0-quote": "Second thoughts"})

    review(client, event, "withdraw")

    assert Revision.objects.get().status == RevisionStatus.WITHDRAWN
    assert event.claims.get().quote == "Old quote"


def test_a_ties_claim_changes_through_review(client, editor, reviewer):
    tie = TieFactory(status=RecordStatus.PUBLISHED)
    ClaimFactory(event=None, tie=tie, quote="Tie quote")

    propose_through_the_form(as_user(client, editor), tie, **{"claims-0-quote": "Tie quote, corrected"})
    assert tie.claims.get().quote == "Tie quote"
    review(as_user(client, reviewer), tie, "approve")

    assert tie.claims.get().quote == "Tie quote, corrected"


def test_the_queue_lists_records_with_changes_awaiting_review(client, editor, reviewer, story):
    event = story["event"]
    propose_through_the_form(as_user(client, editor), event, **{"claims-0-quote": "Queued"})
    as_user(client, reviewer)

    queue = client.get(admin_url(Event, "changelist"), {"pending_change": "yes"})
    index = client.get(reverse("admin:index")).content.decode()

    assert [row.pk for row in queue.context["cl"].result_list] == [event.pk]
    assert "Published, changes awaiting review" in queue.content.decode()
    assert "1 change awaits review" in index


def test_a_claim_of_a_published_record_is_read_only_on_its_own_page(client, editor, story):
    event = story["event"]
    claim = event.claims.get()
    as_user(client, editor)

    page = client.get(admin_url(Claim, "change", claim.pk))
    posted = client.post(admin_url(Claim, "change", claim.pk), {"quote": "Changed around review"})
    deleted = client.post(admin_url(Claim, "delete", claim.pk), {"post": "yes"})
    add = client.get(admin_url(Claim, "add"))
    joined = client.post(
        admin_url(Claim, "add"),
        {
            "source": story["new_source"].pk,
            "event": event.pk,
            "quote": "Slipped in",
            "quote_language": "en",
            "credibility": "2",
            "stance": "asserts",
            "translation_language": "en",
        },
    )

    assert page.status_code == 200
    assert any("change it from" in text for text in message_texts(page))
    assert posted.status_code == 403
    assert deleted.status_code == 403
    assert add.status_code == 200
    assert joined.status_code == 200
    assert "is published" in str(joined.context["adminform"].form.errors["event"])
    assert [claim.quote for claim in event.claims.all()] == ["Old quote"]


@pytest.mark.parametrize("object_id", ["abc", "999999", "1%00"])
def test_the_review_page_of_a_bad_id_is_a_404(client, reviewer, object_id):
    response = as_user(client, reviewer).get(f"/admin/events/event/{object_id}/review/")

    assert response.status_code == 404


def test_a_bad_revision_or_step_is_not_a_crash(client, editor, reviewer, story):
    event = story["event"]
    propose_through_the_form(as_user(client, editor), event, **{"claims-0-quote": "Pending"})
    as_user(client, reviewer)

    assert client.get(admin_url(Event, "review", event.pk), {"revision": "x\x00"}).status_code in (400, 404)
    assert client.get(admin_url(Event, "review", event.pk), {"revision": "99999"}).status_code == 404
    response = review(client, event, "explode")
    assert response.status_code == 200
    assert any("Choose approve" in text for text in message_texts(response))


def test_reverting_a_published_event_restores_its_evidence_once_approved(
    client, editor, reviewer, second_reviewer, story
):
    event = story["event"]
    [original_actor] = [p.actor for p in event.participants.all()]
    before = edits(event).latest()
    propose_through_the_form(
        as_user(client, editor),
        event,
        **{
            "claims-0-quote": "A wrong quote",
            "participants-0-DELETE": "on",
            "participants-1-actor": story["new_actor"].pk,
            "participants-1-role": ParticipantRole.ATTENDEE,
        },
    )
    review(as_user(client, reviewer), event, "approve")
    assert event.claims.get().quote == "A wrong quote"

    url = admin_url(Event, "simple_history", event.pk, before.history_id)
    page = as_user(client, editor).get(url)
    assert "A wrong quote" in page.content.decode() and "Old quote" in page.content.decode()
    data = form_values(page.context["adminform"].form)
    response = client.post(url, {**data, "change_reason": "The article said otherwise"})

    assert response.status_code == 302
    assert event.claims.get().quote == "A wrong quote"
    revision = Revision.objects.pending().of(event).get()
    assert revision.reason.startswith("Revert to the version of")
    review(as_user(client, second_reviewer), event, "approve")
    assert event.claims.get().quote == "Old quote"
    assert [p.actor for p in event.participants.all()] == [original_actor]


def test_a_second_editor_on_a_stale_page_of_a_published_event_is_refused(client, editor, story):
    event = story["event"]
    other_editor = member_of("Editors", "other-editor")
    url = admin_url(Event, "change", event.pk)
    stale_page = as_user(client, other_editor).get(url)
    propose_through_the_form(as_user(client, editor), event, **{"claims-0-quote": "The first editor's quote"})

    response = as_user(client, other_editor).post(
        url,
        changeform_data(stale_page, change_reason="Mine", **{"claims-0-quote": "The second editor's quote"}),
    )

    assert response.status_code == 200
    assert "changed since you opened it" in str(response.context["adminform"].form.non_field_errors())
    assert "The second editor&#x27;s quote" in response.content.decode()
    revision = Revision.objects.pending().get()
    assert [claim["quote"] for claim in revision.state["claims"]] == ["The first editor's quote"]
    assert list(revision.contributors.all()) == [editor]


def test_a_link_moves_both_events_updated_at(story):
    event, other = story["event"], story["other"]
    before = {pk: Event.objects.get(pk=pk).updated_at for pk in (event.pk, other.pk)}

    EventLink.objects.create(from_event=event, to_event=other)

    assert all(Event.objects.get(pk=pk).updated_at > before[pk] for pk in before)


def test_a_change_saved_again_after_the_review_page_opened_is_not_approved_unread(
    client, editor, reviewer, story
):
    event = story["event"]
    propose_through_the_form(as_user(client, editor), event, **{"claims-0-quote": "What the reviewer read"})
    url = admin_url(Event, "review", event.pk)
    seen = as_user(client, reviewer).get(url).context["seen"]
    propose_through_the_form(as_user(client, editor), event, **{"claims-0-quote": "Slipped in after"})

    response = as_user(client, reviewer).post(url, {"step": "approve", "seen": seen})

    assert any("read it again" in text for text in message_texts(response))
    assert event.claims.get().quote == "Old quote"


def test_a_change_made_on_an_older_published_version_is_not_brought_back_by_saving_again(
    client, editor, reviewer, story
):
    event = story["event"]
    propose_through_the_form(as_user(client, editor), event, description="Made on the old version")
    ClaimFactory(event=event, quote="Added since")  # the published version moves (a merge, say)

    page = client.get(admin_url(Event, "change", event.pk)).content.decode()
    assert "made on an earlier version" in page
    assert "Made on the old version" not in page
    propose_through_the_form(client, event, **{"claims-0-quote": "A fresh change"})

    old, new = Revision.objects.of(event).order_by("pk")
    assert (old.status, new.status) == (RevisionStatus.WITHDRAWN, RevisionStatus.PENDING)
    assert old.state["fields"]["description"] == "Made on the old version"
    review(as_user(client, reviewer), event, "approve")
    event.refresh_from_db()
    assert event.description == ""
    assert sorted(event.claims.values_list("quote", flat=True)) == ["A fresh change", "Added since"]


def test_a_long_reason_is_kept_whole_in_history(client, editor, reviewer, story):
    event = story["event"]
    reason = "The article's second paragraph gives the date and the place; " * 6
    propose_through_the_form(as_user(client, editor), event, reason=reason, **{"claims-0-quote": "Long"})

    review(as_user(client, reviewer), event, "approve")

    claim = event.claims.get()
    assert claim.quote == "Long"
    assert edits(claim).latest().history_change_reason == f"{reason.strip()} (approved by reviewer)"


@pytest.mark.parametrize("revision", ["²", "١", "9" * 30])
def test_a_lookalike_revision_number_is_a_404(client, reviewer, story, revision):
    event = story["event"]
    ClaimFactory(event=event)
    Revision.objects.create(event=event, state={}, based_on=event.updated_at, reason="x", author=reviewer)

    response = as_user(client, reviewer).get(admin_url(Event, "review", event.pk), {"revision": revision})

    assert response.status_code == 404


def test_a_nul_in_the_note_is_refused_with_a_message(client, editor, reviewer, story):
    event = story["event"]
    propose_through_the_form(as_user(client, editor), event, **{"claims-0-quote": "Pending"})

    response = review(as_user(client, reviewer), event, "send_back", note="bad\x00note")

    assert any("NUL" in text for text in message_texts(response))
    assert Revision.objects.get().status == RevisionStatus.PENDING


def test_a_pending_change_naming_a_deleted_source_does_not_break_the_page(client, editor, story):
    event = story["event"]
    propose_through_the_form(
        as_user(client, editor),
        event,
        **{
            "claims-1-source": story["new_source"].pk,
            "claims-1-quote": "From a source deleted since",
            "claims-1-quote_language": "en",
            "claims-1-credibility": "3",
        },
    )
    Source.objects.filter(pk=story["new_source"].pk).delete()

    page = client.get(admin_url(Event, "change", event.pk))

    assert page.status_code == 200
    assert any("names a record deleted since" in text for text in message_texts(page))
