"""Merging a duplicate actor, place or source into the record that stays.

The events app owns what refers to these records (participants, ties, claims, events' places),
so the merge lives here; the admins and ``manage.py merge_actors`` / ``merge_places`` /
``merge_sources`` all call ``merge_records`` (``merge_actors`` is the same for actors).

One mechanism for the three kinds: both records are read again under a lock, the same checks
refuse a merge into itself, of a record already merged or into a merged one, then the kind
moves what names the duplicate, and the duplicate is kept, marked ``merged_into`` the survivor,
so its id is never reused and its old API address can answer with the survivor's. Every moved
row is saved one by one, not updated in bulk, so its history names the reviewer and the merge,
and the signals (``events.signals``) rebuild the search documents of the events it touches and
move their ``updated_at``.
"""

from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from actors.choices import Language, NameKind
from actors.models import Actor, ActorName
from events.models import Claim, Event, Participant, Place, PlaceName, Provision, Source, Stage, Tie

Save = Callable[[models.Model], None]
R = TypeVar("R", Actor, Place, Source)


class MergeRefused(Exception):
    """A merge that cannot be done as asked; the message says why, for the reviewer."""


class RecordMerge:
    """What one kind of record adds to the shared merge: its own checks and what it moves."""

    model: type[models.Model]

    @property
    def noun(self) -> str:
        return self.model._meta.verbose_name

    def check(self, duplicate, survivor) -> None:
        """Raise ``MergeRefused`` for what this kind cannot merge; nothing by default."""

    def move(self, duplicate, survivor, save: Save) -> None:
        raise NotImplementedError


def repoint(rows: models.QuerySet, field: str, survivor, save: Save) -> None:
    """Point ``field`` of each row at ``survivor``, one save per row (history, signals)."""
    for row in rows:
        setattr(row, field, survivor)
        save(row)


def move_names(name_model, owner: str, duplicate, survivor, save: Save) -> None:
    """Give the survivor the duplicate's names it lacks; the duplicate's own name becomes an alias.

    A name the survivor already has (same language and text) stays with the duplicate: the
    survivor would hold it twice.
    """
    known = set(name_model.objects.filter(**{owner: survivor}).values_list("language", "name"))
    for name in name_model.objects.filter(**{owner: duplicate}):
        if (name.language, name.name) in known:
            continue
        setattr(name, owner, survivor)
        save(name)
        known.add((name.language, name.name))
    if (Language.ENGLISH, duplicate.name) not in known and duplicate.name != survivor.name:
        save(
            name_model(
                **{owner: survivor}, name=duplicate.name, language=Language.ENGLISH, kind=NameKind.ALIAS
            )
        )


class ActorMerge(RecordMerge):
    """Participations, ties both ways, claims it speaks, child organizations, agreement stages it
    took and provisions it undertakes, and names."""

    model = Actor

    def check(self, duplicate: Actor, survivor: Actor) -> None:
        same_place = Participant.objects.filter(
            actor=survivor, event=OuterRef("event"), role=OuterRef("role")
        )
        clash = (
            Participant.objects.filter(actor=duplicate)
            .filter(Exists(same_place))
            .select_related("event")
            .first()
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

    def move(self, duplicate: Actor, survivor: Actor, save: Save) -> None:
        repoint(Participant.objects.filter(actor=duplicate), "actor", survivor, save)
        repoint(Tie.objects.filter(subject=duplicate), "subject", survivor, save)
        repoint(Tie.objects.filter(object=duplicate), "object", survivor, save)
        repoint(Claim.objects.filter(speaker=duplicate), "speaker", survivor, save)
        repoint(Actor.objects.filter(parent=duplicate), "parent", survivor, save)
        # Who took an agreement's step (the ratifying parliament), and who undertakes a provision.
        repoint(Stage.objects.filter(responsible=duplicate), "responsible", survivor, save)
        repoint(Provision.objects.filter(party=duplicate), "party", survivor, save)
        move_names(ActorName, "actor", duplicate, survivor, save)


class PlaceMerge(RecordMerge):
    """The events that happened there, the claims that say so, and its names."""

    model = Place

    def move(self, duplicate: Place, survivor: Place, save: Save) -> None:
        repoint(Event.objects.filter(place=duplicate), "place", survivor, save)
        repoint(Claim.objects.filter(claimed_place=duplicate), "claimed_place", survivor, save)
        move_names(PlaceName, "place", duplicate, survivor, save)


class SourceMerge(RecordMerge):
    """The claims that quote it, and the sources derived from it. Its link checks stay: they
    are of its own address."""

    model = Source

    def check(self, duplicate: Source, survivor: Source) -> None:
        if any(source.pk == duplicate.pk for source in survivor.chain()):
            raise MergeRefused(
                f"“{survivor}” is derived from “{duplicate}”: the merge would derive it from itself. "
                "Change its “derived from” first."
            )

    def move(self, duplicate: Source, survivor: Source, save: Save) -> None:
        repoint(Claim.objects.filter(source=duplicate), "source", survivor, save)
        # What was copied from the duplicate was copied from the same document: the survivor.
        repoint(Source.objects.filter(derived_from=duplicate), "derived_from", survivor, save)
        # The survivor takes the duplicate's derivation when it has none, unless it is that source's copy.
        inherits = not survivor.derived_from_id and duplicate.derived_from_id
        if inherits and all(source.pk != survivor.pk for source in duplicate.chain()):
            survivor.derived_from_id, survivor.derivation = duplicate.derived_from_id, duplicate.derivation
            save(survivor)


MERGES: dict[type[models.Model], RecordMerge] = {
    merge.model: merge for merge in (ActorMerge(), PlaceMerge(), SourceMerge())
}


def merge_of(record: models.Model) -> RecordMerge:
    try:
        return MERGES[type(record)]
    except KeyError:
        raise TypeError(f"{type(record).__name__} records are not merged.") from None


def check_merge(duplicate: R, survivor: R) -> None:
    """Raise ``MergeRefused`` if ``duplicate`` cannot be merged into ``survivor`` (same kind)."""
    merge = merge_of(duplicate)
    if type(survivor) is not merge.model:
        raise MergeRefused(f"A {merge.noun} is merged only into another {merge.noun}.")
    if duplicate.pk == survivor.pk:
        raise MergeRefused(f"“{duplicate}” cannot be merged into itself.")
    if duplicate.merged_into_id:
        raise MergeRefused(f"“{duplicate}” was already merged into “{duplicate.merged_into}”.")
    if survivor.merged_into_id:
        raise MergeRefused(
            f"“{survivor}” was itself merged into “{survivor.merged_into}”: "
            f"merge into that {merge.noun} instead."
        )
    merge.check(duplicate, survivor)


def merge_records(duplicate: R, survivor: R, *, user: AbstractBaseUser | None = None) -> R:
    """Move everything that names ``duplicate`` to ``survivor``, in one transaction; returns ``survivor``.

    Refused (``MergeRefused``, nothing changed) when ``check_merge`` says so.
    """
    merge = merge_of(duplicate)
    reason = f"Merged {merge.noun} {duplicate.pk} into {survivor.pk}"

    def save(row):
        row._history_user = user
        row._change_reason = reason
        row.save()

    with transaction.atomic():
        # Read both again under a lock: a merge started twice must not run twice.
        locked = merge.model.objects.select_for_update().in_bulk([duplicate.pk, survivor.pk])
        duplicate = locked.get(duplicate.pk, duplicate)
        survivor = locked.get(survivor.pk, survivor)
        check_merge(duplicate, survivor)

        merge.move(duplicate, survivor, save)

        # Records marked as duplicates of the duplicate are now duplicates of the survivor.
        for marked in merge.model.objects.filter(duplicate_of=duplicate).exclude(pk=survivor.pk):
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


def merge_actors(duplicate: Actor, survivor: Actor, *, user: AbstractBaseUser | None = None) -> Actor:
    """``merge_records`` for actors: participations, ties, claims' speakers, children and names move."""
    return merge_records(duplicate, survivor, user=user)


def merge_places(duplicate: Place, survivor: Place, *, user: AbstractBaseUser | None = None) -> Place:
    """``merge_records`` for places: the events that happened there and the names move."""
    return merge_records(duplicate, survivor, user=user)


def merge_sources(duplicate: Source, survivor: Source, *, user: AbstractBaseUser | None = None) -> Source:
    """``merge_records`` for sources: the claims that quote it move."""
    return merge_records(duplicate, survivor, user=user)
