"""Claims that state values: claimed_values, disputes with their reasons, the spread in JSON and CSV."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import exports
from events.claimed_values import claimed_values, dispute_reasons, refresh_disputes, spread
from events.copy_export import copy_csv_lines
from events.models import Claim, Event, Tie
from events.revisions import approve, propose, record_state
from events.selectors import claim_origin, summary
from tests.api_helpers import read_csv, results
from tests.events.test_admin import admin_url, changeform_data
from tests.factories import (
    ActorFactory,
    ClaimFactory,
    PlaceFactory,
    SourceFactory,
    TieFactory,
    published_event,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


def get(client, path):
    response = client.get(f"{API}/{path}")
    assert response.status_code == 200, response.content
    return response


@pytest.fixture
def monitor():
    return SourceFactory(publisher="Syrian Observatory for Human Rights", title="Russian fighters in Libya")


@pytest.fixture
def outlet():
    # An outlet of its own (an independent origin); the relay below is derived from the monitor.
    return SourceFactory(publisher="Libya Review", title="Observatory: 2,000 Russians in Libya")


@pytest.fixture
def ministry():
    return ActorFactory(name="Russian Ministry of Defence", kind="organization", category="government_body")


@pytest.fixture
def deployment(monitor, outlet, ministry):
    """The issue's deployment: 1,000–3,000 by a monitor, 2,000 by an outlet, denied by the sender."""
    return published_event(
        kind="deployment",
        title="Russian fighters in Libya",
        start_date=datetime.date(2025, 5, 1),
        start_precision="month",
        deployment_personnel=["contractors"],
        deployment_size_min=1000,
        deployment_size_max=3000,
        claims=[
            {"source": monitor, "claimed_size_min": 1000, "claimed_size_max": 3000, "credibility": 3},
            {"source": outlet, "claimed_size_min": 2000, "credibility": 4},
            {"source": SourceFactory(publisher="TASS"), "speaker": ministry, "stance": "denies"},
        ],
    )


def claim_ids(event):
    return list(event.claims.order_by("pk").values_list("pk", flat=True))


# ---------------------------------------------------------------------------- the deployment


def test_three_claims_give_the_values_each_states_with_their_claims_and_origins(deployment):
    monitor_claim, outlet_claim, denial = claim_ids(deployment)
    values = claimed_values(Claim.objects.filter(event=deployment).for_summary(), "deployment")
    assert list(values) == ["deployment_size"]
    assert values["deployment_size"] == [
        {
            "value": {"min": 1000, "max": 3000},
            "text": "1000–3000",
            "independent_origins": 1,
            "claims": [
                {
                    "id": monitor_claim,
                    "origin": "Syrian Observatory for Human Rights",
                    "credibility": 3,
                    "stance": "asserts",
                }
            ],
        },
        {
            "value": {"min": 2000, "max": 2000},
            "text": "2000",
            "independent_origins": 1,
            "claims": [{"id": outlet_claim, "origin": "Libya Review", "credibility": 4, "stance": "asserts"}],
        },
    ]
    assert denial not in [c["id"] for v in values["deployment_size"] for c in v["claims"]]


def test_2000_lies_inside_1000_to_3000_so_only_the_denial_disputes_it(deployment):
    deployment.refresh_from_db()
    assert deployment.disputed is True
    assert deployment.dispute_reasons == ["denied by Russian Ministry of Defence"]
    assert deployment.claimed_spread == {"deployment_size": "1000–3000 [1 origin]; 2000 [1 origin]"}
    corroboration = summary(Event.objects.for_api().get(pk=deployment.pk))
    assert (corroboration.independent_sources, corroboration.denials, corroboration.disputed) == (2, 1, True)


def test_a_relay_of_the_monitor_adds_no_origin_and_no_dispute(monitor, ministry):
    relay = SourceFactory(publisher="Libya Review", derived_from=monitor, derivation="relays")
    event = published_event(
        kind="deployment",
        title="Russian fighters in Libya, relayed",
        claims=[
            {"source": monitor, "claimed_size_min": 1000, "claimed_size_max": 3000},
            {"source": relay, "claimed_size_min": 2000},
            {"source": SourceFactory(publisher="TASS"), "speaker": ministry, "stance": "denies"},
        ],
    )

    event = Event.objects.for_api().get(pk=event.pk)
    corroboration = summary(event)
    values = claimed_values(Claim.objects.filter(event=event).for_summary(), "deployment")

    # Two independent origins in all: the monitor (relayed or not) and the government that denies.
    assert len({claim_origin(claim) for claim in event.claims.all()}) == 2
    assert corroboration.independent_sources == 1
    assert [claim["origin"] for value in values["deployment_size"] for claim in value["claims"]] == [
        "Syrian Observatory for Human Rights",
        "Syrian Observatory for Human Rights",
    ]
    # One origin giving two figures corrects itself: only the denial disputes the record.
    assert event.dispute_reasons == ["denied by Russian Ministry of Defence"]
    assert event.claimed_spread == {"deployment_size": "1000–3000 [1 origin]; 2000 [1 origin]"}


def test_sizes_that_do_not_overlap_dispute_the_record_without_any_denial(monitor):
    event = published_event(
        kind="deployment",
        title="Two counts",
        claims=[
            {"source": monitor, "claimed_size_min": 1000, "claimed_size_max": 3000},
            {"source": SourceFactory(publisher="Al Wasat"), "claimed_size_min": 500},
        ],
    )
    event.refresh_from_db()
    assert event.dispute_reasons == [
        "deployment size: 1000–3000 (Syrian Observatory for Human Rights) vs 500 (Al Wasat)"
    ]
    assert event.disputed is True
    assert summary(Event.objects.for_api().get(pk=event.pk)).denials == 0


def test_an_origin_that_contradicts_itself_is_a_correction_not_a_dispute(monitor):
    later = SourceFactory(publisher=monitor.publisher, title="Update")
    event = published_event(
        kind="deployment",
        claims=[
            {"source": monitor, "claimed_size_min": 1000, "claimed_size_max": 3000},
            {"source": later, "claimed_size_min": 500},
        ],
    )
    event.refresh_from_db()
    assert (event.disputed, event.dispute_reasons) == (False, [])
    assert event.claimed_spread == {"deployment_size": "1000–3000 [1 origin]; 500 [1 origin]"}


def test_up_to_a_figure_is_compatible_with_a_smaller_one_and_not_with_a_larger():
    claims = [
        Claim(pk=1, claimed_size_max=500, source=SourceFactory(publisher="A")),
        Claim(pk=2, claimed_size_min=300, source=SourceFactory(publisher="B")),
    ]
    assert dispute_reasons(claims, "deployment") == []
    assert spread(claims, "deployment") == {"deployment_size": "up to 500 [1 origin]; 300 [1 origin]"}
    claims[1].claimed_size_min = 800
    assert dispute_reasons(claims, "deployment") == ["deployment size: up to 500 (A) vs 800 (B)"]


@pytest.mark.parametrize(
    ("first", "second", "disputed"),
    [
        ((datetime.date(2025, 5, 7), "day"), (datetime.date(2025, 5, 8), "day"), True),
        ((datetime.date(2025, 5, 7), "day"), (datetime.date(2025, 5, 7), "day"), False),
        # A month covers its days: May 2025 and 7 May 2025 can both be true; April cannot.
        ((datetime.date(2025, 5, 1), "month"), (datetime.date(2025, 5, 7), "day"), False),
        ((datetime.date(2025, 4, 1), "month"), (datetime.date(2025, 5, 7), "day"), True),
        ((datetime.date(2025, 1, 1), "year"), (datetime.date(2024, 12, 31), "day"), True),
    ],
)
def test_claimed_dates_dispute_when_their_covered_days_do_not_overlap(first, second, disputed):
    claims = [
        Claim(pk=1, claimed_start_date=first[0], claimed_start_precision=first[1], source=SourceFactory()),
        Claim(
            pk=2,
            claimed_start_date=second[0],
            claimed_start_precision=second[1],
            source=SourceFactory(publisher="Other"),
        ),
    ]
    reasons = dispute_reasons(claims, "meeting")
    assert bool(reasons) is disputed
    if disputed:
        assert reasons[0].startswith("start: ")


def test_different_places_dispute_the_record_and_different_stages_do_not():
    moscow, benghazi = PlaceFactory(name="Moscow"), PlaceFactory(name="Benghazi")
    meeting = published_event(
        claims=[
            {"claimed_place": moscow, "source": SourceFactory(publisher="RT")},
            {"claimed_place": benghazi, "source": SourceFactory(publisher="Al Wasat")},
        ]
    )
    agreement = published_event(
        kind="agreement",
        claims=[
            {"claimed_agreement_stage": "signed", "source": SourceFactory(publisher="RT")},
            {"claimed_agreement_stage": "proposed", "source": SourceFactory(publisher="Al Wasat")},
        ],
    )
    meeting.refresh_from_db()
    agreement.refresh_from_db()
    assert meeting.dispute_reasons == ["place: Moscow (RT) vs Benghazi (Al Wasat)"]
    # Proposed, then signed: a lifecycle, both true. The spread still shows both.
    assert (agreement.disputed, agreement.dispute_reasons) == (False, [])
    assert agreement.claimed_spread == {"agreement_stage": "signed [1 origin]; proposed [1 origin]"}


def test_different_personnel_kinds_are_not_a_dispute():
    deployment = published_event(
        kind="deployment",
        deployment_personnel=["trainers", "advisers"],
        claims=[
            {"claimed_deployment_kind": "trainers", "source": SourceFactory(publisher="RT")},
            {"claimed_deployment_kind": "advisers", "source": SourceFactory(publisher="Al Wasat")},
        ],
    )
    deployment.refresh_from_db()
    assert (deployment.disputed, deployment.dispute_reasons) == (False, [])
    assert deployment.claimed_spread == {"deployment_kind": "trainers [1 origin]; advisers [1 origin]"}


def _dated(pk, publisher, day, precision, stage=""):
    return Claim(
        pk=pk,
        claimed_start_date=day,
        claimed_start_precision=precision,
        claimed_agreement_stage=stage,
        source=SourceFactory(publisher=publisher),
    )


def test_an_agreements_claimed_start_dates_are_compared_stage_by_stage():
    signed_november = _dated(1, "RT", datetime.date(2019, 11, 27), "day", "signed")
    ratified_december = _dated(2, "Al Wasat", datetime.date(2019, 12, 21), "day", "ratified")
    signed_december = _dated(3, "Anadolu", datetime.date(2019, 12, 2), "day", "signed")
    # Signed on one day, ratified on another: the dates of two stages, both true.
    assert dispute_reasons([signed_november, ratified_december], "agreement") == []
    # Two days for the one signing cannot both be true.
    assert dispute_reasons([signed_november, ratified_december, signed_december], "agreement") == [
        "start: 2019-11-27 (signed) (RT) vs 2019-12-02 (signed) (Anadolu)"
    ]
    values = claimed_values([signed_november, ratified_december], "agreement")["start"]
    assert [value["value"] for value in values] == [
        {"date": "2019-11-27", "precision": "day", "stage": "signed"},
        {"date": "2019-12-21", "precision": "day", "stage": "ratified"},
    ]


def test_a_start_date_without_a_stage_is_compared_only_with_others_without_one():
    undated_stage = _dated(1, "RT", datetime.date(2019, 11, 27), "day")
    signed = _dated(2, "Al Wasat", datetime.date(2019, 12, 2), "day", "signed")
    other = _dated(3, "Anadolu", datetime.date(2019, 12, 5), "day")
    assert dispute_reasons([undated_stage, signed], "agreement") == []
    assert dispute_reasons([undated_stage, signed, other], "agreement") == [
        "start: 2019-11-27 (RT) vs 2019-12-05 (Anadolu)"
    ]


def test_a_tie_carries_the_dates_its_claims_state():
    tie = TieFactory(status="published")
    ClaimFactory(
        event=None,
        tie=tie,
        claimed_start_date=datetime.date(2024, 1, 1),
        claimed_start_precision="year",
        source=SourceFactory(publisher="RT"),
    )
    ClaimFactory(
        event=None,
        tie=tie,
        claimed_start_date=datetime.date(2023, 6, 1),
        source=SourceFactory(publisher="BBC"),
    )
    tie.refresh_from_db()
    assert tie.dispute_reasons == ["start: 2024 (RT) vs 2023-06-01 (BBC)"]
    assert tie.claimed_spread == {"start": "2024 [1 origin]; 2023-06-01 [1 origin]"}


# ---------------------------------------------------------------------------- kept current


def test_the_stored_dispute_follows_its_claims_and_the_names_it_quotes(deployment, outlet, ministry):
    denial = deployment.claims.get(stance="denies")
    denial.delete()
    deployment.refresh_from_db()
    assert (deployment.disputed, deployment.dispute_reasons) == (False, [])

    claim = deployment.claims.get(source=outlet)
    claim.claimed_size_min = 500
    claim.save()
    deployment.refresh_from_db()
    assert deployment.dispute_reasons == [
        "deployment size: 1000–3000 (Syrian Observatory for Human Rights) vs 500 (Libya Review)"
    ]

    outlet.publisher = "The Libya Review"
    outlet.save()
    deployment.refresh_from_db()
    assert deployment.dispute_reasons[0].endswith("vs 500 (The Libya Review)")


def test_saving_a_copy_loaded_before_a_claim_changed_keeps_the_claims_answer(deployment):
    stale = Event.objects.get(pk=deployment.pk)
    deployment.claims.get(stance="denies").delete()
    stale.title = "Renamed"
    stale.save()
    stale.refresh_from_db()
    assert (stale.title, stale.disputed) == ("Renamed", False)


def test_an_approved_change_to_a_published_record_recomputes_its_dispute(deployment, editor, reviewer):
    author = editor
    state = record_state(deployment)
    for claim in state["claims"]:
        if claim["claimed_size_min"] == 2000:
            claim["claimed_size_min"] = 5000
    revision = propose(deployment, state, author, "The outlet says 5,000")
    deployment.refresh_from_db()
    assert deployment.dispute_reasons == ["denied by Russian Ministry of Defence"]  # not yet
    approve(revision, reviewer)
    deployment.refresh_from_db()
    assert deployment.dispute_reasons[0] == (
        "deployment size: 1000–3000 (Syrian Observatory for Human Rights) vs 5000 (Libya Review)"
    )


def test_refreshing_writes_only_the_records_whose_answer_changed(deployment):
    assert refresh_disputes(event_ids=[deployment.pk]) == 0
    Event.objects.filter(pk=deployment.pk).update(disputed=False, dispute_reasons=[])
    assert refresh_disputes(event_ids=[deployment.pk]) == 1


# ---------------------------------------------------------------------------- wrong values


@pytest.mark.parametrize(
    ("kind", "values", "field", "message"),
    [
        ("meeting", {"claimed_size_min": 50}, "claimed_size_min", "cannot state a deployment size"),
        ("deployment", {"claimed_agreement_stage": "signed"}, "claimed_agreement_stage", "agreement stage"),
        ("agreement", {"claimed_deployment_kind": "troops"}, "claimed_deployment_kind", "personnel kind"),
        (
            "deployment",
            {"claimed_size_min": 3000, "claimed_size_max": 1000},
            "claimed_size_max",
            "cannot be smaller",
        ),
        ("meeting", {"claimed_start_date": datetime.date(1700, 1, 1)}, "claimed_start_date", "1800 and 2100"),
        (
            "meeting",
            {"claimed_start_date": datetime.date(2025, 5, 9), "claimed_end_date": datetime.date(2025, 5, 1)},
            "claimed_end_date",
            "before the claimed start",
        ),
    ],
)
def test_a_claimed_value_that_does_not_fit_is_an_error_on_its_field(kind, values, field, message):
    event = published_event(kind=kind, status="draft")
    claim = Claim(event=event, source=SourceFactory(), quote="q", quote_language="en", **values)
    with pytest.raises(ValidationError) as error:
        claim.full_clean()
    assert message in " ".join(error.value.message_dict[field])


def test_a_claim_on_a_tie_cannot_state_a_place():
    claim = Claim(tie=TieFactory(), source=SourceFactory(), quote="q", quote_language="en")
    claim.claimed_place = PlaceFactory()
    with pytest.raises(ValidationError) as error:
        claim.full_clean()
    assert "A claim on a tie cannot state a place" in error.value.message_dict["claimed_place"][0]


def test_the_admin_refuses_a_size_on_a_meeting_as_a_form_error_and_saves_nothing(editor_client):
    meeting = published_event(status="draft")
    url = admin_url(Event, "change", meeting.pk)
    page = editor_client.get(url)
    assert "Values this claim states" in page.content.decode()
    response = editor_client.post(url, changeform_data(page, **{"claims-0-claimed_size_min": "50"}))
    assert response.status_code == 200
    assert "A claim on a meeting cannot state a deployment size" in response.content.decode()
    assert meeting.claims.get().claimed_size_min is None


def test_the_admin_saves_a_claimed_range_on_a_deployment(editor_client):
    deployment = published_event(kind="deployment", status="draft")
    url = admin_url(Event, "change", deployment.pk)
    page = editor_client.get(url)
    data = changeform_data(page, **{"claims-0-claimed_size_min": "1000", "claims-0-claimed_size_max": "3000"})
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    deployment.refresh_from_db()
    assert deployment.claimed_spread == {"deployment_size": "1000–3000 [1 origin]"}


# ---------------------------------------------------------------------------- API and CSV


def test_the_api_shows_claimed_values_and_reasons_and_the_filter_agrees(client, deployment, monitor):
    quiet = published_event(kind="deployment", title="Quiet", claims=[{"claimed_size_min": 10}])
    value_dispute = published_event(
        kind="deployment",
        title="Two counts",
        claims=[
            {"source": monitor, "claimed_size_min": 1000, "claimed_size_max": 3000},
            {"source": SourceFactory(publisher="Al Wasat"), "claimed_size_min": 500},
        ],
    )
    record = get(client, f"deployments/{deployment.pk}/").json()
    assert [value["text"] for value in record["claimed_values"]["deployment_size"]] == ["1000–3000", "2000"]
    assert record["dispute_reasons"] == ["denied by Russian Ministry of Defence"]
    assert record["corroboration"]["disputed"] is True
    assert get(client, f"events/{quiet.pk}/").json()["corroboration"]["disputed"] is False

    for endpoint in ("events", "deployments"):
        listed = {r["id"]: r for r in results(get(client, f"{endpoint}/?disputed=true"))}
        assert set(listed) == {deployment.pk, value_dispute.pk}
        assert all(r["corroboration"]["disputed"] for r in listed.values())
        undisputed = results(get(client, f"{endpoint}/?disputed=false"))
        assert [r["id"] for r in undisputed] == [quiet.pk]
        assert undisputed[0]["corroboration"]["disputed"] is False


def test_meetings_carry_no_size_or_stage_columns_of_claims(client):
    published_event(claims=[{"claimed_place": PlaceFactory(name="Moscow")}])
    (row,) = read_csv(client.get(f"{API}/meetings/?format=csv"))
    assert row["claimed_place"] == "Moscow [1 origin]"
    assert "claimed_deployment_size" not in row and "claimed_agreement_stage" not in row


def test_the_csv_has_the_spread_of_each_field_and_the_reasons(client, deployment):
    (row,) = read_csv(client.get(f"{API}/deployments/?format=csv"))
    assert row["claimed_deployment_size"] == "1000–3000 [1 origin]; 2000 [1 origin]"
    assert row["disputed"] == "true"
    assert row["dispute_reasons"] == "denied by Russian Ministry of Defence"
    assert row["claimed_start"] == ""


def test_a_spread_that_looks_like_a_formula_is_neutralised(client):
    published_event(claims=[{"claimed_place": PlaceFactory(name="=HYPERLINK(1)")}])
    (row,) = read_csv(client.get(f"{API}/events/?format=csv"))
    assert row["claimed_place"] == "'=HYPERLINK(1) [1 origin]"


def test_a_tie_csv_and_json_carry_the_claimed_dates(client):
    tie = TieFactory(status="published")
    ClaimFactory(event=None, tie=tie, claimed_start_date=datetime.date(2024, 3, 1))
    assert get(client, f"ties/{tie.pk}/").json()["claimed_values"]["start"][0]["text"] == "2024-03-01"
    (row,) = read_csv(client.get(f"{API}/ties/?format=csv"))
    assert row["claimed_start"] == "2024-03-01 [1 origin]"
    assert "claimed_place" not in row


def list_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def many_claimed_values(count, start=0):
    for number in range(start, start + count):
        place = PlaceFactory()
        published_event(
            kind="deployment",
            title=f"Deployment {number}",
            claims=[
                {
                    "claimed_size_min": 100 + number,
                    "claimed_place": place,
                    "source": SourceFactory(publisher="A"),
                },
                {"claimed_size_min": 900, "claimed_size_max": 990, "source": SourceFactory(publisher="B")},
                {"claimed_start_date": datetime.date(2025, 5, 9), "claimed_place": PlaceFactory()},
                {"stance": "denies", "speaker": ActorFactory()},
            ],
        )


def test_lists_make_as_many_queries_for_many_claimed_values_as_for_one(client):
    paths = [
        f"{API}/{endpoint}/?{query}" for endpoint in ("events", "deployments") for query in ("", "format=csv")
    ]
    paths += [f"{API}/ties/", f"{API}/ties/?format=csv", f"{API}/events/?disputed=true"]
    many_claimed_values(1)
    with_one = {path: list_queries(client, path) for path in paths}
    many_claimed_values(12, start=1)
    assert len(results(get(client, "deployments/?disputed=true&page_size=100"))) == 13
    assert {path: list_queries(client, path) for path in paths} == with_one


# ---------------------------------------------------------------------------- COPY and demo data


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY export exists on PostgreSQL only")
@pytest.mark.parametrize("columns", [exports.EVENT_COLUMNS, *exports.KIND_COLUMNS.values()])
def test_the_copy_export_gives_the_python_cells_of_claimed_values(deployment, monitor, columns):
    published_event(
        kind="deployment",
        claims=[
            {"source": monitor, "claimed_size_min": 1000, "claimed_size_max": 3000},
            {"source": SourceFactory(publisher="Al Wasat"), "claimed_size_min": 500},
            {
                "claimed_place": PlaceFactory(name="+Tamanhint"),
                "claimed_start_date": datetime.date(2025, 5, 7),
            },
        ],
    )
    queryset = Event.objects.published()
    python_rows = list(csv.reader(io.StringIO("".join(exports.csv_lines(columns, queryset.for_api())))))
    copy_rows = list(csv.reader(io.StringIO("".join(copy_csv_lines(columns, queryset)))))
    assert copy_rows == python_rows
    if "claimed_deployment_size" in python_rows[0]:
        cells = {row[python_rows[0].index("claimed_deployment_size")] for row in python_rows[1:]}
        assert {"1000–3000 [1 origin]; 2000 [1 origin]", "1000–3000 [1 origin]; 500 [1 origin]"} <= cells


def test_the_demo_data_still_loads_with_stored_disputes_that_match_its_claims():
    call_command("load_demo_data", stdout=io.StringIO())
    for model in (Event, Tie):
        for record in model.objects.for_api():
            assert record.dispute_reasons == dispute_reasons(record.claims.all())
            assert record.disputed is bool(record.dispute_reasons)


def test_each_claim_says_what_it_states_in_json_and_csv(client, deployment):
    claims = {c["id"]: c for c in get(client, f"deployments/{deployment.pk}/").json()["claims"]}
    monitor_claim, outlet_claim, denial = claim_ids(deployment)
    assert claims[monitor_claim]["states"] == {"deployment_size": {"min": 1000, "max": 3000}}
    assert claims[denial]["states"] == {}
    rows = {int(row["id"]): row for row in read_csv(client.get(f"{API}/claims/?format=csv"))}
    assert rows[outlet_claim]["states"] == "deployment size: 2000"
    assert rows[denial]["states"] == ""
