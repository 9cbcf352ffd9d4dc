# ruff: noqa: S608 -- every SQL fragment here is a constant of this module; no input reaches it.
"""Event CSV written by PostgreSQL itself: ``COPY (SELECT …) TO STDOUT``.

The Python path (``events.exports``: one ``Column`` per cell, through ``alliance_tracker.csvio``)
is the reference and the only path on SQLite. On PostgreSQL, exporting hundreds of thousands of
events through Python objects is an order of magnitude slower than letting the database write
the CSV, so every event column (``events.exports``) carries, beside its Python value, an SQL
expression built with the helpers here that produces the very same cell: the same date and list formats, the same corroboration summary, the same formula
neutralisation. ``tests/events/test_copy_export.py`` holds the two paths to identical cells.

The filtered, ordered queryset is kept as it is (filters, ordering, ``distinct``): it gives the
ids, in its order, and each chunk of them is written by one COPY in that order, so the rows and
their order are exactly the Python path's, and the first rows leave before the last are found.
"""

import codecs

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from actors.choices import OFFICIAL_CATEGORIES, ActorKind
from alliance_tracker.csvio import BOM, FORMULA_PREFIX, FORMULA_SIGNS, FORMULA_STARTS
from alliance_tracker.tables import (
    CHUNK_SIZE,
    LIST_SEPARATOR,
    header,
    held_by_export,
    holding,
    stream,
    streaming,
)
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


def keys(queryset):
    """Each event's id and the id of its parent where that is shown, in the queryset's order.

    The queryset's own filters and ORDER BY, nothing computed beside them: read through a
    server-side cursor, its first rows come as soon as the database finds them (by the index of
    the order, when there is one), however many follow.
    """
    return (
        queryset.prefetch_related(None)
        .annotate(public_parent_id=public_event_parent_id())
        .values_list("pk", "public_parent_id")
    )


def copy_select(columns):
    """The SQL and first parameters of one row per event of a chunk, one cell per column.

    Three parameters follow those: the chunk's event ids, their public parents' ids (arrays, as
    ``keys`` gives them), and the event ids again. Within a chunk the rows are put back in the order of the ids
    (``position``): a chunk is small, so that sort holds nothing back, unlike numbering or
    sorting the whole result, which computes every row before the first one is sent.
    """
    offices_sql, offices_params = (
        Tie.objects.offices()
        .order_by()
        .values("subject_id", "date_lo", "date_hi", "end_date")
        .query.sql_with_params()
    )
    cells = ", ".join(column.sql for column in columns)
    sql = (
        f"WITH offices AS ({offices_sql}) "
        f"SELECT {cells} FROM unnest(%s::bigint[], %s::bigint[]) WITH ORDINALITY "
        f"AS picked(pk, public_parent_id, position) JOIN events_event e ON e.id = picked.pk {JOINS} "
        # The ids again, as a condition on the events themselves: read by the primary key,
        # rather than the whole table scanned to join a chunk to it.
        "WHERE e.id = ANY(%s::bigint[]) ORDER BY picked.position"
    )
    return sql, offices_params


# The first chunk is a small one, so that the first rows leave at once; the others are larger,
# as each COPY costs a round trip and a plan.
FIRST_CHUNK = 100


def batches(records, size, first=FIRST_CHUNK):
    """Lists of ``records``: the first of at most ``first``, then of ``size``."""
    batch, limit = [], min(first, size)
    for record in records:
        batch.append(record)
        if len(batch) == limit:
            yield batch
            batch, limit = [], size
    if batch:
        yield batch


def copy_csv_lines(columns, queryset, chunk_size=CHUNK_SIZE, chunk_bytes=1 << 16):
    """The CSV of ``queryset`` as PostgreSQL writes it, with our BOM and header first.

    The ids come in the queryset's order through a server-side cursor (``keys``), ``chunk_size``
    at a time, and PostgreSQL writes each chunk's rows with one COPY: the first rows go out as
    soon as the first chunk is written, whatever the total. Yields text in pieces of about
    ``chunk_bytes``; memory stays flat however many rows.
    """
    yield BOM + ",".join(header(columns)) + "\r\n"
    sql, before = copy_select(columns)
    decoder = codecs.getincrementaldecoder("utf-8")()
    buffered, size = [], 0
    # One transaction for the ids' cursor and every COPY (see alliance_tracker.tables.streaming).
    with streaming(queryset.db), connection.cursor() as cursor:
        for batch in batches(stream(keys(queryset), chunk_size), chunk_size):
            ids, parents = (list(values) for values in zip(*batch, strict=True))
            # COPY goes to psycopg directly: as_known_on (events.temporal) rewrites it here.
            statement = cursor.mogrify(temporal.rewrite(sql), (*before, ids, parents, ids))
            # While this generator is suspended in here, the connection belongs to the COPY:
            # any other query on it would wait for the COPY, which waits for us (see copying()).
            with (
                holding(queryset.db),
                cursor.cursor.copy(f"COPY ({statement}) TO STDOUT WITH (FORMAT csv)") as copy,
            ):
                for block in copy:
                    buffered.append(bytes(block))
                    size += len(block)
                    if size >= chunk_bytes:
                        yield decoder.decode(b"".join(buffered))
                        buffered, size = [], 0
    yield decoder.decode(b"".join(buffered), final=True)


def copying():
    """Whether an export of this thread holds its connection: ``tables.held_by_export``."""
    return held_by_export()


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
