"""Writes for reports: request one, queue it, build it, and look after what is left behind.

A report is built by exactly one *attempt* at a time. Each attempt bumps ``attempts`` and every
write it makes to the row is conditional on that number, so an attempt whose worker was given
up for dead can never overwrite the work of the one that replaced it.
"""

import logging
import uuid
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from events import copy_export, temporal
from reports import files, plans
from reports.choices import ReportKind, ReportStatus
from reports.models import Report

logger = logging.getLogger(__name__)

QUEUE_FAILED = (
    "The report could not be queued: the task broker is unavailable ({reason}). "
    "Your request is kept; try again in a few minutes."
)
WORKER_LOST = (
    "The worker building this report stopped {attempts} times (killed, restarted or out of memory); "
    "no file was kept. Request the report again, or narrow its filters."
)
STALE = (
    "No progress since {heartbeat:%Y-%m-%d %H:%M:%S} UTC: the worker building this report stopped "
    "(killed, restarted or out of memory). The partial file was discarded; request the report again."
)
TOO_LONG = "The report took longer than the time limit of {seconds} seconds; narrow its filters."


class ReportQueueError(Exception):
    """The broker refused or could not be reached; the report row is kept, marked failed."""

    def __init__(self, message, report=None):
        super().__init__(message)
        self.report = report


class Superseded(Exception):
    """Another attempt took the report over, or it was given up: stop writing."""


def temp_prefix(report_id):
    return f"report-{report_id}"


# --- requesting -------------------------------------------------------------------------------


def request_report(user, *, preset="", endpoint="", filters=None, columns=None, selection=None):
    """Check a request, save it as a queued report and queue it once saved.

    Invalid presets, endpoints, filters or columns raise ``ValidationError`` here, in the
    request, never later in the worker. A broker that is down raises ``ReportQueueError``
    (the report is kept, failed, with the reason).
    """
    filters = filters or {}
    columns = list(columns or [])
    if bool(preset) == bool(endpoint):
        raise ValidationError({"preset": "Ask for either a preset or an endpoint, not both and not neither."})
    if preset:
        plans.validate_preset(preset, filters)
        kind = ReportKind.PRESET
        if columns:
            raise ValidationError({"columns": "Presets have fixed columns; leave columns empty."})
    else:
        plans.validate_export(endpoint, filters, columns, selection)
        kind = ReportKind.EXPORT
    report = Report.objects.create(
        requested_by=user,
        kind=kind,
        preset=preset,
        endpoint=endpoint,
        filters=filters,
        columns=columns,
        selection=selection,
        task_id=str(uuid.uuid4()),
    )
    enqueue(report)
    return report


def enqueue(report):
    """Send the build task once the report row is committed (at once outside a transaction)."""

    def send():
        from reports.tasks import build_report

        try:
            build_report.apply_async((report.pk,), task_id=report.task_id or None)
        except (BrokerError, ConnectionError, OSError) as exc:
            logger.warning("Report %s could not be queued: %s", report.pk, exc)
            message = QUEUE_FAILED.format(reason=type(exc).__name__)
            Report.objects.filter(pk=report.pk, status=ReportStatus.QUEUED).update(
                status=ReportStatus.FAILED, error=message, finished_at=timezone.now()
            )
            report.status, report.error = ReportStatus.FAILED, message
            raise ReportQueueError(message, report) from exc

    transaction.on_commit(send)


def requeue(report):
    """Queue a failed report again, from scratch."""
    if report.status != ReportStatus.FAILED:
        raise ValidationError("Only a failed report can be queued again.")
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.QUEUED,
        error="",
        attempts=0,
        rows_written=0,
        rows_expected=None,
        started_at=None,
        finished_at=None,
        heartbeat_at=None,
        task_id=str(uuid.uuid4()),
    )
    report.refresh_from_db()
    enqueue(report)
    return report


# --- building ---------------------------------------------------------------------------------


def start_attempt(report_id):
    """Mark the report running for a new attempt; ``None`` when there is nothing to do."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status in (ReportStatus.DONE, ReportStatus.FAILED):
            return None
        if report.status == ReportStatus.RUNNING and report.attempts >= settings.REPORTS_MAX_ATTEMPTS:
            # Delivered again after its worker died, once too often.
            _finish_failed(report, WORKER_LOST.format(attempts=report.attempts))
            return None
        now = timezone.now()
        report.attempts += 1
        report.status = ReportStatus.RUNNING
        report.started_at = report.heartbeat_at = now
        report.rows_written, report.rows_expected, report.error = 0, None, ""
        report.save(
            update_fields=[
                "attempts",
                "status",
                "started_at",
                "heartbeat_at",
                "rows_written",
                "rows_expected",
                "error",
            ]
        )
    # Whatever an earlier, dead attempt left half-written is never offered: it goes.
    files.remove_temp_files(temp_prefix(report.pk))
    return report


class Progress:
    """Counts rows and tells the report row how far it got, every ``every`` rows.

    While a table is streaming on PostgreSQL, the connection is the export's until it ends (a
    COPY holds it, and the transaction the rows are read in would hide a progress saved on it),
    so progress goes through a connection of its own (see ``save_aside``).
    """

    def __init__(self, report, every):
        self.report, self.every, self.rows = report, every, 0
        self.aside = None

    def __call__(self):
        self.rows += 1
        if self.rows % self.every == 0:
            self.save()

    def save(self):
        if copy_export.copying():
            self.save_aside()
            return
        updated = Report.objects.filter(
            pk=self.report.pk, attempts=self.report.attempts, status=ReportStatus.RUNNING
        ).update(rows_written=self.rows, heartbeat_at=timezone.now())
        if not updated:
            raise Superseded(self.report.pk)

    def save_aside(self):
        """Save progress on a second connection, as the worker's is busy with the export.

        That connection sees only committed rows. A report row it cannot see at all (one
        created in a transaction not yet committed, as in tests) is not superseded: that
        progress is skipped, and the save after the COPY, on the worker's connection, decides.
        A row locked by another transaction is skipped too, rather than waited for.
        """
        if self.aside is None:
            self.aside = connection.copy()
        table = connection.ops.quote_name(Report._meta.db_table)
        try:
            with self.aside.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
                cursor.execute(
                    f"UPDATE {table} SET rows_written = %s, heartbeat_at = %s "  # noqa: S608 -- our table
                    "WHERE id = %s AND attempts = %s AND status = %s",
                    [self.rows, timezone.now(), self.report.pk, self.report.attempts, ReportStatus.RUNNING],
                )
                if cursor.rowcount:
                    return
                cursor.execute(f"SELECT 1 FROM {table} WHERE id = %s", [self.report.pk])  # noqa: S608
                visible = cursor.fetchone() is not None
        except OperationalError as exc:
            logger.info("Progress of report %s not saved this time: %s", self.report.pk, exc)
            return
        if visible:
            raise Superseded(self.report.pk)

    def close(self):
        if self.aside is not None:
            self.aside.close()
            self.aside = None


def run_report(report_id):
    """Build the report's file (the body of the Celery task)."""
    report = start_attempt(report_id)
    if report is None:
        return None
    temp = files.temp_path(temp_prefix(report.pk))
    progress = Progress(report, settings.REPORTS_CHUNK_SIZE)
    try:
        # An export asked ``as_known_on`` reads every row as the record stood then (events.temporal).
        with temporal.known_on(plans.moment_of(report.filters) if report.kind == ReportKind.EXPORT else None):
            plan = plans.plan_for(report)
            expected = sum(table.count() for table in plan.tables)
            _update(report, rows_expected=expected, heartbeat_at=timezone.now())
            generated_at = timezone.now()
            if plan.as_zip:
                metadata = plans.metadata_for(report, plan, generated_at)
                written, metadata = files.write_zip_file(
                    temp, plan.tables, metadata, progress, generated_at, plan.attachments
                )
            else:
                (table,) = plan.tables
                written = [files.write_csv_file(temp, table, progress)]
                metadata = {
                    **plans.metadata_for(report, plan, generated_at),
                    "files": [item.as_dict() for item in written],
                }
            progress.save()
        sha256 = files.sha256_of(temp)
        size = temp.stat().st_size
        # A later attempt gets a name of its own, so an attempt given up for dead never touches it.
        attempt = f"-{report.attempts}" if report.attempts > 1 else ""
        extension = "zip" if plan.as_zip else "csv"
        name = f"{files.REPORTS_DIR}/{generated_at:%Y/%m}/{plan.slug}-{report.pk}{attempt}.{extension}"
        final = files.publish(temp, name)
        done = _update(
            report,
            status=ReportStatus.DONE,
            file=name,
            sha256=sha256,
            size=size,
            row_count=sum(item.rows for item in written),
            rows_written=progress.rows,
            metadata=metadata,
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
        )
        if not done:
            final.unlink(missing_ok=True)
            raise Superseded(report.pk)
    except Superseded:
        logger.warning(
            "Report %s attempt %s was superseded; its output is discarded.", report.pk, report.attempts
        )
        temp.unlink(missing_ok=True)
        return None
    except SoftTimeLimitExceeded:
        temp.unlink(missing_ok=True)
        _fail(report, TOO_LONG.format(seconds=settings.CELERY_TASK_SOFT_TIME_LIMIT))
        return None
    except ValidationError as error:
        # Checked at request time; the data changed since (e.g. the actor is no longer published).
        temp.unlink(missing_ok=True)
        _fail(report, f"The report's filters are no longer valid: {'; '.join(error.messages)}")
        return None
    except Exception as exc:
        temp.unlink(missing_ok=True)
        logger.exception("Report %s failed", report.pk)
        _fail(report, f"The report failed: {exc}")
        raise
    finally:
        progress.close()
    report.refresh_from_db()
    return report


def _update(report, **fields):
    """Write ``fields`` only while this attempt still owns the running report."""
    return Report.objects.filter(pk=report.pk, attempts=report.attempts, status=ReportStatus.RUNNING).update(
        **fields
    )


def _fail(report, message):
    return _update(report, status=ReportStatus.FAILED, error=message[:2000], finished_at=timezone.now())


def _finish_failed(report, message):
    report.status, report.error, report.finished_at = ReportStatus.FAILED, message, timezone.now()
    report.save(update_fields=["status", "error", "finished_at"])
    files.remove_temp_files(temp_prefix(report.pk))


# --- looking after ----------------------------------------------------------------------------


def stale_before(now=None):
    return (now or timezone.now()) - timedelta(seconds=settings.REPORTS_STALE_AFTER_SECONDS)


def fail_if_stale(report, now=None):
    """Mark a running report whose worker went silent as failed; True if it was."""
    if report.status != ReportStatus.RUNNING or report.heartbeat_at is None:
        return False
    if report.heartbeat_at >= stale_before(now):
        return False
    failed = Report.objects.filter(
        pk=report.pk, status=ReportStatus.RUNNING, attempts=report.attempts, heartbeat_at=report.heartbeat_at
    ).update(
        status=ReportStatus.FAILED,
        error=STALE.format(heartbeat=report.heartbeat_at),
        finished_at=timezone.now(),
    )
    if failed:
        files.remove_temp_files(temp_prefix(report.pk))
        report.refresh_from_db()
    return bool(failed)


def fail_stale_reports(now=None):
    """Fail every running report with no sign of life for REPORTS_STALE_AFTER_SECONDS."""
    stale = Report.objects.filter(status=ReportStatus.RUNNING, heartbeat_at__lt=stale_before(now))
    return sum(fail_if_stale(report, now) for report in stale)


EXPIRED = "Deleted after the retention of {days} days (REPORTS_RETENTION_DAYS)."
PRUNED = (
    "Deleted when newer snapshots filled the retention of {count} (SNAPSHOT_RETENTION); "
    "its SHA-256, size and row counts are kept here."
)


def delete_file(report, reason, now=None):
    """Delete a finished report's file and keep its row, saying when and why.

    The row of a snapshot is its tombstone: still listed, its address answers 410 with its
    version, SHA-256 and row counts, so a citation of it never meets a bare 404.
    """
    now = now or timezone.now()
    if report.file:
        report.file.storage.delete(report.file.name)
    updated = Report.objects.filter(pk=report.pk, expired_at__isnull=True).update(
        file="", expired_at=now, expiry_reason=reason[:300]
    )
    report.file, report.expired_at, report.expiry_reason = "", now, reason[:300]
    return bool(updated)


def prune_snapshots(now=None):
    """Delete the files of the snapshots beyond the SNAPSHOT_RETENTION newest; their rows stay."""
    kept = Report.objects.public_snapshots().filter(expired_at__isnull=True).exclude(file="")
    beyond = list(kept[settings.SNAPSHOT_RETENTION :])
    reason = PRUNED.format(count=settings.SNAPSHOT_RETENTION)
    return sum(delete_file(report, reason, now) for report in beyond)


def clean_up_reports(now=None):
    """Delete report files past their retention, and temporary files nobody is writing."""
    now = now or timezone.now()
    expired = Report.objects.filter(status=ReportStatus.DONE, expired_at__isnull=True).exclude(file="")
    old_reports = expired.exclude(kind=ReportKind.SNAPSHOT).filter(
        finished_at__lt=now - timedelta(days=settings.REPORTS_RETENTION_DAYS)
    )
    reason = EXPIRED.format(days=settings.REPORTS_RETENTION_DAYS)
    removed = sum(delete_file(report, reason, now) for report in old_reports)
    removed += prune_snapshots(now)
    live = {
        temp_prefix(pk)
        for pk in Report.objects.filter(status=ReportStatus.RUNNING).values_list("pk", flat=True)
    }
    quiet_since = stale_before(now).timestamp()
    for path in files.temp_dir().glob("*.part"):
        # Only files untouched for a while: one just created may belong to an attempt starting now.
        if path.name.rsplit("-", 1)[0] not in live and path.stat().st_mtime < quiet_since:
            path.unlink(missing_ok=True)
    return removed


def build_snapshot():
    """Build the nightly snapshot of the published dataset now, in this process."""
    report = Report.objects.create(kind=ReportKind.SNAPSHOT, task_id="")
    report = run_report(report.pk)
    if report is not None and report.status == ReportStatus.DONE:
        prune_snapshots()
    return report
