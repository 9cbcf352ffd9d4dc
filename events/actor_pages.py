"""The public pages of actors: one actor, and two actors side by side (a pair).

Only public actors (``Actor.objects.public()``: named in a published record) have a page; an
actor named only in drafts is a 404. A merged duplicate's address answers 301 with the
survivor's, as the API does (``alliance_tracker.api.merged_survivor``). They live in the events
app because they read events and ties, and ``actors`` never imports ``events``.
"""

from collections import defaultdict

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from actors.models import Actor
from alliance_tracker.api import merged_survivor
from events.choices import EventKind
from events.models import Event, Participant, Tie
from events.pages import page_of, with_names
from events.public_labels import label

# The kinds of event in which an actor meets or signs with its partners.
MEETING_KINDS = (EventKind.VISIT, EventKind.MEETING, EventKind.AGREEMENT)
# Partners shown for each year.
PARTNERS_PER_YEAR = 5


def public_actor(slug):
    """The public actor with this slug; a merged one's survivor as a redirect; else a 404."""
    actors = Actor.objects.public()
    actor = actors.prefetch_related("names").filter(slug=slug).first()
    if actor is not None:
        return actor
    survivor = merged_survivor(actors, slug)
    if survivor is None:
        raise Http404
    return survivor


def redirect_with_query(request, url):
    query = request.META.get("QUERY_STRING")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


def partners_by_year(actor):
    """For each year (latest first), the actors ``actor`` met or signed with most often in
    published events: counted in the database, one query, then the actors in one more."""
    shared = Participant.objects.filter(actor=actor, event__status="published").values("event")
    rows = (
        Participant.objects.filter(event__in=shared, event__kind__in=MEETING_KINDS)
        .exclude(actor=actor)
        .annotate(year=ExtractYear("event__date_lo"))
        .values_list("year", "actor")
        .annotate(events=Count("event", distinct=True))
        .order_by("-year", "-events", "actor")
    )
    years = defaultdict(list)
    for year, partner, events in rows:
        if len(years[year]) < PARTNERS_PER_YEAR:
            years[year].append((partner, events))
    ids = {partner for partners in years.values() for partner, _ in partners}
    actors = Actor.objects.prefetch_related("names").in_bulk(ids)
    return [(year, [(actors[pk], events) for pk, events in partners]) for year, partners in years.items()]


def actor_detail(request, slug):
    """An actor's names, ties over time, timeline (capped, with "more" pages) and partners."""
    actor = public_actor(slug)
    if actor.slug != slug:
        return redirect_with_query(request, reverse("public:actor", args=[actor.slug]))
    names = Prefetch("subject", queryset=Actor.objects.prefetch_related("names"))
    object_names = Prefetch("object", queryset=Actor.objects.prefetch_related("names"))
    ties = (
        Tie.objects.published()
        .filter(Q(subject=actor) | Q(object=actor))
        .prefetch_related(names, object_names)
        .order_by("date_lo", "pk")
    )
    events = Event.objects.published().involving([actor.pk]).order_by("-date_lo", "-pk")
    api_query = urlencode({"actor": actor.slug})
    return render(
        request,
        "public/actor.html",
        {
            "actor": actor,
            "names": sorted(actor.names.all(), key=lambda name: (name.language, name.kind, name.name)),
            "ties": list(ties),
            "page": page_of(request, with_names(events)),
            "partners": partners_by_year(actor),
            "api_url": f"/api/v1/events/?{api_query}",
            "csv_url": f"/api/v1/events/?{api_query}&format=csv",
        },
    )


def quarter_chart(events):
    """Events per quarter by kind, as bars an SVG draws without script: one query, grouped by
    the quarter each event starts in; every quarter from the first to the last has a bar."""
    rows = (
        events.order_by()
        .annotate(year=ExtractYear("date_lo"), quarter=ExtractQuarter("date_lo"))
        .values_list("year", "quarter", "kind")
        .annotate(n=Count("pk"))
    )
    counts = defaultdict(dict)
    for year, quarter, kind, n in rows:
        counts[(year, quarter)][kind] = n
    if not counts:
        return None
    first, last = min(counts), max(counts)
    quarters = []
    year, quarter = first
    while (year, quarter) <= last:
        quarters.append((year, quarter))
        year, quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    kinds = [kind for kind in EventKind.values if any(kind in c for c in counts.values())]
    tallest = max(sum(c.values()) for c in counts.values())
    bar, gap, height, top = 18, 6, 120, 10
    bars = []
    for index, (year, quarter) in enumerate(quarters):
        x, base = index * (bar + gap) + 30, top + height
        segments = []
        for kind in kinds:
            n = counts[(year, quarter)].get(kind, 0)
            if n:
                h = round(n * height / tallest)
                base -= h
                css = f"k{EventKind.values.index(kind) % 8}"
                segments.append(
                    {"y": base, "height": h, "css": css, "n": n, "kind": label(EventKind(kind).label)}
                )
        bars.append(
            {
                "x": x,
                "label": _("%(year)s Q%(quarter)s") % {"year": year, "quarter": quarter},
                "short": _("Q%(quarter)s") % {"quarter": quarter},
                "year": year if quarter == 1 or index == 0 else "",
                "segments": segments,
                "total": sum(counts[(year, quarter)].values()),
            }
        )
    return {
        "bars": bars,
        "width": len(quarters) * (bar + gap) + 40,
        "height": top + height + 34,
        "bar": bar,
        "axis_y": top + height,
        "label_y": top + height + 14,
        "year_y": top + height + 28,
        "tallest": tallest,
        "legend": [(f"k{EventKind.values.index(kind) % 8}", label(EventKind(kind).label)) for kind in kinds],
    }


def pair_detail(request, first, second):
    """Two actors' shared timeline and a chart of their shared events per quarter by kind."""
    actor_a, actor_b = public_actor(first), public_actor(second)
    if (actor_a.slug, actor_b.slug) != (first, second):
        return redirect_with_query(request, reverse("public:pair", args=[actor_a.slug, actor_b.slug]))
    shared = Event.objects.published().involving([actor_a.pk]).involving([actor_b.pk])
    ties = (
        Tie.objects.published()
        .filter(Q(subject=actor_a, object=actor_b) | Q(subject=actor_b, object=actor_a))
        .prefetch_related(
            Prefetch("subject", queryset=Actor.objects.prefetch_related("names")),
            Prefetch("object", queryset=Actor.objects.prefetch_related("names")),
        )
        .order_by("date_lo", "pk")
    )
    api_query = urlencode([("actor", actor_a.slug), ("actor", actor_b.slug)])
    return render(
        request,
        "public/pair.html",
        {
            "first": actor_a,
            "second": actor_b,
            "ties": list(ties),
            "page": page_of(request, with_names(shared.order_by("-date_lo", "-pk"))),
            "chart": quarter_chart(shared),
            "api_url": f"/api/v1/events/?{api_query}",
            "csv_url": f"/api/v1/events/?{api_query}&format=csv",
        },
    )
