"""The actor network of the published record: who takes part in events together, and who is tied.

One builder (``build_network``) for the GEXF and GraphML exports and the ``/network/`` page, over
the events the API's filters select (``EventFilterSet`` on ``Event.objects.published()``):

- nodes are the actors taking part in those events, and the other ends of the published ties
  that touch them (Khalifa Haftar's meetings bring in the Libyan National Army he commands).
  Every one is public by ``events.visibility.public_actor_condition``: it takes part in a
  published event or is an end of a published tie. Actors known only as speakers of claims
  have no edge, and are left out;
- a co-participation edge joins two actors taking part in the same events, one edge per kind of
  event, with the number of events they share (``weight``) and the first and last day those
  events may cover. The pairs are counted by the database (GROUP BY), never by loading events;
- a tie edge goes from a published tie's subject to its object (Saddam Haftar commands the
  LNA), with the tie's kind, title and period. Only ties sharing a day with the filters'
  period (``date_from``/``date_to``, as ``/api/v1/ties/`` reads them) are drawn.

Attributes are strings, numbers and booleans only, and an unknown value is left out rather than
written empty, so that GEXF and GraphML readers give back what was written.
"""

import datetime
from collections.abc import Iterator
from typing import NamedTuple

import networkx as nx
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from actors.choices import ActorKind, Language, NameKind, OrganizationCategory
from actors.models import Actor, ActorName
from events.choices import EventKind, TieKind
from events.dates import ONGOING_END
from events.filtersets import EventFilterSet
from events.models import Event, Participant, Tie

# What an edge stands for: the ``relation`` attribute of every edge.
CO_PARTICIPATION = "co_participation"
TIE = "tie"


def events_filtered(params) -> EventFilterSet:
    """The API's filters over the published events; ``is_valid()`` says whether they are good."""
    return EventFilterSet(data=params, queryset=Event.objects.published())


def arabic_name():
    """The actor's Arabic name, the official one first: one subquery, no query per actor."""
    names = ActorName.objects.filter(actor=OuterRef("pk"), language=Language.ARABIC).order_by(
        Case(When(kind=NameKind.OFFICIAL, then=Value(0)), default=Value(1), output_field=IntegerField()),
        "pk",
    )
    return Subquery(names.values("name")[:1])


class NetworkRecords(NamedTuple):
    """What a network is drawn from: the one selection the graph exports and the FtM export read."""

    event_ids: QuerySet  # ids of the filtered published events
    ties: QuerySet  # published ties touching their actors, sharing a day with the period
    actors: QuerySet  # the actors taking part in those events or at an end of those ties


def network_records(filterset: EventFilterSet) -> NetworkRecords:
    """The records behind the network of the events a valid ``filterset`` selects (lazy queries)."""
    data = filterset.form.cleaned_data
    event_ids = filterset.qs.order_by().values("pk")
    taking_part = Participant.objects.filter(event__in=event_ids).values("actor")
    ties = (
        Tie.objects.published()
        .overlapping(data.get("date_from"), data.get("date_to"), published_only=True)
        .filter(Q(subject__in=taking_part) | Q(object__in=taking_part))
    )
    actors = Actor.objects.filter(
        Q(pk__in=taking_part) | Q(pk__in=ties.values("subject")) | Q(pk__in=ties.values("object"))
    ).order_by("name", "pk")
    return NetworkRecords(event_ids, ties, actors)


def build_network(filterset: EventFilterSet) -> nx.MultiDiGraph:
    """The network of the events a valid ``filterset`` selects: three queries, whatever their number.

    A ``MultiDiGraph``: a tie has a direction, and two actors may share meetings and agreements
    and a tie at once. Co-participation edges go from the actor with the smaller id and carry
    ``directed=False``.
    """
    records = network_records(filterset)
    graph = nx.MultiDiGraph()
    actors = records.actors.annotate(name_ar=arabic_name()).values(
        "pk", "slug", "name", "name_ar", "kind", "category", "country"
    )
    for actor in actors.iterator():
        graph.add_node(actor["pk"], **node_attributes(actor))
    for pair in co_participations(records.event_ids).iterator():
        graph.add_edge(
            pair["actor"], pair["other"], key=f"{CO_PARTICIPATION}:{pair['kind']}", **pair_attributes(pair)
        )
    for tie in records.ties.order_by("pk").values(
        "pk", "subject", "object", "kind", "title", "start_date", "end_date", "date_lo", "date_hi"
    ):
        graph.add_edge(tie["subject"], tie["object"], key=f"{TIE}:{tie['pk']}", **tie_attributes(tie))
    return graph


def co_participations(event_ids):
    """Pairs of actors in the same events, grouped in the database by pair and kind of event.

    Each pair once (the smaller id first); an actor in two roles in one event counts the event once.
    """
    return (
        Participant.objects.filter(event__in=event_ids, event__participants__actor__gt=F("actor"))
        .values("actor", other=F("event__participants__actor"), kind=F("event__kind"))
        .annotate(
            weight=Count("event", distinct=True),
            first=Min("event__date_lo"),
            last=Max("event__date_hi"),
        )
        .order_by("actor", "other", "kind")
    )


def node_attributes(actor: dict) -> dict:
    attributes = {
        "label": actor["name"],
        "name": actor["name"],
        "slug": actor["slug"],
        "kind": actor["kind"],
        "kind_label": str(ActorKind(actor["kind"]).label),
    }
    if actor["name_ar"]:
        attributes["name_ar"] = actor["name_ar"]
    if actor["category"]:
        attributes["category"] = actor["category"]
        attributes["category_label"] = str(OrganizationCategory(actor["category"]).label)
    if actor["country"]:
        attributes["country"] = str(actor["country"])
    return attributes


def iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def pair_attributes(pair: dict) -> dict:
    ongoing = pair["last"] >= ONGOING_END
    attributes = {
        "relation": CO_PARTICIPATION,
        "kind": pair["kind"],
        "label": str(EventKind(pair["kind"]).label),
        "weight": float(pair["weight"]),
        "events": pair["weight"],
        "directed": False,
        "ongoing": ongoing,
        "start": iso(pair["first"]),
    }
    if not ongoing:
        attributes["end"] = iso(pair["last"])
    return attributes


def tie_attributes(tie: dict) -> dict:
    attributes = {
        "relation": TIE,
        "kind": tie["kind"],
        "label": str(TieKind(tie["kind"]).label),
        "weight": 1.0,
        "directed": True,
        "tie": tie["pk"],
    }
    if tie["title"]:
        attributes["title"] = tie["title"]
    # An open start or end is left out: the tie held before, or still holds.
    if tie["start_date"]:
        attributes["start"] = iso(tie["date_lo"])
    if tie["end_date"]:
        attributes["end"] = iso(tie["date_hi"])
    return attributes


def gexf_lines(graph: nx.MultiDiGraph) -> Iterator[str]:
    """GEXF 1.2 for Gephi; the periods make it a dynamic graph (``start``/``end`` as dates) that
    Gephi's timeline can play. Every edge is written directed, as the graph is: GEXF readers
    (networkx's among them) refuse an undirected edge in a directed graph, so a co-participation
    edge says ``directed=false`` as an attribute instead."""
    for line in nx.generate_gexf(graph):
        yield line + "\n"


def graphml_lines(graph: nx.MultiDiGraph) -> Iterator[str]:
    """GraphML for NetworkX, yEd, igraph and Cytoscape, with typed attributes (``directed`` per edge)."""
    for line in nx.generate_graphml(graph):
        yield line + "\n"
