"""An agreement's dated stages (signed, ratified, in force…) and the obligations of its parties."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When
from simple_history.models import HistoricalRecords

from actors.models import Actor
from events.choices import AFTER_SIGNING, STAGE_ORDER, AgreementStage, DatePrecision, EventKind, Obligation
from events.dates import covered_interval, floor_to_precision, format_date
from events.models.records import EARLIEST_YEAR, LATEST_YEAR

NOT_AN_AGREEMENT = "Only an agreement has stages and provisions: this event is a {kind}."


def stages_before_signing(stages) -> list:
    """The stages among ``stages`` that certainly come before the agreement's signing.

    A ratification, entry into force, suspension or termination comes after the signing, so
    one whose days all lie before the first day the earliest signing may stand for is wrong.
    Dates known only to a month or a year are compared by the days they cover: "2019-12" is
    not before "2019-12-03". Each stage needs ``stage``, ``date_lo`` and ``date_hi``.
    """
    stages = [s for s in stages if s.date_lo is not None and s.date_hi is not None]
    signings = [s.date_lo for s in stages if s.stage == AgreementStage.SIGNED]
    if not signings:
        return []
    signed = min(signings)
    return [s for s in stages if s.stage in AFTER_SIGNING and s.date_hi < signed]


def signing_problem(stage, signing_date_display: str) -> str:
    return (
        f"{stage.get_stage_display()} on {stage.date_display} is before the agreement was signed "
        f"({signing_date_display}): a stage after signing cannot come before it. Check both dates."
    )


def first_signing(stages):
    signings = [s for s in stages if s.stage == AgreementStage.SIGNED and s.date_lo is not None]
    return min(signings, key=lambda s: s.date_lo) if signings else None


def stage_position():
    """``STAGE_ORDER`` in SQL: where a stage comes in an agreement's life (signed before in force)."""
    return Case(
        *[When(stage=stage, then=Value(position)) for stage, position in STAGE_ORDER.items()],
        output_field=IntegerField(),
    )


class StageQuerySet(models.QuerySet):
    """The one order of an agreement's stages: by date, then by ``STAGE_ORDER`` for stages of one
    day, then as entered. ``Event.refresh_latest_stage`` keeps the last of it; the API, both CSV
    paths and ``stage_on=`` read it."""

    def chronological(self) -> "StageQuerySet":
        return self.order_by("date_lo", stage_position(), "pk")

    def reached_by(self, day) -> "StageQuerySet":
        """The stages dated on or before ``day``, latest first: the first is the one in force."""
        return self.filter(date_lo__lte=day).order_by("-date_lo", stage_position().desc(), "-pk")


class Stage(models.Model):
    """One dated step of an agreement's life, with who took it and the act that made it.

    The agreement keeps its latest stage in ``Event.agreement_stage`` (kept by ``save`` and
    ``delete`` here), so that ``stage=`` and both CSV paths read one column; ``stage_on=`` reads
    these rows. The claims for a stage are the agreement's claims stating that stage
    (``Claim.claimed_agreement_stage``).
    """

    agreement = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="stages",
        limit_choices_to={"kind": EventKind.AGREEMENT},
    )
    stage = models.CharField(max_length=12, choices=AgreementStage.choices)
    date = models.DateField()
    date_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    responsible = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_stages",
        help_text="Who took this step: the ratifying parliament, the government that suspended it.",
    )
    act = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stage_acts",
        limit_choices_to={"kind": EventKind.DECISION},
        help_text="The decision that made this step (the parliament's vote ratifying it).",
    )
    note = models.CharField(max_length=300, blank=True)
    # The days the stage's date may stand for, as for a period (events.dates.covered_interval).
    date_lo = models.DateField(editable=False)
    date_hi = models.DateField(editable=False)

    history = HistoricalRecords()
    objects = StageQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "date_lo", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "stage", "date"],
                name="%(app_label)s_%(class)s_once_per_day",
                violation_error_message="This agreement already has this stage on this date.",
            ),
            models.CheckConstraint(
                condition=~Q(act=models.F("agreement")),
                name="%(app_label)s_%(class)s_not_its_own_act",
                violation_error_message="An agreement cannot be the act of its own stage.",
            ),
        ]

    def __str__(self):
        return f"{self.get_stage_display()} {self.date_display}"

    @property
    def date_display(self):
        return format_date(self.date, self.date_precision)

    def fill_derived(self):
        self.date = floor_to_precision(self.date, self.date_precision)
        self.date_lo, self.date_hi = covered_interval(self.date, self.date_precision)

    # Set by the admin's stage formset, which checks the stages' order among the rows it posts.
    order_checked_elsewhere = False

    def clean(self):
        errors = {}
        agreement = self.agreement if self.agreement_id or "agreement" in self._state.fields_cache else None
        if agreement is not None and agreement.kind != EventKind.AGREEMENT:
            errors["__all__"] = NOT_AN_AGREEMENT.format(kind=agreement.get_kind_display().lower())
        if self.act_id is not None:
            act = self.act
            if act.kind != EventKind.DECISION:
                errors["act"] = (
                    f"The act of a stage is a decision; “{act}” is a {act.get_kind_display().lower()}."
                )
            elif agreement is not None and act.pk == agreement.pk:
                errors["act"] = "An agreement cannot be the act of its own stage."
        if self.date is not None and not EARLIEST_YEAR <= self.date.year <= LATEST_YEAR:
            # As for an event's dates: a typo that would become the agreement's latest stage.
            errors["date"] = f"Give a year between {EARLIEST_YEAR} and {LATEST_YEAR}."
        elif (
            self.date is not None
            and self.stage
            and agreement is not None
            and not self.order_checked_elsewhere
        ):
            self.fill_derived()
            others = [s for s in agreement.stages.all() if s.pk != self.pk] if agreement.pk else []
            for stage in others:
                stage.fill_derived()
            problem = self.order_problem([*others, self])
            if problem:
                errors["date"] = problem
        if errors:
            raise ValidationError(errors)

    def order_problem(self, stages) -> str:
        """What is wrong with this stage's date among all the agreement's ``stages`` (itself in them)."""
        early = stages_before_signing(stages)
        signing = first_signing(stages)
        if self in early:
            return signing_problem(self, signing.date_display)
        if early and signing is self:
            return signing_problem(early[0], self.date_display)
        return ""

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)
        self.agreement.refresh_latest_stage()

    def delete(self, *args, **kwargs):
        agreement = self.agreement
        result = super().delete(*args, **kwargs)
        agreement.refresh_latest_stage()
        return result


class Provision(models.Model):
    """What one party (or, without a party, every party) undertakes in an agreement, ATOP-style."""

    agreement = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        related_name="provisions",
        limit_choices_to={"kind": EventKind.AGREEMENT},
    )
    obligation = models.CharField(max_length=16, choices=Obligation.choices)
    party = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_provisions",
        help_text="The party that undertakes it; empty when every party does.",
    )
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "pk"]

    def __str__(self):
        who = self.party.name if self.party_id else "every party"
        return f"{self.get_obligation_display()} ({who})"

    def clean(self):
        agreement = self.agreement if self.agreement_id or "agreement" in self._state.fields_cache else None
        if agreement is not None and agreement.kind != EventKind.AGREEMENT:
            raise ValidationError(NOT_AN_AGREEMENT.format(kind=agreement.get_kind_display().lower()))
