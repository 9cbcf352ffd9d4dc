"""A record's History shows every change to it and to its claims, participants and links, and
reads the whole record back as it was at any of its versions (events/history.py)."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from events.choices import ParticipantRole, RecordStatus
from events.history import edits, record_history, state_as_of
from events.models import Claim, Event, EventLink, Participant, Tie
from events.revisions import apply_state, approve, compare, propose, record_state, send_back, withdraw
from tests.events.test_admin import admin_url, changeform_data
from tests.factories import (
    ActorFactory,
    ClaimFactory,
    EventFactory,
    ParticipantFactory,
    SourceFactory,
    TieFactory,
    published_event,
)

OLD_QUOTE = "Field Marshal Khalifa Haftar arrived in Moscow on Wednesday evening at Russia's invitation."
NEW_QUOTE = (
    "وصل المشير خليفة حفتر مساء الأربعاء إلى موسكو بدعوة من روسيا، بحسب ما أعلنته وزارة الدفاع الروسية"
)


def save_as(row, user, reason=""):
    """Save ``row`` as the admin and the services do: with its author and reason for history."""
    row._history_user = user
    row._change_reason = reason or None
    row.save()
    return row


def delete_as(row, user, reason=""):
    row._history_user = user
    row._change_reason = reason or None
    row.delete()


def history_page(client, record):
    response = client.get(admin_url(type(record), "history", record.pk))
    assert response.status_code == 200
    return response


def entries_of(response):
    return list(response.context["page_obj"])


def entry(entries, what, action):
    found = [e for e in entries if e.what.startswith(what) and e.action == action]
    assert len(found) == 1, [(e.what, e.action) for e in entries]
    return found[0]


def changes_of(history_entry):
    return {change.label: (change.old, change.new) for change in history_entry.changes}


def draft_event():
    event = EventFactory(title="Haftar in Moscow")
    ParticipantFactory(event=event, actor=ActorFactory(name="Khalifa Haftar"))
    ClaimFactory(event=event, quote=OLD_QUOTE)
    return event


# --- the history page ---------------------------------------------------------------------------


def test_the_history_lists_a_claims_change_with_old_and_new_text_author_and_reason(editor_client, editor):
    event = draft_event()
    claim = event.claims.get()
    claim.quote = NEW_QUOTE
    save_as(claim, editor, "The quote is the Arabic original, not a translation")

    response = history_page(editor_client, event)

    changed = entry(entries_of(response), "claim “\u2068وصل", "changed")
    assert changes_of(changed) == {"quote": (OLD_QUOTE, NEW_QUOTE)}
    assert changed.who == editor
    assert changed.reason == "The quote is the Arabic original, not a translation"
    page = response.content.decode()
    # Both texts whole, each in its own direction.
    assert f'<div dir="auto" class="history-old">{escape(OLD_QUOTE)}</div>' in page
    assert f'<div dir="auto" class="history-new">{escape(NEW_QUOTE)}</div>' in page
    assert "The quote is the Arabic original, not a translation" in page


def test_a_claim_changed_through_the_admin_is_listed_with_its_author(editor_client, editor):
    event = draft_event()
    page = editor_client.get(admin_url(Event, "change", event.pk))
    response = editor_client.post(
        admin_url(Event, "change", event.pk), changeform_data(page, **{"claims-0-quote": NEW_QUOTE})
    )
    assert response.status_code == 302

    changed = entry(entries_of(history_page(editor_client, event)), "claim", "changed")

    assert changes_of(changed) == {"quote": (OLD_QUOTE, NEW_QUOTE)}
    assert changed.who == editor


def test_the_history_lists_a_participant_added_and_removed(editor_client, editor):
    event = draft_event()
    participant = ParticipantFactory(event=event, actor=ActorFactory(name="Yunus-bek Yevkurov"))
    participant.role = ParticipantRole.HOST
    save_as(participant, editor)
    delete_as(participant, editor, "He was not there")

    entries = entries_of(history_page(editor_client, event))

    added = entry(entries, "participant \u2068Yunus-bek Yevkurov\u2069 (attendee)", "created")
    assert changes_of(added)["actor"] == ("", "Yunus-bek Yevkurov")
    changed = entry(entries, "participant \u2068Yunus-bek Yevkurov\u2069 (host)", "changed")
    assert changes_of(changed) == {"role": ("Attendee", "Host")}
    removed = entry(entries, "participant \u2068Yunus-bek Yevkurov\u2069 (host)", "deleted")
    assert changes_of(removed)["role"] == ("Host", "")
    assert (removed.who, removed.reason) == (editor, "He was not there")
    # Newest first.
    assert entries.index(removed) < entries.index(changed) < entries.index(added)


def test_the_history_lists_a_link_to_another_event(editor_client):
    event = draft_event()
    agreement = EventFactory(title="Moscow memorandum")
    EventLink.objects.create(from_event=event, to_event=agreement)

    link = entry(entries_of(history_page(editor_client, event)), "link: led to", "created")

    assert "Moscow memorandum" in link.what
    assert changes_of(link)["to event"][1].startswith("Moscow memorandum")
    # Its key to this event is not a value of its own: it shows only when the link moves.
    assert "from event" not in changes_of(link)


def test_the_history_of_a_tie_lists_its_claims(editor_client, editor):
    tie = TieFactory(title="Commander of the ground forces")
    claim = ClaimFactory(event=None, tie=tie, quote="Saddam commands the ground forces")
    claim.locator = "paragraph 3"
    save_as(claim, editor, "Where the quote stands")

    entries = entries_of(history_page(editor_client, tie))

    assert changes_of(entry(entries, "claim “\u2068Saddam", "changed")) == {"locator": ("–", "paragraph 3")}
    assert entry(entries, "this tie", "created").version_id == edits(tie).get().history_id


def test_a_change_to_the_record_itself_lists_its_fields_and_links_to_its_version(editor_client, editor):
    event = draft_event()
    event.title = "Haftar meets Putin in Moscow"
    save_as(event, editor, "Title from the Kremlin's read-out")

    response = history_page(editor_client, event)

    changed = entry(entries_of(response), "this event", "changed")
    assert changes_of(changed) == {"English title": ("Haftar in Moscow", "Haftar meets Putin in Moscow")}
    version_url = admin_url(Event, "simple_history", event.pk, edits(event).latest().history_id)
    assert version_url in response.content.decode()
    assert editor_client.get(version_url).status_code == 200


def test_a_status_change_is_listed(editor_client, reviewer):
    from events.services import change_status

    event = draft_event()
    change_status(event, RecordStatus.PUBLISHED, reviewer)

    changed = entry(entries_of(history_page(editor_client, event)), "this event", "changed")

    assert changes_of(changed) == {"status": ("Draft", "Published")}
    assert changed.who == reviewer


def test_a_claim_moved_to_another_event_shows_in_both_histories_from_and_up_to_its_move(editor_client):
    first, second = draft_event(), EventFactory(title="Haftar in Minsk")
    claim = first.claims.get()
    claim.event = second
    claim.save()
    claim.locator = "paragraph 9"
    claim.save()

    first_entries = [e for e in entries_of(history_page(editor_client, first)) if e.part]
    second_entries = [e for e in entries_of(history_page(editor_client, second)) if e.part]

    moved = [e for e in first_entries if e.what.startswith("claim") and e.action == "changed"]
    assert [changes_of(e) for e in moved] == [{"event": (str(first), str(second))}]
    claims_in_second = [changes_of(e) for e in second_entries if e.what.startswith("claim")]
    assert claims_in_second == [{"locator": ("–", "paragraph 9")}, {"event": (str(first), str(second))}]


def test_the_history_lists_the_steps_of_changes_kept_for_review(editor_client, editor, reviewer):
    event = published_event(title="Haftar in Moscow")
    state = record_state(event)
    state["fields"]["title"] = "Haftar in Moscow, at Russia's invitation"
    sent_back = propose(event, state, editor, "The invitation is in the read-out")
    send_back(sent_back, reviewer, "Quote the read-out in a claim first")
    approved = propose(event, state, editor, "Now with its claim")
    approve(approved, reviewer)
    state["fields"]["title"] = "Haftar visits Moscow"
    withdraw(propose(event, state, editor, "Shorter"), editor)
    state["fields"]["title"] = "Haftar and Putin in Moscow"
    propose(event, state, editor, "Who met")

    entries = entries_of(history_page(editor_client, event))

    steps = [(e.action, e.who, e.reason or e.note) for e in entries if e.revision is not None]
    assert steps == [
        ("proposed", editor, "Who met"),
        ("withdrawn", editor, ""),
        ("proposed", editor, "Shorter"),
        ("approved", reviewer, ""),
        ("proposed", editor, "Now with its claim"),
        ("sent back", reviewer, "Quote the read-out in a claim first"),
        ("proposed", editor, "The invitation is in the read-out"),
    ]
    # The change still awaiting review is shown as the reviewer reads it.
    pending = entries[0]
    assert pending.note == "Awaiting review."
    assert changes_of(pending) == {
        "English title": ("Haftar in Moscow, at Russia's invitation", "Haftar and Putin in Moscow")
    }
    # The approved change is in the record's own history too, with its author and reason.
    applied = entry(entries, "this event", "changed")
    assert (applied.who, applied.reason) == (editor, "Now with its claim (approved by reviewer)")


def test_the_page_makes_as_many_queries_for_many_entries_as_for_a_few(editor_client, editor):
    def event_with_changes(count):
        event = draft_event()
        for number in range(count):
            claim = ClaimFactory(event=event, source=SourceFactory(), speaker=ActorFactory())
            claim.quote = f"Changed quote {number}"
            save_as(claim, editor, f"Fix {number}")
            ParticipantFactory(event=event)
            EventLink.objects.create(from_event=event, to_event=EventFactory())
        event.title = f"Changed {count} times"
        save_as(event, editor)
        return event

    def queries(event):
        with CaptureQueriesContext(connection) as captured:
            response = history_page(editor_client, event)
        return len(captured), len(entries_of(response))

    few, many = queries(event_with_changes(2)), queries(event_with_changes(8))

    assert many[1] > few[1]
    assert many[0] == few[0]


def test_a_long_history_is_paged(editor_client, editor, monkeypatch):
    monkeypatch.setattr(admin.site._registry[Event], "history_list_per_page", 5)
    event = draft_event()
    for number in range(6):
        event.title = f"Title {number}"
        save_as(event, editor)

    first = history_page(editor_client, event)
    second = editor_client.get(admin_url(Event, "history", event.pk), {"p": 2})

    assert len(entries_of(first)) == 5
    assert first.context["page_obj"].paginator.count == 9  # the event's 7 versions, its participant and claim
    assert [e.action for e in entries_of(second)] == ["changed", "created", "created", "created"]
    assert 'href="?p=2"' in first.content.decode()


@pytest.mark.parametrize("model", [Event, Tie])
def test_a_non_numeric_id_is_not_found(editor_client, model):
    assert editor_client.get(admin_url(model, "history", "abc")).status_code == 404
    assert editor_client.get(admin_url(model, "history", "999999")).status_code == 404


def test_an_editor_reads_the_history_and_an_outsider_does_not(editor_client, client, outsider):
    event = draft_event()

    assert history_page(editor_client, event).context["object"] == event
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    assert client.get(admin_url(Event, "history", event.pk)).status_code == 403


def test_a_deleted_events_history_is_still_readable(editor_client, editor):
    event = draft_event()
    pk = event.pk
    event.delete()

    response = editor_client.get(admin_url(Event, "history", pk))

    assert response.status_code == 200
    assert entry(entries_of(response), "this event", "deleted")


def test_record_history_without_a_page(editor):
    event = draft_event()

    entries = record_history(event)

    assert [(e.what.split(" ")[0], e.action) for e in entries] == [
        ("claim", "created"),
        ("participant", "created"),
        ("this", "created"),
    ]


# --- the whole record as it was -------------------------------------------------------------------


def test_reverting_a_draft_restores_its_claims_and_participants(editor):
    event = draft_event()
    original = edits(event).get()
    claim, participant = event.claims.get(), event.participants.get()
    # A later save: the claim's quote corrected, the participant removed, a claim added.
    event.title = "Haftar meets Putin"
    save_as(event, editor)
    claim.quote = NEW_QUOTE
    save_as(claim, editor)
    delete_as(participant, editor)
    ClaimFactory(event=event, quote="An added claim")

    apply_state(event, state_as_of(event, original.history_id), user=editor, reason="Reverted")

    event.refresh_from_db()
    assert event.title == "Haftar in Moscow"
    assert list(event.claims.values_list("pk", "quote")) == [(claim.pk, OLD_QUOTE)]
    restored = event.participants.get()
    assert (restored.actor.name, restored.role) == ("Khalifa Haftar", ParticipantRole.ATTENDEE)
    assert edits(Claim).filter(id=claim.pk).latest().history_change_reason == "Reverted"


def test_the_state_of_the_latest_version_is_the_record_as_stored(editor):
    event = draft_event()
    ParticipantFactory(event=event)
    EventLink.objects.create(from_event=event, to_event=EventFactory())
    event.description = "A second visit this year"
    save_as(event, editor)

    assert state_as_of(event, edits(event).latest().history_id) == record_state(event)


def test_the_state_keeps_each_version_s_own_rows(editor):
    event = draft_event()
    first = edits(event).get()
    claim = event.claims.get()
    save_as(event, editor)  # an admin save: the record, then its inlines
    claim.quote = "Second wording"
    save_as(claim, editor)
    second = edits(event).latest()
    save_as(event, editor)
    claim.quote = "Third wording"
    save_as(claim, editor)

    quotes = [
        [row["quote"] for row in state_as_of(event, version.history_id)["claims"]]
        for version in (first, second, edits(event).latest())
    ]

    assert quotes == [[OLD_QUOTE], ["Second wording"], ["Third wording"]]


def test_a_tie_s_state_as_of_an_earlier_version(editor):
    tie = TieFactory(title="Commander")
    ClaimFactory(event=None, tie=tie, quote="Saddam commands")
    original = edits(tie).get()
    tie.title = "Chief of staff"
    save_as(tie, editor)
    tie.claims.get().delete()

    state = state_as_of(tie, original.history_id)

    assert state["fields"]["title"] == "Commander"
    assert [row["quote"] for row in state["claims"]] == ["Saddam commands"]


def test_the_reviewer_reads_a_revert_as_a_diff_against_the_record(editor):
    event = draft_event()
    original = edits(event).get()
    claim = event.claims.get()
    # One save in the admin: the event, then its inlines.
    save_as(event, editor)
    claim.quote = NEW_QUOTE
    save_as(claim, editor)
    participant = event.participants.get()
    delete_as(participant, editor)
    added = ClaimFactory(event=event, quote="An added claim")

    diff = compare(Event, record_state(event), state_as_of(event, original.history_id), event)

    assert diff.fields == []
    rows = {(row.part.name, row.action): row for row in diff.rows}
    assert set(rows) == {("claims", "changed"), ("claims", "removed"), ("participants", "added")}
    assert [(c.label, c.old, c.new) for c in rows["claims", "changed"].fields] == [
        ("quote", NEW_QUOTE, OLD_QUOTE)
    ]
    assert "An added claim" in rows["claims", "removed"].summary
    assert Participant.objects.filter(event=event).count() == 0
    assert ("actor", "", "Khalifa Haftar") in [
        (c.label, c.old, c.new) for c in rows["participants", "added"].fields
    ]
    assert added.pk not in [row["id"] for row in state_as_of(event, original.history_id)["claims"]]


def test_a_version_of_another_record_is_not_found(db):
    event, other = draft_event(), draft_event()

    with pytest.raises(Event.history.model.DoesNotExist):
        state_as_of(event, edits(other).get().history_id)


def test_a_claim_changed_on_its_own_belongs_to_the_version_current_then(editor):
    event = draft_event()
    first = edits(event).get()
    claim = event.claims.get()
    # Changed on the claims' own page, the event is not saved: the change is part of the
    # event's latest version, as the event stood while that version was current.
    claim.quote = "Changed on the claim's page"
    save_as(claim, editor)

    assert [row["quote"] for row in state_as_of(event, first.history_id)["claims"]] == [
        "Changed on the claim's page"
    ]
