"""Trigram indexes for text search on PostgreSQL; nothing on SQLite.

Search matches normalized keys with ``LIKE '%key%'``; a GIN trigram index answers that without
reading every row. ``pg_trgm`` is a trusted extension, so the database owner can create it.
Migrations call ``trigram_indexes`` with ``(index name, table, column)`` triples, and
``drop_trigram_indexes`` with the same triples to remove indexes no query uses any more.
"""

from django.db import migrations


def trigram_indexes(indexes):
    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, column in indexes:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for name, _, _ in indexes:
                schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop)


def drop_trigram_indexes(indexes):
    """The reverse of ``trigram_indexes``: drops the indexes, and creates them when unapplied."""
    create_operation = trigram_indexes(indexes)
    return migrations.RunPython(create_operation.reverse_code, create_operation.code)
