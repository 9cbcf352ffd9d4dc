"""Cells a spreadsheet may still read as a formula: blanks or invisible characters before the
sign, full-width and small signs, and the pipe. Neutralised alike by every CSV writer."""

import csv
import io

import pytest
from django.db import connection

from alliance_tracker import csvio
from events import exports
from events.copy_export import copy_csv_lines
from events.models import Event
from tests.api_helpers import build_world, read_csv

API = "/api/v1"

# Every blank or invisible character that may come before a sign, before "=" …
BEFORE_A_SIGN = [f"{character}=HYPERLINK(1)" for character in csvio.FORMULA_PREFIX]
LOOKALIKES = [
    *BEFORE_A_SIGN,
    # … a few in a row, and each sign and its look-alikes on its own.
    " \u200b\u00a0\n=1+1",
    *(f"{sign}cmd" for sign in csvio.FORMULA_SIGNS),
    "\u3000\uff1dSUM(A1)",
    "\u202e\ufe62A1",
]
HARMLESS = ["plain", " leading space", "\u00a0خليفة حفتر", "\u200f(note)", "a=b", "\u3000", "100%"]


def test_the_named_lookalikes_are_all_covered():
    for character in "\u0020\u00a0\u200b\n\u200f\u2060\ufeff\u202a\u202e\u2066\u2069\u061c\u3000":
        assert character in csvio.FORMULA_PREFIX
    for sign in "=+-@|＝＋－＠｜﹦﹢﹣﹫":
        assert sign in csvio.FORMULA_SIGNS


@pytest.mark.parametrize("text", LOOKALIKES)
def test_the_python_writer_neutralises_a_lookalike(text):
    assert csvio.safe_cell(text) == "'" + text
    line = "".join(csvio.csv_lines(["cell"], [[text]]))
    assert list(csv.reader(io.StringIO(line[1:])))[1] == ["'" + text]


@pytest.mark.parametrize("text", HARMLESS)
def test_the_python_writer_leaves_harmless_text_alone(text):
    assert csvio.safe_cell(text) == text


@pytest.mark.parametrize("number", [-1, -2.5, 0, 7])
def test_numbers_stay_numbers(number):
    assert csvio.safe_cell(number) == str(number)


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.django_db
@pytest.mark.parametrize("text", LOOKALIKES + HARMLESS)
def test_the_api_csv_neutralises_lookalikes_and_only_them(client, world, text):
    Event.objects.filter(pk=world.meeting.pk).update(title=text)
    rows = read_csv(client.get(f"{API}/events/?format=csv&kind=meeting"))
    expected = "'" + text if text in LOOKALIKES else text
    # A cell that is only blanks is the same cell whether or not the writer quoted it.
    assert rows[0]["title"] == expected


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY export exists on PostgreSQL only")
def test_the_copy_path_gives_the_cells_of_the_python_path_for_every_lookalike(world):
    event = Event.objects.published().get(pk=world.meeting.pk)
    texts = LOOKALIKES + HARMLESS
    columns = [column for column in exports.EVENT_COLUMNS if column.header in ("id", "title")]
    python_cells, copy_cells = [], []
    for text in texts:
        Event.objects.filter(pk=event.pk).update(title=text)
        queryset = Event.objects.filter(pk=event.pk)
        python_cells.append("".join(exports.csv_lines(columns, exports.stream(queryset.for_api()))))
        copy_cells.append("".join(copy_csv_lines(columns, queryset)))
    parsed = [list(csv.reader(io.StringIO(text[1:]))) for text in copy_cells]
    assert parsed == [list(csv.reader(io.StringIO(text[1:]))) for text in python_cells]
    assert [rows[1][1] for rows in parsed] == ["'" + t if t in LOOKALIKES else t for t in texts]
