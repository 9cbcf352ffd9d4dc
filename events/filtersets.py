"""Filters for the read-only API. Every relation is tested with ``Exists``, so no list repeats a record."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, Subquery
from drf_spectacular.utils import extend_schema_field

from actors.choices import Language
from actors.models import Actor
from actors.search import normalize
from alliance_tracker.api import (
    MAX_ID,
    BaseFilterSet,
    CountryFilter,
    IdFilter,
    MultipleRefFilter,
    RefFilter,
    StableOrderingFilter,
    StrictBooleanFilter,
    TextFilter,
    ref_condition,
)
from events import crosswalk
from events.choices import (
    AgreementStage,
    AgreementSubject,
    AgreementType,
    Credibility,
    EventKind,
    ItemCategory,
    ParticipantRole,
    PersonnelKind,
    PlaceKind,
    RecordStatus,
    Reliability,
    SourceKind,
    Stance,
    TieKind,
)
from events.fields import ChoiceListField
from events.models import Claim, Event, Participant, Place, Source, Stage, Tie
from events.models.ties import ROLL_UP_DEPTH, standing_for

# Sent with every list filtered with include_ties=true: the ids of the published ties without
# dates the roll-up followed (comma-separated), or "none".
UNDATED_TIES_HEADER = "Roll-Up-Undated-Ties"


def note_undated_ties(request, tie_ids):
    """Keep the undated ties a roll-up followed on ``request``, for the view's response header."""
    if request is not None:
        request.roll_up_undated_ties = sorted(tie_ids)


def undated_ties_header(request):
    """The value of ``UNDATED_TIES_HEADER`` for ``request``, or None when it rolled nothing up."""
    tie_ids = getattr(request, "roll_up_undated_ties", None)
    if tie_ids is None:
        return None
    return ", ".join(str(pk) for pk in tie_ids) or "none"


DATE_FROM_HELP = (
    "Only records whose covered interval reaches this day or later (YYYY-MM-DD). A record known "
    "to a month covers the whole month, so September 2023 matches 2023-09-15."
)
DATE_TO_HELP = "Only records whose covered interval starts on or before this day (YYYY-MM-DD)."


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 6})
class CredibilityFilter(django_filters.TypedChoiceFilter):
    """A credibility grade, 1 (best) to 6."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=Credibility.choices, coerce=int, **kwargs)


class PeriodFilterForm(forms.Form):
    # (lower bound, upper bound) parameters whose upper bound cannot be below the lower one.
    BOUNDS = (("date_from", "date_to"), ("size_min", "size_max"))

    def clean(self):
        cleaned = super().clean()
        for lo_name, hi_name in self.BOUNDS:
            lo, hi = cleaned.get(lo_name), cleaned.get(hi_name)
            if lo is not None and hi is not None and hi < lo:
                self.add_error(hi_name, f"{hi_name} cannot be below {lo_name}.")
        return cleaned


class CountField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 0, "maximum": MAX_ID})
class CountFilter(django_filters.NumberFilter):
    """A whole number of people or items; anything else is a 400."""

    field_class = CountField


class CodeField(forms.CharField):
    """A code of one of the crosswalk's vocabularies (events.crosswalk), in any case; an unknown
    code is a 400 naming the parameter, never an empty list that looks like an answer."""

    def __init__(self, *args, codes=(), vocabulary="", **kwargs):
        self.codes = {code.casefold(): code for code in codes}
        self.vocabulary = vocabulary
        kwargs.setdefault("max_length", 60)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return ""
        code = self.codes.get(value.casefold())
        if code is None:
            raise forms.ValidationError(
                "“%(value)s” is not a %(vocabulary)s code.",
                code="invalid_choice",
                params={"value": value[:60], "vocabulary": self.vocabulary},
            )
        return code


def code_filter(codes, vocabulary):
    """A filter class taking one code of ``codes``, listed in the schema."""

    @extend_schema_field({"type": "string", "enum": sorted(codes)})
    class CodeFilter(django_filters.CharFilter):
        field_class = CodeField

        def __init__(self, *args, **kwargs):
            super().__init__(*args, codes=codes, vocabulary=vocabulary, **kwargs)

    CodeFilter.__name__ = CodeFilter.__qualname__ = f"{vocabulary.split()[0].title()}CodeFilter"
    return CodeFilter


PloverFilter = code_filter(crosswalk.PLOVER_EVENT_TYPES, "PLOVER event type")
CameoFilter = code_filter(crosswalk.CAMEO_CODES, "CAMEO")
AcledFilter = code_filter(crosswalk.ACLED_EVENT_TYPES, "ACLED event type")


def supporting_claims(**conditions):
    """Claims that assert or confirm (not deny), with ``conditions``."""
    return Claim.objects.supporting().filter(**conditions)


class EventFilterSet(BaseFilterSet):
    kind = django_filters.ChoiceFilter(choices=EventKind.choices)
    actor = MultipleRefFilter(
        label="Actors (all of them)",
        method="filter_jointly",
        help_text="Id or slug of an actor taking part. Repeat it to require all of them: "
        "?actor=khalifa-haftar&actor=vladimir-putin gives their meetings.",
    )
    actor_any = MultipleRefFilter(
        label="Actors (any of them)",
        method="filter_jointly",
        help_text="Id or slug of an actor taking part. Repeat it to accept any of them.",
    )
    role = django_filters.ChoiceFilter(
        label="Role",
        choices=ParticipantRole.choices,
        method="filter_jointly",
        help_text="The role the actors given by actor/actor_any have; alone, any participant in this role.",
    )
    include_ties = StrictBooleanFilter(
        label="Include tied actors",
        method="filter_jointly",
        help_text="true: an actor given by actor/actor_any also stands for the actors tied to it as "
        "members, commanders, leaders or office holders, for the events during which the tie was in "
        "force (the LNA includes Saddam Haftar's acts while he commands it), and for its parts "
        f"(a ministry's acts count for its state); up to {ROLL_UP_DEPTH} steps, every tie in force "
        "on some day of the event. A tie without dates counts for every event: the "
        f"{UNDATED_TIES_HEADER} response header lists the ones followed.",
    )
    country = CountryFilter(
        label="Country",
        method="filter_country",
        help_text="ISO 3166-1 alpha-2 code of the place or of a participant, e.g. LY.",
    )
    place = RefFilter(method="filter_place", help_text="Id or slug of the place.")
    parent = IdFilter(method="filter_parent", help_text="Id of the visit the event belongs to.")
    date_from = django_filters.DateFilter(
        label="From date", method="filter_date_from", help_text=DATE_FROM_HELP
    )
    date_to = django_filters.DateFilter(label="To date", method="filter_date_to", help_text=DATE_TO_HELP)
    source = IdFilter(
        label="Source", method="filter_source", help_text="Id of a source one of the event's claims quotes."
    )
    min_reliability = django_filters.ChoiceFilter(
        label="Minimum source reliability",
        choices=Reliability.choices,
        method="filter_min_reliability",
        help_text="Reported (not denied) by at least one source of this grade or better (A best).",
    )
    min_credibility = CredibilityFilter(
        label="Minimum credibility",
        method="filter_min_credibility",
        help_text="Supported by at least one claim of this credibility or better (1 best).",
    )
    disputed = StrictBooleanFilter(
        label="Disputed",
        method="filter_disputed",
        help_text="true: a claim denies it, or independent origins claim incompatible values for it "
        "(see dispute_reasons); false: neither.",
    )
    q = TextFilter(
        label="Text",
        method="filter_q",
        help_text="Text in titles, description, quotes, participants' names and the place's names, "
        "in any script; Arabic diacritics and letter variants are ignored.",
    )
    # Agreements
    agreement_type = django_filters.ChoiceFilter(
        choices=AgreementType.choices,
        help_text="Agreements of this form (treaty, memorandum, protocol, exchange_of_notes…).",
    )
    subject = django_filters.ChoiceFilter(
        label="Agreement subject",
        choices=AgreementSubject.choices,
        method="filter_subject",
        help_text="Agreements about this, among their subjects (military_cooperation, training, arms…).",
    )
    stage = django_filters.ChoiceFilter(
        label="Agreement stage",
        choices=AgreementStage.choices,
        method="filter_jointly",
        help_text="Agreements whose latest stage is this one; with stage_on, the stage they were at on that day.",
    )
    stage_on = django_filters.DateFilter(
        label="Stage on date",
        method="filter_jointly",
        help_text="Agreements with a stage in force on this day (YYYY-MM-DD): the latest stage dated on or "
        "before it (a stage known to a month counts from the month's first day; stages of one day in "
        "the order of an agreement's life). With stage=: those at that stage on that day.",
    )
    # Deployments
    personnel_kind = django_filters.ChoiceFilter(
        label="Personnel kind",
        choices=PersonnelKind.choices,
        method="filter_personnel_kind",
        help_text="Deployments sending this kind of personnel, among others (trainers, advisers, troops…).",
    )
    size_min = CountFilter(
        label="Smallest size",
        method="filter_size_min",
        help_text="Deployments whose reported size may reach this many: the largest figure reported "
        "(or the single one) is at least this. Deployments without a size are left out.",
    )
    size_max = CountFilter(
        label="Largest size",
        method="filter_size_max",
        help_text="Deployments whose reported size may be this many or fewer: the smallest figure "
        'reported is at most this, or only "up to" a figure is reported. With size_min, the '
        "reported range overlaps [size_min, size_max].",
    )
    ongoing = StrictBooleanFilter(
        label="Ongoing",
        help_text="true: deployments and operations going on with no known end; false: every other event.",
    )
    # Transfers and decisions
    item_category = django_filters.ChoiceFilter(
        label="Item category",
        choices=ItemCategory.choices,
        field_name="transfer_item_category",
        help_text="Transfers of this category of item (SIPRI's categories, small_arms, ammunition, equipment).",
    )
    supplier = RefFilter(
        label="Supplier",
        method="filter_supplier",
        help_text="Id or slug of the actor supplying (a transfer's supplier).",
    )
    recipient = RefFilter(
        label="Recipient",
        method="filter_recipient",
        help_text="Id or slug of the actor receiving (a transfer's or deployment's recipient).",
    )
    decided_by = RefFilter(
        label="Decided by",
        method="filter_decided_by",
        help_text="Id or slug of the deciding body of a decision (the parliament that voted).",
    )
    # Codes of other datasets (docs/crosswalk.md)
    plover = PloverFilter(
        field_name="plover_event_type",
        help_text="Events of this PLOVER event type (CONSULT, AGREE, ASSAULT…), any case. "
        "An unknown type is a 400.",
    )
    cameo = CameoFilter(
        label="CAMEO code",
        method="filter_cameo",
        help_text="Events with this CAMEO code or one under it: a root matches its specific codes "
        "(04 gives 04, 042, 043…; 036 gives 036 and its own sub-codes). An unknown code is a 400.",
    )
    acled_event_type = AcledFilter(
        label="ACLED event type",
        field_name="acled_event_type",
        help_text="Events of this ACLED event type (Battles, Strategic developments…), any case. "
        "An unknown type is a 400.",
    )
    ordering = StableOrderingFilter(
        fields=(("date_lo", "date"), ("title", "title"), ("updated_at", "updated_at"), ("id", "id")),
        help_text="date, title, updated_at or id; prefix with - to reverse. Default: date.",
    )

    class Meta:
        model = Event
        form = PeriodFilterForm
        fields = []

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # The published ties without dates that include_ties followed (they count whatever
        # the date): the API names them in the Roll-Up-Undated-Ties header.
        self.undated_ties = set()
        return self.filter_by_stage(self.filter_by_participants(queryset))

    def filter_by_stage(self, queryset):
        """``stage`` alone: the latest stage; with ``stage_on``, the stage in force that day."""
        stage, day = self.form.cleaned_data.get("stage") or None, self.form.cleaned_data.get("stage_on")
        if day is None:
            return queryset.filter(agreement_stage=stage) if stage else queryset
        in_force = Stage.objects.filter(agreement=OuterRef("pk")).reached_by(day).values("stage")[:1]
        queryset = queryset.alias(stage_in_force=Subquery(in_force))
        if stage:
            return queryset.filter(stage_in_force=stage)
        return queryset.filter(stage_in_force__isnull=False)

    def filter_subject(self, queryset, name, value):
        return queryset.filter(ChoiceListField.holding("agreement_subjects", value))

    def filter_personnel_kind(self, queryset, name, value):
        return queryset.filter(ChoiceListField.holding("deployment_personnel", value))

    # A size of one figure is stored as its min alone; "up to" a figure as its max alone.
    def filter_size_min(self, queryset, name, value):
        return queryset.filter(
            Q(deployment_size_max__gte=value)
            | Q(deployment_size_max__isnull=True, deployment_size_min__gte=value)
        )

    def filter_size_max(self, queryset, name, value):
        return queryset.filter(
            Q(deployment_size_min__lte=value)
            | Q(deployment_size_min__isnull=True, deployment_size_max__isnull=False)
        )

    def in_role(self, queryset, ref, role):
        actors = Actor.objects.filter(ref_condition([ref])).values_list("pk", flat=True)
        return queryset.involving(list(actors), role=role)

    def filter_supplier(self, queryset, name, value):
        return self.in_role(queryset, value, ParticipantRole.SUPPLIER)

    def filter_recipient(self, queryset, name, value):
        return self.in_role(queryset, value, ParticipantRole.RECIPIENT)

    def filter_decided_by(self, queryset, name, value):
        return self.in_role(queryset, value, ParticipantRole.DECIDING_BODY)

    def filter_cameo(self, queryset, name, value):
        # CAMEO codes nest by prefix: 19 (fight), 190, 195 (employ aerial weapons), 1951…
        return queryset.filter(cameo_code__startswith=value)

    def filter_jointly(self, queryset, name, value):
        # actor, actor_any, role and include_ties depend on each other: see filter_by_participants.
        return queryset

    def filter_by_participants(self, queryset):
        data = self.form.cleaned_data
        every, anyone = data.get("actor") or [], data.get("actor_any") or []
        role, roll_up = data.get("role") or None, bool(data.get("include_ties"))

        def ids_of(refs):
            # Looked up first: involving() gives a list of ids to the database as constants.
            return list(Actor.objects.filter(ref_condition(refs)).values_list("pk", flat=True))

        groups = [[ref] for ref in every] + ([anyone] if anyone else [])
        for refs in groups:
            standing = standing_for(ids_of(refs), roll_up=roll_up)
            self.undated_ties.update(standing.undated_ties)
            queryset = queryset.involving(standing, role=role)
        if roll_up and groups:
            note_undated_ties(self.request, self.undated_ties)
        if role and not (every or anyone):
            queryset = queryset.involving(role=role)
        return queryset

    def filter_country(self, queryset, name, value):
        return queryset.filter(
            Q(place__country=value)
            | Exists(Participant.objects.filter(event=OuterRef("pk"), actor__country=value))
        )

    def filter_place(self, queryset, name, value):
        return queryset.filter(place__in=Place.objects.filter(ref_condition([value])))

    def filter_parent(self, queryset, name, value):
        return queryset.filter(parent=value, parent__status=RecordStatus.PUBLISHED)

    def filter_date_from(self, queryset, name, value):
        return queryset.overlapping(lo=value, published_only=True)

    def filter_date_to(self, queryset, name, value):
        return queryset.overlapping(hi=value)

    def filter_source(self, queryset, name, value):
        return queryset.filter(Exists(Claim.objects.filter(event=OuterRef("pk"), source=value)))

    def filter_min_reliability(self, queryset, name, value):
        # Grades are letters, A best: "B or better" is a reliability of at most "B".
        return queryset.filter(
            Exists(supporting_claims(event=OuterRef("pk"), source__reliability__lte=value))
        )

    def filter_min_credibility(self, queryset, name, value):
        return queryset.filter(Exists(supporting_claims(event=OuterRef("pk"), credibility__lte=value)))

    def filter_disputed(self, queryset, name, value):
        # The stored answer the JSON and both CSV paths show (events.claimed_values).
        return queryset.filter(disputed=value)

    def filter_q(self, queryset, name, value):
        return queryset.search(value)


class TieFilterSet(BaseFilterSet):
    kind = django_filters.ChoiceFilter(choices=TieKind.choices)
    actor = RefFilter(
        label="Actor", method="filter_actor", help_text="Id or slug of the actor at either end."
    )
    subject = RefFilter(method="filter_subject", help_text="Id or slug of the actor the tie goes from.")
    object = RefFilter(method="filter_object", help_text="Id or slug of the actor the tie goes to.")
    date_from = django_filters.DateFilter(
        label="From date", method="filter_date_from", help_text=DATE_FROM_HELP
    )
    date_to = django_filters.DateFilter(label="To date", method="filter_date_to", help_text=DATE_TO_HELP)
    source = IdFilter(
        label="Source", method="filter_source", help_text="Id of a source one of the tie's claims quotes."
    )
    ordering = StableOrderingFilter(
        fields=(
            ("date_lo", "date"),
            ("subject__name", "subject"),
            ("updated_at", "updated_at"),
            ("id", "id"),
        ),
        help_text="date, subject, updated_at or id; prefix with - to reverse.",
    )

    class Meta:
        model = Tie
        form = PeriodFilterForm
        fields = []

    def filter_actor(self, queryset, name, value):
        return queryset.involving(Actor.objects.filter(ref_condition([value])).values("pk"))

    def filter_subject(self, queryset, name, value):
        return queryset.filter(subject__in=Actor.objects.filter(ref_condition([value])).values("pk"))

    def filter_object(self, queryset, name, value):
        return queryset.filter(object__in=Actor.objects.filter(ref_condition([value])).values("pk"))

    def filter_date_from(self, queryset, name, value):
        return queryset.overlapping(lo=value, published_only=True)

    def filter_date_to(self, queryset, name, value):
        return queryset.overlapping(hi=value)

    def filter_source(self, queryset, name, value):
        return queryset.filter(Exists(Claim.objects.filter(tie=OuterRef("pk"), source=value)))


class ClaimFilterSet(BaseFilterSet):
    source = IdFilter(field_name="source", help_text="Id of the source quoted.")
    event = IdFilter(field_name="event", help_text="Id of the event supported.")
    tie = IdFilter(field_name="tie", help_text="Id of the tie supported.")
    speaker = RefFilter(method="filter_speaker", help_text="Id or slug of the actor quoted.")
    stance = django_filters.ChoiceFilter(choices=Stance.choices)
    quote_language = django_filters.ChoiceFilter(choices=Language.choices)
    min_credibility = CredibilityFilter(
        field_name="credibility",
        lookup_expr="lte",
        help_text="This credibility or better (1 best).",
    )
    min_reliability = django_filters.ChoiceFilter(
        choices=Reliability.choices,
        field_name="source__reliability",
        lookup_expr="lte",
        help_text="From a source of this grade or better (A best).",
    )
    q = TextFilter(
        label="Text", method="filter_q", help_text="Text in the quote or its translation, in any script."
    )
    ordering = StableOrderingFilter(
        fields=(("id", "id"), ("credibility", "credibility"), ("updated_at", "updated_at")),
        help_text="id, credibility or updated_at; prefix with - to reverse.",
    )

    class Meta:
        model = Claim
        fields = []

    def filter_speaker(self, queryset, name, value):
        return queryset.filter(speaker__in=Actor.objects.filter(ref_condition([value])).values("pk"))

    def filter_q(self, queryset, name, value):
        key = normalize(value)
        return queryset.filter(search_key__contains=key) if key else queryset


class SourceFilterSet(BaseFilterSet):
    kind = django_filters.ChoiceFilter(choices=SourceKind.choices)
    language = django_filters.ChoiceFilter(choices=Language.choices)
    publisher = TextFilter(
        field_name="publisher", lookup_expr="iexact", help_text="The publisher's name, any case."
    )
    reliability = django_filters.ChoiceFilter(choices=Reliability.choices, help_text="Exactly this grade.")
    min_reliability = django_filters.ChoiceFilter(
        choices=Reliability.choices,
        field_name="reliability",
        lookup_expr="lte",
        help_text="This grade or better (A best).",
    )
    published_from = django_filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_to = django_filters.DateFilter(field_name="published_on", lookup_expr="lte")
    q = TextFilter(label="Text", method="filter_q", help_text="Text in the title, publisher or author.")
    ordering = StableOrderingFilter(
        fields=(
            ("published_on", "published_on"),
            ("title", "title"),
            ("updated_at", "updated_at"),
            ("id", "id"),
        ),
        help_text="published_on, title, updated_at or id; prefix with - to reverse.",
    )

    class Meta:
        model = Source
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.search(value)


class PlaceFilterSet(BaseFilterSet):
    kind = django_filters.ChoiceFilter(choices=PlaceKind.choices)
    country = CountryFilter(help_text="ISO 3166-1 alpha-2 code, e.g. LY.")
    q = TextFilter(
        label="Name",
        method="filter_q",
        help_text="Any name of the place in any script (قاعدة تمنتات finds Tamanhint).",
    )
    ordering = StableOrderingFilter(
        fields=(("name", "name"), ("id", "id"), ("updated_at", "updated_at")),
        help_text="name, id or updated_at; prefix with - to reverse.",
    )

    class Meta:
        model = Place
        fields = []

    def filter_q(self, queryset, name, value):
        return queryset.search(value)
