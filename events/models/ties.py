import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, Value
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.urls import reverse
from simple_history.models import HistoricalRecords

from actors.choices import OFFICIAL_CATEGORIES, ActorKind
from actors.models import Actor
from events.choices import OFFICE_TIE_KINDS, ROLL_UP_TIE_KINDS, TieKind
from events.models.records import Disputable, Period, Publishable, PublishableQuerySet, raise_if


def official_actors(prefix: str = "") -> Q:
    """States, government bodies and armed forces: the actors whose word is official.

    ``events.selectors.is_official`` is the same test on one loaded actor.
    """
    return Q(**{f"{prefix}kind": ActorKind.STATE}) | Q(**{f"{prefix}category__in": OFFICIAL_CATEGORIES})


class TieQuerySet(PublishableQuerySet):
    def offices(self) -> "TieQuerySet":
        """Published ties by which their subject holds office in, leads or commands an official body.

        Whether one is in force on a given day is ``events.selectors.in_force``; the COPY export
        reads this very query (``events.copy_export``).
        """
        return self.published().filter(kind__in=OFFICE_TIE_KINDS).filter(official_actors("object__"))

    def involving(self, actors: Iterable) -> "TieQuerySet":
        """Ties with any of ``actors`` at either end (``actors`` as ``standing_for`` takes them).

        No roll-up here: a tie is itself what a roll-up follows.
        """
        ids = standing_for(actors).always
        return self.filter(Q(subject__in=ids) | Q(object__in=ids))

    def for_api(self) -> "TieQuerySet":
        """What the API, the CSV export and the reports read for each tie, loaded in bulk."""
        from events.models.claims import Claim

        return self.select_related("subject", "object").prefetch_related(
            Prefetch("claims", queryset=Claim.objects.for_summary())
        )


class Tie(Period, Publishable, Disputable):
    """A relationship from one actor to another over a period: Saddam Haftar commands the LNA
    ground forces; Andrei Belousov holds office in the Russian Ministry of Defence."""

    subject = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="ties_out")
    kind = models.CharField(max_length=16, choices=TieKind.choices, db_index=True)
    object = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="ties_in")
    title = models.CharField(
        "title or position",
        max_length=200,
        blank=True,
        help_text='E.g. "Minister of Defence", "commander of the ground forces".',
    )
    title_ar = models.CharField("Arabic title or position", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = TieQuerySet.as_manager()

    class Meta:
        ordering = ["subject__name", "kind", "object__name"]
        permissions = [("publish_tie", "Can publish, send back and retract ties")]
        constraints = [
            *Period.period_constraints(),
            models.CheckConstraint(
                condition=~Q(subject=models.F("object")),
                name="%(app_label)s_%(class)s_not_to_itself",
                violation_error_message="A tie joins two different actors.",
            ),
        ]

    def __str__(self):
        title = f" ({self.title})" if self.title else ""
        return f"{self.subject} {self.get_kind_display().lower()} {self.object}{title}"

    def get_absolute_url(self):
        return reverse("admin:events_tie_change", args=[self.pk])

    def clean(self):
        errors = self.clean_period()
        if self.subject_id and self.subject_id == self.object_id:
            errors["object"] = "A tie joins two different actors."
        raise_if(errors)


# How many steps a roll-up follows from the actor asked for: a brigade commander's acts count
# for the brigade (1), for the army the brigade is part of (2) and for the ministry over the
# army (3), but not for the state over the ministry (4). A step is a tie or an Actor.parent.
ROLL_UP_DEPTH = 3


@dataclass(frozen=True)
class Window:
    """The days during which an event must fall, at least in part, for a chain of ties to count:
    from ``lo`` to ``hi``, ``None`` where open. Every tie of the chain must be in force on some
    day of the event, so the window is the latest start and the earliest end of the chain."""

    lo: datetime.date | None = None
    hi: datetime.date | None = None

    @classmethod
    def of_tie(cls, date_lo, date_hi, end_date) -> "Window":
        """A tie is in force from the first day its start may stand for; with no end it still is
        (as ``events.selectors.in_force``); with no start it held before."""
        return cls(date_lo, date_hi if end_date is not None else None)

    @property
    def undated(self) -> bool:
        return self.lo is None and self.hi is None

    def and_(self, other: "Window") -> "Window":
        los = [day for day in (self.lo, other.lo) if day is not None]
        his = [day for day in (self.hi, other.hi) if day is not None]
        return Window(max(los) if los else None, min(his) if his else None)

    def within(self, other: "Window") -> bool:
        """Whether every event this window admits, ``other`` admits too."""
        return (other.lo is None or (self.lo is not None and self.lo >= other.lo)) and (
            other.hi is None or (self.hi is not None and self.hi <= other.hi)
        )

    def event_condition(self, prefix: str = "") -> Q:
        """The event (``prefix`` to reach its columns, or an ``OuterRef`` name) shares a day with
        the window. An event with no date shares a day with no dated window."""
        condition = Q()
        if self.lo is not None:
            condition &= _day_condition(GreaterThanOrEqual, prefix + "date_hi", self.lo)
        if self.hi is not None:
            condition &= _day_condition(LessThanOrEqual, prefix + "date_lo", self.hi)
        return condition


def _day_condition(lookup, column, day):
    return Q(lookup(OuterRef(column), Value(day, output_field=models.DateField())))


@dataclass(frozen=True)
class Standing:
    """Whom a filter on actors means: the one definition behind ``include_ties``.

    ``always``: the actors asked for, and those standing for them whatever an event's date (by
    Actor.parent, or by ties without dates). ``windows``: actors standing for them only in
    events that share a day with the window. ``undated_ties``: the published ties without dates
    the roll-up followed, which count whatever the date (the API names them in the
    ``Roll-Up-Undated-Ties`` header). ``always`` may be a query of ids when no roll-up was asked.
    """

    always: object = ()
    windows: tuple = ()  # ((Window, (actor ids…)), …)
    undated_ties: tuple = ()

    def participants(self, role=None) -> Q:
        """Events (the outer query) in which an actor standing for them takes part, in ``role``.

        Two EXISTS at most, each answered by the participant index of the event: the actors
        counted whatever the date, given as constants (see ``standing_for``), and the actors
        counted in windows, with each window's test on the event's dates inside.
        """
        from events.models.events import Participant

        def taking_part(ids):
            participants = Participant.objects.filter(event=OuterRef("pk"), actor_id__in=ids)
            return participants.filter(role=role) if role else participants

        condition = Q(Exists(taking_part(self.always)))
        if self.windows:
            dated = sorted({pk for _, ids in self.windows for pk in ids})
            in_window = Q()
            for window, ids in self.windows:
                in_window |= Q(actor_id__in=ids) & window.event_condition()
            condition |= Q(Exists(taking_part(dated).filter(in_window)))
        return condition


def standing_for(actors, *, roll_up=False) -> Standing:
    """Whom ``actors`` stand for in a filter: themselves, and with ``roll_up`` whoever acts for them.

    ``actors`` is an Actor or an id, a list of them, a query of ids (kept as a subquery) or a
    ``Standing`` already worked out. With ``roll_up``, an actor also stands for

    - the actors tied to it as members, commanders, leaders or office holders
      (``ROLL_UP_TIE_KINDS``) by a published tie, for the events during which the tie was in
      force: the tie's interval (``Window.of_tie``) shares a day with the event's covered
      interval (``date_lo``..``date_hi``; an ongoing event runs on). A tie without dates counts
      for every event, as before ties had dates, and is named in ``undated_ties``;
    - its parts (the actors whose ``parent`` it is: a ministry stands for its state), whatever
      the date;
    - and so on, up to ``ROLL_UP_DEPTH`` steps of either sort, every tie of the chain in force
      on some day of the event.

    The chain is walked here, one query per step whatever the number of events; the events are
    then tested with constants. A list is given to the database as constants: with them the
    planner probes the participant index per event instead of hashing every participation of a
    busy actor (a hundred times faster on a million events).
    """
    if isinstance(actors, Standing):
        return actors
    if isinstance(actors, models.QuerySet):
        if not roll_up:
            return Standing(always=actors)
        actors = actors.values_list("pk", flat=True)
    elif isinstance(actors, Actor | int | str):
        actors = [actors]
    ids = [int(getattr(actor, "pk", actor)) for actor in actors]
    if not roll_up or not ids:
        return Standing(always=ids)
    return _rolled_up(ids)


def _steps_into(actor_ids):
    """Every step into ``actor_ids`` in one query: published roll-up ties, and parts by parent.

    Rows of (tie id or None, from actor, to actor, date_lo, date_hi, end_date).
    """
    no_day = Value(None, output_field=models.DateField())
    ties = (
        Tie.objects.published()
        .filter(object__in=actor_ids, kind__in=ROLL_UP_TIE_KINDS)
        .order_by()
        .values_list("pk", "subject_id", "object_id", "date_lo", "date_hi", "end_date")
    )
    parts = (
        Actor.objects.filter(parent__in=actor_ids)
        .order_by()
        .values_list(
            Value(None, output_field=models.IntegerField()), "pk", "parent_id", no_day, no_day, no_day
        )
    )
    return ties.union(parts, all=True)


def _rolled_up(ids) -> Standing:
    windows = {pk: {Window()} for pk in ids}  # actor id -> the windows it counts in
    undated = set()
    frontier = {pk: set(found) for pk, found in windows.items()}
    for _ in range(ROLL_UP_DEPTH):
        reached = {}
        for tie_id, subject, obj, date_lo, date_hi, end_date in _steps_into(sorted(frontier)):
            step = Window() if tie_id is None else Window.of_tie(date_lo, date_hi, end_date)
            if tie_id is not None and step.undated:
                undated.add(tie_id)
            for window in frontier[obj]:
                combined = window.and_(step)
                if combined not in windows.setdefault(subject, set()):
                    windows[subject].add(combined)
                    reached.setdefault(subject, set()).add(combined)
        if not reached:
            break
        frontier = reached
    always, by_window = [], {}
    for pk, found in windows.items():
        if Window() in found:
            always.append(pk)
            continue
        # A window inside another adds no event: keep the widest.
        for window in found:
            if not any(other != window and window.within(other) for other in found):
                by_window.setdefault(window, []).append(pk)
    return Standing(
        always=sorted(always),
        windows=tuple(
            (window, tuple(sorted(pks)))
            for window, pks in sorted(by_window.items(), key=lambda item: _window_key(item[0]))
        ),
        undated_ties=tuple(sorted(undated)),
    )


def _window_key(window):
    return (window.lo or datetime.date.min, window.hi or datetime.date.max)
