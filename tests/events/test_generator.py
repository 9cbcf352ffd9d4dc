import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from actors.models import Actor, ActorName
from events.choices import AFTER_SIGNING, ROLES_OF_KIND, STAGE_ORDER, EventKind, RecordStatus
from events.crosswalk import codes_for
from events.dates import ONGOING_END
from events.models import Claim, Event, EventLink, Participant, Place, Source, Stage, Tie
from events.models.events import CODE_FIELDS
from events.services import publication_problems
from tests.api_helpers import all_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    call_command("generate_dataset", events=300, seed=3, stdout=io.StringIO())


def test_it_creates_exactly_the_events_asked_for(generated):
    assert Event.objects.count() == 300


def test_it_creates_every_kind_of_record(generated):
    assert set(Event.objects.values_list("kind", flat=True)) == set(EventKind.values)
    assert set(Event.objects.values_list("status", flat=True)) == set(RecordStatus.values)
    for model in (Actor, ActorName, Place, Source, Tie, Claim, Participant, EventLink):
        assert model.objects.exists(), model
    assert Event.objects.filter(parent__isnull=False).exists()
    assert set(ActorName.objects.values_list("language", flat=True)) >= {"ar", "en", "ru"}


def test_every_participant_has_a_role_of_its_kind(generated):
    wrong = [
        (p.event.kind, p.role)
        for p in Participant.objects.select_related("event")
        if p.role not in ROLES_OF_KIND[p.event.kind]
    ]
    assert wrong == []


def test_agreements_have_dated_stages_and_keep_the_latest(generated):
    agreements = Event.objects.filter(kind=EventKind.AGREEMENT).prefetch_related("stages")
    assert agreements.exists()
    assert Stage.objects.filter(stage="ratified").exists()
    for agreement in agreements:
        stages = list(agreement.stages.all())
        assert stages, agreement
        for stage in stages:
            stage.full_clean()
        assert agreement.agreement_stage == stages[-1].stage
        signed = [s.date_lo for s in stages if s.stage == "signed"]
        assert all(s.date_lo >= signed[0] for s in stages if s.stage in AFTER_SIGNING)
        assert [STAGE_ORDER[s.stage] for s in stages] == sorted(STAGE_ORDER[s.stage] for s in stages)


def test_the_new_details_are_filled_as_each_kind_holds_them(generated):
    deployments = Event.objects.filter(kind=EventKind.DEPLOYMENT)
    assert all(d.deployment_personnel for d in deployments)
    assert any(len(d.deployment_personnel) > 1 for d in deployments)
    ongoing = Event.objects.filter(ongoing=True)
    assert ongoing.exists()
    assert {(e.kind in ("deployment", "operation"), e.end_date, e.date_hi) for e in ongoing} == {
        (True, None, ONGOING_END)
    }
    transfers = Event.objects.filter(kind=EventKind.TRANSFER)
    assert all(
        t.transfer_item_category and t.transfer_quantity_min <= t.transfer_quantity_max for t in transfers
    )
    assert all(s.statement_stance for s in Event.objects.filter(kind=EventKind.STATEMENT))
    assert all(o.operation_type for o in Event.objects.filter(kind=EventKind.OPERATION))
    assert all(d.decision_type for d in Event.objects.filter(kind=EventKind.DECISION))


def test_the_codes_are_the_crosswalks_for_the_generated_roles(generated):
    for event in Event.objects.prefetch_related("participants"):
        codes = codes_for(event, {p.role for p in event.participants.all()}).as_fields()
        assert {field: getattr(event, field) for field in CODE_FIELDS} == codes


def queries_to_generate(events):
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        call_command("generate_dataset", events=events, seed=5, stdout=io.StringIO())
        transaction.set_rollback(True)
    return len(queries)


def test_generating_more_events_makes_no_more_queries():
    # Rows go in chunks: the queries do not grow with the number of events (none per row).
    assert queries_to_generate(40) == queries_to_generate(120)


def test_every_event_passes_validation_and_the_publication_rules(generated):
    for event in Event.objects.select_related("parent"):
        event.full_clean()
        assert publication_problems(event) == []


class Rollback(Exception):
    pass


def generate_and_read(seed):
    """Generate, read the events back, and roll the data away again."""
    try:
        with transaction.atomic():
            call_command("generate_dataset", events=50, seed=seed, stdout=io.StringIO())
            rows = list(Event.objects.order_by("pk").values_list("title", "start_date", "status"))
            raise Rollback
    except Rollback:
        return rows


def test_the_same_seed_gives_the_same_data():
    first = generate_and_read(seed=11)
    assert generate_and_read(seed=11) == first
    assert generate_and_read(seed=12) != first


def test_generated_arabic_names_are_searchable_with_diacritics(generated):
    name = ActorName.objects.filter(language="ar", actor__kind="person").first()
    surname = name.name.split()[-1]
    with_diacritics = surname[0] + "\u064e" + surname[1:]
    assert name.actor in Actor.objects.search(with_diacritics)


def test_drafts_are_not_published(generated):
    drafts = Event.objects.filter(status=RecordStatus.DRAFT)
    assert drafts.exists()
    assert not Event.objects.published().filter(pk__in=drafts).exists()


def test_the_api_shows_no_generated_draft_and_finds_events_by_arabic_names(generated, client, settings):
    listed = {record["id"] for record in all_results(client, "/api/v1/events/?page_size=500")}
    assert listed == set(Event.objects.published().values_list("pk", flat=True))
    assert not listed & set(Event.objects.exclude(status=RecordStatus.PUBLISHED).values_list("pk", flat=True))

    name = ActorName.objects.filter(
        language="ar", actor__participations__event__status=RecordStatus.PUBLISHED
    ).first()
    with_diacritics = name.name[0] + "\u064e" + name.name[1:]
    found = {
        record["id"] for record in all_results(client, f"/api/v1/events/?q={with_diacritics}&page_size=500")
    }
    expected = Event.objects.published().filter(participants__actor=name.actor).values_list("pk", flat=True)
    assert set(expected) <= found
