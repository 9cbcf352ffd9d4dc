"""The search documents of events: everything ``?q=`` finds an event by, in two columns.

An event is found by its own text (title, Arabic title, description), by the quotes and
translations of its claims, by every name of every actor taking part, and by every name of its
place (its English name and its aliases: قاعدة تمنتات finds the events at Tamanhint). Looking
in six tables for each search is slow on a large database (a name such as حفتر matches tens of
thousands of events), so each event keeps what it is found by in two columns, both built from
keys already normalized by ``actors.search``:

- ``search_document``: the search keys of its text, its claims, its actors' names and its
  place's names;
- ``sound_document``: the sound keys (consonant skeletons) of those names, which match
  spellings that differ in vowels (Haftar, Hifter) as ``Actor.objects.search`` does.

Parts are joined with " | ", which no normalized key contains, so a search never matches
across the end of one name and the start of the next. The generator builds the documents from
the rows it writes; ``refresh_search_documents`` rebuilds them from the database, and the
signals in ``events.signals`` call it whenever a part changes (an event's place or a place's
names too). Rebuilding takes about 0.6 ms
an event on the benchmark machine (the row and its indexes are rewritten), so a new name of an
actor in thousands of events is spread to them by a background task (``events.tasks``).
"""

from django.apps import apps as global_apps

from events.temporal import write_history

SEPARATOR = " | "
CHUNK = 1000
# Rows per UPDATE: bulk_update writes one CASE with a branch per row, which slows with the square.
UPDATE_BATCH = 250


def compose(parts):
    """One document from its parts: empty parts dropped, repeated parts kept once, in order."""
    return SEPARATOR.join(dict.fromkeys(part for part in parts if part))


def search_documents(event_key, claim_keys, actors_keys, place_keys=((), ())):
    """``(search_document, sound_document)`` of an event.

    ``actors_keys`` holds, for each actor taking part, a pair of lists: the search keys and the
    sound keys of all its names (its canonical name first); ``place_keys`` is the same pair for
    the event's place (empty lists when it has none).
    """
    named = [*actors_keys, place_keys]
    names = [key for search_keys, _ in named for key in search_keys]
    sounds = [key for _, sound_keys in named for key in sound_keys]
    return compose([event_key, *claim_keys, *names]), compose(sounds)


def actor_keys(actor_ids, apps=global_apps):
    """``{actor id: (search keys, sound keys)}`` of every name of each actor."""
    Actor = apps.get_model("actors", "Actor")
    ActorName = apps.get_model("actors", "ActorName")
    keys = {
        pk: ([search_key], [sound_key])
        for pk, search_key, sound_key in Actor.objects.filter(pk__in=actor_ids).values_list(
            "pk", "search_key", "sound_key"
        )
    }
    names = ActorName.objects.filter(actor__in=actor_ids).order_by("actor", "pk")
    for actor_id, search_key, sound_key in names.values_list("actor", "search_key", "sound_key"):
        keys[actor_id][0].append(search_key)
        keys[actor_id][1].append(sound_key)
    return keys


def place_keys(place_ids, apps=global_apps):
    """``{place id: (search keys, sound keys)}`` of every name of each place."""
    Place = apps.get_model("events", "Place")
    PlaceName = apps.get_model("events", "PlaceName")
    keys = {
        pk: ([search_key], [sound_key])
        for pk, search_key, sound_key in Place.objects.filter(pk__in=place_ids).values_list(
            "pk", "search_key", "sound_key"
        )
    }
    names = PlaceName.objects.filter(place__in=place_ids).order_by("place", "pk")
    for place_id, search_key, sound_key in names.values_list("place", "search_key", "sound_key"):
        keys[place_id][0].append(search_key)
        keys[place_id][1].append(sound_key)
    return keys


NO_KEYS = ((), ())


def refresh_search_documents(event_ids, apps=global_apps, touched_at=None):
    """Rebuild the documents of these events from the database; returns how many were written.

    Written with ``bulk_update``, which writes no history: the documents are derived, like the
    other search keys. ``updated_at`` moves to ``touched_at`` when given (a claim or participant
    changed), in the same statement, so the row is rewritten once. ``apps`` lets a migration pass
    its own historical models.
    """
    fields = ["search_document", "sound_document"] + (["updated_at"] if touched_at else [])
    Event = apps.get_model("events", "Event")
    Claim = apps.get_model("events", "Claim")
    Participant = apps.get_model("events", "Participant")
    event_ids = sorted(set(event_ids))
    written = 0
    for start in range(0, len(event_ids), CHUNK):
        chunk = event_ids[start : start + CHUNK]
        events = list(Event.objects.filter(pk__in=chunk).only("pk", "search_key", "place_id").order_by())
        claims = {}
        claim_rows = Claim.objects.filter(event__in=chunk).order_by("pk").values_list("event", "search_key")
        for event_id, key in claim_rows:
            claims.setdefault(event_id, []).append(key)
        participants = {}
        participant_rows = Participant.objects.filter(event__in=chunk).order_by("pk")
        for event_id, actor_id in participant_rows.values_list("event", "actor"):
            participants.setdefault(event_id, []).append(actor_id)
        keys = actor_keys({a for actors in participants.values() for a in actors}, apps)
        places = place_keys({event.place_id for event in events if event.place_id}, apps)
        for event in events:
            if touched_at:
                event.updated_at = touched_at
            event.search_document, event.sound_document = search_documents(
                event.search_key,
                claims.get(event.pk, []),
                [keys[actor_id] for actor_id in participants.get(event.pk, [])],
                places.get(event.place_id, NO_KEYS),
            )
        Event.objects.bulk_update(events, fields, batch_size=UPDATE_BATCH)
        write_history(Event, [event.pk for event in events], apps=apps)
        written += len(events)
    return written


def events_at_places(place_ids, apps=global_apps):
    """The ids of the events at any of these places."""
    Event = apps.get_model("events", "Event")
    return Event.objects.filter(place__in=place_ids).order_by().values_list("pk", flat=True)


def events_of_actors(actor_ids, apps=global_apps):
    """The ids of the events in which any of these actors takes part."""
    Participant = apps.get_model("events", "Participant")
    return Participant.objects.filter(actor__in=actor_ids).values_list("event", flat=True).distinct()
