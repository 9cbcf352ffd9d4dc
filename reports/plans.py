"""What goes into a report: which tables, with which columns, from which rows.

A *plan* is a list of tables (``reports.files.Table``) and whether they travel as one CSV or
as a zip with ``metadata.json``. Exports of a list reuse the API's filtersets and CSV columns
(``events.exports``, ``actors.exports``); presets live in ``reports.presets``; the snapshot in
``reports.snapshot``. Everything starts from the published records only.

Validation happens here too, so that a request with bad filters fails when it is made.
"""

from dataclasses import dataclass, field
from functools import cache, partial

from django.core.exceptions import ValidationError
from django.http import QueryDict

from reports.files import Table


@dataclass
class Plan:
    slug: str
    tables: list
    as_zip: bool = False
    extra: dict = field(default_factory=dict)


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


# Query parameters of the API lists that are not filters of a report.
NOT_FILTERS = {"format", "page", "page_size", "cursor"}


def as_query(filters):
    """``{"actor": ["a", "b"], "kind": "meeting"}`` as the QueryDict a filterset reads."""
    query = QueryDict(mutable=True)
    for name, value in filters.items():
        values = value if isinstance(value, list) else [value]
        query.setlist(name, ["" if item is None else str(item) for item in values])
    return query


def filtered(queryset, filterset_class, filters, error_key="filters"):
    """``queryset`` narrowed by an API filterset, or ``ValidationError`` naming each bad filter."""
    if not isinstance(filters, dict):
        raise ValidationError({error_key: "Give filters as an object of parameter names and values."})
    filters = {name: value for name, value in filters.items() if name not in NOT_FILTERS}
    if not filters:
        return queryset
    unknown = sorted(set(filters) - set(filterset_class.base_filters))
    if unknown:
        known = ", ".join(sorted(filterset_class.base_filters))
        raise ValidationError(
            {error_key: [f"{name}: unknown filter; known filters: {known}." for name in unknown]}
        )
    filterset = filterset_class(data=as_query(filters), queryset=queryset)
    if not filterset.is_valid():
        raise ValidationError(
            {error_key: [f"{name}: {error}" for name, errors in filterset.errors.items() for error in errors]}
        )
    return filterset.qs


def chosen_columns(all_columns, names):
    if not names:
        return list(all_columns)
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise ValidationError({"columns": "Give columns as a list of column names."})
    by_name = {column.header: column for column in all_columns}
    unknown = [name for name in names if name not in by_name]
    if unknown:
        raise ValidationError(
            {"columns": f"Unknown column(s): {', '.join(unknown)}; choose from {', '.join(by_name)}."}
        )
    return [by_name[name] for name in names]


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


def validate_export(endpoint, filters, columns, selection=None):
    if endpoint not in exports():
        raise ValidationError({"endpoint": f"Unknown endpoint; choose from {', '.join(exports())}."})
    export_queryset(endpoint, filters, selection)
    chosen_columns(exports()[endpoint].columns(), columns)


def validate_preset(name, parameters):
    from reports.presets import PRESETS

    if name not in PRESETS:
        raise ValidationError({"preset": f"Unknown preset; choose from {', '.join(PRESETS)}."})
    PRESETS[name].clean(parameters)


def table(name, columns, queryset):
    """A table of ``columns`` over ``queryset``, streamed in chunks through the shared helpers.

    Events on PostgreSQL are written by the database itself, as the API's CSV is (ten times
    faster than through Python objects).
    """
    from actors.exports import header, rows, stream
    from events import copy_export

    lines = None
    if copy_export.supports(columns, queryset):
        lines = partial(copy_export.copy_csv_lines, columns, queryset)
    return Table(name, header(columns), lambda: rows(columns, stream(queryset)), queryset.count, lines=lines)


def plan_for(report):
    from reports.choices import ReportKind

    if report.kind == ReportKind.PRESET:
        from reports.presets import PRESETS

        return PRESETS[report.preset].plan(report.filters)
    if report.kind == ReportKind.EXPORT:
        queryset = export_queryset(report.endpoint, report.filters, report.selection)
        columns = chosen_columns(exports()[report.endpoint].columns(), report.columns)
        return Plan(report.endpoint, [table(f"{report.endpoint}.csv", columns, queryset)])
    from reports.snapshot import snapshot_plan

    return snapshot_plan()


def metadata_for(report, plan, generated_at):
    from reports.snapshot import dataset_version

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
        "dataset_version": dataset_version(),
        **plan.extra,
    }
