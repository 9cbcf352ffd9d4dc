"""The change feed (/api/v1/withdrawn/) and ``updated_since``: a copy kept by a nightly sync
stays identical to a fresh download (events.feed)."""

import pytest
from django.utils import timezone

from actors.models import ActorName
from events.choices import EventKind, ParticipantRole, RecordStatus
from events.merging import merge_actors, merge_places
from events.models import Claim, Event, PlaceName, Withdrawal
from events.services import change_status
from tests.api_helpers import all_results, results
from tests.factories import (
    ActorFactory,
    ClaimFactory,
    ParticipantFactory,
    PlaceFactory,
    SourceFactory,
    TieFactory,
    published_event,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"
# Each list a researcher copies, and the feed's name for its records.
LISTS = {
    "event": "events",
    "tie": "ties",
    "claim": "claims",
    "actor": "actors",
    "place": "places",
    "source": "sources",
}


def stamp(moment):
    return moment.isoformat().replace("+00:00", "Z")


def download(client, query=""):
    return {
        kind: {row["id"]: row for row in all_results(client, f"{API}/{name}/?page_size=500{query}")}
        for kind, name in LISTS.items()
    }


def nightly_sync(client, copy, since):
    """What a researcher's script does: fetch what changed, then drop what left."""
    for kind, rows in download(client, f"&updated_since={stamp(since)}").items():
        copy[kind].update(rows)
    gone = all_results(client, f"{API}/withdrawn/?page_size=500&since={stamp(since)}")
    for item in gone:
        copy[item["type"]].pop(item["id"], None)
    return gone


class Night:
    """One night of the sync: edits happen during the day, the sync runs after them."""

    def __init__(self, client, copy):
        self.client, self.copy = client, copy

    def __enter__(self):
        self.since = timezone.now()
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            self.gone = nightly_sync(self.client, self.copy, self.since)
            assert self.copy == download(self.client)


def test_a_copy_synced_nightly_equals_a_fresh_download(client, reviewer):
    lead, guest, body, speaker, hidden_actor = (
        ActorFactory(name="Lead"),
        ActorFactory(name="Guest"),
        ActorFactory(name="Body", kind="organization"),
        ActorFactory(name="Speaker"),
        ActorFactory(name="Only in a draft"),
    )
    tripoli, benghazi, hidden_place = (
        PlaceFactory(name="Tripoli"),
        PlaceFactory(name="Benghazi"),
        PlaceFactory(),
    )
    PlaceName.objects.create(place=benghazi, name="بنغازي", language="ar", kind="official")
    report, relay = SourceFactory(title="Report"), SourceFactory(title="Relay")
    visit = published_event(
        kind=EventKind.VISIT,
        title="A visit",
        place=benghazi,
        participants=[(body, ParticipantRole.VISITOR)],
        claims=[{"source": report}],
    )
    meeting = published_event(
        title="A meeting",
        place=tripoli,
        parent=visit,
        participants=[(lead, ParticipantRole.ATTENDEE), (guest, ParticipantRole.ATTENDEE)],
        claims=[{"source": report}, {"source": relay, "speaker": speaker}],
    )
    tie = TieFactory(subject=lead, object=body, status=RecordStatus.PUBLISHED)
    ClaimFactory(event=None, tie=tie, source=report)
    draft = published_event(
        status=RecordStatus.DRAFT, place=hidden_place, participants=[(hidden_actor, ParticipantRole.ATTENDEE)]
    )
    copy = download(client)
    assert hidden_actor.pk not in copy["actor"] and hidden_place.pk not in copy["place"]
    assert draft.pk not in copy["event"]

    # One change a night, so that each must reach the copy by itself.
    with Night(client, copy):  # an actor renamed: shown in events, ties and claims
        lead.name = "Lead, renamed"
        lead.save()
    with Night(client, copy):  # a name added
        ActorName.objects.create(actor=guest, name="ضيف", language="ar", kind="official")
    with Night(client, copy):  # a place renamed: shown in the events there
        tripoli.name = "Tripoli (Libya)"
        tripoli.save()
    with Night(client, copy):  # one of its names changed
        name = PlaceName.objects.get(place=benghazi)
        name.name = "بنغازي الكبرى"
        name.save()
    with Night(client, copy):  # a source retitled: shown in every claim quoting it
        report.title = "Report, corrected"
        report.save()
    with Night(client, copy):  # a claim deleted: its speaker and its source were used by it alone
        spoken = Claim.objects.get(event=meeting, speaker=speaker)
        spoken.delete()
    assert copy["actor"][lead.pk]["name"] == "Lead, renamed"
    assert speaker.pk not in copy["actor"] and relay.pk not in copy["source"]
    assert spoken.pk not in copy["claim"]

    with Night(client, copy) as night:  # one event retracted, one published
        change_status(visit, RecordStatus.RETRACTED, reviewer)
        change_status(draft, RecordStatus.PUBLISHED, reviewer)
    assert copy["event"][meeting.pk]["parent"] is None
    assert benghazi.pk not in copy["place"] and hidden_place.pk in copy["place"]
    assert hidden_actor.pk in copy["actor"]
    assert {(item["type"], item["reason"]) for item in night.gone} >= {
        ("event", "retracted"),
        ("place", "no_longer_public"),
        ("claim", "no_longer_public"),
    }

    with Night(client, copy) as night:  # merges, and a tie sent back
        elsewhere = published_event(participants=[(guest, ParticipantRole.ATTENDEE)])
        ParticipantFactory(event=elsewhere, actor=ActorFactory(), role=ParticipantRole.ATTENDEE)
        Event.objects.filter(pk=elsewhere.pk).update(start_date=meeting.start_date)
        merge_actors(hidden_actor, lead, user=reviewer)
        new_place = PlaceFactory(name="Tripoli, one record")
        merge_places(tripoli, new_place, user=reviewer)
        change_status(tie, RecordStatus.IN_REVIEW, reviewer)
    assert hidden_actor.pk not in copy["actor"] and tripoli.pk not in copy["place"]
    assert copy["event"][meeting.pk]["place"]["id"] == new_place.pk
    assert body.pk not in copy["actor"] and tie.pk not in copy["tie"]
    merged = {(item["type"], item["id"]): item for item in night.gone if item["reason"] == "merged"}
    assert merged[("actor", hidden_actor.pk)]["merged_into"] == lead.pk
    assert merged[("place", tripoli.pk)]["merged_into"] == new_place.pk
    assert ("tie", tie.pk, "sent_back") in {(i["type"], i["id"], i["reason"]) for i in night.gone}

    with Night(client, copy):  # the visit is back; a published event is deleted outright
        change_status(visit, RecordStatus.PUBLISHED, reviewer)
        gone_event = draft.pk
        Event.objects.get(pk=gone_event).delete()
    assert copy["event"][meeting.pk]["parent"]["id"] == visit.pk
    assert benghazi.pk in copy["place"] and body.pk in copy["actor"]
    assert gone_event not in copy["event"]


def test_a_deleted_claim_is_listed_with_its_reason(client):
    event = published_event(claims=[{}, {}])
    claim = event.claims.order_by("pk").last()
    pk = claim.pk
    since = timezone.now()
    claim.delete()
    feed = results(client.get(f"{API}/withdrawn/", {"since": stamp(since)}))
    assert {"type": "claim", "id": pk, "reason": "deleted", "merged_into": None}.items() <= feed[0].items()


def test_an_actor_used_again_leaves_the_feed_and_comes_back_through_updated_since(client, reviewer):
    actor = ActorFactory()
    event = published_event(participants=[(actor, ParticipantRole.ATTENDEE), (ActorFactory(), "attendee")])
    participant = event.participants.get(actor=actor)
    participant.delete()
    assert ("actor", actor.pk) in {(w.kind, w.record_id) for w in Withdrawal.objects.all()}
    feed = results(client.get(f"{API}/withdrawn/"))
    assert ("actor", actor.pk, "no_longer_public") in {(i["type"], i["id"], i["reason"]) for i in feed}
    since = timezone.now()
    ParticipantFactory(event=event, actor=actor)
    assert ("actor", actor.pk) not in {(i["type"], i["id"]) for i in results(client.get(f"{API}/withdrawn/"))}
    changed = results(client.get(f"{API}/actors/", {"updated_since": stamp(since)}))
    assert actor.pk in {row["id"] for row in changed}


def test_a_never_public_actor_is_not_announced(client):
    draft = published_event(status=RecordStatus.DRAFT)
    draft.participants.all().delete()
    assert results(client.get(f"{API}/withdrawn/")) == []


@pytest.mark.parametrize("since", ["2999-01-01T00:00:00Z", "yesterday", "2025-13-01T00:00:00Z"])
def test_the_feed_refuses_a_future_or_malformed_since(client, since):
    response = client.get(f"{API}/withdrawn/", {"since": since})
    assert response.status_code == 400
    assert "since" in response.json()
