"""Create the "Editors" and "Reviewers" groups with their permissions.

Editors enter and fix records; Reviewers also publish, send back and retract them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITED_MODELS = {
    "actors": ["actor", "actorname"],
    "events": ["place", "placename", "source", "event", "participant", "eventlink", "tie", "claim"],
}
# Rows that editors remove from inside a record (names, participants, quotes, links), and drafts.
DELETABLE_BY_EDITORS = {"actorname", "placename", "participant", "eventlink", "claim", "event", "tie"}
REVIEWER_ONLY = ["publish_event", "publish_tie"]


def editor_codenames():
    for app_label, models in EDITED_MODELS.items():
        for model in models:
            actions = ["add", "change", "view"]
            if model in DELETABLE_BY_EDITORS:
                actions.append("delete")
            for action in actions:
                yield app_label, f"{action}_{model}"


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    editor_permissions = [permission(app, codename) for app, codename in editor_codenames()]
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(editor_permissions)
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    reviewers.permissions.set(editor_permissions + [permission("events", c) for c in REVIEWER_ONLY])


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Reviewers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("actors", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
