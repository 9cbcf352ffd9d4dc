"""What keeps a nightly sync identical to a fresh download: the change feed and ``updated_at``.

Two halves, both kept here by signals (``events.signals`` explains why signals):

- **Leaving the public record.** Events and ties keep ``withdrawn_at`` themselves, and merged
  actors, places and sources ``merged_at``. A claim, an actor, a place or a source has no status:
  it is public while a published record uses it (``Claim.objects.public()``,
  ``Actor.objects.public()``…, the one definition of each rule). Each change that can alter
  that (a status, a participant, a claim's record, speaker or source, a stage's responsible, a
  provision's party, a tie's ends, an event's place, a deletion) reads, before and after, which
  of the records it touches are public; those that were and no longer are get a ``Withdrawal``
  row (``no_longer_public``, or ``deleted``), and those that became public get a new
  ``updated_at`` so that ``?updated_since=`` brings them. A published event or tie deleted
  outright is recorded the same way.
- **Changing in place.** The API shows records inside others (an actor's name in every event it
  takes part in, a place's name in the events there, a source's title in every claim quoting
  it, a published visit as its meetings' parent). A change of the one moves the ``updated_at``
  of the others, here for what ``events.signals`` does not already do.

``QuerySet.update()`` and bulk operations send no signals: code using them calls ``watch`` and
``settle`` itself, or ``touch_*``.
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from actors.models import Actor, ActorName
from events.models import (
    Claim,
    Event,
    Participant,
    Place,
    PlaceName,
    Provision,
    Source,
    Stage,
    Tie,
    Withdrawal,
    WithdrawalKind,
    WithdrawalReason,
)
from events.temporal import update_with_history

MODELS = {
    WithdrawalKind.EVENT: Event,
    WithdrawalKind.TIE: Tie,
    WithdrawalKind.CLAIM: Claim,
    WithdrawalKind.ACTOR: Actor,
    WithdrawalKind.PLACE: Place,
    WithdrawalKind.SOURCE: Source,
}


def public_records(kind):
    """The public records of ``kind``: the querysets that decide it everywhere else."""
    if kind in (WithdrawalKind.EVENT, WithdrawalKind.TIE):
        return MODELS[kind].objects.published()
    return MODELS[kind].objects.public()


def public_ids(kind, ids) -> set[int]:
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return set()
    return set(public_records(kind).filter(pk__in=ids).values_list("pk", flat=True))


# ---------------------------------------------------------------------------- leaving and coming


def watch(instance, candidates: dict[str, set]) -> None:
    """Before a change of ``instance``: note which of ``candidates`` (kind → ids) are public."""
    candidates = {kind: {pk for pk in ids if pk is not None} for kind, ids in candidates.items()}
    before = {kind: public_ids(kind, ids) for kind, ids in candidates.items()}
    # One change of a row may be watched twice (a save inside a save): keep the first view.
    if getattr(instance, "_feed_watch", None) is None:
        instance._feed_watch = (candidates, before)


def settle(instance) -> None:
    """After the change: record what left the public record and touch what came into it."""
    watched = getattr(instance, "_feed_watch", None)
    instance._feed_watch = None
    if watched is None:
        return
    candidates, before = watched
    now = timezone.now()
    for kind, ids in candidates.items():
        after = public_ids(kind, ids)
        if before[kind] - after:
            record_gone(kind, before[kind] - after, now)
        if after - before[kind]:
            record_came(kind, after - before[kind], now)


def record_gone(kind, ids, now) -> None:
    model = MODELS[kind]
    existing = set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))
    for pk in sorted(ids):
        if kind in (WithdrawalKind.EVENT, WithdrawalKind.TIE) and pk in existing:
            continue  # its own withdrawn_at says when, and its status why
        reason = WithdrawalReason.NO_LONGER_PUBLIC if pk in existing else WithdrawalReason.DELETED
        Withdrawal.objects.update_or_create(
            kind=kind, record_id=pk, defaults={"withdrawn_at": now, "reason": reason}
        )
    touch_visibility_dependents(kind, ids, now)


def record_came(kind, ids, now) -> None:
    Withdrawal.objects.filter(kind=kind, record_id__in=ids).delete()
    if kind not in (WithdrawalKind.EVENT, WithdrawalKind.TIE):
        # Not changed itself, but new to whoever syncs: ?updated_since= must bring it.
        update_with_history(MODELS[kind].objects.filter(pk__in=ids), updated_at=now)
    touch_visibility_dependents(kind, ids, now)


def touch_visibility_dependents(kind, ids, now) -> None:
    """Records that show these only while they are public: an actor's parent, a source's
    derivation and origin."""
    if kind == WithdrawalKind.ACTOR:
        update_with_history(Actor.objects.filter(parent__in=ids), updated_at=now)
    elif kind == WithdrawalKind.SOURCE:
        update_with_history(
            Source.objects.filter(Q(derived_from__in=ids) | Q(origin_source__in=ids)), updated_at=now
        )


def previous(instance, *fields) -> dict:
    if instance.pk is None:
        return {}
    return type(instance).objects.filter(pk=instance.pk).values(*fields).first() or {}


def both(values: dict, instance, field) -> set:
    return {pk for pk in (values.get(field), getattr(instance, field)) if pk is not None}


def claims_candidates(claims) -> dict[str, set]:
    rows = list(claims.order_by().values_list("pk", "speaker_id", "source_id"))
    return {
        WithdrawalKind.CLAIM: {pk for pk, _, _ in rows},
        WithdrawalKind.ACTOR: {speaker for _, speaker, _ in rows},
        WithdrawalKind.SOURCE: {source for _, _, source in rows},
    }


def event_candidates(event, places: set) -> dict[str, set]:
    found = claims_candidates(Claim.objects.filter(event=event.pk)) if event.pk else {}
    actors = set(found.get(WithdrawalKind.ACTOR, ()))
    if event.pk:
        actors |= set(Participant.objects.filter(event=event.pk).values_list("actor_id", flat=True))
        actors |= set(Stage.objects.filter(agreement=event.pk).values_list("responsible_id", flat=True))
        actors |= set(Provision.objects.filter(agreement=event.pk).values_list("party_id", flat=True))
    return {
        **found,
        WithdrawalKind.EVENT: {event.pk},
        WithdrawalKind.ACTOR: actors,
        WithdrawalKind.PLACE: places,
    }


def tie_candidates(tie, actors: set) -> dict[str, set]:
    found = claims_candidates(Claim.objects.filter(tie=tie.pk)) if tie.pk else {}
    return {
        **found,
        WithdrawalKind.TIE: {tie.pk},
        WithdrawalKind.ACTOR: actors | set(found.get(WithdrawalKind.ACTOR, ())),
    }


@receiver(pre_save, sender=Event)
def event_saving(sender, instance, **kwargs):
    before = previous(instance, "status", "place_id")
    if not before or (before["status"], before["place_id"]) != (instance.status, instance.place_id):
        watch(instance, event_candidates(instance, both(before, instance, "place_id")))


@receiver(pre_delete, sender=Event)
def event_deleting(sender, instance, **kwargs):
    watch(instance, event_candidates(instance, {instance.place_id}))
    # Stage.act is SET_NULL, written by an update that sends no signal.
    instance._feed_acts_of = list(
        Stage.objects.filter(act=instance.pk).values_list("agreement_id", flat=True)
    )


@receiver(pre_save, sender=Tie)
def tie_saving(sender, instance, **kwargs):
    fields = ("status", "subject_id", "object_id")
    before = previous(instance, *fields)
    if not before or any(before[field] != getattr(instance, field) for field in fields):
        actors = both(before, instance, "subject_id") | both(before, instance, "object_id")
        watch(instance, tie_candidates(instance, actors))


@receiver(pre_delete, sender=Tie)
def tie_deleting(sender, instance, **kwargs):
    watch(instance, tie_candidates(instance, {instance.subject_id, instance.object_id}))


@receiver(pre_save, sender=Claim)
def claim_saving(sender, instance, **kwargs):
    fields = ("event_id", "tie_id", "speaker_id", "source_id")
    before = previous(instance, *fields)
    if not before or any(before[field] != getattr(instance, field) for field in fields):
        watch(
            instance,
            {
                WithdrawalKind.CLAIM: {instance.pk},
                WithdrawalKind.ACTOR: both(before, instance, "speaker_id"),
                WithdrawalKind.SOURCE: both(before, instance, "source_id"),
            },
        )


@receiver(pre_delete, sender=Claim)
def claim_deleting(sender, instance, **kwargs):
    watch(
        instance,
        {
            WithdrawalKind.CLAIM: {instance.pk},
            WithdrawalKind.ACTOR: {instance.speaker_id},
            WithdrawalKind.SOURCE: {instance.source_id},
        },
    )


# A participant, a stage's responsible and a provision's party make an actor public.
ACTOR_LINKS = {Participant: "actor_id", Stage: "responsible_id", Provision: "party_id"}


def actor_link_saving(sender, instance, **kwargs):
    field = ACTOR_LINKS[sender]
    before = previous(instance, field)
    if before.get(field) != getattr(instance, field) or not before:
        watch(instance, {WithdrawalKind.ACTOR: both(before, instance, field)})


def actor_link_deleting(sender, instance, **kwargs):
    watch(instance, {WithdrawalKind.ACTOR: {getattr(instance, ACTOR_LINKS[sender])}})


def settled(sender, instance, **kwargs):
    settle(instance)


for model in (Event, Tie, Claim, Participant, Stage, Provision):
    post_save.connect(settled, sender=model, dispatch_uid=f"feed-settle-save-{model.__name__}")
    post_delete.connect(settled, sender=model, dispatch_uid=f"feed-settle-delete-{model.__name__}")
for model in ACTOR_LINKS:
    pre_save.connect(actor_link_saving, sender=model, dispatch_uid=f"feed-watch-save-{model.__name__}")
    pre_delete.connect(actor_link_deleting, sender=model, dispatch_uid=f"feed-watch-delete-{model.__name__}")


# ---------------------------------------------------------------------------- changing in place


def touch_records_showing_actors(ids, now) -> None:
    """Every list shows an actor's name (``ActorBriefSerializer``) wherever it appears."""
    ids = list(ids)
    for condition in (
        Q(participants__actor__in=ids),
        Q(stages__responsible__in=ids),
        Q(provisions__party__in=ids),
        Q(claims__speaker__in=ids),
    ):
        update_with_history(
            Event.objects.filter(pk__in=Event.objects.filter(condition).values("pk")), updated_at=now
        )
    for condition in (Q(subject__in=ids), Q(object__in=ids), Q(claims__speaker__in=ids)):
        update_with_history(
            Tie.objects.filter(pk__in=Tie.objects.filter(condition).values("pk")), updated_at=now
        )
    update_with_history(
        Claim.objects.filter(Q(speaker__in=ids) | Q(tie__subject__in=ids) | Q(tie__object__in=ids)),
        updated_at=now,
    )
    update_with_history(Actor.objects.filter(parent__in=ids), updated_at=now)


def touch_claims(claims, now) -> None:
    """These claims, and the events and ties that show them."""
    rows = list(claims.order_by().values_list("pk", "event_id", "tie_id"))
    update_with_history(Claim.objects.filter(pk__in=[pk for pk, _, _ in rows]), updated_at=now)
    update_with_history(Event.objects.filter(pk__in={event for _, event, _ in rows if event}), updated_at=now)
    update_with_history(Tie.objects.filter(pk__in={tie for _, _, tie in rows if tie}), updated_at=now)


# What another record shows of a record is any of its fields but these: a save that changes
# nothing else (a save without changes, a stamp) moves no other record's ``updated_at``.
NOT_SHOWN = {"updated_at", "created_at"}


def remember_shown(sender, instance, **kwargs):
    fields = [field.attname for field in sender._meta.concrete_fields if field.attname not in NOT_SHOWN]
    instance._feed_shown = previous(instance, *fields)


def shown_changed(instance) -> bool:
    before = getattr(instance, "_feed_shown", None)
    return not before or any(before[name] != getattr(instance, name) for name in before)


for model in (Actor, Place, Source, Event, Tie):
    pre_save.connect(remember_shown, sender=model, dispatch_uid=f"feed-shown-{model.__name__}")


@receiver(post_save, sender=Actor)
def actor_saved(sender, instance, created, **kwargs):
    if not created and shown_changed(instance):
        touch_records_showing_actors([instance.pk], timezone.now())


@receiver(post_save, sender=ActorName)
@receiver(post_delete, sender=ActorName)
def actor_name_changed(sender, instance, **kwargs):
    update_with_history(Actor.objects.filter(pk=instance.actor_id), updated_at=timezone.now())


@receiver(post_save, sender=Place)
def place_saved(sender, instance, created, **kwargs):
    if created or not shown_changed(instance):
        return
    now = timezone.now()
    update_with_history(Event.objects.filter(place=instance.pk), updated_at=now)
    touch_claims(Claim.objects.filter(claimed_place=instance.pk), now)


@receiver(post_save, sender=PlaceName)
@receiver(post_delete, sender=PlaceName)
def place_name_changed(sender, instance, **kwargs):
    update_with_history(Place.objects.filter(pk=instance.place_id), updated_at=timezone.now())


@receiver(post_save, sender=Source)
def source_saved(sender, instance, created, **kwargs):
    if created or not shown_changed(instance):
        return
    now = timezone.now()
    touch_claims(Claim.objects.filter(source=instance.pk), now)
    update_with_history(
        Source.objects.filter(Q(derived_from=instance.pk) | Q(origin_source=instance.pk)).exclude(
            pk=instance.pk
        ),
        updated_at=now,
    )


def touch_events_showing_event(pk, now, agreements=()) -> None:
    """An event appears in its claims, as its meetings' parent, in the events linked to it
    either way, and as the act of an agreement's stage."""
    update_with_history(Claim.objects.filter(event=pk), updated_at=now)
    update_with_history(
        Event.objects.filter(
            Q(parent=pk)
            | Q(links_out__to_event=pk)
            | Q(links_in__from_event=pk)
            | Q(stages__act=pk)
            | Q(pk__in=list(agreements))
        ).exclude(pk=pk),
        updated_at=now,
    )


@receiver(post_save, sender=Event)
def event_saved(sender, instance, created, **kwargs):
    if not created and shown_changed(instance):
        touch_events_showing_event(instance.pk, timezone.now())


@receiver(post_delete, sender=Event)
def event_deleted(sender, instance, **kwargs):
    agreements = getattr(instance, "_feed_acts_of", ())
    update_with_history(Event.objects.filter(pk__in=agreements), updated_at=timezone.now())


@receiver(post_save, sender=Tie)
def tie_saved(sender, instance, created, **kwargs):
    if not created and shown_changed(instance):
        update_with_history(Claim.objects.filter(tie=instance.pk), updated_at=timezone.now())


@receiver(post_save, sender=Stage)
@receiver(post_delete, sender=Stage)
@receiver(post_save, sender=Provision)
@receiver(post_delete, sender=Provision)
def agreement_part_changed(sender, instance, **kwargs):
    update_with_history(Event.objects.filter(pk=instance.agreement_id), updated_at=timezone.now())
