"""Fill the PLOVER, CAMEO and ACLED codes of the events stored before the crosswalk had rows
(events.crosswalk): from each event's kind and details and its participants' roles."""

from django.db import migrations

from events.crosswalk import codes_for

CODE_FIELDS = ("plover_event_type", "plover_mode", "cameo_code", "acled_event_type", "acled_sub_event_type")


def fill_codes(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    Participant = apps.get_model("events", "Participant")
    roles = {}
    for event_id, role in Participant.objects.values_list("event_id", "role").iterator():
        roles.setdefault(event_id, set()).add(role)
    changed = []
    for event in Event.objects.order_by("pk").iterator(chunk_size=2000):
        codes = codes_for(event, roles.get(event.pk, ())).as_fields()
        if any(getattr(event, name) != value for name, value in codes.items()):
            for name, value in codes.items():
                setattr(event, name, value)
            changed.append(event)
        if len(changed) >= 2000:
            Event.objects.bulk_update(changed, CODE_FIELDS)
            changed = []
    Event.objects.bulk_update(changed, CODE_FIELDS)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0021_kind_details_checked"),
    ]

    operations = [migrations.RunPython(fill_codes, migrations.RunPython.noop)]
