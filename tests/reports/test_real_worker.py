"""Real Celery workers on a real Redis broker build reports end to end.

Runs only where CELERY_BROKER_URL is set (CI sets it); e.g.

    CELERY_BROKER_URL=redis://127.0.0.1:6379/15 .venv/bin/python -m pytest tests/reports/test_real_worker.py

- The researcher's flow runs a worker in a thread of the test process
  (celery.contrib.testing.worker.start_worker, solo pool), so it shares the test database:
  SQLite's in-memory test database is opened in shared-cache mode and the worker thread's own
  connection sees it; PostgreSQL's test database is a normal database. ``transactional_db``
  commits for real, so the worker sees the rows the test writes.
- The killed-worker case runs ``celery worker`` as a subprocess (prefork pool) on its own SQLite
  file, since a forked pool child cannot share an in-memory database, and kills its pool child.
"""

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from rest_framework.test import APIClient

from alliance_tracker.celery import app as celery_app
from events.choices import EventKind, ParticipantRole
from reports.choices import ReportStatus
from reports.models import Report
from tests.factories import ActorFactory, UserFactory, published_event

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not os.environ.get("CELERY_BROKER_URL"),
        reason="needs a Redis broker: set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/15) to run it",
    ),
]


@pytest.fixture
def worker(transactional_db):
    # CELERY_BROKER_URL is set (or the test is skipped): tasks go to the broker, not inline.
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as running:
        yield running
    celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


def wait_until_finished(api, url, deadline_seconds=60):
    """Poll like a researcher would; the deadline only stops a hung test, nothing is timed."""
    seen = []
    give_up = time.monotonic() + deadline_seconds
    while time.monotonic() < give_up:
        report = api.get(url).json()
        seen.append(report["status"])
        if report["status"] in (ReportStatus.DONE, ReportStatus.FAILED):
            return report, seen
        time.sleep(0.2)
    stored = Report.objects.values("status", "attempts", "error", "task_id").get(pk=report["id"])
    raise AssertionError(f"the report did not finish; statuses seen: {seen}; row: {stored}")


def test_a_worker_builds_a_requested_report_that_the_researcher_downloads(worker):
    haftar = ActorFactory(slug="khalifa-haftar")
    putin = ActorFactory(slug="vladimir-putin")
    for _ in range(3):
        published_event(
            kind=EventKind.MEETING,
            participants=[(haftar, ParticipantRole.VISITOR), (putin, ParticipantRole.HOST)],
        )
    api = APIClient()
    api.force_authenticate(UserFactory(username="researcher"))

    response = api.post(
        "/api/v1/reports/",
        {"preset": "pair_timeline", "filters": {"actors": ["khalifa-haftar", "vladimir-putin"]}},
        format="json",
    )
    assert response.status_code == 202
    # Sent to the broker, not run in the request: the answer is given before the worker is done.
    assert response.json()["status"] in (ReportStatus.QUEUED, ReportStatus.RUNNING)

    report, _seen = wait_until_finished(api, response["Location"])
    assert report["status"] == ReportStatus.DONE, report["error"]
    assert report["row_count"] == 3 + len(EventKind)  # three events, one quarter × every kind
    stored = Report.objects.get(pk=report["id"])
    assert stored.attempts == 1
    assert stored.task_id

    download = api.get(report["download_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"

    from django_celery_results.models import TaskResult

    result = TaskResult.objects.get(task_id=stored.task_id)
    assert result.status == "SUCCESS"


class TestAWorkerKilledMidReport:
    """A real worker process whose pool child is killed (SIGKILL) while it writes a report.

    The worker runs as a subprocess (prefork pool, one child) on its own SQLite file database,
    migrated and filled by ``manage.py`` here: a forked child cannot share pytest's in-memory
    test database. The test reads that file with ``sqlite3`` to follow the report's progress.
    """

    @pytest.fixture
    def project(self, tmp_path):
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
            "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
            # Save progress often (each save is a commit): slow enough to be caught in the middle.
            "REPORTS_CHUNK_SIZE": "10",
        }

        def manage(*args):
            done = subprocess.run(
                [sys.executable, "manage.py", *args],
                env=env,
                cwd=settings.BASE_DIR,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            assert done.returncode == 0, done.stderr[-3000:]
            return done.stdout

        manage("migrate", "--noinput", "--verbosity", "0")
        manage("generate_dataset", "--events", "2000")
        return SimpleNamespace(
            env=env,
            manage=manage,
            db=tmp_path / "worker.sqlite3",
            media=tmp_path / "media",
            log=tmp_path / "worker.log",
        )

    @pytest.fixture
    def worker_process(self, project):
        celery_app.control.purge()
        command = [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "alliance_tracker",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            "1",
            "--loglevel",
            "INFO",
            "--hostname",
            f"killed-{os.getpid()}@%h",
            "--without-mingle",
            "--without-gossip",
        ]
        with open(project.log, "w") as log:
            process = subprocess.Popen(
                command, env=project.env, cwd=settings.BASE_DIR, stdout=log, stderr=subprocess.STDOUT
            )
        yield process
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def row(self, project, report_id):
        with sqlite3.connect(project.db, timeout=30) as connection:
            return connection.execute(
                "SELECT status, rows_written, attempts, row_count, file, sha256, error "
                "FROM reports_report WHERE id = ?",
                (report_id,),
            ).fetchone()

    def wait_for(self, condition, what, project, deadline_seconds=180):
        give_up = time.monotonic() + deadline_seconds
        while time.monotonic() < give_up:
            value = condition()
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"gave up waiting for {what}; worker log:\n{project.log.read_text()[-3000:]}")

    def pool_child(self, process):
        try:
            children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        except OSError:
            found = subprocess.run(
                ["pgrep", "-P", str(process.pid)], capture_output=True, text=True, check=False
            )
            children = found.stdout.split()
        return int(children[0]) if children else None

    def test_its_report_is_taken_up_again_and_finished_without_the_partial_file(
        self, project, worker_process
    ):
        report_id = int(
            project.manage(
                "shell",
                "-c",
                "from reports import services; print(services.request_report(None, endpoint='events').pk)",
            ).split()[-1]
        )
        self.wait_for(
            lambda: (lambda r: r and r[0] == "running" and r[1] >= 20)(self.row(project, report_id)),
            "the report to be running",
            project,
        )
        child = self.wait_for(lambda: self.pool_child(worker_process), "the pool child", project)
        os.kill(child, signal.SIGKILL)

        status, _, attempts, row_count, name, sha256, error = self.wait_for(
            lambda: (lambda r: r if r[0] in ("done", "failed") else None)(self.row(project, report_id)),
            "the report to finish",
            project,
        )
        assert (status, error) == ("done", "")
        assert attempts == 2
        with sqlite3.connect(project.db) as connection:
            (published,) = connection.execute(
                "SELECT count(*) FROM events_event WHERE status = 'published'"
            ).fetchone()
        assert row_count == published
        data = (project.media / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == sha256
        assert data.decode("utf-8").count("\r\n") >= published + 1
        assert list((project.media / "reports" / "tmp").iterdir()) == []
