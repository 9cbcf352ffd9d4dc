"""Writes that carry editorial rules: moving records through draft → review → published.

Every status change, from an admin action or a script, goes through ``change_status``, and
the admin form's through ``set_status``, which ``change_status`` uses: the permission check
and the timestamps are the same everywhere.
"""

import datetime
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from events.choices import (
    REQUIRED_ROLES,
    ROLES_OF_KIND,
    EventKind,
    ParticipantRole,
    RecordStatus,
    RevisionStatus,
)
from events.models import Event
from events.models.events import role_problem
from events.models.records import Publishable

# Statuses an editor without the publish permission may set, and leave.
EDITOR_STATUSES = {RecordStatus.DRAFT, RecordStatus.IN_REVIEW}

NEEDS_CLAIM = "A record is published only with at least one claim quoting a source."
NEEDS_PARTICIPANT = "An event is published only with at least one participant."


def can_publish(user: AbstractBaseUser, record: Publishable) -> bool:
    return user.has_perm(f"events.publish_{record._meta.model_name}")


def permission_problems(
    user: AbstractBaseUser, record: Publishable, old_status: str, new_status: str
) -> list[str]:
    """Why ``user`` may not move ``record`` from ``old_status`` to ``new_status`` (empty if they may)."""
    if old_status == new_status:
        return []
    if new_status == RecordStatus.RETRACTED and old_status != RecordStatus.PUBLISHED:
        # Retraction announces that a published record was wrong; an unpublished one goes back to draft.
        return ["Only a published record can be retracted; send this one back to draft instead."]
    if can_publish(user, record):
        return []
    if new_status not in EDITOR_STATUSES or old_status not in EDITOR_STATUSES:
        label = RecordStatus(new_status).label.lower()
        return [
            f"Only a reviewer can change the status of {with_article(record._meta.verbose_name)} "
            f"to “{label}” or from “{RecordStatus(old_status).label.lower()}”."
        ]
    return []


def with_article(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def statuses_open_to(user: AbstractBaseUser, record: Publishable, old_status: str) -> list[str]:
    """The statuses ``user`` may move ``record`` to from ``old_status``, itself included, in workflow order."""
    return [status for status in RecordStatus if not permission_problems(user, record, old_status, status)]


# The statuses in which an event must have the roles its kind needs (REQUIRED_ROLES): a
# reviewer reads an operation with its attacker, and researchers see none without one.
ROLES_CHECKED_IN = (RecordStatus.IN_REVIEW, RecordStatus.PUBLISHED)


def needs_role(kind: str, role: str) -> str:
    kind_label = EventKind(kind).label.lower()
    return (
        f"{with_article(kind_label).capitalize()} goes to review or is published only with a participant "
        f"as “{ParticipantRole(role).label.lower()}”."
    )


def saved_roles(record: Event) -> set[str]:
    return set(record.participants.values_list("role", flat=True)) if record.pk else set()


def missing_role_problems(record: Publishable, roles: Iterable[str] | None = None) -> list[str]:
    """The roles ``record``'s kind needs (``REQUIRED_ROLES``) that no participant holds.

    ``roles`` are the participants' roles, by default the saved ones.
    """
    if not isinstance(record, Event):
        return []
    roles = saved_roles(record) if roles is None else set(roles)
    return [
        needs_role(record.kind, role) for role in REQUIRED_ROLES.get(record.kind, ()) if role not in roles
    ]


def role_problems(record: Publishable, roles: Iterable[str] | None = None) -> list[str]:
    """What is wrong with the participants' roles for ``record``'s kind: a role it needs that
    nobody holds, a role it does not have (``ROLES_OF_KIND``; a form refuses it on its row)."""
    if not isinstance(record, Event):
        return []
    roles = saved_roles(record) if roles is None else set(roles)
    wrong = sorted(role for role in roles if role not in ROLES_OF_KIND.get(record.kind, ()))
    return [*missing_role_problems(record, roles), *(role_problem(record.kind, role) for role in wrong)]


def count_problems(
    record: Publishable, claim_count: int | None = None, participant_count: int | None = None
) -> list[str]:
    """The rows ``record`` needs to be published: a claim, and for an event a participant."""
    problems = []
    if claim_count is None:
        claim_count = record.claims.count() if record.pk else 0
    if claim_count < 1:
        problems.append(NEEDS_CLAIM)
    if isinstance(record, Event):
        if participant_count is None:
            participant_count = record.participants.count() if record.pk else 0
        if participant_count < 1:
            problems.append(NEEDS_PARTICIPANT)
    return problems


def publication_problems(
    record: Publishable,
    claim_count: int | None = None,
    participant_count: int | None = None,
    roles: Iterable[str] | None = None,
) -> list[str]:
    """What keeps ``record`` from being published; counts and roles default to what is saved."""
    return [*count_problems(record, claim_count, participant_count), *role_problems(record, roles)]


def status_problems(record: Publishable, new_status: str) -> list[str]:
    """What the saved record lacks for ``new_status``: the roles for review, and everything for publication."""
    if new_status == RecordStatus.PUBLISHED:
        return publication_problems(record)
    if new_status in ROLES_CHECKED_IN:
        return role_problems(record)
    return []


def stamp_status_change(
    record: Publishable, old_status: str, new_status: str, now: datetime.datetime | None = None
) -> None:
    """Keep ``published_at`` and ``withdrawn_at`` true to the change (does not save)."""
    now = now or timezone.now()
    if new_status == RecordStatus.PUBLISHED and old_status != RecordStatus.PUBLISHED:
        record.published_at = now
        record.withdrawn_at = None
    elif old_status == RecordStatus.PUBLISHED and new_status != RecordStatus.PUBLISHED:
        record.withdrawn_at = now


def set_status(record: Publishable, old_status: str, new_status: str, user: AbstractBaseUser) -> Publishable:
    """Give ``record`` ``new_status`` as ``user``, with its timestamps (does not save).

    Raises ``ValidationError`` when ``user`` may not make the change. The publication rules
    are the caller's: ``change_status`` reads the saved claims, an admin page the rows it posts.
    """
    problems = permission_problems(user, record, old_status, new_status)
    if problems:
        raise ValidationError(problems)
    if old_status != new_status:
        stamp_status_change(record, old_status, new_status)
        if old_status == RecordStatus.PUBLISHED:
            withdraw_pending_changes(
                record, f"The record was set to “{RecordStatus(new_status).label.lower()}”."
            )
    record.status = new_status
    record._history_user = user
    return record


def withdraw_pending_changes(record: Publishable, note: str) -> None:
    """A record leaving the published record takes no pending change with it: edits apply directly."""
    from events.models import Revision

    if record.pk is not None:
        Revision.objects.pending().of(record).update(
            status=RevisionStatus.WITHDRAWN, review_note=note, reviewed_at=timezone.now()
        )


@transaction.atomic
def change_status(record: Publishable, new_status: str, user: AbstractBaseUser) -> Publishable:
    """Move a saved record to ``new_status`` as ``user``, or raise ``ValidationError`` saying why."""
    record = type(record).objects.select_for_update().get(pk=record.pk)
    old_status = record.status
    problems = permission_problems(user, record, old_status, new_status)
    if not problems and old_status != new_status:
        problems = status_problems(record, new_status)
    if problems:
        raise ValidationError(problems)
    if old_status == new_status:
        return record
    set_status(record, old_status, new_status, user)
    record.save()
    return record
