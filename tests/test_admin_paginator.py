"""Admin lists of large tables show the planner's estimate of their size instead of counting."""

import pytest
from django.db import connection
from django.urls import reverse

from alliance_tracker.paginator import EstimatingPaginator
from events.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="only PostgreSQL keeps a size estimate"
)


@pytest.fixture
def five_events_analyzed_then_two_more():
    EventFactory.create_batch(5)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE events_event")
    EventFactory.create_batch(2)


def test_small_tables_are_counted_exactly(five_events_analyzed_then_two_more):
    paginator = EstimatingPaginator(Event.objects.all(), 2)
    assert paginator.count == 7
    assert paginator.count_is_estimated is False


@on_postgresql
def test_an_unfiltered_large_list_is_sized_by_the_estimate(five_events_analyzed_then_two_more, monkeypatch):
    monkeypatch.setattr(EstimatingPaginator, "estimate_above", 0)
    paginator = EstimatingPaginator(Event.objects.all(), 2)
    # The estimate dates from the ANALYZE, before the last two events.
    assert paginator.count == 5
    assert paginator.count_is_estimated is True


@on_postgresql
def test_a_filtered_list_is_counted_exactly(five_events_analyzed_then_two_more, monkeypatch):
    monkeypatch.setattr(EstimatingPaginator, "estimate_above", 0)
    paginator = EstimatingPaginator(Event.objects.filter(kind="meeting"), 2)
    assert paginator.count == 7
    assert paginator.count_is_estimated is False


@on_postgresql
def test_the_admin_list_says_its_size_is_an_estimate(
    five_events_analyzed_then_two_more, editor_client, monkeypatch
):
    monkeypatch.setattr(EstimatingPaginator, "estimate_above", 0)
    response = editor_client.get(reverse("admin:events_event_changelist"))
    assert "about 5 events" in " ".join(response.content.decode().split())
    filtered = editor_client.get(reverse("admin:events_event_changelist"), {"kind__exact": "meeting"})
    page = " ".join(filtered.content.decode().split())
    assert "7 events" in page and "about" not in page.split('class="paginator"')[1]


def test_the_admin_list_gives_the_exact_size_of_a_small_table(
    five_events_analyzed_then_two_more, editor_client
):
    response = editor_client.get(reverse("admin:events_event_changelist"))
    paginator_html = " ".join(response.content.decode().split('class="paginator"')[1].split())
    assert "7 events" in paginator_html and "about" not in paginator_html
