"""Preset reports: an actor's dossier, a pair's timeline, a source audit, a deployments register.

Each preset checks its parameters when the report is requested (``clean``) and says which
tables it writes (``plan``). Tables reuse the API's CSV columns, so a dossier's events.csv has
exactly the columns of ``/api/v1/events/?format=csv``; only published records appear.
"""

from functools import cached_property

from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce

from actors.exports import ACTOR_COLUMNS
from actors.models import Actor
from alliance_tracker.api import StrictBooleanField, parse_ref
from alliance_tracker.tables import Column, joined
from events.choices import EventKind, Stance
from events.exports import CLAIM_COLUMNS, DEPLOYMENT_COLUMNS, EVENT_COLUMNS, SOURCE_COLUMNS, TIE_COLUMNS
from events.filtersets import EventFilterSet, SourceFilterSet
from events.models import Claim, Event, Source, Tie
from events.models.ties import ROLL_UP_DEPTH, standing_for
from reports.files import Table
from reports.models import LinkCheck
from reports.tables import Plan, filtered, table


def find_actor(value, key):
    """A public actor by id or slug, or a ``ValidationError`` on ``key``."""
    if value in (None, ""):
        raise ValidationError({key: "Name an actor by id or slug."})
    # Read as the API reads ?actor=: "²" or "١٢" are digits to str.isdigit, not ids.
    text = value.strip() if isinstance(value, str) else str(value)
    try:
        kind, ref = parse_ref(text)
    except ValidationError as error:
        raise ValidationError({key: error.messages}) from None
    actor = Actor.objects.public().filter(**{"pk" if kind == "id" else "slug": ref}).first()
    if actor is None:
        raise ValidationError({key: f"No published actor has the id or slug {text!r}."})
    return actor


def _parameters(parameters):
    if not isinstance(parameters, dict):
        raise ValidationError({"filters": "Give the preset's parameters as an object."})
    return dict(parameters)


def _include_ties(parameters):
    """``include_ties`` taken out of ``parameters``: true, false or absent, read as the API reads it."""
    try:
        return bool(StrictBooleanField(required=False).clean(parameters.pop("include_ties", None)))
    except ValidationError as error:
        raise ValidationError({"include_ties": error.messages}) from None


def _roll_up_note(standings):
    """What a report says of its roll-up, in metadata.json: as the API's Roll-Up-Undated-Ties."""
    return {
        "include_ties": {
            "depth": ROLL_UP_DEPTH,
            "undated_ties": sorted({pk for standing in standings for pk in standing.undated_ties}),
        }
    }


class Preset:
    name = ""
    label = ""
    description = ""

    def clean(self, parameters):
        """Check ``parameters`` (raising ``ValidationError``) and return what ``plan`` needs."""
        raise NotImplementedError

    def plan(self, parameters):
        raise NotImplementedError


NAME_COLUMNS = [
    Column("actor_id", lambda n: n.actor_id),
    Column("name", lambda n: n.name),
    Column("language", lambda n: n.language),
    Column("kind", lambda n: n.kind),
]


class ActorDossier(Preset):
    name = "actor_dossier"
    label = "Actor dossier"
    description = (
        "An actor, all its names, its ties, and every event it takes part in, with the claims; "
        "with include_ties, also the events of those who stand for it (as the API's include_ties)."
    )

    def clean(self, parameters):
        parameters = _parameters(parameters)
        actor = find_actor(parameters.pop("actor", None), "actor")
        roll_up = _include_ties(parameters)
        if parameters:
            raise ValidationError(
                {
                    "filters": f"Unknown parameter(s): {', '.join(sorted(parameters))}; "
                    "an actor dossier takes only `actor` and `include_ties`."
                }
            )
        return actor, roll_up

    def plan(self, parameters):
        actor, roll_up = self.clean(parameters)
        standing = standing_for(actor.pk, roll_up=roll_up)
        events = Event.objects.published().involving(standing)
        ties = Tie.objects.published().involving(actor.pk)
        claims = Claim.objects.public().filter(
            Q(event__in=events.values("pk")) | Q(tie__in=ties.values("pk"))
        )
        return Plan(
            f"dossier-{actor.slug}",
            [
                table("actor.csv", ACTOR_COLUMNS, Actor.objects.filter(pk=actor.pk).for_api()),
                table("names.csv", NAME_COLUMNS, actor.names.order_by("language", "kind", "name")),
                table("ties.csv", TIE_COLUMNS, ties.for_api()),
                table("events.csv", EVENT_COLUMNS, events.for_api()),
                table("claims.csv", CLAIM_COLUMNS, claims.for_api().order_by("event", "tie", "pk")),
            ],
            as_zip=True,
            extra={
                "actor": {"id": actor.pk, "slug": actor.slug, "name": actor.name},
                **(_roll_up_note([standing]) if roll_up else {}),
            },
        )


def quarter_of(day):
    return day.year, (day.month - 1) // 3 + 1


def next_quarter(year, quarter):
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)


class QuarterCounts:
    """Events per quarter and kind, for every quarter from the first to the last (zeros included).

    An event counts in the quarter where its covered interval begins; ``spanning`` counts those
    whose interval reaches into a later quarter (a long visit, or a date known only to the year).
    """

    columns = ["quarter", "kind", "events", "spanning_later_quarters"]

    def __init__(self, events):
        self.events = events

    @cached_property
    def rows_list(self):
        counts = {}
        for kind, lo, hi in self.events.values_list("kind", "date_lo", "date_hi").iterator():
            start, end = quarter_of(lo), quarter_of(hi or lo)
            total, spanning = counts.get((start, kind), (0, 0))
            counts[start, kind] = (total + 1, spanning + (end > start))
        if not counts:
            return []
        first, last = min(key[0] for key in counts), max(key[0] for key in counts)
        rows, current = [], first
        while current <= last:
            for kind in EventKind.values:
                total, spanning = counts.get((current, kind), (0, 0))
                rows.append([f"{current[0]}-Q{current[1]}", kind, total, spanning])
            current = next_quarter(*current)
        return rows

    def table(self, name):
        return Table(name, self.columns, lambda: iter(self.rows_list), lambda: len(self.rows_list))


class PairTimeline(Preset):
    name = "pair_timeline"
    label = "Pair timeline"
    description = (
        "Every event two actors both take part in, and the number per quarter by kind; with "
        "include_ties, the events of those who stand for each of them (as the API's include_ties)."
    )

    def clean(self, parameters):
        parameters = _parameters(parameters)
        actors = parameters.pop("actors", None)
        if not isinstance(actors, list) or len(actors) != 2:
            raise ValidationError({"actors": 'Name exactly two actors, by id or slug: ["a", "b"].'})
        first, second = (find_actor(value, "actors") for value in actors)
        if first.pk == second.pk:
            raise ValidationError({"actors": "Name two different actors."})
        roll_up = _include_ties(parameters)
        standings = [standing_for(actor.pk, roll_up=roll_up) for actor in (first, second)]
        events = Event.objects.published().involving(standings[0]).involving(standings[1])
        # Any other parameter is an event filter of the API, checked by its filterset.
        return first, second, filtered(events, EventFilterSet, parameters), (standings if roll_up else None)

    def plan(self, parameters):
        first, second, events, standings = self.clean(parameters)
        return Plan(
            f"pair-{first.slug}-{second.slug}",
            [
                table("events.csv", EVENT_COLUMNS, events.for_api()),
                QuarterCounts(events).table("quarters.csv"),
            ],
            as_zip=True,
            extra={
                "actors": [{"id": a.pk, "slug": a.slug, "name": a.name} for a in (first, second)],
                **(_roll_up_note(standings) if standings else {}),
            },
        )


def _public_claims_of_source(**conditions):
    """The number of public claims of the outer source meeting ``conditions``, as a subquery."""
    counted = (
        Claim.objects.public()
        .filter(source=OuterRef("pk"), **conditions)
        .order_by()
        .values("source")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _distinct_records_of_source(field):
    counted = (
        Claim.objects.public()
        .filter(source=OuterRef("pk"), **{f"{field}__isnull": False})
        .order_by()
        .values("source")
        .annotate(n=Count(field, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _latest_check(field):
    return Subquery(
        LinkCheck.objects.filter(source=OuterRef("pk")).order_by("-checked_at", "-pk").values(field)[:1]
    )


def _supported(source):
    """ "event 12: Title; tie 3: A commands B", each record once, in claim order."""
    seen, items = set(), []
    for claim in source.public_claims:
        key = ("event", claim.event_id) if claim.event_id else ("tie", claim.tie_id)
        if key in seen:
            continue
        seen.add(key)
        record = claim.event if claim.event_id else claim.tie
        title = record.title if claim.event_id else str(record)
        items.append(f"{key[0]} {key[1]}: {title}")
    return joined(items)


AUDIT_COLUMNS = [
    *SOURCE_COLUMNS,
    Column("public_claims", lambda s: s.n_claims),
    Column("asserting", lambda s: s.n_asserts),
    Column("confirming", lambda s: s.n_confirms),
    Column("denying", lambda s: s.n_denies),
    Column("events_supported", lambda s: s.n_events),
    Column("ties_supported", lambda s: s.n_ties),
    Column("records_supported", _supported),
    Column("link_checked_at", lambda s: s.link_checked_at),
    Column("link_status", lambda s: s.link_status),
    Column("link_final_url", lambda s: s.link_final_url),
    Column("link_error", lambda s: s.link_error),
]


class SourceAudit(Preset):
    name = "source_audit"
    label = "Source audit"
    description = (
        "Every source quoted by a published record: its grade, claim counts and the records it supports."
    )

    def clean(self, parameters):
        sources = Source.objects.public()
        return filtered(sources, SourceFilterSet, _parameters(parameters))

    def plan(self, parameters):
        sources = self.clean(parameters)
        audited = (
            sources.for_api()
            .annotate(
                n_claims=_public_claims_of_source(),
                n_asserts=_public_claims_of_source(stance=Stance.ASSERTS),
                n_confirms=_public_claims_of_source(stance=Stance.CONFIRMS),
                n_denies=_public_claims_of_source(stance=Stance.DENIES),
                n_events=_distinct_records_of_source("event"),
                n_ties=_distinct_records_of_source("tie"),
                link_checked_at=_latest_check("checked_at"),
                link_status=_latest_check("status_code"),
                link_final_url=_latest_check("final_url"),
                link_error=_latest_check("error"),
            )
            .prefetch_related(
                Prefetch(
                    "claims",
                    queryset=Claim.objects.public().select_related("event", "tie__subject", "tie__object"),
                    to_attr="public_claims",
                )
            )
            .order_by("pk")
        )
        claims = (
            Claim.objects.public().filter(source__in=sources.values("pk")).for_api().order_by("source", "pk")
        )
        return Plan(
            "source-audit",
            [table("sources.csv", AUDIT_COLUMNS, audited), table("claims.csv", CLAIM_COLUMNS, claims)],
            as_zip=True,
        )


class DeploymentsRegister(Preset):
    name = "deployments_register"
    label = "Deployments register"
    description = "Every published deployment with its place, coordinates, size range, period and sources."

    def clean(self, parameters):
        deployments = Event.objects.published().filter(kind=EventKind.DEPLOYMENT)
        return filtered(deployments, EventFilterSet, _parameters(parameters))

    def plan(self, parameters):
        deployments = self.clean(parameters)
        return Plan(
            "deployments-register", [table("deployments.csv", DEPLOYMENT_COLUMNS, deployments.for_api())]
        )


PRESETS = {
    preset.name: preset for preset in [ActorDossier(), PairTimeline(), SourceAudit(), DeploymentsRegister()]
}
