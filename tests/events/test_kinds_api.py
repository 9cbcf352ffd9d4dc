"""The read side of the new kinds (issue 12): endpoints, stages and provisions, codes, filters,
CSV and who they make public.

The world: Turkey and the GNA sign a memorandum in November 2019 (known to the month), the
parliament ratifies it on 10 December by a published vote, it enters into force in January 2020
by a decree still in draft; an arms treaty is signed in March 2020; deployments of several
sizes, a transfer each way, an operation at al-Watiya, a statement; and a draft agreement whose
stage and provision name actors no published record names.
"""

import datetime
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from actors.choices import ActorKind, Language, OrganizationCategory
from events.choices import DatePrecision, EventKind, ParticipantRole, RecordStatus
from events.crosswalk import codes_for
from events.filtersets import EventFilterSet
from events.models import Event, PlaceName, Provision, Stage
from tests.api_helpers import read_csv, results
from tests.factories import ActorFactory, EventFactory, PlaceFactory, published_event

pytestmark = pytest.mark.django_db

API = "/api/v1"
P = ParticipantRole


def titles(params):
    filterset = EventFilterSet(QueryDict(urlencode(params, doseq=True)), queryset=Event.objects.published())
    assert filterset.is_valid(), filterset.errors
    return sorted(filterset.qs.values_list("title", flat=True))


def get(client, path):
    return client.get(f"{API}/{path}")


def codes(event, **fields):
    """Store crosswalk codes as the table would (events.crosswalk fills them on save)."""
    Event.objects.filter(pk=event.pk).update(**fields)


class World:
    def __init__(self):
        org = {"kind": ActorKind.ORGANIZATION}
        self.turkey = ActorFactory(name="Turkey", slug="turkey", kind=ActorKind.STATE, country="TR")
        self.russia = ActorFactory(name="Russia", slug="russia", kind=ActorKind.STATE, country="RU")
        self.gna = ActorFactory(name="GNA", slug="gna", category=OrganizationCategory.GOVERNMENT_BODY, **org)
        self.lna = ActorFactory(name="LNA", slug="lna", category=OrganizationCategory.ARMED_FORCE, **org)
        # Named only by a published agreement's stage, or only by its provision.
        self.parliament = ActorFactory(
            name="Grand National Assembly", slug="grand-national-assembly", category="government_body", **org
        )
        self.navy = ActorFactory(name="Turkish Navy", slug="turkish-navy", category="armed_force", **org)
        # Named only by a draft agreement's stage and provision.
        self.hidden_body = ActorFactory(name="Hidden Body", slug="hidden-body", **org)
        self.hidden_party = ActorFactory(name="Hidden Party", slug="hidden-party", **org)

        self.watiya = PlaceFactory(name="Al-Watiya Air Base", slug="al-watiya", country="LY", kind="base")
        PlaceName.objects.create(place=self.watiya, name="قاعدة الوطية", language=Language.ARABIC)

        self.vote = published_event(
            kind=EventKind.DECISION,
            title="Parliament ratifies the memorandum",
            start_date=datetime.date(2019, 12, 10),
            participants=[(self.gna, P.DECIDING_BODY)],
            decision_type="ratification",
            decision_outcome="adopted",
            votes_for=300,
            votes_against=12,
        )
        self.decree = EventFactory(
            kind=EventKind.DECISION, title="Draft decree", start_date=datetime.date(2020, 1, 2)
        )
        self.memorandum = published_event(
            kind=EventKind.AGREEMENT,
            title="Security memorandum",
            start_date=datetime.date(2019, 11, 27),
            participants=[(self.turkey, P.SIGNATORY), (self.gna, P.SIGNATORY)],
            claims=[{"claimed_agreement_stage": "ratified"}, {}],
            agreement_type="memorandum",
            agreement_subjects=["military_cooperation", "training"],
        )
        self.signed = Stage.objects.create(
            agreement=self.memorandum,
            stage="signed",
            date=datetime.date(2019, 11, 27),
            date_precision=DatePrecision.MONTH,
        )
        self.ratified = Stage.objects.create(
            agreement=self.memorandum,
            stage="ratified",
            date=datetime.date(2019, 12, 10),
            responsible=self.parliament,
            act=self.vote,
            note="By 300 votes",
        )
        self.in_force = Stage.objects.create(
            agreement=self.memorandum, stage="in_force", date=datetime.date(2020, 1, 2), act=self.decree
        )
        Provision.objects.create(agreement=self.memorandum, obligation="defence")
        Provision.objects.create(agreement=self.memorandum, obligation="training", party=self.navy)
        self.treaty = published_event(
            kind=EventKind.AGREEMENT,
            title="Arms treaty",
            start_date=datetime.date(2020, 3, 1),
            participants=[(self.russia, P.SIGNATORY), (self.lna, P.SIGNATORY)],
            agreement_type="treaty",
            agreement_subjects=["arms"],
        )
        Stage.objects.create(agreement=self.treaty, stage="signed", date=datetime.date(2020, 3, 1))
        self.draft_agreement = published_event(
            kind=EventKind.AGREEMENT,
            title="Draft agreement",
            status=RecordStatus.DRAFT,
            participants=[(self.turkey, P.SIGNATORY)],
        )
        Stage.objects.create(
            agreement=self.draft_agreement,
            stage="signed",
            date=datetime.date(2025, 5, 9),
            responsible=self.hidden_body,
        )
        Provision.objects.create(agreement=self.draft_agreement, obligation="basing", party=self.hidden_party)

        deploy = {"kind": EventKind.DEPLOYMENT, "participants": [(self.turkey, P.DEPLOYING)]}
        self.advisers = published_event(
            title="Advisers and trainers",
            start_date=datetime.date(2020, 1, 5),
            deployment_personnel=["trainers", "advisers"],
            deployment_size_min=1000,
            deployment_size_max=3000,
            ongoing=True,
            **deploy,
        )
        published_event(
            title="Five hundred troops",
            start_date=datetime.date(2020, 2, 1),
            end_date=datetime.date(2020, 6, 1),
            deployment_personnel=["troops"],
            deployment_size_min=500,
            **deploy,
        )
        published_event(
            title="Up to two hundred contractors",
            start_date=datetime.date(2020, 2, 1),
            deployment_personnel=["contractors"],
            deployment_size_max=200,
            **deploy,
        )
        published_event(title="Pilots of unknown number", deployment_personnel=["pilots"], **deploy)

        self.drones = published_event(
            kind=EventKind.TRANSFER,
            title="Drones to the GNA",
            start_date=datetime.date(2020, 1, 1),
            participants=[(self.turkey, P.SUPPLIER), (self.gna, P.RECIPIENT)],
            transfer_item_category="aircraft",
            transfer_item="Bayraktar TB2",
            transfer_status="delivered",
            transfer_quantity_min=12,
        )
        published_event(
            kind=EventKind.TRANSFER,
            title="Ammunition to the LNA",
            start_date=datetime.date(2020, 1, 1),
            participants=[(self.russia, P.SUPPLIER), (self.lna, P.RECIPIENT)],
            transfer_item_category="ammunition",
        )
        self.capture = published_event(
            kind=EventKind.OPERATION,
            title="Capture of al-Watiya",
            start_date=datetime.date(2020, 5, 18),
            place=self.watiya,
            participants=[(self.gna, P.ATTACKER), (self.turkey, P.SUPPORTER), (self.lna, P.DEFENDER)],
            operation_type="capture",
            operation_outcome="attacker_succeeded",
        )
        self.statement = published_event(
            kind=EventKind.STATEMENT,
            title="Moscow warns Ankara",
            start_date=datetime.date(2020, 6, 1),
            participants=[(self.russia, P.SPEAKER), (self.turkey, P.SUBJECT)],
            statement_stance="warning",
        )
        codes(self.memorandum, plover_event_type="AGREE", cameo_code="057")
        codes(self.treaty, plover_event_type="AGREE", cameo_code="057")
        codes(
            self.capture,
            plover_event_type="ASSAULT",
            plover_mode="aerial",
            cameo_code="195",
            acled_event_type="Battles",
            acled_sub_event_type="Non-state actor overtakes territory",
        )
        codes(self.drones, plover_event_type="AID", cameo_code="07")
        codes(self.statement, plover_event_type="THREATEN", cameo_code="13")


@pytest.fixture
def world():
    return World()


# ---------------------------------------------------------------------------- endpoints


@pytest.mark.parametrize(
    ("endpoint", "kind", "expected"),
    [
        ("decisions", EventKind.DECISION, ["Parliament ratifies the memorandum"]),
        ("operations", EventKind.OPERATION, ["Capture of al-Watiya"]),
        ("transfers", EventKind.TRANSFER, ["Ammunition to the LNA", "Drones to the GNA"]),
        ("statements", EventKind.STATEMENT, ["Moscow warns Ankara"]),
    ],
)
def test_each_new_kind_has_its_list_and_its_kind_filter(client, world, endpoint, kind, expected):
    listed = results(get(client, f"{endpoint}/"))
    assert sorted(item["title"] for item in listed) == expected
    assert all(item["url"].startswith(f"http://testserver{API}/{endpoint}/") for item in listed)
    assert sorted(item["title"] for item in results(get(client, f"events/?kind={kind}"))) == expected
    detail = get(client, f"{endpoint}/{listed[0]['id']}/")
    assert detail.status_code == 200
    # The draft decree is no decision anyone sees.
    assert get(client, f"decisions/{world.decree.pk}/").status_code == 404


def test_a_kind_shows_its_own_details_only(client, world):
    decision = get(client, f"decisions/{world.vote.pk}/").json()
    assert decision["decision_type"] == "ratification"
    assert (decision["votes_for"], decision["votes_against"], decision["votes_abstaining"]) == (300, 12, None)
    assert not {"stages", "provisions", "ongoing", "transfer_item", "deployment_personnel"} & set(decision)
    transfer = get(client, f"transfers/{world.drones.pk}/").json()
    assert transfer["transfer_item_category"] == "aircraft"
    assert (transfer["transfer_quantity_min"], transfer["transfer_quantity_max"]) == (12, None)
    assert transfer["transfer_status"] == "delivered"
    operation = get(client, f"operations/{world.capture.pk}/").json()
    assert (operation["operation_type"], operation["ongoing"]) == ("capture", False)
    assert get(client, f"statements/{world.statement.pk}/").json()["statement_stance"] == "warning"


# ---------------------------------------------------------------------------- representation


def test_an_agreement_shows_its_dated_stages_and_provisions(client, world):
    agreement = get(client, f"agreements/{world.memorandum.pk}/").json()
    assert agreement["agreement_type"] == "memorandum"
    assert agreement["agreement_subjects"] == ["military_cooperation", "training"]
    assert agreement["agreement_stage"] == "in_force"
    ratifying_claim = next(c["id"] for c in agreement["claims"] if c["states"])
    signed, ratified, in_force = agreement["stages"]
    assert signed == {
        "stage": "signed",
        "date": {"date": "2019-11", "precision": "month"},
        "responsible": None,
        "act": None,
        "note": "",
        "claims": [],
    }
    assert ratified["date"] == {"date": "2019-12-10", "precision": "day"}
    assert ratified["responsible"]["slug"] == "grand-national-assembly"
    assert ratified["act"]["id"] == world.vote.pk
    assert ratified["act"]["url"] == f"http://testserver{API}/events/{world.vote.pk}/"
    assert (ratified["note"], ratified["claims"]) == ("By 300 votes", [ratifying_claim])
    # Its act is a draft decree: not shown.
    assert (in_force["stage"], in_force["act"]) == ("in_force", None)
    assert agreement["provisions"] == [
        {"obligation": "defence", "party": None, "note": ""},
        {
            "obligation": "training",
            "party": {
                "id": world.navy.pk,
                "url": f"http://testserver{API}/actors/{world.navy.pk}/",
                "slug": "turkish-navy",
                "name": "Turkish Navy",
                "kind": "organization",
            },
            "note": "",
        },
    ]


def test_a_deployment_shows_its_personnel_kinds_and_an_open_end(client, world):
    deployment = get(client, f"deployments/{world.advisers.pk}/").json()
    # In the order the choices are declared, whatever order they were given in.
    assert deployment["deployment_personnel"] == ["trainers", "advisers"]
    assert (deployment["ongoing"], deployment["end"], deployment["covered_to"]) == (True, None, None)
    assert deployment["covered_from"] == "2020-01-05"
    assert "stages" not in deployment


def test_every_event_carries_its_crosswalk_codes(client, world):
    operation = get(client, f"events/{world.capture.pk}/").json()
    assert operation["plover"] == {"event_type": "ASSAULT", "mode": "aerial"}
    assert operation["cameo"] == "195"
    assert operation["acled"] == {
        "event_type": "Battles",
        "sub_event_type": "Non-state actor overtakes territory",
    }
    decision = get(client, f"events/{world.vote.pk}/").json()
    codes = codes_for(world.vote, {"deciding_body"})
    assert decision["plover"] == {
        "event_type": codes.plover_event_type or None,
        "mode": codes.plover_mode or None,
    }
    assert (decision["cameo"], decision["acled"]["event_type"]) == (
        codes.cameo_code or None,
        codes.acled_event_type or None,
    )
    assert decision["plover"]["event_type"] == "SUPPORT"


def test_the_schema_documents_every_new_field_and_filter(client):
    schema = client.get(f"{API}/schema/", headers={"Accept": "application/json"}).json()
    components = schema["components"]["schemas"]
    event = components["Event"]["properties"]
    new_fields = [
        "ongoing",
        "agreement_subjects",
        "stages",
        "provisions",
        "deployment_personnel",
        "decision_type",
        "decision_outcome",
        "votes_for",
        "votes_against",
        "votes_abstaining",
        "operation_type",
        "operation_outcome",
        "transfer_item_category",
        "transfer_item",
        "transfer_status",
        "transfer_quantity_min",
        "transfer_quantity_max",
        "statement_stance",
        "plover",
        "cameo",
        "acled",
    ]
    for field in new_fields:
        assert event[field].get("description") or "allOf" in event[field], field
    for component in ["Stage", "Provision", "Plover", "Acled"]:
        assert components[component]["properties"]
    for name in ["Decision", "Operation", "Transfer", "Statement"]:
        assert f"{API}/{name.lower()}s/" in schema["paths"]
    parameters = {p["name"]: p for p in schema["paths"][f"{API}/events/"]["get"]["parameters"]}
    filters = [
        "agreement_type",
        "subject",
        "stage",
        "stage_on",
        "personnel_kind",
        "size_min",
        "size_max",
        "ongoing",
        "item_category",
        "supplier",
        "recipient",
        "decided_by",
        "plover",
        "cameo",
        "acled_event_type",
    ]
    for name in filters:
        assert parameters[name]["description"], name
    assert "CONSULT" in parameters["plover"]["schema"]["enum"]
    assert "Battles" in parameters["acled_event_type"]["schema"]["enum"]


# ---------------------------------------------------------------------------- filters


def test_agreements_by_form_and_subject(world):
    assert titles({"agreement_type": "memorandum"}) == ["Security memorandum"]
    assert titles({"agreement_type": "treaty"}) == ["Arms treaty"]
    assert titles({"subject": "training"}) == ["Security memorandum"]
    assert titles({"subject": "arms"}) == ["Arms treaty"]
    assert titles({"subject": "energy"}) == []


def test_stage_is_the_latest_stage(world):
    assert titles({"stage": "in_force"}) == ["Security memorandum"]
    assert titles({"stage": "signed"}) == ["Arms treaty"]
    assert titles({"stage": "ratified"}) == []


def test_signed_in_november_ratified_in_december_one_agreement_two_stages():
    agreement = published_event(
        kind=EventKind.AGREEMENT, title="November agreement", start_date=datetime.date(2024, 11, 5)
    )
    Stage.objects.create(agreement=agreement, stage="signed", date=datetime.date(2024, 11, 5))
    Stage.objects.create(agreement=agreement, stage="ratified", date=datetime.date(2024, 12, 10))
    assert Event.objects.filter(kind=EventKind.AGREEMENT).count() == 1
    assert titles({"stage_on": "2024-11-04"}) == []
    assert titles({"stage_on": "2024-11-20", "stage": "signed"}) == ["November agreement"]
    assert titles({"stage_on": "2024-11-20", "stage": "ratified"}) == []
    assert titles({"stage_on": "2024-12-10", "stage": "ratified"}) == ["November agreement"]
    assert titles({"stage_on": "2025-01-01", "stage": "signed"}) == []
    assert titles({"stage_on": "2025-01-01", "stage": "ratified"}) == ["November agreement"]


def test_stage_on_reads_stages_known_to_a_month_and_of_one_day(world):
    # Signed "in November 2019": in force from the month's first day.
    assert titles({"stage_on": "2019-11-01", "stage": "signed"}) == ["Security memorandum"]
    assert titles({"stage_on": "2019-10-31"}) == []
    assert titles({"stage_on": "2020-01-02", "stage": "in_force"}) == ["Security memorandum"]
    assert titles({"stage_on": "2020-03-01"}) == ["Arms treaty", "Security memorandum"]
    # Two stages on one day: the later one in an agreement's life is in force.
    Stage.objects.create(agreement=world.treaty, stage="in_force", date=datetime.date(2020, 3, 1))
    assert titles({"stage_on": "2020-03-01", "stage": "in_force"}) == ["Arms treaty", "Security memorandum"]


def test_deployments_by_personnel_kind_and_ongoing(world):
    assert titles({"personnel_kind": "advisers"}) == ["Advisers and trainers"]
    assert titles({"personnel_kind": "trainers"}) == ["Advisers and trainers"]
    assert titles({"personnel_kind": "special_forces"}) == []
    assert titles({"ongoing": "true"}) == ["Advisers and trainers"]
    assert "Advisers and trainers" not in titles({"ongoing": "false"})
    assert "Five hundred troops" in titles({"ongoing": "false"})


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # 1000–3000, a single 500, up to 200; the pilots have no size.
        ({"size_min": 2000}, ["Advisers and trainers"]),
        ({"size_min": 500}, ["Advisers and trainers", "Five hundred troops"]),
        ({"size_min": 501}, ["Advisers and trainers"]),
        ({"size_max": 500}, ["Five hundred troops", "Up to two hundred contractors"]),
        ({"size_max": 499}, ["Up to two hundred contractors"]),
        ({"size_min": 100, "size_max": 600}, ["Five hundred troops", "Up to two hundred contractors"]),
        ({"size_min": 3000, "size_max": 5000}, ["Advisers and trainers"]),
        ({"size_min": 3001}, []),
    ],
)
def test_deployments_by_size_overlap_the_reported_range(world, params, expected):
    assert titles(params) == expected


def test_transfers_by_category_supplier_and_recipient(world):
    assert titles({"item_category": "aircraft"}) == ["Drones to the GNA"]
    assert titles({"supplier": "turkey"}) == ["Drones to the GNA"]
    assert titles({"supplier": str(world.russia.pk)}) == ["Ammunition to the LNA"]
    assert titles({"recipient": "lna"}) == ["Ammunition to the LNA"]
    # Turkey deploys and supports, but supplies only the drones.
    assert titles({"supplier": "turkey", "recipient": "lna"}) == []


def test_decisions_by_deciding_body(world):
    assert titles({"decided_by": "gna"}) == ["Parliament ratifies the memorandum"]
    assert titles({"decided_by": "lna"}) == []


def test_events_by_their_codes(world):
    assert titles({"plover": "AGREE"}) == ["Arms treaty", "Security memorandum"]
    assert titles({"plover": "assault"}) == ["Capture of al-Watiya"]
    assert titles({"plover": "CONSULT"}) == []
    # A root matches its specific codes; a specific code only itself and those under it.
    assert titles({"cameo": "19"}) == ["Capture of al-Watiya"]
    assert titles({"cameo": "195"}) == ["Capture of al-Watiya"]
    # The ratification is SUPPORT/057 (PLOVER 2.0 puts ratifying under SUPPORT: docs/crosswalk.md).
    assert titles({"cameo": "05"}) == [
        "Arms treaty",
        "Parliament ratifies the memorandum",
        "Security memorandum",
    ]
    assert titles({"cameo": "07"}) == ["Ammunition to the LNA", "Drones to the GNA"]
    assert titles({"cameo": "036"}) == []
    assert titles({"acled_event_type": "Battles"}) == ["Capture of al-Watiya"]
    assert titles({"acled_event_type": "battles"}) == ["Capture of al-Watiya"]
    assert titles({"acled_event_type": "Protests"}) == []


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("plover=NOPE", "plover"),
        ("cameo=999", "cameo"),
        ("cameo=1", "cameo"),
        ("acled_event_type=Skirmish", "acled_event_type"),
        ("stage_on=2019-13-01", "stage_on"),
        ("stage_on=yesterday", "stage_on"),
        ("stage=ratify", "stage"),
        ("size_min=ten", "size_min"),
        ("size_min=-1", "size_min"),
        ("size_max=99999999999999999999999", "size_max"),
        ("size_min=10&size_max=5", "size_max"),
        ("subject=war", "subject"),
        ("personnel_kind=equipment", "personnel_kind"),
        ("agreement_type=military_cooperation", "agreement_type"),
        ("item_category=tanks", "item_category"),
        ("supplier=no%20such", "supplier"),
        ("decided_by=%25", "decided_by"),
        ("ongoing=maybe", "ongoing"),
    ],
)
def test_bad_values_of_the_new_filters_are_400s_naming_them(client, db, query, parameter):
    for endpoint in ("events", "agreements", "transfers"):
        response = get(client, f"{endpoint}/?{query}")
        assert response.status_code == 400, (endpoint, query)
        assert parameter in response.json()


# ---------------------------------------------------------------------------- search


def test_q_finds_events_by_their_places_names(client, world):
    assert titles({"q": "الوطية"}) == ["Capture of al-Watiya"]
    assert titles({"q": "Watiya Air Base"}) == ["Capture of al-Watiya"]


def test_q_follows_a_place_renamed_given_an_alias_or_changed(world):
    world.watiya.name = "Uqba bin Nafi Air Base"
    world.watiya.save()
    assert titles({"q": "Uqba bin Nafi"}) == ["Capture of al-Watiya"]
    assert titles({"q": "Watiya Air Base"}) == []
    alias = PlaceName.objects.create(place=world.watiya, name="Okba Field", language=Language.ENGLISH)
    assert titles({"q": "Okba Field"}) == ["Capture of al-Watiya"]
    alias.delete()
    assert titles({"q": "Okba Field"}) == []
    world.statement.place = world.watiya
    world.statement.save()
    assert titles({"q": "الوطية"}) == ["Capture of al-Watiya", "Moscow warns Ankara"]


# ---------------------------------------------------------------------------- visibility


def test_actors_named_by_a_published_agreements_stage_or_provision_are_public(client, world):
    listed = {item["slug"] for item in results(get(client, "actors/?page_size=100"))}
    assert {"grand-national-assembly", "turkish-navy"} <= listed
    assert get(client, f"actors/{world.parliament.pk}/").status_code == 200
    assert get(client, f"actors/{world.navy.pk}/").status_code == 200


def test_a_draft_agreements_stage_and_provision_make_no_one_public(client, world):
    listed = {item["slug"] for item in results(get(client, "actors/?page_size=100"))}
    assert not {"hidden-body", "hidden-party"} & listed
    assert get(client, f"actors/{world.hidden_body.pk}/").status_code == 404
    assert get(client, f"actors/{world.hidden_party.pk}/").status_code == 404
    assert get(client, "actors/?q=Hidden").json()["results"] == []


def test_an_agreement_retracted_takes_its_stage_actor_out_of_view(client, world):
    Event.objects.filter(pk=world.memorandum.pk).update(status=RecordStatus.RETRACTED)
    assert get(client, f"actors/{world.parliament.pk}/").status_code == 404
    assert get(client, f"actors/{world.navy.pk}/").status_code == 404


def test_a_stages_act_shows_once_the_decision_is_published(client, world):
    path = f"agreements/{world.memorandum.pk}/"
    assert get(client, path).json()["stages"][2]["act"] is None
    Event.objects.filter(pk=world.decree.pk).update(status=RecordStatus.PUBLISHED)
    assert get(client, path).json()["stages"][2]["act"]["title"] == "Draft decree"
    Event.objects.filter(pk=world.vote.pk).update(status=RecordStatus.DRAFT)
    assert get(client, path).json()["stages"][1]["act"] is None


def test_nothing_of_the_draft_agreement_reaches_a_csv(client, world):
    body = b"".join(get(client, "agreements/?format=csv").streaming_content).decode()
    assert "Hidden" not in body and "Draft decree" not in body


# ---------------------------------------------------------------------------- CSV


def test_the_csv_has_every_new_field(client, world):
    rows = {row["title"]: row for row in read_csv(get(client, "events/?format=csv"))}
    memorandum = rows["Security memorandum"]
    assert memorandum["stages"] == "signed 2019-11; ratified 2019-12-10; in_force 2020-01-02"
    assert memorandum["provisions"] == "defence (every party); training (Turkish Navy)"
    assert memorandum["agreement_subjects"] == "military_cooperation; training"
    assert (memorandum["agreement_stage"], memorandum["cameo_code"]) == ("in_force", "057")
    advisers = rows["Advisers and trainers"]
    assert advisers["deployment_personnel"] == "trainers; advisers"
    assert (advisers["ongoing"], advisers["end"], advisers["covered_to"]) == ("true", "", "")
    capture = rows["Capture of al-Watiya"]
    assert (capture["plover_event_type"], capture["plover_mode"]) == ("ASSAULT", "aerial")
    assert (capture["acled_event_type"], capture["acled_sub_event_type"]) == (
        "Battles",
        "Non-state actor overtakes territory",
    )
    assert rows["Parliament ratifies the memorandum"]["votes_for"] == "300"
    assert rows["Drones to the GNA"]["transfer_item"] == "Bayraktar TB2"
    assert rows["Moscow warns Ankara"]["statement_stance"] == "warning"


@pytest.mark.parametrize(
    ("endpoint", "own", "others"),
    [
        ("agreements", ["stages", "provisions", "agreement_subjects"], ["ongoing", "votes_for"]),
        ("deployments", ["deployment_personnel", "ongoing"], ["stages", "transfer_item"]),
        ("decisions", ["decision_type", "votes_for"], ["ongoing", "provisions", "operation_type"]),
        ("operations", ["operation_type", "ongoing"], ["stages", "statement_stance"]),
        ("transfers", ["transfer_item_category", "transfer_quantity_min"], ["ongoing", "decision_type"]),
        ("statements", ["statement_stance"], ["ongoing", "stages", "deployment_personnel"]),
    ],
)
def test_each_kinds_csv_has_its_own_columns_and_the_codes(client, world, endpoint, own, others):
    header = b"".join(get(client, f"{endpoint}/?format=csv").streaming_content).decode().splitlines()[0]
    columns = header.lstrip("\ufeff").split(",")
    assert set(own) | {"plover_event_type", "cameo_code", "acled_event_type"} <= set(columns)
    assert not set(others) & set(columns)
