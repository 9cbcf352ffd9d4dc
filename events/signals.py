"""What an event or tie derives from other tables, kept current whichever way they change.

- An event's search documents (events/search.py) hold its claims' quotes, its actors' names
  and its place's names, so they are rebuilt when a claim, a participant, an actor or one of
  its names, the event's place, or a place or one of its names changes (for an actor or a
  place in many events, by a background task once the change is committed).
- A record's corroboration counts a person's statement as official through their offices
  (published ties, ``events.selectors.official_bodies``), so a change of such a tie moves the
  ``updated_at`` of the records that person speaks in.
- The API shows each record with its claims (and an event with its participants and its links
  to other events, both ways), so a change there is a change of the record: its ``updated_at`` moves, and ``?updated_since=`` finds it.
- An event's PLOVER, CAMEO and ACLED codes (``events.crosswalk``) read its participants' roles,
  so they are stored again when a participant is added, changed or removed.
- Whether a record is disputed, why, and the spread of the values its claims state
  (``events.claimed_values``) are stored on it: rebuilt when a claim changes, when the record's
  kind changes, and when a source, place or speaker they name is renamed.

Signals rather than overridden ``save`` methods, because the admin's inlines, its bulk delete,
the demo loader and scripts all go through them. ``QuerySet.update()`` and bulk operations send
no signals: code using them on claims, participants or names calls ``refresh_search_documents``
(and, for claims, ``events.claimed_values.refresh_disputes``; for participants, ``refresh_codes``
or ``Event.fill_codes`` with the roles it writes).
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from actors.models import Actor, ActorName
from events.choices import OFFICE_TIE_KINDS
from events.claimed_values import refresh_disputes
from events.models import Claim, Event, EventLink, Participant, Place, PlaceName, Source, Tie
from events.models.records import Disputable
from events.search import events_at_places, events_of_actors, refresh_search_documents
from events.temporal import update_with_history

logger = logging.getLogger(__name__)


def remember_previous(instance, *fields):
    """Before a save, note the values ``fields`` hold in the database (a row may move)."""
    previous = None
    if instance.pk is not None:
        previous = type(instance).objects.filter(pk=instance.pk).values(*fields).first()
    instance._previous_values = previous or {}


def ids_before_and_after(instance, field):
    """The ids ``field`` pointed to before this save and points to now, without None."""
    before = getattr(instance, "_previous_values", {}).get(field)
    return {pk for pk in (before, getattr(instance, field)) if pk is not None}


def record_changed(event_ids=(), tie_ids=()):
    """A part shown with these records changed: move their ``updated_at``, rebuild documents."""
    now = timezone.now()
    if event_ids:
        refresh_search_documents(event_ids, touched_at=now)
    if tie_ids:
        update_with_history(Tie.objects.filter(pk__in=tie_ids), updated_at=now)


# Events whose documents an actor's new name rebuilds within the save (about 1.2 s here);
# beyond, a background task does it once the save is committed.
INLINE_REFRESH_LIMIT = 2000


def renamed(ids, events_of, task_name, what):
    """Rebuild the documents of the events of these actors or places (``events_of``): now if
    they are few, else in the background (``events.tasks.<task_name>``).

    Until the task has run, the other events are found by the old names only. A broker that
    cannot be reached does not lose the change: the events are rebuilt in the request.
    """
    # One past the limit is enough to choose: a busy actor's ids are not read in the request.
    event_ids = list(events_of(ids).order_by()[: INLINE_REFRESH_LIMIT + 1])
    if len(event_ids) <= INLINE_REFRESH_LIMIT:
        refresh_search_documents(event_ids)
        return

    def send():
        from events import tasks

        try:
            getattr(tasks, task_name).delay(sorted(ids))
        except (BrokerError, ConnectionError, OSError) as exc:
            logger.warning("Search documents of %s %s rebuilt in the request: %s", what, ids, exc)
            refresh_search_documents(events_of(ids))

    transaction.on_commit(send)


def actor_renamed(actor_ids):
    renamed(actor_ids, events_of_actors, "refresh_actor_search_documents", "actors")


def place_renamed(place_ids):
    renamed(place_ids, events_at_places, "refresh_place_search_documents", "places")


DOCUMENT_FIELDS = ("search_key", "search_document", "sound_document")


def changed_since_loaded(instance, fields):
    """Whether a save wrote other values of ``fields`` than the stored ones (``remember_previous``)."""
    previous = instance._previous_values
    return any(previous.get(field) != getattr(instance, field) for field in fields)


@receiver(pre_save, sender=Event)
def event_saving(sender, instance, **kwargs):
    remember_previous(instance, *DOCUMENT_FIELDS, "place_id", *Disputable.DERIVED_FIELDS, "kind")


@receiver(post_save, sender=Event)
def event_saved(sender, instance, **kwargs):
    # A save writes the documents it was loaded with. When its own text and place are the same
    # and those were still the stored ones (a change of status or date), nothing is rebuilt;
    # otherwise the text or the place changed, or a claim changed the documents since this copy
    # was loaded.
    if changed_since_loaded(instance, (*DOCUMENT_FIELDS, "place_id")):
        refresh_search_documents([instance.pk])
    # The same for what its claims say (a kind changed, or a claim changed since it was loaded).
    if changed_since_loaded(instance, (*Disputable.DERIVED_FIELDS, "kind")):
        refresh_disputes(event_ids=[instance.pk])


@receiver(pre_save, sender=Claim)
def claim_saving(sender, instance, **kwargs):
    remember_previous(instance, "event_id", "tie_id")


@receiver(post_save, sender=Claim)
@receiver(post_delete, sender=Claim)
def claim_changed(sender, instance, **kwargs):
    event_ids, tie_ids = ids_before_and_after(instance, "event_id"), ids_before_and_after(instance, "tie_id")
    record_changed(event_ids, tie_ids)
    # What the record's claims say of its values, and whether it is disputed (events.claimed_values).
    refresh_disputes(event_ids, tie_ids)


def refresh_disputes_of_claims(claims):
    """Rebuild the disputes of the records of these claims: their origins or names changed."""
    rows = claims.order_by().values_list("event_id", "tie_id")
    event_ids, tie_ids = set(), set()
    for event_id, tie_id in rows:
        (event_ids.add(event_id) if event_id else tie_ids.add(tie_id))
    refresh_disputes(event_ids, tie_ids)


# A dispute's reasons and a spread name origins (a publisher, a source's title, a speaker) and
# places: a change of one reaches the records of the claims that name it.
@receiver(pre_save, sender=Source)
def source_saving(sender, instance, **kwargs):
    remember_previous(instance, "publisher", "title", "derived_from_id")


@receiver(post_save, sender=Source)
def source_saved(sender, instance, created, **kwargs):
    if not created and changed_since_loaded(instance, ("publisher", "title", "derived_from_id")):
        # The sources derived from this one take their origin, so its name, from it too.
        sources = [instance.pk, *instance.descendant_ids()]
        refresh_disputes_of_claims(Claim.objects.filter(source__in=sources))


@receiver(pre_save, sender=Place)
def place_saving(sender, instance, **kwargs):
    remember_previous(instance, "name", "search_key", "sound_key")


@receiver(post_save, sender=Place)
def place_saved(sender, instance, created, **kwargs):
    if created:
        return
    if changed_since_loaded(instance, ("name",)):
        refresh_disputes_of_claims(Claim.objects.filter(claimed_place=instance))
    # The events there are found by the place's names (events.search).
    if changed_since_loaded(instance, ("search_key", "sound_key")):
        place_renamed({instance.pk})


@receiver(pre_save, sender=PlaceName)
def place_name_saving(sender, instance, **kwargs):
    remember_previous(instance, "place_id")


@receiver(post_save, sender=PlaceName)
@receiver(post_delete, sender=PlaceName)
def place_name_changed(sender, instance, **kwargs):
    place_renamed(ids_before_and_after(instance, "place_id"))


@receiver(pre_save, sender=Participant)
def participant_saving(sender, instance, **kwargs):
    remember_previous(instance, "event_id")


def refresh_codes(event_ids):
    """Store again the crosswalk's codes of these events (events.crosswalk): they read the roles."""
    for event in Event.objects.filter(pk__in=event_ids):
        event.refresh_codes()


@receiver(post_save, sender=Participant)
@receiver(post_delete, sender=Participant)
def participant_changed(sender, instance, **kwargs):
    event_ids = ids_before_and_after(instance, "event_id")
    record_changed(event_ids=event_ids)
    refresh_codes(event_ids)


@receiver(pre_save, sender=EventLink)
def link_saving(sender, instance, **kwargs):
    remember_previous(instance, "from_event_id", "to_event_id")


@receiver(post_save, sender=EventLink)
@receiver(post_delete, sender=EventLink)
def link_changed(sender, instance, **kwargs):
    # Both ends show the link (links out and links in), so both have changed; no text of theirs did.
    ends = ids_before_and_after(instance, "from_event_id") | ids_before_and_after(instance, "to_event_id")
    update_with_history(Event.objects.filter(pk__in=ends), updated_at=timezone.now())


@receiver(pre_save, sender=ActorName)
def name_saving(sender, instance, **kwargs):
    remember_previous(instance, "actor_id")


@receiver(post_save, sender=ActorName)
@receiver(post_delete, sender=ActorName)
def name_changed(sender, instance, **kwargs):
    actor_renamed(ids_before_and_after(instance, "actor_id"))


@receiver(pre_save, sender=Actor)
def actor_saving(sender, instance, **kwargs):
    remember_previous(instance, "search_key", "sound_key", "name")


@receiver(post_save, sender=Actor)
def actor_saved(sender, instance, created, **kwargs):
    previous = instance._previous_values
    renamed = previous and (previous["search_key"], previous["sound_key"]) != (
        instance.search_key,
        instance.sound_key,
    )
    if renamed:
        actor_renamed({instance.pk})
    if previous and previous.get("name") != instance.name:
        refresh_disputes_of_claims(Claim.objects.filter(speaker=instance))


# What a tie says of whether its subject speaks for a body, on which days (selectors.official_bodies).
OFFICE_FIELDS = (
    "subject_id",
    "object_id",
    "kind",
    "status",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
)


def offices_changed(subject_ids):
    """The records these actors speak in may be confirmed officially or no longer."""
    now = timezone.now()
    update_with_history(Event.objects.filter(claims__speaker__in=subject_ids), updated_at=now)
    update_with_history(Tie.objects.filter(claims__speaker__in=subject_ids), updated_at=now)


@receiver(pre_save, sender=Tie)
def tie_saving(sender, instance, **kwargs):
    remember_previous(instance, *Disputable.DERIVED_FIELDS, *OFFICE_FIELDS)


@receiver(post_save, sender=Tie)
def tie_saved(sender, instance, **kwargs):
    # What its claims say, stored on it, changed since it was loaded: compute it again.
    if changed_since_loaded(instance, Disputable.DERIVED_FIELDS):
        refresh_disputes(tie_ids=[instance.pk])
    previous = instance._previous_values
    if previous.get("kind") not in OFFICE_TIE_KINDS and instance.kind not in OFFICE_TIE_KINDS:
        return
    if previous and all(previous[field] == getattr(instance, field) for field in OFFICE_FIELDS):
        return
    offices_changed(ids_before_and_after(instance, "subject_id"))


@receiver(post_delete, sender=Tie)
def tie_deleted(sender, instance, **kwargs):
    if instance.kind in OFFICE_TIE_KINDS:
        offices_changed({instance.subject_id})
