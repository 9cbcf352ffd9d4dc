"""The codebook of a snapshot: every column of every CSV, its type and meaning, and every code
with its label in English and Arabic.

It is generated, never written by hand: a column that is a model field takes its type from the
field, its meaning from the field's name and help text, and its codes from the field's choices
(Arabic labels from the project's catalog, the one the public pages use); a column computed for
the CSV takes its meaning from ``DERIVED`` below. The Arabic meaning of every column is written
in ``reports.codebook_ar``. ``codebook_rows`` refuses a column that lacks either, so a new CSV
column fails the snapshot tests until it is described here and there.
"""

import io

from django.db import models
from django.utils import translation
from django_countries import countries
from django_countries.fields import CountryField

from alliance_tracker.csvio import write_csv
from alliance_tracker.tables import LIST_SEPARATOR
from events import crosswalk
from events.fields import ChoiceListField

HEADER = ["file", "column", "type", "meaning", "meaning_ar", "code", "label", "label_ar"]

LIST = f"list (items joined by {LIST_SEPARATOR!r})"
DATE_AT_PRECISION = "date at its precision: YYYY, YYYY-MM or YYYY-MM-DD"
CLAIMED = (
    "The distinct values the record's claims state for its {field}, each as value [how many "
    "independent origins give it], e.g. {example}; empty when no claim states one."
)
CLAIMED_EXAMPLES = {
    "start": "2025-05-07 [1 origin]; 2025-05 [2 origins]",
    "end": "2025-06 [1 origin]",
    "place": "Tamanhint Air Base [2 origins]",
    "deployment_size": "1000–3000 [1 origin]; 2000 [1 origin]",
    "deployment_kind": "advisers [1 origin]; trainers [1 origin]",
    "agreement_stage": "signed [2 origins]",
}

# Columns computed for the CSV: (type, meaning). Keys are a column's header in any file, or
# ``(file, header)`` where one header means something else in that file.
DERIVED = {
    "names": (
        LIST,
        "Every name of the record, each as language: name (e.g. ar: خليفة حفتر; en: Khalifa Haftar).",
    ),
    "start": (
        DATE_AT_PRECISION,
        "When it started (or the earliest it may have), as precisely as it is known.",
    ),
    "end": (DATE_AT_PRECISION, "When it ended, as precisely as it is known; empty when unknown or ongoing."),
    "covered_from": (
        "date (YYYY-MM-DD)",
        "First day the record's period may cover (start at its precision).",
    ),
    "covered_to": ("date (YYYY-MM-DD)", "Last day the record's period may cover; empty when ongoing."),
    "place_country": ("code (ISO 3166-1 alpha-2)", "Country of the event's place."),
    "latitude": ("decimal number", "Latitude of the place (WGS 84), to its coordinate precision."),
    "longitude": ("decimal number", "Longitude of the place (WGS 84), to its coordinate precision."),
    "participants": (LIST, "Every participant, as name (role)."),
    "participant_ids": (LIST, "Ids of the participants (actors.csv), in the order of participants."),
    "stages": (LIST, "An agreement's dated stages in order, as stage date (e.g. signed 2024-11)."),
    "provisions": (LIST, "An agreement's provisions, as obligation (party undertaking it, or every party)."),
    "related_events": (
        LIST,
        "Published events this one leads to (→ [id] title) or comes from (← [id] title).",
    ),
    "claims": ("integer", "How many published claims support or deny the record."),
    "independent_sources": (
        "integer",
        "How many distinct origins (speaker, first publisher or source) its supporting claims have.",
    ),
    "origins": (
        LIST,
        "The distinct origins of its supporting claims (actor: …, publisher: …, source: [id] title).",
    ),
    "official_confirmation": (
        "boolean (true/false)",
        "A supporting claim is spoken by a state, government body or armed force, or by someone holding office in one then.",
    ),
    "denials": ("integer", "How many claims deny the record."),
    "best_reliability": ("code", "The best Admiralty grade (A best … F) among the sources of its claims."),
    "best_credibility": ("integer", "The best credibility (1 best … 6) among its claims."),
    "sources": (LIST, "The source of each claim, as [id] publisher: title (grade)."),
    "quotes": (LIST, "The quote of each claim, as «quote» (stance, credibility, speaker)."),
    **{
        f"claimed_{field}": ("text", CLAIMED.format(field=field.replace("_", " "), example=example))
        for field, example in CLAIMED_EXAMPLES.items()
    },
    "origin_id": (
        "integer",
        "Id of the first source of this source's chain of relays, translations and republications (its own id when it has none).",
    ),
    "record_type": ("code", "Whether the claim is about an event (events.csv) or a tie (ties.csv)."),
    "record_id": ("integer", "Id of the event or tie the claim is about."),
    "record": ("text", "Title of the event or tie the claim is about."),
    "source_title": ("text", "Title of the claim's source, in its original language."),
    "source_publisher": ("text", "Publisher of the claim's source; empty when unknown."),
    "source_url": ("text (URL)", "Address of the claim's source."),
    "source_published_on": ("date (YYYY-MM-DD)", "When the claim's source was published."),
    ("claims.csv", "reliability"): (
        "code",
        "Admiralty grade of the claim's source: A best, F cannot be judged.",
    ),
    "states": (LIST, "The values the claim itself states (e.g. deployment size: 1000–3000)."),
    ("events.csv", "place"): ("text", "Name of the event's place (places.csv)."),
    ("events.csv", "parent"): ("text", "Title of the published visit this meeting took place during."),
    ("actors.csv", "parent"): ("text", "Name of the public organization this one is part of."),
    ("ties.csv", "subject"): ("text", "Name of the tie's subject actor."),
    ("ties.csv", "object"): ("text", "Name of the tie's object actor."),
    ("claims.csv", "speaker"): ("text", "Name of the actor who said it, when not the source itself."),
    "dispute_reasons": (
        LIST,
        "Why the record is disputed: a denial, or incompatible values from independent origins.",
    ),
}

# Codes of other datasets' vocabularies (events.crosswalk): no Arabic labels of their own.
VOCABULARIES = {
    "plover_event_type": sorted((code, code) for code in crosswalk.PLOVER_EVENT_TYPES),
    "plover_mode": sorted((code, code) for code in crosswalk.PLOVER_MODES),
    "cameo_code": sorted(crosswalk.CAMEO_EVENT_CODES.items()),
    "acled_event_type": sorted((code, code) for code in crosswalk.ACLED_EVENT_TYPES),
    "acled_sub_event_type": sorted((code, code) for code in crosswalk.ACLED_SUB_EVENT_TYPES),
}
VOCABULARY_MEANINGS = {
    "plover_event_type": "PLOVER event type the event maps to (docs/crosswalk.md); empty where none fits.",
    "plover_mode": "PLOVER mode of that event type, where PLOVER defines one.",
    "cameo_code": "CAMEO event code (a root or a more specific code) the event maps to.",
    "acled_event_type": "ACLED event type the event maps to; empty where none fits.",
    "acled_sub_event_type": "ACLED sub-event type the event maps to.",
}


def _field(model, header):
    """The model's own column ``header`` names (or ``<relation>_id``); never a reverse relation."""
    names = {field.name: field for field in model._meta.concrete_fields}
    names.update({field.attname: field for field in model._meta.concrete_fields})
    return names.get(header)


def _type(field, header):
    if isinstance(field, CountryField):
        return "code (ISO 3166-1 alpha-2)"
    if isinstance(field, ChoiceListField):
        return f"list of codes (joined by {LIST_SEPARATOR!r})"
    if field.is_relation:
        return "integer" if header.endswith("_id") or field.primary_key else "text"
    if field.choices:
        return "integer code" if isinstance(field, models.IntegerField) else "code"
    if isinstance(field, models.BooleanField):
        return "boolean (true/false)"
    if isinstance(field, (models.AutoField, models.IntegerField)):
        return "integer"
    if isinstance(field, (models.DecimalField, models.FloatField)):
        return "decimal number"
    if isinstance(field, models.DateTimeField):
        return "timestamp (ISO 8601, UTC)"
    if isinstance(field, models.DateField):
        return "date (YYYY-MM-DD)"
    if isinstance(field, models.URLField):
        return "text (URL)"
    return "text"


def _meaning(field, header):
    if field.primary_key:
        return (
            "Id of the record: stable, never reused (a merged record's id answers with the one it went to)."
        )
    name = str(field.verbose_name)
    if field.is_relation:
        target = field.related_model._meta.verbose_name
        name = f"{name} ({'id of the ' if header.endswith('_id') else 'name of the '}{target})"
    meaning = name[:1].upper() + name[1:]
    help_text = str(field.help_text or "")
    return f"{meaning}. {help_text}" if help_text else f"{meaning}."


def _arabic(text):
    """``text`` in Arabic where the project's catalog has it, else empty (never English twice)."""
    with translation.override("ar"):
        arabic = translation.gettext(text)
    return arabic if arabic != text else ""


def _codes(field, header):
    """``(code, label, Arabic label)`` of each choice of ``field``."""
    if field is None or field.is_relation:
        return []
    codes = [(code, str(label)) for code, label in field.flatchoices if code not in ("", None)]
    if isinstance(field, CountryField):
        # django-countries translates its own names (its English ones are not all the catalog's).
        with translation.override("ar"):
            return [(code, label, str(countries.name(code))) for code, label in codes]
    return [(code, label, _arabic(label)) for code, label in codes]


# Derived columns whose codes are another field's: (model label, field name).
CODES_OF = {
    "best_reliability": ("events.Source", "reliability"),
    ("claims.csv", "reliability"): ("events.Source", "reliability"),
    "place_country": ("events.Place", "country"),
}


def _codes_of(file, header):
    from django.apps import apps

    where = CODES_OF.get((file, header)) or CODES_OF.get(header)
    if where is None:
        return [("event", "event", "حدث"), ("tie", "tie", "علاقة")] if header == "record_type" else []
    model, name = where
    return _codes(apps.get_model(model)._meta.get_field(name), name)


def describe(file, header, model):
    """``(type, meaning, codes)`` of one column; ``LookupError`` when nothing describes it.

    What the file itself says of a header comes first, then the other datasets' codes, then the
    model's field (a JSON field's cells are no JSON: they are described in ``DERIVED``).
    """
    if (file, header) in DERIVED:
        column_type, meaning = DERIVED[file, header]
        return column_type, meaning, _codes_of(file, header)
    if header in VOCABULARIES:
        return (
            "code",
            VOCABULARY_MEANINGS[header],
            [(code, label, _arabic(label)) for code, label in VOCABULARIES[header]],
        )
    field = _field(model, header)
    if field is not None and not isinstance(field, models.JSONField):
        return _type(field, header), _meaning(field, header), _codes(field, header)
    if header in DERIVED:
        column_type, meaning = DERIVED[header]
        return column_type, meaning, _codes_of(file, header)
    raise LookupError(f"{file}: column {header!r} is neither a field of {model.__name__} nor in DERIVED.")


def codebook_rows(tables):
    """Rows of the codebook for ``tables``, ``(file name, header, model)`` triples in order."""
    from reports.codebook_ar import meaning_ar  # it takes CLAIMED_EXAMPLES from this module

    for file, headers, model in tables:
        for header in headers:
            column_type, meaning, codes = describe(file, header, model)
            yield [file, header, column_type, meaning, meaning_ar(file, header), "", "", ""]
            for code, label, label_ar in codes:
                yield [file, header, "", "", "", code, label, label_ar]


def codebook_csv(tables):
    """The codebook as CSV bytes (UTF-8 with a BOM, formula-safe, as every CSV of the project)."""
    text = io.StringIO(newline="")
    # English meanings whatever language the request or worker runs in.
    with translation.override("en"):
        write_csv(text, HEADER, codebook_rows(tables))
    return text.getvalue().encode("utf-8")
