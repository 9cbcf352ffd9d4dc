"""The export actions on the project's own changelists (events, ties, claims, sources, places, actors)."""

import pytest
from django.contrib import admin

from actors.models import Actor
from events.models import Claim, Event, Place, Source, Tie
from reports.choices import ReportStatus
from reports.models import Report
from tests.reports.conftest import read_report

EXPORT_ACTIONS = {"export_selection_as_report", "export_filtered_list_as_report"}


@pytest.mark.parametrize("model", [Actor, Event, Tie, Claim, Source, Place])
def test_every_changelist_of_an_api_list_offers_both_export_actions(model, rf, editor):
    request = rf.get("/admin/")
    request.user = editor
    offered = set(admin.site.get_model_admin(model).get_actions(request))
    assert offered.issuperset(EXPORT_ACTIONS)


def test_an_editor_exports_the_filtered_event_changelist_and_follows_it_to_the_file(
    world, editor_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            "/admin/events/event/?kind__exact=deployment",
            {
                "action": "export_filtered_list_as_report",
                "_selected_action": [world.deployment.pk],
                "index": 0,
            },
            follow=True,
        )
    assert response.status_code == 200
    report = Report.objects.get()
    assert "follow its progress and download it" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert sorted(report.selection) == sorted([world.deployment.pk, world.draft_deployment.pk])
    (rows,) = read_report(report).values()
    assert [row["title"] for row in rows] == ["Belarusian trainers at Tamanhint"]
