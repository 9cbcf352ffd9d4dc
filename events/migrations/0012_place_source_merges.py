"""Places and sources are merged as actors are: duplicate marks, merges, and Reviewers may merge.

Sources also get the keys a source entered twice is recognised by, filled for those saved.
"""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

MERGE_PERMISSIONS = ["merge_place", "merge_source"]


def fill_source_keys(apps, schema_editor):
    from actors.search import normalize
    from events.models.sources import url_key

    Source = apps.get_model("events", "Source")
    batch = []
    for source in Source.objects.order_by("pk").only("title", "publisher", "url", "archive_url").iterator():
        source.title_key = normalize(source.title)[:500]
        source.publisher_key = normalize(source.publisher)[:200]
        source.url_key = url_key(source.url)
        source.archive_url_key = url_key(source.archive_url)
        batch.append(source)
        if len(batch) == 500:
            Source.objects.bulk_update(batch, ["title_key", "publisher_key", "url_key", "archive_url_key"])
            batch = []
    Source.objects.bulk_update(batch, ["title_key", "publisher_key", "url_key", "archive_url_key"])


def give_reviewers_merge(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure these exist now.
    app_config = apps.get_app_config("events")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    merges = Permission.objects.filter(content_type__app_label="events", codename__in=MERGE_PERMISSIONS)
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    reviewers.permissions.add(*merges)


def take_merge_back(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    merges = Permission.objects.filter(content_type__app_label="events", codename__in=MERGE_PERMISSIONS)
    for group in Group.objects.filter(name="Reviewers"):
        group.permissions.remove(*merges)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0011_revisions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="place",
            options={
                "ordering": ["name"],
                "permissions": [("merge_place", "Can merge a duplicate place into another")],
            },
        ),
        migrations.AlterModelOptions(
            name="source",
            options={
                "ordering": ["-published_on", "title"],
                "permissions": [("merge_source", "Can merge a duplicate source into another")],
            },
        ),
        migrations.AddField(
            model_name="historicalplace",
            name="duplicate_of",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The place this one is another record of; a reviewer merges it there.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="events.place",
            ),
        ),
        migrations.AddField(
            model_name="historicalplace",
            name="merged_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="historicalplace",
            name="merged_into",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                help_text="The place that took over this one's events; this record stays so its id is never reused.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="events.place",
            ),
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="archive_url_key",
            field=models.CharField(default="", editable=False, max_length=1000),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="duplicate_of",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The source this one is another record of; a reviewer merges it there.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="events.source",
            ),
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="merged_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="merged_into",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                help_text="The source that took over this one's claims; this record stays so its id is never reused.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="events.source",
            ),
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="publisher_key",
            field=models.CharField(default="", editable=False, max_length=200),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="title_key",
            field=models.CharField(default="", editable=False, max_length=500),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalsource",
            name="url_key",
            field=models.CharField(default="", editable=False, max_length=1000),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="place",
            name="duplicate_of",
            field=models.ForeignKey(
                blank=True,
                help_text="The place this one is another record of; a reviewer merges it there.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="marked_duplicates",
                to="events.place",
            ),
        ),
        migrations.AddField(
            model_name="place",
            name="merged_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="place",
            name="merged_into",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="The place that took over this one's events; this record stays so its id is never reused.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="merged_places",
                to="events.place",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="archive_url_key",
            field=models.CharField(default="", editable=False, max_length=1000),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="source",
            name="duplicate_of",
            field=models.ForeignKey(
                blank=True,
                help_text="The source this one is another record of; a reviewer merges it there.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="marked_duplicates",
                to="events.source",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="merged_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="source",
            name="merged_into",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="The source that took over this one's claims; this record stays so its id is never reused.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="merged_sources",
                to="events.source",
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="publisher_key",
            field=models.CharField(default="", editable=False, max_length=200),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="source",
            name="title_key",
            field=models.CharField(default="", editable=False, max_length=500),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="source",
            name="url_key",
            field=models.CharField(default="", editable=False, max_length=1000),
            preserve_default=False,
        ),
        migrations.AddIndex(
            model_name="source",
            index=models.Index(fields=["title_key"], name="events_source_title_key"),
        ),
        migrations.AddIndex(
            model_name="source",
            index=models.Index(fields=["url_key"], name="events_source_url_key"),
        ),
        migrations.AddIndex(
            model_name="source",
            index=models.Index(fields=["archive_url_key"], name="events_source_archive_url_key"),
        ),
        migrations.RunPython(fill_source_keys, migrations.RunPython.noop),
        migrations.RunPython(give_reviewers_merge, take_merge_back),
    ]
