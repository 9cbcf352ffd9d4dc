import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from actors.models import Actor
from actors.search import normalize, searchable_sound_key
from events.choices import (
    ROLES_OF_KIND,
    AgreementStage,
    AgreementSubject,
    AgreementType,
    DecisionOutcome,
    DecisionType,
    EventKind,
    EventLinkKind,
    ItemCategory,
    OperationOutcome,
    OperationType,
    ParticipantRole,
    PersonnelKind,
    RecordStatus,
    StatementStance,
    TransferStatus,
)
from events.dates import ONGOING_END
from events.fields import ChoiceListField
from events.models.records import Disputable, Period, Publishable, PublishableQuerySet, raise_if
from events.models.ties import standing_for
from events.temporal import update_with_history


class EventQuerySet(PublishableQuerySet):
    def involving(
        self, actors: Iterable | None = None, *, role: str | None = None, roll_up: bool = False
    ) -> "EventQuerySet":
        """Events in which any of ``actors`` takes part (in ``role`` if given).

        ``actors`` is what ``standing_for`` takes (a ``Standing`` too, when the caller needs to
        know which undated ties it followed); ``None`` is any actor, for "anyone in this role".
        With ``roll_up``, whoever stands for them at the event's date (``standing_for``).
        """
        if actors is None:
            participants = Participant.objects.filter(event=OuterRef("pk"))
            if role:
                participants = participants.filter(role=role)
            return self.filter(Exists(participants))
        return self.filter(standing_for(actors, roll_up=roll_up).participants(role=role))

    def for_api(self) -> "EventQuerySet":
        """What the API, the CSV export and the reports read for each event, loaded in bulk.

        Links to other events are kept only where the other event is published, in
        ``published_links_out`` and ``published_links_in``; the parent is loaded whatever its
        status, with ``parent_is_public`` (``events.visibility``) saying whether readers show it,
        and so is a stage's act, with ``act_is_public``. An event that is no agreement costs the
        two queries of stages and provisions all the same: a page's count stays fixed.
        """
        from events.models.agreements import Provision, Stage
        from events.models.claims import Claim
        from events.visibility import event_parent_is_public, stage_act_is_public

        return (
            self.select_related("place", "parent")
            .annotate(parent_is_public=event_parent_is_public())
            .prefetch_related(
                Prefetch("participants", queryset=Participant.objects.select_related("actor")),
                # An agreement's stages in their one order, each act with ``act_is_public``.
                Prefetch(
                    "stages",
                    queryset=Stage.objects.chronological()
                    .select_related("responsible", "act")
                    .annotate(act_is_public=stage_act_is_public()),
                ),
                Prefetch("provisions", queryset=Provision.objects.select_related("party").order_by("pk")),
                Prefetch("claims", queryset=Claim.objects.for_summary()),
                Prefetch(
                    "links_out",
                    queryset=EventLink.objects.filter(to_event__status=RecordStatus.PUBLISHED).select_related(
                        "to_event"
                    ),
                    to_attr="published_links_out",
                ),
                Prefetch(
                    "links_in",
                    queryset=EventLink.objects.filter(
                        from_event__status=RecordStatus.PUBLISHED
                    ).select_related("from_event"),
                    to_attr="published_links_in",
                ),
            )
        )

    def longest_span(self, published_only: bool = False) -> int:
        """The most days any event covers, or any published one: one look-up in an index.

        The API and the reports read only published events, so a draft (however wrong its
        dates) cannot loosen their bound; the admin lists drafts too and takes every event.
        """
        events = Event.objects.published() if published_only else Event.objects.all()
        return events.aggregate(longest=models.Max("date_span"))["longest"] or 0

    def overlapping(
        self,
        lo: datetime.date | None = None,
        hi: datetime.date | None = None,
        *,
        published_only: bool = False,
    ) -> "EventQuerySet":
        """Events sharing a day with [lo, hi], with a start bound the timeline index can seek to.

        An event reaching ``lo`` started at most the longest span of any event before it. That
        bound changes no result, but without it PostgreSQL reads the timeline from its first
        day to find the events reaching ``lo`` (0.9 s on a million events). Give
        ``published_only`` where only published events are read, so that the bound is the
        longest published span.
        """
        queryset = super().overlapping(lo, hi)
        if lo is None:
            return queryset
        if lo > datetime.date.today():
            # An ongoing event runs to today, not to the end its stored interval gives it.
            queryset = queryset.exclude(ongoing=True)
        longest = self.longest_span(published_only)
        try:
            earliest_start = lo - datetime.timedelta(days=longest)
        except OverflowError:
            return queryset
        # An ongoing event's span counts only its known dates; it reaches lo whenever it began.
        return queryset.filter(Q(date_lo__gte=earliest_start) | Q(ongoing=True))

    def search(self, text: str) -> "EventQuerySet":
        """Events whose titles, quotes or participants' names match ``text`` in any spelling.

        One test per event on its search documents (events/search.py), which a trigram index
        answers on PostgreSQL; the sound key is tried only when long enough to mean something.
        """
        key = normalize(text)
        if not key:
            return self
        match = Q(search_document__contains=key)
        skeleton = searchable_sound_key(text)
        if skeleton:
            match |= Q(sound_document__contains=skeleton)
        return self.filter(match)


# Kind-specific columns, and the kind each belongs to (checked in the database and in forms).
KIND_FIELDS = {
    EventKind.VISIT: ("visit_occasion", "visit_on_invitation"),
    EventKind.AGREEMENT: ("agreement_type", "agreement_subjects", "agreement_stage", "agreement_scope"),
    EventKind.DEPLOYMENT: ("deployment_personnel", "deployment_size_min", "deployment_size_max"),
    EventKind.DECISION: (
        "decision_type",
        "decision_outcome",
        "votes_for",
        "votes_against",
        "votes_abstaining",
    ),
    EventKind.OPERATION: ("operation_type", "operation_outcome"),
    EventKind.TRANSFER: (
        "transfer_item_category",
        "transfer_item",
        "transfer_status",
        "transfer_quantity_min",
        "transfer_quantity_max",
    ),
    EventKind.STATEMENT: ("statement_stance",),
}


# The kind-specific columns that are empty as NULL (the others are empty as "").
NULLABLE_KIND_FIELDS = {
    "visit_on_invitation",
    "deployment_size_min",
    "deployment_size_max",
    "votes_for",
    "votes_against",
    "votes_abstaining",
    "transfer_quantity_min",
    "transfer_quantity_max",
}

# The kinds whose events may be open-ended ("ongoing": from the start, with no known end).
ONGOING_KINDS = (EventKind.DEPLOYMENT, EventKind.OPERATION)

# Ranges a kind reports as smallest and largest figures: (min field, max field, what they count).
RANGES = (
    ("deployment_size_min", "deployment_size_max", "size"),
    ("transfer_quantity_min", "transfer_quantity_max", "quantity"),
)


def _kind_fields_empty(kind):
    """A Q that holds when none of ``kind``'s own columns is filled."""
    empty = Q()
    for field in KIND_FIELDS[kind]:
        empty &= Q(**{f"{field}__isnull": True}) if field in NULLABLE_KIND_FIELDS else Q(**{field: ""})
    return empty


# The crosswalk's codes (events.crosswalk), derived on save and when participants change.
CODE_FIELDS = ("plover_event_type", "plover_mode", "cameo_code", "acled_event_type", "acled_sub_event_type")


class Event(Period, Publishable, Disputable):
    """A visit, meeting, agreement, deployment, decision, operation, transfer or statement: one
    table, so an actor's timeline is one query."""

    kind = models.CharField(max_length=12, choices=EventKind.choices, db_index=True)
    title = models.CharField("English title", max_length=300)
    title_ar = models.CharField("Arabic title", max_length=300, blank=True)
    description = models.TextField(blank=True)
    start_date = models.DateField()
    place = models.ForeignKey(
        "events.Place", on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"kind": EventKind.VISIT},
        help_text="The visit this meeting took place during.",
    )
    related_events = models.ManyToManyField(
        "self", through="EventLink", symmetrical=False, related_name="+", blank=True
    )

    ongoing = models.BooleanField(
        default=False,
        help_text="Tick when it goes on with no known end (a deployment since January 2020): "
        "filters then treat it as running to today. Leave the end date empty.",
    )

    visit_occasion = models.CharField(max_length=300, blank=True)
    visit_on_invitation = models.BooleanField("on invitation", null=True, blank=True)
    # As wide as before issue 12, so that history rows keep the old types (strategic_partnership).
    agreement_type = models.CharField(
        "form of agreement", max_length=25, choices=AgreementType.choices, blank=True
    )
    agreement_subjects = ChoiceListField(
        "subjects", choices=AgreementSubject.choices, help_text="What the agreement is about."
    )
    # The latest of its stages (events.models.agreements.Stage), kept by the stages themselves.
    agreement_stage = models.CharField(
        "latest stage", max_length=12, choices=AgreementStage.choices, blank=True, editable=False
    )
    agreement_scope = models.CharField(
        max_length=300, blank=True, help_text="E.g. logistics, training and arms."
    )
    deployment_personnel = ChoiceListField(
        "personnel kinds", choices=PersonnelKind.choices, help_text="Who is sent; tick every kind reported."
    )
    deployment_size_min = models.PositiveIntegerField(
        "smallest reported size", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    deployment_size_max = models.PositiveIntegerField("largest reported size", null=True, blank=True)
    decision_type = models.CharField(max_length=12, choices=DecisionType.choices, blank=True)
    decision_outcome = models.CharField(max_length=10, choices=DecisionOutcome.choices, blank=True)
    votes_for = models.PositiveIntegerField(null=True, blank=True)
    votes_against = models.PositiveIntegerField(null=True, blank=True)
    votes_abstaining = models.PositiveIntegerField(null=True, blank=True)
    operation_type = models.CharField(max_length=16, choices=OperationType.choices, blank=True)
    operation_outcome = models.CharField(max_length=20, choices=OperationOutcome.choices, blank=True)
    transfer_item_category = models.CharField(
        "item category", max_length=20, choices=ItemCategory.choices, blank=True
    )
    transfer_item = models.CharField(
        "item", max_length=300, blank=True, help_text="What is supplied, as reported: Pantsir-S1 air defence."
    )
    transfer_status = models.CharField(max_length=10, choices=TransferStatus.choices, blank=True)
    transfer_quantity_min = models.PositiveIntegerField(
        "smallest reported quantity", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    transfer_quantity_max = models.PositiveIntegerField("largest reported quantity", null=True, blank=True)
    statement_stance = models.CharField(max_length=10, choices=StatementStance.choices, blank=True)

    # Codes that join other event datasets, derived from kind, details and roles by the one
    # table in events.crosswalk (docs/crosswalk.md).
    plover_event_type = models.CharField(max_length=10, editable=False, blank=True, db_index=True)
    plover_mode = models.CharField(max_length=20, editable=False, blank=True)
    cameo_code = models.CharField(max_length=4, editable=False, blank=True, db_index=True)
    acled_event_type = models.CharField(max_length=40, editable=False, blank=True, db_index=True)
    acled_sub_event_type = models.CharField(max_length=60, editable=False, blank=True)

    # An event always has a start, so the days it may cover are never unknown (a tie's may be).
    date_lo = models.DateField(editable=False, db_index=True)
    date_hi = models.DateField(editable=False, db_index=True)
    # Days from date_lo to date_hi: the longest one bounds where a date filter starts reading.
    date_span = models.PositiveIntegerField(editable=False, db_index=True, default=0)

    # The normalized key of the event's own text, and the documents it is searched by
    # (events/search.py explains them; signals keep them current).
    search_key = models.TextField(editable=False)
    search_document = models.TextField(editable=False, default="")
    sound_document = models.TextField(editable=False, default="")

    # Every column, derived ones too: as_known_on (events.temporal) reads the past from here.
    history = HistoricalRecords()
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["date_lo", "pk"]
        permissions = [("publish_event", "Can publish, send back and retract events")]
        # The timeline's order (date_lo, id) among published events, read straight off the index.
        indexes = [
            models.Index(fields=["status", "date_lo", "id"], name="events_event_status_timeline"),
            # Sync order: what changed since, every row once however many share one time.
            models.Index(fields=["status", "updated_at", "id"], name="events_event_status_changes"),
            # The longest published span, the start bound of the API's date filters.
            models.Index(
                fields=["date_span"],
                condition=Q(status=RecordStatus.PUBLISHED),
                name="events_event_published_span",
            ),
        ]
        constraints = [
            *Period.period_constraints(),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="%(app_label)s_%(class)s_not_own_parent",
                violation_error_message="An event cannot be its own parent.",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{lo}__isnull": True})
                    | Q(**{f"{hi}__isnull": True})
                    | Q(**{f"{hi}__gte": models.F(lo)}),
                    name=f"%(app_label)s_%(class)s_{what}_range_ordered",
                    violation_error_message=f"The largest {what} cannot be smaller than the smallest.",
                )
                for lo, hi, what in RANGES
            ],
            models.CheckConstraint(
                condition=Q(ongoing=False) | Q(end_date__isnull=True, kind__in=ONGOING_KINDS),
                name="%(app_label)s_%(class)s_ongoing_without_end",
                violation_error_message="Only a deployment or an operation is ongoing, and then without an end.",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(kind=kind) | _kind_fields_empty(kind),
                    name=f"%(app_label)s_%(class)s_{kind}_fields_only_on_{kind}s",
                    violation_error_message=f"Only {kind}s have these details.",
                )
                for kind in KIND_FIELDS
            ],
        ]

    def __str__(self):
        return f"{self.title} ({self.get_kind_display().lower()}, {self.period_display})"

    @property
    def period_display(self):
        from events.dates import format_date

        start = format_date(self.start_date, self.start_precision)
        if not self.end_date:
            return start
        end = format_date(self.end_date, self.end_precision)
        return f"{'between ' if self.date_uncertain else ''}{start} – {end}"

    def get_absolute_url(self):
        return reverse("admin:events_event_change", args=[self.pk])

    def fill_derived(self):
        super().fill_derived()
        # The span of its known dates: an ongoing event's open end does not widen the bound
        # of date filters (EventQuerySet.overlapping reads ongoing events apart).
        self.date_span = (self.date_hi - self.date_lo).days
        if self.ongoing:
            self.date_hi = ONGOING_END
        self.search_key = normalize(f"{self.title} {self.title_ar} {self.description}")
        self.fill_latest_stage()
        self.fill_codes()

    def fill_latest_stage(self):
        """``agreement_stage`` from the stored stages, read again on every save: a copy of the
        agreement loaded before a stage changed does not write its old stage back. Another kind
        has no stages (``Stage.clean``): an agreement that becomes a meeting loses its stage."""
        if self.kind != EventKind.AGREEMENT:
            self.agreement_stage = ""
        elif self.pk is not None and not self._state.adding:
            last = self.stages.chronological().last()
            self.agreement_stage = last.stage if last else ""

    def fill_codes(self, roles: Iterable[str] | None = None):
        """Set the crosswalk's codes from kind, details and the participants' roles (read from the
        database when not given: a new event has none yet, nor one the bench generator builds
        with its id taken ahead, which passes the roles it writes)."""
        from events.crosswalk import codes_for

        if roles is None:
            stored = self.pk is not None and not self._state.adding
            roles = set(self.participants.values_list("role", flat=True)) if stored else set()
        for field, value in codes_for(self, roles).as_fields().items():
            setattr(self, field, value)

    def refresh_codes(self):
        """Store the codes again after the participants or the latest stage changed
        (events.signals, ``refresh_latest_stage``); nothing is written when they are the same.

        Compared with the stored row, not with this copy: another copy of the event (the one a
        deleted stage or participant read afresh) may have stored other codes since this one
        was loaded."""
        self.fill_codes()
        after = {field: getattr(self, field) for field in CODE_FIELDS}
        update_with_history(Event.objects.filter(pk=self.pk).exclude(**after), **after)

    def refresh_latest_stage(self):
        """Store the latest of the stages as ``agreement_stage`` (events.models.agreements.Stage),
        and the codes that read it (events.crosswalk). Compared with the stored row, as the codes
        are: a review's approval deletes stages through copies of the agreement read afresh and
        adds them through its own."""
        self.fill_latest_stage()
        if update_with_history(
            Event.objects.filter(pk=self.pk).exclude(agreement_stage=self.agreement_stage),
            agreement_stage=self.agreement_stage,
        ):
            self.refresh_codes()

    def clean(self):
        errors = self.clean_period()
        for kind, fields in KIND_FIELDS.items():
            if self.kind == kind:
                continue
            for field in fields:
                # A derived detail (the latest stage) is cleared on save, not by the editor.
                if self._meta.get_field(field).editable and getattr(self, field) not in (None, "", []):
                    errors[field] = f"Only {kind}s have this detail; clear it for a {self.kind}."
        if self.parent_id:
            if self.parent_id == self.pk:
                errors["parent"] = "An event cannot be its own parent."
            elif self.parent.kind != EventKind.VISIT:
                errors["parent"] = "Only a visit can contain other events."
            elif self.kind == EventKind.VISIT:
                errors["parent"] = "A visit cannot be part of another visit."
            elif self.start_date and self.parent.start_date:
                self.fill_period()
                self.parent.fill_period()
                if self.date_lo > self.parent.date_hi or self.date_hi < self.parent.date_lo:
                    errors["start_date"] = (
                        f"This event's dates fall outside its visit ({self.parent.period_display})."
                    )
        for lo, hi, what in RANGES:
            if (
                getattr(self, lo) is not None
                and getattr(self, hi) is not None
                and getattr(self, hi) < getattr(self, lo)
            ):
                errors[hi] = f"The largest {what} cannot be smaller than the smallest."
        if self.ongoing:
            if self.kind not in ONGOING_KINDS:
                errors["ongoing"] = "Only a deployment or an operation can be ongoing."
            elif self.end_date:
                errors["end_date"] = "An ongoing event has no end yet: clear the end date or untick ongoing."
        raise_if(errors)


class Participant(models.Model):
    """An actor taking part in an event, in one role."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(max_length=14, choices=ParticipantRole.choices)
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "role", "actor__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "actor", "role"],
                name="%(app_label)s_%(class)s_one_per_actor_and_role",
                violation_error_message="This actor already has this role in this event.",
            ),
        ]

    def __str__(self):
        return f"{self.actor} ({self.get_role_display().lower()})"

    def clean(self):
        event = self.event if self.event_id or "event" in self._state.fields_cache else None
        if event is not None and self.role:
            problem = role_problem(event.kind, self.role)
            if problem:
                raise ValidationError({"role": problem})


def role_problem(kind: str, role: str) -> str:
    """Why an event of ``kind`` has no participant in ``role`` (empty when it may)."""
    allowed = ROLES_OF_KIND.get(kind, ())
    if role in allowed or not kind:
        return ""
    kind_label = EventKind(kind).label.lower()
    roles = ", ".join(ParticipantRole(r).label.lower() for r in allowed)
    role_label = ParticipantRole(role).label.lower() if role in ParticipantRole.values else role
    article = "An" if kind_label[:1] in "aeiou" else "A"
    return f"{article} {kind_label} has no “{role_label}”: its roles are {roles}."


class EventLink(models.Model):
    """One event leading to another: a meeting to an agreement, an agreement to a deployment."""

    from_event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="links_out")
    to_event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=12, choices=EventLinkKind.choices, default=EventLinkKind.LED_TO)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_event", "to_event", "kind"],
                name="%(app_label)s_%(class)s_unique_link",
                violation_error_message="These events are already linked this way.",
            ),
            models.CheckConstraint(
                condition=~Q(from_event=models.F("to_event")),
                name="%(app_label)s_%(class)s_not_to_itself",
                violation_error_message="An event cannot lead to itself.",
            ),
        ]

    def __str__(self):
        return f"{self.from_event.title} {self.get_kind_display().lower()} {self.to_event.title}"

    def clean(self):
        if self.from_event_id and self.from_event_id == self.to_event_id:
            raise ValidationError("An event cannot lead to itself.")
