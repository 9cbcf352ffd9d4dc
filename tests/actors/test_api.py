"""The actors endpoint: who appears in the published record, under every name."""

import datetime

import pytest

from actors.choices import ActorKind, Language, NameKind, OrganizationCategory
from actors.models import Actor
from alliance_tracker import citation
from events.choices import RecordStatus
from tests.api_helpers import read_csv, results
from tests.factories import ActorFactory, ActorNameFactory, ClaimFactory, TieFactory, published_event

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def russia(db):
    return ActorFactory(name="Russian Federation", slug="russia", kind=ActorKind.STATE, country="RU")


@pytest.fixture
def ministry(russia):
    ministry = ActorFactory(
        name="Russian Ministry of Defence",
        slug="russian-mod",
        kind=ActorKind.ORGANIZATION,
        category=OrganizationCategory.GOVERNMENT_BODY,
        country="RU",
        parent=russia,
        wikidata_id="Q1062789",
    )
    ActorNameFactory(actor=ministry, name="وزارة الدفاع الروسية", language=Language.ARABIC)
    ActorNameFactory(actor=ministry, name="Минобороны России", language=Language.RUSSIAN, kind=NameKind.ALIAS)
    published_event(participants=[(ministry, "host")])
    return ministry


def test_an_actor_carries_every_name_by_language(client, ministry):
    shown = client.get(f"{API}/actors/{ministry.pk}/").json()
    assert shown["id"] == ministry.pk
    assert shown["url"] == f"http://testserver/api/v1/actors/{ministry.pk}/"
    assert (shown["kind"], shown["category"], shown["country"]) == ("organization", "government_body", "RU")
    assert shown["wikidata_id"] == "Q1062789"
    assert sorted((n["language"], n["name"], n["kind"]) for n in shown["names"]) == [
        ("ar", "وزارة الدفاع الروسية", "official"),
        ("ru", "Минобороны России", "alias"),
    ]


def test_the_events_link_lists_the_actors_events(client, ministry):
    events_url = client.get(f"{API}/actors/{ministry.pk}/").json()["events_url"]
    assert events_url == f"http://testserver/api/v1/events/?actor={ministry.pk}"
    assert len(results(client.get(events_url))) == 1


def test_a_parent_is_hidden_while_it_is_in_no_published_record(client, ministry, russia):
    assert client.get(f"{API}/actors/{ministry.pk}/").json()["parent"] is None
    assert client.get(f"{API}/actors/{russia.pk}/").status_code == 404
    assert read_csv(client.get(f"{API}/actors/?format=csv"))[0]["parent"] == ""


def test_a_parent_is_shown_once_it_is_public(client, ministry, russia):
    published_event(participants=[(russia, "host")])
    parent = client.get(f"{API}/actors/{ministry.pk}/").json()["parent"]
    assert (parent["id"], parent["slug"]) == (russia.pk, "russia")
    row = next(
        row for row in read_csv(client.get(f"{API}/actors/?format=csv")) if row["slug"] == "russian-mod"
    )
    assert (row["parent_id"], row["parent"]) == (str(russia.pk), "Russian Federation")


def test_an_actor_only_in_drafts_and_retractions_is_invisible(client, ministry):
    ghost = ActorFactory(name="Ghost", slug="ghost")
    retracted = published_event(participants=[(ghost, "host")])
    retracted.status = RecordStatus.RETRACTED
    retracted.save()
    TieFactory(subject=ghost, object=ministry, status=RecordStatus.DRAFT)
    ClaimFactory(event__status=RecordStatus.DRAFT, speaker=ghost)
    assert client.get(f"{API}/actors/{ghost.pk}/").status_code == 404
    assert [actor["slug"] for actor in results(client.get(f"{API}/actors/"))] == ["russian-mod"]


def test_an_actor_at_the_end_of_a_published_tie_is_visible(client, ministry):
    minister = ActorFactory(name="Andrei Belousov", slug="andrei-belousov")
    TieFactory(subject=minister, object=ministry, kind="holds_office_in", status=RecordStatus.PUBLISHED)
    assert client.get(f"{API}/actors/{minister.pk}/").status_code == 200


def test_actors_filter_through_the_api(client, ministry):
    assert [a["slug"] for a in results(client.get(f"{API}/actors/?q=وزارة الدفاع"))] == ["russian-mod"]
    assert results(client.get(f"{API}/actors/?kind=person")) == []


def test_a_bad_actor_filter_is_a_400_naming_it(client, ministry):
    response = client.get(f"{API}/actors/?category=cult")
    assert response.status_code == 400
    assert list(response.json()) == ["category"]


def test_an_actor_is_cited_by_its_page_on_its_detail_and_in_the_list(client, ministry, monkeypatch):
    monkeypatch.setattr(citation, "retrieved_on", lambda: datetime.date(2026, 12, 2))
    Actor.objects.filter(pk=ministry.pk).update(
        updated_at=datetime.datetime(2025, 1, 31, 23, 59, tzinfo=datetime.UTC)
    )
    reference = (
        f'Alliance Tracker, actor {ministry.pk} "Russian Ministry of Defence" '
        "(version of 2025-01-31 23:59 UTC), retrieved 2026-12-02, http://testserver/actors/russian-mod/"
    )
    assert client.get(f"{API}/actors/{ministry.pk}/").json()["citation"] == reference
    assert [actor["citation"] for actor in results(client.get(f"{API}/actors/"))] == [reference]
