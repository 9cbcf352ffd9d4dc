"""The one reference by which a published record is cited ("Cite this").

    Alliance Tracker, event 42 "Haftar visits Moscow" (version of 2025-05-12 10:03 UTC),
    retrieved 2026-12-02, https://example.org/events/42/

The project's name (``CITATION_PROJECT_NAME``), the kind of record and its id, its name, its
version and the day it was read, and its stable address: the public page of an event or an
actor, the API's page of a tie (ties have no page of their own). The address is the one without
a language prefix, so that a reference is the same string whichever language it was copied in.

The version is the record's ``updated_at``: the time its published version last changed. A
change awaiting review leaves the published row untouched (``events.revisions``), so it is in
no reference until it is approved.

The API (``citation`` on events, ties and actors) and the public pages read it from here. It
runs no query: it reads the record's own fields, and a tie's two ends, which every tie list loads.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# An id that is no record's, reversed once per request in place of each record's (as in
# alliance_tracker.links); a slug placeholder for the pages addressed by slug.
ID_PLACEHOLDER = 918273645546372819
SLUG_PLACEHOLDER = "__slug__"

# label_lower of the model: (what the reference calls it, the view of its stable address, the
# attribute its address is built from).
CITED = {
    "events.event": ("event", "public:event", "pk"),
    "events.tie": ("tie", "tie-detail", "pk"),
    "actors.actor": ("actor", "public:actor", "slug"),
}


def retrieved_on() -> datetime.date:
    """The day the reference was read, in UTC: today, or the day of the moment an answer stands
    for (``as_known_on``, events.temporal), so that the past's answer is the one given then."""
    from events import temporal

    return (temporal.current() or timezone.now()).astimezone(datetime.UTC).date()


def version_text(moment: datetime.datetime) -> str:
    """``2025-05-12 10:03 UTC``."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _address_template(view_name, key, request):
    """The record's stable address as (before, after) its key, reversed once per request."""
    cache = request.__dict__.setdefault("_citation_templates", {}) if request is not None else {}
    if view_name not in cache:
        placeholder = SLUG_PLACEHOLDER if key == "slug" else ID_PLACEHOLDER
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse(view_name, args=[placeholder])
        before, after = path.split(str(placeholder), 1)
        if request is not None:
            before = request.build_absolute_uri(before)
        cache[view_name] = (before, after)
    return cache[view_name]


def stable_url(record, request=None) -> str:
    """The record's stable address: absolute when ``request`` is given, else a path."""
    _kind, view_name, key = CITED[record._meta.label_lower]
    before, after = _address_template(view_name, key, request)
    return f"{before}{getattr(record, key)}{after}"


def record_name(record) -> str:
    """What the reference calls the record, on one line: an event's title, an actor's name, a
    tie's two ends and kind (``Khalifa Haftar commands Libyan National Army (commander)``)."""
    name = record.title if record._meta.label_lower == "events.event" else str(record)
    return " ".join(name.split())


def citation(record, request=None, retrieved: datetime.date | None = None) -> str:
    """The one-line reference of ``record`` (an event, a tie or an actor)."""
    kind = CITED[record._meta.label_lower][0]
    with translation.override(settings.LANGUAGE_CODE):
        name = record_name(record)
    day = (retrieved or retrieved_on()).isoformat()
    return (
        f'{settings.CITATION_PROJECT_NAME}, {kind} {record.pk} "{name}" '
        f"(version of {version_text(record.updated_at)}), retrieved {day}, {stable_url(record, request)}"
    )


@extend_schema_field(
    {
        "type": "string",
        "readOnly": True,
        "description": "How to cite this record, on one line: the project, the record's kind, id and "
        "name, its version (when its published version last changed, UTC), the day it was "
        "retrieved and its stable address.",
        "example": 'Alliance Tracker, event 42 "Haftar visits Moscow" (version of 2025-05-12 10:03 UTC), '
        "retrieved 2026-12-02, https://example.org/events/42/",
    }
)
class CitationField(serializers.Field):
    """``citation`` in the API: the record's reference, with the request's host."""

    def __init__(self, **kwargs):
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def to_representation(self, record):
        return citation(record, self.context.get("request"))
