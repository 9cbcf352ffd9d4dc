from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from simple_history.models import HistoricalRecords

from actors.choices import Language
from actors.models import Actor
from actors.search import normalize
from alliance_tracker.bidi import isolated
from events.anchoring import CONTEXT, not_found_message, text_index
from events.choices import (
    AgreementStage,
    Credibility,
    DatePrecision,
    EventKind,
    PersonnelKind,
    RecordStatus,
    Stance,
)
from events.dates import covered_interval, floor_to_precision
from events.models.records import EARLIEST_YEAR, LATEST_YEAR

# A claim supports what it is about unless it takes this stance: the one definition of
# "supporting", for the ORM (supporting()), Python (is_supporting) and the COPY SQL alike.
AGAINST = Stance.DENIES


def is_supporting(claim):
    return claim.stance != AGAINST


# What a claim derives from its source's text (``Claim.anchor``); the locator too, when there is text.
ANCHOR_FIELDS = [
    "selector_exact",
    "selector_prefix",
    "selector_suffix",
    "selector_start",
    "selector_end",
    "paragraph",
    "needs_recheck",
    "locator",
]

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
    EventKind.DECISION: _EVERY_EVENT,
    EventKind.OPERATION: _EVERY_EVENT,
    EventKind.TRANSFER: _EVERY_EVENT,
    EventKind.STATEMENT: _EVERY_EVENT,
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
SUMMARY_LOADS = ("source", "source__origin_source", "speaker", "claimed_place")


class ClaimQuerySet(models.QuerySet):
    def supporting(self) -> "ClaimQuerySet":
        """Claims that assert or confirm what they are about, rather than deny it."""
        return self.exclude(stance=AGAINST)

    def public(self) -> "ClaimQuerySet":
        """Claims on published records; a claim on a draft or retracted record is not shown."""
        return self.filter(Q(event__status=RecordStatus.PUBLISHED) | Q(tie__status=RecordStatus.PUBLISHED))

    def with_sources(self) -> "ClaimQuerySet":
        """Claims with their source and speaker, without the source's text (up to megabytes)."""
        return self.select_related("source", "speaker").defer("source__text")

    def for_summary(self) -> "ClaimQuerySet":
        """What a record's corroboration and claimed values read of each claim, loaded in bulk:
        the source and the origin of its chain (without their texts), the speaker and the
        speaker's offices (``office_ties``), the claimed place; one query for a whole page of
        records whatever the number of claims."""
        from events.models.ties import Tie

        return (
            self.select_related(*SUMMARY_LOADS)
            .defer("source__text", "source__origin_source__text")
            .prefetch_related(
                Prefetch(
                    "speaker__ties_out",
                    queryset=Tie.objects.offices().select_related("object"),
                    to_attr="office_ties",
                )
            )
        )

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
        max_length=200,
        blank=True,
        help_text="Where the quote stands: paragraph, page or timestamp. Filled in from the paragraph "
        "when the source has text.",
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
    # Where the quote stands in the source's text (a W3C TextQuoteSelector and its offsets),
    # computed by ``anchor()``; empty where the source has no text.
    selector_exact = models.TextField(
        blank=True, editable=False, help_text="The quote as it stands in the source's text."
    )
    selector_prefix = models.CharField(max_length=CONTEXT, blank=True, editable=False)
    selector_suffix = models.CharField(max_length=CONTEXT, blank=True, editable=False)
    selector_start = models.PositiveIntegerField(null=True, blank=True, editable=False)
    selector_end = models.PositiveIntegerField(null=True, blank=True, editable=False)
    paragraph = models.PositiveIntegerField(
        null=True, blank=True, editable=False, help_text="Paragraph of the source's text, from 1."
    )
    needs_recheck = models.BooleanField(
        "needs re-checking",
        default=False,
        editable=False,
        db_index=True,
        help_text="The source's text changed and the quote is no longer found in it.",
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
        "claimed personnel kind", max_length=14, choices=PersonnelKind.choices, blank=True
    )
    claimed_agreement_stage = models.CharField(
        "claimed agreement stage", max_length=12, choices=AgreementStage.choices, blank=True
    )

    search_key = models.TextField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    # Derived from the text: a source's new text moves them without a change to the claim.
    history = HistoricalRecords()
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
        self.anchor()

    def source_text(self) -> str:
        return self.source.text if self.source_id is not None else ""

    def anchor(self) -> bool:
        """Find the quote in the source's text and keep where it stands; whether it was found.

        Without text there is nothing to find: the selector is empty and the locator is the
        editor's. A quote not found (the text changed since) keeps no selector and is flagged
        ``needs_recheck``; ``clean()`` refuses to save one from a form.
        """
        text = self.source_text()
        found = text_index(text).find(self.quote, near=self.selector_start) if text else None
        self.selector_exact = found.exact if found else ""
        self.selector_prefix = found.prefix if found else ""
        self.selector_suffix = found.suffix if found else ""
        self.selector_start = found.start if found else None
        self.selector_end = found.end if found else None
        self.paragraph = found.paragraph if found else None
        self.needs_recheck = bool(text) and found is None
        if found:
            self.locator = f"paragraph {found.paragraph}"
        return not self.needs_recheck

    @property
    def selector(self) -> dict | None:
        """The W3C Web Annotation TextQuoteSelector of the quote, or None (no text, or not found)."""
        if self.selector_start is None:
            return None
        return {"exact": self.selector_exact, "prefix": self.selector_prefix, "suffix": self.selector_suffix}

    def quote_problem(self) -> str | None:
        """Why the quote cannot stand (it is not in the source's text), naming the closest passage."""
        text = self.source_text()
        if text and self.quote and text_index(text).find(self.quote) is None:
            return not_found_message(text, self.quote)
        return None

    def clean(self):
        errors = {}
        # A claim added in the same admin save as its record holds the record, not yet its id.
        has_event = self.event_id is not None or self.event is not None
        has_tie = self.tie_id is not None or self.tie is not None
        if has_event == has_tie:
            errors[NON_FIELD_ERRORS] = ["A claim supports exactly one event or one tie."]
        else:
            errors.update({field: [message] for field, message in self.claimed_value_errors().items()})
        problem = self.quote_problem()
        if problem:
            errors["quote"] = [problem]
        if errors:
            raise ValidationError(errors)

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
