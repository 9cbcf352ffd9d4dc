"""A broker that is down: the API answers 503 with a clear error, the request is kept."""

import pytest
from django.contrib.messages import get_messages
from rest_framework.test import APIClient

from alliance_tracker.celery import app as celery_app
from reports import services
from reports.choices import ReportStatus
from reports.models import Report

CLOSED_PORT = "redis://127.0.0.1:1/0"


def reset_connections():
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down(monkeypatch):
    """Point the Celery app at a port where nothing listens, with short timeouts, then restore it."""
    # Celery reads CELERY_BROKER_URL from the environment before its configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", CLOSED_PORT)
    names = [
        "broker_url",
        "task_always_eager",
        "broker_connection_timeout",
        "broker_transport_options",
        "task_publish_retry_policy",
    ]
    saved = {name: celery_app.conf[name] for name in names}
    celery_app.conf.update(
        broker_url=CLOSED_PORT,
        task_always_eager=False,
        broker_connection_timeout=1,
        broker_transport_options={"socket_connect_timeout": 1, "socket_timeout": 1},
        task_publish_retry_policy={
            "max_retries": 1,
            "interval_start": 0,
            "interval_step": 0.1,
            "interval_max": 0.1,
        },
    )
    reset_connections()
    yield
    celery_app.conf.update(saved)
    reset_connections()


# transactional_db: outside a test transaction the task is sent at once, as in production.
def test_the_api_answers_503_with_a_clear_error_and_keeps_the_request(transactional_db, broker_down):
    from tests.factories import UserFactory

    researcher = UserFactory(username="researcher")
    api = APIClient()
    api.force_authenticate(researcher)
    response = api.post(
        "/api/v1/reports/", {"endpoint": "events", "filters": {"kind": "meeting"}}, format="json"
    )
    assert response.status_code == 503
    body = response.json()
    assert "could not be queued" in body["detail"]
    assert "broker is unavailable" in body["detail"]
    report = Report.objects.get()
    assert (report.status, report.requested_by, report.endpoint, report.filters) == (
        ReportStatus.FAILED,
        researcher,
        "events",
        {"kind": "meeting"},
    )
    assert report.error == body["detail"]
    assert body["report"]["id"] == report.pk


def test_a_report_refused_by_the_broker_can_be_queued_again_once_it_is_back(transactional_db, broker_down):
    from tests.factories import UserFactory

    with pytest.raises(services.ReportQueueError):
        services.request_report(UserFactory(), endpoint="events")
    report = Report.objects.get()
    celery_app.conf.update(task_always_eager=True)
    services.requeue(report)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.error == ""


def test_the_admin_says_the_report_could_not_be_queued(transactional_db, broker_down, rf):
    from django.contrib import admin
    from django.contrib.messages.storage.fallback import FallbackStorage

    from events.models import Event
    from reports.admin_actions import ReportExportMixin, export_selection_as_report
    from tests.factories import UserFactory

    class EventExportAdmin(ReportExportMixin, admin.ModelAdmin):
        pass

    editor = UserFactory(username="editor", is_staff=True, is_superuser=True)
    request = rf.post("/admin/events/event/")
    request.user = editor
    request.session = {}
    request._messages = FallbackStorage(request)
    export_selection_as_report(EventExportAdmin(Event, admin.site), request, Event.objects.all())
    (message,) = [str(m) for m in get_messages(request)]
    assert message.startswith("The report could not be queued.")
    assert Report.objects.get().status == ReportStatus.FAILED
