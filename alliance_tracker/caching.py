"""What a shared cache (nginx, a CDN) may keep of the API's answers, and for how long.

One rule for all of /api/ (lists, details, CSV, the exports under /api/v1/exports/, the schema):

- An anonymous GET or HEAD answered 200 (or 304) by a view open to anyone is public for
  ``API_CACHE_MAX_AGE`` seconds, with ``Vary: Accept, Authorization, Cookie`` (JSON, CSV and
  the browsable API share addresses; a token or a session must never get, nor leave, a copy).
- Its validator: a complete body's ``ETag`` is the hash of the body (a detail's own ``ETag``,
  from its representation, is kept). A streamed body (CSV, GeoJSON, GEXF, GraphML, FtM) cannot
  be hashed before it is sent, so it gets a weak ``ETag`` of the dataset version
  (``reports.snapshot.latest_public_change``: the latest change to anything published, a
  withdrawal and a merge included), its media type and the code that writes it: the same
  address gives the same rows until one of those moves.
- ``If-None-Match`` is answered 304 by Django's ``ConditionalGetMiddleware``, with the same
  ``Cache-Control``, ``ETag`` and ``Vary``.
- Everything else on /api/ is ``Cache-Control: private, no-store``: a request with a token or a
  session cookie (whoever it turns out to be), a write, an error (400, 401, 404, 429, 503…), a
  redirect, an answer that sets a cookie (the browsable API's CSRF token), and every view not
  open to anyone (reports).
"""

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers
from rest_framework.permissions import AllowAny

API_PREFIX = "/api/"
SHARED_VARY = ("Accept", "Authorization", "Cookie")
PRIVATE = "private, no-store"
# The project's own code, whose change may change what an export writes for the same rows.
CODE_FOLDERS = ("alliance_tracker", "actors", "events", "reports")


@cache
def code_version():
    """A digest of the project's Python files and pinned requirements, once per process."""
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    files = [
        base / "requirements.txt",
        *(path for folder in CODE_FOLDERS for path in (base / folder).rglob("*.py")),
    ]
    for path in sorted(files):
        if path.is_file():
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def streamed_etag(response):
    """A weak ``ETag`` for a streamed body: the dataset version, the media type and the code."""
    # Imported here: the project package loads before the apps' models.
    from reports.snapshot import latest_public_change

    moment = latest_public_change()
    key = "|".join(
        [moment.isoformat() if moment else "empty", response.get("Content-Type", ""), code_version()]
    )
    return f'W/"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'


def open_to_anyone(view_class):
    return view_class is not None and all(
        permission is AllowAny for permission in getattr(view_class, "permission_classes", ())
    )


def carries_credentials(request):
    if request.META.get("HTTP_AUTHORIZATION") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def shareable(request, response):
    """Whether a shared cache may keep this answer and give it to anyone who asks."""
    cache_control = response.get("Cache-Control", "").lower()
    return (
        request.method in ("GET", "HEAD")
        and response.status_code in (200, 304)
        and open_to_anyone(getattr(request, "api_view_class", None))
        and not carries_credentials(request)
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and response.get("Vary", "").strip() != "*"
    )


class SharedCacheMiddleware(ConditionalGetMiddleware):
    """``Cache-Control``, ``Vary`` and validators on /api/ (see the module's text)."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        # DRF's views carry their class; the permission classes say who may read them.
        request.api_view_class = getattr(view_func, "cls", None)

    def process_response(self, request, response):
        if not request.path.startswith(API_PREFIX):
            return response
        if not shareable(request, response):
            response["Cache-Control"] = PRIVATE
            return response
        patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
        patch_vary_headers(response, SHARED_VARY)
        if response.status_code != 200:
            return response  # a view's own 304, already with its ETag
        if response.streaming and not response.has_header("ETag"):
            response["ETag"] = streamed_etag(response)
        # A complete body gets the hash of its content; If-None-Match is answered 304 (GET only).
        return super().process_response(request, response)
