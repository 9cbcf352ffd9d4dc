"""Search documents on events (events/search.py), built for the events already saved.

The old trigram index on the event's own key goes: searches read the documents instead.
"""

from django.db import migrations, models

from alliance_tracker.trigram import drop_trigram_indexes, trigram_indexes


def build_documents(apps, schema_editor):
    from events.search import refresh_search_documents

    Event = apps.get_model("events", "Event")
    refresh_search_documents(Event.objects.order_by("pk").values_list("pk", flat=True), apps)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_timeline_index"),
        ("actors", "0002_trigram_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="search_document",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="event",
            name="sound_document",
            field=models.TextField(default="", editable=False),
        ),
        # A long description made a key longer than the old 1,000 characters.
        migrations.AlterField(
            model_name="event",
            name="search_key",
            field=models.TextField(editable=False),
        ),
        migrations.RunPython(build_documents, migrations.RunPython.noop, elidable=True),
        drop_trigram_indexes([("events_event_search_key_trgm", "events_event", "search_key")]),
        trigram_indexes(
            [
                ("events_event_search_document_trgm", "events_event", "search_document"),
                ("events_event_sound_document_trgm", "events_event", "sound_document"),
            ]
        ),
    ]
