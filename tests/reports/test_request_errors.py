"""A report request with crafted input is a 400 whose body fits the schema; a good one is a 202 anywhere."""

import json
import urllib.request

import jsonschema
import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from alliance_tracker.api import ERROR_SCHEMA, MAX_VALUES
from reports.models import Report

REPORTS = "/api/v1/reports/"


@pytest.fixture
def researcher_api(researcher):
    client = APIClient()
    client.force_authenticate(researcher)
    return client


def refused(api, body):
    response = api.post(REPORTS, body, format="json")
    assert response.status_code == 400, response.content
    jsonschema.validate(response.json(), ERROR_SCHEMA)
    assert not Report.objects.exists()
    return response.json()


def test_a_report_with_more_than_twenty_actors_is_a_400_naming_filters_and_actor(researcher_api):
    actors = [f"actor-{n}" for n in range(MAX_VALUES + 1)]
    errors = refused(researcher_api, {"endpoint": "events", "filters": {"actor": actors}})
    assert errors["filters"][0].startswith("actor: At most 20 values")


def test_a_report_filter_given_two_values_where_one_is_read_is_a_400(researcher_api):
    errors = refused(researcher_api, {"endpoint": "events", "filters": {"kind": ["meeting", "visit"]}})
    assert errors["filters"][0].startswith("kind: ")
    assert "once" in errors["filters"][0]


@pytest.mark.parametrize("actor", ["²", "\u0000", "١٢", "12\n", 12.5, ["a"], {"a": 1}])
def test_an_actor_dossier_for_something_that_is_no_id_or_slug_is_a_400(researcher_api, actor):
    errors = refused(researcher_api, {"preset": "actor_dossier", "filters": {"actor": actor}})
    assert "actor" in errors or "filters" in errors


def test_a_pair_timeline_naming_an_actor_with_a_nul_is_a_400(world, researcher_api):
    errors = refused(
        researcher_api, {"preset": "pair_timeline", "filters": {"actors": ["khalifa-haftar", "putin\u0000"]}}
    )
    assert "actors" in errors or "filters" in errors


@pytest.mark.parametrize(
    "body",
    [
        {"endpoint": "events", "filters": {"q": "a\u0000b"}},
        {"endpoint": "events", "filters": {"format": "\u0000"}},
        {"endpoint": "events", "filters": {"page_size": ["1", "\u0000"]}},
        {"preset": "deployments_register", "filters": {"cursor": "\u0000"}},
        {"endpoint": "events", "filters": {}, "columns": ["id\u0000"]},
    ],
)
def test_a_nul_anywhere_in_a_report_request_is_a_400(world, researcher_api, body):
    errors = refused(researcher_api, body)
    assert "filters" in errors or "columns" in errors


def test_a_blank_column_is_an_error_the_schema_documents(researcher_api):
    errors = refused(researcher_api, {"endpoint": "events", "columns": [""]})
    assert errors == {"columns": ["item 1: This field may not be blank."]}


def test_errors_in_the_body_match_the_error_component_of_the_served_schema(researcher_api, client):
    schema = client.get("/api/v1/schema/", headers={"Accept": "application/json"}).json()
    error_schema = schema["paths"][REPORTS]["post"]["responses"]["400"]["content"]["application/json"][
        "schema"
    ]
    for body in [
        {"endpoint": "events", "columns": ["", "id", ""]},
        {"endpoint": "events", "filters": "not an object"},
        {"preset": "nonsense"},
        [1, 2],
    ]:
        response = researcher_api.post(REPORTS, body, format="json")
        assert response.status_code == 400, response.content
        jsonschema.validate(response.json(), error_schema)


def test_a_body_nested_too_deep_for_json_is_a_400(researcher_api):
    response = researcher_api.post(REPORTS, "[" * 100_000, content_type="application/json")
    assert response.status_code == 400
    jsonschema.validate(response.json(), ERROR_SCHEMA)


@pytest.mark.django_db(transaction=True)
def test_a_report_requested_through_a_real_wsgi_server_is_accepted_with_its_location(live_server, researcher):
    token = Token.objects.create(user=researcher)
    request = urllib.request.Request(
        f"{live_server.url}{REPORTS}",
        data=json.dumps({"endpoint": "sources"}).encode(),
        headers={"Authorization": f"Token {token.key}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 202
        body = json.loads(response.read())
        assert response.headers["Location"] == body["url"]
    assert body["url"].endswith(f"{REPORTS}{body['id']}/")


def test_the_broker_down_answer_fits_the_schema_it_is_documented_by(researcher, researcher_api, client):
    from unittest import mock

    from reports import services

    report = Report.objects.create(requested_by=researcher, kind="export", endpoint="sources")
    down = services.ReportQueueError("The task broker cannot be reached.", report=report)
    with mock.patch.object(services, "request_report", side_effect=down):
        response = researcher_api.post(REPORTS, {"endpoint": "sources"}, format="json")
    assert response.status_code == 503
    schema = client.get("/api/v1/schema/", headers={"Accept": "application/json"}).json()
    documented = schema["paths"][REPORTS]["post"]["responses"]["503"]["content"]["application/json"]["schema"]
    component = schema["components"]["schemas"][documented["$ref"].rsplit("/", 1)[1]]
    assert set(response.json()) <= set(component["properties"])
    assert set(component["required"]) <= set(response.json())
    # The report inside is the Report component (OpenAPI 3.0's nullable is no JSON Schema: keys only).
    assert set(response.json()["report"]) == set(schema["components"]["schemas"]["Report"]["properties"])
    assert response.json()["report"]["id"] == report.pk


def test_a_body_with_half_a_character_is_a_400(researcher_api):
    body = b'{"preset": "actor_dossier", "filters": {"actor": "\\ud800"}}'
    response = researcher_api.post(REPORTS, body, content_type="application/json")
    assert response.status_code == 400
    assert "half a character" in response.json()["detail"]
