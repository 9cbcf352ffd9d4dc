"""Read-only shapes of the published record.

Everything nested is public by construction (an event's participants, claims and place are
public because the event is published), except where a serializer checks it: an event's parent
visit and related events, an actor's parent. Nothing here queries: ``for_api()`` loads it all.
"""

from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from actors.api.serializers import ActorBriefSerializer, CountryCodeField
from alliance_tracker.links import RecordLinkField, record_url
from alliance_tracker.parents import public_parent
from events.choices import DatePrecision, EventKind
from events.claimed_values import claimed_values, stated_by
from events.dates import format_date
from events.models import Claim, Event, Participant, Place, PlaceName, Source, Tie
from events.models.claims import CLAIMED_FIELDS, record_kind
from events.models.events import KIND_FIELDS
from events.selectors import summary

PARTIAL_DATE = {
    "type": "string",
    "nullable": True,
    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
    "description": "ISO date showing only what is known: 2025-05-09 (day), 2023-09 (month) or 2025 (year).",
}


class PeriodSerializer(serializers.Serializer):
    """A period whose ends are each known to a day, a month or a year."""

    start = serializers.SerializerMethodField()
    start_precision = serializers.SerializerMethodField()
    end = serializers.SerializerMethodField()
    end_precision = serializers.SerializerMethodField()
    covered_from = serializers.DateField(
        source="date_lo", read_only=True, allow_null=True, help_text="First day the period may cover."
    )
    covered_to = serializers.DateField(
        source="date_hi", read_only=True, allow_null=True, help_text="Last day the period may cover."
    )

    PERIOD_FIELDS = [
        "start",
        "start_precision",
        "end",
        "end_precision",
        "date_uncertain",
        "date_note",
        "covered_from",
        "covered_to",
    ]

    @extend_schema_field(PARTIAL_DATE)
    def get_start(self, record):
        return format_date(record.start_date, record.start_precision) or None

    @extend_schema_field(serializers.ChoiceField(choices=DatePrecision.choices, allow_null=True))
    def get_start_precision(self, record):
        return record.start_precision if record.start_date else None

    @extend_schema_field(PARTIAL_DATE)
    def get_end(self, record):
        return format_date(record.end_date, record.end_precision) or None

    @extend_schema_field(serializers.ChoiceField(choices=DatePrecision.choices, allow_null=True))
    def get_end_precision(self, record):
        return record.end_precision if record.end_date else None


class PlaceBriefSerializer(serializers.ModelSerializer):
    url = RecordLinkField(view_name="place-detail")
    country = CountryCodeField()

    class Meta:
        model = Place
        fields = [
            "id",
            "url",
            "slug",
            "name",
            "kind",
            "country",
            "latitude",
            "longitude",
            "coordinate_precision",
        ]


class PlaceNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlaceName
        fields = ["name", "language", "kind"]


class PlaceSerializer(PlaceBriefSerializer):
    names = PlaceNameSerializer(many=True, read_only=True)
    events_url = serializers.SerializerMethodField(help_text="The events at this place in the API.")

    class Meta(PlaceBriefSerializer.Meta):
        fields = [*PlaceBriefSerializer.Meta.fields, "names", "events_url", "updated_at"]

    def get_events_url(self, place) -> str:
        return f"{reverse('event-list', request=self.context.get('request'))}?place={place.pk}"


SOURCE_BRIEF_FIELDS = [
    "id",
    "url",
    "title",
    "publisher",
    "document_url",
    "published_on",
    "language",
    "reliability",
]


class SourceBriefSerializer(serializers.ModelSerializer):
    url = RecordLinkField(view_name="source-detail")
    document_url = serializers.CharField(
        source="url", read_only=True, help_text="Where the document is online."
    )

    class Meta:
        model = Source
        fields = SOURCE_BRIEF_FIELDS


class SourceLinkSerializer(serializers.Serializer):
    """Another source, by id; its address only when researchers may see it (a source quoted by
    a published record)."""

    id = serializers.IntegerField()
    url = serializers.URLField(allow_null=True)


class SourceSerializer(SourceBriefSerializer):
    derived_from = serializers.SerializerMethodField(
        help_text="The source this one relays, translates or republishes, or null."
    )
    origin = serializers.SerializerMethodField(
        help_text="The first source of its chain of derivations: itself when derived from none. "
        "Claims quoting this source count as coming from that one's publisher."
    )

    class Meta(SourceBriefSerializer.Meta):
        fields = [
            *SOURCE_BRIEF_FIELDS,
            "kind",
            "author",
            "archive_url",
            "accessed_on",
            "content_sha256",
            "derived_from",
            "derivation",
            "origin",
            "licensed_for_republication",
            "claims_url",
            "updated_at",
        ]

    claims_url = serializers.SerializerMethodField(help_text="The claims quoting this source in the API.")

    def get_claims_url(self, source) -> str:
        return f"{reverse('claim-list', request=self.context.get('request'))}?source={source.pk}"

    def source_link(self, pk, is_public):
        request = self.context.get("request")
        return {"id": pk, "url": record_url("source-detail", pk, request) if is_public else None}

    @extend_schema_field(SourceLinkSerializer(allow_null=True))
    def get_derived_from(self, source):
        if not source.derived_from_id:
            return None
        return self.source_link(source.derived_from_id, source.derived_from_is_public)

    @extend_schema_field(SourceLinkSerializer)
    def get_origin(self, source):
        if not source.origin_source_id:
            return self.source_link(source.pk, True)
        return self.source_link(source.origin_source_id, source.origin_is_public)


class SourceDetailSerializer(SourceSerializer):
    """A source with its text, where the source is licensed for republication."""

    text = serializers.SerializerMethodField(
        help_text="The document's text, only where it is licensed for republication; else null. "
        "Quotes are always given (claims' selectors), the whole text only with a licence."
    )

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text"]

    def get_text(self, source) -> str | None:
        return (source.text or None) if source.licensed_for_republication else None


class TextQuoteSelectorSerializer(serializers.Serializer):
    """Where the quote stands in the source's text (W3C Web Annotation TextQuoteSelector)."""

    exact = serializers.CharField(help_text="The quote as it stands in the source's text.")
    prefix = serializers.CharField(help_text="Up to 32 characters of the text before it.")
    suffix = serializers.CharField(help_text="Up to 32 characters of the text after it.")


CLAIM_FIELDS = [
    "id",
    "url",
    "source",
    "quote",
    "quote_language",
    "translation",
    "translation_language",
    "locator",
    "selector",
    "paragraph",
    "needs_recheck",
    "credibility",
    "stance",
    "speaker",
    "attribution",
    "states",
]


class ClaimNestedSerializer(serializers.ModelSerializer):
    """A claim inside the record it supports."""

    url = RecordLinkField(view_name="claim-detail")
    source = SourceBriefSerializer(read_only=True)
    speaker = ActorBriefSerializer(
        read_only=True, allow_null=True, help_text="Who said it, when not the source itself."
    )
    selector = serializers.SerializerMethodField(
        help_text="Where the quote stands in the source's text; null when the source has no text "
        "or the quote needs re-checking."
    )
    states = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = CLAIM_FIELDS

    @extend_schema_field(TextQuoteSelectorSerializer(allow_null=True))
    def get_selector(self, claim):
        return claim.selector

    @extend_schema_field(
        serializers.DictField(
            child=serializers.JSONField(),
            help_text="The values this claim states for fields of its record, as in the record's "
            'claimed_values: {"deployment_size": {"min": 1000, "max": 3000}}; {} when none.',
        )
    )
    def get_states(self, claim):
        return stated_by(claim)


class OfficialBodySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CorroborationSerializer(serializers.Serializer):
    """How well the record is supported, derived from its claims."""

    claims = serializers.IntegerField()
    independent_sources = serializers.IntegerField(
        help_text="Distinct origins among supporting claims: the speaker if named, else the publisher "
        "of the source at the start of the claim's chain of relays (derived_from), else that source."
    )
    origins = serializers.ListField(
        child=serializers.CharField(),
        help_text='Those origins, readable: "actor: Kremlin press office", "publisher: Syrian Observatory", '
        '"source: [12] Title".',
    )
    official_confirmation = serializers.BooleanField(
        help_text="A state, government body or armed force confirms it, or a person holding office "
        "in or leading one on the claim's date."
    )
    official_bodies = OfficialBodySerializer(
        many=True, help_text="The states, government bodies and armed forces that confirm it."
    )
    denials = serializers.IntegerField()
    disputed = serializers.BooleanField(
        help_text="A claim denies it, or independent origins claim incompatible values (dispute_reasons)."
    )
    best_reliability = serializers.CharField(help_text="Best source grade among supporting claims, or empty.")
    best_credibility = serializers.IntegerField(allow_null=True)


class ClaimOfValueSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The claim (in this record's claims).")
    origin = serializers.CharField(help_text="Where the claim comes from: its speaker, publisher or source.")
    credibility = serializers.IntegerField()
    stance = serializers.CharField()


class ClaimedValueSerializer(serializers.Serializer):
    value = serializers.JSONField(
        help_text='start, end: {"date": "2025-05", "precision": "month"}; place: {"id", "name"}; '
        'deployment_size: {"min", "max"} (min null: "up to"); deployment_kind, agreement_stage: the choice.'
    )
    text = serializers.CharField(help_text="The value as the CSV shows it: 2025-05-07, 1000–3000, up to 500.")
    independent_origins = serializers.IntegerField(help_text="Distinct origins among its supporting claims.")
    claims = ClaimOfValueSerializer(many=True)


class CorroboratedMixin(serializers.Serializer):
    claims = ClaimNestedSerializer(many=True, read_only=True)
    corroboration = serializers.SerializerMethodField()
    claimed_values = serializers.SerializerMethodField()
    dispute_reasons = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text='Why it is disputed: "deployment size: 500 (…) vs 1000–3000 (…)", "denied by …". '
        "Empty when it is not.",
    )

    @extend_schema_field(CorroborationSerializer)
    def get_corroboration(self, record):
        return summary(record).as_dict()

    @extend_schema_field(
        serializers.DictField(
            child=serializers.ListField(child=ClaimedValueSerializer()),
            help_text="Per field some claim states a value for ("
            + ", ".join(CLAIMED_FIELDS)
            + "), the distinct values stated, each with its claims. The record's own value is "
            "the editors' reading of them.",
        )
    )
    def get_claimed_values(self, record):
        return claimed_values(record.claims.all(), record_kind(record))


class EventBriefSerializer(PeriodSerializer, serializers.ModelSerializer):
    url = RecordLinkField(view_name="event-detail")

    class Meta:
        model = Event
        fields = ["id", "url", "kind", "title", "start", "end"]


class RelatedEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField()
    kind = serializers.ChoiceField(choices=EventKind.choices)
    title = serializers.CharField()
    link = serializers.CharField(help_text="led_to or related_to.")
    direction = serializers.ChoiceField(
        choices=[("to", "to"), ("from", "from")],
        help_text="to: this event led to the other; from: the other led to this one.",
    )


class ParticipantSerializer(serializers.ModelSerializer):
    actor = ActorBriefSerializer(read_only=True)

    class Meta:
        model = Participant
        fields = ["actor", "role", "note"]


EVENT_FIELDS = [
    "id",
    "url",
    "kind",
    "title",
    "title_ar",
    "description",
    *PeriodSerializer.PERIOD_FIELDS,
    "place",
    "parent",
    "participants",
    "related_events",
    *[field for fields in KIND_FIELDS.values() for field in fields],
    "claims",
    "corroboration",
    "claimed_values",
    "dispute_reasons",
    "published_at",
    "updated_at",
]


class EventSerializer(CorroboratedMixin, PeriodSerializer, serializers.ModelSerializer):
    url = RecordLinkField(view_name="event-detail")
    place = PlaceBriefSerializer(read_only=True, allow_null=True)
    parent = serializers.SerializerMethodField(help_text="The visit this event belongs to, when published.")
    participants = ParticipantSerializer(many=True, read_only=True)
    related_events = serializers.SerializerMethodField(help_text="Published events this one is linked to.")

    class Meta:
        model = Event
        fields = EVENT_FIELDS

    @extend_schema_field(EventBriefSerializer(allow_null=True))
    def get_parent(self, event):
        parent = public_parent(event)
        return self.parent_serializer.to_representation(parent) if parent else None

    @cached_property
    def parent_serializer(self):
        # One for the whole page: building a serializer's fields costs more than using them.
        return EventBriefSerializer(context=self.context)

    @extend_schema_field(RelatedEventSerializer(many=True))
    def get_related_events(self, event):
        request = self.context.get("request")
        related = [(link.to_event, link.kind, "to") for link in event.published_links_out]
        related += [(link.from_event, link.kind, "from") for link in event.published_links_in]
        return [
            {
                "id": other.pk,
                "url": record_url("event-detail", other.pk, request),
                "kind": other.kind,
                "title": other.title,
                "link": kind,
                "direction": direction,
            }
            for other, kind, direction in related
        ]


def kind_serializer(kind, name):
    """The event serializer for one kind's endpoint: its own URL, without other kinds' details."""
    others = {field for other, fields in KIND_FIELDS.items() if other != kind for field in fields}
    meta = type("Meta", (EventSerializer.Meta,), {"fields": [f for f in EVENT_FIELDS if f not in others]})
    attrs = {
        "Meta": meta,
        "url": RecordLinkField(view_name=f"{kind}-detail"),
        "__module__": __name__,
        "__doc__": f"A published {kind}.",
    }
    return type(name, (EventSerializer,), attrs)


VisitSerializer = kind_serializer(EventKind.VISIT, "VisitSerializer")
MeetingSerializer = kind_serializer(EventKind.MEETING, "MeetingSerializer")
AgreementSerializer = kind_serializer(EventKind.AGREEMENT, "AgreementSerializer")
DeploymentSerializer = kind_serializer(EventKind.DEPLOYMENT, "DeploymentSerializer")


class TieBriefSerializer(PeriodSerializer, serializers.ModelSerializer):
    url = RecordLinkField(view_name="tie-detail")
    subject = ActorBriefSerializer(read_only=True)
    object = ActorBriefSerializer(read_only=True)

    class Meta:
        model = Tie
        fields = ["id", "url", "subject", "kind", "object", "title"]


class TieSerializer(CorroboratedMixin, TieBriefSerializer):
    class Meta(TieBriefSerializer.Meta):
        fields = [
            *TieBriefSerializer.Meta.fields,
            "title_ar",
            *PeriodSerializer.PERIOD_FIELDS,
            "claims",
            "corroboration",
            "claimed_values",
            "dispute_reasons",
            "published_at",
            "updated_at",
        ]


class ClaimSerializer(ClaimNestedSerializer):
    """A claim with the published record it supports: an event or a tie."""

    event = EventBriefSerializer(read_only=True, allow_null=True)
    tie = TieBriefSerializer(read_only=True, allow_null=True)

    class Meta(ClaimNestedSerializer.Meta):
        fields = [*CLAIM_FIELDS, "event", "tie", "updated_at"]


class WithdrawnSerializer(serializers.Serializer):
    """A record that was published and no longer is: drop it from your copy."""

    type = serializers.ChoiceField(
        choices=[(kind, kind) for kind in ("event", "tie", "actor", "place", "source")]
    )
    id = serializers.IntegerField()
    withdrawn_at = serializers.DateTimeField(
        help_text="When it was withdrawn, or when the actor, place or source was merged."
    )
    merged_into = serializers.IntegerField(
        source="survivor",
        allow_null=True,
        help_text="For a merged actor, place or source, the id of the one (of the same type) "
        "that took over its records; null for events and ties.",
    )
