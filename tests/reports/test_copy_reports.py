"""Reports whose events PostgreSQL writes itself (COPY) finish, with their progress saved."""

import io
import signal
import threading
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import connection

from reports import services
from reports.choices import ReportKind, ReportStatus
from reports.models import Report
from tests.factories import published_event
from tests.reports.conftest import read_report

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY reports exist on PostgreSQL only"),
]

EVENTS = 25
SECONDS = 20


@contextmanager
def at_most(seconds):
    """Fail instead of hanging.

    A wait on psycopg's connection lock is interrupted by a signal sent to this thread (an
    alarm might go to another thread, leaving this one waiting). The signal is sent again for
    the waits of the error handling that follows; then the COPY left open is closed, so that the test database can still be rolled back.
    """
    done, waiting = threading.Event(), threading.get_ident()

    def give_up(signum, frame):
        raise TimeoutError(f"still running after {seconds} seconds")

    def watch():
        if done.wait(seconds):
            return
        for _ in range(5):
            signal.pthread_kill(waiting, signal.SIGUSR1)
            if done.wait(1):
                return

    previous = signal.signal(signal.SIGUSR1, give_up)
    watchdog = threading.Thread(target=watch, daemon=True)
    watchdog.start()
    try:
        yield
    except TimeoutError:
        done.set()
        # The suspended COPY still holds the connection: free it and close it, so that the
        # rollback after the test fails instead of waiting in turn.
        raw = connection.connection
        if raw is not None and raw.lock.locked():
            raw.lock.release()
            raw.close()
        pytest.fail(f"hung: still running after {seconds} seconds", pytrace=False)
    finally:
        done.set()
        watchdog.join()
        signal.signal(signal.SIGUSR1, previous)


@pytest.fixture
def many_events(db, settings):
    """Five chunks of progress, and more CSV than one block of the COPY (64 KB), so that
    progress is saved while the COPY is still under way."""
    settings.REPORTS_CHUNK_SIZE = 5
    return [
        published_event(title=f"Meeting {number:02}", description="التقى حفتر بوتين. " * 300)
        for number in range(EVENTS)
    ]


def test_a_report_of_more_events_than_a_chunk_finishes_with_every_row_and_its_progress(many_events):
    report = Report.objects.create(kind=ReportKind.EXPORT, endpoint="events")
    with at_most(SECONDS):
        report = services.run_report(report.pk)
    assert report.status == ReportStatus.DONE
    (rows,) = read_report(report).values()
    assert sorted(row["title"] for row in rows) == [f"Meeting {number:02}" for number in range(EVENTS)]
    assert report.row_count == report.rows_written == report.rows_expected == EVENTS


def test_the_snapshot_of_more_events_than_a_chunk_finishes(many_events):
    with at_most(SECONDS):
        call_command("build_snapshot", stdout=io.StringIO())
    snapshot = Report.objects.get(kind=ReportKind.SNAPSHOT)
    assert snapshot.status == ReportStatus.DONE
    assert len(read_report(snapshot)["events.csv"]) == EVENTS
