from django.db.models import BigIntegerField, Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from actors.models import Actor, RecordRules
from alliance_tracker.api import (
    KeysetPagination,
    MergedRedirectMixin,
    ReadOnlyMixin,
    ReadOnlyViewSet,
    csv_response,
)
from alliance_tracker.tables import stream
from events import copy_export, exports, feed
from events.api.serializers import (
    AgreementSerializer,
    ClaimSerializer,
    DecisionSerializer,
    DeploymentSerializer,
    EventSerializer,
    MeetingSerializer,
    OperationSerializer,
    PlaceSerializer,
    SourceDetailSerializer,
    SourceSerializer,
    StatementSerializer,
    TieSerializer,
    TransferSerializer,
    VisitSerializer,
    WithdrawnSerializer,
)
from events.choices import EventKind, RecordStatus
from events.filtersets import (
    UNDATED_TIES_HEADER,
    ClaimFilterSet,
    EventFilterSet,
    PlaceFilterSet,
    SourceFilterSet,
    TieFilterSet,
    undated_ties_header,
)
from events.models import Claim, Event, Place, Source, Tie, Withdrawal, WithdrawalReason
from events.models.places import public_place
from events.models.sources import public_source

ROLL_UP_HEADER = OpenApiParameter(
    UNDATED_TIES_HEADER,
    str,
    OpenApiParameter.HEADER,
    response=[200],
    description="Sent when include_ties=true rolled an actor up: the ids of the published ties "
    "without dates that it followed, comma-separated, or `none`. A tie without dates counts for "
    "every event whatever its date; a dated tie only for the events during which it was in force.",
)


@extend_schema_view(list=extend_schema(parameters=[ROLL_UP_HEADER]))
class EventViewSet(ReadOnlyViewSet):
    """The unified timeline: every published visit, meeting, agreement, deployment, decision,
    operation, transfer and statement."""

    queryset = Event.objects.published()
    pagination_class = KeysetPagination
    serializer_class = EventSerializer
    filterset_class = EventFilterSet
    export_columns = exports.EVENT_COLUMNS
    export_name = "events"

    def finalize_response(self, request, response, *args, **kwargs):
        undated = undated_ties_header(request)
        if undated is not None and response.status_code < 400:
            response[UNDATED_TIES_HEADER] = undated
        return super().finalize_response(request, response, *args, **kwargs)

    def export_lines(self, queryset):
        # On PostgreSQL the database writes the same cells itself, an order of magnitude faster.
        if copy_export.supports(self.export_columns, queryset):
            return copy_export.copy_csv_lines(self.export_columns, queryset)
        return None


class VisitViewSet(EventViewSet):
    """Published visits: who travelled where, at whose invitation, for what occasion."""

    queryset = Event.objects.published().filter(kind=EventKind.VISIT)
    serializer_class = VisitSerializer
    export_columns = exports.VISIT_COLUMNS
    export_name = "visits"


class MeetingViewSet(EventViewSet):
    """Published meetings, with the visit each took place during."""

    queryset = Event.objects.published().filter(kind=EventKind.MEETING)
    serializer_class = MeetingSerializer
    export_columns = exports.MEETING_COLUMNS
    export_name = "meetings"


class AgreementViewSet(EventViewSet):
    """Published agreements: form, subjects, dated stages, provisions and scope."""

    queryset = Event.objects.published().filter(kind=EventKind.AGREEMENT)
    serializer_class = AgreementSerializer
    export_columns = exports.AGREEMENT_COLUMNS
    export_name = "agreements"


class DeploymentViewSet(EventViewSet):
    """Published deployments: the personnel kinds sent, with the size range reported; ongoing or ended."""

    queryset = Event.objects.published().filter(kind=EventKind.DEPLOYMENT)
    serializer_class = DeploymentSerializer
    export_columns = exports.DEPLOYMENT_COLUMNS
    export_name = "deployments"


class DecisionViewSet(EventViewSet):
    """Published decisions: a body's formal act (a vote, a ratification, a decree, a sanction),
    with the vote count where known."""

    queryset = Event.objects.published().filter(kind=EventKind.DECISION)
    serializer_class = DecisionSerializer
    export_columns = exports.DECISION_COLUMNS
    export_name = "decisions"


class OperationViewSet(EventViewSet):
    """Published military operations and engagements: attacker, supporter, defender, target, outcome."""

    queryset = Event.objects.published().filter(kind=EventKind.OPERATION)
    serializer_class = OperationSerializer
    export_columns = exports.OPERATION_COLUMNS
    export_name = "operations"


class TransferViewSet(EventViewSet):
    """Published arms and equipment transfers (SIPRI-like): supplier, recipient, item, quantity, status."""

    queryset = Event.objects.published().filter(kind=EventKind.TRANSFER)
    serializer_class = TransferSerializer
    export_columns = exports.TRANSFER_COLUMNS
    export_name = "transfers"


class StatementViewSet(EventViewSet):
    """Published statements of support, opposition, denial or warning, by a speaker about an actor or event."""

    queryset = Event.objects.published().filter(kind=EventKind.STATEMENT)
    serializer_class = StatementSerializer
    export_columns = exports.STATEMENT_COLUMNS
    export_name = "statements"


class TieViewSet(ReadOnlyViewSet):
    """Published relationships between actors over time (member of, commands, holds office in…)."""

    queryset = Tie.objects.published()
    serializer_class = TieSerializer
    filterset_class = TieFilterSet
    export_columns = exports.TIE_COLUMNS
    export_name = "ties"


class ClaimViewSet(ReadOnlyViewSet):
    """Quotes from sources supporting (or denying) published events and ties."""

    queryset = Claim.objects.public()
    pagination_class = KeysetPagination
    serializer_class = ClaimSerializer
    filterset_class = ClaimFilterSet
    export_columns = exports.CLAIM_COLUMNS
    export_name = "claims"


class SourceViewSet(MergedRedirectMixin, ReadOnlyViewSet):
    """Documents quoted by published records, with their reliability grade (A best).

    A duplicate merged into another source answers 301 with the address of the one that stayed.
    """

    queryset = Source.objects.public()
    serializer_class = SourceSerializer
    filterset_class = SourceFilterSet
    export_columns = exports.SOURCE_COLUMNS
    export_name = "sources"

    def get_serializer_class(self):
        # The text, where licensed, on the source's own page only: a list would carry megabytes.
        return SourceDetailSerializer if self.action == "retrieve" else SourceSerializer


class PlaceViewSet(MergedRedirectMixin, ReadOnlyViewSet):
    """Places where published events happened, with coordinates and every name.

    A duplicate merged into another place answers 301 with the address of the one that stayed.
    """

    queryset = Place.objects.public()
    serializer_class = PlaceSerializer
    filterset_class = PlaceFilterSet
    export_columns = exports.PLACE_COLUMNS
    export_name = "places"


class WithdrawnQuerySerializer(serializers.Serializer):
    since = serializers.DateTimeField(
        required=False,
        help_text="Only records withdrawn at or after this time (ISO 8601): the start of your last "
        "sync. A time in the future is refused.",
    )

    def validate_since(self, value):
        if value > timezone.now():
            raise serializers.ValidationError("This time is in the future: give the start of your last sync.")
        return value


def withdrawal_rows(since):
    """``Withdrawal`` rows (claims, actors, places, sources, deleted events and ties) whose
    record is still not public; merged records are announced by their merge instead."""
    still_gone = Q()
    for kind, model in feed.MODELS.items():
        condition = Q(kind=kind) & ~Exists(feed.public_records(kind).filter(pk=OuterRef("record_id")))
        if hasattr(model, "merged_into"):
            condition &= ~Exists(model.objects.filter(pk=OuterRef("record_id"), merged_into__isnull=False))
        still_gone |= condition
    rows = Withdrawal.objects.filter(still_gone)
    return rows.filter(withdrawn_at__gte=since) if since is not None else rows


@extend_schema_view(list=extend_schema(parameters=[WithdrawnQuerySerializer]))
class WithdrawnViewSet(ReadOnlyMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The change feed: every record that left the public record, with when and why.

    Events and ties retracted (``retracted``) or sent back to draft or review (``sent_back``);
    claims, and published events and ties, deleted (``deleted``); claims, actors, places and
    sources no longer public because no published record uses them any more
    (``no_longer_public``); actors, places and sources merged into another (``merged``, with
    ``merged_into``: the record of the same type that took over their records). A record is
    listed only while it is still not public: one published again comes back through
    ``updated_since``.

    A nightly sync asks for ``?since=<start of last run>`` and deletes these ids from its copy;
    records changed or newly public since then come from ``updated_since`` on each list.
    """

    serializer_class = WithdrawnSerializer
    filter_backends = []
    extra_parameters = ("since",)

    def get_queryset(self):
        # As for every filter, an empty value means "no filter".
        query = WithdrawnQuerySerializer(data={k: v for k, v in self.request.query_params.items() if v})
        query.is_valid(raise_exception=True)
        since = query.validated_data.get("since")
        # Typed, or PostgreSQL reads the NULL as text and refuses to unite it with an id.
        no_survivor = Cast(Value(None), output_field=BigIntegerField())
        why = Case(
            When(status=RecordStatus.RETRACTED, then=Value(WithdrawalReason.RETRACTED)),
            default=Value(WithdrawalReason.SENT_BACK),
        )
        events = Event.objects.withdrawn(since).annotate(
            type=Value("event"), survivor=no_survivor, reason=why
        )
        ties = Tie.objects.withdrawn(since).annotate(type=Value("tie"), survivor=no_survivor, reason=why)
        # A merged record is announced once the one that stayed is public, or if it was public
        # itself: a draft's id stays hidden.
        merged = [
            ("actor", Actor, RecordRules.require().public_condition("merged_into")),
            ("place", Place, public_place("merged_into")),
            ("source", Source, public_source("merged_into")),
        ]
        merges = []
        for kind, model, survivor_is_public in merged:
            records = model.objects.filter(merged_at__isnull=False)
            if since is not None:
                records = records.filter(merged_at__gte=since)
            was_public = Exists(Withdrawal.objects.filter(kind=kind, record_id=OuterRef("pk")))
            records = records.filter(survivor_is_public | was_public).annotate(
                type=Value(kind),
                withdrawal=F("merged_at"),
                survivor=F("merged_into"),
                reason=Value(WithdrawalReason.MERGED),
            )
            merges.append(records.order_by().values("type", "id", "withdrawal", "survivor", "reason"))
        gone = (
            withdrawal_rows(since)
            .annotate(type=F("kind"), survivor=no_survivor)
            .order_by()
            .values("type", "record_id", "withdrawn_at", "survivor", "reason")
        )
        record_fields = ("type", "id", "withdrawn_at", "survivor", "reason")
        # Each side loses its model's default ordering: SQLite refuses ORDER BY inside a UNION.
        # The union's column names are the first side's; every side lists them in one order.
        return (
            events.order_by()
            .values(*record_fields)
            .union(ties.order_by().values(*record_fields), *merges, gone, all=True)
            .order_by("withdrawn_at", "type", "id")
        )

    def list(self, request, *args, **kwargs):
        if self.wants_csv():
            queryset = self.get_queryset()
            self.paginator.validate(request, queryset)
            return csv_response(exports.WITHDRAWN_COLUMNS, stream(queryset), "withdrawn")
        return super().list(request, *args, **kwargs)
