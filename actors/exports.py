"""CSV columns for actors, and the small table helpers every export in the project shares.

A table is a list of ``Column(header, value)``, where ``value`` turns one record into one cell.
The API's CSV answers and the background reports both write tables through ``csv_lines`` or
``write_csv`` here, which hand every cell to ``alliance_tracker.csvio`` (BOM, formula-safe cells,
one line at a time). The helpers live in ``actors`` because both apps may import it, and
``events.exports`` re-exports them.

The column functions read what ``for_api()`` loads (``select_related``/``prefetch_related``), so
a queryset prepared with it costs a fixed number of queries however many rows it has.
"""

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from alliance_tracker import csvio

# Rows fetched per round trip when streaming; ``iterator()`` needs it to keep prefetching.
CHUNK_SIZE = 2000
# Separates the items of a list in one cell: "Khalifa Haftar (visitor); Vladimir Putin (host)".
LIST_SEPARATOR = "; "


class Column(NamedTuple):
    header: str
    value: Callable[[Any], Any]


def header(columns):
    return [column.header for column in columns]


def rows(columns, records: Iterable):
    """One list of cells per record, lazily."""
    for record in records:
        yield [column.value(record) for column in columns]


def stream(queryset):
    """Iterate a queryset in chunks, keeping its prefetches, without caching every row."""
    return queryset.iterator(chunk_size=CHUNK_SIZE)


def csv_lines(columns, records):
    """The CSV text of ``records`` line by line (BOM and header first)."""
    return csvio.csv_lines(header(columns), rows(columns, records))


def write_csv(file, columns, records):
    """Write ``records`` to a text file opened with ``newline=""``; returns the number of rows."""
    return csvio.write_csv(file, header(columns), rows(columns, records))


def joined(items):
    return LIST_SEPARATOR.join(str(item) for item in items if item not in (None, ""))


def _names(actor_or_place):
    """Every name, by language: "ar: خليفة حفتر; en: Khalifa Haftar; en: Hifter"."""
    return joined(f"{name.language}: {name.name}" for name in actor_or_place.names.all())


def _public_parent(actor):
    # ``parent_is_public`` comes from ActorQuerySet.for_api(); without it, hide the parent.
    return actor.parent if actor.parent_id and getattr(actor, "parent_is_public", False) else None


ACTOR_COLUMNS = [
    Column("id", lambda a: a.pk),
    Column("slug", lambda a: a.slug),
    Column("name", lambda a: a.name),
    Column("kind", lambda a: a.kind),
    Column("category", lambda a: a.category),
    Column("country", lambda a: a.country.code if a.country else ""),
    Column("parent_id", lambda a: _public_parent(a).pk if _public_parent(a) else None),
    Column("parent", lambda a: _public_parent(a).name if _public_parent(a) else ""),
    Column("wikidata_id", lambda a: a.wikidata_id),
    Column("names", _names),
    Column("description", lambda a: a.description),
    Column("updated_at", lambda a: a.updated_at),
]


def actor_rows(queryset):
    """Rows of ``ACTOR_COLUMNS`` for a queryset from ``Actor.objects…for_api()``, streamed."""
    return rows(ACTOR_COLUMNS, stream(queryset))
