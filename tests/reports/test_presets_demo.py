"""Each preset on the demo data (the seed article), with the rows it must contain.

A draft meeting between Khalifa Haftar and Vladimir Putin is added beside the demo data; no
preset may show it. The demo's own draft (Saddam Haftar "son of" Khalifa Haftar, which the
article does not support) must stay out too.
"""

import datetime

import pytest
from django.db import transaction

from actors.models import Actor
from events.choices import EventKind, ParticipantRole, RecordStatus
from events.demo import seed_story
from events.models import Claim, Source
from reports import services
from reports.choices import ReportKind, ReportStatus
from reports.models import Report
from tests.demo import restore
from tests.factories import ClaimFactory, EventFactory, ParticipantFactory
from tests.reports.conftest import read_report

ARTICLE = seed_story.SOURCES[0]["title"]
DRAFT_TITLE = "Draft: an unconfirmed third Haftar–Putin meeting"


@pytest.fixture(scope="module")
def demo(demo_rows, django_db_blocker):
    """The demo data, put back once for the module and rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        restore(demo_rows)
        draft = EventFactory(
            kind=EventKind.MEETING,
            title=DRAFT_TITLE,
            status=RecordStatus.DRAFT,
            start_date=datetime.date(2024, 2, 1),
        )
        for slug in ("khalifa-haftar", "vladimir-putin"):
            ParticipantFactory(event=draft, actor=Actor.objects.get(slug=slug), role=ParticipantRole.PARTY)
        ClaimFactory(event=draft, source=Source.objects.get(title=ARTICLE), quote="مسودة")
        yield
        transaction.set_rollback(True)


def run_preset(preset, **filters):
    report = Report.objects.create(kind=ReportKind.PRESET, preset=preset, filters=filters)
    report = services.run_report(report.pk)
    assert report.status == ReportStatus.DONE, report.error
    return read_report(report)


@pytest.fixture
def demo_db(demo, db):
    """Each test in a savepoint of the module's transaction."""


def titles(rows):
    return {row["title"] for row in rows}


def test_the_actor_dossier_of_khalifa_haftar(demo_db):
    files = run_preset("actor_dossier", actor="khalifa-haftar")
    assert [row["name"] for row in files["actor.csv"]] == ["Khalifa Haftar"]
    seed_names = next(actor["names"] for actor in seed_story.ACTORS if actor["slug"] == "khalifa-haftar")
    assert {(row["name"], row["language"]) for row in files["names.csv"]} >= {
        (name, language) for name, language, _kind in seed_names
    }
    assert {(row["subject"], row["kind"], row["object"]) for row in files["ties.csv"]} == {
        ("Khalifa Haftar", "commands", "Libyan National Army"),
        ("Khaled Haftar", "child_of", "Khalifa Haftar"),
    }
    assert titles(files["events.csv"]) == {
        "Andrei Belousov praises Khalifa Haftar's role in regional stability",
        "Khalifa Haftar's official visit to Moscow",
        "Khalifa Haftar meets Sergei Shoigu",
        "Khalifa Haftar attends the Victory Day parade on Red Square",
        "Khalifa Haftar meets Andrei Belousov",
        "Khalifa Haftar meets Vladimir Putin at the Kremlin",
        "Khalifa Haftar meets Vladimir Putin (September 2023)",
    }
    # Every claim of those events and ties, quoting the article in Arabic.
    claim_ids = {int(row["id"]) for row in files["claims.csv"]}
    expected = (
        Claim.objects.public()
        .filter(event__participants__actor__slug="khalifa-haftar")
        .values_list("pk", flat=True)
    )
    tie_claims = (
        Claim.objects.public()
        .filter(
            tie__in=[
                *Actor.objects.get(slug="khalifa-haftar").ties_out.all(),
                *Actor.objects.get(slug="khalifa-haftar").ties_in.all(),
            ]
        )
        .values_list("pk", flat=True)
    )
    assert claim_ids == set(expected) | set(tie_claims)
    assert {row["source_title"] for row in files["claims.csv"]} == {ARTICLE}
    assert "مسودة" not in {row["quote"] for row in files["claims.csv"]}


def test_the_pair_timeline_of_khalifa_haftar_and_vladimir_putin(demo_db):
    files = run_preset("pair_timeline", actors=["khalifa-haftar", "vladimir-putin"])
    assert [row["title"] for row in files["events.csv"]] == [
        "Khalifa Haftar meets Vladimir Putin (September 2023)",
        "Khalifa Haftar meets Vladimir Putin at the Kremlin",
    ]
    meetings = {
        row["quarter"]: int(row["events"]) for row in files["quarters.csv"] if row["kind"] == "meeting"
    }
    assert meetings["2023-Q3"] == 1
    assert meetings["2025-Q2"] == 1
    # The draft meeting of February 2024 is not counted.
    assert meetings["2024-Q1"] == 0
    assert sum(meetings.values()) == 2
    # Eight quarters, 2023-Q3 to 2025-Q2, by every kind of event.
    assert len(files["quarters.csv"]) == 8 * len(EventKind)


def test_the_source_audit_of_the_demo_article(demo_db):
    files = run_preset("source_audit")
    (article,) = files["sources.csv"]
    assert (article["title"], article["reliability"], article["publisher"]) == (ARTICLE, "F", "")
    published_claims = Claim.objects.public()
    assert int(article["public_claims"]) == published_claims.count() == len(files["claims.csv"])
    assert int(article["events_supported"]) == len(seed_story.EVENTS)
    published_ties = [tie for tie in seed_story.TIES if tie.get("status", "published") == "published"]
    assert int(article["ties_supported"]) == len(published_ties)
    assert DRAFT_TITLE not in article["records_supported"]
    assert "Khalifa Haftar meets Andrei Belousov" in article["records_supported"]


def test_the_deployments_register(demo_db):
    (rows,) = [rows for name, rows in run_preset("deployments_register").items()]
    by_title = {row["title"]: row for row in rows}
    # The equipment shipments are a transfer now, not a deployment.
    assert set(by_title) == {"Belarusian trainers at Tamanhint Air Base"}
    trainers = by_title["Belarusian trainers at Tamanhint Air Base"]
    assert (trainers["place"], trainers["latitude"], trainers["longitude"]) == (
        "Tamanhint Air Base",
        "27.24000",
        "14.65000",
    )
    assert (trainers["deployment_personnel"], trainers["start"], trainers["start_precision"]) == (
        "trainers",
        "2025",
        "year",
    )
    assert ARTICLE in trainers["sources"]


def test_the_snapshot_holds_the_published_demo_data_only(demo_db):
    report = services.build_snapshot()
    files = read_report(report)
    assert len(files["events.csv"]) == len(seed_story.EVENTS)
    assert DRAFT_TITLE not in titles(files["events.csv"])
    assert ("Saddam Haftar", "child_of") not in {(row["subject"], row["kind"]) for row in files["ties.csv"]}
    assert [row["title"] for row in files["sources.csv"]] == [ARTICLE]
