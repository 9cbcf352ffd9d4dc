from collections.abc import Iterable

from django.db import models
from django.db.models import Prefetch, Q
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

    def involving(self, actors: Iterable, *, roll_up: bool = False) -> "TieQuerySet":
        """Ties with any of ``actors`` at either end (see ``standing_for``)."""
        ids = standing_for(actors, roll_up=roll_up)
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

    history = HistoricalRecords(excluded_fields=["date_lo", "date_hi", *Disputable.DERIVED_FIELDS])
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


def actors_tied_to(actor_ids, kinds, published_only=True):
    """Ids of the actors that stand for ``actor_ids`` through ties of ``kinds`` (one step).

    A member or commander of the LNA is tied *to* the LNA (subject → object), so the LNA's
    roll-up includes the subjects of ties whose object it is.
    """
    ties = Tie.objects.filter(object__in=actor_ids, kind__in=kinds)
    if published_only:
        ties = ties.published()
    return ties.values("subject")


def standing_for(actors, *, roll_up=False):
    """``actors`` as ids for an ``__in`` test: the one definition of whom a filter on actors means.

    ``actors`` is an Actor or an id, a list of them, or a query of ids (kept as a subquery).
    With ``roll_up``, the actors tied to them as members, commanders, leaders or office holders
    stand for them too (one step). A list is given to the database as constants: with them the
    planner probes the participant index per event instead of hashing every participation of a
    busy actor (a hundred times faster on a million events).
    """
    if isinstance(actors, models.QuerySet):
        if not roll_up:
            return actors
        actors = actors.values_list("pk", flat=True)
    elif isinstance(actors, Actor | int | str):
        actors = [actors]
    ids = [getattr(actor, "pk", actor) for actor in actors]
    if roll_up and ids:
        ids += [row["subject"] for row in actors_tied_to(ids, ROLL_UP_TIE_KINDS)]
    return ids
