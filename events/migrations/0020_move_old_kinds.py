"""Existing records into the kinds and details of issue 12, losing nothing.

- An agreement's single stage becomes a dated stage (the agreement's start, its precision).
- Its old type becomes a form (memorandum) or a subject (military cooperation, training…).
- A deployment's single kind becomes its list of personnel kinds; an "equipment shipment"
  deployment becomes a transfer of equipment, its deploying party the supplier, its hosting
  party the recipient, its size the quantity.
"""

from django.db import migrations

# Old agreement types: the form they name, and the subjects.
OLD_AGREEMENT_TYPES = {
    "strategic_partnership": ("", ["strategic_partnership"]),
    "military_cooperation": ("", ["military_cooperation"]),
    "arms_sale": ("contract", ["arms"]),
    "training": ("", ["training"]),
    "logistics": ("", ["logistics"]),
    "economic": ("", ["economic"]),
    "memorandum": ("memorandum", []),
    "other": ("other", []),
}
OLD_ROLES_OF_EQUIPMENT = {"deploying": "supplier", "hosting": "recipient"}


def forward(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    Stage = apps.get_model("events", "Stage")
    Participant = apps.get_model("events", "Participant")
    Claim = apps.get_model("events", "Claim")
    from events.dates import covered_interval

    for event in Event.objects.filter(kind="agreement").iterator():
        form, subjects = OLD_AGREEMENT_TYPES.get(event.agreement_type, (event.agreement_type, []))
        event.agreement_type = form
        event.agreement_subjects = subjects
        event.save(update_fields=["agreement_type", "agreement_subjects"])
        if event.agreement_stage:
            lo, hi = covered_interval(event.start_date, event.start_precision)
            Stage.objects.create(
                agreement=event,
                stage=event.agreement_stage,
                date=event.start_date,
                date_precision=event.start_precision,
                date_lo=lo,
                date_hi=hi,
            )

    for event in Event.objects.filter(kind="deployment").iterator():
        if event.deployment_kind != "equipment":
            event.deployment_personnel = [event.deployment_kind] if event.deployment_kind else []
            event.save(update_fields=["deployment_personnel"])
            continue
        event.kind = "transfer"
        event.transfer_item_category = "equipment"
        event.transfer_status = "delivered"
        event.transfer_quantity_min, event.transfer_quantity_max = (
            event.deployment_size_min,
            event.deployment_size_max,
        )
        event.deployment_kind = ""
        event.deployment_size_min = event.deployment_size_max = None
        event.save()
        for participant in Participant.objects.filter(event=event):
            participant.role = OLD_ROLES_OF_EQUIPMENT.get(participant.role, participant.role)
            participant.save(update_fields=["role"])
        # A claim stated "equipment" as the personnel kind: the event is now a transfer of it.
        Claim.objects.filter(event=event, claimed_deployment_kind="equipment").update(
            claimed_deployment_kind=""
        )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0019_new_kinds_and_stages"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
