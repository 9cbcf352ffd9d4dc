"""The FollowTheMoney export: every line an entity the followthemoney library accepts as written."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from followthemoney import model

from actors.models import Actor
from events.choices import EventKind, ParticipantRole, RecordStatus, TieKind
from tests.factories import ActorFactory, TieFactory, published_event

pytestmark = pytest.mark.django_db

FTM = "/api/v1/exports/ftm.jsonl"


def entities(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/x-ndjson; charset=utf-8"
    lines = b"".join(response.streaming_content).decode().splitlines()
    return [json.loads(line) for line in lines]


def validated(data):
    """The entity as the library reads it: valid values, known properties, required ones present."""
    schema = model.get(data["schema"])
    assert schema is not None and not schema.abstract, data
    schema.validate(data)
    assert set(data["properties"]) <= set(schema.properties), data
    proxy = model.get_proxy(data, cleaned=False)
    for name in schema.required:
        assert proxy.get(name), (data, name)
    # Cleaning changes nothing: every value was written as FtM itself writes it.
    assert proxy.to_dict() == data
    return proxy


def by_id(response):
    return {data["id"]: validated(data) for data in entities(response)}


def named(found, schema):
    return {proxy.first("name") for proxy in found.values() if proxy.schema.name == schema}


def actor_id(slug):
    return f"alliance-tracker-actor-{Actor.objects.get(slug=slug).pk}"


def test_every_demo_entity_is_valid_and_every_reference_is_in_the_export(client, demo_data):
    found = by_id(client.get(FTM))
    for proxy in found.values():
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in found, (proxy.id, prop.name, value)


def test_the_demo_actors_are_people_public_bodies_and_organizations(client, demo_data):
    found = by_id(client.get(FTM))
    assert named(found, "Person") == {
        "Andrei Belousov",
        "Khaled Haftar",
        "Khalifa Haftar",
        "Saddam Haftar",
        "Sergei Shoigu",
        "Vladimir Putin",
        "Yunus-Bek Yevkurov",
    }
    assert named(found, "PublicBody") == {
        "Belarus",
        "Russian Federation",
        "United States",
        "Russian Ministry of Defence",
        "Security Council of Russia",
        "US State Department",
    }
    assert named(found, "Organization") == {"Libyan National Army"}
    haftar = found[actor_id("khalifa-haftar")]
    assert "خليفة حفتر" in haftar.get("alias")
    assert haftar.get("country") == ["ly"]
    russia = found[actor_id("russian-federation")]
    assert russia.get("jurisdiction") == ["ru"]
    assert found[actor_id("russian-ministry-of-defence")].get("parent") == [actor_id("russian-federation")]


def test_ties_are_memberships_directorships_occupancies_and_family(client, demo_data):
    found = by_id(client.get(FTM))
    directorships = {
        (proxy.first("director"), proxy.first("organization"), proxy.first("role"))
        for proxy in found.values()
        if proxy.schema.name == "Directorship"
    }
    lna = actor_id("libyan-national-army")
    assert directorships == {
        (actor_id("khalifa-haftar"), lna, "General Commander"),
        (actor_id("saddam-haftar"), lna, "commander of the ground forces"),
    }
    occupancies = {
        (
            proxy.first("holder"),
            found[proxy.first("post")].first("name"),
            found[proxy.first("post")].first("organization"),
        )
        for proxy in found.values()
        if proxy.schema.name == "Occupancy"
    }
    assert occupancies == {
        (actor_id("andrei-belousov"), "Minister of Defence", actor_id("russian-ministry-of-defence")),
        (
            actor_id("yunus-bek-yevkurov"),
            "Deputy Minister of Defence",
            actor_id("russian-ministry-of-defence"),
        ),
        (actor_id("sergei-shoigu"), "Secretary", actor_id("security-council-of-russia")),
    }
    families = {
        (proxy.first("person"), proxy.first("relative"), proxy.first("relationship"))
        for proxy in found.values()
        if proxy.schema.name == "Family"
    }
    # Saddam Haftar's is a draft.
    assert families == {(actor_id("khalifa-haftar"), actor_id("khaled-haftar"), "child")}


def test_events_have_their_dates_place_and_actors(client, demo_data):
    found = by_id(client.get(FTM))
    events = {proxy.first("name"): proxy for proxy in found.values() if proxy.schema.name == "Event"}
    assert len(events) == 11
    earlier = events["Khalifa Haftar meets Vladimir Putin (September 2023)"]
    assert earlier.get("startDate") == ["2023-09"]
    assert sorted(earlier.get("involved")) == sorted([actor_id("khalifa-haftar"), actor_id("vladimir-putin")])
    assert earlier.get("keywords") == ["Meeting"]
    visit = events["Khalifa Haftar's official visit to Moscow"]
    assert (visit.get("startDate"), visit.get("endDate")) == (["2025-05-07"], ["2025-05-10"])
    assert visit.get("location") == ["Moscow"]
    assert visit.get("country") == ["ru"]
    assert visit.get("organizer") == [actor_id("russian-federation")]


def test_sources_and_claims_document_the_records(client, demo_data):
    found = by_id(client.get(FTM))
    articles = [proxy for proxy in found.values() if proxy.schema.name == "Article"]
    assert len(articles) == 1
    assert articles[0].get("language") == ["ara"]
    assert articles[0].get("publishedAt") == ["2025-05-11"]
    documentation = [proxy for proxy in found.values() if proxy.schema.name == "Documentation"]
    assert documentation
    assert {proxy.first("document") for proxy in documentation} == {articles[0].id}
    documented = {proxy.first("entity") for proxy in documentation}
    records = {
        proxy.id
        for proxy in found.values()
        if proxy.schema.name in ("Event", "Directorship", "Occupancy", "Family")
    }
    assert documented <= records
    # Every published event and tie stands on at least one claim.
    assert {proxy.id for proxy in found.values() if proxy.schema.name == "Event"} <= documented


def test_drafts_and_unpublished_ties_are_absent(client, demo_data):
    before = set(by_id(client.get(FTM)))
    secret, partner = (
        ActorFactory(slug="secret", name="Secret actor"),
        Actor.objects.get(slug="vladimir-putin"),
    )
    for status in (RecordStatus.DRAFT, RecordStatus.IN_REVIEW, RecordStatus.RETRACTED):
        published_event(
            status=status,
            participants=[(secret, ParticipantRole.ATTENDEE), (partner, ParticipantRole.ATTENDEE)],
        )
        TieFactory(subject=secret, object=partner, kind=TieKind.MEMBER_OF, status=status)
    body = b"".join(client.get(FTM).streaming_content).decode()
    assert "Secret actor" not in body
    assert set(by_id(client.get(FTM))) == before


def test_filters_narrow_the_entities(client, demo_data):
    found = by_id(client.get(FTM, {"kind": "agreement"}))
    assert named(found, "Event") == {"Strategic agreement between Khaled Haftar and Yunus-Bek Yevkurov"}
    assert named(found, "Person") == {"Khaled Haftar", "Yunus-Bek Yevkurov", "Khalifa Haftar"}


@pytest.mark.parametrize(("params", "name"), [({"kind": "picnic"}, "kind"), ({"format": "json"}, "format")])
def test_a_bad_filter_is_a_400_naming_it(client, db, params, name):
    response = client.get(FTM, params)
    assert response.status_code == 400
    assert name in response.json()


def test_the_query_count_does_not_grow_with_the_records(client, demo_data):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            entities(client.get(FTM))
        return len(captured)

    before = queries()
    haftar = Actor.objects.get(slug="khalifa-haftar")
    for _ in range(4):
        other = ActorFactory()
        published_event(
            kind=EventKind.MEETING,
            participants=[(haftar, ParticipantRole.PARTY), (other, ParticipantRole.PARTY)],
        )
        TieFactory(
            subject=other,
            object=Actor.objects.get(slug="libyan-national-army"),
            kind=TieKind.MEMBER_OF,
            status=RecordStatus.PUBLISHED,
        )
    assert queries() == before


def test_the_export_is_in_the_schema(client, db):
    operation = client.get("/api/v1/schema/", headers={"Accept": "application/json"}).json()["paths"][FTM][
        "get"
    ]
    assert {"kind", "actor", "date_from"} <= {parameter["name"] for parameter in operation["parameters"]}
    assert list(operation["responses"]["200"]["content"]) == ["application/x-ndjson"]


def test_the_schema_names_the_followthemoney_version_installed():
    """The OpenAPI description tells clients which FtM model the entities follow: the pinned one."""
    import followthemoney
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    description = schema["paths"]["/api/v1/exports/ftm.jsonl"]["get"]["responses"]["200"]["description"]
    major_minor = ".".join(followthemoney.__version__.split(".")[:2])
    assert f"(followthemoney {major_minor})" in description
