"""Crafted input has limits that hold: repeated values, long query strings, cursors that are not ours."""

import base64

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from alliance_tracker.api import MAX_QUERY_STRING, MAX_VALUES
from alliance_tracker.pagination import KeysetPagination
from tests.api_helpers import build_world

pytestmark = pytest.mark.django_db

CURSOR_LISTS = ["events", "visits", "meetings", "agreements", "deployments", "claims"]


@pytest.fixture
def api():
    return APIClient()


def repeated(name, value, times):
    return "&".join([f"{name}={value}"] * times)


def test_the_limit_on_repeated_values_is_twenty():
    assert MAX_VALUES == 20
    assert MAX_QUERY_STRING == 4096


@pytest.mark.parametrize("name", ["actor", "actor_any"])
def test_it_refuses_more_than_twenty_values_of_a_repeatable_filter(api, name):
    response = api.get(f"/api/v1/events/?{repeated(name, 9, 21)}")
    assert response.status_code == 400
    assert list(response.json()) == [name]
    assert "At most 20 values" in response.json()[name][0]


def test_it_answers_twenty_values_of_a_repeatable_filter():
    world = build_world()
    query = repeated("actor_any", "khalifa-haftar", 19) + "&actor_any=vladimir-putin"
    response = APIClient().get(f"/api/v1/events/?{query}")
    assert response.status_code == 200
    assert world.meeting.pk in [event["id"] for event in response.json()["results"]]


def test_it_refuses_a_query_string_over_4096_bytes(api):
    response = api.get(f"/api/v1/actors/?q={'a' * 4100}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "4096" in response.json()["query_string"][0]


@pytest.mark.parametrize(
    "url, name",
    [
        ("/api/v1/events/?kind=meeting&kind=visit", "kind"),
        ("/api/v1/actors/?country=LY&country=RU", "country"),
        ("/api/v1/events/?page_size=5&page_size=500", "page_size"),
        ("/api/v1/claims/?cursor=a&cursor=b", "cursor"),
        ("/api/v1/withdrawn/?since=2025-01-01&since=2025-02-01", "since"),
    ],
)
def test_it_refuses_a_single_valued_parameter_given_twice(api, url, name):
    response = api.get(url)
    assert response.status_code == 400
    assert list(response.json()) == [name]
    assert "once" in response.json()[name][0]


@pytest.mark.parametrize("endpoint", CURSOR_LISTS)
def test_a_cursor_nested_too_deep_for_json_is_a_400(api, endpoint):
    cursor = base64.urlsafe_b64encode(b"[" * 990).decode()
    response = api.get(f"/api/v1/{endpoint}/?cursor={cursor}")
    assert response.status_code == 400
    assert "cursor" in response.json()


@pytest.mark.parametrize("endpoint", CURSOR_LISTS)
def test_a_cursor_nested_too_deep_is_a_400_in_csv_too(api, endpoint):
    cursor = base64.urlsafe_b64encode(b"[" * 990).decode()
    response = api.get(f"/api/v1/{endpoint}/?format=csv&cursor={cursor}")
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_an_overlong_cursor_is_a_400_before_it_is_decoded(api):
    cursor = "A" * (KeysetPagination.max_cursor_length + 4)
    response = api.get(f"/api/v1/events/?cursor={cursor}")
    assert response.status_code == 400
    assert "long" in response.json()["cursor"][0]


def test_a_cursor_for_a_long_arabic_title_fits_the_limit():
    from tests.factories import published_event

    for n in range(3):
        published_event(title="ح" * 299 + str(n))
    response = APIClient().get("/api/v1/events/?ordering=title&page_size=1")
    assert response.status_code == 200
    following = APIClient().get(response.json()["next"])
    assert following.status_code == 200, following.content


def test_the_schema_shows_the_limit_on_repeated_values(client):
    schema = client.get("/api/v1/schema/", headers={"Accept": "application/json"}).json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/events/"]["get"]["parameters"]}
    assert parameters["actor"]["schema"]["maxItems"] == MAX_VALUES
    assert parameters["actor_any"]["schema"]["maxItems"] == MAX_VALUES


def test_an_actor_named_twenty_times_costs_what_naming_it_once_does():
    world = build_world()
    api = APIClient()
    with CaptureQueriesContext(connection) as once:
        single = api.get("/api/v1/events/?actor=khalifa-haftar")
    with CaptureQueriesContext(connection) as twenty:
        repeats = api.get(f"/api/v1/events/?{repeated('actor', 'khalifa-haftar', 20)}")
    assert len(twenty) == len(once)
    assert repeats.json()["results"] == single.json()["results"]
    assert world.meeting.pk in [event["id"] for event in repeats.json()["results"]]
