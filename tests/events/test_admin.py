"""The admin where editors enter a story and reviewers publish it."""

import datetime
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actors.choices import Language
from events.choices import EventKind, ParticipantRole, RecordStatus, Reliability
from events.history import edits
from events.models import Claim, Event, Place, Source, Tie
from events.services import NEEDS_CLAIM, NEEDS_PARTICIPANT
from tests.factories import (
    ActorFactory,
    ActorNameFactory,
    ClaimFactory,
    EventFactory,
    ParticipantFactory,
    PlaceFactory,
    SourceFactory,
    TieFactory,
    published_event,
)

QUOTE = "وصل المشير خليفة حفتر مساء الأربعاء إلى موسكو بدعوة من روسيا"


# --- helpers: post back what a page shows, with a few values changed ----------------------------


def form_values(form):
    """The POST data a browser sends for ``form`` as rendered (checkboxes off are left out)."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        elif isinstance(value, list | tuple):
            value = [str(item) for item in value]
        else:
            value = str(value)
        data[form.add_prefix(name)] = value
    return data


def changeform_data(response, **changes):
    """Everything an admin add or change page posts: its form, and each inline formset."""
    data = form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_values(formset.management_form))
        for form in formset.forms:
            data.update(form_values(form))
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def admin_url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


class TextBoxes(HTMLParser):
    """Collects the text inputs and text areas of a page, with their attributes.

    The sidebar's filter (type "search") is left out: it filters the English model names.
    """

    TEXT_TYPES = {"text", "url", "email"}

    def __init__(self):
        super().__init__()
        self.boxes = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "textarea" or (tag == "input" and attrs.get("type") in self.TEXT_TYPES):
            self.boxes.append(attrs)


# --- every page loads -----------------------------------------------------------------------------


def one_of_each():
    """One saved record per model registered in the admin by this project."""
    event = published_event()
    tie = TieFactory()
    ClaimFactory(event=None, tie=tie)
    return {
        "actor": event.participants.get().actor,
        "place": PlaceFactory(),
        "source": SourceFactory(),
        "event": event,
        "tie": tie,
        "claim": event.claims.get(),
    }


PROJECT_MODELS = sorted(
    model._meta.model_name for model in admin.site._registry if model._meta.app_label in {"actors", "events"}
)


def test_every_model_of_the_project_is_in_the_admin():
    assert PROJECT_MODELS == ["actor", "claim", "event", "place", "source", "tie"]


@pytest.mark.parametrize("page", ["changelist", "add", "change", "history"])
@pytest.mark.parametrize("model_name", PROJECT_MODELS)
def test_every_admin_page_loads_for_an_editor(editor_client, model_name, page):
    record = one_of_each()[model_name]
    args = [] if page in {"changelist", "add"} else [record.pk]
    url = reverse(f"admin:{record._meta.app_label}_{model_name}_{page}", args=args)

    response = editor_client.get(url)

    assert response.status_code == 200


def test_the_history_of_a_change_opens_on_its_revert_page(editor_client):
    source = SourceFactory()
    version = edits(source).get()

    response = editor_client.get(admin_url(Source, "simple_history", source.pk, version.history_id))

    assert response.status_code == 200


@pytest.mark.parametrize("model_name", PROJECT_MODELS)
def test_a_changelist_makes_as_many_queries_for_four_rows_as_for_one(editor_client, model_name):
    url = reverse(f"admin:{'actors' if model_name == 'actor' else 'events'}_{model_name}_changelist")
    one_of_each()
    editor_client.get(url)  # warm up: sessions, content types, permissions
    with CaptureQueriesContext(connection) as for_one:
        editor_client.get(url)
    for _ in range(3):
        one_of_each()

    with CaptureQueriesContext(connection) as for_four:
        response = editor_client.get(url)

    assert response.context["cl"].result_count >= 4
    assert len(for_four) == len(for_one)


# --- search ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["حفتر", "حَفْتَر", "حفـــتر", "Hifter"])
def test_an_event_is_found_by_any_spelling_of_a_participant(editor_client, query):
    haftar = ActorFactory(name="Khalifa Haftar")
    ActorNameFactory(actor=haftar, name="خليفة حفتر", language=Language.ARABIC)
    ActorNameFactory(actor=haftar, name="Khalifa Haftar", language=Language.ENGLISH)
    visit = EventFactory(kind=EventKind.VISIT, title="Visit to Moscow")
    ParticipantFactory(event=visit, actor=haftar, role=ParticipantRole.VISITOR)
    other = EventFactory(title="Unrelated meeting")

    response = editor_client.get(admin_url(Event, "changelist"), {"q": query})

    shown = list(response.context["cl"].result_list)
    assert visit in shown
    assert other not in shown


@pytest.mark.parametrize("query", ["حفتر", "حَفْتَر", "موسكـو", "بدعوه"])
def test_a_claim_is_found_by_its_quote_in_any_spelling(editor_client, query):
    claim = ClaimFactory(quote=QUOTE, quote_language=Language.ARABIC)
    other = ClaimFactory(quote="Another quote entirely")

    response = editor_client.get(admin_url(Claim, "changelist"), {"q": query})

    shown = list(response.context["cl"].result_list)
    assert claim in shown
    assert other not in shown


def test_a_place_is_found_by_an_arabic_alias(editor_client):
    base = PlaceFactory(name="Tamanhint Air Base")
    base.names.create(name="قاعدة تمنتات", language=Language.ARABIC, kind="alias")
    PlaceFactory(name="Benghazi")

    response = editor_client.get(admin_url(Place, "changelist"), {"q": "تَمَنْتَات"})

    assert list(response.context["cl"].result_list) == [base]


def test_a_source_is_found_by_its_arabic_title_without_diacritics(editor_client):
    article = SourceFactory(title="حفتر في موسكو", language=Language.ARABIC)
    SourceFactory(title="Another report")

    response = editor_client.get(admin_url(Source, "changelist"), {"q": "حَفْتَر"})

    assert list(response.context["cl"].result_list) == [article]


def test_a_tie_is_found_by_the_arabic_name_of_its_subject(editor_client):
    saddam = ActorFactory(name="Saddam Haftar")
    ActorNameFactory(actor=saddam, name="صدام حفتر", language=Language.ARABIC)
    tie = TieFactory(subject=saddam)
    TieFactory()

    response = editor_client.get(admin_url(Tie, "changelist"), {"q": "صَدّام"})

    assert list(response.context["cl"].result_list) == [tie]


def test_the_source_autocomplete_finds_an_arabic_title(editor_client):
    article = SourceFactory(title="حفتر في موسكو", language=Language.ARABIC)
    SourceFactory(title="Another report")

    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "claim", "field_name": "source", "term": "حفـتر"},
    )

    assert [result["id"] for result in response.json()["results"]] == [str(article.pk)]


def test_the_parent_autocomplete_offers_only_visits(editor_client):
    visit = EventFactory(kind=EventKind.VISIT, title="Visit to Moscow")
    EventFactory(kind=EventKind.MEETING, title="Meeting in Moscow")

    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "event", "field_name": "parent", "term": "Moscow"},
    )

    assert [result["id"] for result in response.json()["results"]] == [str(visit.pk)]


# --- right-to-left text ---------------------------------------------------------------------------


@pytest.mark.parametrize("model", [Event, Tie, Claim, Source, Place])
def test_every_text_box_takes_the_direction_of_its_text(editor_client, model):
    response = editor_client.get(admin_url(model, "add"))

    parser = TextBoxes()
    parser.feed(response.content.decode())
    assert parser.boxes
    assert [box for box in parser.boxes if box.get("dir") != "auto"] == []


@pytest.mark.parametrize("model", [Event, Claim])
def test_the_search_box_takes_the_direction_of_the_query(editor_client, model):
    response = editor_client.get(admin_url(model, "changelist"))

    parser = TextBoxes()
    parser.feed(response.content.decode())
    [search_box] = [box for box in parser.boxes if box.get("id") == "searchbar"]
    assert search_box["dir"] == "auto"


def test_quotes_in_the_claim_list_are_shown_in_their_own_direction(editor_client):
    ClaimFactory(quote=QUOTE, quote_language=Language.ARABIC)

    response = editor_client.get(admin_url(Claim, "changelist"))

    assert f'<span dir="auto" class="quote">{QUOTE}</span>' in response.content.decode()


def test_the_admin_pages_load_the_right_to_left_stylesheet(editor_client):
    response = editor_client.get(admin_url(Claim, "changelist"))

    assert "events/admin.css" in response.content.decode()


# --- from an actor to its records -----------------------------------------------------------------


def test_the_event_list_filtered_by_actor_shows_only_the_actors_events(editor_client):
    haftar = ActorFactory(name="Khalifa Haftar")
    visit = EventFactory(kind=EventKind.VISIT)
    ParticipantFactory(event=visit, actor=haftar, role=ParticipantRole.VISITOR)
    ParticipantFactory(event=visit, actor=ActorFactory(), role=ParticipantRole.HOST)
    EventFactory()

    response = editor_client.get(admin_url(Event, "changelist"), {"actor": haftar.pk})

    assert list(response.context["cl"].result_list) == [visit]


def test_the_tie_list_filtered_by_actor_shows_ties_in_both_directions(editor_client):
    haftar = ActorFactory(name="Khalifa Haftar")
    son = TieFactory(subject=ActorFactory(name="Khaled Haftar"), object=haftar, kind="child_of")
    command = TieFactory(subject=haftar, kind="commands")
    TieFactory()

    response = editor_client.get(admin_url(Tie, "changelist"), {"actor": haftar.pk})

    assert set(response.context["cl"].result_list) == {son, command}


@pytest.mark.parametrize(
    ("model", "params"),
    [
        (Event, {"actor": "nobody"}),
        (Tie, {"actor": "999999"}),
        (Event, {"year": "0"}),
        (Tie, {"year": "twenty"}),
    ],
)
def test_a_bad_filter_value_is_reported_not_a_crash(editor_client, model, params):
    TieFactory(start_date=datetime.date(2025, 1, 1))
    EventFactory()

    response = editor_client.get(admin_url(model, "changelist"), params)

    assert response.status_code == 302
    assert response.url.endswith("?e=1")


def test_a_visit_page_lists_the_events_during_it(editor_client):
    visit = EventFactory(kind=EventKind.VISIT, title="Haftar in Moscow", end_date=datetime.date(2025, 5, 11))
    meeting = EventFactory(parent=visit, title="Haftar meets Shoigu")

    response = editor_client.get(admin_url(Event, "change", visit.pk))

    [children] = [
        inline for inline in response.context["inline_admin_formsets"] if inline.opts.fk_name == "parent"
    ]
    assert [form.instance for form in children.formset.forms] == [meeting]
    assert admin_url(Event, "change", meeting.pk) in response.content.decode()


def test_a_visit_with_events_during_it_is_saved_from_its_page(editor_client):
    visit = EventFactory(kind=EventKind.VISIT, title="Haftar in Moscow", end_date=datetime.date(2025, 5, 11))
    meeting = EventFactory(parent=visit, title="Haftar meets Shoigu")
    page = editor_client.get(admin_url(Event, "change", visit.pk))

    response = editor_client.post(
        admin_url(Event, "change", visit.pk), changeform_data(page, title="Khalifa Haftar in Moscow")
    )

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.title == "Khalifa Haftar in Moscow"
    assert list(visit.children.all()) == [meeting]


def test_the_year_filter_keeps_events_overlapping_the_year(editor_client):
    meeting = EventFactory(start_date=datetime.date(2023, 9, 1), start_precision="month")
    EventFactory(start_date=datetime.date(2025, 5, 9))

    response = editor_client.get(admin_url(Event, "changelist"), {"year": "2023"})

    assert list(response.context["cl"].result_list) == [meeting]


@pytest.mark.parametrize("query", ["حَفْتَر", "Hifter", "موسكو", "MOSCOW"])
def test_the_event_search_finds_titles_quotes_and_actors_names_in_any_spelling(editor_client, query):
    haftar = ActorFactory(name="Khalifa Haftar")
    ActorNameFactory(actor=haftar, name="خليفة حفتر", language=Language.ARABIC)
    visit = EventFactory(kind=EventKind.VISIT, title="Visit to Moscow")
    ParticipantFactory(event=visit, actor=haftar)
    ClaimFactory(event=visit, quote="وصل إلى مُوسكو")
    EventFactory(title="Another meeting")

    response = editor_client.get(admin_url(Event, "changelist"), {"q": query})

    assert list(response.context["cl"].result_list) == [visit]


def test_the_country_filter_offers_the_countries_of_places(editor_client):
    EventFactory(place=PlaceFactory(country="RU"))
    PlaceFactory(country="LY")

    response = editor_client.get(admin_url(Event, "changelist"))

    [country_filter] = [
        spec for spec in response.context["cl"].filter_specs if spec.title == "country of the place"
    ]
    assert [code for code, _ in country_filter.lookup_choices(response.context["cl"])] == ["LY", "RU"]


def test_the_year_filter_offers_every_year_from_the_first_record_to_this_year(editor_client):
    EventFactory(start_date=datetime.date(2019, 3, 1))
    EventFactory(start_date=datetime.date(2021, 5, 9))

    response = editor_client.get(admin_url(Event, "changelist"))

    [year_filter] = [spec for spec in response.context["cl"].filter_specs if spec.title == "year"]
    this_year = timezone.localdate().year
    assert [title for _, title in year_filter.lookup_choices] == [str(y) for y in range(this_year, 2018, -1)]


def test_the_country_filter_keeps_events_at_places_in_that_country(editor_client):
    moscow = PlaceFactory(name="Moscow", country="RU")
    visit = EventFactory(kind=EventKind.VISIT, place=moscow)
    EventFactory(place=PlaceFactory(country="LY"))

    response = editor_client.get(admin_url(Event, "changelist"), {"place__country": "RU"})

    assert list(response.context["cl"].result_list) == [visit]


# --- invalid input is a form error ----------------------------------------------------------------


def test_it_rejects_an_event_ending_before_it_starts(editor_client):
    page = editor_client.get(admin_url(Event, "add"))
    data = changeform_data(
        page,
        kind="meeting",
        title="Meeting",
        start_date="2025-05-10",
        end_date="2025-05-09",
        end_precision="day",
    )

    response = editor_client.post(admin_url(Event, "add"), data)

    assert response.status_code == 200
    assert (
        "The end date cannot be before the start date."
        in response.context["adminform"].form.errors["end_date"]
    )
    assert not Event.objects.exists()


def test_it_rejects_a_credibility_of_9(editor_client):
    event = EventFactory()
    source = SourceFactory()
    page = editor_client.get(admin_url(Claim, "add"))
    data = changeform_data(
        page, source=str(source.pk), event=str(event.pk), quote=QUOTE, quote_language="ar", credibility="9"
    )

    response = editor_client.post(admin_url(Claim, "add"), data)

    assert response.status_code == 200
    assert "credibility" in response.context["adminform"].form.errors
    assert not Claim.objects.exists()


def test_it_rejects_a_malformed_url(editor_client):
    page = editor_client.get(admin_url(Source, "add"))
    data = changeform_data(page, title="حفتر في موسكو", language="ar", url="not a url")

    response = editor_client.post(admin_url(Source, "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["url"] == ["Enter a valid URL."]
    assert not Source.objects.exists()


def test_it_rejects_a_reliability_grade_outside_a_to_f(editor_client):
    page = editor_client.get(admin_url(Source, "add"))
    data = changeform_data(page, title="Report", language="en", reliability="G")

    response = editor_client.post(admin_url(Source, "add"), data)

    assert "reliability" in response.context["adminform"].form.errors
    assert not Source.objects.exists()


def test_it_rejects_a_parent_that_is_not_a_visit(editor_client):
    meeting = EventFactory(kind=EventKind.MEETING)
    page = editor_client.get(admin_url(Event, "add"))
    data = changeform_data(
        page, kind="meeting", title="Inner meeting", start_date="2025-05-09", parent=meeting.pk
    )

    response = editor_client.post(admin_url(Event, "add"), data)

    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    assert Event.objects.count() == 1


def test_it_rejects_a_meeting_outside_the_dates_of_its_visit(editor_client):
    visit = EventFactory(
        kind=EventKind.VISIT, start_date=datetime.date(2025, 5, 7), end_date=datetime.date(2025, 5, 10)
    )
    page = editor_client.get(admin_url(Event, "add"))
    data = changeform_data(page, kind="meeting", title="Meeting", start_date="2025-06-01", parent=visit.pk)

    response = editor_client.post(admin_url(Event, "add"), data)

    assert response.status_code == 200
    assert "start_date" in response.context["adminform"].form.errors
    assert Event.objects.count() == 1


def test_it_rejects_agreement_details_on_a_meeting(editor_client):
    page = editor_client.get(admin_url(Event, "add"))
    data = changeform_data(
        page, kind="meeting", title="Meeting", start_date="2025-05-09", agreement_type="arms_sale"
    )

    response = editor_client.post(admin_url(Event, "add"), data)

    assert "agreement_type" in response.context["adminform"].form.errors
    assert not Event.objects.exists()


def test_it_rejects_a_tie_from_an_actor_to_itself(editor_client):
    actor = ActorFactory()
    page = editor_client.get(admin_url(Tie, "add"))
    data = changeform_data(page, subject=actor.pk, object=actor.pk, kind="member_of", start_date="2025-01-01")

    response = editor_client.post(admin_url(Tie, "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not Tie.objects.exists()


def test_it_rejects_coordinates_without_a_precision(editor_client):
    page = editor_client.get(admin_url(Place, "add"))
    data = changeform_data(
        page, name="Moscow", slug="moscow", kind="city", country="RU", latitude="55.75", longitude="37.62"
    )

    response = editor_client.post(admin_url(Place, "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Coordinates need both latitude and longitude and a precision."
    ]
    assert not Place.objects.exists()


def test_it_rejects_the_same_actor_twice_in_one_role(editor_client):
    event = EventFactory()
    actor = ActorFactory()
    page = editor_client.get(admin_url(Event, "change", event.pk))
    data = changeform_data(
        page,
        **{
            "participants-TOTAL_FORMS": "2",
            "participants-0-actor": actor.pk,
            "participants-0-role": "host",
            "participants-1-actor": actor.pk,
            "participants-1-role": "host",
        },
    )

    response = editor_client.post(admin_url(Event, "change", event.pk), data)

    assert response.status_code == 200
    assert not event.participants.exists()


# --- the editorial workflow in forms --------------------------------------------------------------


def ready_event(**kwargs):
    """A draft event that meets the publication rules."""
    event = EventFactory(**kwargs)
    ParticipantFactory(event=event)
    ClaimFactory(event=event)
    return event


def test_an_editor_cannot_publish_through_the_form(editor_client):
    event = ready_event()
    page = editor_client.get(admin_url(Event, "change", event.pk))

    response = editor_client.post(
        admin_url(Event, "change", event.pk), changeform_data(page, status="published")
    )

    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["status"]
    assert error.startswith("Only a reviewer can change the status")
    event.refresh_from_db()
    assert event.status == RecordStatus.DRAFT


def test_an_editor_can_submit_for_review_through_the_form(editor_client):
    event = ready_event()
    page = editor_client.get(admin_url(Event, "change", event.pk))

    response = editor_client.post(
        admin_url(Event, "change", event.pk), changeform_data(page, status="review")
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == RecordStatus.IN_REVIEW


def test_an_editor_cannot_create_a_published_event(editor_client):
    page = editor_client.get(admin_url(Event, "add"))
    data = changeform_data(page, kind="meeting", title="Meeting", start_date="2025-05-09", status="published")

    response = editor_client.post(admin_url(Event, "add"), data)

    assert "status" in response.context["adminform"].form.errors
    assert not Event.objects.exists()


def test_a_reviewer_publishes_through_the_form(reviewer_client):
    event = ready_event()
    page = reviewer_client.get(admin_url(Event, "change", event.pk))

    response = reviewer_client.post(
        admin_url(Event, "change", event.pk), changeform_data(page, status="published")
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == RecordStatus.PUBLISHED
    assert event.published_at is not None


def test_retracting_through_the_form_records_when(reviewer_client):
    event = published_event()
    page = reviewer_client.get(admin_url(Event, "change", event.pk))

    reviewer_client.post(
        admin_url(Event, "change", event.pk),
        changeform_data(page, status="retracted", change_reason="The meeting did not happen"),
    )

    event.refresh_from_db()
    assert event.status == RecordStatus.RETRACTED
    assert event.withdrawn_at is not None


def test_publishing_without_a_claim_is_refused_with_the_reason(reviewer_client):
    event = EventFactory()
    ParticipantFactory(event=event)
    page = reviewer_client.get(admin_url(Event, "change", event.pk))

    response = reviewer_client.post(
        admin_url(Event, "change", event.pk), changeform_data(page, status="published")
    )

    assert response.status_code == 200
    assert NEEDS_CLAIM in response.content.decode()
    event.refresh_from_db()
    assert event.status == RecordStatus.DRAFT


def test_publishing_without_a_participant_is_refused_with_the_reason(reviewer_client):
    event = EventFactory()
    ClaimFactory(event=event)
    page = reviewer_client.get(admin_url(Event, "change", event.pk))

    response = reviewer_client.post(
        admin_url(Event, "change", event.pk), changeform_data(page, status="published")
    )

    assert response.status_code == 200
    assert NEEDS_PARTICIPANT in response.content.decode()
    assert NEEDS_CLAIM not in response.content.decode()


def test_publishing_a_tie_without_a_claim_is_refused_with_the_reason(reviewer_client):
    tie = TieFactory()
    page = reviewer_client.get(admin_url(Tie, "change", tie.pk))

    response = reviewer_client.post(
        admin_url(Tie, "change", tie.pk), changeform_data(page, status="published")
    )

    assert NEEDS_CLAIM in response.content.decode()
    tie.refresh_from_db()
    assert tie.status == RecordStatus.DRAFT


def test_removing_the_last_claim_of_a_published_event_is_refused(reviewer_client):
    event = published_event()
    page = reviewer_client.get(admin_url(Event, "change", event.pk))

    response = reviewer_client.post(
        admin_url(Event, "change", event.pk), changeform_data(page, **{"claims-0-DELETE": "on"})
    )

    assert NEEDS_CLAIM in response.content.decode()
    assert event.claims.count() == 1


def test_an_event_is_published_with_its_participant_and_claim_in_one_save(reviewer_client):
    haftar = ActorFactory(name="Khalifa Haftar")
    article = SourceFactory(title="حفتر في موسكو", language=Language.ARABIC, reliability=Reliability.C)
    page = reviewer_client.get(admin_url(Event, "add"))
    data = changeform_data(
        page,
        kind="visit",
        title="Khalifa Haftar visits Moscow",
        start_date="2025-05-07",
        status="published",
        **{
            "participants-0-actor": haftar.pk,
            "participants-0-role": "visitor",
            "claims-0-source": article.pk,
            "claims-0-quote": QUOTE,
            "claims-0-quote_language": "ar",
            "claims-0-credibility": "2",
        },
    )

    response = reviewer_client.post(admin_url(Event, "add"), data)

    assert response.status_code == 302, response.context["errors"]
    event = Event.objects.get()
    assert event.status == RecordStatus.PUBLISHED
    assert event.published_at is not None
    assert event.participants.get().actor == haftar
    assert event.claims.get().quote == QUOTE


# --- the editorial workflow in list actions -------------------------------------------------------


def run_action(client, model, action, records):
    return client.post(
        admin_url(model, "changelist"),
        {"action": action, "_selected_action": [record.pk for record in records]},
        follow=True,
    )


def test_the_publish_action_refuses_an_editor(editor_client):
    event = ready_event()

    response = run_action(editor_client, Event, "publish", [event])

    assert response.status_code == 200
    [message] = message_texts(response)
    assert "Only a reviewer" in message
    event.refresh_from_db()
    assert event.status == RecordStatus.DRAFT


def test_the_submit_action_moves_an_editors_drafts_to_review(editor_client):
    events = [ready_event(), EventFactory()]

    run_action(editor_client, Event, "submit_for_review", events)

    assert set(Event.objects.values_list("status", flat=True)) == {RecordStatus.IN_REVIEW}


def test_the_publish_action_publishes_for_a_reviewer(reviewer_client):
    event = ready_event()

    response = run_action(reviewer_client, Event, "publish", [event])

    assert message_texts(response) == ["1 record now “published”."]
    event.refresh_from_db()
    assert event.status == RecordStatus.PUBLISHED
    assert event.published_at is not None


def test_the_publish_action_reports_each_record_it_could_not_publish(reviewer_client):
    ready = ready_event(title="Ready")
    bare = EventFactory(title="Bare")

    response = run_action(reviewer_client, Event, "publish", [ready, bare])

    messages = message_texts(response)
    assert "1 record now “published”." in messages
    assert any("Bare" in message and NEEDS_CLAIM in message for message in messages)
    bare.refresh_from_db()
    assert bare.status == RecordStatus.DRAFT


def test_the_retract_action_retracts_a_published_tie(reviewer_client):
    tie = TieFactory(status=RecordStatus.PUBLISHED)
    ClaimFactory(event=None, tie=tie)

    run_action(reviewer_client, Tie, "retract", [tie])

    tie.refresh_from_db()
    assert tie.status == RecordStatus.RETRACTED
    assert tie.withdrawn_at is not None


def test_the_send_back_action_refuses_to_unpublish_for_an_editor(editor_client):
    event = published_event()

    run_action(editor_client, Event, "send_back_to_draft", [event])

    event.refresh_from_db()
    assert event.status == RecordStatus.PUBLISHED


# --- deletion -------------------------------------------------------------------------------------


def test_a_published_event_has_no_delete_page(reviewer_client):
    event = published_event()

    response = reviewer_client.get(admin_url(Event, "delete", event.pk))

    assert response.status_code == 403


def test_the_delete_action_refuses_published_records(reviewer_client):
    draft = EventFactory()
    published = published_event()

    response = run_action(reviewer_client, Event, "delete_selected", [draft, published])

    assert any("Nothing was deleted" in message for message in message_texts(response))
    assert Event.objects.count() == 2


def test_an_editor_deletes_a_draft(editor_client):
    draft = EventFactory()

    response = editor_client.post(admin_url(Event, "delete", draft.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Event.objects.exists()


def test_the_last_claim_of_a_published_event_has_no_delete_page(reviewer_client):
    claim = published_event().claims.get()

    response = reviewer_client.get(admin_url(Claim, "delete", claim.pk))

    assert response.status_code == 403


def test_a_claim_of_a_draft_can_be_deleted(reviewer_client):
    event = EventFactory()
    ClaimFactory(event=event)
    second = ClaimFactory(event=event)

    response = reviewer_client.post(admin_url(Claim, "delete", second.pk), {"post": "yes"})

    assert response.status_code == 302
    assert event.claims.count() == 1


def test_the_delete_action_refuses_to_strip_a_published_event_of_its_claims(reviewer_client):
    event = published_event()

    response = run_action(reviewer_client, Claim, "delete_selected", list(event.claims.all()))

    assert any("Nothing was deleted" in message for message in message_texts(response))
    assert event.claims.count() == 1


def test_a_claim_cannot_move_onto_a_published_record_from_its_own_page(editor_client):
    claim = ClaimFactory(event=EventFactory())
    published = published_event()
    page = editor_client.get(admin_url(Claim, "change", claim.pk))

    response = editor_client.post(
        admin_url(Claim, "change", claim.pk), changeform_data(page, event=published.pk)
    )

    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["event"]
    assert "is published" in error
    claim.refresh_from_db()
    assert claim.event != published
