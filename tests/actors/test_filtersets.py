"""Each actor filter, with the exact actors it must return (public actors only)."""

import datetime
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.utils import timezone

from actors.choices import ActorKind, Language, OrganizationCategory
from actors.filtersets import ActorFilterSet
from actors.models import Actor
from events.choices import RecordStatus
from tests.factories import ActorFactory, ActorNameFactory, ClaimFactory, TieFactory, published_event

pytestmark = pytest.mark.django_db


def actors(params):
    filterset = ActorFilterSet(QueryDict(urlencode(params, doseq=True)), queryset=Actor.objects.public())
    assert filterset.is_valid(), filterset.errors
    return sorted(filterset.qs.values_list("slug", flat=True))


def errors(params):
    filterset = ActorFilterSet(QueryDict(urlencode(params, doseq=True)), queryset=Actor.objects.public())
    assert not filterset.is_valid()
    return filterset.errors


@pytest.fixture
def world(db):
    haftar = ActorFactory(name="Khalifa Haftar", slug="khalifa-haftar", country="LY")
    ActorNameFactory(actor=haftar, name="خليفة حفتر", language=Language.ARABIC)
    ActorNameFactory(actor=haftar, name="Халифа Хафтар", language=Language.RUSSIAN)
    khaled = ActorFactory(name="Khaled Haftar", slug="khaled-haftar", country="LY")
    ActorNameFactory(actor=khaled, name="خالد حفتر", language=Language.ARABIC)
    russia = ActorFactory(name="Russian Federation", slug="russia", kind=ActorKind.STATE, country="RU")
    mod = ActorFactory(
        name="Russian Ministry of Defence",
        slug="russian-mod",
        kind=ActorKind.ORGANIZATION,
        category=OrganizationCategory.GOVERNMENT_BODY,
        country="RU",
        parent=russia,
    )
    belousov = ActorFactory(name="Andrei Belousov", slug="andrei-belousov", country="RU")
    hidden = ActorFactory(name="Hidden Haftar", slug="hidden-haftar", country="LY")
    published_event(participants=[(haftar, "party"), (russia, "host")])
    published_event(participants=[(khaled, "signatory"), (mod, "signatory")])
    TieFactory(subject=belousov, object=mod, kind="holds_office_in", status=RecordStatus.PUBLISHED)
    # The hidden actor's only records are a draft tie to Khalifa Haftar and a draft event.
    TieFactory(subject=hidden, object=haftar, kind="child_of", status=RecordStatus.DRAFT)
    ClaimFactory(event__status=RecordStatus.DRAFT, speaker=hidden)
    return locals()


def test_public_actors_are_those_named_in_published_records(world):
    assert actors({}) == ["andrei-belousov", "khaled-haftar", "khalifa-haftar", "russia", "russian-mod"]


def test_an_actor_speaking_in_a_published_claim_is_public(world):
    ClaimFactory(event=published_event(), speaker=world["hidden"])
    assert "hidden-haftar" in actors({})


def test_kind(world):
    assert actors({"kind": "state"}) == ["russia"]
    assert actors({"kind": "person"}) == ["andrei-belousov", "khaled-haftar", "khalifa-haftar"]


def test_category(world):
    assert actors({"category": "government_body"}) == ["russian-mod"]


def test_country_any_case(world):
    assert actors({"country": "ly"}) == ["khaled-haftar", "khalifa-haftar"]


def test_parent(world):
    assert actors({"parent": str(world["russia"].pk)}) == ["russian-mod"]


def test_q_with_diacritics_finds_the_haftars(world):
    assert actors({"q": "حَفْتَر"}) == ["khaled-haftar", "khalifa-haftar"]


def test_q_in_cyrillic_and_another_latin_spelling(world):
    assert actors({"q": "Хафтар"}) == ["khaled-haftar", "khalifa-haftar"]
    assert actors({"q": "Hifter"}) == ["khaled-haftar", "khalifa-haftar"]


def test_tied_to_follows_published_ties_in_both_directions(world):
    assert actors({"tied_to": "russian-mod"}) == ["andrei-belousov"]
    assert actors({"tied_to": str(world["belousov"].pk)}) == ["russian-mod"]


def test_tied_to_ignores_draft_ties(world):
    assert actors({"tied_to": "khalifa-haftar"}) == []


def test_updated_since(world):
    Actor.objects.update(updated_at=timezone.now() - datetime.timedelta(days=10))
    world["russia"].save()
    assert actors({"updated_since": (timezone.now() - datetime.timedelta(days=1)).isoformat()}) == ["russia"]


def test_ordering_by_name_reversed(world):
    filterset = ActorFilterSet(QueryDict("ordering=-name"), queryset=Actor.objects.public())
    assert filterset.is_valid()
    assert list(filterset.qs.values_list("slug", flat=True)) == [
        "russian-mod",
        "russia",
        "khalifa-haftar",
        "khaled-haftar",
        "andrei-belousov",
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "alien"}, "kind"),
        ({"category": "cult"}, "category"),
        ({"country": "ZZ"}, "country"),
        ({"parent": "x"}, "parent"),
        ({"tied_to": "<script>"}, "tied_to"),
        ({"updated_since": "2025-13-45"}, "updated_since"),
        ({"ordering": "age"}, "ordering"),
    ],
)
def test_malformed_values_are_errors_naming_the_parameter(world, params, field):
    assert field in errors(params)


def test_on_the_demo_data_q_with_diacritics_finds_the_three_haftars(demo_data):
    assert actors({"q": "حَفْتَر"}) == ["khaled-haftar", "khalifa-haftar", "saddam-haftar"]
