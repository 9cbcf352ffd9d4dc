"""Reviewers merge duplicate actors; editors only mark them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def give_reviewers_merge(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure this one exists now.
    app_config = apps.get_app_config("actors")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    merge = Permission.objects.get(content_type__app_label="actors", codename="merge_actor")
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    reviewers.permissions.add(merge)


def take_merge_back(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    merge = Permission.objects.filter(content_type__app_label="actors", codename="merge_actor").first()
    if merge is not None:
        for group in Group.objects.filter(name="Reviewers"):
            group.permissions.remove(merge)


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0003_duplicates_and_merges"),
        ("events", "0002_editorial_groups"),
    ]

    operations = [migrations.RunPython(give_reviewers_merge, take_merge_back)]
