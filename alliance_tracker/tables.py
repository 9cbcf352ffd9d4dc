"""Tables: the small helpers every CSV of the project is written with (API answers and reports).

A table is a list of ``Column(header, value)``, where ``value`` turns one record into one cell.
The API's CSV answers and the background reports both write tables through ``csv_lines`` or
``write_csv`` here, which hand every cell to ``alliance_tracker.csvio`` (BOM, formula-safe cells,
one line at a time). Each app keeps its own columns (``actors.exports``, ``events.exports``).

The column functions read what ``for_api()`` loads (``select_related``/``prefetch_related``), so
a queryset prepared with it costs a fixed number of queries however many rows it has.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from alliance_tracker import csvio

# Rows fetched per round trip when streaming; ``iterator()`` needs it to keep prefetching.
CHUNK_SIZE = 2000
# Separates the items of a list in one cell: "Khalifa Haftar (visitor); Vladimir Putin (host)".
LIST_SEPARATOR = "; "


class Column(NamedTuple):
    """``value`` makes the cell from a record in Python; ``sql``, where given, makes the same
    cell in the database (``events.copy_export``)."""

    header: str
    value: Callable[[Any], Any]
    sql: str | None = None


def header(columns: Iterable[Column]) -> list[str]:
    return [column.header for column in columns]


def rows(columns: list[Column], records: Iterable) -> Iterator[list]:
    """One list of cells per record, lazily."""
    for record in records:
        yield [column.value(record) for column in columns]


@contextmanager
def streaming(using=DEFAULT_DB_ALIAS):
    """Hold one transaction while an export streams, and mark the connection as the export's.

    On PostgreSQL, ``iterator()`` reads through a server-side cursor; outside a transaction
    Django declares it ``WITH HOLD``, and PostgreSQL then computes and stores the whole result
    before handing over the first row (48.7 s for the full export of a million events). Inside
    one it sends rows as they are found. Until the export ends the connection is in that
    transaction: what else is written on it (a report's progress) would be seen by nobody, so
    such writes go through another connection meanwhile (``held_by_export``). Inside a
    transaction already, nothing changes. SQLite reads rows as they come anyway, and a
    transaction would lock out those writes: it gets none.
    """
    connection = connections[using]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic(using=using), holding(using):
        yield


@contextmanager
def holding(using=DEFAULT_DB_ALIAS):
    """Mark the connection as an export's while the block runs (see ``held_by_export``)."""
    connection = connections[using]
    connection.held_by_exports = getattr(connection, "held_by_exports", 0) + 1
    try:
        yield
    finally:
        connection.held_by_exports -= 1


def held_by_export(using=DEFAULT_DB_ALIAS):
    """Whether an export of this thread holds this connection (its COPY, or the transaction it
    streams in): a write on it now would wait, or be seen by nobody until the export ends."""
    return getattr(connections[using], "held_by_exports", 0) > 0


def stream(queryset, chunk_size=None):
    """Iterate a queryset in chunks, keeping its prefetches, without caching every row.

    The first rows come as soon as the database finds them, whatever the total (``streaming``).
    """
    with streaming(queryset.db):
        yield from queryset.iterator(chunk_size=chunk_size or CHUNK_SIZE)


def csv_lines(columns: list[Column], records: Iterable) -> Iterator[str]:
    """The CSV text of ``records`` line by line (BOM and header first)."""
    return csvio.csv_lines(header(columns), rows(columns, records))


def write_csv(file, columns: list[Column], records: Iterable) -> int:
    """Write ``records`` to a text file opened with ``newline=""``; returns the number of rows."""
    return csvio.write_csv(file, header(columns), rows(columns, records))


def joined(items: Iterable) -> str:
    return LIST_SEPARATOR.join(str(item) for item in items if item not in (None, ""))
