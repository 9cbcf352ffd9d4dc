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
from events.models import Claim, Event, EventLink, Provision, Stage
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
    russia_state = ActorFactory(
        name="=Russian Federation", slug="russian-federation", kind="state", country="RU"
    )
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
        agreement_type="memorandum",
        agreement_subjects=["training", "military_cooperation", "logistics"],
        agreement_scope="logistics, training",
    )
    vote = published_event(
        kind="decision",
        title="=vote",
        start_date=datetime.date(2025, 2, 1),
        participants=[(kremlin, "deciding_body")],
        decision_type="ratification",
        decision_outcome="adopted",
        votes_for=300,
        votes_abstaining=0,
    )
    Stage.objects.create(
        agreement=agreement, stage="signed", date=datetime.date(2025, 1, 1), date_precision="year"
    )
    Stage.objects.create(agreement=agreement, stage="in_force", date=datetime.date(2025, 2, 1), act=vote)
    Stage.objects.create(
        agreement=agreement, stage="ratified", date=datetime.date(2025, 2, 1), responsible=kremlin
    )
    Provision.objects.create(agreement=agreement, obligation="defence")
    Provision.objects.create(agreement=agreement, obligation="training", party=haftar)
    published_event(
        kind="operation",
        title="Operation",
        start_date=datetime.date(2025, 4, 1),
        ongoing=True,
        place=place,
        participants=[(russia_state, "attacker")],
        operation_type="air_campaign",
    )
    transfer = published_event(
        kind="transfer",
        title="Transfer",
        start_date=datetime.date(2025, 4, 2),
        participants=[(russia_state, "supplier"), (haftar, "recipient")],
        transfer_item_category="air_defence",
        transfer_item="+Pantsir-S1",
        transfer_status="delivered",
        transfer_quantity_max=6,
    )
    Event.objects.filter(pk=transfer.pk).update(
        plover_event_type="AID",
        plover_mode="military",
        cameo_code="072",
        acled_event_type="Strategic developments",
        acled_sub_event_type="=Other",
    )
    published_event(
        kind="statement",
        title="Statement",
        start_date=datetime.date(2025, 4, 3),
        participants=[(putin, "speaker")],
        statement_stance="support",
    )
    draft_parent = EventFactory(kind="visit", status="draft", start_date=datetime.date(2025, 3, 1))
    published_event(
        kind="deployment",
        title="Deployment",
        start_date=datetime.date(2025, 3, 2),
        parent=None,
        deployment_personnel=["trainers", "advisers", "pilots"],
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
    assert len(python_rows) == 11
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
    assert 1 < len(python_rows) < 11
    assert copy_export(exports.EVENT_COLUMNS, queryset) == python_rows


@pytest.mark.parametrize(
    "params",
    [
        {"stage_on": "2025-03-01", "stage": "in_force"},
        {"personnel_kind": "advisers", "size_min": "20"},
        {"ongoing": "true"},
        {"supplier": "russian-federation"},
    ],
)
def test_copy_export_keeps_the_new_filters(tricky_events, params):
    filterset = EventFilterSet(params, queryset=tricky_events)
    assert filterset.is_valid(), filterset.errors
    python_rows = python_export(exports.EVENT_COLUMNS, filterset.qs)
    assert len(python_rows) == 2
    assert copy_export(exports.EVENT_COLUMNS, filterset.qs) == python_rows


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
    # Ten events; one has a line break inside a quoted cell, and is still one row.
    assert written["copy"].rows == written["python"].rows == 10
    assert progress.count("copy") == progress.count("python") == 10
