"""The actor pages of the admin: finding a person by any spelling, and reaching their records."""

import pytest
from django.urls import reverse

from actors.choices import Language, NameKind
from actors.models import Actor
from tests.factories import ActorFactory, ActorNameFactory, EventFactory, ParticipantFactory, TieFactory

CHANGELIST = reverse("admin:actors_actor_changelist")


@pytest.fixture
def haftar(db):
    actor = ActorFactory(name="Khalifa Haftar", slug="khalifa-haftar")
    ActorNameFactory(actor=actor, name="خليفة حفتر", language=Language.ARABIC)
    ActorNameFactory(actor=actor, name="Khalifa Haftar", language=Language.ENGLISH)
    return actor


@pytest.fixture
def putin(db):
    actor = ActorFactory(name="Vladimir Putin", slug="vladimir-putin")
    ActorNameFactory(actor=actor, name="فلاديمير بوتين", language=Language.ARABIC)
    return actor


def found(client, query):
    response = client.get(CHANGELIST, {"q": query})
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("حفتر", id="plain"),
        pytest.param("حَفْتَر", id="diacritics"),
        pytest.param("حفـــتر", id="tatweel"),
        pytest.param("خليفه", id="taa-marbuta-as-haa"),
        pytest.param("خَلِيفَة حَفْتَر", id="full-name-with-diacritics"),
    ],
)
def test_an_arabic_search_finds_the_actor_in_any_spelling(editor_client, haftar, putin, query):
    assert found(editor_client, query) == [haftar]


@pytest.mark.parametrize("query", ["احمد", "أحمد", "إحمد", "آحمد", "أَحْمَد"])
def test_an_arabic_search_ignores_alef_variants(editor_client, haftar, query):
    mismari = ActorFactory(name="Ahmed al-Mismari")
    ActorNameFactory(actor=mismari, name="أحمد المسماري", language=Language.ARABIC)

    assert found(editor_client, query) == [mismari]


@pytest.mark.parametrize("query", ["Hifter", "Haftar", "HAFTAR", "Hafter", "Хафтар"])
def test_a_latin_or_cyrillic_search_finds_haftar(editor_client, haftar, putin, query):
    assert found(editor_client, query) == [haftar]


def test_a_search_for_someone_else_does_not_find_haftar(editor_client, haftar, putin):
    assert found(editor_client, "بوتين") == [putin]


def test_a_search_finds_an_alias(editor_client, haftar):
    ActorNameFactory(actor=haftar, name="المشير", language=Language.ARABIC, kind=NameKind.ALIAS)

    assert found(editor_client, "المُشير") == [haftar]


def test_a_search_by_slug_still_works(editor_client, haftar, putin):
    assert found(editor_client, "vladimir-putin") == [putin]


def test_the_actor_autocomplete_finds_an_arabic_name_with_diacritics(editor_client, haftar, putin):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "participant", "field_name": "actor", "term": "حَفْتَر"},
    )

    assert response.status_code == 200
    assert [result["id"] for result in response.json()["results"]] == [str(haftar.pk)]


def test_the_speaker_autocomplete_finds_a_transliteration(editor_client, haftar, putin):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "claim", "field_name": "speaker", "term": "Hifter"},
    )

    assert [result["id"] for result in response.json()["results"]] == [str(haftar.pk)]


def test_the_actor_page_links_to_its_events_and_ties(editor_client, haftar):
    visit = EventFactory(kind="visit")
    ParticipantFactory(event=visit, actor=haftar, role="visitor")
    TieFactory(subject=ActorFactory(), object=haftar, kind="child_of")

    response = editor_client.get(reverse("admin:actors_actor_change", args=[haftar.pk]))

    page = response.content.decode()
    events_url = reverse("admin:events_event_changelist") + f"?actor={haftar.pk}"
    ties_url = reverse("admin:events_tie_changelist") + f"?actor={haftar.pk}"
    assert f'<a href="{events_url}">1 event</a>' in page
    assert f'<a href="{ties_url}">1 tie</a>' in page


def test_the_actor_list_links_each_actor_to_its_events(editor_client, haftar):
    response = editor_client.get(CHANGELIST)

    events_url = reverse("admin:events_event_changelist") + f"?actor={haftar.pk}"
    assert f'href="{events_url}"' in response.content.decode()


def test_the_actor_list_filters_by_country(editor_client, haftar):
    putin = ActorFactory(name="Vladimir Putin", country="RU")

    response = editor_client.get(CHANGELIST, {"country": "RU"})

    assert list(response.context["cl"].result_list) == [putin]


def test_it_rejects_a_malformed_wikidata_id(editor_client):
    data = {
        "kind": "person",
        "name": "Khalifa Haftar",
        "slug": "khalifa-haftar",
        "wikidata_id": "12345",
        "names-TOTAL_FORMS": "0",
        "names-INITIAL_FORMS": "0",
    }

    response = editor_client.post(reverse("admin:actors_actor_add"), data)

    assert response.context["adminform"].form.errors["wikidata_id"] == ["A Wikidata id looks like Q12345."]
    assert not Actor.objects.exists()


def test_it_rejects_a_category_for_a_person(editor_client):
    data = {
        "kind": "person",
        "category": "armed_force",
        "name": "Khalifa Haftar",
        "slug": "khalifa-haftar",
        "names-TOTAL_FORMS": "0",
        "names-INITIAL_FORMS": "0",
    }

    response = editor_client.post(reverse("admin:actors_actor_add"), data)

    assert response.status_code == 200
    assert "category" in response.context["adminform"].form.errors
    assert not Actor.objects.exists()


def test_an_actor_is_added_with_its_arabic_name_in_one_save(editor_client):
    data = {
        "kind": "person",
        "name": "Khalifa Haftar",
        "slug": "khalifa-haftar",
        "names-TOTAL_FORMS": "1",
        "names-INITIAL_FORMS": "0",
        "names-0-name": "خليفة حفتر",
        "names-0-language": "ar",
        "names-0-kind": "official",
    }

    response = editor_client.post(reverse("admin:actors_actor_add"), data)

    assert response.status_code == 302
    actor = Actor.objects.get()
    assert list(actor.names.values_list("name", "search_key")) == [("خليفة حفتر", "خليفه حفتر")]
