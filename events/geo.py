"""Located events: the one selector behind the GeoJSON export and the map page.

A located event is a published event whose place has coordinates. Its point is only as good as
the place's ``coordinate_precision``, so every feature carries that precision and a radius in
metres that readers draw as an area (the map) or use as a buffer (QGIS), never as an exact pin.
"""

from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, Q
from django.urls import reverse

from actors.choices import Language, NameKind
from events.choices import CoordinatePrecision
from events.dates import format_date
from events.models import Event, PlaceName

# How far from its point a place may lie, in metres, by precision: the bounds the choices
# name ("within 10 km"); "country only" is a rough half-width of a mid-sized country.
RADIUS_METRES = {
    CoordinatePrecision.EXACT: 100,
    CoordinatePrecision.LOCAL: 10_000,
    CoordinatePrecision.REGION: 100_000,
    CoordinatePrecision.COUNTRY: 500_000,
}

# The columns a feature reads: the timeline's large text columns (search documents,
# description) stay in the database.
FEATURE_FIELDS = (
    "id",
    "kind",
    "title",
    "title_ar",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "date_uncertain",
    "ongoing",
    "date_lo",
    "place__id",
    "place__name",
    "place__slug",
    "place__country",
    "place__latitude",
    "place__longitude",
    "place__coordinate_precision",
)


# A place has coordinates: both of them (the database holds them together, with a precision).
HAS_COORDINATES = Q(place__latitude__isnull=False, place__longitude__isnull=False)


def located_events():
    """Published events at a place with coordinates, with the place and its Arabic names loaded.

    Filter it with ``EventFilterSet`` (the API's filters) and iterate it with
    ``alliance_tracker.tables.stream``: a fixed number of queries per chunk of rows.
    """
    return (
        Event.objects.published()
        .filter(HAS_COORDINATES)
        .select_related("place")
        .only(*FEATURE_FIELDS)
        .prefetch_related(
            Prefetch(
                "place__names",
                queryset=PlaceName.objects.filter(language=Language.ARABIC).order_by("kind", "name"),
                to_attr="arabic_names",
            )
        )
    )


def located_countries() -> list[str]:
    """The countries of the places located events happened at (ISO codes, sorted)."""
    codes = Event.objects.published().filter(HAS_COORDINATES).values_list("place__country", flat=True)
    return sorted(set(codes.order_by().distinct()))


def arabic_name(place) -> str:
    """The place's official Arabic name, else its first Arabic alias, else ``""``."""
    names = getattr(place, "arabic_names", None)
    if names is None:
        names = list(place.names.filter(language=Language.ARABIC).order_by("kind", "name"))
    official = [name.name for name in names if name.kind == NameKind.OFFICIAL]
    return (official or [name.name for name in names] or [""])[0]


def event_page_base() -> str:
    """The public event page's address without its id (``/events/``, ``/ar/events/`` in Arabic):
    reversed once, then the id and a slash are appended for each of a million features."""
    return reverse("public:event", kwargs={"pk": 1}).removesuffix("1/")


def radius_metres(precision: str) -> int | None:
    return RADIUS_METRES.get(precision)


def feature(event: Event, *, api_url: str, page_url: str) -> dict:
    """One located event as an RFC 7946 Feature: a Point ([longitude, latitude]) with properties.

    ``api_url`` and ``page_url`` are the addresses of the API record and of the public page.
    """
    place = event.place
    return {
        "type": "Feature",
        "id": event.pk,
        "geometry": {"type": "Point", "coordinates": [float(place.longitude), float(place.latitude)]},
        "properties": {
            "id": event.pk,
            "kind": event.kind,
            "kind_label": str(event.get_kind_display()),
            "title": event.title,
            "title_ar": event.title_ar,
            "start": format_date(event.start_date, event.start_precision),
            "start_precision": event.start_precision,
            "end": format_date(event.end_date, event.end_precision),
            "end_precision": event.end_precision if event.end_date else "",
            "date_uncertain": event.date_uncertain,
            "ongoing": event.ongoing,
            "place_id": place.pk,
            "place_slug": place.slug,
            "place_name": place.name,
            "place_name_ar": arabic_name(place),
            "country": place.country.code,
            "coordinate_precision": place.coordinate_precision,
            "radius_m": radius_metres(place.coordinate_precision),
            "url": api_url,
            "page_url": page_url,
        },
    }


def features(events: Iterable[Event], *, api_base: str, page_base: str) -> Iterator[dict]:
    """``feature`` for each event; ``api_base`` and ``page_base`` end with a slash and take the id."""
    for event in events:
        yield feature(event, api_url=f"{api_base}{event.pk}/", page_url=f"{page_base}{event.pk}/")
