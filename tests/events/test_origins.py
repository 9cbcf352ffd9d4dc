"""Independence over copy chains (``Source.derived_from``) and official confirmation through office."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actors.choices import ActorKind, OrganizationCategory
from events import exports
from events.choices import EventKind, RecordStatus, Stance
from events.copy_export import copy_csv_lines
from events.history import edits
from events.merging import MergeRefused, merge_sources
from events.models import Event, Source
from events.selectors import summary
from tests.events.test_admin import changeform_data
from tests.factories import ActorFactory, ClaimFactory, SourceFactory, TieFactory, published_event

pytestmark = pytest.mark.django_db

API = "/api/v1"
ARTICLE_DAY = datetime.date(2025, 5, 11)
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY export exists on PostgreSQL only"
)


def relay_of(source, **fields):
    return SourceFactory(derived_from=source, derivation="relays", **fields)


def corroboration(client, event):
    response = client.get(f"{API}/events/{event.pk}/")
    assert response.status_code == 200
    return response.json()["corroboration"]


def python_rows(events=None):
    events = events if events is not None else Event.objects.published()
    lines = exports.csv_lines(exports.EVENT_COLUMNS, exports.stream(events.for_api()))
    return list(csv.DictReader(io.StringIO("".join(lines).removeprefix("\ufeff"))))


def copy_rows(events=None):
    events = events if events is not None else Event.objects.published()
    return list(
        csv.DictReader(
            io.StringIO("".join(copy_csv_lines(exports.EVENT_COLUMNS, events)).removeprefix("\ufeff"))
        )
    )


SUMMARY_CELLS = ("independent_sources", "origins", "official_confirmation", "denials", "disputed")


def cells(row):
    return {name: row[name] for name in SUMMARY_CELLS}


# ---------------------------------------------------------------------------- the deployment story


@pytest.fixture
def deployment():
    """A monitor's report of a deployment; an outlet relaying it; a denial by the sending state."""
    russia = ActorFactory(name="Russia", kind=ActorKind.STATE, country="RU")
    monitor = SourceFactory(
        title="Foreign fighters in Libya", publisher="Syrian Observatory", reliability="B"
    )
    outlet = relay_of(
        monitor, title="Monitor: thousands of fighters", publisher="Libya Review", reliability="C"
    )
    government = SourceFactory(title="Statement", publisher="TASS", reliability="C")
    event = published_event(
        kind=EventKind.DEPLOYMENT,
        title="Fighters sent to Libya",
        deployment_personnel=["contractors"],
        claims=[
            {"source": monitor, "quote": "between 1,000 and 3,000 fighters"},
            {"source": outlet, "quote": "some 2,000 fighters, the monitor said"},
            {"source": government, "speaker": russia, "stance": Stance.DENIES, "quote": "no Russian forces"},
        ],
    )
    return event


def test_two_outlets_relaying_one_monitor_are_one_origin(client, deployment):
    result = corroboration(client, deployment)

    assert result["independent_sources"] == 1
    assert result["origins"] == ["publisher: Syrian Observatory"]
    assert (result["denials"], result["disputed"]) == (1, True)
    # The denial is official, but official confirmation is of supporting claims only.
    assert (result["official_confirmation"], result["official_bodies"]) == (False, [])


def test_a_relay_of_a_relay_still_comes_from_the_monitor(client, deployment):
    outlet = Source.objects.get(publisher="Libya Review")
    ClaimFactory(event=deployment, source=relay_of(outlet, publisher="Another Paper"), quote="2,000")

    assert Source.objects.get(publisher="Another Paper").origin.publisher == "Syrian Observatory"
    assert corroboration(client, deployment)["independent_sources"] == 1


def test_an_independent_report_is_a_second_origin(client, deployment):
    ClaimFactory(event=deployment, source=SourceFactory(publisher="Africa Intelligence"), quote="2,500")

    result = corroboration(client, deployment)
    assert result["independent_sources"] == 2
    assert result["origins"] == ["publisher: Africa Intelligence", "publisher: Syrian Observatory"]


def test_without_the_derivation_the_relay_counts_as_an_origin_of_its_own(client, deployment):
    outlet = Source.objects.get(publisher="Libya Review")
    outlet.derived_from, outlet.derivation = None, ""
    outlet.save()

    assert corroboration(client, deployment)["independent_sources"] == 2


def test_the_csv_shows_the_count_and_the_origins(client, deployment):
    ClaimFactory(event=deployment, source=SourceFactory(publisher="", title="Leaflet"), quote="2,500")
    leaflet = Source.objects.get(title="Leaflet")

    [row] = python_rows()
    assert row["independent_sources"] == "2"
    assert row["origins"] == f"publisher: Syrian Observatory; source: [{leaflet.pk}] Leaflet"
    assert row["disputed"] == "true"


@on_postgresql
def test_both_csv_paths_give_the_same_origin_cells(deployment):
    # A second spelling of one publisher, an unnamed publisher, a speaker: one label each.
    ClaimFactory(event=deployment, source=SourceFactory(publisher="syrian observatory"), quote="x")
    ClaimFactory(event=deployment, source=SourceFactory(publisher="", title="=Leaflet"), quote="y")
    ClaimFactory(event=deployment, speaker=ActorFactory(name="Zed"), quote="z")

    python, database = python_rows(), copy_rows()
    assert [cells(row) for row in database] == [cells(row) for row in python]
    assert python[0]["independent_sources"] == "3"
    assert python[0]["origins"].startswith("actor: Zed; publisher: Syrian Observatory; source: [")


# ---------------------------------------------------------------------------- the chain is kept


def test_a_change_of_derivation_reaches_the_sources_derived_from_it():
    monitor, other = SourceFactory(publisher="Monitor"), SourceFactory(publisher="Other monitor")
    relay = relay_of(monitor)
    relay_of_relay = relay_of(relay)
    assert relay_of_relay.origin_source == monitor

    monitor.derived_from, monitor.derivation = other, "translates"
    monitor.save()
    relay_of_relay.refresh_from_db()
    assert relay_of_relay.origin_source == other

    relay.derived_from, relay.derivation = None, ""
    relay.save()
    relay_of_relay.refresh_from_db()
    assert relay_of_relay.origin_source == relay
    relay.refresh_from_db()
    assert relay.origin_source is None and relay.origin == relay


def test_a_change_of_derivation_moves_the_records_that_quote_the_chain(deployment):
    outlet = Source.objects.get(publisher="Libya Review")
    before = Event.objects.get(pk=deployment.pk).updated_at
    outlet.derived_from, outlet.derivation = None, ""
    outlet.save()

    assert Event.objects.get(pk=deployment.pk).updated_at > before


def test_the_derivation_is_kept_in_the_history():
    monitor = SourceFactory()
    relay = SourceFactory()
    relay.derived_from, relay.derivation = monitor, "republishes"
    relay.save()

    latest = edits(relay).first()
    assert (latest.derived_from_id, latest.derivation) == (monitor.pk, "republishes")
    assert edits(relay).count() == 2


def test_a_cycle_is_refused_when_saving_outside_a_form():
    first = SourceFactory()
    second = relay_of(first)
    first.derived_from, first.derivation = second, "relays"

    with pytest.raises(ValidationError):
        first.save()
    first.refresh_from_db()
    assert first.derived_from is None


# ---------------------------------------------------------------------------- the admin


def source_page(client, source=None):
    url = (
        reverse("admin:events_source_change", args=[source.pk])
        if source
        else reverse("admin:events_source_add")
    )
    page = client.get(url)
    assert page.status_code == 200
    return url, page


def field_errors(response, field):
    assert response.status_code == 200, "the form was saved"
    return " ".join(response.context["adminform"].form.errors.get(field, []))


def test_an_editor_says_a_source_relays_another(editor_client):
    monitor = SourceFactory(publisher="Syrian Observatory")
    relay = SourceFactory(publisher="Libya Review", title="Relay")
    url, page = source_page(editor_client, relay)

    response = editor_client.post(
        url, changeform_data(page, derived_from=str(monitor.pk), derivation="relays", not_a_duplicate="on")
    )

    assert response.status_code == 302
    relay.refresh_from_db()
    assert (relay.derived_from, relay.derivation, relay.origin_source) == (monitor, "relays", monitor)
    assert "Syrian Observatory" in editor_client.get(url).content.decode()


def test_the_source_autocomplete_for_derived_from_offers_sources_not_merged(editor_client):
    report = SourceFactory(title="Foreign fighters report")
    SourceFactory(title="Foreign fighters report, merged", merged_into=report)
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "fighters", "app_label": "events", "model_name": "source", "field_name": "derived_from"},
    )
    assert response.status_code == 200
    assert [result["id"] for result in response.json()["results"]] == [str(report.pk)]


@pytest.mark.parametrize("length", [1, 2, 3])
def test_a_cycle_is_a_form_error_never_a_500(editor_client, length):
    # first ← second ← … : making the first derived from the last closes the circle.
    chain = [SourceFactory(title="Source 0")]
    for n in range(1, length):
        chain.append(relay_of(chain[-1], title=f"Source {n}"))
    first, last = chain[0], chain[-1]
    url, page = source_page(editor_client, first)

    response = editor_client.post(
        url, changeform_data(page, derived_from=str(last.pk), derivation="relays", not_a_duplicate="on")
    )

    message = field_errors(response, "derived_from")
    if length == 1:
        assert message == "A source cannot be derived from itself."
    else:
        assert "cannot be derived from its own copy" in message and "Source 1" in message
    first.refresh_from_db()
    assert first.derived_from is None


def test_the_derivation_is_required_with_derived_from_and_only_with_it(editor_client):
    monitor = SourceFactory()
    source = SourceFactory(title="Relay")
    url, page = source_page(editor_client, source)

    response = editor_client.post(
        url, changeform_data(page, derived_from=str(monitor.pk), not_a_duplicate="on")
    )
    assert "Say how this source is derived" in field_errors(response, "derivation")

    response = editor_client.post(url, changeform_data(page, derivation="translates", not_a_duplicate="on"))
    assert "Choose the source this one is derived from" in field_errors(response, "derived_from")


def test_a_merged_source_is_not_derived_from(editor_client):
    survivor = SourceFactory(title="Kept")
    gone = SourceFactory(title="Gone", merged_into=survivor)
    source = SourceFactory(title="Relay")
    url, page = source_page(editor_client, source)

    response = editor_client.post(
        url, changeform_data(page, derived_from=str(gone.pk), derivation="relays", not_a_duplicate="on")
    )
    assert "was merged into" in field_errors(response, "derived_from")


# ---------------------------------------------------------------------------- merges


def test_copies_of_a_merged_source_derive_from_the_survivor():
    survivor, duplicate = SourceFactory(title="Kept"), SourceFactory(title="Same document")
    copy = relay_of(duplicate)

    merge_sources(duplicate, survivor)

    copy.refresh_from_db()
    assert (copy.derived_from, copy.origin_source) == (survivor, survivor)


def test_a_source_is_not_merged_into_its_own_copy():
    duplicate = SourceFactory(title="Original")
    survivor = relay_of(duplicate, title="Its relay")

    with pytest.raises(MergeRefused, match="would derive it from itself"):
        merge_sources(duplicate, survivor)


# ---------------------------------------------------------------------------- the source in the API


def test_the_source_json_says_what_it_is_derived_from_and_its_origin(client, deployment):
    outlet = Source.objects.get(publisher="Libya Review")
    monitor = outlet.derived_from

    body = client.get(f"{API}/sources/{outlet.pk}/").json()
    assert body["derived_from"] == {"id": monitor.pk, "url": f"http://testserver{API}/sources/{monitor.pk}/"}
    assert body["derivation"] == "relays"
    assert body["origin"] == body["derived_from"]
    own = client.get(f"{API}/sources/{monitor.pk}/").json()
    assert (own["derived_from"], own["origin"]["id"]) == (None, monitor.pk)


def test_a_source_not_quoted_by_a_published_record_is_named_by_id_only(client):
    hidden = SourceFactory(title="Only in a draft")
    relay = relay_of(hidden)
    published_event(claims=[{"source": relay}])

    body = client.get(f"{API}/sources/{relay.pk}/").json()
    assert body["derived_from"] == {"id": hidden.pk, "url": None}
    assert client.get(f"{API}/sources/{hidden.pk}/").status_code == 404


# ---------------------------------------------------------------------------- official confirmation through office


@pytest.fixture
def putin():
    return ActorFactory(name="Vladimir Putin", kind=ActorKind.PERSON, country="RU")


@pytest.fixture
def russia():
    return ActorFactory(name="Russia", kind=ActorKind.STATE, country="RU")


def statement_by(speaker, published_on=ARTICLE_DAY, **event_fields):
    source = SourceFactory(publisher="Kremlin.ru", published_on=published_on)
    return published_event(
        claims=[{"source": source, "speaker": speaker, "stance": Stance.CONFIRMS}], **event_fields
    )


def office(subject, body, start=None, end=None, status=RecordStatus.PUBLISHED, kind="leads", **fields):
    return TieFactory(
        subject=subject, object=body, kind=kind, start_date=start, end_date=end, status=status, **fields
    )


def test_a_head_of_state_confirms_officially_while_in_office(client, putin, russia):
    office(putin, russia, start=datetime.date(2024, 5, 7))
    meeting = statement_by(putin)

    result = corroboration(client, meeting)
    assert result["official_confirmation"] is True
    assert result["official_bodies"] == [{"id": russia.pk, "name": "Russia"}]
    assert result["origins"] == ["actor: Vladimir Putin"]


def test_a_statement_outside_the_office_is_not_official(client, putin, russia):
    office(
        putin, russia, start=datetime.date(2008, 5, 7), end=datetime.date(2012, 5, 7), kind="holds_office_in"
    )
    meeting = statement_by(putin)

    result = corroboration(client, meeting)
    assert (result["official_confirmation"], result["official_bodies"]) == (False, [])
    # The same words in a source of 2010 are.
    assert corroboration(client, statement_by(putin, published_on=datetime.date(2010, 1, 1)))[
        "official_confirmation"
    ]


@pytest.mark.parametrize(
    ("start", "start_precision", "end", "end_precision", "official"),
    [
        # The start and end stand for every day of their month or year.
        (datetime.date(2025, 5, 1), "month", None, "", True),
        (datetime.date(2025, 6, 1), "month", None, "", False),
        (datetime.date(2020, 1, 1), "year", datetime.date(2025, 1, 1), "year", True),
        (datetime.date(2020, 1, 1), "year", datetime.date(2025, 5, 10), "day", False),
        (None, "day", None, "", True),
    ],
)
def test_the_office_covers_the_day_at_its_precision(
    putin, russia, start, start_precision, end, end_precision, official
):
    office(putin, russia, start=start, start_precision=start_precision, end=end, end_precision=end_precision)
    assert summary(Event.objects.for_api().get(pk=statement_by(putin).pk)).official_confirmation is official


def test_an_unpublished_office_does_not_count(client, putin, russia):
    office(putin, russia, status=RecordStatus.DRAFT)
    assert corroboration(client, statement_by(putin))["official_confirmation"] is False


def test_membership_is_not_office(client, putin, russia):
    office(putin, russia, kind="member_of")
    assert corroboration(client, statement_by(putin))["official_confirmation"] is False


def test_an_office_in_a_body_that_is_not_official_does_not_count(client, putin):
    party = ActorFactory(
        name="United Russia", kind=ActorKind.ORGANIZATION, category=OrganizationCategory.PARTY
    )
    office(putin, party)
    assert corroboration(client, statement_by(putin))["official_confirmation"] is False


def test_a_source_without_a_date_takes_the_records_start(client, putin, russia):
    office(putin, russia, start=datetime.date(2024, 5, 7))
    assert corroboration(
        client, statement_by(putin, published_on=None, start_date=datetime.date(2025, 5, 9))
    )["official_confirmation"]
    assert not corroboration(
        client, statement_by(putin, published_on=None, start_date=datetime.date(2023, 9, 1))
    )["official_confirmation"]


def test_an_official_body_speaking_still_confirms(client):
    ministry = ActorFactory(
        name="Ministry of Defence", kind=ActorKind.ORGANIZATION, category=OrganizationCategory.GOVERNMENT_BODY
    )
    result = corroboration(client, statement_by(ministry))
    assert result["official_bodies"] == [{"id": ministry.pk, "name": "Ministry of Defence"}]


def test_a_change_of_office_moves_the_records_the_person_speaks_in(putin, russia):
    meeting = statement_by(putin)
    before = Event.objects.get(pk=meeting.pk).updated_at
    tie = office(putin, russia, status=RecordStatus.DRAFT)
    tie.status = RecordStatus.PUBLISHED
    tie.save()
    assert Event.objects.get(pk=meeting.pk).updated_at > before


def test_the_csv_says_official_confirmation_through_office(putin, russia):
    office(putin, russia, start=datetime.date(2024, 5, 7))
    in_office = statement_by(putin, title="In office")
    before = statement_by(putin, title="Before", published_on=datetime.date(2020, 1, 1))

    rows = {row["id"]: row for row in python_rows()}
    assert rows[str(in_office.pk)]["official_confirmation"] == "true"
    assert rows[str(before.pk)]["official_confirmation"] == "false"


@on_postgresql
def test_both_csv_paths_agree_on_official_confirmation(putin, russia):
    office(putin, russia, start=datetime.date(2024, 5, 7))
    office(
        putin,
        ActorFactory(
            name="Security Council",
            category=OrganizationCategory.GOVERNMENT_BODY,
            kind=ActorKind.ORGANIZATION,
        ),
        end=None,
        status=RecordStatus.DRAFT,
    )
    statement_by(putin, title="In office")
    statement_by(putin, title="Before", published_on=datetime.date(2020, 1, 1))
    statement_by(putin, title="Undated, before", published_on=None, start_date=datetime.date(2023, 1, 1))
    statement_by(putin, title="Undated, in office", published_on=None, start_date=datetime.date(2025, 1, 1))
    statement_by(russia, title="The state itself")
    statement_by(ActorFactory(name="Someone", kind=ActorKind.PERSON), title="No office")

    python, database = python_rows(), copy_rows()
    assert [(row["title"], row["official_confirmation"]) for row in database] == [
        (row["title"], row["official_confirmation"]) for row in python
    ]
    assert {row["title"]: row["official_confirmation"] for row in python} == {
        "In office": "true",
        "Before": "false",
        "Undated, before": "false",
        "Undated, in office": "true",
        "The state itself": "true",
        "No office": "false",
    }


# ---------------------------------------------------------------------------- query counts


def list_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def add_statements(event, count):
    """``count`` claims, each by a person in office quoted through a relay of a monitor."""
    for n in range(count):
        person = ActorFactory(name=f"Official {event.pk}-{n}", kind=ActorKind.PERSON)
        office(person, ActorFactory(name=f"State {event.pk}-{n}", kind=ActorKind.STATE))
        relay = relay_of(SourceFactory(publisher=f"Monitor {event.pk}-{n}"))
        ClaimFactory(event=event, source=relay, speaker=person, stance=Stance.CONFIRMS)
        ClaimFactory(event=event, source=relay_of(relay))


def test_list_queries_do_not_grow_with_claims_relays_or_offices(client):
    paths = [f"{API}/events/?page_size=100", f"{API}/events/?format=csv", f"{API}/deployments/?page_size=100"]
    paths += [f"{API}/ties/?page_size=100", f"{API}/ties/?format=csv", f"{API}/sources/?format=csv"]
    event = published_event(kind=EventKind.DEPLOYMENT)
    tie = TieFactory(status=RecordStatus.PUBLISHED)
    ClaimFactory(event=None, tie=tie)
    add_statements(event, 1)
    with_few = {path: list_queries(client, path) for path in paths}

    add_statements(event, 10)
    for _ in range(5):
        add_statements(published_event(kind=EventKind.DEPLOYMENT), 3)
    with_many = {path: list_queries(client, path) for path in paths}

    assert with_many == with_few
    assert summary(Event.objects.for_api().get(pk=event.pk)).official_confirmation
