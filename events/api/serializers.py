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
from alliance_tracker.citation import CitationField
from alliance_tracker.links import RecordLinkField, record_url
from alliance_tracker.parents import public_parent
from events.choices import (
    AgreementStage,
    AgreementSubject,
    DatePrecision,
    EventKind,
    EventLinkKind,
    Obligation,
    PersonnelKind,
)
from events.claimed_values import claimed_values, stated_by
from events.dates import format_date
from events.exports import other_kinds_fields
from events.models import (
    Claim,
    Event,
    Participant,
    Place,
    PlaceName,
    Source,
    Tie,
    WithdrawalKind,
    WithdrawalReason,
)
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
    link = serializers.ChoiceField(
        choices=EventLinkKind.choices,
        help_text="led_to, related_to, or concerns (a decision or statement about the other event).",
    )
    direction = serializers.ChoiceField(
        choices=[("to", "to"), ("from", "from")],
        help_text="to: this event led to the other; from: the other led to this one.",
    )


class ParticipantSerializer(serializers.ModelSerializer):
    actor = ActorBriefSerializer(read_only=True)

    class Meta:
        model = Participant
        fields = ["actor", "role", "note"]


class DatedSerializer(serializers.Serializer):
    """A date known to a day, a month or a year, as the period fields give one."""

    date = serializers.CharField(help_text=PARTIAL_DATE["description"])
    precision = serializers.ChoiceField(choices=DatePrecision.choices)


class StageSerializer(serializers.Serializer):
    """One dated step of an agreement's life (signed, ratified, in force…)."""

    stage = serializers.ChoiceField(choices=AgreementStage.choices)
    date = DatedSerializer(help_text="When the agreement reached this stage.")
    responsible = ActorBriefSerializer(
        allow_null=True,
        help_text="Who took this step (the ratifying parliament), or null. An actor a published "
        "agreement names here is public.",
    )
    act = EventBriefSerializer(
        allow_null=True,
        help_text="The decision that made this step (the vote ratifying it), when published; else null.",
    )
    note = serializers.CharField()
    claims = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Ids of the agreement's claims (in its claims) that state this stage.",
    )


class ProvisionSerializer(serializers.Serializer):
    """What one party, or every party, undertakes in an agreement (after ATOP's obligations)."""

    obligation = serializers.ChoiceField(choices=Obligation.choices)
    party = ActorBriefSerializer(
        allow_null=True, help_text="The party that undertakes it; null: every party."
    )
    note = serializers.CharField()


class PloverSerializer(serializers.Serializer):
    event_type = serializers.CharField(
        allow_null=True,
        help_text="One of PLOVER's 16 event types (CONSULT, AGREE, ASSAULT…); null when none fits.",
    )
    mode = serializers.CharField(
        allow_null=True, help_text="The PLOVER mode of that event type, where PLOVER defines one; else null."
    )


class AcledSerializer(serializers.Serializer):
    event_type = serializers.CharField(
        allow_null=True,
        help_text="ACLED's event type (Battles, Strategic developments…); null when none fits.",
    )
    sub_event_type = serializers.CharField(allow_null=True, help_text="ACLED's sub-event type, or null.")


CROSSWALK_HELP = (
    "Derived from the event's kind, details and participants' roles by the one table of "
    "docs/crosswalk.md; filter with plover=, cameo= and acled_event_type=."
)

# What researchers read of each kind's own fields (the model's help texts speak to editors).
KIND_FIELD_HELP = {
    "visit_occasion": "What the visit was for, as reported (Victory Day parade).",
    "visit_on_invitation": "Whether the visitor came at the host's invitation; null when not reported.",
    "agreement_type": "The form of the instrument (treaty, memorandum, protocol, exchange of notes…); "
    "what it is about is in agreement_subjects.",
    "agreement_stage": "The latest of its stages (by date, then in the order of an agreement's life); "
    "filter with stage=, or stage_on= for the stage in force on a day.",
    "agreement_scope": "What it covers, in the editors' words: logistics, training and arms.",
    "deployment_size_min": "The smallest reported size; alone, the one figure reported. "
    'Null with a largest size: "up to" that size.',
    "deployment_size_max": "The largest reported size; null when a single figure (or none) is reported.",
    "decision_type": "What the body decided by: a vote or authorisation, a ratification, a decree…",
    "decision_outcome": "Whether it was adopted or rejected, where known.",
    "votes_for": "Votes in favour, where reported.",
    "votes_against": "Votes against, where reported.",
    "votes_abstaining": "Abstentions, where reported.",
    "operation_type": "What kind of military operation or engagement (close to ACLED's sub-event types).",
    "operation_outcome": "How it ended for the attacker, where known.",
    "transfer_item_category": "What is supplied: SIPRI's weapon categories, and small arms, ammunition "
    "or other equipment.",
    "transfer_item": "What is supplied, as reported: Pantsir-S1 air defence.",
    "transfer_status": "Ordered or delivered.",
    "transfer_quantity_min": "The smallest reported quantity; alone, the one figure reported. "
    'Null with a largest quantity: "up to" that quantity.',
    "transfer_quantity_max": "The largest reported quantity; null when a single figure (or none) is reported.",
    "statement_stance": "What the statement says of its subject: support, opposition, denial or warning.",
}

EVENT_FIELDS = [
    "id",
    "url",
    "kind",
    "title",
    "title_ar",
    "description",
    *PeriodSerializer.PERIOD_FIELDS,
    "ongoing",
    "place",
    "parent",
    "participants",
    "related_events",
    *[field for fields in KIND_FIELDS.values() for field in fields],
    "stages",
    "provisions",
    "plover",
    "cameo",
    "acled",
    "claims",
    "corroboration",
    "claimed_values",
    "dispute_reasons",
    "published_at",
    "updated_at",
    "citation",
]


class EventSerializer(CorroboratedMixin, PeriodSerializer, serializers.ModelSerializer):
    url = RecordLinkField(view_name="event-detail")
    place = PlaceBriefSerializer(read_only=True, allow_null=True)
    parent = serializers.SerializerMethodField(help_text="The visit this event belongs to, when published.")
    participants = ParticipantSerializer(many=True, read_only=True)
    related_events = serializers.SerializerMethodField(help_text="Published events this one is linked to.")
    covered_to = serializers.SerializerMethodField(
        help_text="Last day the period may cover; null for an ongoing event, which runs to today."
    )
    ongoing = serializers.BooleanField(
        read_only=True,
        help_text="A deployment or operation going on with no known end: end is null, and date "
        "filters treat it as running to today.",
    )
    agreement_subjects = serializers.ListField(
        child=serializers.ChoiceField(choices=AgreementSubject.choices),
        read_only=True,
        help_text="What the agreement is about: one or several subjects; filter with subject=.",
    )
    deployment_personnel = serializers.ListField(
        child=serializers.ChoiceField(choices=PersonnelKind.choices),
        read_only=True,
        help_text="Who is sent: every personnel kind reported (advisers and trainers); filter with personnel_kind=.",
    )
    stages = serializers.SerializerMethodField(
        help_text="The agreement's dated stages, in the order they came (by date, then in the order "
        "of an agreement's life); agreement_stage is the last."
    )
    provisions = ProvisionSerializer(
        many=True, read_only=True, help_text="What the parties undertake, party by party (ATOP-style)."
    )
    plover = serializers.SerializerMethodField(help_text="PLOVER (POLECAT) codes. " + CROSSWALK_HELP)
    cameo = serializers.SerializerMethodField(
        help_text="The CAMEO (ICEWS) code, a root (04) or more specific (043); null when none fits. "
        + CROSSWALK_HELP
    )
    acled = serializers.SerializerMethodField(help_text="ACLED codes, where one fits. " + CROSSWALK_HELP)
    citation = CitationField()

    class Meta:
        model = Event
        fields = EVENT_FIELDS
        extra_kwargs = {field: {"help_text": text} for field, text in KIND_FIELD_HELP.items()}
        # An agreement without stages has no latest stage: "" is in the schema's choices too.
        extra_kwargs["agreement_stage"] = {**extra_kwargs.get("agreement_stage", {}), "allow_blank": True}

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_covered_to(self, event):
        return None if event.ongoing else event.date_hi

    @extend_schema_field(StageSerializer(many=True))
    def get_stages(self, event):
        stages = event.stages.all()
        if not stages:
            return []
        claims_stating = {}
        for claim in event.claims.all():
            if claim.claimed_agreement_stage:
                claims_stating.setdefault(claim.claimed_agreement_stage, []).append(claim.pk)
        return [
            {
                "stage": stage.stage,
                "date": {
                    "date": format_date(stage.date, stage.date_precision),
                    "precision": stage.date_precision,
                },
                "responsible": self.actor_serializer.to_representation(stage.responsible)
                if stage.responsible_id
                else None,
                # A draft decision is no act a reader may see (events.visibility.PUBLIC_STAGE_ACT).
                "act": self.parent_serializer.to_representation(stage.act) if stage.act_is_public else None,
                "note": stage.note,
                "claims": claims_stating.get(stage.stage, []),
            }
            for stage in stages
        ]

    @extend_schema_field(PloverSerializer)
    def get_plover(self, event):
        return {"event_type": event.plover_event_type or None, "mode": event.plover_mode or None}

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_cameo(self, event):
        return event.cameo_code or None

    @extend_schema_field(AcledSerializer)
    def get_acled(self, event):
        return {
            "event_type": event.acled_event_type or None,
            "sub_event_type": event.acled_sub_event_type or None,
        }

    @cached_property
    def actor_serializer(self):
        return ActorBriefSerializer(context=self.context)

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
    others = other_kinds_fields(kind)
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
DecisionSerializer = kind_serializer(EventKind.DECISION, "DecisionSerializer")
OperationSerializer = kind_serializer(EventKind.OPERATION, "OperationSerializer")
TransferSerializer = kind_serializer(EventKind.TRANSFER, "TransferSerializer")
StatementSerializer = kind_serializer(EventKind.STATEMENT, "StatementSerializer")


class TieBriefSerializer(PeriodSerializer, serializers.ModelSerializer):
    url = RecordLinkField(view_name="tie-detail")
    subject = ActorBriefSerializer(read_only=True)
    object = ActorBriefSerializer(read_only=True)

    class Meta:
        model = Tie
        fields = ["id", "url", "subject", "kind", "object", "title"]


class TieSerializer(CorroboratedMixin, TieBriefSerializer):
    citation = CitationField()

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
            "citation",
        ]


class ClaimSerializer(ClaimNestedSerializer):
    """A claim with the published record it supports: an event or a tie."""

    event = EventBriefSerializer(read_only=True, allow_null=True)
    tie = TieBriefSerializer(read_only=True, allow_null=True)

    class Meta(ClaimNestedSerializer.Meta):
        fields = [*CLAIM_FIELDS, "event", "tie", "updated_at"]


class WithdrawnSerializer(serializers.Serializer):
    """A record that was public and no longer is: drop it from your copy."""

    type = serializers.ChoiceField(
        choices=[(kind, kind) for kind in WithdrawalKind.values],
        help_text="Which list it left: event, tie, claim, actor, place or source.",
    )
    id = serializers.IntegerField()
    withdrawn_at = serializers.DateTimeField(
        help_text="When it left the public record: retracted, sent back, deleted, no longer used "
        "by a published record, or merged."
    )
    reason = serializers.ChoiceField(
        choices=WithdrawalReason.choices,
        help_text="retracted and sent_back (events and ties: back to draft or review), deleted, "
        "no_longer_public (claims of a record withdrawn, actors, places and sources no published "
        "record uses any more) or merged (see merged_into).",
    )
    merged_into = serializers.IntegerField(
        source="survivor",
        allow_null=True,
        help_text="For a merged actor, place or source, the id of the one (of the same type) "
        "that took over its records; null otherwise.",
    )
