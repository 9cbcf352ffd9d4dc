import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from alliance_tracker.api import ERROR_SCHEMA, JSONParser, ReadOnlyMixin
from alliance_tracker.throttling import ReportRequestThrottle
from reports import services
from reports.api.serializers import ReportRequestSerializer, ReportSerializer, SnapshotSerializer
from reports.choices import ReportStatus
from reports.models import Report

logger = logging.getLogger(__name__)


def _error(description):
    return OpenApiResponse(response=ERROR_SCHEMA, description=description)


def _as_drf_error(error):
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages})


@extend_schema_view(
    list=extend_schema(summary="Your reports, newest first (staff see everyone's)"),
    retrieve=extend_schema(
        summary="A report's status and progress",
        responses={200: ReportSerializer, 404: _error("No such report, or not yours.")},
    ),
)
class ReportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Background CSV reports: request one, poll it, download its file.

    The one thing a signed-in researcher may POST; the published data stays read-only.
    Only the requester (and staff) can see or download a report.
    """

    serializer_class = ReportSerializer
    permission_classes = [permissions.IsAuthenticated]
    # Reports are JSON whatever the project's default renderers: their CSV is the download.
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    parser_classes = [JSONParser]
    filter_backends = []

    def get_throttles(self):
        throttles = super().get_throttles()
        return [*throttles, ReportRequestThrottle()] if self.action == "create" else throttles

    def get_queryset(self):
        return Report.objects.visible_to(self.request.user).select_related("requested_by")

    def get_serializer_class(self):
        return ReportRequestSerializer if self.action == "create" else ReportSerializer

    def retrieve(self, request, *args, **kwargs):
        report = self.get_object()
        # A poll is also when a dead worker is noticed, even without beat running.
        services.fail_if_stale(report)
        return Response(ReportSerializer(report, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Request a report",
        request=ReportRequestSerializer,
        responses={
            202: ReportSerializer,
            400: _error("Unknown preset or endpoint, or invalid filters or columns; the message names them."),
            401: _error("Not signed in, or the token given is not valid."),
            429: _error("Too many report requests; the message says when to retry."),
            503: OpenApiResponse(
                response=inline_serializer(
                    "ReportQueueDown",
                    {
                        "detail": serializers.CharField(),
                        "report": ReportSerializer(required=False),
                    },
                ),
                description="The task broker is down (the request is kept in `report`, marked failed, "
                "with the reason), or the database cannot be reached (`detail` only). "
                "Retry-After says when to try again.",
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        incoming = ReportRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            report = services.request_report(request.user, **incoming.validated_data)
        except DjangoValidationError as error:
            raise _as_drf_error(error) from None
        except services.ReportQueueError as error:
            body = {"detail": str(error)}
            if error.report is not None:
                error.report.refresh_from_db()
                body["report"] = ReportSerializer(error.report, context=self.get_serializer_context()).data
            return Response(body, status=status.HTTP_503_SERVICE_UNAVAILABLE, headers={"Retry-After": "120"})
        report.refresh_from_db()
        data = ReportSerializer(report, context=self.get_serializer_context()).data
        # The link field gives a Hyperlink, a str subclass that WSGI servers (runserver's wsgiref)
        # refuse as a header value.
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": str(data["url"])})

    @extend_schema(
        summary="Download a finished report's file (CSV, or zip with metadata.json)",
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, "application/zip"): OpenApiTypes.BINARY,
            404: _error("No such report, or not yours."),
            409: _error("The report is not finished."),
            410: _error("The file was deleted after its retention period."),
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        report = self.get_object()
        if report.expired_at is not None:
            return Response(
                {"detail": "This report's file was deleted after its retention period."},
                status=status.HTTP_410_GONE,
            )
        if not report.downloadable:
            detail = f"The report is {report.get_status_display().lower()}; there is no file to download."
            if report.status == ReportStatus.FAILED:
                detail += f" {report.error}"
            return Response({"detail": detail}, status=status.HTTP_409_CONFLICT)
        try:
            handle = report.file.open("rb")
        except FileNotFoundError:
            return Response({"detail": "The report's file is missing."}, status=status.HTTP_410_GONE)
        content_type = "application/zip" if report.file.name.endswith(".zip") else "text/csv; charset=utf-8"
        response = FileResponse(
            handle, as_attachment=True, filename=report.filename, content_type=content_type
        )
        response["X-Checksum-SHA256"] = report.sha256
        return response


GONE = "This snapshot's file was deleted; its tombstone says when, why, and what it held."


def _tombstone_response(snapshot, context):
    return Response(
        {"detail": GONE, "tombstone": SnapshotSerializer(snapshot, context=context).data},
        status=status.HTTP_410_GONE,
    )


TOMBSTONE = OpenApiResponse(
    response=inline_serializer(
        "SnapshotGone", {"detail": serializers.CharField(), "tombstone": SnapshotSerializer()}
    ),
    description="The snapshot's file was deleted (retention, or by an administrator): `tombstone` is the "
    "snapshot as it was listed, with `deleted_at` and `deletion_reason`.",
)
NO_SNAPSHOT = _error("No snapshot with this id was ever published.")


@extend_schema_view(
    list=extend_schema(
        summary="Every published snapshot of the dataset, newest first (deleted ones as tombstones)",
    ),
    retrieve=extend_schema(
        summary="A snapshot: its version, time, row counts, SHA-256 and download address",
        responses={200: SnapshotSerializer, 404: NO_SNAPSHOT, 410: TOMBSTONE},
    ),
)
class SnapshotViewSet(ReadOnlyMixin, viewsets.ReadOnlyModelViewSet):
    """Versioned snapshots of the whole published dataset, for anyone: a zip of the public CSVs
    with CITATION.cff, the licence, a codebook and metadata.json (the manifest of checksums).

    Only finished snapshots are listed. A snapshot past the retention keeps its row as a
    tombstone: still listed, and its addresses answer 410 with it, never a bare 404.
    """

    serializer_class = SnapshotSerializer
    queryset = Report.objects.public_snapshots()
    # JSON only: the snapshot itself is the download.
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    common_parameters = ()
    filter_backends = []

    def retrieve(self, request, *args, **kwargs):
        snapshot = self.get_object()
        if snapshot.expired_at is not None:
            return _tombstone_response(snapshot, self.get_serializer_context())
        return Response(self.get_serializer(snapshot).data)

    @extend_schema(
        summary="Download a snapshot (zip): its SHA-256 is the listed one and X-Checksum-SHA256",
        responses={(200, "application/zip"): OpenApiTypes.BINARY, 404: NO_SNAPSHOT, 410: TOMBSTONE},
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        snapshot = self.get_object()
        if not snapshot.downloadable:
            return _tombstone_response(snapshot, self.get_serializer_context())
        try:
            handle = snapshot.file.open("rb")
        except FileNotFoundError:
            # Lost outside the application: say so, and keep what is known of it.
            logger.error("The file of snapshot %s is missing: %s", snapshot.pk, snapshot.file.name)
            return _tombstone_response(snapshot, self.get_serializer_context())
        response = FileResponse(
            handle, as_attachment=True, filename=snapshot.filename, content_type="application/zip"
        )
        response["X-Checksum-SHA256"] = snapshot.sha256
        return response
