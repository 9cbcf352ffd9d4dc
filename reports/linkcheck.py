"""Visit each source's URL, politely, and record whether it still answers.

One request at a time, at most one per host every LINKCHECK_DELAY_SECONDS, each given
LINKCHECK_TIMEOUT_SECONDS; the sources checked longest ago go first.
"""

import logging
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db.models import F, Max
from django.utils import timezone

from events.models import Source
from reports.models import LinkCheck

SCHEMES = ("http", "https")
logger = logging.getLogger(__name__)


class _Politeness:
    """Waits so that one host gets at most one request every ``delay`` seconds."""

    def __init__(self, delay, sleep=time.sleep, clock=time.monotonic):
        self.delay, self.sleep, self.clock, self.last = delay, sleep, clock, {}

    def wait_for(self, host):
        if host in self.last:
            remaining = self.last[host] + self.delay - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        self.last[host] = self.clock()


def fetch(url, timeout):
    """``(status_code, final_url, error)`` for one GET of ``url``, following redirects."""
    if urlsplit(url).scheme not in SCHEMES:
        return None, "", "Only http and https links are checked."
    # The scheme is checked above: no file:// or other local schemes get here.
    request = urllib.request.Request(url, headers={"User-Agent": settings.LINKCHECK_USER_AGENT})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.geturl(), ""
    except urllib.error.HTTPError as exc:
        return exc.code, exc.geturl() or url, ""
    except TimeoutError:
        return None, "", f"No answer within {timeout} seconds."
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            return None, "", f"No answer within {timeout} seconds."
        return None, "", f"Could not connect: {exc.reason}"[:500]
    except (OSError, ValueError) as exc:
        return None, "", f"Could not fetch: {exc}"[:500]


def check_source(source, timeout=None):
    timeout = timeout if timeout is not None else settings.LINKCHECK_TIMEOUT_SECONDS
    started = time.monotonic()
    status, final_url, error = fetch(source.url, timeout)
    return LinkCheck.objects.create(
        source=source,
        url=source.url,
        checked_at=timezone.now(),
        status_code=status,
        final_url=final_url[:1000],
        error=error,
        elapsed_ms=round((time.monotonic() - started) * 1000),
    )


def sources_to_check(limit):
    """Sources with a URL, never checked first, then those checked longest ago."""
    return (
        Source.objects.exclude(url="")
        .annotate(last_checked=Max("link_checks__checked_at"))
        .order_by(F("last_checked").asc(nulls_first=True), "pk")[:limit]
    )


def check_source_links(limit=None, sleep=time.sleep):
    """Check up to ``limit`` sources; returns how many were checked.

    Each check is saved as it is made, so a run stopped by the task's time limit loses nothing:
    the next run starts with the sources it did not reach.
    """
    politeness = _Politeness(settings.LINKCHECK_DELAY_SECONDS, sleep=sleep)
    checked = 0
    try:
        for source in sources_to_check(limit or settings.LINKCHECK_BATCH_SIZE):
            politeness.wait_for(urlsplit(source.url).netloc.lower())
            check_source(source)
            checked += 1
    except SoftTimeLimitExceeded:
        logger.warning("Link check stopped by its time limit after %s sources.", checked)
    return checked
