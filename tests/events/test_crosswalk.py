"""The crosswalk to PLOVER, CAMEO and ACLED (events.crosswalk, docs/crosswalk.md): one table
covering every kind, detail and role combination, codes from the published code lists only, kept
current as participants and stages change, and filled for stored events by migration 0022."""

import datetime
import importlib
import io
import itertools
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from events import crosswalk
from events.choices import (
    ROLES_OF_KIND,
    AgreementStage,
    DecisionType,
    EventKind,
    OperationOutcome,
    OperationType,
    ParticipantRole,
    StatementStance,
    TransferStatus,
)
from events.crosswalk import (
    ACLED_EVENT_TYPES,
    ACLED_SUB_EVENT_TYPES,
    ACLED_SUB_EVENT_TYPES_OF_TYPE,
    CAMEO_CODES,
    CAMEO_EVENT_CODES,
    CAMEO_ROOTS,
    CROSSWALK,
    PLOVER_EVENT_TYPES,
    PLOVER_MODES,
    PLOVER_MODES_OF_TYPE,
    Codes,
    cameo_root,
    codes_for,
    table_markdown,
)
from events.fields import ChoiceListField
from events.models import Event, Participant, Stage
from events.models.events import CODE_FIELDS, KIND_FIELDS
from tests.factories import EventFactory, ParticipantFactory

R = ParticipantRole
DOC = settings.BASE_DIR / "docs" / "crosswalk.md"


# --- The code lists ------------------------------------------------------------------------


def test_plover_has_its_sixteen_event_types():
    assert {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    } == PLOVER_EVENT_TYPES
    assert set().union(*PLOVER_MODES_OF_TYPE.values()) == PLOVER_MODES
    assert PLOVER_MODES_OF_TYPE["CONSULT"] == {"visit", "third-party", "multilateral", "phone"}
    assert PLOVER_MODES_OF_TYPE["AID"] == set()


def test_cameo_codes_are_the_twenty_roots_and_their_sub_codes():
    assert {f"{n:02d}" for n in range(1, 21)} == CAMEO_ROOTS
    assert len(CAMEO_CODES) == len(CAMEO_EVENT_CODES) == 311
    for code in CAMEO_CODES:
        assert re.fullmatch(r"\d{2,4}", code), code
        assert cameo_root(code) in CAMEO_ROOTS, code
        # A 4-digit code sits under a 3-digit one (0312 under 031).
        assert len(code) < 4 or code[:3] in CAMEO_CODES, code
    assert CAMEO_EVENT_CODES["036"] == "Express intent to meet or negotiate"
    assert cameo_root("0312") == "03"


def test_acled_has_six_event_types_and_twenty_five_sub_event_types():
    assert len(ACLED_EVENT_TYPES) == 6
    assert len(ACLED_SUB_EVENT_TYPES) == 25
    assert "Strategic developments" in ACLED_EVENT_TYPES
    assert ACLED_SUB_EVENT_TYPES_OF_TYPE["Battles"] == (
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Armed clash",
    )


def assert_codes_valid(codes, context=""):
    """Every code is from the exported lists, and modes and sub-event types belong to their type."""
    assert codes.cameo_code in CAMEO_CODES, context
    if codes.plover_event_type:
        assert codes.plover_event_type in PLOVER_EVENT_TYPES, context
        assert codes.plover_mode in PLOVER_MODES_OF_TYPE[codes.plover_event_type] | {""}, context
    else:
        assert codes.plover_mode == "", context
    if codes.acled_event_type:
        assert codes.acled_event_type in ACLED_EVENT_TYPES, context
        assert codes.acled_sub_event_type in (*ACLED_SUB_EVENT_TYPES_OF_TYPE[codes.acled_event_type], ""), (
            context
        )
    else:
        assert codes.acled_sub_event_type == "", context
    # The columns' widths (events.models.Event) hold them.
    for name, value in codes.as_fields().items():
        assert len(value) <= Event._meta.get_field(name).max_length, (name, value)


# --- The table -----------------------------------------------------------------------------


@pytest.mark.parametrize("row", CROSSWALK, ids=lambda row: f"{row.kind}:{row.codes.cameo_code}")
def test_each_row_reads_its_kinds_details_and_roles_and_gives_known_codes(row):
    assert row.kind in EventKind.values
    assert row.roles <= set(ROLES_OF_KIND[row.kind]), row
    for name, value in row.details:
        assert name in KIND_FIELDS[row.kind], row
        assert value in dict(Event._meta.get_field(name).choices), row
    assert_codes_valid(row.codes, row)
    assert row.why.strip()


def test_each_kind_ends_with_a_default_row():
    for kind in EventKind.values:
        rows = [row for row in CROSSWALK if row.kind == kind]
        assert rows, kind
        assert not rows[-1].details and not rows[-1].roles, kind
        # Only the default is unconditional: a second one would never be reached.
        assert sum(1 for row in rows if not row.details and not row.roles) == 1, kind


def choice_values(name):
    """The values a detail can hold: each choice, and empty; a list detail one choice at a time."""
    field = Event._meta.get_field(name)
    values = [value for value, _label in field.choices]
    if isinstance(field, ChoiceListField):
        return [[], *([value] for value in values)]
    return ["", *values]


def combinations(kind):
    """Every event of ``kind`` the table can tell apart: each value of each detail any row of the
    kind reads, with every set of the kind's roles."""
    names = sorted({name for row in CROSSWALK if row.kind == kind for name, _ in row.details})
    roles = ROLES_OF_KIND[kind]
    role_sets = [set(c) for n in range(len(roles) + 1) for c in itertools.combinations(roles, n)]
    for values in itertools.product(*(choice_values(name) for name in names)):
        event = Event(kind=kind, **dict(zip(names, values, strict=True)))
        for role_set in role_sets:
            yield event, role_set


@pytest.mark.parametrize("kind", EventKind.values)
def test_every_detail_and_role_combination_gets_known_codes_and_every_row_is_reached(kind):
    reached = set()
    seen = 0
    for event, roles in combinations(kind):
        rows = [row for row in CROSSWALK if row.kind == kind and row.fits(event, roles)]
        assert rows, (kind, roles)
        reached.add(id(rows[0]))
        codes = codes_for(event, roles)
        assert codes == rows[0].codes
        assert_codes_valid(codes, (kind, roles))
        seen += 1
    assert seen >= 2 ** len(ROLES_OF_KIND[kind])
    unreached = [row for row in CROSSWALK if row.kind == kind and id(row) not in reached]
    assert not unreached, unreached


def test_the_list_details_are_the_list_fields():
    lists = {f.name for f in Event._meta.get_fields() if isinstance(f, ChoiceListField)}
    assert lists == crosswalk.LIST_DETAILS


def test_details_the_table_reads_are_the_ones_that_matter():
    """Subtypes that change the codes are read; the ones docs/crosswalk.md calls finer are not."""
    read = {name for row in CROSSWALK for name, _ in row.details}
    assert read == {
        "agreement_stage",
        "agreement_type",
        "agreement_subjects",
        "decision_type",
        "decision_outcome",
        "operation_type",
        "operation_outcome",
        "transfer_status",
        "statement_stance",
    }


def codes(kind, roles=(), **details):
    return codes_for(Event(kind=kind, **details), set(roles))


def test_visits_are_coded_from_the_visitors_side_and_the_hosts_when_no_visitor_is_named():
    assert codes(EventKind.VISIT, [R.VISITOR, R.HOST]) == Codes("CONSULT", "visit", "042")
    assert codes(EventKind.VISIT, [R.HOST]).cameo_code == "043"
    assert codes(EventKind.VISIT, [R.RECEIVED_BY, R.WITNESS]).cameo_code == "043"
    assert codes(EventKind.VISIT, []).cameo_code == "042"


def test_a_mediated_meeting_is_mediation():
    assert codes(EventKind.MEETING, [R.ATTENDEE, R.MEDIATOR]) == Codes(
        "CONSULT", "", "045", "Strategic developments", "Agreement"
    )
    assert codes(EventKind.MEETING, [R.ATTENDEE, R.HOST]) == Codes("CONSULT", "", "040")


def test_agreements_follow_their_latest_stage_and_form():
    signed = Codes("SUPPORT", "", "057", "Strategic developments", "Agreement")
    assert codes(EventKind.AGREEMENT, [R.SIGNATORY], agreement_stage=AgreementStage.SIGNED) == signed
    assert (
        codes(EventKind.AGREEMENT, agreement_stage=AgreementStage.RATIFIED, agreement_type="treaty") == signed
    )
    assert (
        codes(EventKind.AGREEMENT, agreement_stage=AgreementStage.SUSPENDED).plover_event_type == "SANCTION"
    )
    assert codes(EventKind.AGREEMENT, agreement_stage=AgreementStage.PROPOSED).plover_event_type == "AGREE"
    assert codes(EventKind.AGREEMENT, agreement_stage=AgreementStage.NEGOTIATED).cameo_code == "046"
    declaration = {"agreement_type": "declaration"}
    assert codes(
        EventKind.AGREEMENT, **declaration, agreement_subjects=["economic", "training"]
    ).cameo_code == ("0312")
    assert codes(EventKind.AGREEMENT, **declaration, agreement_subjects=["energy"]).cameo_code == "0311"
    assert codes(EventKind.AGREEMENT, **declaration).cameo_code == "030"


def test_deployments_are_aid_to_a_host_and_a_show_of_force_without_one():
    assert codes(EventKind.DEPLOYMENT, [R.DEPLOYING, R.HOSTING], deployment_personnel=["trainers"]) == Codes(
        "AID", "", "072", "Strategic developments", "Change to group/activity"
    )
    assert codes(EventKind.DEPLOYMENT, [R.DEPLOYING, R.RECIPIENT]).plover_event_type == "AID"
    assert codes(EventKind.DEPLOYMENT, [R.DEPLOYING]) == Codes(
        "MOBILIZE", "troops", "154", "Strategic developments", "Change to group/activity"
    )


def test_decisions_by_type_and_outcome():
    body = [R.DECIDING_BODY]
    assert codes(EventKind.DECISION, body, decision_type=DecisionType.SANCTION) == Codes(
        "SANCTION", "discontinue", "163"
    )
    assert codes(EventKind.DECISION, [R.RATIFYING_BODY], decision_type=DecisionType.RATIFICATION) == Codes(
        "SUPPORT", "", "057"
    )
    assert codes(
        EventKind.DECISION, body, decision_type=DecisionType.VOTE, decision_outcome="adopted"
    ) == Codes("AGREE", "", "030")
    refused = codes(
        EventKind.DECISION, body, decision_type=DecisionType.RATIFICATION, decision_outcome="rejected"
    )
    assert refused == Codes("REJECT", "", "120")
    assert codes(EventKind.DECISION, [*body, R.TARGET], decision_type=DecisionType.DECREE).cameo_code == "160"


def test_operations_by_type_and_outcome():
    capture = codes(
        EventKind.OPERATION, [R.ATTACKER, R.SUPPORTER, R.DEFENDER], operation_type=OperationType.CAPTURE
    )
    assert capture == Codes("ASSAULT", "", "192", "Battles", "")
    held = codes(
        EventKind.OPERATION,
        [R.ATTACKER],
        operation_type=OperationType.CAPTURE,
        operation_outcome=OperationOutcome.DEFENDER_HELD,
    )
    assert held == Codes("ASSAULT", "", "190", "Battles", "Armed clash")
    assert codes(EventKind.OPERATION, [R.ATTACKER], operation_type=OperationType.AIR_STRIKE) == Codes(
        "ASSAULT", "", "195", "Explosions/Remote violence", "Air/drone strike"
    )
    shelling = codes(EventKind.OPERATION, [R.ATTACKER], operation_type=OperationType.SHELLING)
    assert (shelling.plover_mode, shelling.acled_sub_event_type) == (
        "heavy-weapons",
        "Shelling/artillery/missile attack",
    )


def test_transfers_ordered_are_a_promise_and_delivered_are_aid():
    roles = [R.SUPPLIER, R.RECIPIENT]
    assert codes(EventKind.TRANSFER, roles, transfer_status=TransferStatus.ORDERED) == Codes(
        "AGREE", "", "0332"
    )
    assert codes(EventKind.TRANSFER, roles, transfer_status=TransferStatus.DELIVERED) == Codes(
        "AID", "", "072"
    )


def test_statements_by_stance():
    speaker = [R.SPEAKER, R.SUBJECT]
    by_stance = {
        stance: codes(EventKind.STATEMENT, speaker, statement_stance=stance) for stance in StatementStance
    }
    assert by_stance[StatementStance.SUPPORT] == Codes("SUPPORT", "", "051")
    assert by_stance[StatementStance.OPPOSITION] == Codes("ACCUSE", "disapprove", "111")
    assert by_stance[StatementStance.DENIAL] == Codes("REJECT", "", "016")
    assert by_stance[StatementStance.WARNING] == Codes("THREATEN", "", "130")
    assert codes(EventKind.STATEMENT, speaker) == Codes("", "", "010")


def test_the_doc_prints_the_table_exactly():
    text = DOC.read_text(encoding="utf-8")
    start = text.index("<!-- crosswalk table: printed by events.crosswalk.table_markdown() -->\n")
    end = text.index("<!-- end of crosswalk table -->")
    printed = text[start:end].split("\n", 1)[1]
    assert printed == table_markdown()
    # Row by row, so that a row missing from the doc is named.
    for number, row in enumerate(CROSSWALK, start=1):
        assert f"| {number} | {row.kind} |" in printed
        assert row.why.replace("|", "\\|") in printed


def test_the_doc_names_every_exported_constant():
    text = DOC.read_text(encoding="utf-8")
    for name in (
        "PLOVER_EVENT_TYPES",
        "PLOVER_MODES_OF_TYPE",
        "PLOVER_MODES",
        "CAMEO_EVENT_CODES",
        "CAMEO_CODES",
        "CAMEO_ROOTS",
        "ACLED_SUB_EVENT_TYPES_OF_TYPE",
        "ACLED_EVENT_TYPES",
        "ACLED_SUB_EVENT_TYPES",
    ):
        assert f"`{name}`" in text
        assert hasattr(crosswalk, name)


# --- Stored codes follow the records --------------------------------------------------------


def stored(event):
    return Codes(**Event.objects.filter(pk=event.pk).values(*CODE_FIELDS).get())


@pytest.mark.django_db
def test_stored_codes_follow_participants_added_changed_and_removed():
    visit = EventFactory(kind=EventKind.VISIT, title="Visit")
    assert stored(visit).cameo_code == "042"
    host = ParticipantFactory(event=visit, role=R.HOST)
    assert stored(visit).cameo_code == "043"
    visitor = ParticipantFactory(event=visit, role=R.VISITOR)
    assert stored(visit).cameo_code == "042"
    visitor.delete()
    assert stored(visit).cameo_code == "043"
    host.role = R.VISITOR
    host.save()
    assert stored(visit).cameo_code == "042"


@pytest.mark.django_db
def test_a_participant_moved_to_another_event_changes_the_codes_of_both():
    meeting = EventFactory(kind=EventKind.MEETING)
    other = EventFactory(kind=EventKind.MEETING)
    mediator = ParticipantFactory(event=meeting, role=R.MEDIATOR)
    assert (stored(meeting).cameo_code, stored(other).cameo_code) == ("045", "040")
    mediator.event = other
    mediator.save()
    assert (stored(meeting).cameo_code, stored(other).cameo_code) == ("040", "045")


@pytest.mark.django_db
def test_stored_codes_follow_the_events_own_details_on_save():
    statement = EventFactory(kind=EventKind.STATEMENT, statement_stance=StatementStance.SUPPORT)
    ParticipantFactory(event=statement, role=R.SPEAKER)
    assert stored(statement).plover_event_type == "SUPPORT"
    statement = Event.objects.get(pk=statement.pk)
    statement.statement_stance = StatementStance.WARNING
    statement.save()
    assert stored(statement) == Codes("THREATEN", "", "130")


@pytest.mark.django_db
def test_stored_codes_follow_the_latest_stage():
    agreement = EventFactory(kind=EventKind.AGREEMENT, start_date=datetime.date(2019, 11, 27))
    ParticipantFactory(event=agreement, role=R.SIGNATORY)
    Stage.objects.create(agreement=agreement, stage=AgreementStage.SIGNED, date=datetime.date(2019, 11, 27))
    assert stored(agreement).plover_event_type == "SUPPORT"
    suspended = Stage.objects.create(
        agreement=agreement, stage=AgreementStage.SUSPENDED, date=datetime.date(2021, 3, 1)
    )
    assert stored(agreement) == Codes("SANCTION", "discontinue", "160")
    suspended.delete()
    assert stored(agreement).cameo_code == "057"


@pytest.mark.django_db
def test_the_migration_fills_the_codes_of_stored_events():
    migration = importlib.import_module("events.migrations.0022_crosswalk_codes")
    visit = EventFactory(kind=EventKind.VISIT)
    ParticipantFactory(event=visit, role=R.HOST)
    operation = EventFactory(kind=EventKind.OPERATION, operation_type=OperationType.AIR_STRIKE)
    ParticipantFactory(event=operation, role=R.ATTACKER)
    statement = EventFactory(kind=EventKind.STATEMENT, statement_stance=StatementStance.OPPOSITION)
    # As the events were before the crosswalk had rows.
    Event.objects.update(**dict.fromkeys(CODE_FIELDS, ""))
    migration.fill_codes(apps, None)
    assert stored(visit) == Codes("CONSULT", "visit", "043")
    assert stored(operation) == Codes("ASSAULT", "", "195", "Explosions/Remote violence", "Air/drone strike")
    assert stored(statement) == Codes("ACCUSE", "disapprove", "111")


@pytest.mark.django_db
def test_the_demo_data_stores_the_codes_its_roles_give():
    call_command("load_demo_data", stdout=io.StringIO(), stderr=io.StringIO())
    events = list(Event.objects.all())
    assert events
    for event in events:
        roles = set(Participant.objects.filter(event=event).values_list("role", flat=True))
        assert stored(event) == codes_for(event, roles), event
        assert stored(event).cameo_code


def test_a_new_unsaved_event_reads_no_participants():
    """The bench generator takes ids ahead and writes rows in bulk: filling an unsaved event's
    codes must not query (it passes the roles it writes instead)."""
    event = Event(pk=10**9, kind=EventKind.VISIT)
    event.fill_codes()  # no database access outside a django_db test: this would raise
    assert event.cameo_code == "042"
    event.fill_codes({R.HOST})
    assert event.cameo_code == "043"


@pytest.mark.django_db
def test_the_bench_generator_writes_the_codes_of_the_roles_it_writes():
    from events.generator import DatasetGenerator

    generator = DatasetGenerator(events=0)
    event = Event(kind=EventKind.VISIT, title="Generated visit", start_date=datetime.date(2020, 1, 5))
    event.pk = generator.new_id(Event)
    generator.save(event, roles={R.HOST})
    generator.writer(Event).flush()
    assert stored(event) == Codes("CONSULT", "visit", "043")
