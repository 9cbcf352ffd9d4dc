"""The number of days each event may cover, for a start bound on date filters (EventQuerySet.overlapping)."""

from django.db import migrations, models

SPAN_SQL = {
    "postgresql": "UPDATE events_event SET date_span = date_hi - date_lo",
    "sqlite": "UPDATE events_event SET date_span = CAST(julianday(date_hi) - julianday(date_lo) AS INTEGER)",
}


def measure_spans(apps, schema_editor):
    schema_editor.execute(SPAN_SQL[schema_editor.connection.vendor])


class Migration(migrations.Migration):
    dependencies = [("events", "0007_event_dates_known")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="date_span",
            field=models.PositiveIntegerField(db_index=True, default=0, editable=False),
        ),
        migrations.RunPython(measure_spans, migrations.RunPython.noop, elidable=True),
    ]
