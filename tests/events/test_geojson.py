"""/api/v1/exports/events.geojson: the located published events, valid RFC 7946, streamed."""

import json
from urllib.parse import urlencode

import jsonschema
import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from alliance_tracker import tables
from events import geo
from events.api import exports
from events.choices import CoordinatePrecision, EventKind, RecordStatus
from events.models import Event
from tests.api_helpers import all_results
from tests.factories import PlaceFactory, published_event

pytestmark = pytest.mark.django_db

URL = "/api/v1/exports/events.geojson"

# RFC 7946 as a JSON Schema, for what this export writes: a FeatureCollection of Point features.
# Positions are [longitude, latitude] (section 3.1.1) in range; "type" is a member of every
# object (section 3); a feature's id is a string or a number (3.2); a feature has "geometry"
# and "properties" (null or an object).
POSITION = {
    "type": "array",
    "minItems": 2,
    "maxItems": 3,
    "prefixItems": [
        {"type": "number", "minimum": -180, "maximum": 180},
        {"type": "number", "minimum": -90, "maximum": 90},
        {"type": "number"},
    ],
}
RFC_7946_POINT_COLLECTION = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "bbox": {"type": "array", "minItems": 4, "items": {"type": "number"}},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": ["string", "number"]},
                    "geometry": {
                        "type": "object",
                        "required": ["type", "coordinates"],
                        "properties": {"type": {"const": "Point"}, "coordinates": POSITION},
                        "additionalProperties": False,
                    },
                    "properties": {"type": ["object", "null"]},
                },
            },
        },
    },
}


def geojson(response):
    assert response.status_code == 200, response.content[:500]
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/geo+json"
    body = json.loads(b"".join(response.streaming_content))
    jsonschema.validate(body, RFC_7946_POINT_COLLECTION)
    return body


def titles(body):
    return sorted(feature["properties"]["title"] for feature in body["features"])


# The demo's published events whose place has coordinates (tests/demo.py, events/demo/seed_story.py).
# Not here: the 2023 Putin meeting and the agreement (no place), Saddam Haftar's US visit and the
# equipment shipments (the United States and Libya have no coordinates).
DEMO_LOCATED = {
    "Khalifa Haftar's official visit to Moscow": "moscow",
    "Khalifa Haftar meets Sergei Shoigu": "moscow",
    "Khalifa Haftar attends the Victory Day parade on Red Square": "red-square",
    "Khalifa Haftar meets Andrei Belousov": "moscow",
    "Khalifa Haftar meets Vladimir Putin at the Kremlin": "moscow-kremlin",
    "Belarusian trainers at Tamanhint Air Base": "tamanhint-air-base",
    "Andrei Belousov praises Khalifa Haftar's role in regional stability": "moscow",
}


def test_the_demo_export_holds_exactly_the_located_events_with_their_places(client, demo_data):
    body = geojson(client.get(URL))
    assert titles(body) == sorted(DEMO_LOCATED)
    for feature in body["features"]:
        properties = feature["properties"]
        event = Event.objects.select_related("place").get(pk=properties["id"])
        assert properties["place_slug"] == DEMO_LOCATED[event.title]
        assert feature["geometry"]["coordinates"] == [
            float(event.place.longitude),
            float(event.place.latitude),
        ]
        assert properties["coordinate_precision"] == "local"
        assert properties["radius_m"] == 10_000
        assert properties["url"] == f"http://testserver/api/v1/events/{event.pk}/"
        assert properties["page_url"] == f"http://testserver/events/{event.pk}/"
        assert client.get(properties["url"]).status_code == 200


def test_a_feature_shows_dates_at_their_precision_and_names_in_arabic(client, demo_data):
    body = geojson(client.get(URL, {"kind": "deployment"}))
    [trainers] = body["features"]
    properties = trainers["properties"]
    assert properties["title"] == "Belarusian trainers at Tamanhint Air Base"
    assert (properties["start"], properties["start_precision"]) == ("2025", "year")
    assert properties["kind"] == "deployment"
    assert properties["place_name"] == "Tamanhint Air Base"
    # The official Arabic name, not the article's spelling kept as an alias.
    assert properties["place_name_ar"] == "قاعدة تمنهنت"
    assert properties["country"] == "LY"


@pytest.mark.parametrize(
    "query",
    [
        {"country": "LY"},
        {"country": "RU"},
        {"kind": "meeting", "date_from": "2025-05-09"},
        {"actor": "vladimir-putin"},
        {"q": "حفتر", "ordering": "-date"},
        {"kind": EventKind.STATEMENT},
    ],
)
def test_the_api_filters_give_the_located_part_of_the_api_list(client, demo_data, query):
    listed = all_results(client, f"/api/v1/events/?{urlencode(query)}&page_size=500")
    located = [event["id"] for event in listed if event["place"] and event["place"]["latitude"] is not None]
    assert [feature["id"] for feature in geojson(client.get(URL, query))["features"]] == located


def test_a_place_filter_gives_its_events(client, demo_data):
    assert titles(geojson(client.get(URL, {"place": "red-square"}))) == [
        "Khalifa Haftar attends the Victory Day parade on Red Square"
    ]


def test_drafts_retracted_events_and_places_without_coordinates_are_absent(client):
    located = PlaceFactory(latitude=32.9, longitude=13.18, coordinate_precision=CoordinatePrecision.EXACT)
    shown = published_event(title="Shown", place=located)
    published_event(title="Draft", place=located, status=RecordStatus.DRAFT)
    published_event(title="Retracted", place=located, status=RecordStatus.RETRACTED)
    published_event(title="Nowhere", place=PlaceFactory())
    published_event(title="No place")
    body = geojson(client.get(URL))
    assert titles(body) == ["Shown"]
    [feature] = body["features"]
    assert feature["id"] == shown.pk
    assert feature["properties"]["radius_m"] == 100
    # A filter cannot bring a draft back either.
    assert titles(geojson(client.get(URL, {"q": "Draft"}))) == []


@pytest.mark.parametrize(
    "query, parameter",
    [
        ({"kind": "battle"}, "kind"),
        ({"date_from": "2025-13-01"}, "date_from"),
        ({"country": "XX"}, "country"),
        ({"actor": "not a slug"}, "actor"),
        ({"date_from": "2025-05-10", "date_to": "2025-05-01"}, "date_to"),
        ({"page": "2"}, "page"),
        ({"bbox": "1,2,3,4"}, "bbox"),
        ({"format": "csv"}, "format"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(client, query, parameter):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert parameter in response.json()


def test_an_error_is_json_even_when_geojson_is_asked_for(client):
    response = client.get(URL, {"kind": "battle"}, headers={"Accept": "application/geo+json"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "kind" in response.json()


def test_the_query_count_does_not_grow_with_the_number_of_events(client):
    def queries_for(count):
        for _ in range(count):
            place = PlaceFactory(latitude=30, longitude=20, coordinate_precision=CoordinatePrecision.REGION)
            published_event(place=place)
        with CaptureQueriesContext(connection) as queries:
            body = geojson(client.get(URL))
        return len(queries), len(body["features"])

    few, shown_few = queries_for(2)
    many, shown_many = queries_for(8)
    assert (shown_few, shown_many) == (2, 10)
    assert few == many


def test_rows_are_read_in_chunks_and_written_in_pieces(client, monkeypatch):
    """Memory stays flat: the rows come from an iterator in chunks (each chunk loads its places'
    Arabic names with one query), and the body is written a few features at a time."""
    place = PlaceFactory(latitude=30, longitude=20, coordinate_precision=CoordinatePrecision.LOCAL)
    for _ in range(6):
        published_event(place=place)
    monkeypatch.setattr(tables, "CHUNK_SIZE", 2)
    monkeypatch.setattr(exports, "FEATURES_PER_PIECE", 2)
    response = client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        pieces = list(response.streaming_content)
    name_queries = [q for q in queries.captured_queries if "events_placename" in q["sql"]]
    assert len(name_queries) == 3
    # The opening, three pieces of two features, and the closing (with no feature left).
    assert len(pieces) == 5
    assert len(json.loads(b"".join(pieces))["features"]) == 6


def test_every_precision_has_a_radius():
    assert set(geo.RADIUS_METRES) == set(CoordinatePrecision.values)
    radii = [geo.radius_metres(precision) for precision in CoordinatePrecision.values]
    assert radii == sorted(radii)


def test_the_schema_documents_the_export_with_the_event_filters(client):
    schema = client.get("/api/v1/schema/", headers={"Accept": "application/json"}).json()
    operation = schema["paths"][URL]["get"]
    parameters = {parameter["name"] for parameter in operation["parameters"]}
    events = {parameter["name"] for parameter in schema["paths"]["/api/v1/events/"]["get"]["parameters"]}
    assert parameters == events - {"format", "cursor", "page_size", "count"}
    assert "application/geo+json" in operation["responses"]["200"]["content"]
    assert set(operation["responses"]) >= {"200", "400", "429"}
