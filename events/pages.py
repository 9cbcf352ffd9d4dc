"""The public pages of events: the home page (search, facets, latest events) and one event.

Read-only and without login, over the published record only: the same querysets and filters as
the API (``Event.objects.published()``, ``EventFilterSet``), so that a rule lives in one place.
"""

import django_filters
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, F, Min, OuterRef, Subquery
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from events import selectors
from events.choices import EventKind, Reliability
from events.dates import readable_date
from events.filtersets import EventFilterSet
from events.models import Claim, Event, Participant
from events.models.claims import CLAIMED_FIELD_LABELS
from events.models.events import KIND_FIELDS, RANGES
from events.models.records import EARLIEST_YEAR, LATEST_YEAR
from events.public_labels import label

# Events a list shows at once; the rest are behind "more" links (pages).
PAGE_SIZE = 25


class PublicEventFilterSet(EventFilterSet):
    """The API's event filters (``plover`` among them), with the one the home page's year facet
    adds: the year an event starts in."""

    year = django_filters.NumberFilter(
        label="Year",
        method="filter_year",
        min_value=EARLIEST_YEAR,
        max_value=LATEST_YEAR,
        help_text="Year it starts in.",
    )

    def filter_year(self, queryset, name, value):
        return queryset.filter(date_lo__year=int(value))


def with_names(queryset):
    """Events as the lists show them: place and its names loaded with the page, in two queries."""
    return queryset.select_related("place").prefetch_related("place__names")


def page_of(request, queryset, size=PAGE_SIZE):
    """One page of ``queryset`` (its count is one query whatever the page); a bad page number
    gives the nearest page rather than an error."""
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def filter_errors(filterset):
    """The filter form's errors as "parameter: message" lines, for the message beside the form."""
    return [f"{name}: {message}" for name, messages in filterset.form.errors.items() for message in messages]


def kind_facet(events):
    counts = dict(events.order_by().values_list("kind").annotate(n=Count("pk")))
    return [(kind, label(text), counts[kind]) for kind, text in EventKind.choices if counts.get(kind)]


def year_facet(events):
    rows = events.order_by().annotate(y=ExtractYear("date_lo")).values_list("y").annotate(n=Count("pk"))
    return [(str(year), str(year), n) for year, n in sorted(rows, reverse=True)]


def plover_facet(events):
    rows = (
        events.exclude(plover_event_type="")
        .order_by()
        .values_list("plover_event_type")
        .annotate(n=Count("pk"))
    )
    return [(code, code, n) for code, n in sorted(rows)]


def grade_facet(events):
    """Events reported (not denied) by a source of each grade or better: the rule of the
    ``min_reliability`` filter the facet's links set, so a count is what its link lists."""
    best = Subquery(
        Claim.objects.supporting()
        .filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(best=Min("source__reliability"))
        .values("best")
    )
    counts = dict(events.order_by().annotate(best=best).values_list("best").annotate(n=Count("pk")))
    facet, running = [], 0
    for grade, text in Reliability.choices:
        running += counts.get(grade, 0)
        if running:
            facet.append((grade, label(text), running))
    return facet


def country_facet(events):
    """Events by country of their place or of a participant: the rule of the ``country``
    filter, each event counted once per country (one query over a union)."""
    places_sql, places_params = (
        events.exclude(place__isnull=True)
        .order_by()
        .annotate(e=F("pk"), c=F("place__country"))
        .values_list("e", "c")
        .query.sql_with_params()
    )
    actors_sql, actors_params = (
        Participant.objects.filter(event__in=events.order_by().values("pk"))
        .exclude(actor__country="")
        .order_by()
        .annotate(e=F("event_id"), c=F("actor__country"))
        .values_list("e", "c")
        .query.sql_with_params()
    )
    # Both parts are compiled by Django, their values passed as parameters.
    sql = (
        f"SELECT c, COUNT(DISTINCT e) FROM (SELECT * FROM ({places_sql}) p "  # noqa: S608
        f"UNION SELECT * FROM ({actors_sql}) a) u WHERE c <> '' GROUP BY c"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*places_params, *actors_params])
        rows = cursor.fetchall()
    facet = [(code, countries.name(code) or code, n) for code, n in rows]
    return sorted(facet, key=lambda row: (-row[2], row[1]))


def query_with(request, key, value):
    """The current query with ``key`` set to ``value`` and no page: a facet's link."""
    query = request.GET.copy()
    query.pop("page", None)
    query[key] = value
    return f"?{query.urlencode()}"


def home(request):
    """Search box, facets over the published record (narrowed by the filters given) and the
    latest events. Bad filters are shown beside the form; the facets and events are then
    those of the whole published record."""
    published = Event.objects.published()
    filterset = PublicEventFilterSet(request.GET, queryset=published)
    errors = []
    if filterset.is_valid():
        events = filterset.qs
    else:
        errors = filter_errors(filterset)
        events = published
    facets = [
        ("kind", _("Kind"), kind_facet(events)),
        ("country", _("Country"), country_facet(events)),
        ("year", _("Year"), year_facet(events)),
        ("min_reliability", _("Source grade (or better)"), grade_facet(events)),
        ("plover", _("PLOVER type"), plover_facet(events)),
    ]
    facets = [
        (
            key,
            title,
            [
                (text, count, query_with(request, key, value), request.GET.get(key) == value)
                for value, text, count in values
            ],
        )
        for key, title, values in facets
    ]
    page = page_of(request, with_names(events.order_by("-date_lo", "-pk")))
    return render(
        request,
        "public/home.html",
        {
            "page": page,
            "errors": errors,
            "facets": facets,
            "q": request.GET.get("q", ""),
            "filtered": any(request.GET.get(key) for key in filterset.filters),
        },
    )


# The titles of the kinds' own details on the event page (the models' verbose names are the
# admin's, in English); the two ends of a range are one line ("20–30").
DETAIL_TITLES = {
    "visit_occasion": gettext_lazy("Occasion"),
    "visit_on_invitation": gettext_lazy("On invitation"),
    "agreement_type": gettext_lazy("Form of agreement"),
    "agreement_subjects": gettext_lazy("Subjects"),
    "agreement_stage": gettext_lazy("Latest stage"),
    "agreement_scope": gettext_lazy("Scope"),
    "deployment_personnel": gettext_lazy("Personnel"),
    "deployment_size_min": gettext_lazy("Size"),
    "decision_type": gettext_lazy("Type of decision"),
    "decision_outcome": gettext_lazy("Outcome"),
    "votes_for": gettext_lazy("Votes for"),
    "votes_against": gettext_lazy("Votes against"),
    "votes_abstaining": gettext_lazy("Abstentions"),
    "operation_type": gettext_lazy("Type of operation"),
    "operation_outcome": gettext_lazy("Outcome"),
    "transfer_item_category": gettext_lazy("Item category"),
    "transfer_item": gettext_lazy("Item"),
    "transfer_status": gettext_lazy("Status"),
    "transfer_quantity_min": gettext_lazy("Quantity"),
    "statement_stance": gettext_lazy("Stance of the statement"),
}
# Details written by editors in English (shown with lang="en"), not chosen from a list.
FREE_TEXT_DETAILS = ("visit_occasion", "agreement_scope", "transfer_item")


def range_text(low, high) -> str:
    """A reported range as figures: "20–30", "20", "at least 20", "up to 30" (or "")."""
    if low is not None and high is not None:
        return str(low) if low == high else f"{low}–{high}"
    if low is not None:
        return _("at least %(n)s") % {"n": low}
    if high is not None:
        return _("up to %(n)s") % {"n": high}
    return ""


def kind_details(event):
    """The details of the event's kind, as (title, text, is free text) rows in the order of
    ``KIND_FIELDS``: chosen values in the interface's language, empty ones left out. Read from
    ``KIND_FIELDS``, so a new kind's details show without a change here."""
    range_ends = {low: high for low, high, _what in RANGES}
    skipped = set(range_ends.values())
    rows = []
    for name in KIND_FIELDS.get(event.kind, ()):
        if name in skipped:
            continue
        field = Event._meta.get_field(name)
        value = getattr(event, name)
        if name in range_ends:
            text = range_text(value, getattr(event, range_ends[name]))
            if text:
                rows.append((DETAIL_TITLES.get(name) or field.verbose_name, text, False))
            continue
        if value in (None, "", []):
            continue
        if isinstance(value, bool):
            text = _("Yes") if value else _("No")
        elif isinstance(value, list):
            names = dict(field.flatchoices)
            text = ", ".join(label(names.get(code, code)) for code in value)
        elif field.choices:
            text = label(getattr(event, f"get_{name}_display")())
        else:
            text = str(value)
        title = DETAIL_TITLES.get(name) or field.verbose_name
        rows.append((title, text, name in FREE_TEXT_DETAILS))
    return rows


def stage_rows(event):
    """An agreement's stages in their one order, each date as a reader says it; the act (the
    decision that made the step) only when it is published."""
    return [
        {
            "stage": label(stage.get_stage_display()),
            "date": readable_date(stage.date, stage.date_precision),
            "iso": stage.date.isoformat(),
            "responsible": stage.responsible,
            "act": stage.act if stage.act_id and stage.act_is_public else None,
            "note": stage.note,
        }
        for stage in event.stages.all()
    ]


def official_bodies(corroboration, claims):
    """The bodies confirming the event as actors with their names loaded (the speakers and the
    bodies they speak for, which the claims carry), for their names in the interface's language."""
    loaded = {}
    for claim in claims:
        if claim.speaker_id:
            loaded[claim.speaker_id] = claim.speaker
            for tie in getattr(claim.speaker, "office_ties", ()):
                loaded[tie.object_id] = tie.object
    return [loaded[body.id] for body in corroboration.official_bodies if body.id in loaded]


def event_detail(request, pk):
    """One published event with its evidence; any other is a 404 in the interface's language."""
    event = get_object_or_404(
        Event.objects.published()
        .for_api()
        .prefetch_related(
            "place__names",
            "participants__actor__names",
            "claims__speaker__names",
            "claims__claimed_place__names",
            "claims__speaker__office_ties__object__names",
            "stages__responsible__names",
            "provisions__party__names",
        ),
        pk=pk,
    )
    claims = list(event.claims.all())
    corroboration = selectors.summary(event)
    spread = [
        (label(CLAIMED_FIELD_LABELS.get(field, field)), value.split(" | "))
        for field, value in (event.claimed_spread or {}).items()
    ]
    return render(
        request,
        "public/event.html",
        {
            "event": event,
            "corroboration": corroboration,
            "official_bodies": official_bodies(corroboration, claims),
            "claims": claims,
            "participants": list(event.participants.all()),
            "parent": event.parent if event.parent_id and event.parent_is_public else None,
            "spread": spread,
            "details": kind_details(event),
            "stages": stage_rows(event),
            "provisions": [
                (label(provision.get_obligation_display()), provision.party, provision.note)
                for provision in event.provisions.all()
            ],
            "links_out": event.published_links_out,
            "links_in": event.published_links_in,
        },
    )
