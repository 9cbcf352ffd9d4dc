"""Write the map's country outlines (GeoJSON) from a world-atlas TopoJSON file.

The map page draws countries from ``events/static/public/map/countries-110m.geojson``, kept in
the project so that no tile server or outside file is ever asked for. It was made with::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python manage.py build_country_outlines package/countries-110m.json

(Natural Earth's 1:110m Admin 0 countries, public domain; see the README beside the file.)
TopoJSON stores shared borders once, as delta-encoded quantized arcs; this decodes them.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

OUTPUT = settings.BASE_DIR / "events" / "static" / "public" / "map" / "countries-110m.geojson"
# Decimal places kept: about 100 m, far finer than the 1:110m outlines themselves.
DIGITS = 3


def decode_arcs(topology):
    """Every arc as a list of [longitude, latitude], undoing the quantization's deltas."""
    (scale_x, scale_y), (dx, dy) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for step_x, step_y in arc:
            x, y = x + step_x, y + step_y
            points.append([round(x * scale_x + dx, DIGITS), round(y * scale_y + dy, DIGITS)])
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    """A closed ring from arc indexes; a negative index ~i is arc i reversed."""
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Consecutive arcs share their joining point.
        points.extend(arc if not points else arc[1:])
    return points


def geometry(arcs, shape):
    if shape["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(arcs, r) for r in shape["arcs"]]}
    if shape["type"] == "MultiPolygon":
        return {
            "type": "MultiPolygon",
            "coordinates": [[ring(arcs, r) for r in polygon] for polygon in shape["arcs"]],
        }
    return None


def outlines(topology, name="countries"):
    arcs = decode_arcs(topology)
    features = []
    for shape in topology["objects"][name]["geometries"]:
        shaped = geometry(arcs, shape)
        if shaped is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": shape.get("id"),
                "properties": {"name": shape.get("properties", {}).get("name", "")},
                "geometry": shaped,
            }
        )
    return {"type": "FeatureCollection", "features": features}


class Command(BaseCommand):
    help = "Write the map's country outlines (GeoJSON) from world-atlas' countries-110m.json."

    def add_arguments(self, parser):
        parser.add_argument("topojson", type=Path)
        parser.add_argument("--output", type=Path, default=OUTPUT)

    def handle(self, *args, topojson, output, **options):
        collection = outlines(json.loads(topojson.read_text()))
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(collection, separators=(",", ":")) + "\n")
        self.stdout.write(f"{len(collection['features'])} countries written to {output}")
