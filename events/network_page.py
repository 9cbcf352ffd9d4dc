"""The ``/network/`` page: the actor network (``events.network``) drawn as SVG on the server.

Positions come from networkx's spring layout with a fixed seed, so the same record always gives
the same picture and the page needs no JavaScript: every node is a link to its actor's page.
The Arabic interface mirrors the drawing (the start side is on the right). A small static script
(public/network.js) only highlights a node's edges on hover or focus.
"""

import math
from urllib.parse import urlencode

import networkx as nx
from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events import network
from events.choices import EventKind
from events.pages import filter_errors
from events.public_labels import label
from events.public_names import interface_language

# The parameters the page's form sets: the API's filters of the same names.
PAGE_FILTERS = ("kind", "date_from", "date_to")
# The most actors drawn: those with the most shared events and ties; the exports hold them all.
MAX_NODES = 120
WIDTH, HEIGHT, MARGIN = 960, 640, 70
SEED = 13


class NetworkForm(forms.Form):
    """What the page's form shows; the values are checked by the API's filters themselves."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    date_from = forms.CharField(label=gettext_lazy("From"), required=False)
    date_to = forms.CharField(label=gettext_lazy("To"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", _("Any kind")),
            *((k, label(text)) for k, text in EventKind.choices),
        ]


def drawn(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The ``MAX_NODES`` actors with the most shared events and ties (ties broken by id)."""
    if len(graph) <= MAX_NODES:
        return graph
    degree = dict(graph.degree(weight="weight"))
    keep = sorted(graph, key=lambda node: (-degree[node], node))[:MAX_NODES]
    return graph.subgraph(keep)


def positions(graph) -> dict:
    """Node → (x, y) in the drawing, mirrored in a right-to-left interface."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph))
    for u, v, data in graph.edges(data=True):
        weight = simple.get_edge_data(u, v, {}).get("weight", 0) + data["weight"]
        simple.add_edge(u, v, weight=math.log1p(weight))
    if not simple:
        return {}
    layout = (
        nx.spring_layout(simple, seed=SEED, weight="weight")
        if len(simple) > 1
        else {next(iter(simple)): (0, 0)}
    )
    mirror = -1 if interface_language() == "ar" else 1
    half_w, half_h = (WIDTH - 2 * MARGIN) / 2, (HEIGHT - 2 * MARGIN) / 2
    return {
        node: (round(WIDTH / 2 + mirror * x * half_w, 1), round(HEIGHT / 2 + y * half_h, 1))
        for node, (x, y) in layout.items()
    }


def local_node_name(data) -> str:
    if interface_language() == "ar" and data.get("name_ar"):
        return data["name_ar"]
    return data["name"]


def drawing(graph):
    """Nodes and edges with their coordinates, labels and links, for the template."""
    graph = drawn(graph)
    at = positions(graph)
    nodes = []
    for node in sorted(graph, key=lambda n: graph.nodes[n]["name"]):
        data = graph.nodes[node]
        x, y = at[node]
        nodes.append(
            {
                "id": node,
                "x": x,
                "y": y,
                "name": local_node_name(data),
                "kind": data["kind"],
                "kind_label": label(data["kind_label"]),
                "url": reverse("public:actor", kwargs={"slug": data["slug"]}),
                "r": 7 + min(graph.degree(node), 12),
            }
        )
    names = {node["id"]: node["name"] for node in nodes}
    radius = {node["id"]: node["r"] for node in nodes}
    edges = []
    for u, v, data in sorted(
        graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["relation"], e[2]["kind"])
    ):
        (x1, y1), (x2, y2) = at[u], at[v]
        if data["relation"] == network.TIE:
            # The arrow stops at the object's circle, not under it.
            length = math.hypot(x2 - x1, y2 - y1) or 1
            gap = radius[v] + 2
            x2, y2 = round(x2 - (x2 - x1) * gap / length, 1), round(y2 - (y2 - y1) * gap / length, 1)
        edges.append(
            {
                "source": u,
                "target": v,
                "x1": x1,
                "y1": y1,
                "x2": x2,
                "y2": y2,
                "relation": data["relation"],
                "kind": data["kind"],
                "label": label(data["label"]),
                "weight": int(data["weight"]),
                "width": round(1 + math.log2(data["weight"]), 1),
                "start": data.get("start", ""),
                "end": data.get("end", ""),
                "between": f"{names[u]} – {names[v]}",
            }
        )
    return {"nodes": nodes, "edges": edges, "width": WIDTH, "height": HEIGHT}


def network_page(request):
    """The network of the published events of a kind and period (a GET form). Bad filters are
    shown beside the form, and the whole published record's network is drawn instead."""
    params = {key: request.GET[key] for key in PAGE_FILTERS if request.GET.get(key)}
    filterset = network.events_filtered(params)
    errors = []
    if not filterset.is_valid():
        errors = filter_errors(filterset)
        params = {}
        filterset = network.events_filtered({})
        filterset.is_valid()
    graph = network.build_network(filterset)
    picture = drawing(graph)
    query = f"?{urlencode(params)}" if params else ""
    return render(
        request,
        "public/network.html",
        {
            "form": NetworkForm(request.GET or None),
            "errors": errors,
            "drawing": picture,
            "total_nodes": len(graph),
            "total_edges": graph.number_of_edges(),
            "capped": len(graph) > len(picture["nodes"]),
            "exports": [
                ("GEXF", f"/api/v1/exports/network.gexf{query}"),
                ("GraphML", f"/api/v1/exports/network.graphml{query}"),
                ("FollowTheMoney", f"/api/v1/exports/ftm.jsonl{query}"),
            ],
        },
    )
