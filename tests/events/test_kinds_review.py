"""Issue 12 as reviewed: bad input on the new kinds' forms, and what the new parts keep current."""

import pytest

from events.models import Event
from tests.events.test_admin import admin_url, changeform_data

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
