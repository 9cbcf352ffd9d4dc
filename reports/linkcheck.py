"""Visit each source's URL, politely, and record whether it still answers.

One request at a time, at most one per host every LINKCHECK_DELAY_SECONDS, each given
LINKCHECK_TIMEOUT_SECONDS; the sources checked longest ago go first.

Where the address serves plain text (``text/plain``, up to ``SOURCE_TEXT_MAX_BYTES``), the
check hashes it as a source's text is hashed (``events.anchoring.sha256_of`` of the text with
``\n`` line breaks) and keeps the hash; when it differs from the source's ``content_sha256``,
the document changed since its quotes were checked, and the source's claims are flagged
``needs_recheck``. An HTML page is not compared: its text cannot be told from the page around
it, so only its status is kept.
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

from events.anchoring import sha256_of, stored_text
from events.models import Claim, Source
from events.temporal import update_with_history
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


def plain_text(response):
    """The text of a ``text/plain`` answer as a source would store it, else None (another kind
    of page, too large, or not in its declared encoding)."""
    if response.headers.get_content_type() != "text/plain":
        return None
    limit = settings.SOURCE_TEXT_MAX_BYTES
    body = response.read(limit + 1)
    if len(body) > limit:
        return None
    try:
        return stored_text(body.decode(response.headers.get_content_charset() or "utf-8"))
    except (LookupError, UnicodeDecodeError):
        return None


def fetch(url, timeout):
    """``(status_code, final_url, error, text)`` for one GET of ``url``, following redirects;
    ``text`` is the plain text served (``plain_text``), or None."""
    if urlsplit(url).scheme not in SCHEMES:
        return None, "", "Only http and https links are checked.", None
    # The scheme is checked above: no file:// or other local schemes get here.
    request = urllib.request.Request(url, headers={"User-Agent": settings.LINKCHECK_USER_AGENT})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.geturl(), "", plain_text(response)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.geturl() or url, "", None
    except TimeoutError:
        return None, "", f"No answer within {timeout} seconds.", None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            return None, "", f"No answer within {timeout} seconds.", None
        return None, "", f"Could not connect: {exc.reason}"[:500], None
    except (OSError, ValueError) as exc:
        return None, "", f"Could not fetch: {exc}"[:500], None


def check_source(source, timeout=None):
    timeout = timeout if timeout is not None else settings.LINKCHECK_TIMEOUT_SECONDS
    started = time.monotonic()
    status, final_url, error, text = fetch(source.url, timeout)
    checked_at = timezone.now()
    digest = sha256_of(text) if text is not None else ""
    changed = bool(digest and source.content_sha256 and digest != source.content_sha256)
    if changed:
        # The document is no longer the text its quotes were checked against.
        update_with_history(
            Claim.objects.filter(source=source, needs_recheck=False),
            needs_recheck=True,
            updated_at=checked_at,
        )
    return LinkCheck.objects.create(
        source=source,
        url=source.url,
        checked_at=checked_at,
        status_code=status,
        final_url=final_url[:1000],
        error=error,
        elapsed_ms=round((time.monotonic() - started) * 1000),
        content_sha256=digest,
        text_changed=changed,
    )


def sources_to_check(limit):
    """Sources with a URL, never checked first, then those checked longest ago."""
    return (
        Source.objects.exclude(url="")
        .defer("text")
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
