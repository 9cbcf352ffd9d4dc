"""Issue 12, editors' side: roles per kind, required roles, agreement stages, and stages and
provisions through review, revert and merges."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from events import revisions
from events.choices import ParticipantRole, RecordStatus
from events.history import record_history
from events.merging import merge_actors
from events.models import Event, Participant, Provision, Stage
from events.services import change_status, status_problems
from tests.events.test_admin import admin_url, changeform_data
from tests.factories import ActorFactory, EventFactory, ParticipantFactory, published_event

pytestmark = pytest.mark.django_db


def test_a_role_that_is_not_of_the_kind_is_refused_on_the_participant():
    event = EventFactory(kind="operation")
    participant = Participant(event=event, actor=ActorFactory(), role=ParticipantRole.ATTENDEE)
    with pytest.raises(ValidationError) as error:
        participant.full_clean()
    assert "role" in error.value.message_dict


def test_an_operation_without_an_attacker_does_not_go_to_review(editor):
    event = EventFactory(kind="operation")
    ParticipantFactory(event=event, role=ParticipantRole.DEFENDER)
    assert any("attacker" in problem for problem in status_problems(event, RecordStatus.IN_REVIEW))
    with pytest.raises(ValidationError):
        change_status(event, RecordStatus.IN_REVIEW, editor)
    ParticipantFactory(event=event, role=ParticipantRole.ATTACKER)
    assert change_status(event, RecordStatus.IN_REVIEW, editor).status == RecordStatus.IN_REVIEW


def stage(agreement, name, day, precision="day"):
    return Stage(agreement=agreement, stage=name, date=day, date_precision=precision)


def test_a_ratification_certainly_before_the_signing_is_refused():
    agreement = EventFactory(kind="agreement")
    stage(agreement, "signed", datetime.date(2019, 11, 27)).save()
    early = stage(agreement, "ratified", datetime.date(2019, 11, 20))
    with pytest.raises(ValidationError) as error:
        early.full_clean()
    assert "date" in error.value.message_dict
    # Known only to the month, it may be after the 27th: not refused.
    stage(agreement, "ratified", datetime.date(2019, 11, 1), "month").full_clean()


def test_a_stage_on_a_non_agreement_or_with_a_non_decision_act_is_refused():
    with pytest.raises(ValidationError):
        stage(EventFactory(kind="meeting"), "signed", datetime.date(2019, 11, 27)).full_clean()
    agreement = EventFactory(kind="agreement")
    wrong = stage(agreement, "ratified", datetime.date(2019, 12, 21))
    wrong.act = EventFactory(kind="meeting")
    with pytest.raises(ValidationError) as error:
        wrong.full_clean()
    assert "act" in error.value.message_dict


def test_an_agreement_with_two_stages_entered_in_the_admin_and_published(editor_client, reviewer):
    page = editor_client.get(admin_url(Event, "add"))
    actor = ActorFactory()
    data = changeform_data(
        page,
        kind="agreement",
        title="Security memorandum",
        start_date="2019-11-27",
        start_precision="day",
        agreement_type="memorandum",
        agreement_subjects=["security", "maritime_delimitation"],
        **{
            "participants-0-actor": str(actor.pk),
            "participants-0-role": "signatory",
            "stages-TOTAL_FORMS": "2",
            "stages-0-stage": "signed",
            "stages-0-date": "2019-11-27",
            "stages-0-date_precision": "day",
            "stages-1-stage": "ratified",
            "stages-1-date": "2019-12-21",
            "stages-1-date_precision": "day",
            "stages-1-responsible": str(actor.pk),
        },
    )
    response = editor_client.post(admin_url(Event, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(title="Security memorandum")
    assert event.agreement_subjects == ["security", "maritime_delimitation"]
    assert sorted(event.stages.values_list("stage", flat=True)) == ["ratified", "signed"]
    assert event.agreement_stage == "ratified"


def test_a_ratification_before_the_signing_is_a_form_error_not_a_500(editor_client):
    page = editor_client.get(admin_url(Event, "add"))
    data = changeform_data(
        page,
        kind="agreement",
        title="Backdated",
        start_date="2019-11-27",
        start_precision="day",
        **{
            "stages-TOTAL_FORMS": "2",
            "stages-0-stage": "signed",
            "stages-0-date": "2019-11-27",
            "stages-0-date_precision": "day",
            "stages-1-stage": "ratified",
            "stages-1-date": "2019-10-01",
            "stages-1-date_precision": "day",
            "transfer_quantity_min": "99999999999999999999",
        },
    )
    response = editor_client.post(admin_url(Event, "add"), data)
    assert response.status_code == 200
    assert not Event.objects.filter(title="Backdated").exists()


def test_a_stage_and_a_provision_go_through_review_and_revert(editor, reviewer, settings):
    settings.REVIEW_SELF_APPROVAL = False
    party = ActorFactory()
    agreement = published_event(kind="agreement", participants=[(party, ParticipantRole.SIGNATORY)])
    live = revisions.record_state(agreement)
    state = revisions.record_state(agreement)
    state["stages"] = [
        {
            "id": -1,
            "stage": "signed",
            "date": "2019-11-27",
            "date_precision": "day",
            "responsible_id": None,
            "act_id": None,
            "note": "",
        }
    ]
    state["provisions"] = [{"id": -2, "obligation": "defence", "party_id": party.pk, "note": ""}]
    revision = revisions.propose(agreement, state, editor, "Add the signing")
    diff = revisions.revision_diff(revision)
    assert {row.part.name for row in diff.rows} == {"stages", "provisions"}
    assert not agreement.stages.exists()  # not public until approved
    revisions.approve(revision, reviewer)
    agreement.refresh_from_db()
    assert agreement.agreement_stage == "signed"
    assert agreement.provisions.get().party == party
    assert any(entry.part and entry.part.name == "stages" for entry in record_history(agreement))
    # Reverting to the state before the change removes the stage again.
    revisions.apply_state(agreement, live)
    agreement.refresh_from_db()
    assert agreement.agreement_stage == "" and not agreement.provisions.exists()


def test_an_actor_merge_moves_stages_and_provisions():
    duplicate, survivor = ActorFactory(), ActorFactory()
    agreement = EventFactory(kind="agreement")
    signing = stage(agreement, "signed", datetime.date(2019, 11, 27))
    signing.responsible = duplicate
    signing.save()
    provision = Provision.objects.create(agreement=agreement, obligation="defence", party=duplicate)
    merge_actors(duplicate, survivor)
    signing.refresh_from_db()
    provision.refresh_from_db()
    assert (signing.responsible, provision.party) == (survivor, survivor)
