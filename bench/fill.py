"""Fill the benchmark database once: generate the dataset unless it already holds enough events."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance_tracker.settings")

import django

django.setup()

from django.core.management import call_command
from django.db import connection

from events.models import Event

wanted = int(sys.argv[1])
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
