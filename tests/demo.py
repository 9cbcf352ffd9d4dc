"""The demo data for tests: loaded once per test session, put back cheaply wherever it is needed.

Loading validates and saves every record with its history and search documents, which takes
seconds; putting the same rows back takes a few bulk inserts.
"""

from io import StringIO

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from events.demo.loader import MODELS


def demo_models():
    """Every table the demo loader writes: its records and their history, parents first."""
    return [*MODELS, *(model.history.model for model in MODELS)]


def capture():
    """Load the demo data, read back every row it wrote, and roll the load back."""
    with transaction.atomic():
        call_command("load_demo_data", stdout=StringIO(), stderr=StringIO())
        rows = [(model, list(model._base_manager.order_by("pk").values())) for model in demo_models()]
        transaction.set_rollback(True)
    return rows


def restore(rows):
    """Write captured rows back, ids included (inside the caller's transaction)."""
    for model, records in rows:
        model._base_manager.bulk_create([model(**record) for record in records])
    # Rows came with their ids: the next record a test creates must not take one of them.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), demo_models()):
            cursor.execute(statement)
