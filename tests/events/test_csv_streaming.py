"""The CSV export streams from the first row, through a real server, to the last row.

Both paths: PostgreSQL's COPY (``events.copy_export``) and the Python writer (``events.exports``,
the only one on SQLite). Nothing is timed: what is checked is that rows leave before the rest is
read, and that a large export read slowly by its client arrives whole.
"""

import csv
import http.client
import io
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from alliance_tracker import tables
from events import copy_export, exports
from events.models import Event

EVENTS = 3000
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def generated(events):
    call_command("generate_dataset", events=events, seed=5, stdout=io.StringIO())
    published = Event.objects.published().count()
    assert published > events // 2
    return published


@pytest.fixture
def many_events():
    return generated(EVENTS)


@pytest.fixture
def some_events():
    return generated(300)


def read_slowly(response, size=8192):
    """The body as a slow client reads it: a few kilobytes at a time."""
    pieces = []
    while piece := response.read(size):
        pieces.append(piece)
    return b"".join(pieces)


def data_rows(body):
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8").removeprefix("\ufeff"))))
    assert rows[0] == exports.header(exports.EVENT_COLUMNS)
    return rows[1:]


def get(host, port, path):
    client = http.client.HTTPConnection(host, port, timeout=60)
    client.request("GET", path)
    return client, client.getresponse()


@pytest.mark.django_db(transaction=True)
def test_a_large_csv_through_a_real_server_delivers_every_row(live_server, many_events):
    host, port = live_server.thread.host, live_server.thread.port
    client, response = get(host, port, "/api/v1/events/?format=csv")
    try:
        assert response.status == 200
        assert response.getheader("Content-Type") == "text/csv; charset=utf-8"
        # Streamed: no length announced before the body, which is written as it is made.
        assert response.getheader("Content-Length") is None
        assert response.getheader("X-Accel-Buffering") == "no"
        rows = data_rows(read_slowly(response))
    finally:
        client.close()
    assert len(rows) == many_events
    ids = [int(row[0]) for row in rows]
    assert ids == list(Event.objects.published().order_by("date_lo", "pk").values_list("pk", flat=True))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_production_server_serves_a_slow_export_past_its_worker_timeout(many_events, tmp_path):
    """gunicorn as the README runs it (gthread), with a three-second timeout and a client that
    pauses longer than that: the worker goes on reporting while its thread streams, so the
    export is not cut off (a sync worker busy longer than its timeout is killed, the 200 sent)."""
    port = free_port()
    database = connection.settings_dict
    environment = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_CACHE_URL": f"file://{tmp_path / 'cache'}",
        "API_THROTTLE_ANON": "",
    }
    # The server reads the test database on the primary: a replica's URL names the real one.
    environment.pop("DATABASE_REPLICA_URLS", None)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "alliance_tracker.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--worker-class",
            "gthread",
            "--threads",
            "2",
            "--timeout",
            "3",
        ],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                time.sleep(0.05)
        client, response = get("127.0.0.1", port, "/api/v1/events/?format=csv")
        try:
            assert response.status == 200
            assert response.getheader("Transfer-Encoding") == "chunked"
            assert response.getheader("Content-Length") is None
            pieces = []
            # A client slower than the worker timeout: a pause after the first piece, then the rest.
            pieces.append(response.read(4096))
            time.sleep(4)
            pieces.append(read_slowly(response))
        finally:
            client.close()
        assert len(data_rows(b"".join(pieces))) == many_events
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


class Spy:
    """Counts the records an export has taken from its queryset."""

    def __init__(self, records):
        self.records, self.taken = records, 0

    def __iter__(self):
        for record in self.records:
            self.taken += 1
            yield record


@pytest.mark.django_db
def test_the_python_writer_sends_the_first_rows_before_reading_the_rest(some_events):
    spy = Spy(tables.stream(Event.objects.published().for_api(), chunk_size=50))
    lines = exports.csv_lines(exports.EVENT_COLUMNS, spy)
    assert next(lines).startswith("\ufeffid,kind")
    next(lines)
    assert spy.taken == 1
    lines.close()


@on_postgresql
@pytest.mark.django_db
def test_the_copy_export_sends_the_first_chunk_before_reading_the_rest(some_events, monkeypatch):
    spies = []

    def spied(queryset, chunk_size):
        spies.append(Spy(tables.stream(queryset, chunk_size)))
        return spies[-1]

    monkeypatch.setattr(copy_export, "stream", spied)
    lines = copy_export.copy_csv_lines(
        exports.EVENT_COLUMNS, Event.objects.published(), chunk_size=50, chunk_bytes=1
    )
    assert next(lines).startswith("\ufeffid,kind")
    first = next(lines)
    assert first
    # The ids of one chunk were read, and no more, when its first rows were written.
    assert spies[0].taken == 50 < some_events
    lines.close()


def test_the_copy_export_numbers_and_sorts_no_whole_result():
    """No window (ROW_NUMBER() OVER …) and no ORDER BY but a chunk's own positions: either
    would compute every row before sending the first."""
    sql, _ = copy_export.copy_select(exports.EVENT_COLUMNS)
    assert " OVER " not in sql.upper()
    assert "ROW_NUMBER" not in sql.upper()
    assert sql.endswith("WHERE e.id = ANY(%s::bigint[]) ORDER BY picked.position")


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_streaming_reads_through_a_cursor_that_postgresql_does_not_compute_in_full_first(some_events):
    """Outside a transaction Django declares its cursor WITH HOLD, and PostgreSQL then computes
    and stores the whole result before the first row; an export holds a transaction instead."""
    assert connection.get_autocommit()
    records = tables.stream(Event.objects.published(), chunk_size=50)
    next(records)
    with connection.cursor() as cursor:
        cursor.execute("SELECT is_holdable FROM pg_cursors WHERE name LIKE '_django_curs_%%'")
        assert cursor.fetchall() == [(False,)]
    assert tables.held_by_export() and copy_export.copying()
    assert sum(1 for _ in records) == some_events - 1
    assert not tables.held_by_export()
    assert connection.get_autocommit()
