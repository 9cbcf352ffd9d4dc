"""A reviewer merges a duplicate actor into the one that stays: everything moves, nothing is lost."""

import pytest
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.urls import reverse

from actors.choices import ActorKind, Language, NameKind, OrganizationCategory
from actors.models import Actor, ActorName
from events.choices import ParticipantRole, RecordStatus
from events.history import edits
from events.merging import MergeRefused, merge_actors
from events.models import Claim, Event, Participant, Tie
from tests.api_helpers import read_csv, results
from tests.factories import ActorFactory, ActorNameFactory, ClaimFactory, TieFactory, published_event

API = "/api/v1"
CHANGELIST = reverse("admin:actors_actor_changelist")
ATTENDEE = ParticipantRole.ATTENDEE


@pytest.fixture
def erdogan(db):
    """The actor that stays, in one published event of its own."""
    actor = ActorFactory(name="Recep Tayyip Erdoğan", slug="recep-tayyip-erdogan")
    ActorNameFactory(actor=actor, name="أردوغان", language=Language.ARABIC)
    published_event(title="Erdoğan in Ankara", participants=[(actor, ATTENDEE)])
    return actor


@pytest.fixture
def duplicate(erdogan):
    """The same man entered again, with records of his own and a child organization."""
    actor = ActorFactory(name="Tayyip Erdoğan", slug="tayyip-erdogan", duplicate_of=erdogan)
    ActorNameFactory(actor=actor, name="أردوغان", language=Language.ARABIC)
    ActorNameFactory(actor=actor, name="Reis", language=Language.TURKISH, kind=NameKind.ALIAS)
    return actor


@pytest.fixture
def records(duplicate):
    """What names the duplicate: a participation, ties both ways, a quote it speaks, a child."""
    other = ActorFactory(name="Fayez al-Sarraj", slug="fayez-al-sarraj")
    event = published_event(
        title="Talks in Istanbul", participants=[(duplicate, ATTENDEE), (other, ATTENDEE)]
    )
    tie_out = TieFactory(subject=duplicate, object=other, status=RecordStatus.PUBLISHED)
    tie_in = TieFactory(subject=other, object=duplicate, kind="commands")
    claim = ClaimFactory(event=event, speaker=duplicate)
    child = ActorFactory(
        name="Presidency office",
        kind=ActorKind.ORGANIZATION,
        category=OrganizationCategory.GOVERNMENT_BODY,
        parent=duplicate,
    )
    return {
        "event": event,
        "tie_out": tie_out,
        "tie_in": tie_in,
        "claim": claim,
        "child": child,
        "other": other,
    }


def merge_in_admin(client, *actors):
    return client.post(
        CHANGELIST,
        {"action": "merge_into_marked", "_selected_action": [actor.pk for actor in actors]},
        follow=True,
    )


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def snapshot():
    """Every row a merge may touch, to show a refused merge changed nothing."""
    return (
        sorted(Participant.objects.values_list("pk", "event", "actor", "role")),
        sorted(Tie.objects.values_list("pk", "subject", "object")),
        sorted(Claim.objects.values_list("pk", "speaker")),
        sorted(Actor.objects.values_list("pk", "parent", "merged_into", "merged_at", "duplicate_of")),
        sorted(ActorName.objects.values_list("pk", "actor", "language", "name")),
    )


# ---------------------------------------------------------------------------- what moves


def test_a_merge_moves_participants_ties_claims_children_and_names(
    reviewer_client, erdogan, duplicate, records
):
    response = merge_in_admin(reviewer_client, duplicate)

    assert messages_of(response) == [f"Merged “{duplicate}” into “{erdogan}”."]
    assert list(
        Participant.objects.filter(event=records["event"], actor=erdogan).values_list("role", flat=True)
    ) == [ATTENDEE]
    assert not Participant.objects.filter(actor=duplicate).exists()
    assert Tie.objects.get(pk=records["tie_out"].pk).subject == erdogan
    assert Tie.objects.get(pk=records["tie_in"].pk).object == erdogan
    assert Claim.objects.get(pk=records["claim"].pk).speaker == erdogan
    assert Actor.objects.get(pk=records["child"].pk).parent == erdogan
    names = sorted(erdogan.names.values_list("language", "name", "kind"))
    assert names == [
        ("ar", "أردوغان", NameKind.OFFICIAL),
        ("en", "Tayyip Erdoğan", NameKind.ALIAS),
        ("tr", "Reis", NameKind.ALIAS),
    ]


def test_the_duplicate_is_kept_marked_as_merged(reviewer_client, erdogan, duplicate, records):
    merge_in_admin(reviewer_client, duplicate)

    duplicate.refresh_from_db()
    assert duplicate.merged_into == erdogan
    assert duplicate.merged_at is not None
    assert Actor.objects.filter(pk=duplicate.pk).exists()


def test_history_names_the_reviewer_and_the_merge(reviewer_client, reviewer, erdogan, duplicate, records):
    merge_in_admin(reviewer_client, duplicate)

    reason = f"Merged actor {duplicate.pk} into {erdogan.pk}"
    for history in [
        edits(Participant).filter(actor=erdogan, event=records["event"]).latest(),
        edits(Tie).filter(id=records["tie_out"].pk).latest(),
        edits(Tie).filter(id=records["tie_in"].pk).latest(),
        edits(Claim).filter(id=records["claim"].pk).latest(),
        edits(Actor).filter(id=records["child"].pk).latest(),
        edits(Actor).filter(id=duplicate.pk).latest(),
        edits(ActorName).filter(actor=erdogan, name="Reis").latest(),
    ]:
        assert (history.history_user, history.history_change_reason) == (reviewer, reason)


def test_a_search_for_the_survivors_name_finds_the_moved_events(
    client, reviewer_client, erdogan, duplicate, records
):
    assert records["event"] not in Event.objects.search("Recep")

    merge_in_admin(reviewer_client, duplicate)

    assert records["event"] in Event.objects.search("Recep")
    found = {event["id"] for event in results(client.get(f"{API}/events/", {"q": "Recep"}))}
    assert records["event"].pk in found


# ---------------------------------------------------------------------------- the API


def test_the_duplicates_old_url_moves_permanently_to_the_survivor(
    client, reviewer, erdogan, duplicate, records
):
    merge_actors(duplicate, erdogan, user=reviewer)

    for ref in [duplicate.pk, duplicate.slug]:
        response = client.get(f"{API}/actors/{ref}/")
        assert response.status_code == 301
        assert response["Location"] == f"http://testserver{API}/actors/{erdogan.pk}/"
    assert client.get(f"{API}/actors/{erdogan.pk}/").status_code == 200


def test_the_redirect_follows_a_chain_of_merges(client, reviewer, erdogan, duplicate, records):
    merge_actors(duplicate, erdogan, user=reviewer)
    last = ActorFactory(name="R. T. Erdoğan", slug="r-t-erdogan")
    merge_actors(erdogan, last, user=reviewer)

    response = client.get(f"{API}/actors/{duplicate.pk}/")

    assert (response.status_code, response["Location"]) == (301, f"http://testserver{API}/actors/{last.pk}/")


def test_an_unknown_actor_is_still_a_404(client, erdogan):
    assert client.get(f"{API}/actors/999999/").status_code == 404
    assert client.get(f"{API}/actors/no-such-actor/").status_code == 404


def test_the_withdrawn_feed_announces_the_merge(client, reviewer, erdogan, duplicate, records):
    merge_actors(duplicate, erdogan, user=reviewer)
    duplicate.refresh_from_db()

    feed = results(client.get(f"{API}/withdrawn/"))
    assert [item for item in feed if item["type"] == "actor"] == [
        {
            "type": "actor",
            "id": duplicate.pk,
            "withdrawn_at": duplicate.merged_at.isoformat().replace("+00:00", "Z"),
            "reason": "merged",
            "merged_into": erdogan.pk,
        }
    ]
    rows = read_csv(client.get(f"{API}/withdrawn/", {"format": "csv"}))
    assert [(row["type"], row["id"], row["merged_into"]) for row in rows] == [
        ("actor", str(duplicate.pk), str(erdogan.pk))
    ]
    since = duplicate.merged_at.isoformat().replace("+00:00", "Z")
    assert len(results(client.get(f"{API}/withdrawn/", {"since": since}))) == 1


def test_the_feed_gives_events_and_ties_no_merged_into(client, reviewer, erdogan, duplicate, records):
    Event.objects.filter(pk=records["event"].pk).update(
        status=RecordStatus.RETRACTED, withdrawn_at="2025-06-01T00:00Z"
    )

    assert results(client.get(f"{API}/withdrawn/"))[0] | {"withdrawn_at": None} == {
        "type": "event",
        "id": records["event"].pk,
        "withdrawn_at": None,
        "reason": "retracted",
        "merged_into": None,
    }


def test_a_merge_into_an_actor_only_drafts_name_is_not_announced(client, reviewer, db):
    hidden = ActorFactory(name="Draft person")
    copy = ActorFactory(name="Draft person again")
    merge_actors(copy, hidden, user=reviewer)

    assert results(client.get(f"{API}/withdrawn/")) == []
    assert client.get(f"{API}/actors/{copy.pk}/").status_code == 404


# ---------------------------------------------------------------------------- refusals


def test_it_refuses_to_merge_an_actor_into_itself(reviewer, erdogan):
    before = snapshot()
    with pytest.raises(MergeRefused, match="cannot be merged into itself"):
        merge_actors(erdogan, erdogan, user=reviewer)
    assert snapshot() == before


def test_it_refuses_to_merge_into_an_actor_that_was_merged(reviewer, erdogan, duplicate, records):
    third = ActorFactory(name="Third")
    merge_actors(duplicate, erdogan, user=reviewer)
    before = snapshot()

    with pytest.raises(MergeRefused, match="was itself merged into “Recep Tayyip Erdoğan”"):
        merge_actors(third, duplicate, user=reviewer)
    assert snapshot() == before


def test_it_refuses_a_merge_that_would_make_a_duplicate_participant(
    reviewer_client, erdogan, duplicate, records
):
    Participant.objects.create(event=records["event"], actor=erdogan, role=ATTENDEE)
    before = snapshot()

    response = merge_in_admin(reviewer_client, duplicate)

    [message] = messages_of(response)
    assert "not merged" in message
    assert "Talks in Istanbul" in message and f"event {records['event'].pk}" in message
    assert snapshot() == before


def test_it_refuses_a_merge_that_would_tie_the_survivor_to_itself(
    reviewer_client, erdogan, duplicate, records
):
    tie = TieFactory(subject=erdogan, object=duplicate)
    before = snapshot()

    response = merge_in_admin(reviewer_client, duplicate)

    [message] = messages_of(response)
    assert f"tie {tie.pk}" in message and "to itself" in message
    assert snapshot() == before


def test_it_refuses_a_merge_that_would_make_the_survivor_part_of_itself(reviewer, erdogan, duplicate):
    Actor.objects.filter(pk=erdogan.pk).update(parent=duplicate)
    erdogan.refresh_from_db()
    before = snapshot()

    with pytest.raises(MergeRefused, match="part of itself"):
        merge_actors(duplicate, erdogan, user=reviewer)
    assert snapshot() == before


def test_the_action_says_when_an_actor_is_not_marked_as_a_duplicate(reviewer_client, erdogan):
    response = merge_in_admin(reviewer_client, erdogan)

    assert messages_of(response) == [
        f"“{erdogan}” is not marked as a duplicate of another actor: nothing merged."
    ]


def test_an_editor_cannot_merge(editor_client, erdogan, duplicate, records):
    assert "merge_into_marked" not in editor_client.get(CHANGELIST).content.decode()
    before = snapshot()

    merge_in_admin(editor_client, duplicate)

    assert snapshot() == before


def test_reviewers_may_merge_and_editors_may_not(reviewer, editor):
    assert reviewer.has_perm("actors.merge_actor")
    assert not editor.has_perm("actors.merge_actor")


# ---------------------------------------------------------------------------- the command


def test_the_command_merges_by_slug_or_id(erdogan, duplicate, records):
    call_command("merge_actors", duplicate.slug, str(erdogan.pk))

    duplicate.refresh_from_db()
    assert duplicate.merged_into == erdogan
    assert Participant.objects.get(event=records["event"], role=ATTENDEE, actor=erdogan)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["recep-tayyip-erdogan", "recep-tayyip-erdogan"], "cannot be merged into itself"),
        (["no-such-actor", "recep-tayyip-erdogan"], "No actor has the id or slug “no-such-actor”"),
        (["tayyip-erdogan", "recep-tayyip-erdogan", "--by", "nobody"], "No user is called “nobody”"),
        (["tayyip-erdogan", "recep-tayyip-erdogan", "--by", "editor"], "“editor” may not merge actors"),
    ],
)
def test_the_command_refuses_bad_input(editor, erdogan, duplicate, records, arguments, message):
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        call_command("merge_actors", *arguments)
    assert snapshot() == before


def test_a_merge_outside_a_request_still_names_the_reviewer_in_history(reviewer, erdogan, duplicate, records):
    merge_actors(duplicate, erdogan, user=reviewer)

    history = edits(Tie).filter(id=records["tie_out"].pk).latest()
    assert (history.history_user, history.subject_id) == (reviewer, erdogan.pk)
