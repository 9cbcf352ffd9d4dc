import datetime

from django.urls import reverse
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from alliance_tracker.links import RecordLinkField
from reports.models import Report
from reports.plans import exports
from reports.presets import PRESETS
from reports.snapshot import snapshot_version

# What a filter or a preset parameter can be: one value, or a list of them (``"actor": ["a", "b"]``).
SCALARS = (str, int, float, bool, type(None))
NUL = "\x00"


class ReportRequestSerializer(serializers.Serializer):
    """What a researcher asks for: a preset with its parameters, or an API list with its filters."""

    preset = serializers.ChoiceField(choices=sorted(PRESETS), required=False, allow_blank=True)
    # Choices filled in __init__: the API lists are read from the API's routers, lazily.
    endpoint = serializers.ChoiceField(choices=[], required=False, allow_blank=True)
    filters = serializers.DictField(
        required=False,
        default=dict,
        help_text='For an endpoint, its API filters (e.g. {"kind": "meeting", "actor": ["a", "b"]}); '
        "for a preset, its parameters (actor_dossier: actor; pair_timeline: actors, plus event filters; "
        "source_audit: source filters; deployments_register: event filters).",
    )
    columns = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        default=list,
        help_text="For an endpoint: columns to keep.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["endpoint"].choices = sorted(exports())

    def validate_filters(self, filters):
        errors = []
        for name, value in filters.items():
            values = value if isinstance(value, list) else [value]
            shown = name.replace(NUL, "\\u0000")
            if not all(isinstance(item, SCALARS) for item in values):
                errors.append(f"{shown}: give a value or a list of values, not an object or nested lists.")
            # PostgreSQL stores no NUL, in text or in JSON: refused wherever it is, even in a
            # parameter that is not a filter (format, cursor) and would be saved unread.
            elif any(NUL in item for item in [name, *values] if isinstance(item, str)):
                errors.append(f"{shown}: a NUL character (\\u0000) is not allowed.")
        if errors:
            raise serializers.ValidationError(errors)
        return filters

    def validate(self, attrs):
        if bool(attrs.get("preset")) == bool(attrs.get("endpoint")):
            raise serializers.ValidationError(
                "Ask for either a preset or an endpoint, not both and not neither."
            )
        return attrs


class ReportSerializer(serializers.ModelSerializer):
    url = RecordLinkField(view_name="report-detail")
    requested_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    progress = serializers.FloatField(read_only=True, allow_null=True)
    download_url = serializers.SerializerMethodField()
    selected_records = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "url",
            "requested_by",
            "kind",
            "preset",
            "endpoint",
            "filters",
            "columns",
            "selected_records",
            "status",
            "rows_written",
            "rows_expected",
            "progress",
            "row_count",
            "size",
            "sha256",
            "error",
            "requested_at",
            "started_at",
            "finished_at",
            "expired_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, report) -> str | None:
        if not report.downloadable:
            return None
        request = self.context.get("request")
        path = reverse("report-download", args=[report.pk])
        return request.build_absolute_uri(path) if request else path

    def get_selected_records(self, report) -> int | None:
        return len(report.selection) if report.selection is not None else None


class SnapshotSerializer(serializers.ModelSerializer):
    """A finished snapshot of the published dataset: kept (with its download), or a tombstone."""

    url = RecordLinkField(view_name="snapshot-detail")
    status = serializers.SerializerMethodField(
        help_text="available: its file can be downloaded; deleted: a tombstone."
    )
    version = serializers.SerializerMethodField(
        help_text="The day it was taken and the dataset version: 2026-12-02+20261201T101010Z."
    )
    dataset_version = serializers.SerializerMethodField(
        help_text="Time of the latest change to the published record it holds (YYYYMMDDTHHMMSSZ), or empty."
    )
    date = serializers.SerializerMethodField(help_text="The day it was taken (UTC).")
    as_of = serializers.SerializerMethodField(help_text="The moment whose published record it holds.")
    row_counts = serializers.SerializerMethodField(help_text="Data rows of each CSV, by file name.")
    files = serializers.SerializerMethodField(help_text="Every file in the zip with its size and SHA-256.")
    download_url = serializers.SerializerMethodField(
        help_text="Stable address of the zip; null once deleted."
    )
    deleted_at = serializers.DateTimeField(source="expired_at", read_only=True, allow_null=True)
    deletion_reason = serializers.CharField(source="expiry_reason", read_only=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "url",
            "status",
            "version",
            "dataset_version",
            "date",
            "as_of",
            "row_count",
            "row_counts",
            "size",
            "sha256",
            "files",
            "finished_at",
            "download_url",
            "deleted_at",
            "deletion_reason",
        ]
        read_only_fields = fields

    def _generated_at(self, snapshot):
        moment = parse_datetime(snapshot.metadata.get("generated_at") or "")
        return moment or snapshot.started_at or snapshot.finished_at

    def get_status(self, snapshot) -> str:
        return "deleted" if snapshot.expired_at is not None else "available"

    def get_dataset_version(self, snapshot) -> str:
        return snapshot.metadata.get("dataset_version", "")

    def get_version(self, snapshot) -> str:
        return snapshot_version(self.get_dataset_version(snapshot), self._generated_at(snapshot))

    def get_date(self, snapshot) -> datetime.date:
        return self._generated_at(snapshot).date()

    def get_as_of(self, snapshot) -> datetime.datetime:
        return serializers.DateTimeField().to_representation(self._generated_at(snapshot))

    def get_row_counts(self, snapshot) -> dict[str, int]:
        return {
            item["name"]: item["rows"]
            for item in snapshot.metadata.get("files", [])
            if item.get("role", "data") == "data"
        }

    @extend_schema_field(
        inline_serializer(
            "SnapshotFile",
            {
                "name": serializers.CharField(),
                "bytes": serializers.IntegerField(),
                "sha256": serializers.CharField(),
            },
            many=True,
        )
    )
    def get_files(self, snapshot):
        return [
            {"name": item["name"], "bytes": item["bytes"], "sha256": item["sha256"]}
            for item in snapshot.metadata.get("files", [])
        ]

    def get_download_url(self, snapshot) -> str | None:
        if not snapshot.downloadable:
            return None
        request = self.context.get("request")
        path = reverse("snapshot-download", args=[snapshot.pk])
        return request.build_absolute_uri(path) if request else path
