/* The zoomable link graph (Cytoscape.js, static/vendor/cytoscape; docs/GRAPHS.md).
   The page carries the graph as data (<script type="application/json" id="graph-data">,
   documents.graphdraw.interactive: each document with its place on the same grid as the
   server's picture, so the legend is true of both). This script draws it in .graph-canvas,
   shows the zoom buttons and hides the server's picture; without JavaScript, or without
   Cytoscape, the page keeps that picture. The text equivalent below is never touched.
   Labels are drawn at FONT px; the first view never shows them under MIN_FONT px: the whole
   graph when it fits at that size, else its start (the focus document, or the top left). */
(function () {
  "use strict";
  var FONT = 12;
  var MIN_FONT = 11;
  var MARGIN = 24;
  var dataBlock = document.getElementById("graph-data");
  var box = document.querySelector(".graph-canvas");
  if (!dataBlock || !box || typeof window.cytoscape !== "function") return;
  var graph = JSON.parse(dataBlock.textContent);
  if (!graph.nodes.length) return;
  var figure = box.closest("figure");
  var controls = figure.querySelector(".graph-controls");

  var elements = graph.nodes.map(function (node) {
    return {group: "nodes", data: node, position: {x: node.x, y: node.y}};
  }).concat(graph.edges.map(function (edge) {
    return {group: "edges", data: edge};
  }));
  // Cytoscape adds a <style> element (".__________cytoscape_container { position: relative }")
  // unless one with its id exists; the site's CSP refuses inline styles, and site.css
  // already gives .graph-canvas that position: an element with that id keeps it from trying.
  if (!document.getElementById("__________cytoscape_stylesheet")) {
    var mark = document.createElement("meta");
    mark.id = "__________cytoscape_stylesheet";
    document.head.appendChild(mark);
  }
  box.hidden = false;
  if (controls) controls.hidden = false;
  figure.classList.add("graph-figure-interactive");

  var cy = window.cytoscape({
    container: box,
    elements: elements,
    layout: {name: "preset"},
    minZoom: 0.05,
    maxZoom: 4,
    autoungrabify: true,
    boxSelectionEnabled: false,
    style: [
      {selector: "node", style: {
        "shape": "round-rectangle", "width": 170, "height": 62,
        "background-color": "data(fill)", "border-width": 1, "border-color": "#444444",
        "label": "data(label)", "color": "data(text)", "font-size": FONT,
        "font-family": "Noto Sans, sans-serif", "text-wrap": "wrap", "text-max-width": 160,
        "text-valign": "center", "text-halign": "center"}},
      {selector: "node[?focus]", style: {"border-width": 4}},
      {selector: "edge", style: {
        "curve-style": "bezier", "width": 1.5, "line-color": "#444444",
        "target-arrow-shape": "triangle", "target-arrow-color": "#444444",
        "label": "data(label)", "font-size": 10, "font-family": "Noto Sans, sans-serif",
        "text-background-color": "#FFFFFF", "text-background-opacity": 0.85,
        "text-background-padding": 1, "min-zoomed-font-size": 9}},
      {selector: "edge[?dashed]", style: {"line-style": "dashed"}},
      {selector: "node.hover", style: {"border-width": 3, "border-color": "#000000"}}
    ]
  });

  function start() {
    cy.fit(undefined, MARGIN);
    if (cy.zoom() * FONT >= MIN_FONT) return;
    var focus = cy.nodes("[?focus]");
    cy.zoom(1);
    if (focus.length) {
      cy.center(focus);
    } else {
      var bb = cy.elements().boundingBox();
      cy.pan({x: MARGIN - bb.x1, y: MARGIN - bb.y1});
    }
  }
  start();

  function zoomBy(factor) {
    cy.zoom({level: cy.zoom() * factor,
             renderedPosition: {x: box.clientWidth / 2, y: box.clientHeight / 2}});
  }
  if (controls) {
    controls.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-graph]");
      if (!button) return;
      var action = button.getAttribute("data-graph");
      if (action === "in") zoomBy(1.25);
      else if (action === "out") zoomBy(0.8);
      else if (action === "fit") cy.fit(undefined, MARGIN);
      else if (action === "start") start();
    });
  }
  // The keyboard: arrows pan, + and - zoom, 0 goes back to the first view.
  box.addEventListener("keydown", function (event) {
    var step = 60;
    var moves = {ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step],
                 ArrowDown: [0, -step]};
    if (moves[event.key]) cy.panBy({x: moves[event.key][0], y: moves[event.key][1]});
    else if (event.key === "+" || event.key === "=") zoomBy(1.25);
    else if (event.key === "-") zoomBy(0.8);
    else if (event.key === "0") start();
    else return;
    event.preventDefault();
  });

  cy.on("tap", "node", function (event) {
    window.location.assign(event.target.data("url"));
  });
  cy.on("mouseover", "node, edge", function (event) {
    event.target.addClass("hover");
    box.classList.add("graph-canvas-pointing");
    box.title = event.target.data("tip");
  });
  cy.on("mouseout", "node, edge", function (event) {
    event.target.removeClass("hover");
    box.classList.remove("graph-canvas-pointing");
    box.removeAttribute("title");
  });
  // For the browser tests and the curious: the drawing's state.
  box.graph = cy;
})();
