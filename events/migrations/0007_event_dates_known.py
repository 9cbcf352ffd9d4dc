"""An event's covered days are never unknown: it always has a start date, from which they come."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("events", "0006_search_documents")]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="date_lo",
            field=models.DateField(db_index=True, editable=False),
        ),
        migrations.AlterField(
            model_name="event",
            name="date_hi",
            field=models.DateField(db_index=True, editable=False),
        ),
    ]
