"""Issue 12 as reviewed: bad input on the new kinds' forms, and what the new parts keep current."""

import datetime

import pytest

from events import revisions
from events.choices import ParticipantRole
from events.models import Event, Stage
from events.models.events import CODE_FIELDS
from tests.events.test_admin import admin_url, changeform_data
from tests.factories import ActorFactory, EventFactory, published_event

pytestmark = pytest.mark.django_db

ONE_STAGE = {
    "stages-TOTAL_FORMS": "1",
    "stages-0-stage": "signed",
    "stages-0-date": "2019-11-27",
    "stages-0-date_precision": "day",
}


def post_agreement(editor_client, **changes):
    page = editor_client.get(admin_url(Event, "add"))
    data = changeform_data(
        page, kind="agreement", title="Probe", start_date="2019-11-27", start_precision="day", **changes
    )
    return editor_client.post(admin_url(Event, "add"), data)


def inline_errors(response, prefix):
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == prefix:
            return [form.errors for form in inline.formset.forms]
    raise AssertionError(prefix)


@pytest.mark.parametrize(
    "changes, prefix, field",
    [
        ({**ONE_STAGE, "stages-0-responsible": "99999999999999999999"}, "stages", "responsible"),
        ({**ONE_STAGE, "stages-0-act": "99999999999999999999"}, "stages", "act"),
        (
            {
                "provisions-TOTAL_FORMS": "1",
                "provisions-0-obligation": "defence",
                "provisions-0-party": "99999999999999999999",
            },
            "provisions",
            "party",
        ),
    ],
)
def test_an_id_beyond_the_database_range_in_an_inline_is_a_form_error(editor_client, changes, prefix, field):
    response = post_agreement(editor_client, **changes)
    assert response.status_code == 200
    assert field in inline_errors(response, prefix)[0]
    assert not Event.objects.filter(title="Probe").exists()


@pytest.mark.parametrize("day", ["0001-01-01", "1799-12-31", "2101-01-01", "9999-12-31"])
def test_a_stage_dated_outside_the_editors_years_is_a_form_error(editor_client, day):
    response = post_agreement(editor_client, **{**ONE_STAGE, "stages-0-date": day})
    assert response.status_code == 200
    assert "date" in inline_errors(response, "stages")[0]
    assert not Event.objects.filter(title="Probe").exists()


def stage_row(name, day, pk):
    return {
        "id": pk,
        "stage": name,
        "date": day,
        "date_precision": "day",
        "responsible_id": None,
        "act_id": None,
        "note": "",
    }


def codes_of(event):
    return Event.objects.filter(pk=event.pk).values(*CODE_FIELDS).get()


def test_an_approved_change_that_replaces_the_last_stage_keeps_the_latest_stage(editor, reviewer, settings):
    """The suspension removed and entered again with its corrected date: the row deleted first
    reads the agreement afresh, the row added after reads the copy being approved."""
    settings.REVIEW_SELF_APPROVAL = False
    agreement = published_event(kind="agreement", participants=[(ActorFactory(), ParticipantRole.SIGNATORY)])
    signed = Stage.objects.create(agreement=agreement, stage="signed", date=datetime.date(2019, 11, 27))
    signed_codes = codes_of(agreement)
    Stage.objects.create(agreement=agreement, stage="suspended", date=datetime.date(2020, 12, 10))
    suspended_codes = codes_of(agreement)
    assert suspended_codes != signed_codes  # the crosswalk reads the latest stage
    state = revisions.record_state(agreement)
    state["stages"] = [stage_row("signed", "2019-11-27", signed.pk), stage_row("suspended", "2020-12-21", -1)]
    revisions.approve(revisions.propose(agreement, state, editor, "Suspended on the 21st"), reviewer)
    agreement.refresh_from_db()
    assert sorted(agreement.stages.values_list("stage", flat=True)) == ["signed", "suspended"]
    assert agreement.agreement_stage == "suspended"
    assert codes_of(agreement) == suspended_codes


@pytest.mark.parametrize("delete_stage", [False, True])
def test_an_agreement_with_a_stage_made_a_meeting_is_a_form_error_or_loses_its_stage(
    editor_client, delete_stage
):
    agreement = EventFactory(kind="agreement", title="Memorandum")
    Stage.objects.create(agreement=agreement, stage="signed", date=datetime.date(2019, 11, 27))
    page = editor_client.get(admin_url(Event, "change", agreement.pk))
    changes = {"kind": "meeting", **({"stages-0-DELETE": "on"} if delete_stage else {})}
    response = editor_client.post(admin_url(Event, "change", agreement.pk), changeform_data(page, **changes))
    agreement.refresh_from_db()
    if delete_stage:
        assert response.status_code == 302
        assert (agreement.kind, agreement.agreement_stage, agreement.stages.count()) == ("meeting", "", 0)
    else:
        assert response.status_code == 200
        assert "Only an agreement has stages" in str(inline_errors(response, "stages"))
        assert (agreement.kind, agreement.agreement_stage) == ("agreement", "signed")


def test_a_copy_of_an_agreement_loaded_before_its_stage_does_not_write_the_old_stage_back():
    agreement = EventFactory(kind="agreement")
    copy = Event.objects.get(pk=agreement.pk)
    Stage.objects.create(agreement=agreement, stage="signed", date=datetime.date(2019, 11, 27))
    copy.title = "Retitled"
    copy.save()
    agreement.refresh_from_db()
    assert agreement.agreement_stage == "signed"


def test_the_admin_year_filter_does_not_run_to_an_ongoing_events_stored_end(admin_client):
    import datetime

    from django.utils import timezone

    from tests.factories import published_event

    published_event(kind="deployment", start_date=datetime.date(2020, 1, 5), ongoing=True)
    response = admin_client.get("/admin/events/event/")
    html = response.content.decode()
    assert "?year=2020" in html
    assert f"?year={timezone.localdate().year}" in html
    assert "?year=2100" not in html
