from django.urls import reverse
from rest_framework import serializers

from alliance_tracker.links import RecordLinkField
from reports.models import Report
from reports.plans import exports
from reports.presets import PRESETS

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
