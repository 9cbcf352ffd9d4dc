"""What the database said at a moment: ``as_known_on`` (issue 14).

Every table of the record (actors and their names, events and their parts, ties, claims,
sources, places) keeps every version of its rows in simple-history's table beside it, each with
the time it was written (``history_date``) and whether it was created, changed or deleted. The
row a table held at a moment ``T`` is the latest version written at or before ``T``, unless
that version is a deletion.

Rather than a second set of querysets for the past, the very queries of the present run
against the past: inside ``known_on(T)``, each read statement sent to the database has every
reference to a tracked table (``FROM "events_event"``, ``JOIN events_claim c``) replaced by a
derived table of the same name, or the same alias, holding the rows of that moment::

    (SELECT h."id", h."title", … FROM "events_historicalevent" h
     WHERE h.history_date <= T AND h.history_type <> '-' AND NOT EXISTS (a later version ≤ T)) "events_event"

So the visibility rules, filters, ordering, cursor pages and the CSV of the present apply
unchanged to the past, with the same number of queries. Writes are never rewritten.

This needs history to be complete: every column of every tracked table is kept (no
``excluded_fields``), every write that bypasses ``save()`` writes its versions too
(``write_history``), and history is complete from the migration that made it so
(``history_start``): a moment before it is refused.

Reading the past scans the history tables, so it is slower than reading the present; each
history table has an index on the record's id and on ``history_date``.
"""

import contextlib
import contextvars
import datetime
import functools
import re
from collections.abc import Iterable, Iterator

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

# The migration from which every column and every write is in the history.
HISTORY_COMPLETE_MIGRATION = ("events", "0025_complete_history")

# A version written by the project itself, not by an editor: a derived field recomputed, a
# record's ``updated_at`` moved because a part shown with it changed. The record's history
# (events.history) does not list these.
DERIVED_CHANGE = "derived"

_moment: contextvars.ContextVar[datetime.datetime | None] = contextvars.ContextVar("known_on", default=None)

# Words that may follow a table's name and are not its alias.
_NOT_ALIASES = {
    "ON",
    "WHERE",
    "INNER",
    "LEFT",
    "RIGHT",
    "FULL",
    "CROSS",
    "OUTER",
    "JOIN",
    "NATURAL",
    "USING",
    "GROUP",
    "ORDER",
    "HAVING",
    "WINDOW",
    "LIMIT",
    "OFFSET",
    "FETCH",
    "UNION",
    "EXCEPT",
    "INTERSECT",
    "FOR",
    "RETURNING",
    "LATERAL",
    "WITH",
}


def tracked_models() -> list[tuple[type, type]]:
    """(model, its history model) for every model of the record that keeps history."""
    pairs = []
    for model in global_apps.get_models():
        name = getattr(model._meta, "simple_history_manager_attribute", None)
        if name and model._meta.app_label in ("actors", "events"):
            pairs.append((model, getattr(model, name).model))
    return pairs


@functools.cache
def _tables() -> dict[str, tuple[str, str, str]]:
    """{live table: (history table, its columns as a select list, the key column)}."""
    tables = {}
    for model, history in tracked_models():
        columns = [field.column for field in model._meta.concrete_fields]
        kept = {field.column for field in history._meta.concrete_fields}
        missing = sorted(set(columns) - kept)
        if missing:  # pragma: no cover - a model that excludes fields again
            raise RuntimeError(
                f"{model._meta.label}'s history lacks {', '.join(missing)}: as_known_on needs all."
            )
        select = ", ".join(f'known."{column}"' for column in columns)
        tables[model._meta.db_table] = (history._meta.db_table, select, model._meta.pk.column)
    return tables


@functools.cache
def _pattern() -> re.Pattern:
    names = "|".join(re.escape(table) for table in sorted(_tables(), key=len, reverse=True))
    # FROM or JOIN, the table quoted or not (Django quotes, the COPY export's SQL does not), and
    # the word after it, which is its alias unless it is a keyword. Not followed by a dot: that
    # is a column (``EXTRACT(year FROM "events_event"."date")``).
    return re.compile(
        rf'\b(?P<clause>FROM|JOIN)(?P<space>\s+)(?P<quote>"?)(?P<table>{names})(?P=quote)(?![\w".])'
        r'(?P<after>\s+(?:AS\s+)?(?P<alias>"[^"]+"|[A-Za-z_]\w*))?',
        re.IGNORECASE,
    )


def moment_literal(moment: datetime.datetime) -> str:
    """``moment`` as an SQL literal compared with ``history_date`` as the database stores it."""
    if connection.vendor == "postgresql":
        return f"'{moment.astimezone(datetime.UTC).isoformat()}'::timestamptz"
    # SQLite stores datetimes as text, in UTC, in the format Django adapts them to.
    return "'" + str(connection.ops.adapt_datetimefield_value(moment)) + "'"


def _derived_table(table: str, alias: str, at: str) -> str:
    # Names from the models and a datetime formatted here: no input reaches this SQL.
    history, select, key = _tables()[table]
    return (
        f'(SELECT {select} FROM "{history}" known WHERE known.history_date <= {at} '  # noqa: S608
        "AND known.history_type <> '-' AND NOT EXISTS ("
        f'SELECT 1 FROM "{history}" later WHERE later."{key}" = known."{key}" '
        f"AND later.history_date <= {at} AND (later.history_date > known.history_date "
        "OR (later.history_date = known.history_date AND later.history_id > known.history_id)))) "
        f"{alias}"
    )


def rewrite(sql: str, moment: datetime.datetime | None = None) -> str:
    """``sql`` reading the tables as they stood at ``moment`` (by default, the one ``known_on`` set)."""
    moment = moment or _moment.get()
    if moment is None or not is_read(sql):
        return sql
    at = moment_literal(moment)

    def replace(match):
        table, alias = match["table"], match["alias"]
        keep_after = ""
        if alias is None or alias.strip('"').upper() in _NOT_ALIASES:
            keep_after, alias = match["after"] or "", f'"{table}"'
        return f"{match['clause']}{match['space']}{_derived_table(table, alias, at)}{keep_after}"

    return _pattern().sub(replace, sql)


def is_read(sql: str) -> bool:
    start = sql.lstrip(" \t\r\n(")[:6].upper()
    return start.startswith(("SELECT", "WITH"))


def _execute(execute, sql, params, many, context):
    return execute(rewrite(sql), params, many, context)


def current() -> datetime.datetime | None:
    """The moment reads answer for, or None for the present."""
    return _moment.get()


@contextlib.contextmanager
def known_on(moment: datetime.datetime | None):
    """Within this block, every read of the record answers as the database stood at ``moment``
    (on every database alias: a read replica too). ``None`` changes nothing."""
    if moment is None:
        yield
        return
    token = _moment.set(moment)
    try:
        with contextlib.ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(_execute))
            yield
    finally:
        _moment.reset(token)


def streamed_known_on(moment: datetime.datetime | None, pieces: Iterable) -> Iterator:
    """``pieces`` (a streaming response's body) computed as at ``moment``: the block is entered
    for each piece only, so that whatever runs between pieces reads the present."""
    iterator = iter(pieces)
    while True:
        with known_on(moment):
            try:
                piece = next(iterator)
            except StopIteration:
                return
        yield piece


# ---------------------------------------------------------------------------- the moment asked for


class MomentError(ValueError):
    pass


MAX_MOMENT_LENGTH = 64
_HAS_TIME = re.compile(r"\d[T ]\d\d:\d\d", re.IGNORECASE)
_SPACE_FOR_PLUS = re.compile(r"(\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d(?::?\d\d)?)$")


def history_start(using: str = DEFAULT_DB_ALIAS) -> datetime.datetime | None:
    """When history became complete: the moment the migration that made it so was applied."""
    from django.db.migrations.recorder import MigrationRecorder

    app, name = HISTORY_COMPLETE_MIGRATION
    return (
        MigrationRecorder(connections[using])
        .migration_qs.filter(app=app, name=name)
        .values_list("applied", flat=True)
        .first()
    )


def parse_moment(raw: str, now: datetime.datetime | None = None) -> datetime.datetime:
    """The moment ``raw`` names (ISO 8601; without an offset it is UTC), or ``MomentError`` saying
    why it cannot be answered for: malformed, in the future, or before history began."""
    from django.utils.dateparse import parse_datetime

    example = "give a date and time in ISO 8601, e.g. 2026-01-31T12:00:00Z"
    if len(raw) > MAX_MOMENT_LENGTH or "\x00" in raw:
        raise MomentError(f"Not a date and time: {example}.")
    raw = raw.strip()
    # A "+" left unencoded in a query string arrives as a space: 12:00:00 01:00 is 12:00:00+01:00.
    raw = _SPACE_FOR_PLUS.sub(r"\1+\2", raw)
    try:
        moment = parse_datetime(raw)
    except ValueError:
        moment = None
    if moment is None or not _HAS_TIME.search(raw):
        # A bare date is refused rather than guessed at (its first moment? its last?).
        raise MomentError(f"Not a date and time: {example}.")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    now = now or timezone.now()
    if moment > now:
        raise MomentError(f"{moment.isoformat()} is in the future; the record can be asked for up to now.")
    start = history_start()
    if start is None or moment < start:
        began = start.astimezone(datetime.UTC).isoformat() if start else "later"
        raise MomentError(f"The history of the record begins at {began}: ask for a moment after it.")
    return moment


# ---------------------------------------------------------------------------- writing history


def write_history(
    model: type, pks: Iterable[int], reason: str = DERIVED_CHANGE, apps=global_apps, batch=500
) -> None:
    """A new version of each of these rows as they stand now, for writes that bypass ``save()``
    (``QuerySet.update()``, ``bulk_update``), which simple-history does not see.

    One ``INSERT … SELECT`` per ``batch`` rows, copying every column from the live row. In a
    migration (``apps`` its own models) nothing is written: the migration that completed history
    wrote a version of every row.
    """
    pks = sorted(set(pks))
    if not pks or apps is not global_apps:
        return
    history = model.history.model
    columns = ", ".join(f'"{field.column}"' for field in model._meta.concrete_fields)
    using = model.objects.db
    quote = connections[using].ops.quote_name
    now = timezone.now()
    for start in range(0, len(pks), batch):
        chunk = pks[start : start + batch]
        marks = ", ".join(["%s"] * len(chunk))
        sql = (
            f"INSERT INTO {quote(history._meta.db_table)} ({columns}, history_date, history_type, "  # noqa: S608
            f"history_change_reason, history_user_id) SELECT {columns}, %s, '~', %s, NULL "
            f"FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} IN ({marks})"
        )
        with connections[using].cursor() as cursor:
            cursor.execute(sql, [now, reason, *chunk])


def update_with_history(queryset, **values) -> int:
    """``queryset.update(**values)``, and a version of each row it changed."""
    pks = sorted(set(queryset.order_by().values_list("pk", flat=True)))
    updated = 0
    for start in range(0, len(pks), 500):
        updated += queryset.model.objects.filter(pk__in=pks[start : start + 500]).update(**values)
    write_history(queryset.model, pks)
    return updated
