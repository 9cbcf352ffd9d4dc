"""The PostgreSQL COPY export gives exactly the cells of the Python export."""

import csv
import dataclasses
import datetime
import io
from decimal import Decimal
from functools import partial

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from events import exports
from events.copy_export import copy_csv_lines, supports
from events.filtersets import EventFilterSet
from events.models import Claim, Event, EventLink
from reports import files, tables
from tests.factories import (
    ActorFactory,
    ClaimFactory,
    EventFactory,
    PlaceFactory,
    SourceFactory,
    published_event,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY export exists on PostgreSQL only"),
]


def parsed(lines):
    return list(csv.reader(io.StringIO("".join(lines))))


def python_export(columns, queryset):
    return parsed(exports.csv_lines(columns, exports.stream(queryset.for_api())))


def copy_export(columns, queryset):
    return parsed(copy_csv_lines(columns, queryset))


@pytest.fixture
def tricky_events():
    """Events whose cells exercise every conversion: formulas, Arabic, lists, nulls, times."""
    kremlin = ActorFactory(name="Kremlin press office", kind="organization", category="government_body")
    haftar = ActorFactory(name='=HYPERLINK("http://evil")', country="LY")
    putin = ActorFactory(name='Владимир Путин, "президент"', country="RU")
    place = PlaceFactory(
        name="-Tamanhint",
        country="LY",
        latitude=Decimal("-27.24"),
        longitude=Decimal("14.65"),
        coordinate_precision="local",
    )
    visit = published_event(
        kind="visit",
        title="@visit",
        title_ar="زيارة حَفْتَر",
        start_date=datetime.date(2025, 5, 7),
        end_date=datetime.date(2025, 5, 10),
        visit_on_invitation=True,
        visit_occasion="+Victory Day",
        place=place,
        participants=[(haftar, "visitor"), (putin, "host")],
    )
    meeting = published_event(
        title="\tmeeting",
        start_date=datetime.date(2025, 5, 7),
        end_date=datetime.date(2025, 5, 10),
        date_uncertain=True,
        parent=visit,
        description="line one\nline two, with a comma",
        date_note="\rnote",
        participants=[(putin, "attendee"), (haftar, "attendee")],
    )
    ClaimFactory(
        event=meeting,
        speaker=kremlin,
        stance="confirms",
        quote="«أكد» الكرملين",
        credibility=1,
        source=SourceFactory(publisher="", title="=title", reliability="A"),
    )
    ClaimFactory(event=meeting, stance="denies", source=SourceFactory(publisher="Other Paper"))
    old = published_event(
        title="September meeting", start_date=datetime.date(2023, 9, 1), start_precision="month"
    )
    agreement = published_event(
        kind="agreement",
        title="Agreement",
        start_date=datetime.date(2025, 1, 1),
        start_precision="year",
        agreement_type="military_cooperation",
        agreement_stage="signed",
        agreement_scope="logistics, training",
    )
    draft_parent = EventFactory(kind="visit", status="draft", start_date=datetime.date(2025, 3, 1))
    published_event(
        kind="deployment",
        title="Deployment",
        start_date=datetime.date(2025, 3, 2),
        parent=None,
        deployment_kind="trainers",
        deployment_size_min=10,
        deployment_size_max=40,
    )
    child_of_draft = published_event(
        title="Child of a draft", start_date=datetime.date(2025, 3, 1), parent=draft_parent
    )
    # A speaker of every official kind (a state, an armed force; the Kremlin is a government
    # body) and one who is not official, each on an event of its own.
    russia = ActorFactory(name="Russia", kind="state", country="RU")
    lna = ActorFactory(name="Libyan National Army", kind="organization", category="armed_force")
    ClaimFactory(event=old, speaker=russia, stance="asserts")
    ClaimFactory(event=agreement, speaker=lna, stance="confirms")
    ClaimFactory(event=child_of_draft, speaker=putin, stance="asserts")
    EventLink.objects.create(from_event=meeting, to_event=agreement)
    EventLink.objects.create(from_event=old, to_event=meeting, kind="related_to")
    EventLink.objects.create(from_event=meeting, to_event=draft_parent)
    # Publication times with and without microseconds.
    Event.objects.filter(pk=meeting.pk).update(
        published_at=datetime.datetime(2025, 5, 11, 8, 0, tzinfo=datetime.UTC)
    )
    Event.objects.filter(pk=child_of_draft.pk).update(published_at=timezone.now())
    return Event.objects.published()


@pytest.mark.parametrize("columns", [exports.EVENT_COLUMNS, *exports.KIND_COLUMNS.values()])
def test_copy_export_gives_the_cells_of_the_python_export(tricky_events, columns):
    python_rows = python_export(columns, tricky_events)
    assert len(python_rows) == 7
    assert copy_export(columns, tricky_events) == python_rows


def test_copy_export_neutralises_formulas(tricky_events):
    rows = copy_export(exports.EVENT_COLUMNS, tricky_events)
    titles = {row[2] for row in rows[1:]}
    assert {"'@visit", "'\tmeeting"} <= titles
    participants = {row[exports.header(exports.EVENT_COLUMNS).index("participants")] for row in rows[1:]}
    assert any(cell.startswith("'=HYPERLINK") for cell in participants)


def test_copy_export_keeps_the_filter_and_order_of_the_queryset(tricky_events):
    filterset = EventFilterSet({"country": "RU", "ordering": "-date"}, queryset=tricky_events)
    assert filterset.is_valid(), filterset.errors
    queryset = filterset.qs
    assert queryset.query.order_by == ("-date_lo", "-pk")
    python_rows = python_export(exports.EVENT_COLUMNS, queryset)
    assert 1 < len(python_rows) < 8
    assert copy_export(exports.EVENT_COLUMNS, queryset) == python_rows


def test_copy_export_matches_on_the_demo_data():
    call_command("load_demo_data", stdout=io.StringIO())
    queryset = Event.objects.published()
    assert copy_export(exports.EVENT_COLUMNS, queryset) == python_export(exports.EVENT_COLUMNS, queryset)


def test_copy_export_starts_with_a_bom_and_supports_every_event_column_of_events_only():
    assert supports(exports.EVENT_COLUMNS, Event.objects.all())
    # A claim list has an "id" column too, but no SQL of the event columns fits it.
    assert not supports(exports.EVENT_COLUMNS[:1], Claim.objects.all())
    assert next(copy_csv_lines(exports.EVENT_COLUMNS, Event.objects.none())).startswith("\ufeffid,kind,title")


def test_a_report_of_events_is_written_by_copy_with_the_rows_and_count_of_the_python_writer(
    tricky_events, tmp_path
):
    table = tables.table("events.csv", exports.EVENT_COLUMNS, tricky_events.for_api())
    assert table.lines is not None
    written, progress = {}, []
    for path, variant in [("copy", table), ("python", dataclasses.replace(table, lines=None))]:
        with open(tmp_path / path, "wb") as raw:
            written[path] = files.write_table(raw, variant, partial(progress.append, path))

    def read(path):
        with open(tmp_path / path, encoding="utf-8-sig", newline="") as handle:
            return list(csv.reader(handle))

    assert read("copy") == read("python")
    # Six events; one has a line break inside a quoted cell, and is still one row.
    assert written["copy"].rows == written["python"].rows == 6
    assert progress.count("copy") == progress.count("python") == 6
