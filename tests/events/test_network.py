"""The actor network (events.network) and its GEXF and GraphML exports, read back with networkx."""

import datetime
import io

import networkx as nx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.models import Actor
from events.choices import EventKind, ParticipantRole, RecordStatus, TieKind
from tests.factories import ActorFactory, TieFactory, published_event

pytestmark = pytest.mark.django_db

GEXF = "/api/v1/exports/network.gexf"
GRAPHML = "/api/v1/exports/network.graphml"

# The demo's published events, as (kind, pair of actors) → number of shared events.
DEMO_CO_PARTICIPATION = {
    ("visit", "khalifa-haftar", "russian-federation"): 1,
    ("visit", "khalifa-haftar", "yunus-bek-yevkurov"): 1,
    ("visit", "russian-federation", "yunus-bek-yevkurov"): 1,
    ("visit", "saddam-haftar", "united-states"): 1,
    ("visit", "saddam-haftar", "us-state-department"): 1,
    ("visit", "united-states", "us-state-department"): 1,
    ("meeting", "khalifa-haftar", "sergei-shoigu"): 1,
    ("meeting", "khalifa-haftar", "russian-federation"): 1,
    ("meeting", "andrei-belousov", "khalifa-haftar"): 1,
    ("meeting", "khalifa-haftar", "vladimir-putin"): 2,
    ("agreement", "khaled-haftar", "yunus-bek-yevkurov"): 1,
    ("deployment", "belarus", "libyan-national-army"): 1,
    ("statement", "andrei-belousov", "khalifa-haftar"): 1,
}
# The demo's published ties (Saddam Haftar's "child of" is a draft).
DEMO_TIES = {
    ("khalifa-haftar", "commands", "libyan-national-army"),
    ("saddam-haftar", "commands", "libyan-national-army"),
    ("khaled-haftar", "child_of", "khalifa-haftar"),
    ("andrei-belousov", "holds_office_in", "russian-ministry-of-defence"),
    ("sergei-shoigu", "holds_office_in", "security-council-of-russia"),
    ("yunus-bek-yevkurov", "holds_office_in", "russian-ministry-of-defence"),
}
# Every demo actor but the Kremlin press office, which only speaks in claims.
DEMO_ACTORS = {
    "andrei-belousov",
    "belarus",
    "khaled-haftar",
    "khalifa-haftar",
    "libyan-national-army",
    "russian-federation",
    "russian-ministry-of-defence",
    "saddam-haftar",
    "security-council-of-russia",
    "sergei-shoigu",
    "united-states",
    "us-state-department",
    "vladimir-putin",
    "yunus-bek-yevkurov",
}


def body(response):
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content)


def read_gexf(response):
    assert response["Content-Type"] == "application/gexf+xml; charset=utf-8"
    return nx.read_gexf(io.BytesIO(body(response)))


def read_graphml(response):
    assert response["Content-Type"] == "application/graphml+xml; charset=utf-8"
    return nx.read_graphml(io.BytesIO(body(response)), force_multigraph=True)


READERS = {GEXF: read_gexf, GRAPHML: read_graphml}


def slugs(graph):
    return {graph.nodes[node]["slug"] for node in graph}


def co_participation(graph):
    found = {}
    for u, v, data in graph.edges(data=True):
        if data["relation"] == "co_participation":
            pair = sorted([graph.nodes[u]["slug"], graph.nodes[v]["slug"]])
            found[(data["kind"], *pair)] = int(data["weight"])
    return found


def ties(graph):
    return {
        (graph.nodes[u]["slug"], data["kind"], graph.nodes[v]["slug"])
        for u, v, data in graph.edges(data=True)
        if data["relation"] == "tie"
    }


def edge(graph, kind, first, second):
    """The co-participation edge of ``kind`` between two actors given by slug."""
    by_slug = {graph.nodes[node]["slug"]: node for node in graph}
    u, v = by_slug[first], by_slug[second]
    for a, b in ((u, v), (v, u)):
        for data in graph.get_edge_data(a, b, default={}).values():
            if data["relation"] == "co_participation" and data["kind"] == kind:
                return data
    raise AssertionError(f"no {kind} edge between {first} and {second}")


@pytest.mark.parametrize("url", [GEXF, GRAPHML])
def test_the_demo_network_has_its_actors_co_participations_and_published_ties(client, demo_data, url):
    graph = READERS[url](client.get(url))
    assert slugs(graph) == DEMO_ACTORS
    assert co_participation(graph) == DEMO_CO_PARTICIPATION
    assert ties(graph) == DEMO_TIES
    assert graph.number_of_edges() == len(DEMO_CO_PARTICIPATION) + len(DEMO_TIES)


@pytest.mark.parametrize("url", [GEXF, GRAPHML])
def test_nodes_carry_names_kinds_and_countries(client, demo_data, url):
    graph = READERS[url](client.get(url))
    haftar = next(graph.nodes[node] for node in graph if graph.nodes[node]["slug"] == "khalifa-haftar")
    actor = Actor.objects.get(slug="khalifa-haftar")
    assert haftar["label"] == "Khalifa Haftar"
    assert haftar["name_ar"] == "خليفة حفتر"
    assert haftar["kind"] == "person"
    assert haftar["country"] == "LY"
    assert "category" not in haftar
    lna = next(graph.nodes[node] for node in graph if graph.nodes[node]["slug"] == "libyan-national-army")
    # Its official Arabic name, not the alias of its General Command.
    assert lna["name_ar"] == "الجيش الوطني الليبي"
    assert lna["category"] == "armed_force"
    node_ids = {str(node) for node in graph}
    assert str(actor.pk) in node_ids


@pytest.mark.parametrize("url", [GEXF, GRAPHML])
def test_edges_carry_their_periods_and_weights(client, demo_data, url):
    graph = READERS[url](client.get(url))
    putin = edge(graph, "meeting", "khalifa-haftar", "vladimir-putin")
    # September 2023 (known to a month) and 7–10 May 2025.
    assert (putin["start"], putin["end"]) == ("2023-09-01", "2025-05-10")
    assert float(putin["weight"]) == 2.0
    assert putin["label"] == "Meeting"
    assert putin["directed"] in (False, "false")
    commands = next(
        data
        for u, v, data in graph.edges(data=True)
        if data["relation"] == "tie" and graph.nodes[u]["slug"] == "khalifa-haftar"
    )
    assert commands["kind"] == "commands"
    assert commands["title"] == "General Commander"
    assert "start" not in commands and "end" not in commands


def test_a_kind_narrows_the_events_and_brings_only_the_ties_of_their_actors(client, demo_data):
    graph = read_gexf(client.get(GEXF, {"kind": "meeting"}))
    assert co_participation(graph) == {
        key: n for key, n in DEMO_CO_PARTICIPATION.items() if key[0] == "meeting"
    }
    assert ties(graph) == {
        ("khalifa-haftar", "commands", "libyan-national-army"),
        ("khaled-haftar", "child_of", "khalifa-haftar"),
        ("andrei-belousov", "holds_office_in", "russian-ministry-of-defence"),
        ("sergei-shoigu", "holds_office_in", "security-council-of-russia"),
    }
    assert slugs(graph) == {
        "khalifa-haftar",
        "sergei-shoigu",
        "russian-federation",
        "andrei-belousov",
        "vladimir-putin",
        "libyan-national-army",
        "khaled-haftar",
        "russian-ministry-of-defence",
        "security-council-of-russia",
    }


def test_the_period_narrows_events_and_ties_alike(client, demo_data):
    graph = read_graphml(client.get(GRAPHML, {"date_to": "2023-12-31"}))
    assert co_participation(graph) == {("meeting", "khalifa-haftar", "vladimir-putin"): 1}
    # The demo's ties have no dates: they cover all time.
    assert ties(graph) == {
        ("khalifa-haftar", "commands", "libyan-national-army"),
        ("khaled-haftar", "child_of", "khalifa-haftar"),
    }
    dated = TieFactory(
        kind=TieKind.LEADS, start_date=datetime.date(2024, 1, 1), status=RecordStatus.PUBLISHED
    )
    published_event(
        participants=[(dated.subject, ParticipantRole.ATTENDEE)], start_date=datetime.date(2023, 5, 1)
    )
    graph = read_graphml(client.get(GRAPHML, {"date_to": "2023-12-31"}))
    assert dated.object.slug not in slugs(graph)


def test_drafts_retracted_records_and_unpublished_ties_are_absent(client, demo_data):
    secret, hidden, partner = (
        ActorFactory(slug="secret"),
        ActorFactory(slug="hidden"),
        Actor.objects.get(slug="vladimir-putin"),
    )
    for status in (RecordStatus.DRAFT, RecordStatus.IN_REVIEW, RecordStatus.RETRACTED):
        published_event(
            status=status,
            participants=[(secret, ParticipantRole.ATTENDEE), (partner, ParticipantRole.ATTENDEE)],
        )
        TieFactory(subject=hidden, object=partner, kind=TieKind.MEMBER_OF, status=status)
    for url in (GEXF, GRAPHML):
        graph = READERS[url](client.get(url))
        assert slugs(graph) == DEMO_ACTORS
        assert co_participation(graph) == DEMO_CO_PARTICIPATION
        assert ties(graph) == DEMO_TIES


def test_every_node_is_a_public_actor(client, demo_data):
    graph = read_gexf(client.get(GEXF))
    assert slugs(graph) <= set(Actor.objects.public().values_list("slug", flat=True))


def test_an_actor_in_two_roles_counts_an_event_once(client, db):
    a, b = ActorFactory(slug="a"), ActorFactory(slug="b")
    published_event(
        kind=EventKind.VISIT,
        participants=[(a, ParticipantRole.VISITOR), (a, ParticipantRole.ATTENDEE), (b, ParticipantRole.HOST)],
    )
    graph = read_gexf(client.get(GEXF))
    assert co_participation(graph) == {("visit", "a", "b"): 1}


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"kind": "picnic"}, "kind"),
        ({"date_from": "2025-13-01"}, "date_from"),
        ({"actor": "not a slug!"}, "actor"),
        ({"acter": "khalifa-haftar"}, "acter"),
        ({"format": "json"}, "format"),
        ({"date_from": "2025-05-10", "date_to": "2025-05-01"}, "date_to"),
    ],
)
@pytest.mark.parametrize("url", [GEXF, GRAPHML])
def test_a_bad_filter_is_a_400_naming_it(client, url, params, name):
    response = client.get(url, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert name in response.json()


def test_a_repeated_single_filter_is_a_400(client, db):
    response = client.get(f"{GEXF}?kind=meeting&kind=visit")
    assert response.status_code == 400
    assert "kind" in response.json()


def test_writes_are_refused(client, db):
    assert client.post(GEXF).status_code == 405


@pytest.mark.parametrize("url", [GEXF, GRAPHML])
def test_the_query_count_does_not_grow_with_the_events(client, demo_data, url):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            body(
                client.get(
                    url, {"actor_any": ["khalifa-haftar", "vladimir-putin"], "date_from": "2020-01-01"}
                )
            )
        return len(captured)

    before = queries()
    haftar, putin = Actor.objects.get(slug="khalifa-haftar"), Actor.objects.get(slug="vladimir-putin")
    for _ in range(5):
        published_event(
            kind=EventKind.MEETING,
            participants=[
                (haftar, ParticipantRole.PARTY),
                (putin, ParticipantRole.PARTY),
                (ActorFactory(), ParticipantRole.PARTY),
            ],
        )
    assert queries() == before
    graph = read_gexf(client.get(GEXF, {"actor_any": ["khalifa-haftar"]}))
    assert edge(graph, "meeting", "khalifa-haftar", "vladimir-putin")["weight"] == 7.0


def test_the_exports_are_in_the_schema_with_the_filters_and_media_types(client, db):
    paths = client.get("/api/v1/schema/", headers={"Accept": "application/json"}).json()["paths"]
    for url, media_type in [(GEXF, "application/gexf+xml"), (GRAPHML, "application/graphml+xml")]:
        operation = paths[url]["get"]
        names = {parameter["name"] for parameter in operation["parameters"]}
        assert {"kind", "actor", "actor_any", "country", "date_from", "date_to", "q"} <= names
        assert "format" not in names and "page" not in names
        assert list(operation["responses"]["200"]["content"]) == [media_type]
        assert "400" in operation["responses"]
        assert "404" not in operation["responses"]
