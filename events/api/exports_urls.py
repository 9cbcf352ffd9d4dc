"""``/api/v1/exports/``: the whole filtered record in the formats other tools read."""

from django.urls import path

from events.api import exports, network_exports

urlpatterns = [
    path("events.geojson", exports.EventGeoJSONView.as_view(), name="export-events-geojson"),
    path("network.gexf", network_exports.NetworkGexfExport.as_view(), name="export-network-gexf"),
    path("network.graphml", network_exports.NetworkGraphmlExport.as_view(), name="export-network-graphml"),
    path("ftm.jsonl", network_exports.FtmExport.as_view(), name="export-ftm"),
]
