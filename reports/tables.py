"""The pieces every report is made of: a plan of tables, and the tables themselves.

``reports.plans`` (exports of API lists), ``reports.presets`` and ``reports.snapshot`` all build
their plans from these; keeping them here lets ``plans`` import the other two without a cycle.
"""

from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.http import QueryDict

from alliance_tracker.api import repetition_errors
from alliance_tracker.tables import header, rows, stream
from events import copy_export
from reports.files import Table


@dataclass
class Plan:
    slug: str
    tables: list
    as_zip: bool = False
    extra: dict = field(default_factory=dict)
    # Zips only: ``(name, make)`` pairs of files that are no table (``reports.files.write_zip_file``).
    attachments: list = field(default_factory=list)


# Query parameters of the API lists that are not filters of a report.
# ``as_known_on`` is not a filter either: the whole report is built as at that moment (plans.moment_of).
NOT_FILTERS = {"format", "page", "page_size", "cursor", "as_known_on"}


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
    query = as_query(filters)
    # The same limits as the API's query: one value where one is read, at most MAX_VALUES where more.
    repeated = repetition_errors(filterset_class.base_filters, query)
    if repeated:
        raise ValidationError(
            {error_key: [f"{name}: {message}" for name, messages in repeated.items() for message in messages]}
        )
    filterset = filterset_class(data=query, queryset=queryset)
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


def table(name, columns, queryset):
    """A table of ``columns`` over ``queryset``, streamed in chunks through the shared helpers.

    Events on PostgreSQL are written by the database itself, as the API's CSV is (ten times
    faster than through Python objects).
    """
    lines = None
    if copy_export.supports(columns, queryset):
        lines = partial(copy_export.copy_csv_lines, columns, queryset)
    return Table(name, header(columns), lambda: rows(columns, stream(queryset)), queryset.count, lines=lines)
