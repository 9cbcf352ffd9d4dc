"""The admin answers bad input with a 404 or a form error, never a 500."""

import pytest
from django.urls import reverse

from events.models import Event
from tests.events.test_admin import PROJECT_MODELS, admin_url, changeform_data, one_of_each
from tests.factories import PlaceFactory


def history_url(record, page, *args):
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{page}", args=args)


@pytest.mark.parametrize("model_name", PROJECT_MODELS)
@pytest.mark.parametrize("version", ["abc", "999999", "1.5"])
def test_an_unknown_version_of_a_record_is_not_found(editor_client, model_name, version):
    record = one_of_each()[model_name]

    response = editor_client.get(history_url(record, "simple_history", record.pk, version))

    assert response.status_code == 404


@pytest.mark.parametrize("model_name", PROJECT_MODELS)
def test_the_history_of_a_record_with_a_non_numeric_id_is_not_found(editor_client, model_name):
    record = one_of_each()[model_name]
    version = record.history.first().history_id

    assert editor_client.get(history_url(record, "history", "abc")).status_code == 404
    assert editor_client.get(history_url(record, "simple_history", "abc", version)).status_code == 404


@pytest.mark.parametrize("page", ["add", "change"])
@pytest.mark.parametrize("place", ["abc", "1.5", "999999"])
def test_a_place_that_is_not_an_id_is_a_form_error(editor_client, page, place):
    event = one_of_each()["event"]
    PlaceFactory()
    args = [event.pk] if page == "change" else []
    form_page = editor_client.get(admin_url(Event, page, *args))
    data = changeform_data(form_page, kind="meeting", title="Meeting", start_date="2025-05-09", place=place)

    response = editor_client.post(admin_url(Event, page, *args), data)

    assert response.status_code == 200
    assert "place" in response.context["adminform"].form.errors


def test_a_participant_that_is_not_an_actor_id_is_a_form_error(editor_client):
    event = one_of_each()["event"]
    page = editor_client.get(admin_url(Event, "change", event.pk))
    data = changeform_data(page, **{"participants-0-actor": "abc"})

    response = editor_client.post(admin_url(Event, "change", event.pk), data)

    assert response.status_code == 200
    [participants] = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "participants"
    ]
    assert "actor" in participants.forms[0].errors
