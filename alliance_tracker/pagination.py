"""The API's paging: numbered pages for the short lists, cursor (keyset) pages for the long ones.

``settings.REST_FRAMEWORK`` names ``Pagination``, so DRF imports this module while defining its
own view classes; it must therefore never import ``rest_framework.views`` or anything built on
it (viewsets, generics), or the import goes round in a circle.
"""

import base64
import datetime
import json
from dataclasses import dataclass

from django.core import exceptions as django_exceptions
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.template import loader
from rest_framework import exceptions
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

# A list asked for ``?as_known_on=`` says in its envelope which moment it answers for.
AS_KNOWN_ON = "as_known_on"
AS_KNOWN_ON_SCHEMA = {
    "type": "string",
    "format": "date-time",
    "description": "The moment this answer stands for; only with `as_known_on=`.",
}


class PageSize:
    """``?page_size=`` for both kinds of paging: 50 by default, at most 500; a bad size is a 400."""

    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:
            return self.page_size
        return self._whole_number(raw, self.page_size_query_param, maximum=self.max_page_size)

    @staticmethod
    def _whole_number(raw, name, maximum=None):
        message = f"Give a whole number from 1 to {maximum}." if maximum else "Give a whole number from 1."
        if not raw.isascii() or not raw.isdigit() or len(raw) > 18:
            raise exceptions.ValidationError({name: [message]})
        value = int(raw)
        if value < 1 or (maximum is not None and value > maximum):
            raise exceptions.ValidationError({name: [message]})
        return value


class Pagination(PageSize, PageNumberPagination):
    """Numbered pages with a count, for lists short enough to count (actors, places, sources…)."""

    # The query parameters this paging reads, and those it no longer reads with what to do instead.
    query_parameters = ("page", "page_size")
    retired_parameters = {}

    def validate(self, request, queryset):
        """Reject a malformed page or page size, even where no page is cut (a CSV export)."""
        raw = request.query_params.get(self.page_query_param)
        if raw:
            self._whole_number(raw, self.page_query_param)
        self.get_page_size(request)

    def paginate_queryset(self, queryset, request, view=None):
        self.validate(request, queryset)
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound:
            # DRF answers 404 for a page past the end; it is a bad parameter, not a missing record.
            raise exceptions.ValidationError({self.page_query_param: ["This page does not exist."]}) from None

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"] = {AS_KNOWN_ON: AS_KNOWN_ON_SCHEMA, **response["properties"]}
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters


@dataclass(frozen=True)
class SortKey:
    """One column of a list's order, e.g. ``-updated_at``."""

    field: models.Field
    descending: bool

    @property
    def name(self):
        return f"-{self.field.name}" if self.descending else self.field.name

    def reversed(self):
        return SortKey(self.field, not self.descending)

    def order_by(self):
        return f"-{self.field.attname}" if self.descending else self.field.attname

    def beyond(self, value):
        """Rows strictly past ``value`` in this column's order, and rows at or past it."""
        lookup = f"{self.field.attname}__{'lt' if self.descending else 'gt'}"
        return Q(**{lookup: value}), Q(**{f"{lookup}e": value})

    def parse(self, raw):
        """A value read from a cursor, checked by the model field as a filter value would be."""
        value = self.field.to_python(raw)
        if value is None or (isinstance(value, str) and "\x00" in value):
            raise ValueError(raw)
        self.field.run_validators(value)
        # An offset the database cannot convert (9999-12-31T23:59-05:00) fails here, not in SQL.
        return value.astimezone(datetime.UTC) if isinstance(value, datetime.datetime) else value


def sort_keys(queryset):
    """The list's final order (``?ordering=`` or the model's), ending with the id if it does not hold
    it (going the way of the first column, as ``StableOrderingFilter`` adds it).

    Every column must be NOT NULL: a NULL has no place in the comparisons below, and SQLite and
    PostgreSQL put NULLs at opposite ends.
    """
    meta = queryset.model._meta
    keys = []
    for name in queryset.query.order_by or meta.ordering:
        column = name.removeprefix("-")
        field = meta.pk if column == "pk" else meta.get_field(column)
        if field.null:
            raise ImproperlyConfigured(
                f"{meta.label}.{field.name} may be NULL: it cannot order a keyset list."
            )
        keys.append(SortKey(field, name.startswith("-")))
    if not any(key.field is meta.pk for key in keys):
        keys.append(SortKey(meta.pk, descending=bool(keys) and keys[0].descending))
    return keys


def rows_after(keys, position):
    """Rows after ``position`` in the order of ``keys``.

    Where every column goes one way, a row comparison ``(f0, f1, …) > (v0, v1, …)``: an index on
    those columns seeks straight to the row, even inside a run of thousands of rows sharing one
    ``updated_at`` (a bulk import). Otherwise ``f0 >= v0 AND (f0 > v0 OR (f0 = v0 AND (…)))``,
    whose leading ``f0 >= v0`` adds nothing logically but gives an index a place to start.
    """
    if len({key.descending for key in keys}) == 1:
        table = connection.ops.quote_name(keys[0].field.model._meta.db_table)
        columns = ", ".join(f"{table}.{connection.ops.quote_name(key.field.column)}" for key in keys)
        marks = ", ".join(["%s"] * len(keys))
        values = [
            key.field.get_db_prep_value(value, connection) for key, value in zip(keys, position, strict=True)
        ]
        operator = "<" if keys[0].descending else ">"
        # Names come from the model, values go as parameters.
        return RawSQL(f"({columns}) {operator} ({marks})", values, output_field=models.BooleanField())  # noqa: S611
    condition = None
    for key, value in reversed(list(zip(keys, position, strict=True))):
        past, at_or_past = key.beyond(value)
        condition = (
            past if condition is None else at_or_past & (past | (Q(**{key.field.attname: value}) & condition))
        )
    return condition


class KeysetPagination(PageSize, BasePagination):
    """Pages that go on from the last row shown (keyset), for lists too long to count or offset.

    Not DRF's CursorPagination: it positions on the first ordering field only and steps over
    equal values with an OFFSET capped at 1000, so a bulk import sharing one ``updated_at``
    would repeat or drop rows in a sync.

    ``?cursor=`` is URL-safe base64 of JSON: the list's ordering, the ordering values of the row
    at the edge of the page shown (the whole tuple, which ends with the id, so it names one row)
    and the direction. It is read like any other input: anything wrong in it is a 400.
    """

    cursor_query_param = "cursor"
    # Ample for the longest position (a 300-character title in any script, written as UTF-8),
    # and short enough to read cheaply whatever is sent.
    max_cursor_length = 2048
    count_query_param = "count"
    query_parameters = ("cursor", "page_size", "count")
    retired_parameters = {
        "page": "This list has no page numbers (cursor pagination): follow the `next` link instead."
    }
    template = "rest_framework/pagination/previous_and_next.html"
    # Set once a page is cut: a detail has no page, and the browsable API asks for controls only
    # where this is true.
    display_page_controls = False
    count = next_link = previous_link = None

    def paginate_queryset(self, queryset, request, view=None):
        page_size = self.get_page_size(request)
        keys = sort_keys(queryset)
        cursor = self.read_cursor(request, keys)
        # Counting every match is what made long lists slow: only on request.
        self.count = queryset.count() if self.wants_count(request) else None
        backward = cursor is not None and cursor["backward"]
        walk = [key.reversed() for key in keys] if backward else keys
        queryset = queryset.order_by(*(key.order_by() for key in walk))
        if cursor is not None:
            queryset = queryset.filter(rows_after(walk, cursor["position"]))
        rows = list(queryset[: page_size + 1])
        more = len(rows) > page_size
        rows = rows[:page_size]
        if backward:
            rows.reverse()
            more_before, more_after = more, True
        else:
            more_before, more_after = cursor is not None, more
        # A page emptied since its cursor was made (its records withdrawn) has no edge to link from.
        self.request = request
        self.display_page_controls = True
        self.next_link = self.link(keys, rows[-1], backward=False) if rows and more_after else None
        self.previous_link = self.link(keys, rows[0], backward=True) if rows and more_before else None
        return rows

    def validate(self, request, queryset):
        """Reject a bad page size, cursor or count, even where no page is cut (a CSV export)."""
        self.get_page_size(request)
        self.read_cursor(request, sort_keys(queryset))
        self.wants_count(request)

    def wants_count(self, request):
        raw = request.query_params.get(self.count_query_param, "")
        if raw not in ("", "true", "false"):
            raise exceptions.ValidationError({self.count_query_param: ["Give true or false."]})
        return raw == "true"

    def read_cursor(self, request, keys):
        raw = request.query_params.get(self.cursor_query_param)
        if not raw:
            return None
        if len(raw) > self.max_cursor_length:
            raise self.invalid(
                f"This cursor is too long (at most {self.max_cursor_length} characters): "
                "follow the `next` and `previous` links as given."
            )
        try:
            cursor = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
            ordering, position, backward = cursor["ordering"], cursor["position"], cursor["backward"]
            if not isinstance(backward, bool):
                raise TypeError(backward)
        # RecursionError: JSON nested deeper than Python reads, "[[[[…".
        except (ValueError, TypeError, KeyError, RecursionError):
            raise self.invalid(
                "This cursor is malformed: follow the `next` and `previous` links as given."
            ) from None
        if ordering != [key.name for key in keys]:
            raise self.invalid(
                "This cursor was made for another ordering: keep the other parameters of its link."
            )
        try:
            position = [key.parse(value) for key, value in zip(keys, position, strict=True)]
        except (ValueError, TypeError, OverflowError, django_exceptions.ValidationError):
            raise self.invalid("This cursor holds a value that does not fit this list's ordering.") from None
        return {"position": position, "backward": backward}

    def invalid(self, message):
        return exceptions.ValidationError({self.cursor_query_param: [message]})

    def link(self, keys, row, backward):
        """The address of the page after ``row`` (or before it, ``backward``), other parameters kept."""
        position = [key.field.value_from_object(row) for key in keys]
        cursor = {"ordering": [key.name for key in keys], "position": position, "backward": backward}
        # Unescaped UTF-8: an Arabic title takes 2 bytes a letter rather than 6 (\u062d).
        text = json.dumps(
            cursor, separators=(",", ":"), ensure_ascii=False, default=lambda value: value.isoformat()
        )
        encoded = base64.urlsafe_b64encode(text.encode()).rstrip(b"=").decode()
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, encoded)

    def get_paginated_response(self, data):
        counted = {} if self.count is None else {"count": self.count}
        return Response({**counted, "next": self.next_link, "previous": self.previous_link, "results": data})

    def to_html(self):
        context = {"next_url": self.next_link, "previous_url": self.previous_link}
        return loader.get_template(self.template).render(context)

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Records in the whole list; only with `count=true`.",
                },
                AS_KNOWN_ON: AS_KNOWN_ON_SCHEMA,
                "next": {**link, "description": "The page after this one; null on the last page."},
                "previous": {**link, "description": "The page before this one; null on the first page."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "in": "query",
                "required": False,
                "description": "Where the page starts; copy it from the `next` or `previous` link. "
                "A malformed cursor, or one made for another ordering, is a 400. "
                f"At most {self.max_cursor_length} characters. "
                "This list has no page numbers: `page` is a 400.",
                "schema": {"type": "string", "maxLength": self.max_cursor_length},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": f"Records per page, 1 to {self.max_page_size} (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
            {
                "name": self.count_query_param,
                "in": "query",
                "required": False,
                "description": "true adds `count`, the records in the whole list (it costs a count of "
                "every match, slow on large results).",
                "schema": {"type": "boolean"},
            },
        ]
