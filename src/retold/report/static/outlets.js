/* retold outlets graph (web UI and static report): outlets as nodes sized by articles, arrows from the
   outlet copied to the one that copied it, width by articles, colour by the share credited. Drawn with the
   vendored Cytoscape.js; every label is set as data (text), never as HTML. Clicking an arrow lists its
   article pairs in #edge-pairs, each linking to the side-by-side view (pairLink, set by the page). */
(function () {
  "use strict";
  function colour(share) {
    if (share === null || share === undefined) return "#8a94a6";
    var r = Math.round(192 + (46 - 192) * share), g = Math.round(57 + (125 - 57) * share), b = Math.round(43 + (79 - 43) * share);
    return "rgb(" + r + "," + g + "," + b + ")";
  }
  function label(name) { return name.indexOf("unknown:") === 0 ? "unknown" : name; }
  function draw(container, graph, pairLink, outletLink) {
    var biggest = Math.max.apply(null, [1].concat(graph.nodes.map(function (n) { return n.size; })));
    var widest = Math.max.apply(null, [1].concat(graph.edges.map(function (e) { return e.articles; })));
    var elements = graph.nodes.map(function (n) {
      return {data: {id: n.id, label: n.label, size: 18 + 42 * Math.sqrt(n.size / biggest),
                     colour: n.credited_only ? "#c3c8d1" : (n.agency ? "#3c6e9f" : "#5b7bd5")}};
    }).concat(graph.edges.map(function (e, i) {
      return {data: {id: "e" + i, source: e.source, target: e.target, index: i, width: e.kind === "credit" ? 1.5 : 1.5 + 8 * e.articles / widest,
                     colour: e.kind === "credit" ? "#8a94a6" : colour(e.credited), line: e.kind === "credit" ? "dashed" : "solid"}};
    }));
    var cy = cytoscape({
      container: container, elements: elements, wheelSensitivity: 0.3,
      layout: {name: graph.nodes.length > 60 ? "grid" : "cose", animate: false, randomize: false, padding: 20},
      style: [
        {selector: "node", style: {"label": "data(label)", "width": "data(size)", "height": "data(size)",
                                   "background-color": "data(colour)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 4}},
        {selector: "edge", style: {"width": "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)",
                                   "target-arrow-shape": "triangle", "curve-style": "bezier", "line-style": "data(line)"}},
        {selector: "edge:selected", style: {"overlay-opacity": 0.15}}
      ]
    });
    cy.on("tap", "edge", function (ev) { showPairs(graph.edges[ev.target.data("index")], pairLink); });
    if (outletLink) cy.on("tap", "node", function (ev) { location.href = outletLink(ev.target.id()); });
    return cy;
  }
  function showPairs(edge, pairLink) {
    var box = document.getElementById("edge-pairs");
    if (!box) return;
    box.textContent = "";
    var title = document.createElement("h3");
    title.textContent = label(edge.source) + " → " + label(edge.target) + (edge.kind === "credit"
      ? ": credited " + edge.credits + " times, no prose copied"
      : ": " + edge.articles + " article" + (edge.articles === 1 ? "" : "s") + ", " + Math.round(100 * edge.credited) + "% credited");
    box.appendChild(title);
    var list = document.createElement("ul");
    edge.pairs.forEach(function (p) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = pairLink(p[0], p[1]);
      a.textContent = p[0] ? p[0] + " → " + p[1] : p[1] + " (source outside the corpus)";
      li.appendChild(a);
      list.appendChild(li);
    });
    box.appendChild(list);
  }
  window.retoldOutlets = {draw: draw, showPairs: showPairs, label: label};
  var data = document.getElementById("outlet-graph-data"), container = document.getElementById("outlet-graph");
  if (data && container && !document.getElementById("retold-data")) {  // the web UI page (the report calls draw itself)
    window.retoldOutletGraph = draw(container, JSON.parse(data.textContent), function (a, b) {
      return a ? "/compare?a=" + encodeURIComponent(a) + "&b=" + encodeURIComponent(b) : "/articles/" + encodeURIComponent(b);
    }, function (name) { return "/outlets/" + encodeURIComponent(name); });
  }
})();
