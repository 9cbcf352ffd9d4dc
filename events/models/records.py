"""What events and ties share: a period with precisions, and the editorial workflow."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from events.choices import DatePrecision, RecordStatus
from events.dates import covered_interval, floor_to_precision

# The years an editor can enter. The record starts with the alliances of the modern state
# system (the Napoleonic wars, the Congress of Vienna, Ottoman Tripolitania's last dynasty) and
# reaches far enough ahead for the expiry of a long lease or treaty; a date outside is a typo,
# and one such record would stretch every date filter and the admin's list of years.
EARLIEST_YEAR, LATEST_YEAR = 1800, 2100


class Period(models.Model):
    """A period whose ends are each known to a day, a month or a year.

    ``date_lo`` and ``date_hi`` hold the days the period may cover, derived on save, so that
    overlap filters are two indexed comparisons.
    """

    start_date = models.DateField(null=True, blank=True)
    start_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    end_date = models.DateField(
        null=True, blank=True, help_text="Leave empty for a single day, month or year."
    )
    end_precision = models.CharField(max_length=5, choices=DatePrecision.choices, blank=True)
    date_uncertain = models.BooleanField(
        "exact date unknown",
        default=False,
        help_text="Tick when the record happened at some point between start and end, "
        "rather than lasting from start to end.",
    )
    date_note = models.TextField(
        "how the date was resolved",
        blank=True,
        help_text='E.g. "Friday" in an article of Sunday 11 May 2025 → 9 May 2025.',
    )
    date_lo = models.DateField(null=True, editable=False, db_index=True)
    date_hi = models.DateField(null=True, editable=False, db_index=True)

    class Meta:
        abstract = True

    @classmethod
    def period_constraints(cls):
        return [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="%(app_label)s_%(class)s_end_not_before_start",
                violation_error_message="The end date cannot be before the start date.",
            ),
            models.CheckConstraint(
                condition=Q(date_lo__isnull=True)
                | Q(date_hi__isnull=True)
                | Q(date_hi__gte=models.F("date_lo")),
                name="%(app_label)s_%(class)s_interval_ordered",
            ),
        ]

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self):
        """Compute the derived columns; bulk inserts call this themselves since they skip ``save()``."""
        self.fill_period()

    def fill_period(self):
        """Snap dates to their precision and derive the covered interval."""
        if self.start_date:
            self.start_date = floor_to_precision(self.start_date, self.start_precision)
        if self.end_date:
            self.end_precision = self.end_precision or self.start_precision
            self.end_date = floor_to_precision(self.end_date, self.end_precision)
        else:
            self.end_precision = ""
        self.date_lo, self.date_hi = covered_interval(
            self.start_date, self.start_precision, self.end_date, self.end_precision
        )

    def clean_period(self):
        errors = {
            field: f"Give a year between {EARLIEST_YEAR} and {LATEST_YEAR}."
            for field in ("start_date", "end_date")
            if getattr(self, field) and not EARLIEST_YEAR <= getattr(self, field).year <= LATEST_YEAR
        }
        if errors:
            return errors
        if self.end_date and self.start_date:
            lo, _ = covered_interval(self.start_date, self.start_precision)
            _, hi = covered_interval(self.end_date, self.end_precision or self.start_precision)
            if hi < lo:
                errors["end_date"] = "The end date cannot be before the start date."
        if self.end_date and not self.start_date:
            errors["start_date"] = "Give a start date when there is an end date."
        if self.date_uncertain and not self.end_date:
            errors["end_date"] = "An unknown exact date needs the latest possible date as its end."
        return errors


class Disputable(models.Model):
    """What a record's claims say about it, kept on the record so that filters, JSON and both
    CSV paths read one stored answer (``events.claimed_values`` computes it when claims change)."""

    disputed = models.BooleanField(
        default=False,
        editable=False,
        help_text="A claim denies it, or independent origins claim incompatible values for it.",
    )
    dispute_reasons = models.JSONField(default=list, editable=False, blank=True)
    # {field: "1000–3000 [1 origin] | 2000 [1 origin]"} for each field some claim states a value of.
    claimed_spread = models.JSONField(default=dict, editable=False, blank=True)

    DERIVED_FIELDS = ("disputed", "dispute_reasons", "claimed_spread")

    class Meta:
        abstract = True


class PublishableQuerySet(models.QuerySet):
    def published(self) -> "PublishableQuerySet":
        return self.filter(status=RecordStatus.PUBLISHED)

    def withdrawn(self, since: datetime.datetime | None = None) -> "PublishableQuerySet":
        """Records once published and now retracted or sent back, optionally only since ``since``."""
        queryset = self.exclude(status=RecordStatus.PUBLISHED).filter(withdrawn_at__isnull=False)
        return queryset.filter(withdrawn_at__gte=since) if since is not None else queryset

    def overlapping(
        self,
        lo: datetime.date | None = None,
        hi: datetime.date | None = None,
        *,
        published_only: bool = False,
    ) -> "PublishableQuerySet":
        """Records whose covered interval shares at least one day with [lo, hi].

        A record with no dates (a tie with an open period) covers all time. Events always have
        dates, so their filter is two plain comparisons that an index can answer.
        ``published_only`` says the caller reads only published records (the API, the reports).
        """
        open_ended = self.model._meta.get_field("start_date").null
        queryset = self
        if lo is not None:
            queryset = queryset.filter(
                Q(date_hi__gte=lo) | Q(date_hi__isnull=True) if open_ended else Q(date_hi__gte=lo)
            )
        if hi is not None:
            queryset = queryset.filter(
                Q(date_lo__lte=hi) | Q(date_lo__isnull=True) if open_ended else Q(date_lo__lte=hi)
            )
        return queryset


class Publishable(models.Model):
    """The editorial workflow: draft → in review → published (→ retracted).

    Status changes go through ``events.services`` so that the rules and timestamps are kept.
    """

    status = models.CharField(
        max_length=10, choices=RecordStatus.choices, default=RecordStatus.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text="When a published record was last retracted or sent back.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == RecordStatus.PUBLISHED


def raise_if(errors):
    if errors:
        raise ValidationError(errors)
