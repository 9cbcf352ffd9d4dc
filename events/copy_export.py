# ruff: noqa: S608, S611 -- every SQL fragment here is a constant of this module; no input reaches it.
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
from django.db.models.expressions import RawSQL

from alliance_tracker.csvio import BOM, FORMULA_STARTS
from events.exports import LIST_SEPARATOR, header

# Cells that spreadsheets would run as formulas get a leading apostrophe, as in csvio.safe_cell.
FORMULA_CHARACTERS = ", ".join(f"chr({ord(character)})" for character in FORMULA_STARTS)


def _safe(sql):
    """Neutralise formulas; an empty string becomes NULL, which COPY writes as an empty cell."""
    return (
        f"NULLIF(CASE WHEN left(({sql}), 1) IN ({FORMULA_CHARACTERS}) "
        f"THEN '''' || ({sql}) ELSE ({sql}) END, '')"
    )


def _text(column, table='"events_event"'):
    return _safe(f'{table}."{column}"')


def _number(column, table='"events_event"'):
    return f'({table}."{column}")::text'


def _boolean(sql):
    return f"CASE WHEN ({sql}) THEN 'true' WHEN NOT ({sql}) THEN 'false' END"


def _date(sql):
    return f"to_char({sql}, 'YYYY-MM-DD')"


def _date_at_precision(date_column, precision_column):
    """``events.dates.format_date``: 2025-05-09, 2023-09 or 2025."""
    d, p = f'"events_event"."{date_column}"', f'"events_event"."{precision_column}"'
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
EVENT_ID = '"events_event"."id"'
SUPPORTING = "c.stance <> 'denies'"
# A claim's origin, as in events.selectors.claim_origin: speaker, else publisher, else source.
ORIGIN = (
    "CASE WHEN c.speaker_id IS NOT NULL THEN 'actor:' || c.speaker_id "
    "WHEN s.publisher <> '' THEN 'publisher:' || lower(s.publisher) ELSE 'source:' || s.id END"
)
CLAIMS_FROM = (
    f"FROM events_claim c JOIN events_source s ON s.id = c.source_id "
    f"LEFT JOIN actors_actor sp ON sp.id = c.speaker_id WHERE c.event_id = {EVENT_ID}"
)


def _claims(select):
    return f"(SELECT {select} {CLAIMS_FROM})"


def _summary(select):
    return f"(SELECT {select} {CLAIMS_FROM} AND {SUPPORTING})"


PARENT = (
    '(SELECT {0} FROM events_event parent WHERE parent.id = "events_event"."parent_id" '
    "AND parent.status = 'published')"
)
PLACE = '(SELECT {0} FROM events_place pl WHERE pl.id = "events_event"."place_id")'
RELATED = (
    f"(SELECT string_agg(item, {SEPARATOR} ORDER BY direction, link_id) FROM ("
    "SELECT 1 AS direction, l.id AS link_id, '→ [' || l.to_event_id || '] ' || t.title AS item "
    "FROM events_eventlink l JOIN events_event t ON t.id = l.to_event_id "
    f"WHERE l.from_event_id = {EVENT_ID} AND t.status = 'published' "
    "UNION ALL SELECT 2, l.id, '← [' || l.from_event_id || '] ' || f.title "
    "FROM events_eventlink l JOIN events_event f ON f.id = l.from_event_id "
    f"WHERE l.to_event_id = {EVENT_ID} AND f.status = 'published') related)"
)

# One SQL expression per header of events.exports.EVENT_COLUMNS (and so of every kind's columns).
EVENT_SQL = {
    "id": _number("id"),
    "kind": _text("kind"),
    "title": _text("title"),
    "title_ar": _text("title_ar"),
    "start": _safe(_date_at_precision("start_date", "start_precision")),
    "start_precision": _safe('CASE WHEN "events_event"."start_date" IS NOT NULL THEN "events_event"."start_precision" END'),
    "end": _safe(_date_at_precision("end_date", "end_precision")),
    "end_precision": _text("end_precision"),
    "date_uncertain": _boolean('"events_event"."date_uncertain"'),
    "covered_from": _date('"events_event"."date_lo"'),
    "covered_to": _date('"events_event"."date_hi"'),
    "date_note": _text("date_note"),
    "place_id": _number("place_id"),
    "place": _safe(PLACE.format("pl.name")),
    "place_country": _safe(PLACE.format("pl.country")),
    "latitude": PLACE.format("pl.latitude::text"),
    "longitude": PLACE.format("pl.longitude::text"),
    "parent_id": PARENT.format("parent.id::text"),
    "parent": _safe(PARENT.format("parent.title")),
    "participants": _safe(
        f"(SELECT string_agg(a.name || ' (' || p.role || ')', {SEPARATOR} ORDER BY p.role, a.name, p.id) "
        f"FROM events_participant p JOIN actors_actor a ON a.id = p.actor_id WHERE p.event_id = {EVENT_ID})"
    ),
    "participant_ids": _safe(
        f"(SELECT string_agg(p.actor_id::text, {SEPARATOR} ORDER BY p.role, a.name, p.id) "
        f"FROM events_participant p JOIN actors_actor a ON a.id = p.actor_id WHERE p.event_id = {EVENT_ID})"
    ),
    "visit_occasion": _text("visit_occasion"),
    "visit_on_invitation": _boolean('"events_event"."visit_on_invitation"'),
    "agreement_type": _text("agreement_type"),
    "agreement_stage": _text("agreement_stage"),
    "agreement_scope": _text("agreement_scope"),
    "deployment_kind": _text("deployment_kind"),
    "deployment_size_min": _number("deployment_size_min"),
    "deployment_size_max": _number("deployment_size_max"),
    "related_events": _safe(RELATED),
    "claims": _claims("count(*)::text"),
    "independent_sources": _summary(f"count(DISTINCT {ORIGIN})::text"),
    "official_confirmation": _summary(
        "CASE WHEN bool_or(sp.kind = 'state' OR sp.category IN ('armed_force', 'government_body')) "
        "THEN 'true' ELSE 'false' END"
    ),
    "denials": _claims("count(*) FILTER (WHERE c.stance = 'denies')::text"),
    "disputed": _claims("CASE WHEN bool_or(c.stance = 'denies') THEN 'true' ELSE 'false' END"),
    "best_reliability": _safe(_summary("min(s.reliability)")),
    "best_credibility": _summary("min(c.credibility)::text"),
    "sources": _safe(
        _claims(
            f"string_agg('[' || s.id || '] ' || CASE WHEN s.publisher <> '' THEN s.publisher || ': ' "
            f"ELSE '' END || s.title || ' (' || s.reliability || ')', {SEPARATOR} ORDER BY c.id)"
        )
    ),
    "quotes": _safe(
        _claims(
            f"string_agg('«' || c.quote || '» (' || c.stance || ', credibility ' || c.credibility || "
            f"CASE WHEN sp.id IS NOT NULL THEN ', ' || sp.name ELSE '' END || ')', {SEPARATOR} ORDER BY c.id)"
        )
    ),
    "description": _text("description"),
    "published_at": _timestamp('"events_event"."published_at"'),
    "updated_at": _timestamp('"events_event"."updated_at"'),
}


def copy_select(columns, queryset):
    """The SQL and parameters of one row per event of ``queryset``, one cell per column."""
    annotations = {f"_csv_{i}": RawSQL(EVENT_SQL[column.header], ()) for i, column in enumerate(columns)}
    # Drop prefetches and related loads: the SELECT computes everything it shows.
    rows = queryset.prefetch_related(None).select_related(None).annotate(**annotations)
    return rows.values_list(*annotations).query.sql_with_params()


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
            for block in copy:
                buffered.append(bytes(block))
                size += len(block)
                if size >= chunk_bytes:
                    yield decoder.decode(b"".join(buffered))
                    buffered, size = [], 0
        yield decoder.decode(b"".join(buffered), final=True)


def supports(columns):
    """Whether every column has an SQL expression (and the database is PostgreSQL)."""
    return connection.vendor == "postgresql" and all(column.header in EVENT_SQL for column in columns)
