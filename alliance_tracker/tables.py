"""Tables: the small helpers every CSV of the project is written with (API answers and reports).

A table is a list of ``Column(header, value)``, where ``value`` turns one record into one cell.
The API's CSV answers and the background reports both write tables through ``csv_lines`` or
``write_csv`` here, which hand every cell to ``alliance_tracker.csvio`` (BOM, formula-safe cells,
one line at a time). Each app keeps its own columns (``actors.exports``, ``events.exports``).

The column functions read what ``for_api()`` loads (``select_related``/``prefetch_related``), so
a queryset prepared with it costs a fixed number of queries however many rows it has.
"""

from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

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


def stream(queryset):
    """Iterate a queryset in chunks, keeping its prefetches, without caching every row."""
    return queryset.iterator(chunk_size=CHUNK_SIZE)


def csv_lines(columns: list[Column], records: Iterable) -> Iterator[str]:
    """The CSV text of ``records`` line by line (BOM and header first)."""
    return csvio.csv_lines(header(columns), rows(columns, records))


def write_csv(file, columns: list[Column], records: Iterable) -> int:
    """Write ``records`` to a text file opened with ``newline=""``; returns the number of rows."""
    return csvio.write_csv(file, header(columns), rows(columns, records))


def joined(items: Iterable) -> str:
    return LIST_SEPARATOR.join(str(item) for item in items if item not in (None, ""))
