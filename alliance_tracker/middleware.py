"""Requests refused before any view reads them, and a lost database answered in the API's words.

- A NUL character anywhere in the query (``?country=%00``) is a 400 naming the parameter, on
  every page: PostgreSQL refuses NUL in text, and the admin's filters and autocomplete would
  hand it over and answer 500.
- On /api/, a query string over ``MAX_QUERY_STRING`` bytes is a 400, and a database that cannot
  be reached is a JSON 503 with ``Retry-After`` rather than an HTML error page.

Errors on /api/ are JSON in the shape of ``ERROR_SCHEMA``; elsewhere plain text.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse

from alliance_tracker.api import DATABASE_DOWN, DATABASE_RETRY_AFTER, MAX_QUERY_STRING

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
NUL_MESSAGE = "A NUL character (%00) cannot be stored or searched for; remove it."


class RequestInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refused = self.refuse(request)
        return refused if refused is not None else self.get_response(request)

    def refuse(self, request):
        in_api = request.path.startswith(API_PREFIX)
        if in_api and len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
            return JsonResponse(
                {"query_string": [f"The query string is too long: at most {MAX_QUERY_STRING} bytes."]},
                status=400,
            )
        names = [
            name for name, values in request.GET.lists() if "\x00" in name or any("\x00" in v for v in values)
        ]
        if not names:
            return None
        if in_api:
            return JsonResponse({name: [NUL_MESSAGE] for name in names}, status=400)
        listed = ", ".join(name.replace("\x00", "%00") for name in names)
        return HttpResponse(
            f"Bad request: the parameter {listed}: {NUL_MESSAGE}\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )

    def process_exception(self, request, exception):
        # DRF views answer this themselves (alliance_tracker.api.exception_handler); this is for
        # the rest of /api/ (the schema, the docs) and for errors raised around a view.
        if request.path.startswith(API_PREFIX) and isinstance(exception, OperationalError | InterfaceError):
            logger.error("The database cannot be reached: %s", exception)
            response = JsonResponse({"detail": DATABASE_DOWN}, status=503)
            response["Retry-After"] = DATABASE_RETRY_AFTER
            return response
        return None


class ReplicaReadsMiddleware:
    """Reads of the public API and pages from a replica (alliance_tracker.db_router), never the admin's."""

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        if not settings.DATABASE_REPLICAS or not self.is_public_read(request):
            return self.get_response(request)
        from alliance_tracker import db_router

        with db_router.replica_reads():
            response = self.get_response(request)
        if response.streaming and not response.is_async:
            response.streaming_content = db_router.streamed_with_replica_reads(response.streaming_content)
        return response

    def is_public_read(self, request):
        from django.urls import Resolver404, resolve

        if request.method not in self.SAFE_METHODS:
            return False
        if request.path_info.startswith(API_PREFIX + "v1/"):
            return True
        try:
            return resolve(request.path_info).namespace == "public"
        except Resolver404:
            return False
