from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from actors.choices import Language
from actors.models import Actor
from actors.search import normalize
from alliance_tracker.bidi import isolated
from events.choices import (
    AgreementStage,
    Credibility,
    DatePrecision,
    DeploymentKind,
    EventKind,
    RecordStatus,
    Stance,
)
from events.dates import covered_interval, floor_to_precision
from events.models.records import EARLIEST_YEAR, LATEST_YEAR, raise_if

# A claim supports what it is about unless it takes this stance: the one definition of
# "supporting", for the ORM (supporting()), Python (is_supporting) and the COPY SQL alike.
AGAINST = Stance.DENIES


def is_supporting(claim):
    return claim.stance != AGAINST


# The values a claim may state, by the part of its record each is about, with the claim's
# columns that hold it (the first is where a form error goes). ``events.claimed_values`` compares
# them; the record's own value stays the editor's reading of the evidence.
CLAIMED_FIELDS = {
    "start": ("claimed_start_date", "claimed_start_precision"),
    "end": ("claimed_end_date", "claimed_end_precision"),
    "place": ("claimed_place",),
    "deployment_size": ("claimed_size_min", "claimed_size_max"),
    "deployment_kind": ("claimed_deployment_kind",),
    "agreement_stage": ("claimed_agreement_stage",),
}
CLAIMED_FIELD_LABELS = {
    "start": "start",
    "end": "end",
    "place": "place",
    "deployment_size": "deployment size",
    "deployment_kind": "personnel kind",
    "agreement_stage": "agreement stage",
}
# The kind of record a claim on a tie supports, beside the kinds of event.
TIE = "tie"
_EVERY_RECORD = ("start", "end")
_EVERY_EVENT = (*_EVERY_RECORD, "place")
# Which claimed values apply to which records: the one definition, as KIND_FIELDS is for events.
CLAIMED_FIELDS_OF = {
    EventKind.VISIT: _EVERY_EVENT,
    EventKind.MEETING: _EVERY_EVENT,
    EventKind.AGREEMENT: (*_EVERY_EVENT, "agreement_stage"),
    EventKind.DEPLOYMENT: (*_EVERY_EVENT, "deployment_size", "deployment_kind"),
    TIE: _EVERY_RECORD,
}
# Every claimed field that some record can state, in the order of CLAIMED_FIELDS.
CLAIMED_COLUMNS = [column for columns in CLAIMED_FIELDS.values() for column in columns]


def states(claim, field: str) -> bool:
    """Whether ``claim`` states a value for ``field`` (a key of CLAIMED_FIELDS).

    A function of its columns only, so that a migration's historical claims answer it too.
    """
    if field == "deployment_size":
        return claim.claimed_size_min is not None or claim.claimed_size_max is not None
    column = CLAIMED_FIELDS[field][0]
    return getattr(claim, f"{column}_id" if field == "place" else column) not in (None, "")


def record_kind(record) -> str:
    """The kind ``CLAIMED_FIELDS_OF`` is keyed by: an event's kind, or ``TIE``."""
    return TIE if record._meta.model_name == "tie" else record.kind


def kind_name(kind: str) -> str:
    return "tie" if kind == TIE else EventKind(kind).label.lower()


# The relations a record's corroboration and claimed values read of each claim.
SUMMARY_LOADS = ("source", "speaker", "claimed_place")


class ClaimQuerySet(models.QuerySet):
    def supporting(self) -> "ClaimQuerySet":
        """Claims that assert or confirm what they are about, rather than deny it."""
        return self.exclude(stance=AGAINST)

    def public(self) -> "ClaimQuerySet":
        """Claims on published records; a claim on a draft or retracted record is not shown."""
        return self.filter(Q(event__status=RecordStatus.PUBLISHED) | Q(tie__status=RecordStatus.PUBLISHED))

    def for_summary(self) -> "ClaimQuerySet":
        """What a record's corroboration and claimed values read of each claim, loaded with it."""
        return self.select_related(*SUMMARY_LOADS)

    def for_api(self) -> "ClaimQuerySet":
        return self.for_summary().select_related("event", "tie__subject", "tie__object")


class Claim(models.Model):
    """One quote from one source that supports (or denies) one event or tie."""

    source = models.ForeignKey("events.Source", on_delete=models.PROTECT, related_name="claims")
    event = models.ForeignKey(
        "events.Event", on_delete=models.CASCADE, null=True, blank=True, related_name="claims"
    )
    tie = models.ForeignKey(
        "events.Tie", on_delete=models.CASCADE, null=True, blank=True, related_name="claims"
    )
    quote = models.TextField(help_text="Exactly as in the source, in its original language.")
    quote_language = models.CharField(max_length=3, choices=Language.choices)
    translation = models.TextField(blank=True)
    translation_language = models.CharField(
        max_length=3, choices=Language.choices, default=Language.ENGLISH, blank=True
    )
    locator = models.CharField(
        max_length=200, blank=True, help_text="Where the quote stands: paragraph, page or timestamp."
    )
    credibility = models.PositiveSmallIntegerField(
        choices=Credibility.choices,
        default=Credibility.CANNOT_BE_JUDGED,
        help_text="Admiralty grade of this piece of information: 1 best, 6 cannot be judged.",
    )
    stance = models.CharField(max_length=8, choices=Stance.choices, default=Stance.ASSERTS)
    speaker = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
        help_text="Who said it, when that is not the source itself (e.g. a ministry the article quotes).",
    )
    attribution = models.CharField(
        max_length=300,
        blank=True,
        help_text='How the source attributes it, e.g. "Facebook post on Saturday evening" or "unnamed Western reports".',
    )

    # The values the claim states (see CLAIMED_FIELDS): empty when it states none.
    claimed_start_date = models.DateField(
        "claimed start", null=True, blank=True, help_text="The start this claim gives, if it gives one."
    )
    claimed_start_precision = models.CharField(
        "precision of the claimed start", max_length=5, choices=DatePrecision.choices, blank=True
    )
    claimed_end_date = models.DateField("claimed end", null=True, blank=True)
    claimed_end_precision = models.CharField(
        "precision of the claimed end", max_length=5, choices=DatePrecision.choices, blank=True
    )
    claimed_place = models.ForeignKey(
        "events.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claimed_by",
        help_text="The place this claim says it happened at.",
    )
    claimed_size_min = models.PositiveIntegerField(
        "claimed smallest size",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="For one figure (2,000), give it here and leave the largest empty.",
    )
    claimed_size_max = models.PositiveIntegerField(
        "claimed largest size",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text='With the smallest, a range (1,000–3,000); alone, "up to".',
    )
    claimed_deployment_kind = models.CharField(
        "claimed personnel kind", max_length=12, choices=DeploymentKind.choices, blank=True
    )
    claimed_agreement_stage = models.CharField(
        "claimed agreement stage", max_length=12, choices=AgreementStage.choices, blank=True
    )

    search_key = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords(excluded_fields=["search_key"])
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        # Sync order: what changed since, every row once however many share one time.
        indexes = [models.Index(fields=["updated_at", "id"], name="events_claim_changes")]
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False, tie__isnull=True) | Q(event__isnull=True, tie__isnull=False),
                name="%(app_label)s_%(class)s_supports_one_record",
                violation_error_message="A claim supports exactly one event or one tie.",
            ),
            models.CheckConstraint(
                condition=Q(credibility__gte=1, credibility__lte=6),
                name="%(app_label)s_%(class)s_credibility_1_to_6",
                violation_error_message="Credibility is a grade from 1 to 6.",
            ),
            models.CheckConstraint(
                condition=Q(stance__in=Stance.values),
                name="%(app_label)s_%(class)s_stance_known",
            ),
            models.CheckConstraint(
                condition=Q(claimed_size_min__isnull=True)
                | Q(claimed_size_max__isnull=True)
                | Q(claimed_size_max__gte=models.F("claimed_size_min")),
                name="%(app_label)s_%(class)s_claimed_size_ordered",
                violation_error_message="The largest claimed size cannot be smaller than the smallest.",
            ),
        ]

    def __str__(self):
        quote = self.quote if len(self.quote) <= 60 else f"{self.quote[:59]}…"
        return f"“{isolated(quote)}” ({self.source})"

    @property
    def record(self):
        return self.event if self.event_id else self.tie

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self):
        self.search_key = normalize(f"{self.quote} {self.translation}")
        # A claimed date is at day precision unless the editor says otherwise; a precision
        # without its date says nothing.
        for date_field, precision_field in (CLAIMED_FIELDS["start"], CLAIMED_FIELDS["end"]):
            if getattr(self, date_field) is None:
                setattr(self, precision_field, "")
                continue
            if not getattr(self, precision_field):
                setattr(self, precision_field, DatePrecision.DAY)
            setattr(
                self,
                date_field,
                floor_to_precision(getattr(self, date_field), getattr(self, precision_field)),
            )

    def clean(self):
        # A claim added in the same admin save as its record holds the record, not yet its id.
        has_event = self.event_id is not None or self.event is not None
        has_tie = self.tie_id is not None or self.tie is not None
        if has_event == has_tie:
            raise ValidationError("A claim supports exactly one event or one tie.")
        raise_if(self.claimed_value_errors())

    def claimed_value_errors(self) -> dict[str, str]:
        """Form errors of the values the claim states, each on its field: never a 500."""
        errors = {}
        record = self.event if (self.event_id is not None or self.event is not None) else self.tie
        kind = record_kind(record)
        applies = CLAIMED_FIELDS_OF.get(kind, ())
        for field, columns in CLAIMED_FIELDS.items():
            if field not in applies and states(self, field):
                label = CLAIMED_FIELD_LABELS[field]
                errors[columns[0]] = (
                    f"A claim on a {kind_name(kind)} cannot state a {label}: clear it, "
                    f"or attach the claim to a record that has one."
                )
        for field in ("start", "end"):
            date_field = CLAIMED_FIELDS[field][0]
            value = getattr(self, date_field)
            if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
                errors[date_field] = f"Give a year between {EARLIEST_YEAR} and {LATEST_YEAR}."
        start, end = self.claimed_start_date, self.claimed_end_date
        if start and end and "claimed_start_date" not in errors and "claimed_end_date" not in errors:
            lo, _ = covered_interval(start, self.claimed_start_precision or DatePrecision.DAY)
            _, hi = covered_interval(end, self.claimed_end_precision or DatePrecision.DAY)
            if hi < lo:
                errors.setdefault("claimed_end_date", "The claimed end cannot be before the claimed start.")
        low, high = self.claimed_size_min, self.claimed_size_max
        if low is not None and high is not None and high < low:
            errors.setdefault(
                "claimed_size_max", "The largest claimed size cannot be smaller than the smallest."
            )
        return errors
