# ruff: noqa: S608 -- every SQL fragment here is a constant of this module; no input reaches it.
"""Event CSV written by PostgreSQL itself: ``COPY (SELECT …) TO STDOUT``.

The Python path (``events.exports``: one ``Column`` per cell, through ``alliance_tracker.csvio``)
is the reference and the only path on SQLite. On PostgreSQL, exporting hundreds of thousands of
events through Python objects is an order of magnitude slower than letting the database write
the CSV, so this module gives every event column an SQL expression that produces the very same
cell: the same date and list formats, the same corroboration summary, the same formula
neutralisation. ``tests/events/test_copy_export.py`` holds the two paths to identical cells.

The filtered, ordered queryset is kept as it is (filters, ordering, ``distinct``): the columns
are added to it as annotations, so the rows and their order are exactly the Python path's.
"""

import codecs

from django.db import connection
from django.db.models import F, OrderBy, Window
from django.db.models.functions import RowNumber

from alliance_tracker.csvio import BOM, FORMULA_STARTS
from alliance_tracker.tables import LIST_SEPARATOR, header
from events.models import Event

# Cells that spreadsheets would run as formulas get a leading apostrophe, as in csvio.safe_cell.
FORMULA_CHARACTERS = ", ".join(f"chr({ord(character)})" for character in FORMULA_STARTS)


def _safe(sql):
    """Neutralise formulas; an empty string becomes NULL, which COPY writes as an empty cell."""
    return (
        f"NULLIF(CASE WHEN left(({sql}), 1) IN ({FORMULA_CHARACTERS}) "
        f"THEN '''' || ({sql}) ELSE ({sql}) END, '')"
    )


def _text(column, table="e"):
    return _safe(f"{table}.{column}")


def _number(column, table="e"):
    return f"({table}.{column})::text"


def _boolean(sql):
    return f"CASE WHEN ({sql}) THEN 'true' WHEN NOT ({sql}) THEN 'false' END"


def _date(sql):
    return f"to_char({sql}, 'YYYY-MM-DD')"


def _date_at_precision(date_column, precision_column):
    """``events.dates.format_date``: 2025-05-09, 2023-09 or 2025."""
    d, p = f"e.{date_column}", f"e.{precision_column}"
    return (
        f"CASE WHEN {d} IS NULL THEN NULL WHEN {p} = 'year' THEN to_char({d}, 'YYYY') "
        f"WHEN {p} = 'month' THEN to_char({d}, 'YYYY-MM') ELSE to_char({d}, 'YYYY-MM-DD') END"
    )


def _timestamp(sql):
    """``datetime.isoformat()`` of an aware UTC time: microseconds only when there are some."""
    utc = f"(({sql}) AT TIME ZONE 'UTC')"
    return (
        f"CASE WHEN {sql} IS NULL THEN NULL ELSE to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
        f"CASE WHEN mod(extract(microseconds FROM {utc})::bigint, 1000000) <> 0 "
        f"THEN to_char({utc}, '.US') ELSE '' END || '+00:00' END"
    )


SEPARATOR = "'" + LIST_SEPARATOR.replace("'", "''") + "'"
SUPPORTING = "c.stance <> 'denies'"
# A claim's origin, as in events.selectors.claim_origin: speaker, else publisher, else source.
ORIGIN = (
    "CASE WHEN c.speaker_id IS NOT NULL THEN 'actor:' || c.speaker_id "
    "WHEN s.publisher <> '' THEN 'publisher:' || lower(s.publisher) ELSE 'source:' || s.id END"
)
OFFICIAL = "sp.kind = 'state' OR sp.category IN ('armed_force', 'government_body')"

# Everything one event row shows, each related table read once per event (LATERAL).
JOINS = f"""
LEFT JOIN events_place pl ON pl.id = e.place_id
LEFT JOIN LATERAL (
    SELECT id, title FROM events_event WHERE id = e.parent_id AND status = 'published' LIMIT 1
) parent ON true
LEFT JOIN LATERAL (
    SELECT string_agg(a.name || ' (' || p.role || ')', {SEPARATOR} ORDER BY p.role, a.name, p.id) AS names,
           string_agg(p.actor_id::text, {SEPARATOR} ORDER BY p.role, a.name, p.id) AS ids
    FROM events_participant p JOIN actors_actor a ON a.id = p.actor_id
    WHERE p.event_id = e.id
) pa ON true
LEFT JOIN LATERAL (
    SELECT count(*) AS total,
           count(DISTINCT {ORIGIN}) FILTER (WHERE {SUPPORTING}) AS origins,
           coalesce(bool_or({OFFICIAL}) FILTER (WHERE {SUPPORTING}), false) AS official,
           count(*) FILTER (WHERE c.stance = 'denies') AS denials,
           min(s.reliability) FILTER (WHERE {SUPPORTING}) AS best_reliability,
           min(c.credibility) FILTER (WHERE {SUPPORTING}) AS best_credibility,
           string_agg('[' || s.id || '] ' || CASE WHEN s.publisher <> '' THEN s.publisher || ': ' ELSE '' END
                      || s.title || ' (' || s.reliability || ')', {SEPARATOR} ORDER BY c.id) AS sources,
           string_agg('«' || c.quote || '» (' || c.stance || ', credibility ' || c.credibility
                      || CASE WHEN sp.id IS NOT NULL THEN ', ' || sp.name ELSE '' END || ')',
                      {SEPARATOR} ORDER BY c.id) AS quotes
    FROM events_claim c
    JOIN events_source s ON s.id = c.source_id
    LEFT JOIN actors_actor sp ON sp.id = c.speaker_id
    WHERE c.event_id = e.id
) cl ON true
-- Once per event: as a subquery inside the formula escaping, it ran up to three times.
LEFT JOIN LATERAL (
    SELECT string_agg(item, {SEPARATOR} ORDER BY direction, link_id) AS items FROM (
        SELECT 1 AS direction, l.id AS link_id, '→ [' || l.to_event_id || '] ' || t.title AS item
        FROM events_eventlink l JOIN events_event t ON t.id = l.to_event_id
        WHERE l.from_event_id = e.id AND t.status = 'published'
        UNION ALL
        SELECT 2, l.id, '← [' || l.from_event_id || '] ' || f.title
        FROM events_eventlink l JOIN events_event f ON f.id = l.from_event_id
        WHERE l.to_event_id = e.id AND f.status = 'published'
    ) related
) rel ON true
"""

# One SQL expression per header of events.exports.EVENT_COLUMNS (and so of every kind's columns).
EVENT_SQL = {
    "id": _number("id"),
    "kind": _text("kind"),
    "title": _text("title"),
    "title_ar": _text("title_ar"),
    "start": _safe(_date_at_precision("start_date", "start_precision")),
    "start_precision": _safe("CASE WHEN e.start_date IS NOT NULL THEN e.start_precision END"),
    "end": _safe(_date_at_precision("end_date", "end_precision")),
    "end_precision": _text("end_precision"),
    "date_uncertain": _boolean("e.date_uncertain"),
    "covered_from": _date("e.date_lo"),
    "covered_to": _date("e.date_hi"),
    "date_note": _text("date_note"),
    "place_id": _number("place_id"),
    "place": _text("name", "pl"),
    "place_country": _text("country", "pl"),
    "latitude": _number("latitude", "pl"),
    "longitude": _number("longitude", "pl"),
    "parent_id": _number("id", "parent"),
    "parent": _text("title", "parent"),
    "participants": _safe("pa.names"),
    "participant_ids": _safe("pa.ids"),
    "visit_occasion": _text("visit_occasion"),
    "visit_on_invitation": _boolean("e.visit_on_invitation"),
    "agreement_type": _text("agreement_type"),
    "agreement_stage": _text("agreement_stage"),
    "agreement_scope": _text("agreement_scope"),
    "deployment_kind": _text("deployment_kind"),
    "deployment_size_min": _number("deployment_size_min"),
    "deployment_size_max": _number("deployment_size_max"),
    "related_events": _text("items", "rel"),
    "claims": _number("total", "cl"),
    "independent_sources": _number("origins", "cl"),
    "official_confirmation": _boolean("cl.official"),
    "denials": _number("denials", "cl"),
    "disputed": _boolean("cl.denials > 0"),
    "best_reliability": _text("best_reliability", "cl"),
    "best_credibility": _number("best_credibility", "cl"),
    "sources": _text("sources", "cl"),
    "quotes": _text("quotes", "cl"),
    "description": _text("description"),
    "published_at": _timestamp("e.published_at"),
    "updated_at": _timestamp("e.updated_at"),
}


def _ordering(queryset):
    """The queryset's ORDER BY as expressions, for numbering its rows in the same order."""
    names = queryset.query.order_by or (
        queryset.model._meta.ordering if queryset.query.default_ordering else []
    )
    return [
        OrderBy(F(name.lstrip("-")), descending=name.startswith("-")) if isinstance(name, str) else name
        for name in names
    ]


def copy_select(columns, queryset):
    """The SQL and parameters of one row per event of ``queryset``, one cell per column.

    The queryset keeps its filters; its rows are numbered in its own order, and the columns
    are computed around those numbered ids.
    """
    picked = queryset.order_by().annotate(_position=Window(RowNumber(), order_by=_ordering(queryset)))
    picked_sql, params = picked.values("pk", "_position").query.sql_with_params()
    cells = ", ".join(EVENT_SQL[column.header] for column in columns)
    sql = (
        f"SELECT {cells} FROM ({picked_sql}) picked JOIN events_event e ON e.id = picked.pk {JOINS} "
        "ORDER BY picked._position"
    )
    return sql, params


def copy_csv_lines(columns, queryset, chunk_bytes=1 << 16):
    """The CSV of ``queryset`` as PostgreSQL writes it, with our BOM and header first.

    Yields text in pieces of about ``chunk_bytes``; memory stays flat however many rows.
    """
    yield BOM + ",".join(header(columns)) + "\r\n"
    sql, params = copy_select(columns, queryset)
    decoder = codecs.getincrementaldecoder("utf-8")()
    with connection.cursor() as cursor:
        statement = cursor.mogrify(sql, params)
        buffered, size = [], 0
        with cursor.cursor.copy(f"COPY ({statement}) TO STDOUT WITH (FORMAT csv)") as copy:
            # While this generator is suspended in here, the connection belongs to the COPY:
            # any other query on it would wait for the COPY, which waits for us (see copying()).
            connection.copies_under_way = copies_under_way() + 1
            try:
                for block in copy:
                    buffered.append(bytes(block))
                    size += len(block)
                    if size >= chunk_bytes:
                        yield decoder.decode(b"".join(buffered))
                        buffered, size = [], 0
            finally:
                connection.copies_under_way -= 1
        yield decoder.decode(b"".join(buffered), final=True)


def copies_under_way():
    return getattr(connection, "copies_under_way", 0)


def copying():
    """Whether a COPY of this thread's connection is under way: it cannot run a query now."""
    return copies_under_way() > 0


def supports(columns, queryset):
    """Whether PostgreSQL can write these columns of these records itself: events, every column
    with an SQL expression."""
    return (
        connection.vendor == "postgresql"
        and queryset.model is Event
        and all(column.header in EVENT_SQL for column in columns)
    )
