"""Exports for the tools researchers use, over the events the API's filters select.

Each takes the filters of ``/api/v1/events/`` and nothing else (a misspelt or repeated
parameter is a 400 naming it, as on every list), and streams its body line by line.
"""

from django.db import connections
from django.http import StreamingHttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, negotiation, permissions, renderers
from rest_framework.response import Response

from alliance_tracker.api import APISchema, repetition_errors
from events import ftm, network
from events.filtersets import EventFilterSet
from events.models import Event


class ExportSchema(APISchema):
    """An export is one whole filtered list: documented as a list (its filters, no 404)."""

    def _is_list_view(self, serializer=None):
        return True


class FixedFormatNegotiation(negotiation.DefaultContentNegotiation):
    """An export has one format: ``?format=`` is not read (it is an unknown parameter), and any
    ``Accept`` gets the export, or the error in JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ExportRenderer(renderers.BaseRenderer):
    """Names the export's media type for negotiation; errors are written as JSON instead."""

    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return renderers.JSONRenderer().render(data)


def export_renderer(media_type, format_name):
    return type(
        f"{format_name.title()}Renderer", (ExportRenderer,), {"media_type": media_type, "format": format_name}
    )


class EventsExport(generics.GenericAPIView):
    """The base of an export: the API's event filters, checked as strictly as on ``/api/v1/events/``."""

    queryset = Event.objects.published()
    filterset_class = EventFilterSet
    pagination_class = None
    permission_classes = [permissions.AllowAny]
    content_negotiation_class = FixedFormatNegotiation
    schema = ExportSchema()
    media_type = ""
    filename = ""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.check_parameters(request)

    def check_parameters(self, request):
        filters = self.filterset_class.base_filters
        unknown = sorted(set(request.query_params) - set(filters))
        if unknown:
            known = ", ".join(sorted(filters))
            raise exceptions.ValidationError(
                {name: [f"Unknown parameter. Known ones: {known}."] for name in unknown}
            )
        repeated = repetition_errors(filters, request.query_params)
        if repeated:
            raise exceptions.ValidationError(repeated)

    def filterset(self):
        """The filters, valid, or a 400 naming each bad one."""
        filterset = network.events_filtered(self.request.query_params)
        if not filterset.is_valid():
            raise exceptions.ValidationError(filterset.errors)
        return filterset

    def finalize_response(self, request, response, *args, **kwargs):
        # An error is JSON, whatever the export's own media type.
        if isinstance(response, Response) and response.status_code >= 400:
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = request.accepted_renderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def streamed(self, lines):
        # Once streaming starts the status is sent: a database that is down must show before.
        connections[self.queryset.db].ensure_connection()
        response = StreamingHttpResponse(lines, content_type=f"{self.media_type}; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        return response


def export_schema(media_type, description):
    return extend_schema(
        filters=True,
        responses={(200, media_type): OpenApiResponse(response={"type": "string"}, description=description)},
    )


NETWORK_DESCRIPTION = (
    "The actor network of the events these filters select: actors as nodes (id, slug, name, "
    "name_ar where known, kind, category, country); edges for taking part in the same events "
    "(relation `co_participation`, one per pair and kind of event, with `weight` = the number "
    "of shared events and `start`/`end` = the first and last day they may cover) and for "
    "published ties (relation `tie`: subject to object, with kind, title and period) that "
    "touch those actors and share a day with date_from/date_to."
)


class NetworkGexfExport(EventsExport):
    media_type = "application/gexf+xml"
    filename = "network.gexf"
    renderer_classes = [export_renderer(media_type, "gexf")]

    @export_schema(
        media_type, f"GEXF 1.2 for Gephi (a dynamic graph: edges carry their periods). {NETWORK_DESCRIPTION}"
    )
    def get(self, request, *args, **kwargs):
        graph = network.build_network(self.filterset())
        return self.streamed(network.gexf_lines(graph))


class NetworkGraphmlExport(EventsExport):
    media_type = "application/graphml+xml"
    filename = "network.graphml"
    renderer_classes = [export_renderer(media_type, "graphml")]

    @export_schema(media_type, f"GraphML for NetworkX, igraph, yEd and Cytoscape. {NETWORK_DESCRIPTION}")
    def get(self, request, *args, **kwargs):
        graph = network.build_network(self.filterset())
        return self.streamed(network.graphml_lines(graph))


class FtmExport(EventsExport):
    media_type = "application/x-ndjson"
    filename = "ftm.jsonl"
    renderer_classes = [export_renderer(media_type, "jsonl")]

    @export_schema(
        media_type,
        "FollowTheMoney entities (followthemoney 3.8), one JSON object per line, for Aleph and "
        "OpenSanctions' tools: the actors of the network of these filters (Person, PublicBody for "
        "states and government bodies, Company, Organization), their published ties (Membership, "
        "Directorship, Occupancy of a Position, Family, Representation, UnknownLink) with start "
        "and end, the events (Event, with the actors involved, dates and place), the sources "
        "(Article) and each public claim (Documentation: the quote, joining source and record). "
        "docs/exports.md gives the mapping.",
    )
    def get(self, request, *args, **kwargs):
        return self.streamed(ftm.ftm_lines(self.filterset()))
