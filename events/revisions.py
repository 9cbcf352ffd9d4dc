"""Changes to published records wait for a reviewer; the whole record is the unit of a change.

A published event or tie is what researchers cite, so an editor's save of one does not change
it. The admin applies the save inside a savepoint, reads back the record as the save would leave
it (``record_state``: its own fields, and every claim, participant and link) and rolls back,
keeping that state as a pending ``Revision``. A reviewer reads it as a diff against the
published version (``compare``) and approves it, which writes it through the models' ``save``
in one transaction, so that search documents, ``updated_at`` and history follow; or sends it
back with a note for the editor.

Nothing that serves the public record needs to know of revisions: until approval, the published
rows are untouched.

New rows of a pending change (a claim it adds) have no id in the database. In the state they
carry negative ids, stable from one page to the next, so that the admin's forms can show the
pending change (``apply_state(..., preview=True)`` writes them with those ids inside the
savepoint) and the editor can change it again.
"""

import datetime
import decimal
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from events.choices import RecordStatus, RevisionStatus
from events.models import Claim, Event, EventLink, Participant, Provision, Revision, Stage, Tie
from events.models.records import Publishable
from events.services import can_publish, publication_problems


@dataclass(frozen=True)
class Part:
    """Rows shown as part of a record: its claims, participants, links to other events."""

    name: str  # the record's related name for them
    model: type[models.Model]
    fk: str  # their foreign key to the record
    label: str

    def rows(self, record) -> models.QuerySet:
        return self.model._default_manager.filter(**{self.fk: record.pk}).order_by("pk")


PARTS: dict[type[models.Model], list[Part]] = {
    Event: [
        Part("participants", Participant, "event", "participant"),
        Part("claims", Claim, "event", "claim"),
        Part("links_out", EventLink, "from_event", "link to another event"),
        # An agreement's dated stages and its parties' obligations (events.models.agreements).
        Part("stages", Stage, "agreement", "stage"),
        Part("provisions", Provision, "agreement", "provision"),
    ],
    Tie: [Part("claims", Claim, "tie", "claim")],
}

# Moved through the workflow (events.services), not by a revision.
WORKFLOW_FIELDS = {"status"}


def parts_of(model: type[models.Model]) -> list[Part]:
    return PARTS[model]


def own_fields(model: type[models.Model]) -> list[models.Field]:
    """The record's fields a change may set: what an editor types, not what is derived or stamped."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in WORKFLOW_FIELDS
    ]


def part_fields(part: Part) -> list[models.Field]:
    """A part's fields, without its id and its links to the record it belongs to."""
    record_keys = {other.fk for parts in PARTS.values() for other in parts if other.model is part.model}
    return [
        f
        for f in part.model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in record_keys
    ]


def to_json(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def from_json(model_field: models.Field, value: Any) -> Any:
    return None if value is None else model_field.to_python(value)


def is_blank(value: Any) -> bool:
    """No value to show: nothing, an empty text, or an empty list of choices (ChoiceListField)."""
    return value is None or value == "" or value == []


# --- reading and writing a whole record ---------------------------------------------------------


def record_state(record: Publishable) -> dict:
    """The record as stored now: its own fields and every row of each of its parts."""
    model = type(record)
    stored = model._default_manager.get(pk=record.pk)
    state = {"fields": {f.attname: to_json(f.value_from_object(stored)) for f in own_fields(model)}}
    for part in parts_of(model):
        fields = part_fields(part)
        state[part.name] = [
            {"id": row.pk, **{f.attname: to_json(f.value_from_object(row)) for f in fields}}
            for row in part.rows(stored)
        ]
    return state


def apply_state(
    record: Publishable,
    state: dict,
    *,
    user: AbstractBaseUser | None = None,
    reason: str = "",
    preview: bool = False,
    touch_record: bool = True,
) -> Publishable:
    """Make the stored record what ``state`` says, through each model's ``save`` and ``delete``.

    Rows of the record missing from ``state`` are deleted, new ones inserted, changed ones saved;
    unchanged rows are not written. With ``preview``, new rows keep the negative ids the state
    gives them (the caller rolls the writes back). ``user`` and ``reason`` go into history.
    The record itself is saved, so that its ``updated_at`` moves, unless ``touch_record`` is
    false (a caller that has just saved it).
    """
    model = type(record)

    def stamp(row):
        row._history_user = user
        row._change_reason = reason or None
        return row

    stored = model._default_manager.select_for_update().get(pk=record.pk)
    for f in own_fields(model):
        if f.attname in state["fields"]:
            setattr(stored, f.attname, from_json(f, state["fields"][f.attname]))
    if touch_record:
        stamp(stored).save()

    for part in parts_of(model):
        wanted = state.get(part.name, [])
        existing = {row.pk: row for row in part.rows(stored)}
        kept = {row.get("id") for row in wanted} & existing.keys()
        # Deletions first, so that a row added again in place of a removed one does not clash with it.
        for pk, row in existing.items():
            if pk not in kept:
                stamp(row).delete()
        fields = part_fields(part)
        for values in wanted:
            row = existing.get(values.get("id"))
            adding = row is None
            if adding:
                row = part.model(**{part.fk: stored})
                if preview and (values.get("id") or 0) < 0:
                    row.pk = values["id"]
            changed = False
            for f in fields:
                if f.attname not in values:
                    continue
                value = from_json(f, values[f.attname])
                if getattr(row, f.attname) != value:
                    setattr(row, f.attname, value)
                    changed = True
            if adding or changed:
                stamp(row).save(force_insert=adding)
    return stored


def number_new_rows(proposed: dict, live: dict) -> dict:
    """Give the rows ``proposed`` adds to the ``live`` record negative ids, stable across saves.

    Read back inside a savepoint, a row added by this save has an id the rollback gives back;
    rows added by an earlier save of the same change already hold negative ids and keep them.
    """
    lowest = min([0, *(row["id"] for name, rows in proposed.items() if name != "fields" for row in rows)])
    for name, rows in proposed.items():
        if name == "fields":
            continue
        live_ids = {row["id"] for row in live.get(name, [])}
        for row in rows:
            if row["id"] > 0 and row["id"] not in live_ids:
                lowest -= 1
                row["id"] = lowest
    return proposed


# --- comparing two states -----------------------------------------------------------------------


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class RowChange:
    """A part added, removed or changed; ``fields`` lists all its values, or those that changed."""

    part: Part
    action: str  # "added", "removed" or "changed"
    summary: str
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class RecordDiff:
    fields: list[FieldChange]
    rows: list[RowChange]

    def __bool__(self):
        return bool(self.fields or self.rows)


class Labels:
    """Readable values for a diff: choices by their labels, related records by their names."""

    def __init__(self):
        self.related = {}

    def __call__(self, model_field: models.Field, value: Any) -> str:
        if is_blank(value):
            return "–"
        if isinstance(value, list | tuple):
            # Several choices in one field (events.fields.ChoiceListField), each by its label.
            choices = dict(model_field.flatchoices)
            return ", ".join(str(choices.get(code, code)) for code in value)
        if model_field.is_relation:
            key = (model_field.related_model, value)
            if key not in self.related:
                found = model_field.related_model._default_manager.filter(pk=value).first()
                self.related[key] = str(found) if found is not None else f"#{value} (no longer exists)"
            return self.related[key]
        if model_field.choices:
            value = from_json(model_field, value)
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)


def label_of(model_field: models.Field) -> str:
    return str(model_field.verbose_name)


def compare(model: type[models.Model], old: dict, new: dict, record=None) -> RecordDiff:
    """What changes from the ``old`` state to the ``new``: fields, and rows added, removed, changed."""
    labels = Labels()
    changes = [
        FieldChange(
            label_of(f), labels(f, old["fields"].get(f.attname)), labels(f, new["fields"].get(f.attname))
        )
        for f in own_fields(model)
        if old["fields"].get(f.attname) != new["fields"].get(f.attname)
    ]
    rows = []
    for part in parts_of(model):
        fields = part_fields(part)
        before = {row["id"]: row for row in old.get(part.name, [])}
        after = {row["id"]: row for row in new.get(part.name, [])}

        def summary(values, part=part, fields=fields):
            row = part.model(**({part.fk: record} if record is not None else {}))
            for f in fields:
                if f.attname in values:
                    setattr(row, f.attname, from_json(f, values[f.attname]))
            try:
                return str(row)
            except ObjectDoesNotExist:
                return part.label

        def all_values(values, fields=fields):
            return [
                FieldChange(label_of(f), "", labels(f, values.get(f.attname)))
                for f in fields
                if not is_blank(values.get(f.attname))
            ]

        for pk, values in before.items():
            if pk not in after:
                removed = [FieldChange(c.label, c.new, "") for c in all_values(values)]
                rows.append(RowChange(part, "removed", summary(values), removed))
        for pk, values in after.items():
            if pk not in before:
                rows.append(RowChange(part, "added", summary(values), all_values(values)))
                continue
            changed = [
                FieldChange(
                    label_of(f), labels(f, before[pk].get(f.attname)), labels(f, values.get(f.attname))
                )
                for f in fields
                if before[pk].get(f.attname) != values.get(f.attname)
            ]
            if changed:
                rows.append(RowChange(part, "changed", summary(values), changed))
    return RecordDiff(changes, rows)


def revision_diff(revision: Revision) -> RecordDiff:
    """The pending change as a reviewer reads it: from the published version to the proposed one."""
    record = revision.record
    return compare(type(record), record_state(record), revision.state, record)


# --- the review -----------------------------------------------------------------------------


class RevisionRefused(Exception):
    """A review step that cannot be taken; the message says why, for the admin."""


def is_stale(revision: Revision, record: Publishable) -> bool:
    """Whether the published version moved after ``revision`` was made (a merge, a retraction)."""
    return revision.based_on != record.updated_at


def pending_revision(record: Publishable) -> Revision | None:
    if record.pk is None:
        return None
    return Revision.objects.pending().of(record).first()


def propose(record: Publishable, state: dict, user: AbstractBaseUser, reason: str) -> Revision | None:
    """Keep ``state`` as the change awaiting review on the published ``record``.

    A record has one pending change: a second save, by the same editor or another, replaces its
    state and joins its contributors. A state equal to the published version withdraws the
    pending change, if any, and returns ``None``: there is nothing left to review.
    """
    with transaction.atomic():
        locked = type(record)._default_manager.select_for_update().get(pk=record.pk)
        pending = Revision.objects.select_for_update().pending().of(locked).first()
        live = record_state(locked)
        if state == live:
            if pending is not None:
                pending.status = RevisionStatus.WITHDRAWN
                pending.review_note = "Undone: the change left the record as published."
                pending.save()
            return None
        if pending is not None and is_stale(pending, locked):
            # Made on a published version that has moved since (a merge, a retraction and back):
            # saving it again would bring back what moved. It is kept, withdrawn, to read; the new
            # change starts from the published version as it is.
            pending.status = RevisionStatus.WITHDRAWN
            pending.review_note = "Replaced: the published version changed after this change was made."
            pending.save()
            pending = None
        if pending is None:
            pending = Revision(**{locked._meta.model_name: locked}, author=user)
        pending.state = state
        pending.reason = reason.strip()
        pending.author = user
        pending.based_on = locked.updated_at
        pending.save()
        pending.contributors.add(user)
    return pending


def review_problems(revision: Revision, reviewer: AbstractBaseUser) -> list[str]:
    """Why ``reviewer`` may not approve ``revision`` now (empty if they may)."""
    record = revision.record
    if not revision.is_pending:
        return [f"This change is {revision.get_status_display().lower()}, no longer awaiting review."]
    if not can_publish(reviewer, record):
        return ["Only a reviewer can approve a change to a published record."]
    if not settings.REVIEW_SELF_APPROVAL and revision.contributors.filter(pk=reviewer.pk).exists():
        return [
            "You made this change (or part of it): another reviewer approves it. "
            "A one-person newsroom can allow this with DJANGO_REVIEW_SELF_APPROVAL."
        ]
    if is_stale(revision, record):
        return [
            "The published version changed after this change was made, so approving it could undo "
            "that. Send it back: the editor's next save of the record starts a new change from the "
            "published version as it is (this one stays readable here)."
        ]
    return []


def version_of(revision: Revision) -> str:
    """What a reviewer read: a change saved again after the review page was opened is another one."""
    return revision.updated_at.isoformat()


def approve(revision: Revision, reviewer: AbstractBaseUser, seen: str | None = None) -> Publishable:
    """Make the pending change the published version, in one transaction; raises ``RevisionRefused``.

    ``seen`` is the ``version_of`` the change the reviewer read (the review page posts it): a
    change saved again since is not approved unread.
    """
    try:
        with transaction.atomic():
            revision = Revision.objects.select_for_update().get(pk=revision.pk)
            model = type(revision.record)
            record = model._default_manager.select_for_update().get(pk=revision.record.pk)
            if seen is not None and seen != version_of(revision):
                raise RevisionRefused(
                    "The change was saved again after you opened this page: read it again before approving."
                )
            problems = review_problems(revision, reviewer)
            if problems:
                raise RevisionRefused(" ".join(problems))
            reason = f"{revision.reason} (approved by {reviewer.get_username()})"
            record = apply_state(record, revision.state, user=revision.author, reason=reason)
            problems = list(publication_problems(record)) if record.status == RecordStatus.PUBLISHED else []
            # Every quote must still be in its source's text (Claim.quote_problem), as on the forms.
            for claim in Claim.objects.filter(**{model._meta.model_name: record}).select_related("source"):
                problem = claim.quote_problem()
                if problem:
                    problems.append(f"Claim “{claim}”: {problem}")
            if problems:
                raise RevisionRefused(" ".join(problems))
            # Foreign keys are checked at commit; a row naming a source deleted since must fail here,
            # where it can be reported, even when this runs inside a larger transaction.
            tables = [model._meta.db_table, *(part.model._meta.db_table for part in parts_of(model))]
            connection.check_constraints(table_names=tables)
            revision.status = RevisionStatus.APPROVED
            revision.reviewed_by = reviewer
            revision.reviewed_at = timezone.now()
            revision.save()
    except (DatabaseError, ValidationError, ObjectDoesNotExist) as error:
        raise RevisionRefused(
            f"This change no longer fits the record ({error}); nothing was changed. "
            "Send it back for the editor to redo."
        ) from error
    return record


def send_back(revision: Revision, reviewer: AbstractBaseUser, note: str) -> Revision:
    """Refuse the pending change with a note the editor reads; the published version stays."""
    note = note.strip()
    if "\x00" in note:
        raise RevisionRefused("The note holds a NUL character: remove it.")
    if not revision.is_pending:
        raise RevisionRefused(
            f"This change is {revision.get_status_display().lower()}, no longer awaiting review."
        )
    if not can_publish(reviewer, revision.record):
        raise RevisionRefused("Only a reviewer can send a change back.")
    if not note:
        raise RevisionRefused("Say why the change is sent back: the editor reads it.")
    revision.status = RevisionStatus.SENT_BACK
    revision.reviewed_by = reviewer
    revision.reviewed_at = timezone.now()
    revision.review_note = note
    revision.save()
    return revision


def may_withdraw(revision: Revision, user: AbstractBaseUser) -> bool:
    """Whoever made (or added to) the change may take it back, and so may a reviewer."""
    return can_publish(user, revision.record) or revision.contributors.filter(pk=user.pk).exists()


def withdraw(revision: Revision, user: AbstractBaseUser) -> Revision:
    """The editor takes back their pending change (a reviewer may too); the published version stays."""
    if not revision.is_pending:
        raise RevisionRefused(
            f"This change is {revision.get_status_display().lower()}, no longer awaiting review."
        )
    if not may_withdraw(revision, user):
        raise RevisionRefused("Only whoever made the change, or a reviewer, can withdraw it.")
    revision.status = RevisionStatus.WITHDRAWN
    revision.reviewed_by = user
    revision.reviewed_at = timezone.now()
    revision.save()
    return revision
