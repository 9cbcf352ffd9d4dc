import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actors.models import Actor, ActorName
from tests.factories import ActorFactory, ActorNameFactory

pytestmark = pytest.mark.django_db


def test_a_valid_organization_saves():
    actor = Actor(
        kind="organization", category="armed_force", name="Libyan National Army", slug="lna", country="LY"
    )
    actor.full_clean()
    actor.save()
    assert actor.pk


def test_the_database_rejects_a_category_on_a_person():
    with pytest.raises(IntegrityError), transaction.atomic():
        ActorFactory(kind="person", category="armed_force")


def test_validation_asks_an_organization_for_its_category():
    with pytest.raises(ValidationError) as error:
        Actor(kind="organization", name="LNA", slug="lna").full_clean()
    assert "category" in error.value.message_dict


def test_it_rejects_an_unknown_country_code():
    with pytest.raises(ValidationError) as error:
        Actor(kind="person", name="X", slug="x", country="XX").full_clean()
    assert "country" in error.value.message_dict


def test_it_rejects_a_malformed_wikidata_id():
    with pytest.raises(ValidationError) as error:
        Actor(kind="person", name="X", slug="x", wikidata_id="12345").full_clean()
    assert "wikidata_id" in error.value.message_dict


def test_two_actors_cannot_share_a_wikidata_id():
    ActorFactory(wikidata_id="Q1")
    with pytest.raises(IntegrityError), transaction.atomic():
        ActorFactory(wikidata_id="Q1")


def test_many_actors_may_have_no_wikidata_id():
    ActorFactory(wikidata_id="")
    ActorFactory(wikidata_id="")
    assert Actor.objects.filter(wikidata_id="").count() == 2


def test_the_database_rejects_an_actor_as_its_own_parent():
    actor = ActorFactory()
    actor.parent_id = actor.pk
    with pytest.raises(IntegrityError), transaction.atomic():
        actor.save()


def test_validation_rejects_a_parent_cycle():
    ministry = ActorFactory(kind="organization", category="government_body")
    department = ActorFactory(kind="organization", category="government_body", parent=ministry)
    ministry.parent = department
    with pytest.raises(ValidationError) as error:
        ministry.full_clean()
    assert "parent" in error.value.message_dict


def test_an_actor_cannot_have_the_same_name_twice_in_one_language():
    name = ActorNameFactory(name="حفتر", language="ar")
    with pytest.raises(IntegrityError), transaction.atomic():
        ActorName.objects.create(actor=name.actor, name="حفتر", language="ar")


def test_names_keep_their_text_and_store_normalized_keys():
    name = ActorNameFactory(name="خليفة حَفْتَر", language="ar")
    name.refresh_from_db()
    assert name.name == "خليفة حَفْتَر"
    assert name.search_key == "خليفه حفتر"
    assert name.sound_key == "hlfh hftr"


@pytest.mark.parametrize("query", ["حفتر", "حَفْتَر", "حفـتر", "Hifter", "haftar", "Хафтар"])
def test_search_finds_an_actor_by_any_of_its_names(query):
    haftar = ActorFactory(name="Khalifa Haftar", slug="khalifa-haftar")
    ActorNameFactory(actor=haftar, name="خليفة حفتر", language="ar")
    ActorNameFactory(actor=haftar, name="Халифа Хафтар", language="ru")
    ActorFactory(name="Vladimir Putin", slug="vladimir-putin")
    assert list(Actor.objects.search(query)) == [haftar]


def test_search_returns_each_actor_once_when_several_names_match():
    haftar = ActorFactory(name="Khalifa Haftar")
    ActorNameFactory(actor=haftar, name="Haftar", language="en")
    ActorNameFactory(actor=haftar, name="Hifter", language="en", kind="alias")
    assert list(Actor.objects.search("haftar")) == [haftar]


def test_deleted_ids_are_never_reused():
    first = ActorFactory()
    first_id = first.pk
    first.delete()
    assert ActorFactory().pk > first_id
