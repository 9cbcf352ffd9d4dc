"""A reviewer merges a duplicate place or source into the one that stays, as for actors."""

import pytest
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actors.choices import Language, NameKind
from events import merging
from events.choices import RecordStatus
from events.history import edits
from events.merging import MergeRefused, merge_places, merge_records, merge_sources
from events.models import Claim, Event, Place, PlaceName, Source
from tests.api_helpers import read_csv, results
from tests.factories import ClaimFactory, PlaceFactory, SourceFactory, TieFactory, published_event

API = "/api/v1"
PLACES = reverse("admin:events_place_changelist")
SOURCES = reverse("admin:events_source_changelist")


@pytest.fixture
def base(db):
    """The place that stays, with its Arabic name and a published event."""
    place = PlaceFactory(name="Tamanhint Air Base", slug="tamanhint-air-base", kind="base")
    PlaceName.objects.create(place=place, name="قاعدة تمنهنت الجوية", language=Language.ARABIC)
    published_event(title="Drones seen at Tamanhint", place=place)
    return place


@pytest.fixture
def base_again(base):
    """The same base entered again, with events and names of its own, one of them the survivor's."""
    place = PlaceFactory(name="Tamanhint base", slug="tamanhint-base", kind="base", duplicate_of=base)
    PlaceName.objects.create(place=place, name="قاعدة تمنهنت الجوية", language=Language.ARABIC)
    PlaceName.objects.create(place=place, name="قاعدة تمنتات", language=Language.ARABIC, kind=NameKind.ALIAS)
    return place


@pytest.fixture
def base_events(base_again):
    return [
        published_event(title="Wagner at Tamanhint", place=base_again),
        published_event(title="A draft about the base", place=base_again, status=RecordStatus.DRAFT),
    ]


@pytest.fixture
def article(db):
    """The source that stays, quoted on a published event."""
    source = SourceFactory(title="Haftar in Moscow", url="https://example.org/haftar-moscow")
    published_event(title="Haftar meets Putin", claims=[{"source": source}])
    return source


@pytest.fixture
def article_again(article):
    return SourceFactory(
        title="Haftar in Moscow",
        url="https://www.example.org/haftar-moscow/?utm_source=x",
        duplicate_of=article,
    )


@pytest.fixture
def article_claims(article_again):
    """The duplicate is quoted on an event (twice) and on a tie."""
    event = published_event(
        title="Talks in Moscow", claims=[{"source": article_again}, {"source": article_again}]
    )
    tie = TieFactory(status=RecordStatus.DRAFT)
    return {
        "event": event,
        "event_claims": list(event.claims.all()),
        "tie_claim": ClaimFactory(event=None, tie=tie, source=article_again),
    }


def merge_in_admin(client, changelist, *records):
    return client.post(
        changelist,
        {"action": "merge_into_marked", "_selected_action": [record.pk for record in records]},
        follow=True,
    )


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def snapshot():
    """Every row a place or source merge may touch, to show a refused merge changed nothing."""
    return (
        sorted(Event.objects.values_list("pk", "place", "updated_at")),
        sorted(Claim.objects.values_list("pk", "source")),
        sorted(PlaceName.objects.values_list("pk", "place", "language", "name")),
        sorted(Place.objects.values_list("pk", "merged_into", "merged_at", "duplicate_of")),
        sorted(Source.objects.values_list("pk", "merged_into", "merged_at", "duplicate_of")),
    )


# ---------------------------------------------------------------------------- places


def test_a_place_merge_moves_its_events_and_names(reviewer_client, base, base_again, base_events):
    response = merge_in_admin(reviewer_client, PLACES, base_again)

    assert messages_of(response) == [f"Merged “{base_again}” into “{base}”."]
    assert {event.place for event in Event.objects.filter(pk__in=[e.pk for e in base_events])} == {base}
    assert not Event.objects.filter(place=base_again).exists()
    assert sorted(base.names.values_list("language", "name", "kind")) == [
        ("ar", "قاعدة تمنتات", NameKind.ALIAS),
        ("ar", "قاعدة تمنهنت الجوية", NameKind.OFFICIAL),
        ("en", "Tamanhint base", NameKind.ALIAS),
    ]
    # The name the survivor already had stays with the duplicate rather than be held twice.
    assert list(base_again.names.values_list("name", flat=True)) == ["قاعدة تمنهنت الجوية"]
    base_again.refresh_from_db()
    assert (base_again.merged_into, base_again.duplicate_of) == (base, base)
    assert base_again.merged_at is not None


def test_a_place_merge_is_in_the_history_with_the_reviewer(
    reviewer_client, reviewer, base, base_again, base_events
):
    before = {event.pk: event.updated_at for event in base_events}
    merge_in_admin(reviewer_client, PLACES, base_again)

    reason = f"Merged place {base_again.pk} into {base.pk}"
    for history in [
        *(edits(Event).filter(id=event.pk).latest() for event in base_events),
        edits(PlaceName).filter(place=base, name="قاعدة تمنتات").latest(),
        edits(PlaceName).filter(place=base, name="Tamanhint base").latest(),
        edits(Place).filter(id=base_again.pk).latest(),
    ]:
        assert (history.history_user, history.history_change_reason) == (reviewer, reason)
    # The events changed: a sync asking for updated_since finds them.
    assert all(Event.objects.get(pk=pk).updated_at > at for pk, at in before.items())


def test_a_place_merge_is_one_transaction(reviewer, base, base_again, base_events, monkeypatch):
    before = snapshot()

    def fail(*args):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(merging, "move_names", fail)  # after the events have moved
    with pytest.raises(RuntimeError):
        merge_places(base_again, base, user=reviewer)

    assert snapshot() == before


def test_the_places_old_url_moves_permanently_and_it_leaves_the_list(
    client, reviewer, base, base_again, base_events
):
    merge_places(base_again, base, user=reviewer)

    for ref in [base_again.pk, base_again.slug]:
        response = client.get(f"{API}/places/{ref}/", {"format": "json"})
        assert response.status_code == 301
        assert response["Location"] == f"http://testserver{API}/places/{base.pk}/?format=json"
    assert [place["id"] for place in results(client.get(f"{API}/places/"))] == [base.pk]
    events = results(client.get(f"{API}/events/", {"place": base.slug}))
    assert {event["title"] for event in events} == {"Drones seen at Tamanhint", "Wagner at Tamanhint"}


def test_the_withdrawn_feed_announces_a_merged_place(client, reviewer, base, base_again, base_events):
    merge_places(base_again, base, user=reviewer)
    base_again.refresh_from_db()

    assert results(client.get(f"{API}/withdrawn/")) == [
        {
            "type": "place",
            "id": base_again.pk,
            "withdrawn_at": base_again.merged_at.isoformat().replace("+00:00", "Z"),
            "reason": "merged",
            "merged_into": base.pk,
        }
    ]
    rows = read_csv(client.get(f"{API}/withdrawn/", {"format": "csv"}))
    assert [(row["type"], row["id"], row["merged_into"]) for row in rows] == [
        ("place", str(base_again.pk), str(base.pk))
    ]


def test_the_merged_places_page_links_to_the_survivor(reviewer_client, reviewer, base, base_again):
    merge_places(base_again, base, user=reviewer)

    response = reviewer_client.get(reverse("admin:events_place_change", args=[base_again.pk]))

    assert response.status_code == 200
    survivor_url = reverse("admin:events_place_change", args=[base.pk])
    assert f'<a href="{survivor_url}">{base}</a> on' in response.text


def test_the_place_command_merges_by_slug(base, base_again, base_events):
    call_command("merge_places", base_again.slug, base.slug)

    base_again.refresh_from_db()
    assert base_again.merged_into == base


# ---------------------------------------------------------------------------- sources


def test_a_source_merge_moves_its_claims_with_history(
    reviewer_client, reviewer, article, article_again, article_claims
):
    event = article_claims["event"]
    touched_before = Event.objects.get(pk=event.pk).updated_at

    response = merge_in_admin(reviewer_client, SOURCES, article_again)

    assert messages_of(response) == [f"Merged “{article_again}” into “{article}”."]
    moved = [*article_claims["event_claims"], article_claims["tie_claim"]]
    assert {Claim.objects.get(pk=claim.pk).source for claim in moved} == {article}
    assert not Claim.objects.filter(source=article_again).exists()
    reason = f"Merged source {article_again.pk} into {article.pk}"
    for claim in moved:
        history = edits(Claim).filter(id=claim.pk).latest()
        assert (history.history_user, history.history_change_reason, history.source_id) == (
            reviewer,
            reason,
            article.pk,
        )
    history = edits(Source).filter(id=article_again.pk).latest()
    assert (history.merged_into_id, history.history_change_reason) == (article.pk, reason)
    # The event shows its claims with their source: it changed, for a sync and for its document.
    assert Event.objects.get(pk=event.pk).updated_at > touched_before


def test_a_source_merge_is_one_transaction(reviewer, article, article_again, article_claims, monkeypatch):
    before = snapshot()
    saved = Claim.save

    def save_then_fail(claim, *args, **kwargs):
        saved(claim, *args, **kwargs)
        if claim.pk == article_claims["tie_claim"].pk:
            raise RuntimeError("the database went away")

    monkeypatch.setattr(Claim, "save", save_then_fail)
    with pytest.raises(RuntimeError):
        merge_sources(article_again, article, user=reviewer)

    assert snapshot() == before


def test_the_sources_old_url_moves_permanently_and_it_leaves_the_list(
    client, reviewer, article, article_again, article_claims
):
    assert {source["id"] for source in results(client.get(f"{API}/sources/"))} == {
        article.pk,
        article_again.pk,
    }

    merge_sources(article_again, article, user=reviewer)

    response = client.get(f"{API}/sources/{article_again.pk}/")
    assert (response.status_code, response["Location"]) == (
        301,
        f"http://testserver{API}/sources/{article.pk}/",
    )
    assert client.get(f"{API}/sources/{article.pk}/").status_code == 200
    assert [source["id"] for source in results(client.get(f"{API}/sources/"))] == [article.pk]
    events = results(client.get(f"{API}/events/", {"source": article.pk}))
    assert {event["title"] for event in events} == {"Haftar meets Putin", "Talks in Moscow"}


def test_the_withdrawn_feed_announces_a_merged_source(
    client, reviewer, article, article_again, article_claims
):
    merge_sources(article_again, article, user=reviewer)

    assert [
        (item["type"], item["id"], item["merged_into"]) for item in results(client.get(f"{API}/withdrawn/"))
    ] == [("source", article_again.pk, article.pk)]


def test_a_merge_into_a_source_no_published_record_quotes_is_not_announced(client, reviewer, db):
    hidden, copy = SourceFactory(title="Unpublished"), SourceFactory(title="Unpublished")
    merge_sources(copy, hidden, user=reviewer)

    assert results(client.get(f"{API}/withdrawn/")) == []
    assert client.get(f"{API}/sources/{copy.pk}/").status_code == 404


def test_the_source_command_merges_by_id(article, article_again, article_claims):
    call_command("merge_sources", str(article_again.pk), str(article.pk))

    assert not Claim.objects.filter(source=article_again).exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["haftar-in-moscow", "1"], "“haftar-in-moscow” is not the id of a source"),
        (["999999", "1"], "No source has the id “999999”"),
        (["{copy}", "{copy}"], "cannot be merged into itself"),
        (["{copy}", "{kept}", "--by", "editor"], "“editor” may not merge sources"),
    ],
)
def test_the_source_command_refuses_bad_input(
    editor, article, article_again, article_claims, arguments, message
):
    refs = {"copy": article_again.pk, "kept": article.pk}
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        call_command("merge_sources", *[argument.format(**refs) for argument in arguments])
    assert snapshot() == before


# ---------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("kind", ["place", "source"])
def test_refusals_are_admin_messages_and_change_nothing(reviewer_client, reviewer, kind, request):
    if kind == "place":
        kept, copy = request.getfixturevalue("base"), request.getfixturevalue("base_again")
        request.getfixturevalue("base_events")
        model, changelist, third = Place, PLACES, PlaceFactory(name="Jufra", slug="jufra")
    else:
        kept, copy = request.getfixturevalue("article"), request.getfixturevalue("article_again")
        request.getfixturevalue("article_claims")
        model, changelist, third = Source, SOURCES, SourceFactory(title="Third")
    # Marked a duplicate of itself behind the form's back (the form refuses it).
    model.objects.filter(pk=third.pk).update(duplicate_of=third.pk)
    before = snapshot()

    response = merge_in_admin(reviewer_client, changelist, third)
    assert response.status_code == 200
    assert messages_of(response) == [f"“{third}” not merged: “{third}” cannot be merged into itself."]
    assert snapshot() == before

    merge_records(copy, kept, user=reviewer)
    # Merging the duplicate again, and merging into it now that it was merged away.
    model.objects.filter(pk=third.pk).update(duplicate_of=copy.pk)
    before = snapshot()
    response = merge_in_admin(reviewer_client, changelist, copy, third)
    assert response.status_code == 200
    assert sorted(messages_of(response)) == sorted(
        [
            f"“{copy}” not merged: “{copy}” was already merged into “{kept}”.",
            f"“{third}” not merged: “{copy}” was itself merged into “{kept}”: merge into that {kind} instead.",
        ]
    )
    assert snapshot() == before


def test_the_action_says_when_a_place_is_not_marked_as_a_duplicate(reviewer_client, base):
    response = merge_in_admin(reviewer_client, PLACES, base)

    assert messages_of(response) == [
        f"“{base}” is not marked as a duplicate of another place: nothing merged."
    ]


def test_a_place_and_a_source_do_not_merge(reviewer, base, article):
    with pytest.raises(MergeRefused, match="merged only into another place"):
        merge_records(base, article, user=reviewer)


def test_reviewers_may_merge_places_and_sources_and_editors_only_mark_them(
    client, reviewer, editor, base, base_again, base_events
):
    for permission in ["events.merge_place", "events.merge_source"]:
        assert reviewer.has_perm(permission)
        assert not editor.has_perm(permission)
    client.force_login(editor)
    assert "merge_into_marked" not in client.get(PLACES).text
    assert "merge_into_marked" not in client.get(SOURCES).text
    before = snapshot()
    merge_in_admin(client, PLACES, base_again)
    assert snapshot() == before


def test_the_changelist_filters_places_marked_as_duplicates(editor_client, base, base_again):
    response = editor_client.get(PLACES, {"duplicate": "marked"})

    assert list(response.context["cl"].result_list) == [base_again]


def test_autocompletes_no_longer_offer_a_merged_place(editor_client, reviewer, base, base_again, base_events):
    merge_places(base_again, base, user=reviewer)

    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "Tamanhint", "app_label": "events", "model_name": "event", "field_name": "place"},
    )

    assert [item["id"] for item in response.json()["results"]] == [str(base.pk)]


# ---------------------------------------------------------------------------- query counts


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


def test_lists_and_details_take_as_many_queries_with_merged_records(
    client, reviewer, base, base_again, base_events, article, article_again, article_claims
):
    paths = [
        f"{API}/{endpoint}/{suffix}"
        for endpoint in ["places", "sources", "actors"]
        for suffix in ["", "?format=csv"]
    ]
    paths += [f"{API}/places/{base.pk}/", f"{API}/sources/{article.pk}/"]
    before = {path: queries(client, path) for path in paths}

    merge_places(base_again, base, user=reviewer)
    merge_sources(article_again, article, user=reviewer)

    assert {path: queries(client, path) for path in paths} == before
