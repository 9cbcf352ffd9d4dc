"""Issue 12's model parts: an agreement's dated stages, lists of choices, ongoing events."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from events.dates import ONGOING_END
from events.fields import ChoiceListField
from events.models import Event, Stage
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def agreement():
    return EventFactory(kind="agreement", start_date=D(2019, 11, 27))


def stage_of(event, stage, day, precision="day"):
    return Stage.objects.create(agreement=event, stage=stage, date=day, date_precision=precision)


def stored_stage(event):
    return Event.objects.get(pk=event.pk).agreement_stage


# Stages


def test_the_agreement_keeps_its_latest_stage_as_stages_are_added_and_deleted():
    event = agreement()
    assert stored_stage(event) == ""
    signed = stage_of(event, "signed", D(2019, 11, 27))
    assert stored_stage(event) == "signed"
    ratified = stage_of(event, "ratified", D(2019, 12, 21))
    assert stored_stage(event) == "ratified"
    ratified.delete()
    assert stored_stage(event) == "signed"
    signed.delete()
    assert stored_stage(event) == ""


def test_the_latest_stage_is_by_date_not_by_the_order_of_entry():
    event = agreement()
    stage_of(event, "ratified", D(2019, 12, 21))
    stage_of(event, "signed", D(2019, 11, 27))
    assert stored_stage(event) == "ratified"


def test_on_one_day_the_later_stage_in_the_lifecycle_is_the_latest():
    event = agreement()
    stage_of(event, "in_force", D(2019, 12, 21))
    stage_of(event, "ratified", D(2019, 12, 21))
    assert stored_stage(event) == "in_force"


def test_a_stage_date_is_floored_to_its_precision_and_covers_its_period():
    stage = stage_of(agreement(), "signed", D(2019, 11, 27), "month")
    assert (stage.date, stage.date_lo, stage.date_hi, str(stage)) == (
        D(2019, 11, 1),
        D(2019, 11, 1),
        D(2019, 11, 30),
        "Signed 2019-11",
    )


# ChoiceListField


def personnel_field():
    return Event._meta.get_field("deployment_personnel")


@pytest.mark.parametrize(
    ("value", "codes"),
    [
        (None, []),
        ("", []),
        (",trainers,advisers,", ["trainers", "advisers"]),
        (["advisers", "trainers", "advisers"], ["trainers", "advisers"]),
        ("troops", ["troops"]),
    ],
)
def test_a_choice_list_reads_as_codes_in_the_declared_order_each_once(value, codes):
    assert personnel_field().to_python(value) == codes


def test_a_choice_list_is_stored_between_commas_and_read_back_as_a_list():
    event = EventFactory(kind="deployment", deployment_personnel=["advisers", "trainers"])
    assert personnel_field().get_prep_value(["advisers", "trainers"]) == ",trainers,advisers,"
    assert personnel_field().get_prep_value([]) == ""
    assert Event.objects.get(pk=event.pk).deployment_personnel == ["trainers", "advisers"]


def test_holding_finds_the_records_with_that_code_and_not_a_code_containing_it():
    both = EventFactory(kind="deployment", deployment_personnel=["trainers", "advisers"])
    EventFactory(kind="deployment", deployment_personnel=["troops"])
    EventFactory(kind="deployment", deployment_personnel=[])
    found = Event.objects.filter(ChoiceListField.holding("deployment_personnel", "advisers"))
    assert list(found) == [both]
    assert not Event.objects.filter(ChoiceListField.holding("deployment_personnel", "advise")).exists()


def test_an_unknown_code_is_a_validation_error_on_its_field():
    event = EventFactory.build(kind="deployment", deployment_personnel=["trainers", "pirates"])
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "pirates" in str(error.value.message_dict["deployment_personnel"])


# Ongoing


def test_an_ongoing_deployment_runs_to_the_ongoing_end_but_its_span_counts_known_dates():
    event = EventFactory(kind="deployment", start_date=D(2020, 1, 1), start_precision="month", ongoing=True)
    assert (event.date_lo, event.date_hi, event.date_span) == (D(2020, 1, 1), ONGOING_END, 30)


def test_overlapping_treats_an_ongoing_event_as_running_to_today():
    ongoing = EventFactory(kind="deployment", start_date=D(2020, 1, 1), start_precision="month", ongoing=True)
    ended = EventFactory(kind="deployment", start_date=D(2020, 1, 1), end_date=D(2020, 3, 1))
    today = datetime.date.today()
    assert set(Event.objects.overlapping(D(2024, 6, 1), today)) == {ongoing}
    assert set(Event.objects.overlapping(D(2020, 2, 1), D(2020, 2, 10))) == {ongoing, ended}
    # A date after today is after anything known of it.
    assert list(Event.objects.overlapping(today + datetime.timedelta(days=1), None)) == []


def test_only_a_deployment_or_an_operation_without_an_end_can_be_ongoing():
    meeting = EventFactory.build(kind="meeting", ongoing=True)
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "ongoing" in error.value.message_dict
    ended = EventFactory.build(kind="deployment", ongoing=True, end_date=D(2099, 1, 1))
    with pytest.raises(ValidationError) as error:
        ended.full_clean()
    assert "end_date" in error.value.message_dict
