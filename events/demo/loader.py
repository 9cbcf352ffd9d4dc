"""Writes the seed story (``events.demo.seed_story``) to the database, idempotently.

Each record is found by its natural key and written only when it is new or differs from the
data, so a second load saves nothing: no new rows, no new history entries, no changed
``updated_at``. Records edited in the admin are set back to the data's values on the next load.
Records the data no longer mentions are left alone (the loader never deletes).
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from actors.models import Actor, ActorName
from events.anchoring import text_index
from events.choices import RecordStatus
from events.demo import seed_story
from events.models import (
    Claim,
    Event,
    EventLink,
    Participant,
    Place,
    PlaceName,
    Provision,
    Source,
    Stage,
    Tie,
)
from events.services import publication_problems, stamp_status_change

CHANGE_REASON = "Loaded from the demo data (events/demo/seed_story.py)"

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"

# Written in this order, so that the summary reads like the data.
MODELS = [
    Source,
    Actor,
    ActorName,
    Place,
    PlaceName,
    Event,
    Participant,
    EventLink,
    Stage,
    Provision,
    Tie,
    Claim,
]

EVENT_DEFAULTS = {
    "title_ar": "",
    "description": "",
    "start_precision": "day",
    "end_date": None,
    "end_precision": "",
    "date_uncertain": False,
    "date_note": "",
    "place": None,
    "parent": None,
    "visit_occasion": "",
    "visit_on_invitation": None,
    "agreement_type": "",
    "agreement_subjects": [],
    "agreement_scope": "",
    "deployment_personnel": [],
    "deployment_size_min": None,
    "deployment_size_max": None,
    "ongoing": False,
    "decision_type": "",
    "decision_outcome": "",
    "votes_for": None,
    "votes_against": None,
    "votes_abstaining": None,
    "operation_type": "",
    "operation_outcome": "",
    "transfer_item_category": "",
    "transfer_item": "",
    "transfer_status": "",
    "transfer_quantity_min": None,
    "transfer_quantity_max": None,
    "statement_stance": "",
}
TIE_DEFAULTS = {
    "title": "",
    "title_ar": "",
    "start_date": None,
    "start_precision": "day",
    "end_date": None,
    "end_precision": "",
    "date_uncertain": False,
    "date_note": "",
}


def default_corpus_dir():
    """Where the seed article is kept: beside the data that quotes it, inside the project."""
    return Path(__file__).resolve().parent


@dataclass
class LoadReport:
    counts: dict = field(
        default_factory=lambda: {state: Counter() for state in (CREATED, UPDATED, UNCHANGED)}
    )
    warnings: list = field(default_factory=list)

    def add(self, model, state):
        self.counts[state][model._meta.verbose_name_plural] += 1

    def total(self, state):
        return sum(self.counts[state].values())

    def summary(self):
        """One line: totals by outcome, then what was written, model by model."""
        line = (
            f"Demo data: {self.total(CREATED)} created, {self.total(UPDATED)} updated, "
            f"{self.total(UNCHANGED)} unchanged"
        )
        written = self.counts[CREATED] + self.counts[UPDATED]
        if written:
            names = [m._meta.verbose_name_plural for m in MODELS]
            line += " (" + ", ".join(f"{name}: {written[name]}" for name in names if written[name]) + ")"
        return line + "."


def _stored(obj, name):
    """The stored value of field ``name`` in the form the data gives it (ids for relations)."""
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        return getattr(obj, model_field.attname)
    return getattr(obj, name)


def _wanted(value):
    if isinstance(value, Actor | Place | Event | Source | Tie):
        return value.pk
    return value


def _non_editable(model):
    # Keys and intervals the models derive in save(); full_clean() must not require them.
    return [f.name for f in model._meta.concrete_fields if not f.editable]


def sync(model, lookup, values, report):
    """Create or update the ``model`` row found by ``lookup`` so that it holds ``values``."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj, state, old_status = model(**lookup), CREATED, RecordStatus.DRAFT
        changed = list(values)
    else:
        state, old_status = UPDATED, getattr(obj, "status", None)
        changed = [name for name, value in values.items() if _stored(obj, name) != _wanted(value)]
        if not changed:
            report.add(model, UNCHANGED)
            return obj
    for name in changed:
        setattr(obj, name, values[name])
    if "status" in values:
        stamp_status_change(obj, old_status, obj.status)
    obj.full_clean(exclude=_non_editable(model))
    obj._change_reason = CHANGE_REASON
    obj.save()
    report.add(model, state)
    return obj


def corpus_text(source_data, corpus_dir, report):
    """The corpus file's text when it is at hand (its hash follows), else ``""``.

    The text is the file's exactly, so the source's SHA-256 is the file's. A hash that differs
    from the one kept in the data, or a quote no longer in the text, is reported.
    """
    path = Path(corpus_dir) / source_data["corpus_file"]
    if not path.is_file():
        return ""
    content = path.read_bytes()
    digest = hashlib.sha256(content).hexdigest()
    if digest != source_data["content_sha256"]:
        report.warnings.append(
            f"{path} has changed since the quotes were taken from it (SHA-256 {digest}); "
            "check every quote against it."
        )
    text = content.decode("utf-8")
    index = text_index(text)
    for quote in _all_quotes():
        if index.find(quote) is None:
            report.warnings.append(f"Not found verbatim in {path.name}: {quote[:60]}…")
    return text


def _all_quotes():
    for record in [*seed_story.EVENTS, *seed_story.TIES]:
        for claim in record["claims"]:
            yield claim["quote"]


def load_sources(corpus_dir, report):
    sources = {}
    for data in seed_story.SOURCES:
        values = {
            key: data[key]
            for key in ("kind", "publisher", "author", "url", "language", "reliability", "notes")
        }
        values["licensed_for_republication"] = data["licensed_for_republication"]
        values["text"] = corpus_text(data, corpus_dir, report)
        if not values["text"]:
            # Without the file, the hash kept in the data still says which text was quoted.
            values["content_sha256"] = data["content_sha256"]
        sources[data["key"]] = sync(
            Source, {"title": data["title"], "published_on": data["published_on"]}, values, report
        )
    return sources


def load_actors(report):
    actors = {}
    # The data lists parents before their children.
    for data in seed_story.ACTORS:
        values = {
            "kind": data["kind"],
            "category": data.get("category", ""),
            "name": data["name"],
            "country": data["country"],
            "parent": actors[data["parent"]] if data.get("parent") else None,
            "wikidata_id": data.get("wikidata_id", ""),
            "description": data.get("description", ""),
        }
        actor = actors[data["slug"]] = sync(Actor, {"slug": data["slug"]}, values, report)
        for name, language, kind in data["names"]:
            sync(ActorName, {"actor": actor, "language": language, "name": name}, {"kind": kind}, report)
    return actors


def load_places(report):
    places = {}
    for data in seed_story.PLACES:
        latitude, longitude = data.get("latitude"), data.get("longitude")
        values = {
            "name": data["name"],
            "kind": data["kind"],
            "country": data["country"],
            "latitude": Decimal(latitude) if latitude else None,
            "longitude": Decimal(longitude) if longitude else None,
            "coordinate_precision": data.get("coordinate_precision", ""),
        }
        place = places[data["slug"]] = sync(Place, {"slug": data["slug"]}, values, report)
        for name, language, kind in data["names"]:
            sync(PlaceName, {"place": place, "language": language, "name": name}, {"kind": kind}, report)
    return places


def load_claims(record_field, record, claims, sources, actors, report):
    for data in claims:
        source = sources[data.get("source", "article")]
        lookup = {record_field: record, "source": source, "quote": data["quote"]}
        values = {
            "quote_language": data.get("quote_language", "ar"),
            "translation": data.get("translation", ""),
            "translation_language": "en" if data.get("translation") else "",
            "credibility": data["credibility"],
            "stance": data["stance"],
            "speaker": actors[data["speaker"]] if data.get("speaker") else None,
            "attribution": data.get("attribution", ""),
        }
        sync(Claim, lookup, values, report)


def load_stages(agreement, stages, actors, events, report):
    """An agreement's dated stages, found by (agreement, stage, date) as the database keeps them
    unique; each saved stage keeps the agreement's latest stage (Stage.save)."""
    for data in stages:
        values = {
            "date_precision": data.get("date_precision", "day"),
            "responsible": actors[data["responsible"]] if data.get("responsible") else None,
            "act": events[data["act"]] if data.get("act") else None,
            "note": data.get("note", ""),
        }
        lookup = {"agreement": agreement, "stage": data["stage"], "date": data["date"]}
        sync(Stage, lookup, values, report)


def load_provisions(agreement, provisions, actors, report):
    """An agreement's obligations, found by (agreement, obligation, party)."""
    for data in provisions:
        party = actors[data["party"]] if data.get("party") else None
        lookup = {"agreement": agreement, "obligation": data["obligation"], "party": party}
        sync(Provision, lookup, {"note": data.get("note", "")}, report)


def load_events(sources, actors, places, report):
    events = {}
    # The data lists each visit before the meetings inside it.
    for data in seed_story.EVENTS:
        values = {**EVENT_DEFAULTS}
        values.update({key: data[key] for key in EVENT_DEFAULTS if key in data})
        values["start_date"] = data["start_date"]
        values["place"] = places[data["place"]] if data.get("place") else None
        values["parent"] = events[data["parent"]] if data.get("parent") else None
        values["status"] = data.get("status", RecordStatus.PUBLISHED)
        event = events[data["key"]] = sync(
            Event, {"kind": data["kind"], "title": data["title"]}, values, report
        )
        for slug, role, note in data["participants"]:
            sync(Participant, {"event": event, "actor": actors[slug], "role": role}, {"note": note}, report)
        load_claims("event", event, data["claims"], sources, actors, report)
    # After every event: a stage's act is a decision that may come later in the data.
    for data in seed_story.EVENTS:
        load_stages(events[data["key"]], data.get("stages", []), actors, events, report)
        load_provisions(events[data["key"]], data.get("provisions", []), actors, report)
    for from_key, kind, to_key in seed_story.EVENT_LINKS:
        sync(
            EventLink, {"from_event": events[from_key], "to_event": events[to_key], "kind": kind}, {}, report
        )
    return events


def load_ties(sources, actors, report):
    ties = []
    for data in seed_story.TIES:
        values = {**TIE_DEFAULTS}
        values.update({key: data[key] for key in TIE_DEFAULTS if key in data})
        values["status"] = data.get("status", RecordStatus.PUBLISHED)
        lookup = {"subject": actors[data["subject"]], "kind": data["kind"], "object": actors[data["object"]]}
        tie = sync(Tie, lookup, values, report)
        load_claims("tie", tie, data["claims"], sources, actors, report)
        ties.append(tie)
    return ties


def check_publishable(records):
    """Fail the whole load if a record the data publishes breaks the publication rules."""
    problems = []
    for record in records:
        if record.status == RecordStatus.PUBLISHED:
            problems += [f"{record}: {problem}" for problem in publication_problems(record)]
    if problems:
        raise ValueError("The demo data publishes records that break the rules:\n" + "\n".join(problems))


@transaction.atomic
def load_demo_data(corpus_dir=None):
    """Write the seed story; returns a ``LoadReport`` of what was created, updated or left."""
    report = LoadReport()
    sources = load_sources(corpus_dir or default_corpus_dir(), report)
    actors = load_actors(report)
    places = load_places(report)
    events = load_events(sources, actors, places, report)
    ties = load_ties(sources, actors, report)
    check_publishable([*events.values(), *ties])
    return report
