"""Prepare the benchmark database once: create it, migrate it, and fill it unless it already holds
enough events."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance_tracker.settings")

import django

django.setup()

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from events.models import Event


def create_database():
    """Create the PostgreSQL database ``DATABASE_URL`` names, if it does not exist yet."""
    params = settings.DATABASES["default"]
    if connection.vendor != "postgresql":
        return
    server = {
        "dbname": "postgres",
        "user": params["USER"],
        "password": params["PASSWORD"],
        "host": params["HOST"],
        "port": params["PORT"] or None,
        "autocommit": True,
    }
    with psycopg.connect(**{k: v for k, v in server.items() if v not in ("", None)}) as server_connection:
        exists = server_connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [params["NAME"]]
        ).fetchone()
        if not exists:
            server_connection.execute(f'CREATE DATABASE "{params["NAME"]}"')
            print(f"Created the database {params['NAME']}.")


wanted = int(sys.argv[1])
create_database()
call_command("migrate", interactive=False, verbosity=0)
present = Event.objects.count()
if present >= wanted:
    print(f"The benchmark database already holds {present:,} events.")
elif present:
    sys.exit(
        f"The benchmark database holds {present:,} events, fewer than {wanted:,}: drop it and run again."
    )
else:
    call_command("generate_dataset", events=wanted, seed=7)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh planner statistics, as autovacuum would gather in time on a live database.
            cursor.execute("VACUUM ANALYZE")
