"""The link check against a local HTTP server (never the internet)."""

import http.server
import threading

import pytest

from reports import linkcheck
from reports.models import LinkCheck
from tests.factories import SourceFactory


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/ok":
            self.answer(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/slow":
            # Longer than the check's timeout; the server gives up waiting once the client has gone.
            self.server.release.wait(5)
            self.answer(200)
        else:
            self.answer(404)

    def answer(self, status):
        body = b"hello"
        try:
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the link check stopped waiting (the timeout case): nobody to answer

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.release = threading.Event()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.release.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def sources(db, server):
    return {
        name: SourceFactory(title=name, url=f"{server}/{name}") for name in ["ok", "missing", "moved", "slow"]
    }


def test_it_records_status_final_url_and_errors_for_each_source(sources, server, settings):
    settings.LINKCHECK_TIMEOUT_SECONDS = 1
    assert linkcheck.check_source_links() == 4
    checks = {check.source.title: check for check in LinkCheck.objects.select_related("source")}
    assert (checks["ok"].status_code, checks["ok"].final_url, checks["ok"].error) == (200, f"{server}/ok", "")
    assert (checks["missing"].status_code, checks["missing"].error) == (404, "")
    assert (checks["moved"].status_code, checks["moved"].final_url) == (200, f"{server}/ok")
    assert (checks["slow"].status_code, checks["slow"].error) == (None, "No answer within 1 seconds.")
    assert all(check.elapsed_ms is not None and check.checked_at for check in checks.values())
    assert checks["moved"].url == f"{server}/moved"


def test_it_checks_the_sources_never_checked_or_checked_longest_ago_first(sources, settings):
    settings.LINKCHECK_TIMEOUT_SECONDS = 1
    linkcheck.check_source_links(limit=3)
    linkcheck.check_source_links(limit=1)
    counts = {source.title: source.link_checks.count() for source in sources.values()}
    assert sorted(counts.values()) == [1, 1, 1, 1]


def test_it_waits_between_two_requests_to_the_same_host(sources, settings):
    settings.LINKCHECK_TIMEOUT_SECONDS = 1
    settings.LINKCHECK_DELAY_SECONDS = 7
    waits = []
    linkcheck.check_source_links(limit=2, sleep=waits.append)
    # One wait before the second request to 127.0.0.1, of at most the configured delay.
    assert len(waits) == 1
    assert 0 < waits[0] <= 7


def test_it_does_not_fetch_other_schemes(db):
    source = SourceFactory(url="ftp://example.org/file")
    check = linkcheck.check_source(source, timeout=1)
    assert (check.status_code, check.error) == (None, "Only http and https links are checked.")


def test_politeness_spaces_requests_per_host_not_across_hosts():
    clock = iter([0.0, 0.0, 1.0, 1.0, 2.0, 2.0]).__next__
    waits = []
    polite = linkcheck._Politeness(5, sleep=waits.append, clock=clock)
    polite.wait_for("a.example")
    polite.wait_for("b.example")
    polite.wait_for("a.example")
    assert waits == [4.0]
