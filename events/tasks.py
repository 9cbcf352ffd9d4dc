"""Background work of the events app."""

from celery import shared_task

from events.search import events_at_places, events_of_actors, refresh_search_documents


@shared_task(acks_late=True)
def refresh_actor_search_documents(actor_ids):
    """Rebuild the search documents of every event of these actors (after a change of name)."""
    return refresh_search_documents(events_of_actors(actor_ids))


@shared_task(acks_late=True)
def refresh_place_search_documents(place_ids):
    """Rebuild the search documents of every event at these places (after a change of name)."""
    return refresh_search_documents(events_at_places(place_ids))
