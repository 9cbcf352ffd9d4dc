"""``?as_known_on=``: the answer the public API gave at a moment, after edits, reviews,
retractions, deleted claims, renamed actors and merges (issue 14, events.temporal).

The test records, at each of several moments, what a full download answered (every list page,
details, the CSV on the path the database takes), then asks again with ``as_known_on`` once
everything has changed, and expects exactly the same answers.
"""

import csv
import datetime
import io
import time
from unittest import mock
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actors.choices import Language, NameKind
from events import revisions, temporal
from events.choices import RecordStatus
from events.merging import merge_actors
from events.models import Claim
from events.services import change_status
from reports.choices import ReportKind, ReportStatus
from reports.models import Report
from reports.services import run_report
from tests.api_helpers import all_results
from tests.conftest import member_of
from tests.factories import (
    ActorFactory,
    ActorNameFactory,
    ClaimFactory,
    ParticipantFactory,
    SourceFactory,
    TieFactory,
    published_event,
)
from tests.reports.conftest import read_report

API = "/api/v1"
LISTS = ["events", "meetings", "ties", "actors", "claims", "sources", "places"]


def download(client, moment=None):
    """Every list in full (following the cursor or the page links), some details, and the CSV."""
    suffix = f"&as_known_on={quote(moment.isoformat())}" if moment else ""
    answer = {}
    for name in LISTS:
        answer[name] = all_results(client, f"{API}/{name}/?page_size=2{suffix}")
    for record in answer["events"]:
        response = client.get(f"{API}/events/{record['id']}/?{suffix}")
        assert response.status_code == 200, response.content[:300]
        answer[f"event {record['id']}"] = response.json()
    for record in answer["actors"]:
        response = client.get(f"{API}/actors/{record['id']}/?{suffix}")
        assert response.status_code == 200, response.content[:300]
        answer[f"actor {record['id']}"] = response.json()
    for name in ("events", "ties", "actors"):
        answer[f"{name}.csv"] = csv_text(client, f"{API}/{name}/?format=csv{suffix}")
    # On PostgreSQL the events' CSV above is written by COPY; this one by the Python path.
    with mock.patch("events.copy_export.supports", return_value=False):
        answer["events.csv (Python)"] = csv_text(client, f"{API}/events/?format=csv{suffix}")
    return answer


def csv_text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


def now_and_later():
    """The moment just after what was written, before anything written next."""
    moment = timezone.now()
    time.sleep(0.002)
    return moment


@pytest.fixture
def story(db):
    editor = member_of("Editors", "editor")
    reviewer = member_of("Reviewers", "reviewer")
    haftar = ActorFactory(name="Khalifa Haftar", slug="khalifa-haftar", country="LY")
    russia = ActorFactory(name="Russia", slug="russia", kind="state", country="RU")
    duplicate = ActorFactory(name="K. Haftar", slug="k-haftar", country="LY")
    name = ActorNameFactory(
        actor=russia, name="Russian Federation", language=Language.ENGLISH, kind=NameKind.OFFICIAL
    )
    visit = published_event(
        title="Haftar meets Putin",
        participants=[(haftar, "attendee"), (russia, "attendee")],
    )
    second = published_event(title="Haftar in Benghazi", participants=[(duplicate, "attendee")])
    extra_claim = ClaimFactory(
        event=second, quote="A second quote", source=SourceFactory(title="Second report")
    )
    tie = TieFactory(subject=haftar, object=russia, kind="member_of", status=RecordStatus.PUBLISHED)
    ClaimFactory(event=None, tie=tie, quote="Allies, says the report")
    return locals()


def test_as_known_on_answers_what_a_download_answered_then(client, story, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    editor, reviewer = story["editor"], story["reviewer"]
    visit, second = story["visit"], story["second"]
    seen = {}

    seen["published"] = (now_and_later(), download(client))

    # A change to a published record waits for review: not public until approved.
    state = revisions.record_state(visit)
    state["fields"]["title"] = "Haftar meets Putin in Moscow"
    revision = revisions.propose(visit, state, editor, "Where they met")
    # Edits applied directly: a claim deleted, an actor's name changed.
    Claim.objects.get(pk=story["extra_claim"].pk).delete()
    name = story["name"]
    name.name = "The Russian Federation"
    name.save()
    seen["pending"] = (now_and_later(), download(client))

    revisions.approve(revision, reviewer)
    change_status(second, RecordStatus.RETRACTED, reviewer)
    merge_actors(story["duplicate"], story["haftar"], user=editor)
    seen["reviewed"] = (now_and_later(), download(client))

    second.refresh_from_db()
    change_status(second, RecordStatus.DRAFT, reviewer)
    ParticipantFactory(event=second, actor=story["russia"], role="attendee")
    change_status(second, RecordStatus.PUBLISHED, reviewer)
    seen["republished"] = (now_and_later(), download(client))

    # Each moment differs from the others, so that reading the present would fail.
    answers = [answer for _, answer in seen.values()]
    assert all(a != b for i, a in enumerate(answers) for b in answers[i + 1 :])
    for label, (moment, answer) in seen.items():
        assert download(client, moment) == answer, label
        # A report built in the background, asked as at that moment, holds the same rows.
        report = Report.objects.create(
            kind=ReportKind.EXPORT, endpoint="events", filters={"as_known_on": moment.isoformat()}
        )
        report = run_report(report.pk)
        assert report.status == ReportStatus.DONE, report.error
        (rows,) = read_report(report).values()
        assert rows == list(csv.DictReader(io.StringIO(answer["events.csv"][1:]))), label
        assert report.metadata["as_known_on"] == moment.isoformat()


def test_the_response_says_which_moment_it_answers_for(client, story):
    moment = now_and_later()
    response = client.get(f"{API}/events/", {"as_known_on": moment.isoformat()})
    assert response.status_code == 200
    assert response.json()["as_known_on"] == moment.isoformat()
    assert response["As-Known-On"] == moment.isoformat()
    assert "Memento-Datetime" in response

    detail = client.get(f"{API}/events/{story['visit'].pk}/", {"as_known_on": moment.isoformat()})
    assert detail["As-Known-On"] == moment.isoformat()
    assert "as_known_on" not in detail.json()

    csv = client.get(f"{API}/events/", {"as_known_on": moment.isoformat(), "format": "csv"})
    assert csv["As-Known-On"] == moment.isoformat()

    present = client.get(f"{API}/events/")
    assert "as_known_on" not in present.json() and "As-Known-On" not in present


def test_a_record_created_later_is_not_found_then(client, story):
    moment = now_and_later()
    later = published_event(title="Later event")
    assert client.get(f"{API}/events/{later.pk}/", {"as_known_on": moment.isoformat()}).status_code == 404
    assert client.get(f"{API}/events/{later.pk}/").status_code == 200


@pytest.mark.parametrize(
    "value, words",
    [
        ("yesterday", "Not a date and time"),
        ("2026-13-01T00:00:00Z", "Not a date and time"),
        ("2026-01-01", "Not a date and time"),
        ("2026-01-01T00:00:00\x00", "NUL character"),
        ("9" * 300, "Not a date and time"),
        ("2999-01-01T00:00:00Z", "in the future"),
        ("2001-01-01T00:00:00Z", "history of the record begins at"),
    ],
)
def test_a_moment_that_cannot_be_answered_for_is_a_400_naming_it(client, db, value, words):
    for url in (f"{API}/events/", f"{API}/actors/1/", f"{API}/ties/"):
        response = client.get(url, {"as_known_on": value})
        assert response.status_code == 400, (url, value)
        assert words in response.json()["as_known_on"][0]


def test_a_plus_left_unencoded_is_read_as_one(client, story):
    moment = now_and_later()
    response = client.get(f"{API}/events/?as_known_on={moment.isoformat()}")
    assert response.status_code == 200
    assert response.json()["as_known_on"] == moment.isoformat()


def test_a_moment_without_an_offset_is_utc(client, story):
    moment = now_and_later().astimezone(datetime.UTC)
    naive = moment.replace(tzinfo=None).isoformat()
    response = client.get(f"{API}/events/", {"as_known_on": naive})
    assert response.status_code == 200
    assert response.json()["as_known_on"] == moment.isoformat()


def test_query_count_of_a_page_does_not_grow_with_its_size(client, story):
    for number in range(6):
        published_event(title=f"Event {number}")
    moment = now_and_later().isoformat()

    def queries(size):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{API}/events/", {"as_known_on": moment, "page_size": size}).status_code == 200
        return len(captured)

    assert queries(2) == queries(8)


def test_writes_are_never_rewritten(db):
    with temporal.known_on(timezone.now()):
        assert (
            temporal.rewrite('UPDATE "events_event" SET "title" = %s')
            == 'UPDATE "events_event" SET "title" = %s'
        )
        read = temporal.rewrite(
            'SELECT "events_event"."id" FROM "events_event" WHERE "events_event"."id" = %s'
        )
    assert '"events_historicalevent" known' in read
    assert read.endswith('"events_event" WHERE "events_event"."id" = %s')
    assert temporal.rewrite('SELECT 1 FROM "events_event"') == 'SELECT 1 FROM "events_event"'


def test_a_report_asked_for_a_moment_that_cannot_be_answered_for_is_refused(db):
    from django.core.exceptions import ValidationError

    from reports.plans import validate_export

    with pytest.raises(ValidationError, match=r"as_known_on: .*in the future"):
        validate_export("events", {"as_known_on": "2999-01-01T00:00:00Z"}, None)
