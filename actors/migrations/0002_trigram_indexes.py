"""Trigram indexes for name search on PostgreSQL (see alliance_tracker/trigram.py)."""

from django.db import migrations

from alliance_tracker.trigram import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("actors", "0001_initial")]

    operations = [
        trigram_indexes(
            [
                ("actors_actor_search_key_trgm", "actors_actor", "search_key"),
                ("actors_actor_sound_key_trgm", "actors_actor", "sound_key"),
                ("actors_actorname_search_key_trgm", "actors_actorname", "search_key"),
                ("actors_actorname_sound_key_trgm", "actors_actorname", "sound_key"),
            ]
        )
    ]
