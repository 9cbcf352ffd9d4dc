"""The OpenAPI document: valid, served with its docs by the site itself, and true to the API."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from alliance_tracker.env import env_bool
from alliance_tracker.wsgi import application
from tests.api_helpers import LIST_ENDPOINTS

pytestmark = pytest.mark.django_db


def test_the_schema_validates_against_the_openapi_3_specification():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")


def test_the_schema_is_served_and_lists_every_endpoint(client):
    response = client.get("/api/v1/schema/", headers={"Accept": "application/json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for endpoint in LIST_ENDPOINTS:
        assert f"/api/v1/{endpoint}/" in paths
        assert f"/api/v1/{endpoint}/{{id}}/" in paths
    assert "/api/v1/withdrawn/" in paths


def test_the_schema_documents_filters_csv_and_errors(client):
    schema = client.get("/api/v1/schema/", headers={"Accept": "application/json"}).json()
    events = schema["paths"]["/api/v1/events/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in events["parameters"]}
    for name in ["kind", "actor", "actor_any", "role", "country", "place", "date_from", "date_to", "source"]:
        assert name in parameters
    for name in ["min_reliability", "min_credibility", "disputed", "q", "include_ties", "updated_since"]:
        assert name in parameters
    assert parameters["actor"]["schema"]["type"] == "array"
    assert parameters["actor"]["explode"] is True
    assert parameters["page_size"]["schema"]["maximum"] == 500
    assert sorted(parameters["format"]["schema"]["enum"]) == ["csv", "json"]
    assert set(events["responses"]) >= {"200", "400", "429"}
    assert "text/csv" in events["responses"]["200"]["content"]
    detail = schema["paths"]["/api/v1/events/{id}/"]["get"]
    assert "404" in detail["responses"]


def test_the_schema_documents_the_301_of_merged_actors_places_and_sources(client):
    paths = client.get("/api/v1/schema/", headers={"Accept": "application/json"}).json()["paths"]
    for endpoint in ["actors", "places", "sources"]:
        moved = paths[f"/api/v1/{endpoint}/{{id}}/"]["get"]["responses"]["301"]
        assert "merged" in moved["description"]
        assert "Location" in moved["headers"]
        assert "301" not in paths[f"/api/v1/{endpoint}/"]["get"]["responses"]
    for endpoint in ["events", "ties", "claims"]:
        assert "301" not in paths[f"/api/v1/{endpoint}/{{id}}/"]["get"]["responses"]


def test_the_docs_page_loads_its_assets_from_this_site(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    assert "https://" not in page
    # The set-up script is a file of its own, so the CSP needs no inline script.
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()


def test_the_swagger_assets_are_served(client):
    response = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert response.status_code == 200


# ---------------------------------------------------------------------------- property-based run


# Random (fuzzing) cases keep the run under a minute. API_SCHEMA_COVERAGE=1 adds schemathesis'
# systematic coverage phase (every parameter's boundary and invalid values; about four minutes).
SCHEMATHESIS_CONFIG = SchemathesisConfig.from_dict(
    {"phases": {"coverage": {"enabled": env_bool("API_SCHEMA_COVERAGE", False)}}}
)


@pytest.fixture
def api_schema(demo_data, settings):
    # Requests through the WSGI app end by closing "old" database connections, which would
    # close the test's own (on PostgreSQL); Django's test client keeps it open the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi(
        "/api/v1/schema/?format=json", application, config=SCHEMATHESIS_CONFIG
    )
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# The read-only record API. Background reports (issue 4) accept writes and have their own tests.
schema = schemathesis.pytest.from_fixture("api_schema").exclude(path_regex=r"^/api/v1/reports/")


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_the_api_answers_as_its_schema_says(case):
    """No 5xx, and every answer's status, content type, headers and body match the schema.

    Schemathesis' own "valid data is accepted" check is replaced by a narrower one: the
    schema cannot say that ``date_to`` must not be before ``date_from`` (nor ``size_max``
    below ``size_min``), how many pages there
    are, what makes a cursor (one the API itself wrote), that the feed's ``since`` must not be in
    the future, nor when the history that ``as_known_on`` reads began (and that it ends now), so a
    schema-valid request may be refused for those reasons and no other.

    Its "invalid data is rejected" check is left out too: in a query string an invalid value
    can serialize into a valid one (a JSON ``null`` for a slug becomes the slug "null"), which
    made it fail at random. Malformed parameters have their own 400 tests in test_api.py.
    """
    response = case.call_and_validate(excluded_checks=[positive_data_acceptance, negative_data_rejection])
    if case.meta.generation.mode.is_positive and response.status_code == 400:
        allowed = {"date_to", "size_max", "page", "cursor", "since", "as_known_on"}
        assert set(response.json()) <= allowed, (
            case.as_curl_command(),
            response.json(),
        )
