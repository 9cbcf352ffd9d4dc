"""Events are found by their place's names too (events/search.py): rebuild the documents of the
events that have a place."""

from django.db import migrations


def rebuild_documents(apps, schema_editor):
    from events.search import refresh_search_documents

    Event = apps.get_model("events", "Event")
    refresh_search_documents(
        Event.objects.filter(place__isnull=False).order_by("pk").values_list("pk", flat=True), apps
    )


class Migration(migrations.Migration):
    dependencies = [("events", "0022_crosswalk_codes")]

    operations = [migrations.RunPython(rebuild_documents, migrations.RunPython.noop, elidable=True)]
