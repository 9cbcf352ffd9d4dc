"""Trigram indexes for text search on PostgreSQL (see alliance_tracker/trigram.py)."""

from django.db import migrations

from alliance_tracker.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("events", "0002_editorial_groups"), ("actors", "0002_trigram_indexes")]

    operations = [
        trigram_indexes(
            [
                ("events_event_search_key_trgm", "events_event", "search_key"),
                ("events_claim_search_key_trgm", "events_claim", "search_key"),
                ("events_place_search_key_trgm", "events_place", "search_key"),
                ("events_placename_search_key_trgm", "events_placename", "search_key"),
                ("events_source_search_key_trgm", "events_source", "search_key"),
            ]
        )
    ]
