"""Dates an editor can enter, and the start bound of date filters that no draft can switch off."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event, Tie
from events.models.records import EARLIEST_YEAR, LATEST_YEAR
from tests.api_helpers import ids
from tests.events.test_admin import admin_url, changeform_data
from tests.factories import EventFactory, TieFactory, published_event

D = datetime.date
RANGE_ERROR = f"between {EARLIEST_YEAR} and {LATEST_YEAR}"

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["start_date", "end_date"])
@pytest.mark.parametrize("day", ["0001-01-01", "1799-12-31", "2101-01-01", "9999-12-31"])
def test_the_event_form_rejects_a_year_outside_the_range_naming_the_field(editor_client, field, day):
    page = editor_client.get(admin_url(Event, "add"))
    dates = {"start_date": "1900-01-01", "end_date": "2100-12-31", "end_precision": "day", field: day}
    data = changeform_data(page, kind="meeting", title="Meeting", date_uncertain="on", **dates)

    response = editor_client.post(admin_url(Event, "add"), data)

    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors[field]
    assert RANGE_ERROR in error
    assert not Event.objects.exists()


@pytest.mark.parametrize("day", ["1800-01-01", "2100-12-31"])
def test_the_event_form_accepts_the_first_and_last_years_of_the_range(editor_client, day):
    page = editor_client.get(admin_url(Event, "add"))
    data = changeform_data(page, kind="meeting", title="Meeting", start_date=day)

    response = editor_client.post(admin_url(Event, "add"), data)

    assert response.status_code == 302
    assert Event.objects.get().start_date == D.fromisoformat(day)


def test_the_tie_form_rejects_a_year_outside_the_range(editor_client):
    tie = TieFactory()
    page = editor_client.get(admin_url(Tie, "change", tie.pk))

    response = editor_client.post(
        admin_url(Tie, "change", tie.pk), changeform_data(page, start_date="0001-01-01")
    )

    assert response.status_code == 200
    assert RANGE_ERROR in response.context["adminform"].form.errors["start_date"][0]


def endless_draft():
    """A draft from year 1 to 9999, as a script or an old import could still save it."""
    return EventFactory(start_date=D(1, 1, 1), end_date=D(9999, 12, 31), date_uncertain=True)


def test_a_draft_with_a_huge_span_does_not_change_the_bound_for_published_events():
    published_event(start_date=D(2020, 1, 1), end_date=D(2020, 1, 11), date_uncertain=True)
    endless_draft()

    assert Event.objects.longest_span(published_only=True) == 10
    assert Event.objects.longest_span() == (D(9999, 12, 31) - D(1, 1, 1)).days


def test_the_api_date_filter_reads_from_the_longest_published_span(client):
    long_one = published_event(start_date=D(2020, 1, 1), end_date=D(2020, 1, 11), date_uncertain=True)
    recent = published_event(start_date=D(2020, 1, 20))
    published_event(start_date=D(2019, 12, 1))
    endless_draft()

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/events/", {"date_from": "2020-01-05"})

    assert set(ids(response)) == {long_one.pk, recent.pk}
    # The start bound is the day minus the published span (10 days), not minus the draft's.
    assert any("2019-12-26" in query["sql"] for query in queries.captured_queries)


def test_the_admin_year_filter_still_lists_a_draft_spanning_the_year(editor_client):
    draft = EventFactory(start_date=D(1800, 1, 1), end_date=D(2100, 12, 31), date_uncertain=True)
    published_event(start_date=D(2020, 1, 1))
    other_year = published_event(start_date=D(2019, 1, 1))

    response = editor_client.get(admin_url(Event, "changelist"), {"year": "2020"})

    shown = set(response.context["cl"].result_list)
    assert draft in shown
    assert other_year not in shown
