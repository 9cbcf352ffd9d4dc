"""Requests the database cannot take: NUL characters in the query, and a database that is down."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url, name",
    [
        ("/api/v1/actors/?country=%00", "country"),
        ("/api/v1/places/?q=a%00b", "q"),
        ("/api/v1/claims/?min_reliability=%00", "min_reliability"),
        ("/api/v1/events/?%00=1", "\x00"),
        ("/api/v1/reports/?x=%00", "x"),
    ],
)
def test_a_nul_in_an_api_query_is_a_json_400_naming_the_parameter(client, url, name):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "NUL" in response.json()[name][0]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/events/place/?country=%00",
        "/admin/actors/actor/?country=%00",
        "/admin/events/claim/?source__reliability__exact=%00",
        "/admin/autocomplete/?app_label=actors&model_name=actor&field_name=actor&term=%00",
    ],
)
def test_a_nul_in_an_admin_query_is_a_plain_400_naming_the_parameter(editor_client, url):
    response = editor_client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "NUL" in response.content.decode()


def test_an_admin_query_without_nul_is_served(editor_client):
    assert editor_client.get("/admin/events/place/?country=LY").status_code == 200


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
@pytest.mark.parametrize("url", ["/api/v1/events/", "/api/v1/actors/1/", "/api/v1/actors/?format=csv"])
def test_with_the_database_down_the_api_answers_a_json_503_with_retry_after(url, error):
    api = APIClient()
    with mock.patch.object(connection, "ensure_connection", side_effect=error("connection refused")):
        response = api.get(url)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert int(response["Retry-After"]) > 0
    assert "database" in response.json()["detail"].lower()


def test_with_the_database_down_a_report_request_answers_a_json_503(researcher):
    api = APIClient()
    api.force_authenticate(researcher)
    with mock.patch.object(connection, "ensure_connection", side_effect=OperationalError("down")):
        response = api.post("/api/v1/reports/", {"endpoint": "sources"}, format="json")
    assert response.status_code == 503
    assert response["Retry-After"]


def test_a_lost_database_outside_a_drf_view_is_a_503_on_the_api_only(rf):
    from alliance_tracker.middleware import RequestInputMiddleware

    middleware = RequestInputMiddleware(lambda request: None)
    answer = middleware.process_exception(rf.get("/api/v1/schema/"), OperationalError("down"))
    assert (answer.status_code, answer["Retry-After"]) == (503, "60")
    assert middleware.process_exception(rf.get("/admin/"), OperationalError("down")) is None
