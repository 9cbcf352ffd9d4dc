"""The API's rate limits, which ``settings.REST_FRAMEWORK`` names, and the report request limit.

Like ``alliance_tracker.pagination`` this module is imported by DRF while it defines its views:
it must never import ``rest_framework.views`` or anything built on it.

All limits count in the default cache (settings.CACHES), which every process of the site shares,
and identify anonymous clients by ``client_ip``, the address the login lockout uses too.
"""

import fcntl
import logging
import threading
import zlib
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from alliance_tracker.client_ip import client_ip

logger = logging.getLogger(__name__)

# Lock files for the folder cache: a few, so that clients rarely wait for each other.
LOCK_STRIPES = 64
_process_lock = threading.Lock()


@contextmanager
def counter_lock(cache, key):
    """Hold one client's counter alone, across processes, while it is read and written back.

    DRF reads a client's recent requests and writes them back with one more: two processes
    doing that at once would each count only their own request.
    """
    if isinstance(cache, RedisCache):
        client = cache._cache.get_client(key, write=True)
        with client.lock(f"{cache.make_and_validate_key(key)}:lock", timeout=5, blocking_timeout=5):
            yield
    elif isinstance(cache, FileBasedCache):
        folder = Path(cache._dir)
        folder.mkdir(parents=True, exist_ok=True)
        stripe = zlib.crc32(key.encode()) % LOCK_STRIPES
        with open(folder / f"throttle-{stripe}.lock", "a") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)
    else:
        # Memory caches belong to one process: a thread lock is all they need.
        with _process_lock:
            yield


class SharedCountMixin:
    """Count by the project's client address, under a lock that holds across processes."""

    @property
    def cache(self):
        # The backend itself, not DRF's proxy to it: the lock depends on which backend it is.
        return caches["default"]

    def get_ident(self, request):
        return client_ip(request)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        try:
            with counter_lock(self.cache, key):
                return super().allow_request(request, view)
        except (RedisError, OSError) as error:
            # A limit whose counters cannot be reached lets the request through: a cache outage
            # must not take the whole read-only API down with it.
            logger.warning("Rate limit not checked, its cache is unreachable: %s", error)
            return True


class RatesFromSettingsMixin:
    """Read the rate when a request comes, not at import, so settings overrides take effect."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(SharedCountMixin, RatesFromSettingsMixin, AnonRateThrottle):
    pass


class UserThrottle(SharedCountMixin, RatesFromSettingsMixin, UserRateThrottle):
    pass


class ReportRequestThrottle(SharedCountMixin, UserRateThrottle):
    """Report requests cost a worker's time: they have their own, lower limit (REPORTS_REQUEST_RATE)."""

    scope = "report_requests"

    def get_rate(self):
        return settings.REPORTS_REQUEST_RATE
