"""Choosing an actor in an autocomplete: two candidates with similar names can be told apart."""

from django.urls import reverse

from actors.choices import ActorKind, Language, OrganizationCategory
from tests.factories import ActorFactory, ActorNameFactory, PlaceFactory


def choices(client, term, model_name="participant", field_name="actor"):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return {result["id"]: result["text"] for result in response.json()["results"]}


def test_actor_results_show_kind_country_another_name_and_description(editor_client, db):
    turkey = ActorFactory(name="Turkey", kind=ActorKind.STATE, country="TR", description="The Turkish state.")
    ActorNameFactory(actor=turkey, name="تركيا", language=Language.ARABIC)
    assembly = ActorFactory(
        name="Grand National Assembly of Turkey",
        kind=ActorKind.ORGANIZATION,
        category=OrganizationCategory.GOVERNMENT_BODY,
        country="TR",
        description="The parliament of Turkey, which votes on troop deployments abroad and much else besides.",
    )

    found = choices(editor_client, "Turkey")

    assert found[str(turkey.pk)] == "Turkey — state, TR — تركيا — The Turkish state."
    assert found[str(assembly.pk)] == (
        "Grand National Assembly of Turkey — organization, TR — "
        "The parliament of Turkey, which votes on troop…"
    )


def test_a_merged_actor_is_not_offered(editor_client, db):
    survivor = ActorFactory(name="Khalifa Haftar")
    ActorFactory(name="Khalifa Hifter", merged_into=survivor)

    assert list(choices(editor_client, "Hifter")) == [str(survivor.pk)]


def test_other_autocompletes_keep_their_plain_text(editor_client, db):
    place = PlaceFactory(name="Benghazi")

    assert choices(editor_client, "Benghazi", model_name="event", field_name="place") == {
        str(place.pk): "Benghazi (LY)"
    }
