"""/map/: the located events by place, filtered as the API filters, readable without JavaScript."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.choices import CoordinatePrecision, RecordStatus
from tests.events.test_geojson import DEMO_LOCATED
from tests.factories import PlaceFactory, published_event

pytestmark = pytest.mark.django_db


def page(client, url="/map/", **query):
    response = client.get(url, query)
    assert response.status_code == 200, response.content[:500]
    return response


def map_data(response):
    text = response.content.decode()
    found = re.search(r'<script id="map-data" type="application/json">(.*?)</script>', text, re.S)
    return json.loads(found.group(1))


def listed_titles(response):
    """The events the page lists as HTML (what a reader without JavaScript sees)."""
    text = response.content.decode().split('class="map-places"')[1]
    return sorted(re.findall(r'<a href="/(?:ar/)?events/\d+/" dir="auto">(.*?)</a>', text))


def unescape(titles):
    return sorted(title.replace("&#x27;", "'") for title in titles)


def test_the_demo_map_lists_and_draws_exactly_the_located_events(client, demo_data):
    response = page(client)
    assert unescape(listed_titles(response)) == sorted(DEMO_LOCATED)
    features = map_data(response)["features"]
    assert sorted(f["properties"]["title"] for f in features) == sorted(DEMO_LOCATED)
    assert {f["properties"]["place_slug"] for f in features} == set(DEMO_LOCATED.values())
    text = response.content.decode()
    # Four places, each a heading; the precision is said in words.
    assert text.count('<h2 id="place-') == 4
    assert "Local (within 10 km)" in text
    assert 'href="/api/v1/exports/events.geojson"' in text


def test_filters_are_the_apis(client, demo_data):
    response = page(client, kind="deployment")
    assert unescape(listed_titles(response)) == ["Belarusian trainers at Tamanhint Air Base"]
    assert 'href="/api/v1/exports/events.geojson?kind=deployment"' in response.content.decode()
    response = page(client, date_from="2025-05-10", kind="meeting")
    assert unescape(listed_titles(response)) == [
        "Khalifa Haftar meets Andrei Belousov",
        "Khalifa Haftar meets Vladimir Putin at the Kremlin",
    ]
    # The country menu offers the countries of located places only.
    text = page(client).content.decode()
    assert '<option value="RU">Russia</option>' in text
    assert '<option value="US">' not in text


def test_a_bad_filter_is_a_message_beside_the_form_not_a_500(client, demo_data):
    response = page(client, kind="battle", date_from="2025-02-30")
    text = response.content.decode()
    assert 'class="form-errors"' in text
    assert "<code>kind</code>" in text
    assert "<code>date_from</code>" in text
    assert listed_titles(response) == []
    assert map_data(response)["features"] == []


def test_drafts_and_retracted_events_are_on_no_map(client):
    place = PlaceFactory(
        name="Sirte", latitude=31.2, longitude=16.6, coordinate_precision=CoordinatePrecision.REGION
    )
    published_event(title="Shown", place=place)
    published_event(title="Draft", place=place, status=RecordStatus.DRAFT)
    published_event(title="Retracted", place=place, status=RecordStatus.RETRACTED)
    response = page(client)
    assert listed_titles(response) == ["Shown"]
    assert [f["properties"]["title"] for f in map_data(response)["features"]] == ["Shown"]
    assert "Draft" not in response.content.decode()


def test_a_draft_at_a_place_of_its_own_adds_no_country(client):
    published_event(
        title="Shown",
        place=PlaceFactory(country="LY", latitude=31, longitude=16, coordinate_precision="local"),
    )
    hidden = PlaceFactory(country="TR", latitude=39, longitude=32, coordinate_precision="local")
    published_event(title="Draft", place=hidden, status=RecordStatus.DRAFT)
    text = page(client).content.decode()
    assert '<option value="LY">' in text
    assert '<option value="TR">' not in text


def test_the_arabic_map_is_right_to_left_with_arabic_titles_and_links(client, demo_data):
    response = page(client, "/ar/map/", kind="deployment")
    text = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in text
    assert listed_titles(response) == ["نشر مدربين بيلاروسيين في قاعدة تمنتات الجوية"]
    assert "قاعدة تمنهنت" in text
    [feature] = map_data(response)["features"]
    assert feature["properties"]["page_url"].startswith("/ar/events/")


def test_the_query_count_does_not_grow_with_the_events_shown(client):
    def queries_for(count):
        for _ in range(count):
            place = PlaceFactory(latitude=30, longitude=20, coordinate_precision=CoordinatePrecision.LOCAL)
            published_event(place=place)
        with CaptureQueriesContext(connection) as queries:
            response = page(client)
        return len(queries), len(map_data(response)["features"])

    few, shown_few = queries_for(2)
    many, shown_many = queries_for(9)
    assert (shown_few, shown_many) == (2, 11)
    assert few == many


def test_the_page_loads_only_its_own_assets(client, demo_data):
    text = page(client).content.decode()
    assert "/static/leaflet/leaflet.js" in text
    assert "/static/public/map.js" in text
    assert "/static/public/map/countries-110m.geojson" in text
    assert "https://" not in text.split("<footer")[0].replace("https://www.w3.org", "")
    # No inline script but the data blocks (the CSP allows scripts from this site only).
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", text)
    assert scripts and all('type="application/json"' in attributes for attributes in scripts)
    for asset in ["/static/leaflet/leaflet.js", "/static/leaflet/leaflet.css", "/static/public/map.js"]:
        assert client.get(asset).status_code == 200
    outlines = json.loads(b"".join(client.get("/static/public/map/countries-110m.geojson").streaming_content))
    names = {feature["properties"]["name"] for feature in outlines["features"]}
    assert {"Libya", "Russia", "Belarus"} <= names


def test_the_arabic_map_shows_kinds_precisions_and_periods_in_arabic(client, demo_data):
    """The form's kinds, the list's kind, precision and period, and the popups' kind and period
    are the interface's, not the models' English labels."""
    response = page(client, "/ar/map/", kind="deployment")
    text = response.content.decode()
    places = text.split('class="map-places"')[1]
    assert '<option value="visit">زيارة</option>' in text
    assert "Deployment" not in places and "Visit" not in text.split("<form")[1].split("</form>")[0]
    assert "نشر قوات" in places
    assert "within" not in places and "between" not in places
    [feature] = map_data(response)["features"]
    assert feature["properties"]["kind_label"] == "نشر قوات"
    assert not re.search(r"[A-Za-z]", feature["properties"]["period"])
