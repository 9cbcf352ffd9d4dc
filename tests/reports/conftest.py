"""A small published world for report tests, built with the shared factories.

The presets are also tested on the demo data (test_presets_demo.py).
"""

import csv
import datetime
import io
import json
import zipfile
from types import SimpleNamespace

import pytest

from actors.choices import ActorKind, Language, OrganizationCategory
from events.choices import DatePrecision, EventKind, ParticipantRole, RecordStatus, Reliability, Stance
from tests.factories import (
    ActorFactory,
    ActorNameFactory,
    ClaimFactory,
    PlaceFactory,
    SourceFactory,
    TieFactory,
    published_event,
)


@pytest.fixture(autouse=True)
def _reports_in_a_temporary_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LINKCHECK_DELAY_SECONDS = 0


@pytest.fixture(autouse=True)
def _tasks_run_in_the_test_process(request):
    """Tasks run eagerly, as in the zero-set-up default, even where CI sets CELERY_BROKER_URL.

    Only the tests marked ``celery_worker`` send tasks to a real broker (they start the worker).
    """
    from alliance_tracker.celery import app as celery_app

    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


@pytest.fixture
def world(db):
    haftar = ActorFactory(name="Khalifa Haftar", slug="khalifa-haftar", country="LY")
    ActorNameFactory(actor=haftar, name="خليفة حفتر", language=Language.ARABIC)
    ActorNameFactory(actor=haftar, name="Khalifa Haftar", language=Language.ENGLISH)
    putin = ActorFactory(name="Vladimir Putin", slug="vladimir-putin", country="RU")
    shoigu = ActorFactory(name="Sergei Shoigu", slug="sergei-shoigu", country="RU")
    saddam = ActorFactory(name="Saddam Haftar", slug="saddam-haftar", country="LY")
    belarus = ActorFactory(name="Belarus", slug="belarus", kind=ActorKind.STATE, country="BY")
    lna = ActorFactory(
        name="Libyan National Army",
        slug="lna",
        kind=ActorKind.ORGANIZATION,
        category=OrganizationCategory.ARMED_FORCE,
        country="LY",
    )
    hidden = ActorFactory(name="Only In Drafts", slug="only-in-drafts")
    article = SourceFactory(
        title="حفتر في موسكو",
        publisher="",
        reliability=Reliability.C,
        url="https://example.org/haftar-moscow",
        language=Language.ARABIC,
    )
    kremlin = SourceFactory(
        title="Kremlin readout",
        publisher="Kremlin press office",
        reliability=Reliability.B,
        url="https://example.org/kremlin",
    )
    unused = SourceFactory(title="Draft-only source", publisher="Nobody")
    base = PlaceFactory(
        name="Tamanhint Air Base",
        slug="tamanhint",
        kind="base",
        country="LY",
        latitude="27.24000",
        longitude="14.65000",
        coordinate_precision="local",
    )

    meeting_2023 = published_event(
        kind=EventKind.MEETING,
        title="Haftar meets Putin (2023)",
        participants=[(haftar, ParticipantRole.VISITOR), (putin, ParticipantRole.HOST)],
        claims=[{"source": article, "quote": '=HYPERLINK("x")', "quote_language": Language.ARABIC}],
        start_date=datetime.date(2023, 9, 1),
        start_precision=DatePrecision.MONTH,
    )
    meeting_2025 = published_event(
        kind=EventKind.MEETING,
        title="Haftar meets Putin at the Kremlin",
        participants=[(haftar, ParticipantRole.VISITOR), (putin, ParticipantRole.HOST)],
        claims=[{"source": article, "quote": "التقى حفتر بوتين", "quote_language": Language.ARABIC}],
        start_date=datetime.date(2025, 5, 10),
        end_date=datetime.date(2025, 5, 11),
        date_uncertain=True,
    )
    ClaimFactory(
        event=meeting_2025, source=kremlin, quote="Putin met Haftar", stance=Stance.CONFIRMS, speaker=None
    )
    meeting_shoigu = published_event(
        kind=EventKind.MEETING,
        title="Haftar meets Shoigu",
        participants=[(haftar, ParticipantRole.VISITOR), (shoigu, ParticipantRole.HOST)],
        claims=[{"source": article, "quote": "التقى حفتر شويغو", "quote_language": Language.ARABIC}],
        start_date=datetime.date(2025, 5, 9),
    )
    draft_meeting = published_event(
        kind=EventKind.MEETING,
        title="Secret draft meeting",
        participants=[
            (haftar, ParticipantRole.VISITOR),
            (putin, ParticipantRole.HOST),
            (hidden, ParticipantRole.ATTENDEE),
        ],
        claims=[{"source": unused, "quote": "draft quote", "quote_language": Language.ARABIC}],
        status=RecordStatus.DRAFT,
        start_date=datetime.date(2025, 1, 5),
    )
    deployment = published_event(
        kind=EventKind.DEPLOYMENT,
        title="Belarusian trainers at Tamanhint",
        participants=[(belarus, ParticipantRole.DEPLOYING), (lna, ParticipantRole.HOSTING)],
        claims=[{"source": article, "quote": "مدربون بيلاروس", "quote_language": Language.ARABIC}],
        start_date=datetime.date(2025, 5, 1),
        start_precision=DatePrecision.MONTH,
        place=base,
        deployment_personnel=["trainers"],
        deployment_size_min=20,
        deployment_size_max=40,
    )
    draft_deployment = published_event(
        kind=EventKind.DEPLOYMENT,
        title="Draft deployment",
        participants=[(belarus, ParticipantRole.DEPLOYING)],
        claims=[{"source": unused, "quote": "draft", "quote_language": Language.ARABIC}],
        status=RecordStatus.DRAFT,
        start_date=datetime.date(2025, 6, 1),
        deployment_personnel=["troops"],
    )
    son = TieFactory(subject=saddam, object=haftar, kind="child_of", status=RecordStatus.PUBLISHED)
    ClaimFactory(tie=son, event=None, source=article, quote="صدام حفتر نجل خليفة حفتر")
    draft_tie = TieFactory(subject=hidden, object=haftar, kind="member_of", status=RecordStatus.DRAFT)
    ClaimFactory(tie=draft_tie, event=None, source=unused, quote="draft tie quote")
    return SimpleNamespace(**locals())


def csv_rows(data):
    """Rows of CSV bytes, checking the BOM that Excel needs is there."""
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def read_report(report):
    """``{file name: rows}`` of a finished report (a CSV, or a zip with metadata.json)."""
    with report.file.open("rb") as handle:
        data = handle.read()
    if report.file.name.endswith(".csv"):
        return {report.filename: csv_rows(data)}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    files = {name: csv_rows(body) for name, body in contents.items() if name.endswith(".csv")}
    files["metadata.json"] = json.loads(contents["metadata.json"])
    files["raw"] = contents
    return files
