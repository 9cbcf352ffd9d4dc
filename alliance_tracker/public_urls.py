"""The public read-only pages, included under i18n_patterns: English at /..., Arabic at /ar/...

Each page helper adds its own line here; the names are reversed as ``public:<name>``. The base
template links to ``public:map`` and ``public:network`` once they exist. The actor pages live
in the events app (events/actor_pages.py): they read events and ties, and ``actors`` never
imports ``events``.
"""

from django.urls import path

from events import actor_pages, map_page, network_page
from events import pages as event_pages

app_name = "public"

urlpatterns = [
    path("", event_pages.home, name="home"),
    path("events/<int:pk>/", event_pages.event_detail, name="event"),
    path("actors/<slug:slug>/", actor_pages.actor_detail, name="actor"),
    path("network/", network_page.network_page, name="network"),
    path("map/", map_page.map_view, name="map"),
    path("pairs/<slug:first>/<slug:second>/", actor_pages.pair_detail, name="pair"),
]
