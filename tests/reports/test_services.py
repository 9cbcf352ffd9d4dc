import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reports import files, plans, services
from reports.choices import ReportKind, ReportStatus
from reports.models import Report
from tests.reports.conftest import read_report


def queued_export(user=None, **fields):
    fields.setdefault("endpoint", "events")
    return Report.objects.create(requested_by=user, kind=ReportKind.EXPORT, **fields)


class TestExports:
    def test_it_writes_the_published_events_with_the_api_columns(self, world):
        report = services.run_report(queued_export().pk)
        assert report.status == ReportStatus.DONE
        (rows,) = read_report(report).values()
        assert [row["title"] for row in rows] == [
            "Haftar meets Putin (2023)",
            "Belarusian trainers at Tamanhint",
            "Haftar meets Shoigu",
            "Haftar meets Putin at the Kremlin",
        ]
        from events.exports import EVENT_COLUMNS

        assert list(rows[0]) == [column.header for column in EVENT_COLUMNS]

    def test_it_records_row_count_size_and_the_sha256_of_the_file(self, world):
        report = services.run_report(queued_export().pk)
        with report.file.open("rb") as handle:
            data = handle.read()
        assert report.sha256 == hashlib.sha256(data).hexdigest()
        assert report.size == len(data)
        assert report.row_count == 4
        assert report.rows_written == report.rows_expected == 4
        assert report.started_at <= report.finished_at

    def test_it_applies_the_api_filters_and_keeps_only_the_chosen_columns(self, world):
        report = queued_export(filters={"kind": "deployment"}, columns=["id", "title", "place"])
        report = services.run_report(report.pk)
        (rows,) = read_report(report).values()
        assert rows == [
            {
                "id": str(world.deployment.pk),
                "title": "Belarusian trainers at Tamanhint",
                "place": "Tamanhint Air Base",
            }
        ]

    def test_a_selection_exports_only_the_selected_published_records(self, world):
        chosen = [world.meeting_shoigu.pk, world.draft_meeting.pk]
        report = services.run_report(queued_export(selection=chosen).pk)
        (rows,) = read_report(report).values()
        assert [row["id"] for row in rows] == [str(world.meeting_shoigu.pk)]

    def test_formula_cells_are_neutralised_in_the_file(self, world):
        report = services.run_report(queued_export(endpoint="claims", columns=["id", "quote"]).pk)
        (rows,) = read_report(report).values()
        assert '\'=HYPERLINK("x")' in [row["quote"] for row in rows]

    def test_the_file_lives_under_media_reports_and_no_temporary_file_is_left(self, world, settings):
        report = services.run_report(queued_export().pk)
        assert report.file.name.startswith("reports/")
        assert (settings.MEDIA_ROOT / report.file.name).is_file()
        assert list(files.temp_dir().iterdir()) == []


class TestRequests:
    def test_a_request_with_an_unknown_filter_fails_at_once_naming_it(self, world, researcher):
        with pytest.raises(ValidationError) as caught:
            services.request_report(researcher, endpoint="events", filters={"colour": "red"})
        assert "colour" in caught.value.message_dict["filters"][0]
        assert not Report.objects.exists()

    def test_a_request_with_an_unknown_column_fails_at_once(self, world, researcher):
        with pytest.raises(ValidationError) as caught:
            services.request_report(researcher, endpoint="events", columns=["id", "shoe_size"])
        assert "shoe_size" in caught.value.message_dict["columns"][0]

    def test_a_request_names_a_preset_or_an_endpoint_but_not_both(self, world, researcher):
        with pytest.raises(ValidationError):
            services.request_report(researcher, preset="source_audit", endpoint="events")
        with pytest.raises(ValidationError):
            services.request_report(researcher)

    def test_a_dossier_on_an_actor_seen_only_in_drafts_is_refused(self, world, researcher):
        with pytest.raises(ValidationError) as caught:
            services.request_report(researcher, preset="actor_dossier", filters={"actor": "only-in-drafts"})
        assert "only-in-drafts" in caught.value.message_dict["actor"][0]

    def test_a_request_is_queued_and_runs_once_committed(
        self, world, researcher, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks() as callbacks:
            report = services.request_report(researcher, endpoint="events")
        assert Report.objects.get(pk=report.pk).status == ReportStatus.QUEUED
        for callback in callbacks:
            callback()
        report.refresh_from_db()
        assert report.status == ReportStatus.DONE
        assert report.requested_by == researcher


class TestProgress:
    def test_the_report_row_shows_rows_written_while_the_file_is_written(self, world, settings, monkeypatch):
        settings.REPORTS_CHUNK_SIZE = 2
        report = queued_export(endpoint="claims")
        seen = []
        original = plans.plan_for

        def watching_plan(report):
            plan = original(report)
            (table,) = plan.tables
            rows = table.rows

            def rows_then_look():
                for number, row in enumerate(rows(), start=1):
                    yield row
                    if number == 5:
                        seen.append(
                            Report.objects.values_list("status", "rows_written", "rows_expected").get(
                                pk=report.pk
                            )
                        )

            table.rows = rows_then_look
            return plan

        monkeypatch.setattr(plans, "plan_for", watching_plan)
        services.run_report(report.pk)
        # Five rows handed over, four of them saved as progress (every two rows), of six public claims.
        assert seen == [(ReportStatus.RUNNING, 4, 6)]


class TestFailures:
    def test_a_failing_report_is_marked_failed_with_the_reason_and_offers_no_file(self, world, monkeypatch):
        def broken(report):
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(plans, "plan_for", broken)
        report = queued_export()
        with pytest.raises(RuntimeError):
            services.run_report(report.pk)
        report.refresh_from_db()
        assert report.status == ReportStatus.FAILED
        assert "disk on fire" in report.error
        assert not report.file
        assert not report.downloadable

    def test_a_report_failing_halfway_leaves_no_partial_file_anywhere(self, world, monkeypatch, settings):
        original = plans.plan_for

        def dies_halfway(report):
            plan = original(report)
            (table,) = plan.tables
            # The rows through Python, or the lines PostgreSQL writes itself (COPY).
            attribute = "rows" if table.lines is None else "lines"
            produce = getattr(table, attribute)

            def then_die():
                iterator = iter(produce())
                yield next(iterator)
                raise OSError("worker lost its disk")

            setattr(table, attribute, then_die)
            return plan

        monkeypatch.setattr(plans, "plan_for", dies_halfway)
        report = queued_export()
        with pytest.raises(OSError):
            services.run_report(report.pk)
        report.refresh_from_db()
        assert report.status == ReportStatus.FAILED
        leftovers = [path for path in (settings.MEDIA_ROOT / "reports").rglob("*") if path.is_file()]
        assert leftovers == []

    def test_a_done_or_failed_report_delivered_again_is_left_alone(self, world):
        report = services.run_report(queued_export().pk)
        assert services.run_report(report.pk) is None
        assert Report.objects.get(pk=report.pk).attempts == 1


class TestWorkerKilled:
    """A worker killed mid-report leaves the row "running" and a partial temporary file."""

    def killed_midway(self, attempts=1, heartbeat=None):
        report = queued_export(
            status=ReportStatus.RUNNING,
            attempts=attempts,
            rows_written=3,
            rows_expected=4,
            started_at=timezone.now(),
            heartbeat_at=heartbeat or timezone.now(),
        )
        partial = files.temp_path(services.temp_prefix(report.pk))
        partial.write_text("\ufeffid,title\r\n1,half a ro")
        return report, partial

    def test_a_redelivered_task_starts_again_from_scratch_and_discards_the_partial_file(self, world):
        report, partial = self.killed_midway(attempts=1)
        report = services.run_report(report.pk)
        assert report.status == ReportStatus.DONE
        assert report.attempts == 2
        assert not partial.exists()
        assert report.row_count == 4

    def test_it_gives_up_with_a_reason_after_the_last_attempt(self, world, settings):
        settings.REPORTS_MAX_ATTEMPTS = 3
        report, partial = self.killed_midway(attempts=3)
        assert services.run_report(report.pk) is None
        report.refresh_from_db()
        assert report.status == ReportStatus.FAILED
        assert "stopped 3 times" in report.error
        assert not partial.exists()
        assert not report.downloadable

    def test_a_running_report_without_progress_past_the_deadline_is_marked_failed(self, world, settings):
        settings.REPORTS_STALE_AFTER_SECONDS = 900
        silent_since = timezone.now() - datetime.timedelta(seconds=901)
        report, partial = self.killed_midway(heartbeat=silent_since)
        alive, _ = self.killed_midway()
        assert services.fail_stale_reports() == 1
        report.refresh_from_db()
        assert report.status == ReportStatus.FAILED
        assert "No progress since" in report.error
        assert not partial.exists()
        assert Report.objects.get(pk=alive.pk).status == ReportStatus.RUNNING

    def test_an_attempt_that_was_replaced_cannot_finish_the_report(self, world):
        report = queued_export()
        first = services.start_attempt(report.pk)
        # Its worker is given up for dead and the task delivered again: a second attempt starts.
        second = services.start_attempt(report.pk)
        assert (first.attempts, second.attempts) == (1, 2)
        assert services._update(first, status=ReportStatus.DONE) == 0
        assert Report.objects.get(pk=report.pk).status == ReportStatus.RUNNING


class TestCleanUp:
    def test_files_past_their_retention_are_deleted_and_the_report_says_so(self, world, settings):
        settings.REPORTS_RETENTION_DAYS = 30
        old = services.run_report(queued_export().pk)
        recent = services.run_report(queued_export().pk)
        Report.objects.filter(pk=old.pk).update(finished_at=timezone.now() - datetime.timedelta(days=31))
        path = settings.MEDIA_ROOT / old.file.name
        assert services.clean_up_reports() == 1
        old.refresh_from_db()
        assert not path.exists()
        assert old.expired_at is not None and not old.downloadable
        assert Report.objects.get(pk=recent.pk).downloadable

    def test_snapshots_are_kept_by_count_not_by_the_reports_retention(self, world, settings):
        settings.REPORTS_RETENTION_DAYS = 30
        settings.SNAPSHOT_RETENTION = 2
        snapshot = services.build_snapshot()
        Report.objects.filter(pk=snapshot.pk).update(finished_at=timezone.now() - datetime.timedelta(days=60))
        assert services.clean_up_reports() == 0
        assert Report.objects.get(pk=snapshot.pk).downloadable

    def test_abandoned_temporary_files_are_removed(self, world, settings):
        import os

        settings.REPORTS_STALE_AFTER_SECONDS = 900
        abandoned = files.temp_path("report-999")
        abandoned.write_text("partial")
        old = (timezone.now() - datetime.timedelta(hours=2)).timestamp()
        os.utime(abandoned, (old, old))
        services.clean_up_reports()
        assert not abandoned.exists()


class TestDataChangedAfterTheRequest:
    def test_a_dossier_whose_actor_left_the_published_record_fails_with_the_reason(self, world):
        report = Report.objects.create(
            kind=ReportKind.PRESET, preset="actor_dossier", filters={"actor": "sergei-shoigu"}
        )
        world.meeting_shoigu.status = "retracted"
        world.meeting_shoigu.save()
        assert services.run_report(report.pk) is None
        report.refresh_from_db()
        assert report.status == ReportStatus.FAILED
        assert report.error.startswith("The report's filters are no longer valid:")
        assert "sergei-shoigu" in report.error


class TestCommands:
    def test_build_snapshot_writes_a_snapshot_report(self, world):
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        call_command("build_snapshot", stdout=out)
        snapshot = Report.objects.get(kind=ReportKind.SNAPSHOT)
        assert snapshot.downloadable
        assert snapshot.sha256 in out.getvalue()
