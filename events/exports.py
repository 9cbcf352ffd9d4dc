"""CSV columns for events (and each kind of them), ties, claims, sources and places.

Each ``*_COLUMNS`` list is a table (``Column(header, value)``). Write one with
``csv_lines(columns, records)`` or ``write_csv(file, columns, records)``, which go through
``alliance_tracker.csvio`` (BOM, formula-safe cells, one line at a time)::

    from events.exports import EVENT_COLUMNS, stream, write_csv
    write_csv(file, EVENT_COLUMNS, stream(Event.objects.published().for_api()))

The columns show what the API shows: start from ``published()`` (or ``public()``) and ``for_api()``.
Nested records follow the public rules themselves: a parent visit only when it is published,
related events only when published (``for_api()`` loads only those).
"""

from actors.exports import ACTOR_COLUMNS
from alliance_tracker.parents import public_parent
from alliance_tracker.tables import (
    CHUNK_SIZE,
    LIST_SEPARATOR,
    Column,
    csv_lines,
    header,
    joined,
    rows,
    stream,
    write_csv,
)
from events import copy_export as sql
from events.choices import EventKind
from events.claimed_values import stated_text
from events.dates import format_date
from events.models.claims import CLAIMED_FIELDS, CLAIMED_FIELDS_OF, TIE
from events.models.events import CODE_FIELDS, KIND_FIELDS, ONGOING_KINDS
from events.selectors import summary

__all__ = [
    "ACTOR_COLUMNS",
    "AGREEMENT_COLUMNS",
    "CHUNK_SIZE",
    "CLAIM_COLUMNS",
    "DECISION_COLUMNS",
    "DEPLOYMENT_COLUMNS",
    "EVENT_COLUMNS",
    "KIND_COLUMNS",
    "KIND_EXTRA_FIELDS",
    "LIST_SEPARATOR",
    "MEETING_COLUMNS",
    "OPERATION_COLUMNS",
    "PLACE_COLUMNS",
    "SOURCE_COLUMNS",
    "STATEMENT_COLUMNS",
    "TIE_COLUMNS",
    "TRANSFER_COLUMNS",
    "VISIT_COLUMNS",
    "WITHDRAWN_COLUMNS",
    "Column",
    "csv_lines",
    "event_rows",
    "header",
    "joined",
    "rows",
    "stream",
    "write_csv",
]


# Fields of one kind that are no column of KIND_FIELDS: an agreement's stages and provisions (its
# own rows), whether a deployment or an operation is ongoing. A kind's list (JSON and CSV) leaves
# out the fields of the other kinds.
KIND_EXTRA_FIELDS = {
    EventKind.AGREEMENT: ("stages", "provisions"),
    **dict.fromkeys(ONGOING_KINDS, ("ongoing",)),
}


def _period_columns(for_events=False):
    return [
        Column(
            "start",
            lambda r: format_date(r.start_date, r.start_precision),
            sql.safe(sql.date_at_precision("start_date", "start_precision")) if for_events else None,
        ),
        Column(
            "start_precision",
            lambda r: r.start_precision if r.start_date else "",
            sql.safe("CASE WHEN e.start_date IS NOT NULL THEN e.start_precision END") if for_events else None,
        ),
        Column(
            "end",
            lambda r: format_date(r.end_date, r.end_precision),
            sql.safe(sql.date_at_precision("end_date", "end_precision")) if for_events else None,
        ),
        Column("end_precision", lambda r: r.end_precision, sql.text("end_precision") if for_events else None),
        Column(
            "date_uncertain",
            lambda r: r.date_uncertain,
            sql.boolean("e.date_uncertain") if for_events else None,
        ),
        Column("covered_from", lambda r: r.date_lo, sql.date("e.date_lo") if for_events else None),
        # An ongoing event runs to today: its stored end (events.dates.ONGOING_END) is no day it covers.
        Column(
            "covered_to",
            (lambda r: None if r.ongoing else r.date_hi) if for_events else (lambda r: r.date_hi),
            f"CASE WHEN NOT e.ongoing THEN {sql.date('e.date_hi')} END" if for_events else None,
        ),
        Column("date_note", lambda r: r.date_note, sql.text("date_note") if for_events else None),
    ]


def _claim_summary_columns(for_events=False):
    return [
        Column("claims", lambda r: summary(r).claims, sql.number("total", "cl") if for_events else None),
        Column(
            "independent_sources",
            lambda r: summary(r).independent_sources,
            sql.number("total", "og") if for_events else None,
        ),
        Column(
            "origins",
            lambda r: joined(summary(r).origins),
            sql.text("labels", "og") if for_events else None,
        ),
        Column(
            "official_confirmation",
            lambda r: summary(r).official_confirmation,
            sql.boolean("cl.official") if for_events else None,
        ),
        Column("denials", lambda r: summary(r).denials, sql.number("denials", "cl") if for_events else None),
        Column("disputed", lambda r: summary(r).disputed, sql.boolean("e.disputed") if for_events else None),
        Column(
            "dispute_reasons",
            lambda r: joined(summary(r).dispute_reasons),
            sql.safe(sql.joined_json_list("e.dispute_reasons")) if for_events else None,
        ),
        Column(
            "best_reliability",
            lambda r: summary(r).best_reliability,
            sql.text("best_reliability", "cl") if for_events else None,
        ),
        Column(
            "best_credibility",
            lambda r: summary(r).best_credibility,
            sql.number("best_credibility", "cl") if for_events else None,
        ),
        Column(
            "sources",
            lambda r: joined(_claim_source(c) for c in r.claims.all()),
            sql.text("sources", "cl") if for_events else None,
        ),
        Column(
            "quotes",
            lambda r: joined(_claim_quote(c) for c in r.claims.all()),
            sql.text("quotes", "cl") if for_events else None,
        ),
    ]


def claimed_header(field):
    """``claimed_deployment_size``: the column of a field's spread (``events.claimed_values``)."""
    return f"claimed_{field}"


def _claimed_columns(fields, for_events=False):
    """One column per field that can be disputed: the values claimed for it, with how many
    origins give each ("1000–3000 [1 origin]; 2000 [1 origin]"), as stored on the record."""
    return [
        Column(
            claimed_header(field),
            lambda r, field=field: r.claimed_spread.get(field, ""),
            sql.safe(f"e.claimed_spread ->> {sql.literal(field)}") if for_events else None,
        )
        for field in fields
    ]


def _claim_source(claim):
    """Id, publisher, title and grade: ``[12] Publisher: Title (B)``."""
    source = claim.source
    by = f"{source.publisher}: " if source.publisher else ""
    return f"[{source.pk}] {by}{source.title} ({source.reliability})"


def _claim_quote(claim):
    """The quote with its stance, credibility and speaker: ``«…» (asserts, credibility 2, Kremlin)``."""
    said_by = f", {claim.speaker.name}" if claim.speaker_id else ""
    return f"«{claim.quote}» ({claim.stance}, credibility {claim.credibility}{said_by})"


def _stages(event):
    """``signed 2024-11; ratified 2024-12-10``: the agreement's stages in their order (for_api())."""
    return joined(
        f"{stage.stage} {format_date(stage.date, stage.date_precision)}" for stage in event.stages.all()
    )


def _provisions(event):
    """``defence (every party); training (Russia)``: each obligation with the party undertaking it."""
    return joined(
        f"{provision.obligation} ({provision.party.name if provision.party_id else sql.EVERY_PARTY})"
        for provision in event.provisions.all()
    )


def _choice_list(field):
    """A list of codes (``ChoiceListField``), joined in the order the choices are declared."""
    return Column(field, lambda e: joined(getattr(e, field)), sql.safe(sql.choice_list(field)))


def _related(event):
    """Published events this one leads to (→) or comes from (←), loaded by ``for_api()``."""
    outgoing = [f"→ [{link.to_event_id}] {link.to_event.title}" for link in event.published_links_out]
    incoming = [f"← [{link.from_event_id}] {link.from_event.title}" for link in event.published_links_in]
    return joined(outgoing + incoming)


EVENT_COLUMNS = [
    Column("id", lambda e: e.pk, sql.number("id")),
    Column("kind", lambda e: e.kind, sql.text("kind")),
    Column("title", lambda e: e.title, sql.text("title")),
    Column("title_ar", lambda e: e.title_ar, sql.text("title_ar")),
    *_period_columns(for_events=True),
    Column("place_id", lambda e: e.place_id, sql.number("place_id")),
    Column("place", lambda e: e.place.name if e.place_id else "", sql.text("name", "pl")),
    Column("place_country", lambda e: e.place.country.code if e.place_id else "", sql.text("country", "pl")),
    Column("latitude", lambda e: e.place.latitude if e.place_id else None, sql.number("latitude", "pl")),
    Column("longitude", lambda e: e.place.longitude if e.place_id else None, sql.number("longitude", "pl")),
    Column(
        "parent_id", lambda e: public_parent(e).pk if public_parent(e) else None, sql.number("id", "parent")
    ),
    Column(
        "parent", lambda e: public_parent(e).title if public_parent(e) else "", sql.text("title", "parent")
    ),
    Column(
        "participants",
        lambda e: joined(f"{p.actor.name} ({p.role})" for p in e.participants.all()),
        sql.safe("pa.names"),
    ),
    Column("participant_ids", lambda e: joined(p.actor_id for p in e.participants.all()), sql.safe("pa.ids")),
    Column("visit_occasion", lambda e: e.visit_occasion, sql.text("visit_occasion")),
    Column("visit_on_invitation", lambda e: e.visit_on_invitation, sql.boolean("e.visit_on_invitation")),
    Column("agreement_type", lambda e: e.agreement_type, sql.text("agreement_type")),
    _choice_list("agreement_subjects"),
    Column("agreement_stage", lambda e: e.agreement_stage, sql.text("agreement_stage")),
    Column("stages", _stages, sql.text("stages", "st")),
    Column("agreement_scope", lambda e: e.agreement_scope, sql.text("agreement_scope")),
    Column("provisions", _provisions, sql.text("provisions", "pr")),
    _choice_list("deployment_personnel"),
    Column("deployment_size_min", lambda e: e.deployment_size_min, sql.number("deployment_size_min")),
    Column("deployment_size_max", lambda e: e.deployment_size_max, sql.number("deployment_size_max")),
    Column("ongoing", lambda e: e.ongoing, sql.boolean("e.ongoing")),
    Column("decision_type", lambda e: e.decision_type, sql.text("decision_type")),
    Column("decision_outcome", lambda e: e.decision_outcome, sql.text("decision_outcome")),
    Column("votes_for", lambda e: e.votes_for, sql.number("votes_for")),
    Column("votes_against", lambda e: e.votes_against, sql.number("votes_against")),
    Column("votes_abstaining", lambda e: e.votes_abstaining, sql.number("votes_abstaining")),
    Column("operation_type", lambda e: e.operation_type, sql.text("operation_type")),
    Column("operation_outcome", lambda e: e.operation_outcome, sql.text("operation_outcome")),
    Column("transfer_item_category", lambda e: e.transfer_item_category, sql.text("transfer_item_category")),
    Column("transfer_item", lambda e: e.transfer_item, sql.text("transfer_item")),
    Column("transfer_status", lambda e: e.transfer_status, sql.text("transfer_status")),
    Column("transfer_quantity_min", lambda e: e.transfer_quantity_min, sql.number("transfer_quantity_min")),
    Column("transfer_quantity_max", lambda e: e.transfer_quantity_max, sql.number("transfer_quantity_max")),
    Column("statement_stance", lambda e: e.statement_stance, sql.text("statement_stance")),
    *[Column(field, lambda e, field=field: getattr(e, field), sql.text(field)) for field in CODE_FIELDS],
    Column("related_events", _related, sql.text("items", "rel")),
    *_claim_summary_columns(for_events=True),
    *_claimed_columns(CLAIMED_FIELDS, for_events=True),
    Column("description", lambda e: e.description, sql.text("description")),
    Column("published_at", lambda e: e.published_at, sql.timestamp("e.published_at")),
    Column("updated_at", lambda e: e.updated_at, sql.timestamp("e.updated_at")),
]


def other_kinds_fields(kind):
    """The fields (and columns) of every other kind, which ``kind``'s list leaves out."""
    own = {*KIND_FIELDS.get(kind, ()), *KIND_EXTRA_FIELDS.get(kind, ())}
    every = {field for fields in (*KIND_FIELDS.values(), *KIND_EXTRA_FIELDS.values()) for field in fields}
    return every - own


def _columns_for_kind(kind):
    """The event columns without the detail columns, and the claimed values, of other kinds."""
    others = other_kinds_fields(kind)
    others |= {claimed_header(field) for field in CLAIMED_FIELDS if field not in CLAIMED_FIELDS_OF[kind]}
    return [column for column in EVENT_COLUMNS if column.header not in others]


KIND_COLUMNS = {kind: _columns_for_kind(kind) for kind in EventKind}
VISIT_COLUMNS = KIND_COLUMNS[EventKind.VISIT]
MEETING_COLUMNS = KIND_COLUMNS[EventKind.MEETING]
AGREEMENT_COLUMNS = KIND_COLUMNS[EventKind.AGREEMENT]
DEPLOYMENT_COLUMNS = KIND_COLUMNS[EventKind.DEPLOYMENT]
DECISION_COLUMNS = KIND_COLUMNS[EventKind.DECISION]
OPERATION_COLUMNS = KIND_COLUMNS[EventKind.OPERATION]
TRANSFER_COLUMNS = KIND_COLUMNS[EventKind.TRANSFER]
STATEMENT_COLUMNS = KIND_COLUMNS[EventKind.STATEMENT]

TIE_COLUMNS = [
    Column("id", lambda t: t.pk),
    Column("subject_id", lambda t: t.subject_id),
    Column("subject", lambda t: t.subject.name),
    Column("kind", lambda t: t.kind),
    Column("object_id", lambda t: t.object_id),
    Column("object", lambda t: t.object.name),
    Column("title", lambda t: t.title),
    Column("title_ar", lambda t: t.title_ar),
    *_period_columns(),
    *_claim_summary_columns(),
    *_claimed_columns(CLAIMED_FIELDS_OF[TIE]),
    Column("published_at", lambda t: t.published_at),
    Column("updated_at", lambda t: t.updated_at),
]


def _claim_record(claim):
    return claim.event if claim.event_id else claim.tie


CLAIM_COLUMNS = [
    Column("id", lambda c: c.pk),
    Column("record_type", lambda c: "event" if c.event_id else "tie"),
    Column("record_id", lambda c: c.event_id or c.tie_id),
    Column("record", lambda c: str(_claim_record(c).title or _claim_record(c))),
    Column("source_id", lambda c: c.source_id),
    Column("source_title", lambda c: c.source.title),
    Column("source_publisher", lambda c: c.source.publisher),
    Column("source_url", lambda c: c.source.url),
    Column("source_published_on", lambda c: c.source.published_on),
    Column("reliability", lambda c: c.source.reliability),
    Column("quote", lambda c: c.quote),
    Column("quote_language", lambda c: c.quote_language),
    Column("translation", lambda c: c.translation),
    Column("translation_language", lambda c: c.translation_language if c.translation else ""),
    Column("locator", lambda c: c.locator),
    Column("paragraph", lambda c: c.paragraph),
    Column("needs_recheck", lambda c: c.needs_recheck),
    Column("credibility", lambda c: c.credibility),
    Column("stance", lambda c: c.stance),
    Column("speaker_id", lambda c: c.speaker_id),
    Column("speaker", lambda c: c.speaker.name if c.speaker_id else ""),
    Column("attribution", lambda c: c.attribution),
    Column("states", stated_text),
    Column("updated_at", lambda c: c.updated_at),
]

SOURCE_COLUMNS = [
    Column("id", lambda s: s.pk),
    Column("kind", lambda s: s.kind),
    Column("title", lambda s: s.title),
    Column("publisher", lambda s: s.publisher),
    Column("author", lambda s: s.author),
    Column("url", lambda s: s.url),
    Column("archive_url", lambda s: s.archive_url),
    Column("language", lambda s: s.language),
    Column("published_on", lambda s: s.published_on),
    Column("accessed_on", lambda s: s.accessed_on),
    Column("reliability", lambda s: s.reliability),
    Column("content_sha256", lambda s: s.content_sha256),
    Column("derived_from_id", lambda s: s.derived_from_id),
    Column("derivation", lambda s: s.derivation),
    Column("origin_id", lambda s: s.origin_source_id or s.pk),
    # Never the text: a list's CSV carries what may be republished of every source alike.
    Column("licensed_for_republication", lambda s: s.licensed_for_republication),
    Column("updated_at", lambda s: s.updated_at),
]

PLACE_COLUMNS = [
    Column("id", lambda p: p.pk),
    Column("slug", lambda p: p.slug),
    Column("name", lambda p: p.name),
    Column("kind", lambda p: p.kind),
    Column("country", lambda p: p.country.code if p.country else ""),
    Column("latitude", lambda p: p.latitude),
    Column("longitude", lambda p: p.longitude),
    Column("coordinate_precision", lambda p: p.coordinate_precision),
    Column("names", lambda p: joined(f"{n.language}: {n.name}" for n in p.names.all())),
    Column("updated_at", lambda p: p.updated_at),
]

# Rows of the withdrawal feed are dicts: {"type": "event", "id": 12, "withdrawn_at": …, "survivor": None}.
WITHDRAWN_COLUMNS = [
    Column("type", lambda w: w["type"]),
    Column("id", lambda w: w["id"]),
    Column("withdrawn_at", lambda w: w["withdrawn_at"]),
    Column("reason", lambda w: w["reason"]),
    Column("merged_into", lambda w: w["survivor"]),
]


def event_rows(queryset, columns=EVENT_COLUMNS):
    """Rows for a queryset from ``Event.objects.published()…for_api()``, streamed in chunks."""
    return rows(columns, stream(queryset))
