"""After the data are moved (0020): the old single personnel kind goes, and each kind's details
are checked to belong to that kind again."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0020_move_old_kinds"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="event",
            name="deployment_kind",
        ),
        migrations.RemoveField(
            model_name="historicalevent",
            name="deployment_kind",
        ),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kind", "agreement"),
                    models.Q(
                        ("agreement_type", ""),
                        ("agreement_subjects", ""),
                        ("agreement_stage", ""),
                        ("agreement_scope", ""),
                    ),
                    _connector="OR",
                ),
                name="events_event_agreement_fields_only_on_agreements",
                violation_error_message="Only agreements have these details.",
            ),
        ),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kind", "deployment"),
                    models.Q(
                        ("deployment_personnel", ""),
                        ("deployment_size_min__isnull", True),
                        ("deployment_size_max__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="events_event_deployment_fields_only_on_deployments",
                violation_error_message="Only deployments have these details.",
            ),
        ),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kind", "decision"),
                    models.Q(
                        ("decision_type", ""),
                        ("decision_outcome", ""),
                        ("votes_for__isnull", True),
                        ("votes_against__isnull", True),
                        ("votes_abstaining__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="events_event_decision_fields_only_on_decisions",
                violation_error_message="Only decisions have these details.",
            ),
        ),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kind", "operation"),
                    models.Q(("operation_type", ""), ("operation_outcome", "")),
                    _connector="OR",
                ),
                name="events_event_operation_fields_only_on_operations",
                violation_error_message="Only operations have these details.",
            ),
        ),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kind", "transfer"),
                    models.Q(
                        ("transfer_item_category", ""),
                        ("transfer_item", ""),
                        ("transfer_status", ""),
                        ("transfer_quantity_min__isnull", True),
                        ("transfer_quantity_max__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="events_event_transfer_fields_only_on_transfers",
                violation_error_message="Only transfers have these details.",
            ),
        ),
        migrations.AddConstraint(
            model_name="event",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind", "statement"), ("statement_stance", ""), _connector="OR"),
                name="events_event_statement_fields_only_on_statements",
                violation_error_message="Only statements have these details.",
            ),
        ),
    ]
