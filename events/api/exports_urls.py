"""Exports under /api/v1/exports/: each the whole filtered result in a format of its own."""

from django.urls import path

from events.api import exports

urlpatterns = [
    path("events.geojson", exports.EventGeoJSONView.as_view(), name="export-events-geojson"),
]
