"""Read replicas (alliance_tracker.db_router): public reads on a replica, writes and the admin on the primary.

The router's choices are checked everywhere; the tests marked ``real replica`` run where
DATABASE_REPLICA_URLS names a PostgreSQL streaming replica of the test server (CI starts one,
.ci/start-replica), and skip elsewhere.
"""

import time

import pytest
from django.db import OperationalError, connections
from django.test.utils import CaptureQueriesContext

from actors.models import Actor
from alliance_tracker import db_router
from tests.factories import ActorFactory, UserFactory

router = db_router.ReplicaRouter()
HAS_REPLICA = "replica" in connections.settings and connections.settings["replica"]["ENGINE"].endswith(
    "postgresql"
)
real_replica = pytest.mark.skipif(
    not HAS_REPLICA,
    reason="no PostgreSQL replica: set DATABASE_REPLICA_URLS (CI starts one with .ci/start-replica)",
)


@pytest.fixture(autouse=True)
def _fresh_health():
    db_router._health.clear()
    yield
    db_router._health.clear()


@pytest.fixture
def one_replica(settings, monkeypatch):
    """A replica alias the router may choose, whose lag the test sets (no server is asked)."""
    settings.DATABASE_REPLICAS = ["replica"]
    settings.DATABASE_REPLICA_MAX_LAG = 30
    lag = {"seconds": 0.0}

    def fake_lag(alias):
        if isinstance(lag["seconds"], Exception):
            raise lag["seconds"]
        return lag["seconds"]

    monkeypatch.setattr(db_router, "replica_lag", fake_lag)
    return lag


def test_public_reads_go_to_a_healthy_replica_and_writes_to_the_primary(one_replica):
    assert router.db_for_read(Actor) == "default"
    with db_router.replica_reads():
        assert router.db_for_read(Actor) == "replica"
        # Users, tokens and sessions stay on the primary: a fresh login works at once.
        assert router.db_for_read(UserFactory._meta.model) == "default"
        assert router.db_for_write(Actor) == "default"
    assert router.allow_migrate("replica", "actors") is False


def test_a_replica_lagging_beyond_the_limit_is_skipped(one_replica):
    one_replica["seconds"] = 31.0
    with db_router.replica_reads():
        assert router.db_for_read(Actor) == "default"


def test_a_replica_that_is_down_or_not_in_recovery_is_skipped(one_replica):
    one_replica["seconds"] = OperationalError("connection refused")
    with db_router.replica_reads():
        assert router.db_for_read(Actor) == "default"
    db_router._health.clear()
    one_replica["seconds"] = None  # promoted: no longer following the primary
    with db_router.replica_reads():
        assert router.db_for_read(Actor) == "default"


def test_a_replica_marked_down_is_skipped_until_checked_again(one_replica, settings):
    db_router.mark("replica", False)
    with db_router.replica_reads():
        assert router.db_for_read(Actor) == "default"
    settings.DATABASE_REPLICA_CHECK_SECONDS = 0
    with db_router.replica_reads():
        assert router.db_for_read(Actor) == "replica"


@pytest.mark.django_db
def test_reads_inside_a_transaction_stay_on_the_primary(one_replica):
    # pytest-django's test transaction is open: a read must see its own writes.
    with db_router.replica_reads():
        assert router.db_for_read(Actor) == "default"


# ---------------------------------------------------------------- a real streaming replica


def wait_for_replay(timeout=30):
    """Until the replica has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (target,) = cursor.fetchone()
    deadline = time.monotonic() + timeout
    while True:
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
        if time.monotonic() > deadline:
            pytest.fail("the replica did not replay the test's writes")
        time.sleep(0.05)


def in_recovery(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        return cursor.fetchone()[0]


def actor_queries(captured):
    return [q["sql"] for q in captured.captured_queries if Actor._meta.db_table in q["sql"]]


@pytest.fixture
def replica_setting(settings):
    settings.DATABASE_REPLICAS = ["replica"]
    settings.DATABASE_REPLICA_MAX_LAG = 30


@real_replica
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_api_reads_run_on_the_replica(client, replica_setting):
    ActorFactory(name="Replicated", slug="replicated")
    wait_for_replay()
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get("/api/v1/actors/")
    assert response.status_code == 200
    assert actor_queries(on_replica)
    with db_router.replica_reads():
        alias = router.db_for_read(Actor)
        assert alias == "replica"
        assert in_recovery(alias) is True
        assert Actor.objects.filter(slug="replicated").exists()


@real_replica
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_admin_and_writes_use_the_primary(client, replica_setting):
    # A transactional test flushes the migrations' groups: a superuser stands in for an editor.
    client.force_login(UserFactory(username="chief", is_staff=True, is_superuser=True))
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get("/admin/actors/actor/").status_code == 200
        response = client.post(
            "/admin/actors/actor/add/",
            {
                "kind": "person",
                "name": "Written",
                "slug": "written",
                "names-TOTAL_FORMS": "0",
                "names-INITIAL_FORMS": "0",
            },
        )
    assert not on_replica.captured_queries
    assert response.status_code == 302
    assert Actor.objects.using("default").filter(slug="written").exists()
    with db_router.replica_reads():
        actor = ActorFactory(name="Also written", slug="also-written")
        assert in_recovery(router.db_for_write(Actor)) is False
    assert Actor.objects.using("default").filter(pk=actor.pk).exists()


@real_replica
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_replica_marked_down_is_skipped_and_the_primary_answers(client, replica_setting):
    ActorFactory(name="Only on time", slug="only-on-time")
    db_router.mark("replica", False)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get("/api/v1/actors/").status_code == 200
    assert not on_replica.captured_queries


@real_replica
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_a_replica_that_does_not_answer_is_found_down(replica_setting):
    replica = connections["replica"]
    port = replica.settings_dict["PORT"]
    replica.close()
    replica.settings_dict["PORT"] = 1  # nothing listens there
    try:
        with db_router.replica_reads():
            assert router.db_for_read(Actor) == "default"
    finally:
        replica.close()
        replica.settings_dict["PORT"] = port


@real_replica
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_public_pages_and_streamed_csv_read_on_the_replica(client, replica_setting):
    ActorFactory(name="Replicated", slug="replicated")
    wait_for_replay()
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get("/api/v1/actors/?format=csv")
        b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    assert actor_queries(on_replica)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get("/").status_code == 200
    assert on_replica.captured_queries
