"""Celery tasks: thin wrappers that take ids and call a service.

``build_report`` is acknowledged late and given back to the broker if its worker dies
(settings: CELERY_TASK_ACKS_LATE, CELERY_TASK_REJECT_ON_WORKER_LOST); the service counts the
attempts and gives up with a reason after REPORTS_MAX_ATTEMPTS.
"""

from celery import shared_task
from django.db import OperationalError

from reports import linkcheck, services


# A database that is briefly unavailable or locked when the task starts is worth another try;
# a failure once the report is running is recorded on the report by the service.
@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=2,
    max_retries=3,
)
def build_report(report_id):
    report = services.run_report(report_id)
    return report.status if report else None


@shared_task
def fail_stale_reports():
    return services.fail_stale_reports()


@shared_task
def clean_up_reports():
    return services.clean_up_reports()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def build_snapshot():
    report = services.build_snapshot()
    return report.pk if report else None


@shared_task
def check_source_links():
    return linkcheck.check_source_links()
