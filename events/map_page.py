"""The public map: located events (``events.geo.located_events``) by place, with the API's filters.

The page lists the places and their events as plain HTML, so it works without JavaScript;
``public/map.js`` draws the same data (embedded as JSON) over Natural Earth's country outlines.
A place's point is drawn as large as its coordinates' precision (``events.geo.RADIUS_METRES``).
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events import geo
from events.choices import EventKind
from events.dates import readable_period
from events.filtersets import EventFilterSet
from events.models import Place
from events.public_labels import label

# The most events one page draws: the latest ones; the GeoJSON export gives all of them.
MAP_LIMIT = 1000
# The filters the form offers, by the API's names, so that its query is the export's too.
FORM_FIELDS = ("date_from", "date_to", "kind", "country")


class MapForm(forms.Form):
    """The visible form; ``EventFilterSet`` does the filtering and says what is wrong."""

    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, country_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", _("Any kind")),
            *((k, label(text)) for k, text in EventKind.choices),
        ]
        names = sorted(((code, countries.name(code)) for code in country_codes), key=lambda c: c[1])
        self.fields["country"].choices = [("", _("Any country")), *names]


@dataclass
class PlaceOnMap:
    place: Place
    name: str
    radius_m: int | None
    events: list = field(default_factory=list)


def map_view(request):
    query = {name: request.GET.get(name, "") for name in FORM_FIELDS}
    filterset = EventFilterSet({k: v for k, v in query.items() if v}, queryset=geo.located_events())
    form = MapForm(query, country_codes=geo.located_countries())
    errors = {} if filterset.is_valid() else dict(filterset.errors)
    events = []
    if not errors:
        events = list(filterset.qs.order_by("-date_lo", "-pk")[: MAP_LIMIT + 1])
    capped = len(events) > MAP_LIMIT
    events = events[:MAP_LIMIT]

    arabic = translation.get_language() == "ar"
    api_base, page_base = reverse("event-list"), geo.event_page_base()
    places, features = {}, []
    for event in events:
        located = geo.feature(event, api_url=f"{api_base}{event.pk}/", page_url=f"{page_base}{event.pk}/")
        features.append(located)
        properties = located["properties"]
        # The drawing's popups in the interface's language (the GeoJSON export stays English).
        properties["kind_label"] = label(event.get_kind_display())
        properties["period"] = readable_period(event)
        event.page_url = properties["page_url"]
        event.shown_title = (properties["title_ar"] if arabic else "") or event.title
        on_map = places.get(event.place_id)
        if on_map is None:
            name = (properties["place_name_ar"] if arabic else "") or event.place.name
            on_map = places[event.place_id] = PlaceOnMap(event.place, name, properties["radius_m"])
        on_map.events.append(event)

    export_query = urlencode({k: v for k, v in query.items() if v})
    return render(
        request,
        "public/map.html",
        {
            "form": form,
            "errors": errors,
            "places": sorted(places.values(), key=lambda p: p.name),
            "events_shown": len(events),
            "capped": capped,
            "limit": MAP_LIMIT,
            "export_url": reverse("export-events-geojson") + (f"?{export_query}" if export_query else ""),
            "map_data": {"type": "FeatureCollection", "features": features},
            "map_labels": {
                "exact": str(_("exact place")),
                "approximate": str(_("approximate place: within about %(km)s km")),
            },
        },
    )
