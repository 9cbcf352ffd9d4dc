"""Editors and reviewers see reports (their progress and files) and link checks in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_report", "view_linkcheck"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    app_config = apps.get_app_config("reports")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="reports", codename__in=CODENAMES)
    for name in ["Editors", "Reviewers"]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="reports", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=["Editors", "Reviewers"]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("events", "0002_editorial_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
