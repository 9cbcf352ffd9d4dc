"""An actor entered twice is flagged on save, and an editor can mark it for a reviewer to merge."""

import pytest
from django.urls import reverse

from actors.choices import ActorKind, Language
from actors.models import Actor
from events.models import Place, PlaceName
from tests.factories import ActorFactory, ActorNameFactory, PlaceFactory

ADD = reverse("admin:actors_actor_add")
CHANGELIST = reverse("admin:actors_actor_changelist")
# The confirmation is a hidden field until there is something to confirm.
CHECKBOX = 'type="checkbox" name="not_a_duplicate"'


@pytest.fixture
def haftar(db):
    actor = ActorFactory(name="Khalifa Haftar", slug="khalifa-haftar")
    ActorNameFactory(actor=actor, name="خليفة حفتر", language=Language.ARABIC)
    ActorNameFactory(actor=actor, name="Haftar", language=Language.ENGLISH)
    return actor


def names_inline(names):
    """The POST of a names inline holding ``names`` as new (name, language) alias rows."""
    data = {
        "names-TOTAL_FORMS": str(len(names)),
        "names-INITIAL_FORMS": "0",
        "names-MIN_NUM_FORMS": "0",
        "names-MAX_NUM_FORMS": "1000",
    }
    for index, (text, language) in enumerate(names):
        data |= {
            f"names-{index}-name": text,
            f"names-{index}-language": language,
            f"names-{index}-kind": "alias",
        }
    return data


def actor_form(name, slug, names=(), **fields):
    """The POST of the admin's actor form, with ``names`` as (name, language) rows of the inline."""
    data = {
        "kind": ActorKind.PERSON,
        "category": "",
        "name": name,
        "slug": slug,
        "country": "",
        "parent": "",
        "wikidata_id": "",
        "description": "",
        "duplicate_of": "",
    }
    return data | names_inline(names) | fields


def warning(response):
    assert response.status_code == 200, "the form was saved without a warning"
    return " ".join(str(error) for error in response.context["adminform"].form.non_field_errors())


@pytest.mark.parametrize("name", ["Hifter", "Khalifa Hifter", "حفتر", "حَفْتَر"])
def test_it_warns_of_a_likely_duplicate_of_haftar(editor_client, haftar, name):
    response = editor_client.post(ADD, actor_form(name, "hifter"))

    text = warning(response)
    assert "Khalifa Haftar" in text
    assert reverse("admin:actors_actor_change", args=[haftar.pk]) in text
    assert CHECKBOX in response.content.decode()
    assert not Actor.objects.filter(slug="hifter").exists()


def test_it_warns_of_a_duplicate_named_only_in_the_inline(editor_client, db):
    erdogan = ActorFactory(name="Recep Tayyip Erdoğan", slug="recep-tayyip-erdogan")
    ActorNameFactory(actor=erdogan, name="أردوغان", language=Language.ARABIC)

    response = editor_client.post(
        ADD, actor_form("Tayyip Erdoğan", "tayyip-erdogan", names=[("اردوغان", Language.ARABIC)])
    )

    assert "Recep Tayyip Erdoğan" in warning(response)
    assert not Actor.objects.filter(slug="tayyip-erdogan").exists()


def test_a_deleted_inline_name_is_not_checked(editor_client, haftar):
    data = actor_form("Someone Else", "someone-else", names=[("حفتر", Language.ARABIC)])
    data["names-0-DELETE"] = "on"

    response = editor_client.post(ADD, data)

    assert response.status_code == 302
    assert Actor.objects.filter(slug="someone-else").exists()


def test_the_editor_can_save_anyway(editor_client, haftar):
    response = editor_client.post(ADD, actor_form("Hifter", "hifter", not_a_duplicate="on"))

    assert response.status_code == 302
    assert Actor.objects.filter(slug="hifter").exists()


def test_an_unrelated_actor_saves_without_a_warning(editor_client, haftar):
    response = editor_client.post(ADD, actor_form("Vladimir Putin", "vladimir-putin"))

    assert response.status_code == 302
    assert Actor.objects.filter(slug="vladimir-putin").exists()
    assert CHECKBOX not in editor_client.get(ADD).content.decode()


def test_a_longer_name_containing_haftar_is_not_a_duplicate(editor_client, haftar):
    response = editor_client.post(ADD, actor_form("Saddam Haftar", "saddam-haftar"))

    assert response.status_code == 302


def test_saving_an_actor_again_does_not_warn_of_itself(editor_client, haftar):
    url = reverse("admin:actors_actor_change", args=[haftar.pk])
    # The version of the actor the page was opened on (tests/test_stale_saves.py).
    opened = editor_client.get(url).context["adminform"].form["opened_version"].value()
    data = actor_form("Khalifa Haftar", "khalifa-haftar", description="Field marshal.", opened_version=opened)
    data |= {"names-TOTAL_FORMS": "0"}

    response = editor_client.post(url, data)

    assert response.status_code == 302
    haftar.refresh_from_db()
    assert haftar.description == "Field marshal."


def test_an_editor_marks_an_actor_as_a_duplicate_without_a_warning(editor_client, haftar):
    response = editor_client.post(ADD, actor_form("Hifter", "hifter", duplicate_of=str(haftar.pk)))

    assert response.status_code == 302
    assert Actor.objects.get(slug="hifter").duplicate_of == haftar


def test_the_changelist_filters_actors_marked_as_duplicates(editor_client, haftar):
    hifter = ActorFactory(name="Hifter", duplicate_of=haftar)

    response = editor_client.get(CHANGELIST, {"duplicate": "marked"})

    assert list(response.context["cl"].result_list) == [hifter]


def test_likely_duplicates_ignore_merged_actors_and_the_actor_itself(haftar):
    merged = ActorFactory(name="Haftar", merged_into=haftar)

    assert list(Actor.objects.likely_duplicates(["Hifter"], exclude=haftar.pk)) == []
    assert list(Actor.objects.likely_duplicates(["Hifter"])) == [haftar]
    assert merged not in Actor.objects.likely_duplicates(["Haftar"])


def test_places_have_the_same_selector(db):
    benghazi = PlaceFactory(name="Benghazi")
    PlaceName.objects.create(place=benghazi, name="بنغازي", language=Language.ARABIC)

    assert list(Place.objects.likely_duplicates(["بنغازى", "Bengazi"])) == [benghazi]
    assert list(Place.objects.likely_duplicates(["Tripoli"])) == []


def place_form(name, slug, names=(), **fields):
    data = {
        "name": name,
        "slug": slug,
        "kind": "base",
        "country": "LY",
        "latitude": "",
        "longitude": "",
        "coordinate_precision": "",
    }
    return data | names_inline(names) | fields


def test_a_place_entered_again_under_another_spelling_is_flagged_and_can_be_saved_anyway(editor_client):
    base = PlaceFactory(name="Tamanhint Air Base", slug="tamanhint", kind="base")
    PlaceName.objects.create(place=base, name="قاعدة تمنتات", language=Language.ARABIC)
    add = reverse("admin:events_place_add")

    response = editor_client.post(add, place_form("Tamanhint base", "tamanhint-2", [("قاعدة تمنتات", "ar")]))
    assert response.status_code == 200
    assert "may already be recorded as" in response.text
    assert reverse("admin:events_place_change", args=[base.pk]) in response.text
    assert CHECKBOX in response.text
    assert not Place.objects.filter(slug="tamanhint-2").exists()

    confirmed = place_form("Tamanhint base", "tamanhint-2", [("قاعدة تمنتات", "ar")], not_a_duplicate="on")
    assert editor_client.post(add, confirmed).status_code == 302
    assert Place.objects.filter(slug="tamanhint-2").exists()


def test_an_unrelated_place_saves_without_a_warning(editor_client):
    PlaceFactory(name="Tamanhint Air Base", slug="tamanhint", kind="base")
    response = editor_client.post(reverse("admin:events_place_add"), place_form("Jufra Air Base", "jufra"))
    assert response.status_code == 302
