"""How Celery is wired: eager with stored results by default, beat entries that name real tasks."""

import os

import pytest
from django.conf import settings

from alliance_tracker.celery import app as celery_app
from reports import tasks


def test_without_a_broker_tasks_run_eagerly_and_with_one_they_go_to_it():
    broker_configured = bool(os.environ.get("CELERY_BROKER_URL"))
    assert settings.CELERY_TASK_ALWAYS_EAGER is not broker_configured
    assert celery_app.conf.task_store_eager_result is True
    assert celery_app.conf.result_backend == "django-db"


def test_a_report_task_is_given_back_to_the_broker_when_its_worker_dies():
    assert tasks.build_report.acks_late is True
    assert tasks.build_report.reject_on_worker_lost is True


@pytest.mark.django_db
def test_an_eager_report_stores_its_task_result_like_a_worker_would(
    world, researcher, django_capture_on_commit_callbacks
):
    from django_celery_results.models import TaskResult

    from reports import services

    with django_capture_on_commit_callbacks(execute=True):
        report = services.request_report(researcher, endpoint="events")
    report.refresh_from_db()
    assert report.status == "done"
    assert TaskResult.objects.get(task_id=report.task_id).status == "SUCCESS"


# The scheduler closes old database connections as a worker process would: outside a test
# transaction, so that PostgreSQL can open a new one.
@pytest.mark.django_db(transaction=True)
def test_beat_schedules_the_link_check_the_snapshot_and_the_clean_ups():
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    DatabaseScheduler(app=celery_app)
    scheduled = dict(PeriodicTask.objects.values_list("name", "task"))
    assert scheduled["check-source-links"] == "reports.tasks.check_source_links"
    assert scheduled["nightly-snapshot"] == "reports.tasks.build_snapshot"
    assert scheduled["clean-up-old-reports"] == "reports.tasks.clean_up_reports"
    assert scheduled["fail-stale-reports"] == "reports.tasks.fail_stale_reports"
    for name in ["check-source-links", "nightly-snapshot", "clean-up-old-reports", "fail-stale-reports"]:
        assert scheduled[name] in celery_app.tasks
