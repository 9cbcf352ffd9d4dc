"""Whole-result exports under /api/v1/exports/: the API's filters, streamed in another format.

``events.geojson`` is the located events (``events.geo``) as an RFC 7946 FeatureCollection for
QGIS and other GIS tools. The body is written feature by feature while the rows stream from
the database, so memory stays flat however many events match.
"""

import json

from django.db import connections
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, renderers
from rest_framework.response import Response

from alliance_tracker.api import ReadOnlyMixin
from alliance_tracker.tables import stream
from events import geo
from events.choices import CoordinatePrecision, DatePrecision, EventKind
from events.filtersets import EventFilterSet

GEOJSON_MEDIA_TYPE = "application/geo+json"
# Features written per piece of the body: fewer, larger writes than one per feature.
FEATURES_PER_PIECE = 200


class GeoJSONRenderer(renderers.JSONRenderer):
    """Lets a client ask for ``Accept: application/geo+json``; the view streams the body itself."""

    media_type = GEOJSON_MEDIA_TYPE
    format = "geojson"


class NoPages:
    """An export is the whole filtered result: no paging parameters to read."""

    query_parameters = ()
    retired_parameters = {}


DATE_SCHEMA = {"type": "string", "description": "ISO date at its precision: 2025-05-09, 2025-05 or 2025."}


GEOJSON_SCHEMA = {
    "type": "object",
    "description": "An RFC 7946 FeatureCollection: one Point feature per located published event.",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "id", "geometry", "properties"],
                "properties": {
                    "type": {"type": "string", "enum": ["Feature"]},
                    "id": {"type": "integer"},
                    "geometry": {
                        "type": "object",
                        "required": ["type", "coordinates"],
                        "properties": {
                            "type": {"type": "string", "enum": ["Point"]},
                            "coordinates": {
                                "type": "array",
                                "description": "[longitude, latitude] in WGS 84 decimal degrees.",
                                "items": {"type": "number"},
                                "minItems": 2,
                                "maxItems": 2,
                            },
                        },
                    },
                    "properties": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "integer"},
                            "kind": {"type": "string", "enum": list(EventKind.values)},
                            "kind_label": {"type": "string"},
                            "title": {"type": "string"},
                            "title_ar": {"type": "string"},
                            "start": DATE_SCHEMA,
                            "start_precision": {"type": "string", "enum": list(DatePrecision.values)},
                            "end": {"type": "string", "description": "Empty when there is no end."},
                            "end_precision": {"type": "string", "enum": ["", *DatePrecision.values]},
                            "date_uncertain": {"type": "boolean"},
                            "ongoing": {"type": "boolean"},
                            "place_id": {"type": "integer"},
                            "place_slug": {"type": "string"},
                            "place_name": {"type": "string"},
                            "place_name_ar": {"type": "string"},
                            "country": {"type": "string", "description": "ISO 3166-1 alpha-2."},
                            "coordinate_precision": {
                                "type": "string",
                                "enum": list(CoordinatePrecision.values),
                            },
                            "radius_m": {
                                "type": "integer",
                                "description": "How far the place may lie from the point, in metres, "
                                "by coordinate_precision: draw it as an area, not a pin.",
                            },
                            "url": {"type": "string", "format": "uri", "description": "The API record."},
                            "page_url": {
                                "type": "string",
                                "format": "uri",
                                "description": "The public page.",
                            },
                        },
                    },
                },
            },
        },
    },
}


def feature_collection(features):
    """The text of a FeatureCollection, in pieces, as ``features`` (dicts) come."""
    yield '{"type":"FeatureCollection","features":[\n'
    piece, first = [], True
    for item in features:
        piece.append(("" if first else ",\n") + json.dumps(item, ensure_ascii=False, separators=(",", ":")))
        first = False
        if len(piece) >= FEATURES_PER_PIECE:
            yield "".join(piece)
            piece = []
    yield "".join(piece) + "\n]}\n"


class ExportView(ReadOnlyMixin, generics.GenericAPIView):
    """An export: the API's checks of parameters, throttling and errors, with a streamed body.

    Errors stay JSON whatever format was asked for.
    """

    pagination_class = NoPages
    common_parameters = ()
    reads_the_past = True
    renderer_classes = [renderers.JSONRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and response.status_code >= 400:
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = request.accepted_renderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class EventGeoJSONView(ExportView):
    """Located published events as GeoJSON (RFC 7946), with the filters of /api/v1/events/.

    One Point feature per event whose place has coordinates, with the place's
    coordinate_precision and radius_m (how far the place may lie from the point); events
    without coordinates are left out. For QGIS: Layer → Add Vector Layer, with this address.
    """

    filterset_class = EventFilterSet
    renderer_classes = [renderers.JSONRenderer, GeoJSONRenderer]

    def get_queryset(self):
        return geo.located_events()

    @extend_schema(
        operation_id="exports_events_geojson",
        filters=True,
        # DRF would read ?format= to choose between the two renderers; the export does not.
        parameters=[OpenApiParameter("format", exclude=True)],
        responses={
            (200, GEOJSON_MEDIA_TYPE): OpenApiResponse(GEOJSON_SCHEMA, description="A FeatureCollection.")
        },
    )
    def get(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        # The export is for tools, not for one reader: pages in English, at unprefixed addresses.
        with translation.override("en"):
            english_page_base = geo.event_page_base()
        # Once streaming starts the status is sent: a database that is down must show here.
        connections[queryset.db].ensure_connection()
        body = feature_collection(
            geo.features(
                stream(queryset),
                api_base=request.build_absolute_uri(reverse("event-list")),
                page_base=request.build_absolute_uri(english_page_base),
            )
        )
        response = StreamingHttpResponse(body, content_type=GEOJSON_MEDIA_TYPE)
        response["Content-Disposition"] = 'attachment; filename="events.geojson"'
        return response
