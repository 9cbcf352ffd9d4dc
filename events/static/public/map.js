/* The map page (templates/public/map.html): draws the located events embedded as GeoJSON
   (#map-data) over the country outlines kept by the project. No tiles, nothing from outside.
   A place is drawn as wide as its coordinates' precision: an exact one as a solid dot, an
   approximate one as a dashed ring with a shaded area of its radius (radius_m), never a pin. */
(function () {
  "use strict";
  var container = document.getElementById("map");
  var dataNode = document.getElementById("map-data");
  if (!container || !dataNode || typeof L === "undefined") {
    return;
  }
  var data = JSON.parse(dataNode.textContent);
  var labels = JSON.parse(document.getElementById("map-labels").textContent);
  var arabic = document.documentElement.lang === "ar";

  container.hidden = false;
  var map = L.map(container, { worldCopyJump: true, minZoom: 1, maxZoom: 12 });
  map.attributionControl.setPrefix("Leaflet");
  map.attributionControl.addAttribution("Natural Earth");
  map.setView([25, 20], 2);

  fetch(container.dataset.countries)
    .then(function (response) { return response.json(); })
    .then(function (countries) {
      L.geoJSON(countries, {
        interactive: false,
        style: { color: "#9aa3b2", weight: 0.8, fillColor: "#f3f1ea", fillOpacity: 1 }
      }).addTo(map).bringToBack();
    });

  // One mark per place, listing every event there.
  var places = new Map();
  data.features.forEach(function (feature) {
    var id = feature.properties.place_id;
    if (!places.has(id)) {
      places.set(id, { feature: feature, events: [] });
    }
    places.get(id).events.push(feature.properties);
  });

  function popup(place) {
    var p = place.feature.properties;
    var box = document.createElement("div");
    box.dir = "auto";
    var title = document.createElement("strong");
    title.textContent = (arabic && p.place_name_ar) || p.place_name;
    box.appendChild(title);
    var precision = document.createElement("div");
    precision.className = "popup-precision";
    precision.textContent = p.coordinate_precision === "exact"
      ? labels.exact
      : labels.approximate.replace("%(km)s", String(Math.round(p.radius_m / 1000)));
    box.appendChild(precision);
    var list = document.createElement("ul");
    place.events.forEach(function (event) {
      var item = document.createElement("li");
      var when = document.createElement("span");
      when.className = "when";
      when.textContent = (event.period || (event.start + (event.end ? " – " + event.end : ""))) + " · " + event.kind_label + " ";
      var link = document.createElement("a");
      link.href = event.page_url;
      link.dir = "auto";
      link.textContent = (arabic && event.title_ar) || event.title;
      item.appendChild(when);
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  var marks = [];
  places.forEach(function (place) {
    var p = place.feature.properties;
    var coordinates = place.feature.geometry.coordinates;
    var point = L.latLng(coordinates[1], coordinates[0]);
    var exact = p.coordinate_precision === "exact";
    if (!exact && p.radius_m) {
      // The area the place may lie in, to scale: visible once zoomed in.
      L.circle(point, {
        radius: p.radius_m, className: "place-area", interactive: false,
        color: "#c2571a", weight: 1, dashArray: "4 4", fillOpacity: 0.12
      }).addTo(map);
    }
    var mark = L.circleMarker(point, exact
      ? { radius: 5, className: "place-marker place-exact", color: "#1f5fa8", weight: 2, fillOpacity: 0.9 }
      : { radius: 11, className: "place-marker place-approximate", color: "#c2571a", weight: 2,
          dashArray: "3 3", fillOpacity: 0.15 });
    mark.bindPopup(popup(place));
    mark.bindTooltip((arabic && p.place_name_ar) || p.place_name);
    mark.addTo(map);
    marks.push(point);
  });
  container.dataset.places = String(places.size);
  if (marks.length) {
    map.fitBounds(L.latLngBounds(marks), { padding: [40, 40], maxZoom: 6 });
  }
})();
