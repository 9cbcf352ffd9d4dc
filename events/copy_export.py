# ruff: noqa: S608 -- every SQL fragment here is a constant of this module; no input reaches it.
"""Event CSV written by PostgreSQL itself: ``COPY (SELECT …) TO STDOUT``.

The Python path (``events.exports``: one ``Column`` per cell, through ``alliance_tracker.csvio``)
is the reference and the only path on SQLite. On PostgreSQL, exporting hundreds of thousands of
events through Python objects is an order of magnitude slower than letting the database write
the CSV, so every event column (``events.exports``) carries, beside its Python value, an SQL
expression built with the helpers here that produces the very same cell: the same date and list formats, the same corroboration summary, the same formula
neutralisation. ``tests/events/test_copy_export.py`` holds the two paths to identical cells.

The filtered, ordered queryset is kept as it is (filters, ordering, ``distinct``): the columns
are added to it as annotations, so the rows and their order are exactly the Python path's.
"""

import codecs

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import F, OrderBy, Window
from django.db.models.functions import RowNumber

from actors.choices import OFFICIAL_CATEGORIES, ActorKind
from alliance_tracker.csvio import BOM, FORMULA_PREFIX, FORMULA_SIGNS, FORMULA_STARTS
from alliance_tracker.tables import LIST_SEPARATOR, header
from events import temporal
from events.choices import STAGE_ORDER, DatePrecision, RecordStatus
from events.fields import DELIMITER
from events.models import Event, Participant, Tie
from events.models.claims import AGAINST
from events.visibility import public_event_parent_id


def literal(value):
    """An SQL string literal of one of our constants (a choice value, a separator)."""
    return "'" + str(value).replace("'", "''") + "'"


def _characters(characters):
    """SQL for a list of characters, one ``chr()`` each: no quoting or encoding to get wrong."""
    return ", ".join(f"chr({ord(character)})" for character in characters)


# Cells that spreadsheets would run as formulas get a leading apostrophe, by the very rule of
# csvio.looks_like_formula, built from its constants.
SIGNS_SQL = _characters(FORMULA_SIGNS)
STARTS_SQL = _characters(FORMULA_STARTS)
PREFIX_SQL = " || ".join(f"chr({ord(character)})" for character in FORMULA_PREFIX)


def _looks_like_formula(sql):
    return f"(left(({sql}), 1) IN ({STARTS_SQL}) OR left(ltrim(({sql}), {PREFIX_SQL}), 1) IN ({SIGNS_SQL}))"


def safe(sql):
    """Neutralise formulas; an empty string becomes NULL, which COPY writes as an empty cell."""
    return f"NULLIF(CASE WHEN {_looks_like_formula(sql)} THEN '''' || ({sql}) ELSE ({sql}) END, '')"


def text(column, table="e"):
    return safe(f"{table}.{column}")


def number(column, table="e"):
    return f"({table}.{column})::text"


def boolean(sql):
    return f"CASE WHEN ({sql}) THEN 'true' WHEN NOT ({sql}) THEN 'false' END"


def date(sql):
    return f"to_char({sql}, 'YYYY-MM-DD')"


def date_at_precision(date_column, precision_column, table="e"):
    """``events.dates.format_date``: 2025-05-09, 2023-09 or 2025."""
    d, p = f"{table}.{date_column}", f"{table}.{precision_column}"
    return (
        f"CASE WHEN {d} IS NULL THEN NULL WHEN {p} = {literal(DatePrecision.YEAR)} THEN to_char({d}, 'YYYY') "
        f"WHEN {p} = {literal(DatePrecision.MONTH)} THEN to_char({d}, 'YYYY-MM') ELSE to_char({d}, 'YYYY-MM-DD') END"
    )


def choice_list(field):
    """``tables.joined`` of a ``ChoiceListField`` (stored ``,advisers,trainers,``): its codes in the
    order the choices are declared, as Python reads them (``ChoiceListField.to_python``)."""
    declared = ", ".join(literal(code) for code, _ in Event._meta.get_field(field).flatchoices)
    return (
        f"(SELECT string_agg(code, {literal(LIST_SEPARATOR)} ORDER BY array_position(ARRAY[{declared}]::text[], code), "
        f"position) FROM unnest(string_to_array(e.{field}, {literal(DELIMITER)})) WITH ORDINALITY AS codes(code, position) "
        "WHERE code <> '')"
    )


def joined_json_list(sql):
    """``tables.joined`` of a JSON list of strings: its items in order, with the list separator."""
    return (
        f"(SELECT string_agg(item, {literal(LIST_SEPARATOR)} ORDER BY position) "
        f"FROM jsonb_array_elements_text({sql}) WITH ORDINALITY AS items(item, position) WHERE item <> '')"
    )


def timestamp(sql):
    """``datetime.isoformat()`` of an aware UTC time: microseconds only when there are some."""
    utc = f"(({sql}) AT TIME ZONE 'UTC')"
    return (
        f"CASE WHEN {sql} IS NULL THEN NULL ELSE to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
        f"CASE WHEN mod(extract(microseconds FROM {utc})::bigint, 1000000) <> 0 "
        f"THEN to_char({utc}, '.US') ELSE '' END || '+00:00' END"
    )


SEPARATOR = literal(LIST_SEPARATOR)
PUBLISHED = literal(RecordStatus.PUBLISHED)
DENIES = literal(AGAINST)
SUPPORTING = f"c.stance <> {DENIES}"
# A claim's origin, as in events.selectors.claim_origin and origin_key: the speaker, else the
# publisher of the first source of its chain (r: Source.origin), else that source.
ORIGIN = (
    "CASE WHEN c.speaker_id IS NOT NULL THEN 'actor:' || c.speaker_id "
    "WHEN r.publisher_key <> '' THEN 'publisher:' || r.publisher_key ELSE 'source:' || r.id END"
)
# As events.selectors.origin_label.
ORIGIN_LABEL = (
    "CASE WHEN c.speaker_id IS NOT NULL THEN 'actor: ' || sp.name "
    "WHEN r.publisher_key <> '' THEN 'publisher: ' || r.publisher "
    "ELSE 'source: [' || r.id || '] ' || r.title END"
)
# As events.selectors.is_official.
OFFICIAL = (
    f"sp.kind = {literal(ActorKind.STATE)} "
    f"OR sp.category IN ({', '.join(literal(category) for category in OFFICIAL_CATEGORIES)})"
)
# As events.selectors.claim_date and in_force, over the ties of Tie.objects.offices() (the CTE
# ``offices``, compiled from that query in copy_select).
CLAIM_DATE = "coalesce(s.published_on, e.date_lo)"
HOLDS_OFFICE = (
    f"(sp.kind = {literal(ActorKind.PERSON)} AND EXISTS (SELECT 1 FROM offices o WHERE o.subject_id = c.speaker_id "
    f"AND (o.date_lo IS NULL OR o.date_lo <= {CLAIM_DATE}) AND (o.end_date IS NULL OR o.date_hi >= {CLAIM_DATE})))"
)
# Labels and keys in code point order, as Python sorts them (not in the database's collation).
CODE_POINT = 'COLLATE "C"'
# Participants in the order of Participant.Meta.ordering, within one event.
PARTICIPANT_FIELDS = {"role": "p.role", "actor__name": "a.name", "pk": "p.id", "id": "p.id"}


def _participant_order():
    order = []
    for name in Participant._meta.ordering:
        field = name.lstrip("-")
        if field == "event":
            continue
        if field not in PARTICIPANT_FIELDS:
            raise ImproperlyConfigured(f"Participant ordering {name!r} has no SQL in events.copy_export.")
        order.append(PARTICIPANT_FIELDS[field] + (" DESC" if name.startswith("-") else ""))
    return ", ".join(order)


PARTICIPANT_ORDER = _participant_order()
# An agreement's stages in the order of Stage.objects.chronological(): by date, then STAGE_ORDER.
STAGE_POSITION = (
    "CASE s.stage "
    + " ".join(f"WHEN {literal(stage)} THEN {position}" for stage, position in STAGE_ORDER.items())
    + " END"
)
STAGE_ORDER_SQL = f"s.date_lo, {STAGE_POSITION}, s.id"
# What the provisions cell says of a provision without a party (events.exports._provisions).
EVERY_PARTY = "every party"

# Everything one event row shows, each related table read once per event (LATERAL).
JOINS = f"""
LEFT JOIN events_place pl ON pl.id = e.place_id
-- picked.public_parent_id: events.visibility decides which parent is shown.
LEFT JOIN events_event parent ON parent.id = picked.public_parent_id
LEFT JOIN LATERAL (
    SELECT string_agg(a.name || ' (' || p.role || ')', {SEPARATOR} ORDER BY {PARTICIPANT_ORDER}) AS names,
           string_agg(p.actor_id::text, {SEPARATOR} ORDER BY {PARTICIPANT_ORDER}) AS ids
    FROM events_participant p JOIN actors_actor a ON a.id = p.actor_id
    WHERE p.event_id = e.id
) pa ON true
LEFT JOIN LATERAL (
    SELECT count(*) AS total,
           coalesce(bool_or(({OFFICIAL}) OR {HOLDS_OFFICE}) FILTER (WHERE {SUPPORTING}), false) AS official,
           count(*) FILTER (WHERE c.stance = {DENIES}) AS denials,
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
-- Independent origins of the supporting claims: one label each, as events.selectors.corroboration.
LEFT JOIN LATERAL (
    SELECT count(*) AS total,
           string_agg(label, {SEPARATOR} ORDER BY label {CODE_POINT}, key {CODE_POINT}) AS labels
    FROM (
        SELECT {ORIGIN} AS key, min(({ORIGIN_LABEL}) {CODE_POINT}) AS label
        FROM events_claim c
        JOIN events_source s ON s.id = c.source_id
        JOIN events_source r ON r.id = coalesce(s.origin_source_id, s.id)
        LEFT JOIN actors_actor sp ON sp.id = c.speaker_id
        WHERE c.event_id = e.id AND {SUPPORTING}
        GROUP BY 1
    ) origins
) og ON true
-- An agreement's stages and provisions, as events.exports._stages and _provisions.
LEFT JOIN LATERAL (
    SELECT string_agg(s.stage || ' ' || ({date_at_precision("date", "date_precision", "s")}), {SEPARATOR}
                      ORDER BY {STAGE_ORDER_SQL}) AS stages
    FROM events_stage s WHERE s.agreement_id = e.id
) st ON true
LEFT JOIN LATERAL (
    SELECT string_agg(v.obligation || ' (' || coalesce(party.name, {literal(EVERY_PARTY)}) || ')', {SEPARATOR}
                      ORDER BY v.id) AS provisions
    FROM events_provision v LEFT JOIN actors_actor party ON party.id = v.party_id
    WHERE v.agreement_id = e.id
) pr ON true
-- Once per event: as a subquery inside the formula escaping, it ran up to three times.
LEFT JOIN LATERAL (
    SELECT string_agg(item, {SEPARATOR} ORDER BY direction, link_id) AS items FROM (
        SELECT 1 AS direction, l.id AS link_id, '→ [' || l.to_event_id || '] ' || t.title AS item
        FROM events_eventlink l JOIN events_event t ON t.id = l.to_event_id
        WHERE l.from_event_id = e.id AND t.status = {PUBLISHED}
        UNION ALL
        SELECT 2, l.id, '← [' || l.from_event_id || '] ' || f.title
        FROM events_eventlink l JOIN events_event f ON f.id = l.from_event_id
        WHERE l.to_event_id = e.id AND f.status = {PUBLISHED}
    ) related
) rel ON true
"""


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
    picked = queryset.order_by().annotate(
        _position=Window(RowNumber(), order_by=_ordering(queryset)),
        public_parent_id=public_event_parent_id(),
    )
    picked_sql, picked_params = picked.values("pk", "_position", "public_parent_id").query.sql_with_params()
    offices_sql, offices_params = (
        Tie.objects.offices()
        .order_by()
        .values("subject_id", "date_lo", "date_hi", "end_date")
        .query.sql_with_params()
    )
    cells = ", ".join(column.sql for column in columns)
    sql = (
        f"WITH offices AS ({offices_sql}) "
        f"SELECT {cells} FROM ({picked_sql}) picked JOIN events_event e ON e.id = picked.pk {JOINS} "
        "ORDER BY picked._position"
    )
    return sql, (*offices_params, *picked_params)


def copy_csv_lines(columns, queryset, chunk_bytes=1 << 16):
    """The CSV of ``queryset`` as PostgreSQL writes it, with our BOM and header first.

    Yields text in pieces of about ``chunk_bytes``; memory stays flat however many rows.
    """
    yield BOM + ",".join(header(columns)) + "\r\n"
    sql, params = copy_select(columns, queryset)
    decoder = codecs.getincrementaldecoder("utf-8")()
    with connection.cursor() as cursor:
        # COPY goes to psycopg directly: as_known_on (events.temporal) rewrites it here.
        statement = cursor.mogrify(temporal.rewrite(sql), params)
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
    with its SQL.

    With ``COPY_EXPORT_STRICT`` (on in tests), an event column without SQL is an error rather
    than a quiet fall back to the slow Python path.
    """
    if connection.vendor != "postgresql" or queryset.model is not Event:
        return False
    missing = [column.header for column in columns if not column.sql]
    if missing and getattr(settings, "COPY_EXPORT_STRICT", False):
        raise ImproperlyConfigured(f"Event columns without SQL for the COPY export: {', '.join(missing)}.")
    return not missing
