"""The read-only API as researchers use it: shapes, visibility, bad input, operations."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token

from alliance_tracker import citation
from alliance_tracker import settings as project_settings
from events.choices import EventKind, RecordStatus, Stance
from events.models import Event, EventLink, Tie
from events.revisions import propose, record_state
from events.services import change_status
from tests.api_helpers import (
    LIST_ENDPOINTS,
    Hidden,
    build_world,
    ids,
    populate,
    read_csv,
    results,
)
from tests.factories import ClaimFactory, EventFactory, published_event

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def world(db):
    return build_world()


def get(client, path, **headers):
    return client.get(f"{API}/{path}", headers=headers)


# ---------------------------------------------------------------------------- root and shapes


def test_the_root_lists_every_endpoint(client):
    response = get(client, "")
    assert response.status_code == 200
    assert sorted(response.json()) == sorted([*LIST_ENDPOINTS, "withdrawn", "reports", "snapshots"])
    assert response.json()["events"] == "http://testserver/api/v1/events/"


def test_an_event_carries_its_period_place_participants_parent_and_claims(client, world):
    response = get(client, f"meetings/{world.meeting.pk}/")
    assert response.status_code == 200
    meeting = response.json()
    assert meeting["id"] == world.meeting.pk
    assert meeting["url"] == f"http://testserver/api/v1/meetings/{world.meeting.pk}/"
    assert meeting["kind"] == "meeting"
    assert meeting["title_ar"] == "حفتر يلتقي بوتين"
    assert (meeting["start"], meeting["start_precision"]) == ("2025-05-09", "day")
    assert (meeting["end"], meeting["end_precision"]) == ("2025-05-10", "day")
    assert meeting["date_uncertain"] is True
    assert (meeting["covered_from"], meeting["covered_to"]) == ("2025-05-09", "2025-05-10")
    assert meeting["place"]["slug"] == "moscow"
    assert meeting["place"]["country"] == "RU"
    assert [(p["actor"]["slug"], p["role"]) for p in meeting["participants"]] == [
        ("khalifa-haftar", "attendee"),
        ("vladimir-putin", "host"),
    ]
    assert meeting["parent"]["id"] == world.visit.pk
    assert meeting["parent"]["url"] == f"http://testserver/api/v1/events/{world.visit.pk}/"
    arabic = next(c for c in meeting["claims"] if c["quote_language"] == "ar")
    assert arabic["quote"] == "التقى المشير خليفة حفتر الرئيس الروسي"
    assert arabic["source"]["publisher"] == "Arab News"
    assert arabic["source"]["reliability"] == "C"
    assert (arabic["credibility"], arabic["stance"]) == (3, "asserts")
    assert meeting["corroboration"] == {
        "claims": 2,
        "independent_sources": 2,
        "origins": ["publisher: Arab News", "publisher: Example News"],
        "official_confirmation": False,
        "official_bodies": [],
        "denials": 0,
        "disputed": False,
        "best_reliability": "B",
        "best_credibility": 2,
    }
    # Kind endpoints show only their own details.
    assert "agreement_type" not in meeting
    assert "visit_occasion" not in meeting


def test_the_unified_timeline_has_every_kind_detail_and_links_to_itself(client, world):
    event = get(client, f"events/{world.visit.pk}/").json()
    assert event["url"] == f"http://testserver/api/v1/events/{world.visit.pk}/"
    assert {
        "visit_occasion",
        "agreement_type",
        "deployment_personnel",
        "stages",
        "plover",
        "cameo",
        "acled",
    } <= set(event)


def test_a_month_precision_date_shows_only_the_month(client, world):
    event = published_event(start_date=datetime.date(2023, 9, 1), start_precision="month")
    shown = get(client, f"events/{event.pk}/").json()
    assert (shown["start"], shown["start_precision"], shown["end"]) == ("2023-09", "month", None)
    assert (shown["covered_from"], shown["covered_to"]) == ("2023-09-01", "2023-09-30")


def test_a_denial_from_an_official_speaker_is_counted(client, world):
    ClaimFactory(event=world.meeting, speaker=world.lna, stance=Stance.DENIES)
    corroboration = get(client, f"events/{world.meeting.pk}/").json()["corroboration"]
    assert (corroboration["denials"], corroboration["disputed"]) == (1, True)


def test_related_events_show_published_links_both_ways(client, world):
    agreement = published_event(kind=EventKind.AGREEMENT, title="Agreement that followed")
    EventLink.objects.create(from_event=world.meeting, to_event=agreement)
    related = get(client, f"events/{world.meeting.pk}/").json()["related_events"]
    assert [(r["id"], r["direction"], r["link"]) for r in related] == [(agreement.pk, "to", "led_to")]
    back = get(client, f"events/{agreement.pk}/").json()["related_events"]
    assert [(r["id"], r["direction"]) for r in back] == [(world.meeting.pk, "from")]


def test_a_tie_carries_both_ends_and_its_claims(client, world):
    tie = get(client, f"ties/{world.tie.pk}/").json()
    assert (tie["subject"]["slug"], tie["kind"], tie["object"]["slug"]) == (
        "khalifa-haftar",
        "commands",
        "libyan-national-army",
    )
    assert len(tie["claims"]) == 1
    assert tie["start"] is None


def test_a_claim_names_the_record_it_supports(client, world):
    claim = world.meeting.claims.get(quote_language="ar")
    shown = get(client, f"claims/{claim.pk}/").json()
    assert shown["event"]["id"] == world.meeting.pk
    assert shown["tie"] is None
    assert shown["source"]["id"] == world.source.pk


# ---------------------------------------------------------------------------- visibility

HIDDEN_DETAILS = [
    ("events", "draft_event"),
    ("meetings", "draft_event"),
    ("events", "review_visit"),
    ("visits", "review_visit"),
    ("events", "retracted_event"),
    ("agreements", "retracted_event"),
    ("ties", "draft_tie"),
    ("claims", "draft_claim"),
    ("actors", "draft_actor"),
    ("actors", "retracted_actor"),
    ("places", "draft_place"),
    ("sources", "draft_source"),
]


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_hidden_records_are_in_no_list(client, world, endpoint):
    body = get(client, f"{endpoint}/?page_size=500").content.decode()
    for text in world.hidden.texts:
        assert text not in body


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_hidden_records_are_in_no_csv(client, world, endpoint):
    response = get(client, f"{endpoint}/?format=csv")
    body = "".join(line for row in read_csv(response) for line in row.values())
    for text in world.hidden.texts:
        assert text not in body


@pytest.mark.parametrize(("endpoint", "record"), HIDDEN_DETAILS)
def test_hidden_records_have_no_detail(client, world, endpoint, record):
    pk = getattr(world.hidden, record).pk
    assert get(client, f"{endpoint}/{pk}/").status_code == 404
    assert get(client, f"{endpoint}/{pk}/?format=csv").status_code == 404


def test_lists_and_counts_include_published_records_only(client, world):
    assert ids(get(client, "events/")) == sorted([world.visit.pk, world.meeting.pk])
    assert len(results(get(client, "claims/"))) == 4
    assert get(client, "ties/").json()["count"] == 1
    assert get(client, "actors/").json()["count"] == 3
    assert get(client, "places/").json()["count"] == 1


@pytest.mark.parametrize(
    "query",
    [
        "events/?actor=hidden-draft-person",
        "events/?actor_any=hidden-retracted-person",
        "events/?q=Hidden",
        "events/?q=سري",
        "events/?place=hidden-base",
        "events/?country=SD",
        "ties/?actor=hidden-draft-person",
        "claims/?q=سري",
        "actors/?q=Hidden",
        "actors/?tied_to=hidden-retracted-person",
        "places/?country=SD",
        "sources/?publisher=Hidden Press",
    ],
)
def test_filters_do_not_reach_hidden_records(client, world, query):
    assert results(get(client, query)) == []


def test_filter_by_a_hidden_source_gives_nothing(client, world):
    assert results(get(client, f"events/?source={world.hidden.draft_source.pk}")) == []
    assert results(get(client, f"claims/?source={world.hidden.draft_source.pk}")) == []


def test_a_parent_visit_that_is_not_published_is_not_shown(client, world):
    world.meeting.parent = world.hidden.review_visit
    world.meeting.save()
    assert get(client, f"events/{world.meeting.pk}/").json()["parent"] is None
    rows = read_csv(get(client, "events/?format=csv"))
    assert {row["parent_id"] for row in rows} == {""}


def test_links_to_unpublished_events_are_not_shown(client, world):
    EventLink.objects.create(from_event=world.meeting, to_event=world.hidden.draft_event)
    EventLink.objects.create(from_event=world.hidden.retracted_event, to_event=world.meeting)
    assert get(client, f"events/{world.meeting.pk}/").json()["related_events"] == []


def test_a_retracted_event_disappears_and_is_announced(client, world, reviewer):
    before = timezone.now()
    change_status(world.meeting, RecordStatus.RETRACTED, reviewer)
    assert world.meeting.pk not in ids(get(client, "events/"))
    withdrawn = results(get(client, f"withdrawn/?since={before.isoformat().replace('+00:00', 'Z')}"))
    assert withdrawn[0] == {
        "type": "event",
        "id": world.meeting.pk,
        "withdrawn_at": withdrawn[0]["withdrawn_at"],
        "reason": "retracted",
        "merged_into": None,
    }
    # With it go its claims, and whatever only it made public (events.feed).
    others = {(item["type"], item["id"]): item["reason"] for item in withdrawn[1:]}
    assert set(others.values()) == {"no_longer_public"}
    for kind, pk in others:
        assert pk not in ids(get(client, f"{kind}s/" if kind != "claim" else "claims/"))
    assert {kind for kind, _ in others} >= {"claim"}


# ---------------------------------------------------------------------------- incremental sync


def test_the_withdrawn_feed_lists_events_and_ties_in_order(client, world):
    tie = Tie.objects.get(pk=world.tie.pk)
    Tie.objects.filter(pk=tie.pk).update(
        status=RecordStatus.DRAFT, withdrawn_at=datetime.datetime(2025, 7, 1, tzinfo=datetime.UTC)
    )
    feed = results(get(client, "withdrawn/"))
    assert [(item["type"], item["id"]) for item in feed] == [
        ("event", world.hidden.retracted_event.pk),
        ("tie", tie.pk),
    ]
    assert [item["id"] for item in results(get(client, "withdrawn/?since=2025-06-15T00:00:00Z"))] == [tie.pk]


def test_the_withdrawn_feed_leaves_out_republished_and_never_published_records(client, world):
    Event.objects.filter(pk=world.hidden.retracted_event.pk).update(status=RecordStatus.PUBLISHED)
    assert results(get(client, "withdrawn/")) == []


def test_the_withdrawn_feed_rejects_a_bad_time(client, world):
    response = get(client, "withdrawn/?since=tomorrow")
    assert response.status_code == 400
    assert "since" in response.json()


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_updated_since_on_every_list(client, endpoint):
    populate(1)
    everything = ids(get(client, f"{endpoint}/"))
    assert everything
    past = (timezone.now() - datetime.timedelta(days=1)).isoformat().replace("+00:00", "Z")
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat().replace("+00:00", "Z")
    assert ids(get(client, f"{endpoint}/?updated_since={past}")) == everything
    assert ids(get(client, f"{endpoint}/?updated_since={future}")) == []


# ---------------------------------------------------------------------------- read-only

WRITE_METHODS = ["post", "put", "patch", "delete"]


@pytest.fixture(params=["anonymous", "token", "session"])
def any_client(request, client, researcher, editor):
    if request.param == "token":
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=researcher).key}"
    elif request.param == "session":
        client.force_login(editor)
    return client


def test_every_write_method_on_every_endpoint_answers_405(any_client, world):
    urls = [f"{API}/withdrawn/"]
    for endpoint in LIST_ENDPOINTS:
        urls += [f"{API}/{endpoint}/", f"{API}/{endpoint}/1/"]
    refused = {
        (method, url): getattr(any_client, method)(url, data={}, content_type="application/json").status_code
        for url in urls
        for method in WRITE_METHODS
    }
    assert set(refused.values()) == {405}, {key: code for key, code in refused.items() if code != 405}
    assert Event.objects.count() == 2 + 3  # nothing was written


def test_reads_work_for_every_kind_of_client(any_client, world):
    assert any_client.get(f"{API}/events/").status_code == 200


# ---------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("events/?date_from=2025-13-45", "date_from"),
        ("events/?kind=picnic", "kind"),
        ("events/?min_reliability=Z", "min_reliability"),
        ("events/?source=abc", "source"),
        ("events/?actor=12abc!", "actor"),
        ("actors/?page=-1", "page"),
        ("actors/?page=0", "page"),
        ("actors/?page=abc", "page"),
        ("actors/?page=99", "page"),
        ("events/?page=2", "page"),
        ("events/?cursor=abc", "cursor"),
        ("claims/?cursor=abc&format=csv", "cursor"),
        ("events/?page_size=100000", "page_size"),
        ("events/?page_size=0", "page_size"),
        ("events/?ordering=nonsense", "ordering"),
        ("actors/?kind=alien", "kind"),
        ("ties/?date_to=2025-02-30", "date_to"),
        ("claims/?min_credibility=9", "min_credibility"),
        ("sources/?published_from=soon", "published_from"),
        ("places/?country=XX", "country"),
        ("events/?date_from=2025-13-45&format=csv", "date_from"),
    ],
)
def test_malformed_parameters_answer_400_naming_them(client, world, query, parameter):
    response = get(client, query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert parameter in response.json()


def test_the_page_size_is_honoured_up_to_the_maximum(client, world):
    response = get(client, "events/?page_size=1")
    assert len(results(response)) == 1
    assert "cursor=" in response.json()["next"]
    assert response.json()["next"].endswith("&page_size=1")
    assert len(results(client.get(response.json()["next"]))) == 1
    assert get(client, "events/?page_size=500").status_code == 200
    assert get(client, "events/?page_size=501").status_code == 400
    actors = get(client, "actors/?page_size=1")
    assert actors.json()["next"].endswith("page=2&page_size=1")


# ---------------------------------------------------------------------------- query counts


def list_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def test_each_list_uses_the_same_number_of_queries_for_1_and_100_records(client):
    paths = [f"{API}/{endpoint}/?page_size=500" for endpoint in LIST_ENDPOINTS]
    paths += [f"{API}/{endpoint}/?format=csv" for endpoint in LIST_ENDPOINTS]
    populate(1)
    with_one = {path: list_queries(client, path) for path in paths}
    populate(99, start=1)
    assert len(results(get(client, "meetings/?page_size=500"))) == 100
    with_hundred = {path: list_queries(client, path) for path in paths}
    assert with_hundred == with_one


def test_a_detail_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    populate(3)
    meeting = Event.objects.filter(kind=EventKind.MEETING).first()
    # The event, its participants, claims (and their offices), links both ways, and an
    # agreement's stages and provisions, which every kind loads alike.
    with django_assert_max_num_queries(8):
        assert get(client, f"meetings/{meeting.pk}/").status_code == 200


# ---------------------------------------------------------------------------- citation

VERSION = datetime.datetime(2025, 5, 12, 10, 3, 27, 512, tzinfo=datetime.UTC)


@pytest.fixture
def cited(world, monkeypatch):
    """The world read on 2 December 2026, its visit and tie last changed at ``VERSION``."""
    monkeypatch.setattr(citation, "retrieved_on", lambda: datetime.date(2026, 12, 2))
    Event.objects.filter(pk=world.visit.pk).update(updated_at=VERSION)
    Tie.objects.filter(pk=world.tie.pk).update(updated_at=VERSION)
    return world


def visit_reference(pk, project="Alliance Tracker"):
    return (
        f'{project}, event {pk} "Haftar visits Moscow" (version of 2025-05-12 10:03 UTC), '
        f"retrieved 2026-12-02, http://testserver/events/{pk}/"
    )


def test_an_event_is_cited_alike_on_its_detail_and_every_list_of_it(client, cited):
    pk = cited.visit.pk
    for endpoint in ("events", "visits"):
        assert get(client, f"{endpoint}/{pk}/").json()["citation"] == visit_reference(pk)
        listed = {event["id"]: event["citation"] for event in results(get(client, f"{endpoint}/"))}
        assert listed[pk] == visit_reference(pk)
    # In any language of the request: the address is the page's without a language prefix.
    assert get(client, f"events/{pk}/", Accept_Language="ar").json()["citation"] == visit_reference(pk)


def test_every_kind_of_event_carries_its_citation(client, cited):
    meeting = get(client, f"meetings/{cited.meeting.pk}/").json()["citation"]
    assert meeting.startswith(f'Alliance Tracker, event {cited.meeting.pk} "Haftar meets Putin" (version of ')
    assert meeting.endswith(f"), retrieved 2026-12-02, http://testserver/events/{cited.meeting.pk}/")
    for event in results(get(client, "events/")):
        assert event["citation"].endswith(f"http://testserver/events/{event['id']}/")


def test_a_tie_is_cited_by_its_two_ends_with_its_address_in_the_api(client, cited):
    pk = cited.tie.pk
    reference = (
        f'Alliance Tracker, tie {pk} "Khalifa Haftar commands Libyan National Army" '
        f"(version of 2025-05-12 10:03 UTC), retrieved 2026-12-02, http://testserver/api/v1/ties/{pk}/"
    )
    assert get(client, f"ties/{pk}/").json()["citation"] == reference
    assert [tie["citation"] for tie in results(get(client, "ties/"))] == [reference]


def test_the_project_name_of_the_citation_is_a_setting(client, cited, settings):
    settings.CITATION_PROJECT_NAME = "Libya Observatory"
    shown = get(client, f"events/{cited.visit.pk}/").json()["citation"]
    assert shown == visit_reference(cited.visit.pk, project="Libya Observatory")


def test_a_change_awaiting_review_is_in_no_citation(client, cited, editor):
    state = record_state(cited.visit)
    state["fields"]["title"] = "Haftar flies to Moscow in secret"
    assert propose(cited.visit, state, editor, "A better title") is not None
    assert get(client, f"events/{cited.visit.pk}/").json()["citation"] == visit_reference(cited.visit.pk)


# ---------------------------------------------------------------------------- conditional GET


def test_a_detail_answers_304_while_unchanged_and_200_after_a_change(client, world):
    first = get(client, f"events/{world.meeting.pk}/")
    etag = first["ETag"]
    assert etag
    assert get(client, f"events/{world.meeting.pk}/", If_None_Match=etag).status_code == 304
    ClaimFactory(event=world.meeting, quote="A new quote")
    changed = get(client, f"events/{world.meeting.pk}/", If_None_Match=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


# ---------------------------------------------------------------------------- throttling and tokens


@pytest.fixture
def low_limits(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "4/minute"},
    }
    cache.clear()
    yield
    cache.clear()


def test_anonymous_readers_are_throttled(client, world, low_limits):
    assert [get(client, "events/").status_code for _ in range(3)] == [200, 200, 429]
    assert "Retry-After" in get(client, "events/")


def test_a_token_gives_a_higher_limit(client, world, researcher, low_limits):
    token = Token.objects.create(user=researcher)
    statuses = [get(client, "events/", Authorization=f"Token {token.key}").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]


@pytest.mark.parametrize(("raw", "rate"), [("100/hour", "100/hour"), ("", None), ("5/day", "5/day")])
def test_throttle_rates_come_from_the_environment(monkeypatch, raw, rate):
    monkeypatch.setenv("API_THROTTLE_ANON", raw)
    assert project_settings._throttle_rate("API_THROTTLE_ANON", "60/minute") == rate


@pytest.mark.parametrize("raw", ["lots", "10/fortnight", "0/minute", "-1/minute"])
def test_a_malformed_throttle_rate_stops_the_start(monkeypatch, raw):
    monkeypatch.setenv("API_THROTTLE_ANON", raw)
    with pytest.raises(ImproperlyConfigured):
        project_settings._throttle_rate("API_THROTTLE_ANON", "60/minute")


def test_a_wrong_token_is_refused(client, world):
    assert get(client, "events/", Authorization="Token not-a-real-token").status_code == 401


# ---------------------------------------------------------------------------- CORS


def test_cross_origin_reads_are_allowed(client, world):
    response = get(client, "events/", Origin="https://notebook.example.org")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_cross_origin_preflight_allows_get_only(client, world):
    response = client.options(
        f"{API}/events/",
        headers={"Origin": "https://notebook.example.org", "Access-Control-Request-Method": "GET"},
    )
    assert response.status_code == 200
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "POST" not in response["Access-Control-Allow-Methods"]


def test_draft_factory_defaults_stay_hidden(client, db):
    # Guard for the factories used above: a record made without a status is a draft.
    EventFactory(title="Plain factory event")
    Hidden()
    assert results(get(client, "events/")) == []


def test_the_browsable_api_renders_with_its_filter_form(client, world):
    response = client.get(f"{API}/events/?actor=khalifa-haftar", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "Haftar meets Putin" in response.content.decode()
    assert 'name="date_from"' in response.content.decode()


@pytest.mark.parametrize(
    ("path", "parameter"),
    [("/api/v1/events/", "acter"), ("/api/v1/actors/", "slug"), ("/api/v1/withdrawn/", "sinse")],
)
def test_an_unknown_parameter_is_a_400_naming_it(client, path, parameter):
    response = client.get(path, {parameter: "khalifa-haftar"})
    assert response.status_code == 400
    assert parameter in response.json()
    assert "Known ones" in response.json()[parameter][0]


def test_known_parameters_are_accepted_together(client):
    response = client.get("/api/v1/events/", {"actor": "x", "cursor": "", "page_size": 5, "format": "json"})
    assert response.status_code == 200
    response = client.get("/api/v1/actors/", {"q": "x", "page": 1, "page_size": 5, "format": "json"})
    assert response.status_code == 200


@pytest.mark.parametrize("since", ["2025-05-11T08:00:00-20:51", "9999-12-31T23:59:59-05:00"])
def test_updated_since_with_an_extreme_offset_is_answered_not_a_500(client, since):
    response = client.get("/api/v1/events/", {"updated_since": since})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "updated_since" in response.json()


def test_withdrawn_since_with_an_extreme_offset_is_answered_not_a_500(client):
    response = client.get("/api/v1/withdrawn/", {"since": "2025-05-11T08:00:00-20:51"})
    assert response.status_code in (200, 400)
