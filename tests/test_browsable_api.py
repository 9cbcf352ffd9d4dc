"""The browsable API renders every list and every detail, with filter forms labelled in words."""

import pytest
from django.urls import reverse

from reports.plans import exports
from tests.api_helpers import LIST_ENDPOINTS, build_world, populate

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    populate(1)
    return world


def first_id(client, endpoint):
    return client.get(f"/api/v1/{endpoint}/").json()["results"][0]["id"]


@pytest.mark.parametrize("endpoint", [*LIST_ENDPOINTS, "withdrawn"])
def test_every_list_renders_in_the_browser(client, world, endpoint):
    response = client.get(f"/api/v1/{endpoint}/?format=api")
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("text/html")
    assert "[invalid name]" not in response.content.decode()


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_every_detail_renders_in_the_browser(client, world, endpoint):
    pk = first_id(client, endpoint)
    response = client.get(f"/api/v1/{endpoint}/{pk}/", headers={"Accept": "text/html"})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("text/html")


def test_the_report_pages_render_in_the_browser(client, world, researcher):
    client.force_login(researcher)
    response = client.get(reverse("report-list"), {"format": "api"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("endpoint", sorted(exports()))
def test_no_filter_is_labelled_invalid_name(endpoint):
    filterset = exports()[endpoint].filterset()
    labels = {name: str(field.label) for name, field in filterset.form.fields.items()}
    assert not [name for name, label in labels.items() if "invalid name" in label], labels
