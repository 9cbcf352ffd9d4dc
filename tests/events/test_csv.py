"""CSV answers and the export columns: whole results, Arabic intact, no formulas, same rows as JSON."""

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest

from actors.models import Actor
from events import exports
from events.choices import EventKind
from events.models import Claim, Event, Place, Source, Tie
from tests.api_helpers import (
    LIST_ENDPOINTS,
    all_results,
    build_world,
    populate,
    read_csv,
    results,
)
from tests.factories import published_event

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def world(db):
    return build_world()


def test_format_csv_answers_csv_with_a_bom_and_a_file_name(client, world):
    response = client.get(f"{API}/events/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="events.csv"'
    assert response.streaming
    assert b"".join(response.streaming_content).startswith("\ufeff".encode())


def test_accept_text_csv_answers_csv_too(client, world):
    response = client.get(f"{API}/meetings/", headers={"Accept": "text/csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert [row["title"] for row in read_csv(response)] == ["Haftar meets Putin"]


def test_arabic_survives_the_round_trip(client, world):
    rows = read_csv(client.get(f"{API}/meetings/?format=csv"))
    assert rows[0]["title_ar"] == "حفتر يلتقي بوتين"
    assert "«التقى المشير خليفة حفتر الرئيس الروسي»" in rows[0]["quotes"]
    claims = read_csv(client.get(f"{API}/claims/?format=csv&quote_language=ar"))
    assert [row["quote"] for row in claims] == ["التقى المشير خليفة حفتر الرئيس الروسي"]


def test_formula_cells_are_neutralised(client, world):
    # The source's title starts with "=": a spreadsheet would run it.
    rows = read_csv(client.get(f"{API}/sources/?format=csv"))
    titles = [row["title"] for row in rows]
    assert '\'=HYPERLINK("x") article' in titles
    assert not any(title.startswith(("=", "+", "-", "@")) for title in titles)


@pytest.mark.parametrize("text", ["+7 495 000", "-1 fact", "@SUM(A1)", "\tTAB", "\rCR", '=cmd|"/c calc"!A1'])
def test_every_dangerous_start_is_neutralised(client, world, text):
    Event.objects.filter(pk=world.meeting.pk).update(title=text)
    row = read_csv(client.get(f"{API}/events/?format=csv&kind=meeting"))[0]
    assert row["title"] == "'" + text


def test_participants_and_claims_are_joined_readably(client, world):
    row = read_csv(client.get(f"{API}/meetings/?format=csv"))[0]
    assert row["participants"] == "Khalifa Haftar (attendee); Vladimir Putin (host)"
    assert row["participant_ids"] == f"{world.haftar.pk}; {world.putin.pk}"
    assert row["place"] == "Moscow"
    assert row["place_country"] == "RU"
    assert row["parent_id"] == str(world.visit.pk)
    assert row["claims"] == "2"
    assert f"[{world.source.pk}] Arab News: =HYPERLINK" in row["sources"]


@pytest.mark.parametrize("endpoint", LIST_ENDPOINTS)
def test_the_csv_has_the_records_of_every_json_page(client, endpoint):
    populate(3)
    records = all_results(client, f"{API}/{endpoint}/?page_size=2")
    assert len(records) >= 3
    rows = read_csv(client.get(f"{API}/{endpoint}/?format=csv"))
    assert [row["id"] for row in rows] == [str(record["id"]) for record in records]


def test_the_csv_holds_the_whole_result_not_one_page(client, db):
    for n in range(55):
        published_event(kind=EventKind.MEETING, title=f"Meeting {n}")
    page = client.get(f"{API}/events/?page_size=10")
    assert len(results(page)) == 10
    cursor = parse_qs(urlsplit(page.json()["next"]).query)["cursor"][0]
    rows = read_csv(client.get(f"{API}/events/", {"format": "csv", "page_size": 10, "cursor": cursor}))
    assert len(rows) == 55


def test_the_csv_is_filtered_like_the_json(client, world):
    rows = read_csv(client.get(f"{API}/events/?format=csv&actor=vladimir-putin"))
    assert [row["id"] for row in rows] == [str(world.meeting.pk)]


def test_a_detail_answers_one_csv_row(client, world):
    rows = read_csv(client.get(f"{API}/events/{world.meeting.pk}/?format=csv"))
    assert [row["id"] for row in rows] == [str(world.meeting.pk)]


def test_a_bad_filter_asked_for_as_csv_is_a_json_error(client, world):
    response = client.get(f"{API}/events/?format=csv&kind=picnic")
    assert response.status_code == 400
    assert response.json() == {"kind": ["Select a valid choice. picnic is not one of the available choices."]}


def test_the_withdrawn_feed_answers_csv(client, world):
    rows = read_csv(client.get(f"{API}/withdrawn/?format=csv"))
    assert [(row["type"], row["id"]) for row in rows] == [("event", str(world.hidden.retracted_event.pk))]


def test_pandas_reads_the_csv_when_installed(client, world):
    pandas = pytest.importorskip("pandas")
    body = b"".join(client.get(f"{API}/meetings/?format=csv").streaming_content)
    frame = pandas.read_csv(io.BytesIO(body), encoding="utf-8-sig")
    assert frame.loc[0, "title_ar"] == "حفتر يلتقي بوتين"


class TestExportColumns:
    """The column lists that background reports reuse, written without the API."""

    @pytest.mark.parametrize(
        ("columns", "queryset"),
        [
            (exports.EVENT_COLUMNS, lambda: Event.objects.published().for_api()),
            (exports.VISIT_COLUMNS, lambda: Event.objects.published().filter(kind="visit").for_api()),
            (exports.TIE_COLUMNS, lambda: Tie.objects.published().for_api()),
            (exports.CLAIM_COLUMNS, lambda: Claim.objects.public().for_api()),
            (exports.SOURCE_COLUMNS, lambda: Source.objects.public().for_api()),
            (exports.PLACE_COLUMNS, lambda: Place.objects.public().for_api()),
            (exports.ACTOR_COLUMNS, lambda: Actor.objects.public().for_api()),
        ],
    )
    def test_write_csv_writes_a_header_and_one_row_per_record(self, world, columns, queryset):
        file = io.StringIO(newline="")
        written = exports.write_csv(file, columns, exports.stream(queryset()))
        file.seek(0)
        assert file.read(1) == "\ufeff"
        table = list(csv.reader(file))
        assert table[0] == exports.header(columns)
        assert len(table) - 1 == written == queryset().count()

    def test_event_rows_keep_a_fixed_number_of_queries(self, django_assert_num_queries):
        populate(5)
        # One query for the events and one per prefetch: participants, stages, provisions,
        # claims, the speakers' offices, links out and in.
        with django_assert_num_queries(8):
            rows = list(exports.event_rows(Event.objects.published().for_api()))
        assert len(rows) == 40

    def test_kind_columns_leave_out_other_kinds_details(self):
        headers = exports.header(exports.AGREEMENT_COLUMNS)
        assert "agreement_stage" in headers
        assert "deployment_personnel" not in headers
        assert {"stages", "provisions", "agreement_subjects"} <= set(headers)
        assert "ongoing" not in headers
        assert "visit_occasion" not in headers
