"""Reads of the public side from PostgreSQL streaming replicas; everything else on the primary.

``DATABASE_REPLICA_URLS`` adds one alias per replica (``replica``, ``replica2``, …; the list is
``settings.DATABASE_REPLICAS``). Reads go to a replica only:

- inside ``replica_reads()``: the middleware opens it for GET/HEAD/OPTIONS on /api/v1/ and on the
  public pages, never for the admin;
- for the published records' apps (``REPLICA_APPS``): users, tokens, sessions, reports and the
  lockout records are always read on the primary, so a fresh login or token works at once;
- outside a transaction on the primary, so a read inside ``atomic()`` sees that transaction;
- from a replica that answers and lags at most ``DATABASE_REPLICA_MAX_LAG`` seconds, checked
  every ``DATABASE_REPLICA_CHECK_SECONDS`` per process; else the primary answers.

Every write goes to the primary. One request reads from one replica throughout.
"""

import contextlib
import logging
import random
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA_APPS = frozenset({"actors", "events"})
# pg_last_xact_replay_timestamp() is the last replayed commit: on a quiet primary it grows old
# though nothing is missing, so a replica that has replayed all it received, while receiving,
# lags zero.
LAG_SQL = """
SELECT pg_is_in_recovery(),
       CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
                 AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE pid IS NOT NULL)
            THEN 0
            ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
       END
"""


class _Reads:
    """The replica reads of one request or task: which replica, chosen at the first read."""

    def __init__(self):
        self.alias = None


_reads = ContextVar("replica_reads", default=None)
# alias -> (checked at, usable), per process.
_health = {}


@contextlib.contextmanager
def replica_reads():
    token = _reads.set(_Reads())
    try:
        yield
    finally:
        _reads.reset(token)


def streamed_with_replica_reads(iterator):
    """A streamed response's chunks, each produced inside replica reads (after the view returned)."""
    reads = _Reads()
    iterator = iter(iterator)
    while True:
        token = _reads.set(reads)
        try:
            chunk = next(iterator)
        except StopIteration:
            return
        finally:
            _reads.reset(token)
        yield chunk


def replica_lag(alias):
    """Seconds the replica is behind, or None when it is not a replica (promoted, or the primary)."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute(LAG_SQL)
        in_recovery, lag = cursor.fetchone()
    if not in_recovery:
        return None
    return float("inf") if lag is None else float(lag)


def mark(alias, usable):
    _health[alias] = (time.monotonic(), usable)


def is_usable(alias):
    checked = _health.get(alias)
    if checked is not None and time.monotonic() - checked[0] < settings.DATABASE_REPLICA_CHECK_SECONDS:
        return checked[1]
    try:
        lag = replica_lag(alias)
    except DatabaseError as error:
        logger.warning("Replica %s is down, reading from the primary: %s", alias, error)
        usable = False
    else:
        usable = lag is not None and lag <= settings.DATABASE_REPLICA_MAX_LAG
        if not usable:
            logger.warning(
                "Replica %s is skipped: %s",
                alias,
                "not in recovery" if lag is None else f"{lag:.1f} s behind",
            )
    mark(alias, usable)
    return usable


def choose_replica():
    candidates = list(settings.DATABASE_REPLICAS)
    random.shuffle(candidates)
    return next((alias for alias in candidates if is_usable(alias)), DEFAULT_DB_ALIAS)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        reads = _reads.get()
        if reads is None or model._meta.app_label not in REPLICA_APPS or not settings.DATABASE_REPLICAS:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        if reads.alias is None:
            reads.alias = choose_replica()
        return reads.alias

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replicas hold the primary's rows: an object read from one is the primary's object.
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS
