"""What goes into a report: which tables, with which columns, from which rows.

A *plan* is a list of tables (``reports.files.Table``) and whether they travel as one CSV or
as a zip with ``metadata.json``. Exports of a list reuse the API's filtersets and CSV columns
(``events.exports``, ``actors.exports``); presets live in ``reports.presets``; the snapshot in
``reports.snapshot``. Everything starts from the published records only.

Validation happens here too, so that a request with bad filters fails when it is made.
"""

from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ValidationError

from events import temporal
from reports.choices import ReportKind
from reports.presets import PRESETS
from reports.snapshot import dataset_version, snapshot_plan
from reports.tables import Plan, chosen_columns, filtered, table


@dataclass(frozen=True)
class Export:
    """One API list that can be exported: the viewset's published queryset, filterset and columns."""

    name: str
    viewset: type

    def queryset(self):
        # What the list answers: the viewset's public records, loaded by ``for_api()``.
        return self.viewset.queryset.all().for_api()

    @property
    def filterset(self):
        return self.viewset.filterset_class

    def columns(self):
        return list(self.viewset.export_columns)


@cache
def exports():
    """Every API list that has CSV columns and a filterset, by its URL name (``events``, ``ties``…).

    Read from the API's own routers, so a report of a list holds exactly the rows and columns of
    ``/api/v1/<name>/?format=csv`` with the same filters.
    """
    from actors.api.urls import router as actors_router
    from events.api.urls import router as events_router

    return {
        prefix: Export(prefix, viewset)
        for prefix, viewset, _basename in [*actors_router.registry, *events_router.registry]
        if getattr(viewset, "export_columns", None) and getattr(viewset, "filterset_class", None)
    }


def _selection_ids(selection):
    if selection is None:
        return None
    if not isinstance(selection, list) or not all(isinstance(pk, int) for pk in selection):
        raise ValidationError({"selection": "Give the selection as a list of record ids."})
    return selection


def export_queryset(endpoint, filters, selection=None):
    export = exports()[endpoint]
    queryset = filtered(export.queryset(), export.filterset, filters)
    ids = _selection_ids(selection)
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    return queryset


def moment_of(filters):
    """The moment an export is asked as at (``as_known_on`` among its filters), or None."""
    raw = filters.get("as_known_on") if isinstance(filters, dict) else None
    if raw in (None, ""):
        return None
    if not isinstance(raw, str):
        raise ValidationError({"filters": ["as_known_on: give a date and time in ISO 8601."]})
    try:
        return temporal.parse_moment(raw)
    except temporal.MomentError as error:
        raise ValidationError({"filters": [f"as_known_on: {error}"]}) from None


def validate_export(endpoint, filters, columns, selection=None):
    if endpoint not in exports():
        raise ValidationError({"endpoint": f"Unknown endpoint; choose from {', '.join(exports())}."})
    moment_of(filters)
    export_queryset(endpoint, filters, selection)
    chosen_columns(exports()[endpoint].columns(), columns)


def validate_preset(name, parameters):
    if name not in PRESETS:
        raise ValidationError({"preset": f"Unknown preset; choose from {', '.join(PRESETS)}."})
    PRESETS[name].clean(parameters)


def plan_for(report):
    if report.kind == ReportKind.PRESET:
        return PRESETS[report.preset].plan(report.filters)
    if report.kind == ReportKind.EXPORT:
        queryset = export_queryset(report.endpoint, report.filters, report.selection)
        columns = chosen_columns(exports()[report.endpoint].columns(), report.columns)
        return Plan(report.endpoint, [table(f"{report.endpoint}.csv", columns, queryset)])
    return snapshot_plan()


def metadata_for(report, plan, generated_at):
    return {
        "generator": "Alliance Tracker",
        "report": report.pk,
        "kind": report.kind,
        "preset": report.preset,
        "endpoint": report.endpoint,
        "filters": report.filters,
        "columns": report.columns,
        "selected_records": len(report.selection) if report.selection is not None else None,
        "published_records_only": True,
        "generated_at": generated_at.isoformat(),
        # The moment the rows stand for: the present when the report was built, unless asked.
        "as_known_on": (temporal.current() or generated_at).isoformat(),
        "dataset_version": dataset_version(),
        **plan.extra,
    }
