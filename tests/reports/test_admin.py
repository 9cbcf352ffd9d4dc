import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage

from events.models import Event
from reports.admin_actions import (
    ReportExportMixin,
    export_filtered_list_as_report,
    export_selection_as_report,
)
from reports.choices import ReportStatus
from reports.models import Report
from tests.reports.conftest import read_report


class EventExportAdmin(ReportExportMixin, admin.ModelAdmin):
    list_filter = ["kind", "status"]
    search_fields = ["title"]


def admin_request(rf, user, path="/admin/events/event/"):
    request = rf.post(path)
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    return UserFactory(username="chief", is_staff=True, is_superuser=True)


def messages_of(request):
    return [str(message) for message in get_messages(request)]


def test_the_mixin_offers_both_export_actions_beside_the_admins_own(rf, superuser):
    actions = EventExportAdmin(Event, admin.site).get_actions(admin_request(rf, superuser))
    assert {"export_selection_as_report", "export_filtered_list_as_report", "delete_selected"} <= set(actions)


def test_exporting_a_selection_queues_a_report_of_its_published_records(
    world, rf, superuser, django_capture_on_commit_callbacks
):
    request = admin_request(rf, superuser)
    selected = Event.objects.filter(pk__in=[world.meeting_shoigu.pk, world.draft_meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        export_selection_as_report(EventExportAdmin(Event, admin.site), request, selected)
    report = Report.objects.get()
    assert (report.requested_by, report.endpoint, sorted(report.selection)) == (
        superuser,
        "events",
        sorted([world.meeting_shoigu.pk, world.draft_meeting.pk]),
    )
    (message,) = messages_of(request)
    assert "1 of them are not published and are left out" in message
    assert f"/admin/reports/report/{report.pk}/change/" in message
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    (rows,) = read_report(report).values()
    assert [row["title"] for row in rows] == ["Haftar meets Shoigu"]


def test_exporting_the_filtered_list_takes_every_record_the_changelist_shows_not_the_ticked_ones(
    world, rf, superuser, django_capture_on_commit_callbacks
):
    request = admin_request(rf, superuser, "/admin/events/event/?kind__exact=meeting&q=meet")
    ticked = Event.objects.filter(pk=world.deployment.pk)
    with django_capture_on_commit_callbacks(execute=True):
        export_filtered_list_as_report(EventExportAdmin(Event, admin.site), request, ticked)
    report = Report.objects.get()
    assert sorted(report.selection) == sorted(
        [world.meeting_2023.pk, world.meeting_2025.pk, world.meeting_shoigu.pk, world.draft_meeting.pk]
    )
    report.refresh_from_db()
    (rows,) = read_report(report).values()
    assert [row["title"] for row in rows] == [
        "Haftar meets Putin (2023)",
        "Haftar meets Shoigu",
        "Haftar meets Putin at the Kremlin",
    ]


def test_an_editor_sees_the_report_and_its_progress_in_the_admin(world, editor_client, editor):
    from reports import services

    report = services.run_report(
        Report.objects.create(requested_by=editor, kind="export", endpoint="events").pk
    )
    changelist = editor_client.get("/admin/reports/report/")
    assert changelist.status_code == 200
    assert "4 rows" in changelist.content.decode()
    page = editor_client.get(f"/admin/reports/report/{report.pk}/change/")
    assert page.status_code == 200
    download = editor_client.get(f"/admin/reports/report/{report.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith("\ufeff".encode())


def test_a_running_report_shows_rows_written_of_rows_expected(world, editor_client, editor):
    Report.objects.create(
        requested_by=editor,
        kind="export",
        endpoint="events",
        status=ReportStatus.RUNNING,
        rows_written=250,
        rows_expected=1000,
    )
    assert "250 of 1000 rows (25%)" in editor_client.get("/admin/reports/report/").content.decode()


def test_the_report_pages_refresh_themselves_only_while_a_report_is_being_built(world, editor_client, editor):
    report = Report.objects.create(
        requested_by=editor, kind="export", endpoint="events", status=ReportStatus.RUNNING
    )
    refresh = 'http-equiv="refresh"'
    assert refresh in editor_client.get("/admin/reports/report/").content.decode()
    assert refresh in editor_client.get(f"/admin/reports/report/{report.pk}/change/").content.decode()
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED, error="stopped")
    assert refresh not in editor_client.get("/admin/reports/report/").content.decode()
    assert refresh not in editor_client.get(f"/admin/reports/report/{report.pk}/change/").content.decode()


def test_deleting_a_report_in_the_admin_deletes_its_file(world, settings, rf, superuser):
    from reports import services
    from reports.admin import ReportAdmin

    report = services.run_report(Report.objects.create(kind="export", endpoint="events").pk)
    path = settings.MEDIA_ROOT / report.file.name
    assert path.exists()
    ReportAdmin(Report, admin.site).delete_queryset(admin_request(rf, superuser), Report.objects.all())
    assert not path.exists()
    assert not Report.objects.exists()
