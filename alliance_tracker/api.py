"""What every read-only endpoint shares: paging, strict filter fields, CSV, errors and the schema.

- Malformed input never gives a 500 or a silent empty list: filters, page, cursor and page size
  are validated and a bad one answers 400 with the parameter named (``{"page_size": ["…"]}``).
- The long lists (events and claims) page by cursor, ``KeysetPagination``: no count, no page
  numbers, a ``next`` link to follow; the others have numbered pages and a count.
- ``?format=csv`` or ``Accept: text/csv`` on a list streams the whole filtered result, not one
  page, through the columns of the app's ``exports`` module and ``alliance_tracker.csvio``.
- Details answer conditional GETs: an ``ETag`` computed from the representation itself, so it
  changes whenever anything shown changes (a claim, a participant, a linked record's status).
  What a shared cache may keep, and the validators of everything else, are
  ``alliance_tracker.caching``'s.
"""

import datetime
import hashlib
import json
import logging
import re

import django_filters
from django import forms
from django.core import exceptions as django_exceptions
from django.db import InterfaceError, OperationalError, connections
from django.db.models import Q
from django.http import Http404, HttpResponsePermanentRedirect, StreamingHttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django_countries import countries
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import exceptions, parsers, permissions, renderers, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from alliance_tracker.pagination import AS_KNOWN_ON, KeysetPagination, Pagination
from alliance_tracker.tables import csv_lines, stream
from alliance_tracker.throttling import AnonThrottle, UserThrottle
from events import temporal

# Largest value of a 64-bit primary key: bigger numbers are malformed, not merely absent.
MAX_ID = 2**63 - 1
# An id or a slug: 1 to 18 digits without a leading zero, or a slug with at least one non-digit.
REF = re.compile(r"^(?:[1-9][0-9]{0,17}|[-a-zA-Z0-9_]*[-a-zA-Z_][-a-zA-Z0-9_]*)$")
REF_MAX_LENGTH = 120
# A repeatable filter takes at most this many values: each one costs the database a subquery,
# and a few hundred of them kept a worker busy for minutes.
MAX_VALUES = 20
# The longest query string any endpoint reads, in bytes (percent-encoded, as sent).
MAX_QUERY_STRING = 4096


# ---------------------------------------------------------------------------- filter fields


class IdField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """A record's id: a whole number; anything else is a 400, not an empty list."""

    field_class = IdField


def parse_ref(value):
    """``("id", 12)`` or ``("slug", "khalifa-haftar")``, or ``ValidationError``."""
    # fullmatch: with match, the pattern's $ would let a trailing newline through.
    if not isinstance(value, str) or len(value) > REF_MAX_LENGTH or not REF.fullmatch(value):
        # Values go in params: django-filter formats messages with %, and input may hold a %.
        raise forms.ValidationError(
            "“%(value)s” is neither an id nor a slug.",
            code="invalid",
            params={"value": str(value)[:REF_MAX_LENGTH]},
        )
    return ("id", int(value)) if value.isdigit() else ("slug", value)


def ref_condition(refs, id_field="pk", slug_field="slug"):
    """A Q matching the records named by ``refs`` (ids or slugs)."""
    ids = [value for kind, value in refs if kind == "id"]
    slugs = [value for kind, value in refs if kind == "slug"]
    return Q(**{f"{id_field}__in": ids}) | Q(**{f"{slug_field}__in": slugs})


class RefField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return parse_ref(value) if value else None


class MultipleRefField(forms.Field):
    """A repeatable parameter (``?actor=12&actor=vladimir-putin``): a list of refs."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        if len(value) > MAX_VALUES:
            raise too_many_values()
        refs, errors = [], []
        for item in value:
            if not item:
                continue  # an empty value means no filter, as everywhere
            try:
                refs.append(parse_ref(item))
            except forms.ValidationError as error:
                errors.append(error)
        if errors:
            raise forms.ValidationError(errors)
        # A record named twice is one condition, not two subqueries.
        return list(dict.fromkeys(refs))


def too_many_values():
    return forms.ValidationError(
        f"At most {MAX_VALUES} values: repeat this parameter no more than {MAX_VALUES} times.",
        code="max_values",
    )


def is_repeatable(filter_):
    return isinstance(filter_, django_filters.MultipleChoiceFilter)


def repetition_errors(filters, query):
    """Messages for parameters of ``query`` (a QueryDict) given more often than they are read.

    A parameter read once and given twice (``?kind=meeting&kind=visit``) is refused rather than
    answered with its last value: the asker expected both to count, and would get a list that
    silently ignores one. ``filters`` are a filterset's; any other parameter is read once.
    """
    errors = {}
    for name, values in query.lists():
        filter_ = filters.get(name)
        if filter_ is not None and is_repeatable(filter_):
            if len(values) > MAX_VALUES:
                errors[name] = too_many_values().messages
        elif len(values) > 1:
            errors[name] = ["Give this parameter once: it takes a single value."]
    return errors


REF_SCHEMA = {
    "type": "string",
    "pattern": REF.pattern,
    "maxLength": REF_MAX_LENGTH,
    "description": "An id (digits) or a slug.",
}


@extend_schema_field(REF_SCHEMA)
class RefFilter(django_filters.CharFilter):
    """A record named by its id or its slug."""

    field_class = RefField


@extend_schema_field(REF_SCHEMA)
class MultipleRefFilter(django_filters.MultipleChoiceFilter):
    """Records named by id or slug, the parameter repeated once per record."""

    field_class = MultipleRefField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra.pop("choices", None)


@extend_schema_field({"type": "string", "pattern": "^[^\\u0000]*$", "maxLength": 200})
class TextFilter(django_filters.CharFilter):
    """Free text; NUL characters are refused (PostgreSQL cannot store them), and so is an essay."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.Field):
    """``true``/``false`` (or ``1``/``0``); django-filter's own field ignores anything else silently."""

    TRUE, FALSE = {"true", "1"}, {"false", "0"}

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError("Give true or false.")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class CountryCodeField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value).strip().upper()
        if value and value not in countries:
            raise forms.ValidationError(
                "“%(value)s” is not an ISO 3166-1 alpha-2 country code.",
                code="invalid",
                params={"value": value[:20]},
            )
        return value


@extend_schema_field({"type": "string", "enum": [code for code, _ in countries]})
class CountryFilter(django_filters.CharFilter):
    field_class = CountryCodeField


class StableOrderingFilter(django_filters.OrderingFilter):
    """``?ordering=`` with ties broken by id, so pages and exports list rows in one fixed order.

    The id goes the way of the first column (``-updated_at`` then ``-id``): one direction
    throughout lets an index on those columns give the order as it is stored.
    """

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        ordering = [name for name in qs.query.order_by if isinstance(name, str)]
        if ordering and not any(name.lstrip("-") in ("pk", "id") for name in ordering):
            qs = qs.order_by(*qs.query.order_by, "-pk" if ordering[0].startswith("-") else "pk")
        return qs


class UTCDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 time, turned into UTC: PostgreSQL refuses offsets beyond ±15:59."""

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None or parsed.tzinfo is None:
            return parsed
        try:
            return parsed.astimezone(datetime.UTC)
        except OverflowError:
            raise forms.ValidationError("This time is out of range.") from None


class UTCDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


class BaseFilterSet(django_filters.FilterSet):
    """Every list has ``updated_since`` for incremental sync."""

    updated_since = UTCDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Only records changed at or after this time (ISO 8601). "
        "Records withdrawn from publication are listed by /api/v1/withdrawn/.",
    )


# ---------------------------------------------------------------------------- CSV


class CSVRenderer(renderers.BaseRenderer):
    """Lets content negotiation choose CSV; the views stream the body themselves."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Views never hand data here for success; errors are switched to JSON in the view.
        return json.dumps(data, default=str).encode()


def csv_response(columns, records, filename, lines=None):
    """Stream ``records`` as CSV; ``lines`` replaces the Python writer with ready CSV text."""
    lines = csv_lines(columns, records) if lines is None else lines
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    # Rows go on to the client as they come: nginx would otherwise buffer the whole export.
    response["X-Accel-Buffering"] = "no"
    return response


# ---------------------------------------------------------------------------- views

# ``?as_known_on=2026-01-31T12:00:00Z``: the answer the API gave at that moment (events.temporal);
# the response says which moment it answers for in this header (and in a list's envelope).
MOMENT_HEADER = "As-Known-On"


class ReadOnlyMixin:
    """For anyone, JSON or CSV, paged, and every write method answers 405 whoever asks."""

    permission_classes = [permissions.AllowAny]
    pagination_class = Pagination
    renderer_classes = [renderers.JSONRenderer, renderers.BrowsableAPIRenderer, CSVRenderer]

    def initial(self, request, *args, **kwargs):
        # Answer 405 before authentication, CSRF and throttling: a write is never allowed,
        # whoever asks, so that is the answer whoever asks.
        if request.method.lower() not in self.http_method_names or not hasattr(self, request.method.lower()):
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        self.check_parameters(request)
        self.enter_moment(request)

    # Parameters every list takes besides its filters and its paging's; a view adds its own in
    # extra_parameters.
    common_parameters = ("format",)
    extra_parameters = ()
    # Whether ``?as_known_on=`` may ask for the record as it stood at a moment (events.temporal).
    reads_the_past = False
    as_known_on = None
    _moment_block = None

    def enter_moment(self, request):
        """With ``?as_known_on=``, the rest of the request reads the record as it stood then,
        until ``finalize_response`` (and, for a streamed body, while each piece is made)."""
        raw = request.query_params.get(AS_KNOWN_ON, "") if self.reads_the_past else ""
        if not raw:
            return
        try:
            self.as_known_on = temporal.parse_moment(raw)
        except temporal.MomentError as error:
            raise exceptions.ValidationError({AS_KNOWN_ON: [str(error)]}) from None
        self._moment_block = temporal.known_on(self.as_known_on)
        self._moment_block.__enter__()

    def leave_moment(self, response):
        block, self._moment_block = self._moment_block, None
        if block is not None:
            block.__exit__(None, None, None)
        if self.as_known_on is None:
            return response
        response[MOMENT_HEADER] = self.as_known_on.isoformat()
        response["Memento-Datetime"] = http_date(self.as_known_on.timestamp())
        if getattr(response, "streaming", False):
            response.streaming_content = temporal.streamed_known_on(
                self.as_known_on, response.streaming_content
            )
        return response

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        if self.as_known_on is not None:
            response.data = {AS_KNOWN_ON: self.as_known_on.isoformat(), **response.data}
        return response

    def check_parameters(self, request):
        """A misspelt parameter (``acter=``) is a 400, never a silently unfiltered list.

        So is one the paging no longer reads (``page`` on a cursor-paged list), with what to do instead:
        an old script must not be handed the first page over and over.
        """
        allowed = {*self.common_parameters, *self.extra_parameters, *self.paginator.query_parameters}
        if self.reads_the_past:
            allowed.add(AS_KNOWN_ON)
        filterset_class = getattr(self, "filterset_class", None)
        filters = filterset_class.base_filters if filterset_class is not None else {}
        allowed.update(filters)
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            known = ", ".join(sorted(allowed))
            retired = self.paginator.retired_parameters
            raise exceptions.ValidationError(
                {name: [retired.get(name, f"Unknown parameter. Known ones: {known}.")] for name in unknown}
            )
        repeated = repetition_errors(filters, request.query_params)
        if repeated:
            raise exceptions.ValidationError(repeated)

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:
            # DRF answers an unknown ?format= with 404; it is a bad parameter, not a missing page.
            raise exceptions.ValidationError({"format": ["Choose json or csv."]}) from None

    def wants_csv(self):
        return getattr(self.request, "accepted_renderer", None).__class__ is CSVRenderer

    def finalize_response(self, request, response, *args, **kwargs):
        # An error asked for as CSV is still an error: say it in JSON, which a person can read.
        if (
            isinstance(response, Response)
            and response.status_code >= 400
            and isinstance(getattr(request, "accepted_renderer", None), CSVRenderer)
        ):
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = request.accepted_renderer.media_type
        return self.leave_moment(super().finalize_response(request, response, *args, **kwargs))


class ReadOnlyViewSet(ReadOnlyMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail of public records.

    Subclasses declare ``queryset`` (already limited to public records), ``serializer_class``,
    ``filterset_class``, ``export_columns`` and ``export_name``; ``get_queryset`` adds the
    model's ``for_api()``, which loads what the serializer and the CSV columns read.
    """

    export_columns = ()
    export_name = "records"
    reads_the_past = True

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.for_api() if hasattr(queryset, "for_api") else queryset

    def export_lines(self, queryset):
        """The CSV text of a whole filtered list; ``None`` means the Python writer."""
        return None

    def list(self, request, *args, **kwargs):
        if self.wants_csv():
            queryset = self.filter_queryset(self.get_queryset())
            self.paginator.validate(request, queryset)
            lines = self.export_lines(queryset)
            # Once streaming starts the status is sent: a database that is down must show here,
            # as a 503, not as a 200 whose body breaks off.
            connections[queryset.db].ensure_connection()
            return csv_response(self.export_columns, stream(queryset), self.export_name, lines=lines)
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        if self.wants_csv():
            return csv_response(self.export_columns, [instance], f"{self.export_name}-{instance.pk}")
        data = self.get_serializer(instance).data
        digest = hashlib.sha256(
            json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode()
        ).hexdigest()[:32]
        etag = f'"{digest}-{request.accepted_renderer.format}"'
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            # A 304 names the representation it confirms (RFC 9110), so a cache keeps the right one.
            not_modified["ETag"] = etag
            return not_modified
        response = Response(data)
        response["ETag"] = etag
        return response


class MergedRedirectMixin:
    """A detail view whose merged records answer 301 with the address of the one that stayed.

    For actors, places and sources (``merged_into``, ``events.merging``): the duplicate's id
    (or slug) is never reused, and whoever kept its address is sent to the survivor, following
    a chain of merges, once the survivor is public. The look-up happens only for an id that is
    not found, so a public record costs no extra query.
    """

    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            survivor = self.merged_survivor(str(kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")))
            if survivor is None:
                raise
        # Django's reverse, not DRF's: DRF's would add ?format= again, as well as the query below.
        url = request.build_absolute_uri(reverse(f"{self.basename}-detail", kwargs={"pk": survivor.pk}))
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)

    def merged_survivor(self, ref):
        return merged_survivor(self.queryset, ref)


def merged_survivor(queryset, ref):
    """The record of ``queryset`` (the public ones) a merged duplicate's records went to,
    following merges; else ``None``. ``ref`` is the duplicate's id or slug. The API's detail
    views and the public pages (actors.pages) send a merged record's address there."""
    if len(ref) > REF_MAX_LENGTH or not REF.match(ref):
        return None
    model = queryset.model
    if ref.isdigit():
        lookup = {"pk": int(ref)}
    elif any(field.name == "slug" for field in model._meta.fields):
        lookup = {"slug": ref}
    else:
        return None
    duplicate = model.objects.filter(merged_into__isnull=False, **lookup).first()
    if duplicate is None:
        return None
    survivor = duplicate.final_survivor
    return survivor if queryset.filter(pk=survivor.pk).exists() else None


# ---------------------------------------------------------------------------- errors


logger = logging.getLogger(__name__)

DATABASE_DOWN = "The database cannot be reached just now; try again in a minute."
DATABASE_RETRY_AFTER = "60"


def flat_messages(detail, prefix=""):
    """Nested errors (``{"columns": {0: [...]}}``) as one list of texts that say where.

    A list's items are counted from 1, as a person counts them: ``item 1: This field may not be blank.``
    """
    if isinstance(detail, dict):
        return [
            message
            for key, value in detail.items()
            for message in flat_messages(
                value, f"{prefix}{f'item {key + 1}' if isinstance(key, int) else key}: "
            )
        ]
    if isinstance(detail, list | tuple):
        return [message for item in detail for message in flat_messages(item, prefix)]
    return [f"{prefix}{detail}"]


def exception_handler(exc, context):
    """DRF's handler, plus Django's ``ValidationError`` as a 400 and a lost database as a 503.

    Every body it gives fits ``ERROR_SCHEMA``: names with a text or a list of texts.
    """
    if isinstance(exc, django_exceptions.ValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    if isinstance(exc, OperationalError | InterfaceError):
        # Answered, so Django logs nothing: say it here, for whoever keeps the database up.
        logger.error("The database cannot be reached: %s", exc)
        return Response({"detail": DATABASE_DOWN}, status=503, headers={"Retry-After": DATABASE_RETRY_AFTER})
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        data = response.data
        if isinstance(data, dict):
            response.data = {
                str(name): value if isinstance(value, str) else flat_messages(value)
                for name, value in data.items()
            }
        else:
            response.data = {"detail": flat_messages(data)}
    return response


class JSONParser(parsers.JSONParser):
    """DRF's, with two bodies it lets through as 500s made 400s.

    JSON nested deeper than Python can read (``[[[[…``), and a lone surrogate (``"\\ud800"``):
    valid JSON, but no text, so the answer that repeats it cannot be written.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
            json.dumps(data, ensure_ascii=False).encode()
        except RecursionError:
            raise exceptions.ParseError("JSON parse error - nested too deeply.") from None
        except UnicodeEncodeError:
            raise exceptions.ParseError("JSON parse error - a \\u escape names half a character.") from None
        return data


# ---------------------------------------------------------------------------- schema

ERROR_SCHEMA = {
    "type": "object",
    "description": "What was wrong: the parameter named, with messages; or a `detail` text.",
    "additionalProperties": {
        "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
    },
}


def error_response(description):
    return {"description": description, "content": {"application/json": {"schema": ERROR_SCHEMA}}}


FORMAT_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=["json", "csv"],
    description="`csv` streams the whole filtered list (not one page) as CSV; "
    "`Accept: text/csv` does the same.",
)

AS_KNOWN_ON_PARAMETER = OpenApiParameter(
    AS_KNOWN_ON,
    OpenApiTypes.DATETIME,
    description="The answer as it stood at this moment (ISO 8601; UTC without an offset): the "
    "published versions of then, with the same filters, order and pages. Not in the future, nor "
    "before the history began (the 400 says when). The `As-Known-On` header (and a list's "
    "`as_known_on`) says which moment the answer is for.",
)


MOVED_RESPONSE = {
    "description": "This record was merged into another: `Location` is the address of the one that "
    "stayed (the withdrawn feed lists it with `merged_into`).",
    "headers": {
        "Location": {
            "description": "The address of the record that took over this one's records.",
            "schema": {"type": "string", "format": "uri"},
        }
    },
}


class APISchema(AutoSchema):
    """Documents the CSV alternative and the error answers every endpoint can give."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        # Where the view reads it: an export has a format of its own and no ?format=.
        if (
            isinstance(self.view, ReadOnlyMixin)
            and self.method == "GET"
            and "format" in self.view.common_parameters
        ):
            parameters = [*parameters, FORMAT_PARAMETER]
        if isinstance(self.view, ReadOnlyMixin) and self.method == "GET" and self.view.reads_the_past:
            parameters = [*parameters, AS_KNOWN_ON_PARAMETER]
        return parameters

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        filterset_class = getattr(self.view, "filterset_class", None)
        filters = filterset_class.base_filters if filterset_class is not None else {}
        for parameter in (operation or {}).get("parameters", []):
            # A filter whose type gives its own schema (an id, a code) keeps its help text:
            # drf-spectacular would document it with the type's generic words only.
            help_text = getattr(filters.get(parameter["name"]), "extra", {}).get("help_text")
            if parameter["in"] == "query" and help_text:
                parameter["description"] = str(help_text)
            # As in an HTML form, an empty value means "no filter", and is answered as such.
            if parameter["in"] == "query":
                parameter["allowEmptyValue"] = True
                # The only repeatable query parameters are the filters that take several values.
                if parameter.get("schema", {}).get("type") == "array":
                    parameter["schema"]["maxItems"] = MAX_VALUES
        return operation

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for response in responses.values():
            content = response.get("content", {})
            if CSVRenderer.media_type in content:
                content[CSVRenderer.media_type] = {"schema": {"type": "string"}}
        if self.method == "GET":
            responses.setdefault(
                "400",
                error_response(
                    "A malformed parameter, or one given more often than it is read (a repeatable "
                    f"filter takes at most {MAX_VALUES} values), or a query string over "
                    f"{MAX_QUERY_STRING} bytes; the message names it."
                ),
            )
            responses.setdefault("401", error_response("The token given is not valid."))
            if not self._is_list_view():
                responses.setdefault("404", error_response("No public record with this id."))
                if isinstance(self.view, MergedRedirectMixin):
                    responses.setdefault("301", MOVED_RESPONSE)
            responses.setdefault("429", error_response("Too many requests; the message says when to retry."))
            responses.setdefault(
                "503", error_response("The database cannot be reached; Retry-After says when to try again.")
            )
        return responses


__all__ = [
    "MAX_QUERY_STRING",
    "MAX_VALUES",
    "AnonThrottle",
    "BaseFilterSet",
    "CSVRenderer",
    "CountryFilter",
    "IdFilter",
    "JSONParser",
    "KeysetPagination",
    "MergedRedirectMixin",
    "MultipleRefFilter",
    "Pagination",
    "ReadOnlyMixin",
    "ReadOnlyViewSet",
    "RefFilter",
    "StableOrderingFilter",
    "StrictBooleanFilter",
    "TextFilter",
    "UserThrottle",
    "exception_handler",
    "parse_ref",
    "ref_condition",
    "repetition_errors",
]
