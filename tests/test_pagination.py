"""Cursor pages on the long lists (events, the four kinds, claims): every record once, in order, both ways."""

import base64
import datetime
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliance_tracker.pagination import sort_keys
from events.choices import EventKind
from events.models import Claim, Event, Tie
from tests.api_helpers import Hidden, all_results, read_csv
from tests.factories import ClaimFactory, published_event

pytestmark = pytest.mark.django_db

API = "/api/v1"
SHARED_TIME = datetime.datetime(2025, 6, 1, 12, 0, tzinfo=datetime.UTC)


def walk(client, url, link):
    """The pages met from ``url`` following ``link`` (``next`` or ``previous``) to its end, as ids.

    Returns the pages and the address of the last one reached.
    """
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content[:500]
        body = response.json()
        assert set(body) == {"next", "previous", "results"}
        pages.append([record["id"] for record in body["results"]])
        reached, url = url, body[link]
    return pages, reached


def expected_ids(records, *keys):
    """Ids in the order the API promises: ``keys`` as (attribute, descending), then the id going
    the way of the first key."""
    ordered = sorted(records, key=lambda record: record.pk, reverse=keys[0][1])
    for attribute, descending in reversed(keys):
        ordered = sorted(
            ordered, key=lambda record, attribute=attribute: getattr(record, attribute), reverse=descending
        )
    return [record.pk for record in ordered]


def encode(cursor):
    return base64.urlsafe_b64encode(json.dumps(cursor).encode()).decode()


def query_of(url):
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


@pytest.fixture
def timeline(db):
    """Fourteen published events and their claims, with shared dates, titles and times.

    Nine events (and nine claims) share one ``updated_at``: more than a page of three holds.
    Drafts and retracted records (returned) stand beside them and must never show.
    """
    hidden = Hidden()
    kinds = [EventKind.VISIT, EventKind.MEETING, EventKind.AGREEMENT, EventKind.DEPLOYMENT]
    titles = ["Alpha talks", "Bravo accord", "Charlie visit"]
    for n in range(14):
        event = published_event(
            kind=kinds[n % 4],
            title=titles[n % 3],
            start_date=datetime.date(2025, 5, 1) + datetime.timedelta(days=n % 4),
        )
        ClaimFactory(event=event, credibility=1 + n % 3)
        time = SHARED_TIME if n % 3 else SHARED_TIME + datetime.timedelta(minutes=n - 7)
        Event.objects.filter(pk=event.pk).update(updated_at=time)
        Claim.objects.filter(event=event).update(updated_at=time)
    return hidden


EVENT_ORDERINGS = [
    ("", [("date_lo", False)]),
    ("date", [("date_lo", False)]),
    ("-date", [("date_lo", True)]),
    ("title", [("title", False)]),
    ("-title", [("title", True)]),
    ("updated_at", [("updated_at", False)]),
    ("-updated_at", [("updated_at", True)]),
    ("id", [("pk", False)]),
    ("-id", [("pk", True)]),
    ("-date,title", [("date_lo", True), ("title", False)]),
    ("title,date", [("title", False), ("date_lo", False)]),
    ("-title,-date", [("title", True), ("date_lo", True)]),
]

CLAIM_ORDERINGS = [
    ("", [("pk", False)]),
    ("id", [("pk", False)]),
    ("-id", [("pk", True)]),
    ("credibility", [("credibility", False)]),
    ("-credibility", [("credibility", True)]),
    ("updated_at", [("updated_at", False)]),
    ("-updated_at", [("updated_at", True)]),
]


def assert_walks_both_ways(client, url, expected, page_size):
    forward, last = walk(client, url, "next")
    assert [pk for page in forward for pk in page] == expected
    assert all(len(page) == page_size for page in forward[:-1])
    backward, _ = walk(client, last, "previous")
    assert backward[::-1] == forward


# ---------------------------------------------------------------------------- order


@pytest.mark.parametrize(("ordering", "keys"), EVENT_ORDERINGS)
def test_events_walk_forward_and_back_once_each_in_order(client, timeline, ordering, keys):
    expected = expected_ids(Event.objects.published(), *keys)
    assert len(expected) == 14
    assert_walks_both_ways(client, f"{API}/events/?page_size=3&ordering={ordering}", expected, 3)


@pytest.mark.parametrize(("ordering", "keys"), CLAIM_ORDERINGS)
def test_claims_walk_forward_and_back_once_each_in_order(client, timeline, ordering, keys):
    expected = expected_ids(Claim.objects.public(), *keys)
    assert len(expected) == 28
    assert_walks_both_ways(client, f"{API}/claims/?page_size=3&ordering={ordering}", expected, 3)


@pytest.mark.parametrize("endpoint", ["visits", "meetings", "agreements", "deployments"])
def test_each_kind_list_walks_forward_and_back(client, timeline, endpoint):
    events = Event.objects.published().filter(kind=endpoint.removesuffix("s"))
    expected = expected_ids(events, ("date_lo", False))
    assert len(expected) >= 3
    assert_walks_both_ways(client, f"{API}/{endpoint}/?page_size=2", expected, 2)


def test_a_column_that_may_be_null_cannot_order_a_keyset_list():
    # A tie's period may be open: its date_lo is nullable, unlike an event's.
    with pytest.raises(ImproperlyConfigured, match="date_lo may be NULL"):
        sort_keys(Tie.objects.order_by("date_lo"))
    assert [key.name for key in sort_keys(Event.objects.order_by("-date_lo"))] == ["-date_lo", "-id"]


def test_a_sync_by_updated_at_gets_every_record_once_when_a_bulk_import_shares_one_time(client):
    events = [published_event(title=f"Imported {n}") for n in range(12)]
    Event.objects.update(updated_at=SHARED_TIME)
    later = published_event(title="Changed later")
    since = (SHARED_TIME - datetime.timedelta(seconds=1)).isoformat().replace("+00:00", "Z")
    url = f"{API}/events/?updated_since={since}&ordering=updated_at&page_size=5"
    pages, _ = walk(client, url, "next")
    assert [len(page) for page in pages] == [5, 5, 3]
    assert [pk for page in pages for pk in page] == [event.pk for event in events] + [later.pk]


# ---------------------------------------------------------------------------- links


def test_the_first_page_has_no_previous_and_the_last_no_next(client, timeline):
    first = client.get(f"{API}/events/?page_size=10").json()
    assert first["previous"] is None
    assert first["next"].startswith("http://testserver/api/v1/events/?")
    last = client.get(first["next"]).json()
    assert (len(last["results"]), last["next"]) == (4, None)
    assert last["previous"].startswith("http://testserver/api/v1/events/?")
    assert "count" not in first


def test_an_empty_list_has_no_links(client, db):
    assert client.get(f"{API}/events/").json() == {"next": None, "previous": None, "results": []}


def test_filters_ordering_and_page_size_are_kept_in_the_links(client, timeline):
    url = f"{API}/events/?kind=meeting&ordering=-date&page_size=1"
    first = client.get(url).json()
    second = client.get(first["next"]).json()
    for link in (first["next"], second["next"], second["previous"]):
        assert {**query_of(link), "cursor": ""} == {
            "kind": "meeting",
            "ordering": "-date",
            "page_size": "1",
            "cursor": "",
        }
    meetings = expected_ids(Event.objects.published().filter(kind="meeting"), ("date_lo", True))
    assert [record["id"] for record in all_results(client, url)] == meetings


def test_pages_hold_the_same_records_as_the_csv(client, timeline):
    url = f"{API}/events/?kind=visit&page_size=2"
    rows = read_csv(client.get(f"{url}&format=csv"))
    assert sorted(int(row["id"]) for row in rows) == sorted(r["id"] for r in all_results(client, url))


def test_a_cursor_past_records_withdrawn_since_answers_an_empty_last_page(client):
    published_event()
    second = published_event()
    page = client.get(f"{API}/events/?page_size=1").json()
    Event.objects.filter(pk=second.pk).update(status="retracted")
    assert client.get(page["next"]).json() == {"next": None, "previous": None, "results": []}


@pytest.mark.parametrize("ordering", ["date", "-date", "-updated_at"])
def test_only_published_records_appear_on_any_page(client, timeline, ordering):
    hidden_events = {timeline.draft_event.pk, timeline.review_visit.pk, timeline.retracted_event.pk}
    events = all_results(client, f"{API}/events/?page_size=1&ordering={ordering}")
    assert sorted(r["id"] for r in events) == sorted(Event.objects.published().values_list("pk", flat=True))
    assert not hidden_events & {r["id"] for r in events}
    claims = all_results(client, f"{API}/claims/?page_size=1")
    assert sorted(r["id"] for r in claims) == sorted(Claim.objects.public().values_list("pk", flat=True))
    assert timeline.draft_claim.pk not in {r["id"] for r in claims}


def test_the_browsable_api_shows_next_and_previous_links(client, timeline):
    response = client.get(f"{API}/events/?page_size=2", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "cursor=" in response.content.decode()


# ---------------------------------------------------------------------------- page size and cost


@pytest.mark.parametrize("endpoint", ["events", "meetings", "claims"])
@pytest.mark.parametrize("size", ["0", "501", "abc", "-1"])
def test_a_page_size_out_of_bounds_is_a_400(client, endpoint, size):
    response = client.get(f"{API}/{endpoint}/?page_size={size}")
    assert response.status_code == 400
    assert response.json() == {"page_size": ["Give a whole number from 1 to 500."]}


def test_the_page_size_is_honoured_up_to_500(client, timeline):
    assert len(client.get(f"{API}/events/?page_size=1").json()["results"]) == 1
    assert len(client.get(f"{API}/events/").json()["results"]) == 14
    assert client.get(f"{API}/claims/?page_size=500").status_code == 200


def test_a_page_costs_the_same_queries_whatever_its_size(client, timeline):
    def queries(page_size):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"{API}/events/?page_size={page_size}&ordering=-updated_at")
        assert len(response.json()["results"]) == page_size
        return len(captured)

    assert queries(1) == queries(12)


# ---------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    "path",
    ["events/?page=2", "events/?page=1", "meetings/?page=3", "claims/?page=2", "events/?page=2&format=csv"],
)
def test_a_page_number_is_a_400_telling_to_follow_next(client, path):
    response = client.get(f"{API}/{path}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["page"]
    assert "follow the `next` link" in response.json()["page"][0]


EVENT_CURSOR = {"ordering": ["date_lo", "id"], "position": ["2025-05-01", 1], "backward": False}


@pytest.mark.parametrize(
    ("query", "cursor"),
    [
        ("", "garbage!"),
        ("", "%%%%"),
        ("", "ÿÿÿÿ"),
        ("", base64.urlsafe_b64encode(b"not json").decode()),
        ("", encode([1, 2])),
        ("", encode({"somewhere": 1})),
        ("", encode({**EVENT_CURSOR, "backward": "yes"})),
        ("", encode({**EVENT_CURSOR, "position": ["2025-05-01"]})),
        ("", encode({**EVENT_CURSOR, "position": ["2025-05-01", 1, 2]})),
        ("", encode({**EVENT_CURSOR, "position": ["2025-13-45", 1]})),
        ("", encode({**EVENT_CURSOR, "position": [["2025-05-01"], 1]})),
        ("", encode({**EVENT_CURSOR, "position": ["2025-05-01", "one"]})),
        ("", encode({**EVENT_CURSOR, "position": ["2025-05-01", None]})),
        ("", encode({**EVENT_CURSOR, "position": ["2025-05-01", 2**70]})),
        ("", encode({**EVENT_CURSOR, "ordering": ["title", "id"]})),
        ("&ordering=title", encode({**EVENT_CURSOR, "ordering": ["title", "id"], "position": ["a\x00", 1]})),
        (
            "&ordering=updated_at",
            encode(
                {**EVENT_CURSOR, "ordering": ["updated_at", "id"], "position": ["9999-12-31T23:59-05:00", 1]}
            ),
        ),
        ("&format=csv", "garbage!"),
        ("&format=csv", encode({**EVENT_CURSOR, "position": ["2025-13-45", 1]})),
    ],
)
def test_a_malformed_or_tampered_cursor_is_a_400_naming_it(client, timeline, query, cursor):
    response = client.get(f"{API}/events/?cursor={cursor}{query}")
    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]


def test_a_well_formed_cursor_is_accepted(client, timeline):
    response = client.get(f"{API}/events/?cursor={encode(EVENT_CURSOR)}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("made_for", "used_on"),
    [
        ("events/?ordering=title", "events/?ordering=date"),
        ("events/?ordering=-date", "events/"),
        ("claims/", "events/"),
        ("events/", "claims/"),
        ("events/?ordering=updated_at", "events/?ordering=title&format=csv"),
    ],
)
def test_a_cursor_made_for_another_ordering_is_a_400(client, timeline, made_for, used_on):
    cursor = next_cursor(client, made_for)
    response = client.get(f"{API}/{used_on}", {"cursor": cursor})
    assert response.status_code == 400
    assert "another ordering" in response.json()["cursor"][0]


def test_a_csv_export_checks_the_cursor_and_still_exports_the_whole_list(client, timeline):
    cursor = next_cursor(client, "events/?ordering=updated_at")
    response = client.get(f"{API}/events/", {"cursor": cursor, "ordering": "updated_at", "format": "csv"})
    assert len(read_csv(response)) == 14


def next_cursor(client, path):
    """The cursor of the second page of ``path``, one record a page."""
    separator = "&" if "?" in path else "?"
    return query_of(client.get(f"{API}/{path}{separator}page_size=1").json()["next"])["cursor"]


# ---------------------------------------------------------------------------- schema


def test_the_schema_describes_cursor_pages(client):
    schema = client.get(f"{API}/schema/", headers={"Accept": "application/json"}).json()
    for path, component in [("events", "PaginatedEventList"), ("claims", "PaginatedClaimList")]:
        parameters = {p["name"]: p for p in schema["paths"][f"/api/v1/{path}/"]["get"]["parameters"]}
        assert parameters["cursor"]["schema"]["type"] == "string"
        assert (
            parameters["page_size"]["schema"]["minimum"],
            parameters["page_size"]["schema"]["maximum"],
        ) == (
            1,
            500,
        )
        assert "page" not in parameters
        page = schema["components"]["schemas"][component]
        assert set(page["required"]) == {"next", "previous", "results"}
        assert set(page["properties"]) == {"as_known_on", "count", "next", "previous", "results"}
        assert parameters["count"]["schema"]["type"] == "boolean"
    actors = {p["name"] for p in schema["paths"]["/api/v1/actors/"]["get"]["parameters"]}
    assert {"page", "page_size"} <= actors
    assert "cursor" not in actors
    assert "count" in schema["components"]["schemas"]["PaginatedActorList"]["properties"]


@pytest.mark.parametrize(
    ("ordering", "comparison"), [("-updated_at", "<"), ("updated_at", ">"), ("date", ">")]
)
def test_a_cursor_going_one_way_seeks_by_one_row_comparison(client, timeline, ordering, comparison):
    first = client.get(f"{API}/events/?ordering={ordering}&page_size=3").json()
    with CaptureQueriesContext(connection) as queries:
        client.get(first["next"])
    column = {"date": "date_lo"}.get(ordering.lstrip("-"), ordering.lstrip("-"))
    [page_sql] = [
        q["sql"] for q in queries.captured_queries if "LIMIT" in q["sql"] and "events_event" in q["sql"]
    ]
    assert f'("events_event"."{column}", "events_event"."id") {comparison} (' in page_sql


def test_count_true_adds_the_size_of_the_whole_filtered_list_and_no_draft(client, timeline):
    published_meetings = Event.objects.published().filter(kind=EventKind.MEETING).count()
    assert Event.objects.filter(kind=EventKind.MEETING).count() > published_meetings
    first = client.get(f"{API}/events/?kind=meeting&page_size=2&count=true").json()
    assert first["count"] == published_meetings
    assert client.get(first["next"]).json()["count"] == published_meetings
    assert "count" not in client.get(f"{API}/events/?kind=meeting&page_size=2").json()
    assert client.get(f"{API}/claims/?count=true").json()["count"] == Claim.objects.public().count()


@pytest.mark.parametrize("suffix", ["", "&format=csv"])
def test_count_other_than_true_or_false_is_a_400_naming_it(client, suffix):
    response = client.get(f"{API}/events/?count=yes{suffix}")
    assert response.status_code == 400
    assert "count" in response.json()
