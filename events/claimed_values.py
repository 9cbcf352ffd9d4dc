"""Claims that state values: what a record's claims say of its start, end, place, size, kind, stage.

A claim may state the value it asserts for a field of its record (``CLAIMED_FIELDS`` in
``events.models.claims``): a monitor says 1,000–3,000 fighters, an outlet says 2,000. The
record's own value stays the editor's reading of the evidence; this module says what the claims
say, in one place for the API, both CSV paths, the filter and the admin:

- ``claimed_values``: per field, the distinct values claimed, each with its claims, their
  origins (``events.selectors.claim_origin``), credibility and stance;
- ``dispute_reasons``: why the record is disputed. Values claimed by different origins that
  cannot both be true (size ranges that do not overlap; dates whose covered intervals do not
  overlap, so different days at day precision; different places) are a reason, and so is
  each denial. One origin that contradicts itself is not a dispute. Different agreement stages
  are not a dispute (an agreement is proposed, then signed, then ratified: a lifecycle), nor
  are different personnel kinds (one deployment may send trainers and advisers). A claim on an
  agreement that states a stage and a start date dates THAT stage ("signed in November",
  "ratified in December"), so claimed start dates are compared only between claims stating the
  same stage (or none): two dates of one signing can dispute, a signing and a ratification
  cannot (``LIFECYCLE_FIELDS``, ``value_key``);
- ``spread``: per field, the values supporting claims give and how many origins give each,
  as the CSV shows it ("1000–3000 [1 origin]; 2000 [1 origin]").

The record keeps the reasons and the spread (``Disputable``), recomputed by
``refresh_disputes`` whenever one of its claims or their sources changes (``events.signals``),
so that the ``disputed`` filter, the JSON and the COPY export read one stored answer.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps as global_apps

from alliance_tracker.tables import LIST_SEPARATOR
from events.dates import covered_interval, format_date
from events.models.claims import (
    CLAIMED_FIELD_LABELS,
    CLAIMED_FIELDS,
    CLAIMED_FIELDS_OF,
    SUMMARY_LOADS,
    TIE,
    Claim,
    is_supporting,
    record_kind,
    states,
)
from events.models.records import Disputable
from events.selectors import claim_origin, origin_name
from events.temporal import write_history

# The fields a record can have a spread of, in CSV column order, and those of each kind of record.
SPREAD_FIELDS = list(CLAIMED_FIELDS)
# Fields whose different claimed values can all be true at once: an agreement's stages follow
# one another (dated stages, events.models.agreements.Stage) and a deployment may send several
# personnel kinds (Event.deployment_personnel). Their values are shown and spread, never disputed.
LIFECYCLE_FIELDS = frozenset({"agreement_stage", "deployment_kind"})


def fields_of(kind: str | None) -> tuple[str, ...]:
    """The claimed fields that apply to a kind of record; every one when the kind is unknown."""
    return CLAIMED_FIELDS_OF[kind] if kind else tuple(CLAIMED_FIELDS)


# --- one claimed value ------------------------------------------------------------------------


def _size_bounds(claim: Claim) -> tuple[int | None, int | None]:
    """A single figure (only the smallest given) is that figure; only the largest is "up to"."""
    low, high = claim.claimed_size_min, claim.claimed_size_max
    return (low, low if high is None else high)


def value_key(claim: Claim, name: str) -> Any:
    """What makes two claimed values the same value.

    A claimed start is (date, precision, stage): on an agreement, a claim stating a stage dates
    that stage, so "signed in November" and "ratified in December" are two values that do not
    compete (``compatible``). Other records' claims state no stage ("").
    """
    if name == "start":
        date_field, precision_field = CLAIMED_FIELDS[name]
        return (getattr(claim, date_field), getattr(claim, precision_field), claim.claimed_agreement_stage)
    if name == "end":
        date_field, precision_field = CLAIMED_FIELDS[name]
        return (getattr(claim, date_field), getattr(claim, precision_field))
    if name == "place":
        return claim.claimed_place_id
    if name == "deployment_size":
        return _size_bounds(claim)
    return getattr(claim, CLAIMED_FIELDS[name][0])


def value_json(claim: Claim, name: str) -> Any:
    if name in ("start", "end"):
        date, precision, *stage = value_key(claim, name)
        value = {"date": format_date(date, precision), "precision": precision}
        if stage and stage[0]:
            value["stage"] = stage[0]  # the agreement stage this date is of
        return value
    if name == "place":
        return {"id": claim.claimed_place_id, "name": claim.claimed_place.name}
    if name == "deployment_size":
        low, high = _size_bounds(claim)
        return {"min": low, "max": high}
    return value_key(claim, name)


def value_text(claim: Claim, name: str) -> str:
    """The value as a reader writes it: 2025-05, Tamanhint air base, 1000–3000, up to 500, troops."""
    if name in ("start", "end"):
        date, precision, *stage = value_key(claim, name)
        text = format_date(date, precision)
        return f"{text} ({stage[0]})" if stage and stage[0] else text
    if name == "place":
        return claim.claimed_place.name
    if name == "deployment_size":
        low, high = _size_bounds(claim)
        if low is None:
            return f"up to {high}"
        return str(low) if low == high else f"{low}–{high}"
    return str(value_key(claim, name))


def compatible(name: str, a: Any, b: Any) -> bool:
    """Whether two claimed values (``value_key``) of one field can both be true."""
    if name in LIFECYCLE_FIELDS:
        return True
    if name in ("start", "end"):
        if a[2:] != b[2:]:
            return True  # the dates of two different stages of an agreement
        a_lo, a_hi = covered_interval(*a[:2])
        b_lo, b_hi = covered_interval(*b[:2])
        return a_lo <= b_hi and b_lo <= a_hi
    if name == "deployment_size":
        (a_lo, a_hi), (b_lo, b_hi) = a, b
        return (a_lo or 0) <= b_hi and (b_lo or 0) <= a_hi
    return a == b


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def stated_by(claim: Claim) -> dict[str, Any]:
    """What one claim states: ``{"deployment_size": {"min": 1000, "max": 3000}}``, or ``{}``."""
    return {name: value_json(claim, name) for name in CLAIMED_FIELDS if states(claim, name)}


def stated_text(claim: Claim) -> str:
    """What one claim states, for a CSV cell: ``deployment size: 1000–3000; place: Tamanhint``."""
    return LIST_SEPARATOR.join(
        f"{CLAIMED_FIELD_LABELS[name]}: {value_text(claim, name)}"
        for name in CLAIMED_FIELDS
        if states(claim, name)
    )


# --- a record's claimed values ----------------------------------------------------------------


@dataclass
class ClaimedValue:
    """One distinct value claimed for a field, and the claims that state it (first claim first)."""

    field: str
    key: Any
    claims: list[Claim] = field(default_factory=list)

    @property
    def text(self) -> str:
        return value_text(self.claims[0], self.field)

    def origins(self, supporting_only: bool = True) -> list:
        claims = [c for c in self.claims if is_supporting(c)] if supporting_only else self.claims
        return list(dict.fromkeys(claim_origin(c) for c in claims))

    def origin_labels(self) -> list[str]:
        supporting = [c for c in self.claims if is_supporting(c)]
        return list(dict.fromkeys(origin_name(c) for c in supporting))

    def as_dict(self) -> dict:
        return {
            "value": value_json(self.claims[0], self.field),
            "text": self.text,
            "independent_origins": len(self.origins()),
            "claims": [
                {
                    "id": claim.pk,
                    "origin": origin_name(claim),
                    "credibility": claim.credibility,
                    "stance": claim.stance,
                }
                for claim in self.claims
            ],
        }


def values_by_field(
    claims: Iterable[Claim], kind: str | None = None, supporting_only: bool = False
) -> dict[str, list[ClaimedValue]]:
    """Per field that applies to ``kind``, the distinct values ``claims`` state, in claim order."""
    claims = sorted(claims, key=lambda c: c.pk or 0)
    if supporting_only:
        claims = [c for c in claims if is_supporting(c)]
    found = {}
    for name in fields_of(kind):
        values: dict[Any, ClaimedValue] = {}
        for claim in claims:
            if states(claim, name):
                key = value_key(claim, name)
                values.setdefault(key, ClaimedValue(name, key)).claims.append(claim)
        if values:
            found[name] = list(values.values())
    return found


def claimed_values(claims: Iterable[Claim], kind: str | None = None) -> dict[str, list[dict]]:
    """What the API shows: per field, each distinct value with its claims, denials included."""
    return {
        name: [value.as_dict() for value in values] for name, values in values_by_field(claims, kind).items()
    }


def dispute_reasons(claims: Iterable[Claim], kind: str | None = None) -> list[str]:
    """Why the record is disputed, in readable sentences; empty when it is not.

    "deployment size: 1000–3000 (Syrian Observatory) vs 500 (Libya Review)": values of supporting
    claims that cannot both be true, from different origins. "denied by Russian Ministry of
    Defence": one per origin that denies the record.
    """
    claims = list(claims)
    reasons = []
    for name, values in values_by_field(claims, kind, supporting_only=True).items():
        label = CLAIMED_FIELD_LABELS[name]
        for position, first in enumerate(values):
            for second in values[position + 1 :]:
                if compatible(name, first.key, second.key):
                    continue
                first_origins, second_origins = set(first.origins()), set(second.origins())
                if len(first_origins | second_origins) < 2:
                    continue  # one origin contradicting itself: a correction, not a dispute
                reasons.append(
                    f"{label}: {first.text} ({', '.join(first.origin_labels())}) "
                    f"vs {second.text} ({', '.join(second.origin_labels())})"
                )
    denying = sorted((c for c in claims if not is_supporting(c)), key=lambda c: c.pk or 0)
    reasons += [f"denied by {label}" for label in dict.fromkeys(origin_name(c) for c in denying)]
    return reasons


def spread(claims: Iterable[Claim], kind: str | None = None) -> dict[str, str]:
    """Per field, the values supporting claims give: ``{"deployment_size": "1000–3000 [1 origin]; 2000 [1 origin]"}``."""
    return {
        name: LIST_SEPARATOR.join(
            f"{value.text} [{_plural(len(value.origins()), 'origin')}]" for value in values
        )
        for name, values in values_by_field(claims, kind, supporting_only=True).items()
    }


# --- stored on the record ---------------------------------------------------------------------


def derived_values(record, claims: Iterable[Claim]) -> dict:
    """The ``Disputable`` columns of ``record`` from its ``claims`` (source, speaker, place loaded)."""
    claims = list(claims)
    kind = record_kind(record)
    reasons = dispute_reasons(claims, kind)
    return {"disputed": bool(reasons), "dispute_reasons": reasons, "claimed_spread": spread(claims, kind)}


CHUNK = 1000
# Rows per UPDATE, as in events.search: bulk_update writes one CASE per column with a branch per row.
UPDATE_BATCH = 250
FIELDS = Disputable.DERIVED_FIELDS


def refresh_disputes(event_ids: Iterable[int] = (), tie_ids: Iterable[int] = (), apps=global_apps) -> int:
    """Recompute the stored dispute and spread of these records from their claims; returns how
    many rows changed (only those are written). ``apps`` lets a migration pass its own models."""
    Event, Tie = apps.get_model("events", "Event"), apps.get_model("events", "Tie")
    claims_of = apps.get_model("events", "Claim").objects
    claims_of = claims_of.for_summary() if apps is global_apps else claims_of.select_related(*SUMMARY_LOADS)
    written = 0
    for model, ids, key in ((Event, event_ids, "event"), (Tie, tie_ids, "tie")):
        ids = sorted(set(ids))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            records = list(
                model.objects.filter(pk__in=chunk).only("pk", *_kind_field(model), *FIELDS).order_by()
            )
            claims: dict[int, list[Claim]] = {}
            for claim in claims_of.filter(**{f"{key}__in": chunk}).order_by("pk"):
                claims.setdefault(getattr(claim, f"{key}_id"), []).append(claim)
            changed = []
            for record in records:
                values = derived_values(record, claims.get(record.pk, []))
                if any(getattr(record, name) != value for name, value in values.items()):
                    for name, value in values.items():
                        setattr(record, name, value)
                    changed.append(record)
            model.objects.bulk_update(changed, list(FIELDS), batch_size=UPDATE_BATCH)
            write_history(model, [record.pk for record in changed], apps=apps)
            written += len(changed)
    return written


def _kind_field(model) -> tuple[str, ...]:
    return () if model._meta.model_name == TIE else ("kind",)
