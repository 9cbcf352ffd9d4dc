"""The history of a whole record: the event or tie itself, its claims, participants and links.

simple-history keeps one table of versions per model, so a record's own history says
"changed" with nothing in it when the editor changed a claim. Here the versions of the record
and of each of its parts (``events.revisions.PARTS``) are read together, one query per
history table, and each is described against the version before it, with the labels a
reviewer reads in a pending change (``events.revisions.Labels``): choices by their labels,
sources, actors and events by their names.

A part belongs to the record's history while its key points at the record: a claim moved to
another event shows here up to its move (the move itself included), and from then on in the
other event's history.

``state_as_of`` reads a whole record back as it was at one of its versions, in the format of
``events.revisions.record_state``, so that reverting restores the evidence too: the claims,
participants and links it had then.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models import Q
from django.utils.text import Truncator

from alliance_tracker.bidi import isolated
from events.choices import RevisionStatus
from events.models import Claim, EventLink, Participant, Revision
from events.models.records import Publishable
from events.revisions import (
    PARTS,
    FieldChange,
    Labels,
    Part,
    RowChange,
    is_blank,
    label_of,
    own_fields,
    part_fields,
    parts_of,
    revision_diff,
    to_json,
)
from events.temporal import DERIVED_CHANGE

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class HistoryEntry:
    """One line of a record's history: a version of the record or of one of its parts, or a
    step of a change kept for review."""

    when: datetime.datetime
    who: AbstractBaseUser | None
    reason: str
    action: str  # created, changed, deleted; for a revision: proposed, sent back, approved, withdrawn
    part: Part | None = None  # None for the record itself and for its revisions
    version_id: int | None = None  # a version of the record itself: simple-history's revert page
    revision: Revision | None = None
    note: str = ""  # a reviewer's note, or where a revision stands
    what: str = ""
    changes: list[FieldChange] = field(default_factory=list)
    rows: list[RowChange] = field(default_factory=list)  # a pending revision's rows
    # What ``describe`` reads: the fields shown, the values before and after (None: none).
    fields: list[models.Field] = field(default_factory=list, repr=False)
    old: dict | None = field(default=None, repr=False)
    new: dict | None = field(default=None, repr=False)
    described: bool = field(default=False, repr=False)

    @property
    def values(self) -> dict:
        """The row as this version leaves it (as it was, for a deletion)."""
        return self.new if self.new is not None else self.old or {}


# --- reading the versions -----------------------------------------------------------------------


def fk_attname(part: Part) -> str:
    return part.model._meta.get_field(part.fk).attname


def record_keys(part: Part) -> list[models.Field]:
    """The part's keys to any record (a claim's event and tie): a move shows as their change."""
    names = {other.fk for parts in PARTS.values() for other in parts if other.model is part.model}
    return [f for f in part.model._meta.concrete_fields if f.name in names]


def version_values(version: models.Model, fields: list[models.Field]) -> dict:
    """A historical row's values, as ``record_state`` writes them (fields it does not keep left out)."""
    kept = {f.attname for f in version._meta.concrete_fields}
    return {f.attname: to_json(getattr(version, f.attname)) for f in fields if f.attname in kept}


def edits(owner) -> models.QuerySet:
    """The versions editors made of a model's rows (``edits(Event)``) or of one record
    (``edits(event)``), newest first: not those the project wrote itself when it recomputed a
    derived field or moved ``updated_at`` (``events.temporal.write_history``)."""
    return owner.history.exclude(history_change_reason=DERIVED_CHANGE)


def record_versions(record: Publishable) -> models.QuerySet:
    """The versions an editor made of ``record``, oldest first."""
    return edits(type(record)).filter(id=record.pk).order_by("history_date", "history_id")


def part_versions(part: Part, record: Publishable) -> models.QuerySet:
    """Every version of every row that was ever part of ``record``, oldest first (one query)."""
    history = part.model.history.model
    ever_here = history.objects.filter(**{fk_attname(part): record.pk}).values("id")
    return edits(part.model).filter(id__in=ever_here).order_by("id", "history_date", "history_id")


def shown_fields(model: type[models.Model]) -> list[models.Field]:
    """The record's fields its history shows: what an editor sets, and its status."""
    return [*own_fields(model), model._meta.get_field("status")]


def before_and_after(action: str, previous: dict | None, values: dict) -> tuple[dict | None, dict | None]:
    """What a version is described against: nothing for a creation, nothing after a deletion."""
    if action == "deleted":
        return values, None
    if action == "created" or previous is None:
        return None, values
    return previous, values


def record_entries(record: Publishable) -> list[HistoryEntry]:
    fields = shown_fields(type(record))
    entries, previous = [], None
    for version in record_versions(record).select_related("history_user"):
        values = version_values(version, fields)
        action = ACTIONS[version.history_type]
        old, new = before_and_after(action, previous, values)
        entries.append(
            HistoryEntry(
                when=version.history_date,
                who=version.history_user,
                reason=version.history_change_reason or "",
                action=action,
                version_id=version.history_id,
                fields=fields,
                old=old,
                new=new,
            )
        )
        previous = values
    return entries


def part_entries(part: Part, record: Publishable) -> list[HistoryEntry]:
    """The versions of ``part`` rows while they belonged to ``record``, and their moves in and out."""
    own = part_fields(part)
    # A change shows the record keys when they change (a move); a row added or removed, its values.
    fields = [*own, *record_keys(part)]
    key = fk_attname(part)
    entries = []
    previous_id, previous, was_here = None, None, False
    for version in part_versions(part, record).select_related("history_user"):
        if version.id != previous_id:
            previous_id, previous, was_here = version.id, None, False
        values = version_values(version, fields)
        is_here = getattr(version, key) == record.pk
        if is_here or was_here:
            action = ACTIONS[version.history_type]
            old, new = before_and_after(action, previous, values)
            entries.append(
                HistoryEntry(
                    when=version.history_date,
                    who=version.history_user,
                    reason=version.history_change_reason or "",
                    action=action,
                    part=part,
                    fields=fields if old is not None and new is not None else own,
                    old=old,
                    new=new,
                )
            )
        previous, was_here = values, is_here and version.history_type != "-"
    return entries


def revision_entries(record: Publishable) -> list[HistoryEntry]:
    """Each change kept for review: proposed, then sent back, approved or withdrawn."""
    entries = []
    for revision in record.revisions.select_related("author", "reviewed_by").order_by("created_at", "pk"):
        entries.append(
            HistoryEntry(
                when=revision.created_at,
                who=revision.author,
                reason=revision.reason,
                action="proposed",
                revision=revision,
                note="Awaiting review." if revision.is_pending else "",
                described=not revision.is_pending,
            )
        )
        if revision.is_pending:
            continue
        outcome = {
            RevisionStatus.SENT_BACK: "sent back",
            RevisionStatus.APPROVED: "approved",
            RevisionStatus.WITHDRAWN: "withdrawn",
        }[revision.status]
        entries.append(
            HistoryEntry(
                when=revision.reviewed_at or revision.updated_at,
                who=revision.reviewed_by,
                reason="",
                action=outcome,
                revision=revision,
                note=revision.review_note,
                described=True,
            )
        )
    return entries


def record_history(record: Publishable, *, describe: bool = True) -> list[HistoryEntry]:
    """Every version of ``record`` and of its parts, and its revisions' steps, newest first.

    One query per history table and one for the revisions, however long the history. With
    ``describe=False`` the entries are not yet labelled: the history page describes only the
    page it shows (``describe_entries``).
    """
    entries = record_entries(record)
    for part in parts_of(type(record)):
        entries.extend(part_entries(part, record))
    entries.extend(revision_entries(record))
    # Newest first; within one instant, parts above the record (it is saved before them).
    entries.sort(key=lambda entry: (entry.when, entry.part is not None), reverse=True)
    if describe:
        describe_entries(record, entries)
    return entries


# --- describing them ------------------------------------------------------------------------------


class PrefetchedLabels(Labels):
    """``Labels`` with the related records of many values read at once, one query per model."""

    def prefetch(self, pairs: list[tuple[models.Field, Any]]) -> None:
        wanted: dict[type[models.Model], set] = {}
        for model_field, value in pairs:
            if not model_field.is_relation or is_blank(value):
                continue
            if (model_field.related_model, value) not in self.related:
                wanted.setdefault(model_field.related_model, set()).add(value)
        for model, values in wanted.items():
            for pk, found in model._default_manager.in_bulk(values).items():
                self.related[(model, pk)] = str(found)
        # A value whose record no longer exists is left for ``Labels`` to say so.


def changes_between(fields, old: dict | None, new: dict | None, labels: Labels) -> list[FieldChange]:
    """A version against the one before it: every value of a row created or deleted, else what changed."""
    if old is None or new is None:
        values = new if old is None else old
        shown = [(f, labels(f, values.get(f.attname))) for f in fields if not is_blank(values.get(f.attname))]
        if old is None:
            return [FieldChange(label_of(f), "", text) for f, text in shown]
        return [FieldChange(label_of(f), text, "") for f, text in shown]
    return [
        FieldChange(label_of(f), labels(f, old.get(f.attname)), labels(f, new.get(f.attname)))
        for f in fields
        if f.attname in old and f.attname in new and old[f.attname] != new[f.attname]
    ]


def field_of(model: type[models.Model], name: str) -> models.Field:
    return model._meta.get_field(name)


def part_name(entry: HistoryEntry, labels: Labels) -> str:
    """What a part's entry is about, as an editor names it: claim “…”, participant …, link …."""
    values, model = entry.values, entry.part.model

    def label(name):
        return labels(field_of(model, name), values.get(field_of(model, name).attname))

    if model is Claim:
        return f"claim “{isolated(Truncator(values.get('quote') or '').chars(60))}”"
    if model is Participant:
        return f"participant {isolated(label('actor'))} ({label('role').lower()})"
    if model is EventLink:
        return f"link: {label('kind').lower()} {isolated(label('to_event'))}"
    return entry.part.label


def describe_entries(record: Publishable, entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """Label ``entries`` (what each is about, and its changes) with one query per related model."""
    labels = PrefetchedLabels()
    labels.prefetch(
        [
            (f, values.get(f.attname))
            for entry in entries
            if not entry.described
            for values in (entry.old or {}, entry.new or {})
            for f in entry.fields
        ]
    )
    name = f"this {record._meta.verbose_name}"
    for entry in entries:
        if entry.revision is not None:
            entry.what = "change kept for review"
            if not entry.described:
                diff = revision_diff(entry.revision)
                entry.changes, entry.rows = diff.fields, diff.rows
        elif not entry.described:
            entry.what = name if entry.part is None else part_name(entry, labels)
            entry.changes = changes_between(entry.fields, entry.old, entry.new, labels)
        entry.described = True
    return entries


# --- a whole record as it was ---------------------------------------------------------------------


def state_as_of(record: Publishable, history_id: int) -> dict:
    """The whole record as it stood at its version ``history_id``, in ``record_state``'s format.

    Its own fields are that version's; its parts are the rows it had while that version was
    current, just before its next version was saved (now, for its latest version): the admin
    saves a record before its claims and participants, so the rows of one save come after the
    record's version of that save. Ids are the rows' ids: a row that no longer exists, or now
    belongs to another record, keeps its id, and ``apply_state`` adds it as a new row.

    Raises the history model's ``DoesNotExist`` for a version that is not one of ``record``'s.
    """
    model = type(record)
    versions = record_versions(record)
    version = versions.get(history_id=history_id)
    following = versions.filter(
        Q(history_date__gt=version.history_date)
        | Q(history_date=version.history_date, history_id__gt=version.history_id)
    ).first()
    state = {"fields": version_values(version, own_fields(model))}
    for part in parts_of(model):
        rows = part_versions(part, record)
        if following is not None:
            rows = rows.filter(history_date__lt=following.history_date)
        latest = {}
        for row in rows:
            latest[row.id] = row  # oldest first: the last one read is the latest
        key, fields = fk_attname(part), part_fields(part)
        state[part.name] = [
            {"id": row.id, **version_values(row, fields)}
            for pk, row in sorted(latest.items())
            if row.history_type != "-" and getattr(row, key) == record.pk
        ]
    return state
