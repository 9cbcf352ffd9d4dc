import pytest
from rest_framework.test import APIClient

from reports.choices import ReportStatus
from reports.models import Report
from tests.reports.conftest import csv_rows

REPORTS = "/api/v1/reports/"


@pytest.fixture
def researcher_api(researcher):
    client = APIClient()
    client.force_authenticate(researcher)
    return client


@pytest.fixture
def outsider_api(outsider):
    client = APIClient()
    client.force_authenticate(outsider)
    return client


def request_and_run(api, body, django_capture_on_commit_callbacks):
    """POST a request, see it queued, then let the (eager) task run as the commit would."""
    with django_capture_on_commit_callbacks() as callbacks:
        response = api.post(REPORTS, body, format="json")
    assert response.status_code == 202, response.content
    assert response.json()["status"] == ReportStatus.QUEUED
    for callback in callbacks:
        callback()
    return response


class TestResearcherFlow:
    def test_a_researcher_requests_polls_and_downloads_a_report(
        self, world, researcher_api, django_capture_on_commit_callbacks
    ):
        body = {
            "endpoint": "meetings",
            "filters": {"actor": ["khalifa-haftar", "vladimir-putin"]},
            "columns": ["id", "title", "start"],
        }
        response = request_and_run(researcher_api, body, django_capture_on_commit_callbacks)
        assert response["Location"].endswith(f"{REPORTS}{response.json()['id']}/")

        report = researcher_api.get(response["Location"]).json()
        assert (report["status"], report["rows_written"], report["rows_expected"], report["progress"]) == (
            ReportStatus.DONE,
            2,
            2,
            1.0,
        )
        assert report["requested_by"] == "researcher"

        download = researcher_api.get(report["download_url"])
        assert download.status_code == 200
        assert download["Content-Type"] == "text/csv; charset=utf-8"
        assert download["X-Checksum-SHA256"] == report["sha256"]
        rows = csv_rows(b"".join(download.streaming_content))
        assert rows == [
            {"id": str(world.meeting_2023.pk), "title": "Haftar meets Putin (2023)", "start": "2023-09"},
            {
                "id": str(world.meeting_2025.pk),
                "title": "Haftar meets Putin at the Kremlin",
                "start": "2025-05-10",
            },
        ]

    def test_a_preset_comes_as_a_zip(self, world, researcher_api, django_capture_on_commit_callbacks):
        response = request_and_run(
            researcher_api,
            {"preset": "actor_dossier", "filters": {"actor": "khalifa-haftar"}},
            django_capture_on_commit_callbacks,
        )
        download = researcher_api.get(f"{REPORTS}{response.json()['id']}/download/")
        assert download["Content-Type"] == "application/zip"
        assert download["Content-Disposition"].startswith('attachment; filename="dossier-khalifa-haftar-')

    def test_the_list_shows_only_the_researchers_own_reports(
        self, world, researcher_api, researcher, outsider
    ):
        Report.objects.create(requested_by=outsider, kind="export", endpoint="events")
        mine = Report.objects.create(requested_by=researcher, kind="export", endpoint="ties")
        listed = researcher_api.get(REPORTS).json()
        results = listed["results"] if isinstance(listed, dict) else listed
        assert [item["id"] for item in results] == [mine.pk]

    def test_a_report_not_finished_cannot_be_downloaded_yet(self, world, researcher_api, researcher):
        report = Report.objects.create(requested_by=researcher, kind="export", endpoint="events")
        response = researcher_api.get(f"{REPORTS}{report.pk}/download/")
        assert response.status_code == 409
        assert "queued" in response.json()["detail"]


class TestOtherPeople:
    @pytest.fixture
    def done_report(self, world, researcher, django_capture_on_commit_callbacks):
        from reports import services

        with django_capture_on_commit_callbacks(execute=True):
            report = services.request_report(researcher, endpoint="events")
        report.refresh_from_db()
        assert report.status == ReportStatus.DONE
        return report

    def test_another_user_can_neither_see_nor_download_it(self, done_report, outsider_api):
        assert outsider_api.get(f"{REPORTS}{done_report.pk}/").status_code == 404
        assert outsider_api.get(f"{REPORTS}{done_report.pk}/download/").status_code == 404
        listed = outsider_api.get(REPORTS).json()
        assert (listed["results"] if isinstance(listed, dict) else listed) == []

    def test_staff_can_see_and_download_it(self, done_report, editor):
        client = APIClient()
        client.force_authenticate(editor)
        assert client.get(f"{REPORTS}{done_report.pk}/download/").status_code == 200

    def test_anonymous_users_can_neither_request_nor_see_reports(self, done_report):
        anonymous = APIClient()
        assert anonymous.post(REPORTS, {"endpoint": "events"}, format="json").status_code in (401, 403)
        assert anonymous.get(f"{REPORTS}{done_report.pk}/").status_code in (401, 403)
        assert anonymous.get(f"{REPORTS}{done_report.pk}/download/").status_code in (401, 403)
        assert Report.objects.count() == 1

    def test_reports_cannot_be_changed_or_deleted_through_the_api(self, done_report, researcher_api):
        url = f"{REPORTS}{done_report.pk}/"
        assert researcher_api.put(url, {}, format="json").status_code == 405
        assert researcher_api.patch(url, {}, format="json").status_code == 405
        assert researcher_api.delete(url).status_code == 405


class TestBadRequests:
    @pytest.mark.parametrize(
        ("body", "named"),
        [
            ({"endpoint": "events", "filters": {"date_from": "2025-13-45"}}, "date_from"),
            ({"endpoint": "events", "filters": {"kind": "picnic"}}, "kind"),
            ({"endpoint": "events", "filters": {"colour": "red"}}, "colour"),
            ({"endpoint": "events", "columns": ["shoe_size"]}, "shoe_size"),
            ({"endpoint": "weather"}, "endpoint"),
            ({"preset": "horoscope"}, "preset"),
            ({"preset": "actor_dossier", "filters": {"actor": "nobody-at-all"}}, "nobody-at-all"),
            ({}, "preset"),
        ],
    )
    def test_an_invalid_request_answers_400_naming_the_problem_and_saves_nothing(
        self, world, researcher_api, body, named
    ):
        response = researcher_api.post(REPORTS, body, format="json")
        assert response.status_code == 400
        assert named in response.content.decode()
        assert not Report.objects.exists()


class TestPollingAfterAWorkerDied:
    def test_a_poll_marks_a_report_silent_past_its_deadline_as_failed(
        self, world, researcher_api, researcher, settings
    ):
        import datetime

        from django.utils import timezone

        settings.REPORTS_STALE_AFTER_SECONDS = 900
        silent = timezone.now() - datetime.timedelta(hours=1)
        report = Report.objects.create(
            requested_by=researcher,
            kind="export",
            endpoint="events",
            status=ReportStatus.RUNNING,
            attempts=1,
            started_at=silent,
            heartbeat_at=silent,
            rows_written=10,
            rows_expected=100,
        )
        polled = researcher_api.get(f"{REPORTS}{report.pk}/").json()
        assert polled["status"] == ReportStatus.FAILED
        assert "No progress since" in polled["error"]
        assert polled["download_url"] is None
        assert researcher_api.get(f"{REPORTS}{report.pk}/download/").status_code == 409

    def test_a_report_whose_file_was_cleaned_up_answers_410(
        self, world, researcher_api, researcher, django_capture_on_commit_callbacks
    ):
        from reports import services

        with django_capture_on_commit_callbacks(execute=True):
            report = services.request_report(researcher, endpoint="events")
        Report.objects.filter(pk=report.pk).update(finished_at="2000-01-01T00:00:00Z")
        services.clean_up_reports()
        assert researcher_api.get(f"{REPORTS}{report.pk}/download/").status_code == 410


def test_report_requests_have_their_own_rate_limit(world, researcher_api, settings):
    settings.REPORTS_REQUEST_RATE = "2/hour"
    answers = [
        researcher_api.post(REPORTS, {"endpoint": "places"}, format="json").status_code for _ in range(3)
    ]
    assert answers == [202, 202, 429]
    # Reading is not limited by it.
    assert researcher_api.get(REPORTS).status_code == 200


def test_a_poll_while_the_report_is_built_shows_it_running_with_its_progress(
    world, researcher_api, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from reports import plans

    settings.REPORTS_CHUNK_SIZE = 1
    polls = []
    original = plans.plan_for

    def plan_polled_midway(report):
        plan = original(report)
        (table,) = plan.tables
        rows = table.rows

        def rows_then_poll():
            for number, row in enumerate(rows(), start=1):
                yield row
                if number == 3:
                    polls.append(researcher_api.get(f"{REPORTS}{report.pk}/").json())

        table.rows = rows_then_poll
        return plan

    monkeypatch.setattr(plans, "plan_for", plan_polled_midway)
    request_and_run(researcher_api, {"endpoint": "claims"}, django_capture_on_commit_callbacks)
    (poll,) = polls
    assert (poll["status"], poll["rows_written"], poll["rows_expected"], poll["progress"]) == (
        ReportStatus.RUNNING,
        3,
        6,
        0.5,
    )
    assert poll["download_url"] is None
