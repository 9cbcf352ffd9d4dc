"""Merging a duplicate actor into the one that stays.

The events app owns what refers to actors (participants, ties, claims), so the merge lives here;
the actors admin and ``manage.py merge_actors`` both call ``merge_actors``. Every moved row is
saved one by one, not updated in bulk, so its history names the reviewer and the merge, and the
signals rebuild the search documents of the events it touches.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from actors.choices import Language, NameKind
from actors.models import Actor, ActorName
from events.models import Claim, Participant, Tie


class MergeRefused(Exception):
    """A merge that cannot be done as asked; the message says why, for the reviewer."""


def check_merge(duplicate: Actor, survivor: Actor) -> None:
    """Raise ``MergeRefused`` if ``duplicate`` cannot be merged into ``survivor``."""
    if duplicate.pk == survivor.pk:
        raise MergeRefused(f"“{duplicate}” cannot be merged into itself.")
    if duplicate.merged_into_id:
        raise MergeRefused(f"“{duplicate}” was already merged into “{duplicate.merged_into}”.")
    if survivor.merged_into_id:
        raise MergeRefused(
            f"“{survivor}” was itself merged into “{survivor.merged_into}”: merge into that actor instead."
        )
    same_place = Participant.objects.filter(actor=survivor, event=OuterRef("event"), role=OuterRef("role"))
    clash = (
        Participant.objects.filter(actor=duplicate).filter(Exists(same_place)).select_related("event").first()
    )
    if clash is not None:
        raise MergeRefused(
            f"Both “{duplicate}” and “{survivor}” take part in “{clash.event}” "
            f"(event {clash.event_id}) as {clash.get_role_display().lower()}: "
            "remove one of the two participants first."
        )
    tie = Tie.objects.filter(
        Q(subject=duplicate, object=survivor) | Q(subject=survivor, object=duplicate)
    ).first()
    if tie is not None:
        raise MergeRefused(
            f"The tie “{tie}” (tie {tie.pk}) joins the two actors and would tie “{survivor}” to itself: "
            "delete or change it first."
        )
    ancestor, seen = survivor.parent, set()
    while ancestor is not None and ancestor.pk not in seen:
        if ancestor.pk == duplicate.pk:
            raise MergeRefused(
                f"“{survivor}” is part of “{duplicate}”: the merge would make it part of itself. "
                "Change its parent first."
            )
        seen.add(ancestor.pk)
        ancestor = ancestor.parent


def merge_actors(duplicate: Actor, survivor: Actor, *, user: AbstractBaseUser | None = None) -> Actor:
    """Move everything that names ``duplicate`` to ``survivor``, in one transaction; returns ``survivor``.

    The duplicate is kept, marked ``merged_into`` the survivor, so its id is never reused and
    its old API address can answer with the survivor's.
    """
    reason = f"Merged actor {duplicate.pk} into {survivor.pk}"

    def save(row):
        row._history_user = user
        row._change_reason = reason
        row.save()

    with transaction.atomic():
        # Read both again under a lock: a merge started twice must not run twice.
        locked = Actor.objects.select_for_update().in_bulk([duplicate.pk, survivor.pk])
        duplicate = locked.get(duplicate.pk, duplicate)
        survivor = locked.get(survivor.pk, survivor)
        check_merge(duplicate, survivor)

        for participant in Participant.objects.filter(actor=duplicate):
            participant.actor = survivor
            save(participant)
        for tie in Tie.objects.filter(subject=duplicate):
            tie.subject = survivor
            save(tie)
        for tie in Tie.objects.filter(object=duplicate):
            tie.object = survivor
            save(tie)
        for claim in Claim.objects.filter(speaker=duplicate):
            claim.speaker = survivor
            save(claim)
        for child in Actor.objects.filter(parent=duplicate):
            child.parent = survivor
            save(child)

        known = set(survivor.names.values_list("language", "name"))
        for name in ActorName.objects.filter(actor=duplicate):
            if (name.language, name.name) in known:
                continue  # the survivor already has it; the copy stays with the duplicate
            name.actor = survivor
            save(name)
            known.add((name.language, name.name))
        if (Language.ENGLISH, duplicate.name) not in known and duplicate.name != survivor.name:
            save(
                ActorName(actor=survivor, name=duplicate.name, language=Language.ENGLISH, kind=NameKind.ALIAS)
            )

        # Actors marked as duplicates of the duplicate are now duplicates of the survivor.
        for marked in Actor.objects.filter(duplicate_of=duplicate).exclude(pk=survivor.pk):
            marked.duplicate_of = survivor
            save(marked)
        if survivor.duplicate_of_id == duplicate.pk:
            survivor.duplicate_of = None
            save(survivor)

        duplicate.merged_into = survivor
        duplicate.merged_at = timezone.now()
        duplicate.duplicate_of = survivor
        save(duplicate)
    return survivor
