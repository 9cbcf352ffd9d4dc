"""What a shared cache may keep: anonymous reads are public with validators, nothing else is."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token

from events.choices import EventKind
from tests.api_helpers import build_world
from tests.factories import ClaimFactory, published_event

API = "/api/v1"


@pytest.fixture
def world(db):
    return build_world()


def public_urls(world):
    return [
        f"{API}/actors/",
        f"{API}/events/",
        f"{API}/events/{world.meeting.pk}/",
        f"{API}/withdrawn/",
        f"{API}/events/?format=csv",
        f"{API}/actors/{world.haftar.pk}/?format=csv",
        f"{API}/exports/events.geojson",
        f"{API}/exports/network.gexf",
        f"{API}/",
        f"{API}/schema/",
    ]


def vary(response):
    return {name.strip().lower() for name in response.get("Vary", "").split(",") if name.strip()}


def assert_public(response, max_age=60):
    assert response.status_code in (200, 304), response.content[:300]
    directives = {word.strip() for word in response["Cache-Control"].split(",")}
    assert directives == {"public", f"max-age={max_age}"}
    assert response["ETag"]
    assert {"accept", "authorization", "cookie"} <= vary(response)


def assert_not_shared(response):
    assert "public" not in response.get("Cache-Control", "")
    assert {word.strip() for word in response["Cache-Control"].split(",")} == {"private", "no-store"}


def test_cache_headers_present_for_anonymous_absent_for_signed_in_responses(client, world, researcher):
    url = f"{API}/events/"
    assert_public(client.get(url))
    token = Token.objects.create(user=researcher)
    assert_not_shared(client.get(url, headers={"Authorization": f"Token {token.key}"}))
    client.force_login(researcher)
    assert_not_shared(client.get(url))


def test_every_kind_of_anonymous_read_is_public_and_answers_if_none_match_with_304(client, world):
    for url in public_urls(world):
        first = client.get(url)
        assert_public(first)
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304, url
        assert again.content == b""
        assert again["ETag"] == first["ETag"]
        assert_public(again)


def test_a_complete_body_is_validated_by_its_content_and_a_stream_by_the_dataset_version(client, world):
    listed = client.get(f"{API}/events/")
    exported = client.get(f"{API}/events/?format=csv")
    assert not listed["ETag"].startswith("W/")
    assert exported.streaming and exported["ETag"].startswith("W/")
    # One address, two representations: JSON and CSV never confirm each other.
    as_csv = client.get(f"{API}/events/", headers={"Accept": "text/csv"})
    assert as_csv["ETag"] != listed["ETag"]
    assert client.get(f"{API}/events/", headers={"If-None-Match": as_csv["ETag"]}).status_code == 200

    published_event(kind=EventKind.MEETING, title="A second meeting")
    for before in (listed, exported):
        url = f"{API}/events/" if before is listed else f"{API}/events/?format=csv"
        after = client.get(url, headers={"If-None-Match": before["ETag"]})
        assert after.status_code == 200
        assert after["ETag"] != before["ETag"]


def test_a_new_claim_on_a_record_changes_the_streamed_validator(client, world):
    url = f"{API}/claims/?format=csv"
    before = client.get(url)["ETag"]
    assert client.get(url, headers={"If-None-Match": before}).status_code == 304
    ClaimFactory(event=world.meeting, quote="A new quote")
    after = client.get(url, headers={"If-None-Match": before})
    assert after.status_code == 200
    assert b"A new quote" in b"".join(after.streaming_content)


def test_a_token_or_a_session_never_gets_a_304_meant_for_a_shared_copy(client, world, researcher):
    url = f"{API}/actors/"
    etag = client.get(url)["ETag"]
    token = Token.objects.create(user=researcher)
    with_token = client.get(url, headers={"Authorization": f"Token {token.key}", "If-None-Match": etag})
    assert with_token.status_code == 200
    assert_not_shared(with_token)


def test_a_detail_read_with_a_token_still_answers_its_own_conditional_requests(client, world, researcher):
    token = Token.objects.create(user=researcher)
    headers = {"Authorization": f"Token {token.key}"}
    url = f"{API}/events/{world.meeting.pk}/"
    first = client.get(url, headers=headers)
    assert_not_shared(first)
    again = client.get(url, headers={**headers, "If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert_not_shared(again)


@pytest.mark.parametrize(
    "url, status",
    [
        (f"{API}/events/?acter=1", 400),
        (f"{API}/events/?date_from=yesterday", 400),
        (f"{API}/actors/?country=%00", 400),
        (f"{API}/events/?{'q=a&' * 2100}", 400),
        (f"{API}/events/999999/", 404),
        (f"{API}/reports/", 401),
        (f"{API}/exports/network.gexf?nope=1", 400),
    ],
)
def test_an_error_is_never_cached(client, world, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert_not_shared(response)


def test_a_write_is_never_cached(client, world):
    response = client.post(f"{API}/events/", {})
    assert response.status_code == 405
    assert_not_shared(response)


def test_a_throttled_answer_is_never_cached(client, world, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/minute", "user": None},
    }
    cache.clear()
    assert_public(client.get(f"{API}/actors/"))
    throttled = client.get(f"{API}/actors/")
    assert throttled.status_code == 429
    assert_not_shared(throttled)


def test_the_browsable_api_with_its_csrf_cookie_is_not_shared(client, world):
    response = client.get(f"{API}/actors/", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.cookies
    assert_not_shared(response)


def test_a_reviewers_session_on_a_public_list_is_not_shared(reviewer_client, world):
    assert_not_shared(reviewer_client.get(f"{API}/actors/"))


def test_the_lifetime_is_a_setting(client, world, settings):
    settings.API_CACHE_MAX_AGE = 300
    assert_public(client.get(f"{API}/actors/"), max_age=300)


def test_pages_outside_the_api_are_left_alone(client, world):
    response = client.get("/")
    assert response.status_code == 200
    assert "public" not in response.get("Cache-Control", "")
