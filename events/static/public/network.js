// Highlights an actor's edges and neighbours on /network/ while the pointer or focus is on it.
// The drawing works without this file; it adds no request and no inline code (strict CSP).
(function () {
  "use strict";
  var figure = document.querySelector("figure.network");
  if (!figure) { return; }
  var edges = figure.querySelectorAll(".edge");
  var nodes = figure.querySelectorAll(".node");
  function light(id) {
    var near = {};
    near[id] = true;
    edges.forEach(function (edge) {
      var on = edge.dataset.source === id || edge.dataset.target === id;
      edge.classList.toggle("lit", on);
      if (on) { near[edge.dataset.source] = true; near[edge.dataset.target] = true; }
    });
    nodes.forEach(function (node) { node.classList.toggle("lit", !!near[node.dataset.node]); });
    figure.classList.add("highlighting");
  }
  function clear() { figure.classList.remove("highlighting"); }
  nodes.forEach(function (node) {
    node.addEventListener("mouseenter", function () { light(node.dataset.node); });
    node.addEventListener("focus", function () { light(node.dataset.node); });
    node.addEventListener("mouseleave", clear);
    node.addEventListener("blur", clear);
  });
})();
