/* retold static report: renders the JSON embedded in the page, client-side.
 * Untrusted text (bodies, headlines, outlets, quotes) only ever goes into the DOM
 * through text nodes (h() below) and setAttribute on attributes we name ourselves;
 * innerHTML is never used. Bodies sit in their own JSON block, parsed on first use,
 * and a story's detail is rendered only when the story is opened. */
(function () {
  "use strict";
  var PAGE = 25;
  var SVGNS = "http://www.w3.org/2000/svg";
  var D = JSON.parse(document.getElementById("retold-data").textContent);
  var bodies = null;
  var root = document.getElementById("app");

  function body(id) {
    if (bodies === null) bodies = JSON.parse(document.getElementById("retold-bodies").textContent);
    return own(bodies, id) || "";
  }

  /* h("div", {class: "x"}, "text", child, [more]) : strings become text nodes. */
  function h(tag, attrs) {
    var el = document.createElement(tag);
    setAttrs(el, attrs);
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }
  function s(tag, attrs) {
    var el = document.createElementNS(SVGNS, tag);
    setAttrs(el, attrs);
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }
  function setAttrs(el, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k.slice(0, 2) === "on") el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, String(v));
    });
  }
  function append(el, c) {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) { c.forEach(function (x) { append(el, x); }); return; }
    el.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
  function link(hash) {
    return "#/" + Array.prototype.slice.call(arguments).map(encodeURIComponent).join("/");
  }
  function safeUrl(u) { return /^https?:\/\//i.test(u || "") ? u : null; }
  function empty(text) { return h("p", {class: "empty"}, text); }
  function notComputed(stage) {
    return h("p", {class: "empty"}, "no " + stage + " computed yet — run ", h("code", null, "retold analyze"));
  }
  function nOf(n, word) { return n + " " + (n === 1 ? word : word + "s"); }
  function chip(text, cls) { return h("span", {class: "chip " + (cls || "")}, text); }
  function credChip(c) {
    return c === true ? chip("credited", "ok") : c === false ? chip("not credited", "warn") : chip("credit unknown", "grey");
  }
  function dates(x) { return x.first ? (x.first === x.last ? x.first : x.first + " – " + x.last) : "undated"; }
  /* ids come from the URL: never let "__proto__" or "constructor" reach an inherited property */
  function own(obj, k) { return Object.prototype.hasOwnProperty.call(obj, k) ? obj[k] : undefined; }
  function headlineOf(id) { var a = own(D.articles, id); return a ? (a.headline || "(no headline)") : id; }
  function outletOf(id) { var a = own(D.articles, id); return a ? a.outlet : id; }

  function pager(page, total, go) {
    var pages = Math.max(1, Math.ceil(total / PAGE));
    return h("div", {class: "pager"},
      h("button", {class: page <= 1 ? "disabled" : "", onclick: function () { go(page - 1); }}, "← previous"),
      h("span", {class: "muted small"}, "page " + page + " of " + pages + " · " + total + " in all"),
      h("button", {class: page >= pages ? "disabled" : "", onclick: function () { go(page + 1); }}, "next →"));
  }

  /* ------------------------------------------------------------------ story list */
  function storyList(params) {
    var page = Math.max(1, parseInt(params.page || "1", 10) || 1);
    var filter = (params.q || "").toLowerCase();
    var found = D.stories.filter(function (st) {
      return !filter || (st.title + " " + st.outlets.join(" ")).toLowerCase().indexOf(filter) >= 0;
    });
    var input = h("input", {type: "search", class: "filter", placeholder: "Filter stories by title or outlet", value: params.q || "",
      "aria-label": "filter stories"});
    input.addEventListener("change", function () { location.hash = "#/stories?q=" + encodeURIComponent(input.value); });
    var list = h("div", {class: "story-list"});
    found.slice((page - 1) * PAGE, page * PAGE).forEach(function (st) {
      list.appendChild(h("a", {class: "story", href: link("story", st.id)},
        h("div", {class: "title"}, st.title || st.id),
        h("div", {class: "muted small"}, nOf(st.size, "article") + " · " + dates(st) + " · ",
          st.outlets.slice(0, 8).map(function (o) { return chip(o); }),
          st.outlets.length > 8 ? "+" + (st.outlets.length - 8) + " more" : "")));
    });
    return [
      h("h1", null, "Stories"),
      stats(),
      h("div", {class: "card"}, input,
        D.counts.stories === 0 ? notComputed("stories") : found.length === 0 ? empty("no story matches") : list,
        pager(page, found.length, function (p) { location.hash = "#/stories?q=" + encodeURIComponent(params.q || "") + "&page=" + p; }))
    ];
  }

  function stats() {
    var c = D.counts;
    return h("div", {class: "stats"}, [["articles", "articles"], ["stories", "stories"], ["reuse", "reuse links"],
      ["quotes", "quotes"], ["shared_quote_clusters", "quotes in 2+ articles"]].map(function (k) {
      return h("div", {class: "stat"}, h("b", null, String(c[k[0]] || 0)), h("span", null, k[1]));
    }));
  }

  /* ------------------------------------------------------------------ story detail */
  /* Stories carry article ids and link indices (see html._share_rows); resolve them once. */
  function storyDetail(id) {
    var st = D.details[id];
    if (st && !st.resolved) {
      st.timeline = st.timeline.map(function (a) { return D.articles[a]; }).filter(Boolean);
      st.links = st.links.map(function (i) { return D.links[i]; });
      st.resolved = true;
    }
    return st;
  }

  function storyPage(id, pairA, pairB) {
    var st = own(D.details, id) ? storyDetail(id) : null;
    if (!st) return [h("h1", null, "No such story"), empty("story " + id + " is not in this report")];
    var nav = h("div", {class: "section-nav"}, [["timeline", "Timeline"], ["provenance", "Provenance"],
      ["reader", "Side by side"], ["quotes", "Quotes"], ["coverage", "Coverage"]].map(function (x) {
      return h("a", {href: "javascript:void 0", onclick: function () {
        document.getElementById(x[0]).scrollIntoView({behavior: "smooth"}); }}, x[1]);
    }));
    return [
      h("p", {class: "small"}, h("a", {href: "#/stories"}, "← all stories")),
      h("h1", null, st.title || st.id),
      h("div", {class: "muted"}, nOf(st.size, "article") + " · " + nOf(st.outlets.length, "outlet") + " · " + dates(st)),
      nav,
      st.why ? section("why", "Why these articles are one story", why(st)) : null,
      section("timeline", "Timeline", [lanes(st.lanes), timelineTable(st.timeline)]),
      section("provenance", "Provenance: who copied whom", provenance(st)),
      section("reader", "Side by side", reader(st, pairA, pairB)),
      section("quotes", "Quotes and their variants", quotes(st)),
      section("coverage", "Coverage: who carries what", coverage(st))
    ];
  }
  function why(st) {
    var w = st.why, plural = function (n, word) { return n + " " + word + (n === 1 ? "" : "s"); };
    var names = w.names === null
      ? empty("the names they share are not known: the stories stage left no features in this store")
      : w.names.length
      ? h("p", null, ["Named by more than one of them: "].concat(w.names.map(function (n) {
          return chip(n.name + " · " + n.articles); })))
      : empty("no person, place or organisation is named by more than one of them: they were joined on wording and dates alone");
    var words = (w.words || []).length
      ? [h("p", null, ["Words rare in their language that more than one of them use: "].concat(w.words.map(function (x) {
          return chip(x.word + " · " + x.articles); })))]
      : [];
    var wire = (w.wire || []).map(function (t) {
      return h("p", null, ["Takes of one wire story: ", chip(t.slug + " · " + plural(t.takes, "take")),
        (t.outlet ? " from " + t.outlet : "") + " (joined by the agency's catchline, whatever their words)"]); });
    return [names].concat(words, wire, [h("p", {class: "muted"}, plural(w.links, "reuse link") + " between them (shared prose) · " +
      plural(w.quotes, "quote") + " carried by more than one" + (st.first ? " · published " + dates(st) : ""))]);
  }
  function section(id, title, content) { return h("section", {class: "card", id: id}, h("h2", null, title), content); }

  function lanes(L) {
    if (!L) return null;
    var svg = s("svg", {class: "lanes", width: L.width, height: L.height, viewBox: "0 0 " + L.width + " " + L.height,
      role: "img", "aria-label": "articles by outlet over time"});
    L.outlets.forEach(function (o, i) {
      var y = i * L.lane_h + L.lane_h / 2;
      svg.appendChild(s("text", {class: "lane-label", x: L.left - 10, y: y + 4, "text-anchor": "end"}, clip(o, 22)));
      svg.appendChild(s("line", {class: "lane", x1: L.left, x2: L.width - 30, y1: y, y2: y}));
    });
    L.ticks.forEach(function (t) {
      svg.appendChild(s("text", {class: "tick", x: t.x, y: L.height - 6, "text-anchor": "middle"}, t.date));
    });
    L.points.forEach(function (p) {
      var a = s("a", {href: link("article", p.id)}, s("circle", {class: "dot", cx: p.x, cy: p.lane * L.lane_h + L.lane_h / 2, r: 6},
        s("title", null, p.date + " — " + p.headline)));
      svg.appendChild(a);
    });
    return h("div", {class: "lanes-wrap"}, svg);
  }

  function timelineTable(rows) {
    if (!rows.length) return empty("no articles");
    return h("table", {class: "timeline"},
      h("thead", null, h("tr", null, h("th", null, "date"), h("th", null, "outlet"), h("th", null, "headline"), h("th", null, "credits"))),
      h("tbody", null, rows.map(function (a) {
        return h("tr", null, h("td", {class: "date"}, a.published || "undated"), h("td", null, a.outlet),
          h("td", null, h("a", {href: link("article", a.id)}, a.headline || "(no headline)"),
            safeUrl(a.url) ? h("div", {class: "small muted"}, a.url) : null),
          h("td", {class: "small"}, a.credited_sources.map(function (c) { return chip(c); })));
      })));
  }

  function provenance(st) {
    if (D.counts.reuse === 0) return notComputed("reuse links");
    var g = st.graph;
    if (!g.edges.length) return empty("no shared prose between these articles: each told the story in its own words");
    var svg = s("svg", {class: "graph", width: g.width, height: g.height, viewBox: "0 0 " + g.width + " " + g.height,
      role: "img", "aria-label": "provenance graph"});
    var defs = s("defs", null);
    ["credited", "uncredited", "unknown"].forEach(function (k) {
      defs.appendChild(s("marker", {id: "arrow-" + k, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto"},
        s("path", {d: "M0,0 L10,5 L0,10 z", fill: k === "credited" ? "#2e7d4f" : k === "uncredited" ? "#c0392b" : "#8a94a6"})));
    });
    svg.appendChild(defs);
    var pos = {};
    g.nodes.forEach(function (n) { pos[n.id] = n; });
    g.edges.forEach(function (e) {
      var a = pos[e.source], b = pos[e.target];
      var cls = e.credited === true ? "credited" : e.credited === false ? "uncredited" : "unknown";
      var x1 = a.x + g.node_w, y1 = a.y + g.node_h / 2, x2 = b.x, y2 = b.y + g.node_h / 2;
      if (b.x <= a.x) { x1 = a.x + g.node_w / 2; y1 = a.y + g.node_h; x2 = b.x + g.node_w / 2; y2 = b.y; }
      var mx = (x1 + x2) / 2;
      svg.appendChild(s("path", {class: "edge " + cls, d: "M" + x1 + "," + y1 + " C" + mx + "," + y1 + " " + mx + "," + y2 + " " + x2 + "," + y2,
        "marker-end": e.directed ? "url(#arrow-" + cls + ")" : null}, s("title", null, e.kind + (e.basis ? " (judged by " + e.basis + ")" : ""))));
      svg.appendChild(s("text", {class: "edge-label", x: x1 + (x2 - x1) * 0.7, y: y1 + (y2 - y1) * 0.7 - 5, "text-anchor": "middle"}, e.kind));
    });
    g.nodes.forEach(function (n) {
      svg.appendChild(s("g", {class: "node" + (n.external ? " external" : ""), transform: "translate(" + n.x + "," + n.y + ")"},
        s("rect", {width: g.node_w, height: g.node_h, rx: 7}),
        s("text", {x: 10, y: 20}, clip(n.label, 26)),
        s("text", {class: "sub", x: 10, y: 38}, clip(n.sub, 30)),
        s("title", null, n.external ? n.label + " (named in a credit line)" : headlineOf(n.id))));
    });
    return [svg,
      h("div", {class: "legend"},
        h("span", null, h("i", {style: "background:#2e7d4f"}), "copy credits its source"),
        h("span", null, h("i", {style: "background:#c0392b"}), "copy does not credit"),
        h("span", null, h("i", {style: "background:#8a94a6"}), "direction or credit unknown"),
        h("span", null, "arrows point from the original to the copy")),
      linksTable(st.links, st.id)];
  }
  function clip(t, n) { t = String(t || ""); return t.length > n ? t.slice(0, n - 1) + "…" : t; }

  function linksTable(links, storyId) {
    return h("table", {class: "links"},
      h("thead", null, h("tr", null, ["original", "copy", "kind", "credit", "passages", ""].map(function (t) { return h("th", null, t); }))),
      h("tbody", null, links.map(function (l) {
        var src = l.source || l.a, cp = l.copy || l.b;
        return h("tr", null,
          h("td", null, outletOf(src), l.source ? null : h("div", {class: "small muted"}, "direction unknown")),
          h("td", null, outletOf(cp)),
          h("td", null, chip(l.kind)), h("td", null, credChip(l.credited)),
          h("td", null, String(l.passages.length)),
          h("td", null, h("a", {href: storyId ? link("story", storyId, "pair", l.a, l.b) : link("pair", l.a, l.b)}, "compare →")));
      })));
  }

  /* ------------------------------------------------------------------ side-by-side reader */
  function findLink(x, y) {
    for (var i = 0; i < D.links.length; i++) {
      var l = D.links[i];
      if ((l.a === x && l.b === y) || (l.a === y && l.b === x)) return l;
    }
    return null;
  }
  function defaultPair(st) {
    var best = st.links.filter(function (l) { return l.passages.length; })[0];
    if (best) return [best.a, best.b];
    return [st.articles[0], st.articles[1] || st.articles[0]];
  }

  function reader(st, a, b) {
    if (!a || !b) { var d = defaultPair(st); a = d[0]; b = d[1]; }
    var members = st.timeline;
    var box = h("div", null);
    function pick(current, other, left) {
      var sel = h("select", {"aria-label": left ? "left article" : "right article"}, members.map(function (m) {
        return h("option", {value: m.id, selected: m.id === current ? "selected" : null}, m.outlet + " — " + clip(m.headline || m.id, 60));
      }));
      sel.addEventListener("change", function () {
        location.hash = left ? link("story", st.id, "pair", sel.value, other) : link("story", st.id, "pair", other, sel.value);
      });
      return sel;
    }
    box.appendChild(h("div", {class: "pair-pick"}, pick(a, b, true), h("span", {class: "muted"}, "vs"), pick(b, a, false)));
    box.appendChild(pairView(a, b));
    return box;
  }

  function pairView(a, b) {
    var l = findLink(a, b);
    var left = [], right = [];
    if (l) {
      l.passages.forEach(function (p) {
        left.push(l.a === a ? [p.a[0], p.a[1], p.similarity] : [p.b[0], p.b[1], p.similarity]);
        right.push(l.a === a ? [p.b[0], p.b[1], p.similarity] : [p.a[0], p.a[1], p.similarity]);
      });
    }
    var info = l ? h("div", {class: "legend"}, chip(l.kind), credChip(l.credited),
        h("span", null, l.passages.length + " aligned passages; click one to find its counterpart"),
        h("span", null, h("i", {style: "background:rgba(255,196,0,.6)"}), "near-verbatim"),
        h("span", null, h("i", {style: "background:rgba(255,196,0,.35)"}), "reworded"))
      : h("p", {class: "empty"}, D.counts.reuse === 0 ? "no reuse links computed yet — run retold analyze" : "these two articles share no prose");
    var grid = h("div", {class: "reader"}, side(a, left), side(b, right));
    grid.addEventListener("click", function (ev) {
      var m = ev.target.closest ? ev.target.closest("mark.passage") : null;
      if (!m) return;
      var i = m.getAttribute("data-p");
      grid.querySelectorAll("mark.active").forEach(function (x) { x.classList.remove("active"); });
      grid.querySelectorAll('mark[data-p="' + i + '"]').forEach(function (x) {
        x.classList.add("active");
        if (x !== m) x.scrollIntoView({block: "center", behavior: "smooth"});
      });
    });
    return h("div", {class: "pair"}, info, grid);
  }

  function side(id, spans, quoteSpans) {
    var meta = own(D.articles, id) || {outlet: id, headline: "", published: null};
    return h("div", {class: "side", "data-article": id},
      h("h3", null, meta.headline || "(no headline)"),
      h("div", {class: "muted small"}, meta.outlet + " · " + (meta.published || "undated")),
      h("hr", {style: "border:0;border-top:1px solid #dfe3ea"}),
      quoteSpans && quoteSpans.length ? h("div", {class: "legend"}, h("span", null, h("i", {style: "background:#e5ecff"}),
        "quoted words (" + quoteSpans.length + " quotes)")) : null,
      h("div", {class: "body"}, marked(body(id), quoteSpans && quoteSpans.length ? quoteSpans : spans, quoteSpans && quoteSpans.length ? "quote" : "passage")));
  }

  /* body cut into text nodes and <mark>s; spans are [start, end, similarity]; overlaps: earlier wins. */
  function marked(text, spans, kind) {
    kind = kind || "passage";
    var order = spans.map(function (x, i) { return i; }).sort(function (i, j) { return spans[i][0] - spans[j][0] || spans[i][1] - spans[j][1]; });
    var out = [], pos = 0;
    order.forEach(function (i) {
      var st = Math.max(spans[i][0], pos, 0), en = Math.min(spans[i][1], text.length);
      if (st >= en) return;
      if (st > pos) out.push(text.slice(pos, st));
      out.push(kind === "quote" ? h("mark", {class: "quote", title: spans[i][2] ? "quote from " + spans[i][2] : "quote"}, text.slice(st, en))
        : h("mark", {class: "passage" + (spans[i][2] >= 0.9 ? " strong" : ""), "data-p": i,
          title: "passage " + (i + 1) + ", similarity " + Number(spans[i][2]).toFixed(2)}, text.slice(st, en)));
      pos = en;
    });
    if (pos < text.length) out.push(text.slice(pos));
    return out;
  }

  /* ------------------------------------------------------------------ quotes */
  function quotes(st) {
    if (D.counts.quotes === 0) return notComputed("quotes");
    if (!st.clusters.length && !st.lone_quotes.length) return empty("no quotes found in this story");
    var out = st.clusters.map(function (c) {
      return h("div", {class: "cluster"},
        h("h3", null, c.speaker || "unknown speaker", h("span", {class: "muted small"}, "  · " + nOf(c.variants.length, "version"))),
        c.variants.map(function (v, i) {
          return h("div", {class: "variant"},
            h("div", {class: "who"}, h("b", null, v.outlet), (v.published || "undated") + (i === 0 ? " · reference" : "")),
            h("div", {class: "diff"}, v.diff.map(function (d) {
              return d[0] === "insert" ? h("ins", null, d[1]) : d[0] === "delete" ? h("del", null, d[1]) : d[1];
            })));
        }));
    });
    if (st.lone_quotes.length) {
      out.push(h("details", null, h("summary", null, st.lone_quotes.length + " quotes carried by one article only"),
        h("table", null, h("tbody", null, st.lone_quotes.map(function (q) {
          return h("tr", null, h("td", null, q.speaker || "?"), h("td", null, q.outlet), h("td", {class: "diff"}, q.text));
        })))));
    }
    return [h("div", {class: "legend"}, h("span", null, h("i", {style: "background:#d9f2dd"}), "words added vs the earliest version"),
      h("span", null, h("i", {style: "background:#fbe0e0"}), "words dropped")), out];
  }

  /* ------------------------------------------------------------------ coverage */
  function coverage(st) {
    var m = st.coverage;
    if (!m) return D.counts.coverage === 0 ? notComputed("coverage") : empty("no coverage computed for this story");
    var table = h("table", null,
      h("thead", null, h("tr", null, h("th", null, "unit of content"), m.outlets.map(function (o) { return h("th", {class: "outlet", title: o}, clip(o, 24)); }))),
      h("tbody", null, m.rows.map(function (r) {
        return h("tr", {class: r.count === 1 && m.outlets.length > 1 ? "only" : ""}, h("td", {class: "unit"}, r.text),
          r.cells.map(function (on, j) { return h("td", {class: "cell " + (on ? "on" : "off"), title: m.outlets[j] + (on ? " carries this" : " does not carry this")}); }));
      })));
    var per = h("div", {class: "per-outlet"}, m.outlets.map(function (o) {
      var only = m.only_here[o] || [], miss = m.missing_here[o] || [];
      return h("div", {class: "card"}, h("h3", null, o),
        h("div", {class: "small muted"}, "only here (" + only.length + ")"),
        only.length ? h("ul", null, only.map(function (i) { return h("li", null, m.rows[i].text); })) : h("p", {class: "empty small"}, "nothing of its own"),
        h("div", {class: "small muted"}, "missing here (" + miss.length + ")"),
        miss.length ? h("ul", null, miss.map(function (i) { return h("li", null, m.rows[i].text); })) : h("p", {class: "empty small"}, "nothing missing"));
    }));
    return [h("div", {class: "matrix"}, table), per];
  }

  /* ------------------------------------------------------------------ articles and reuse lists */
  function articleList(params) {
    var page = Math.max(1, parseInt(params.page || "1", 10) || 1);
    var filter = (params.q || "").toLowerCase();
    var ids = Object.keys(D.articles).filter(function (id) {
      var a = D.articles[id];
      return !filter || (a.headline + " " + a.outlet + " " + id).toLowerCase().indexOf(filter) >= 0;
    }).sort(function (x, y) {
      var a = D.articles[x].published || "9999", b = D.articles[y].published || "9999";
      return a < b ? -1 : a > b ? 1 : x < y ? -1 : 1;
    });
    var input = h("input", {type: "search", class: "filter", placeholder: "Filter by headline or outlet", value: params.q || "", "aria-label": "filter articles"});
    input.addEventListener("change", function () { location.hash = "#/articles?q=" + encodeURIComponent(input.value); });
    return [h("h1", null, "Articles"), h("div", {class: "card"}, input, timelineTable(ids.slice((page - 1) * PAGE, page * PAGE).map(function (id) { return D.articles[id]; })),
      pager(page, ids.length, function (p) { location.hash = "#/articles?q=" + encodeURIComponent(params.q || "") + "&page=" + p; }))];
  }

  function articlePage(id) {
    var a = own(D.articles, id);
    if (!a) return [h("h1", null, "No such article"), empty(id)];
    var stories = D.stories.filter(function (st) { return st.articles.indexOf(id) >= 0; });
    var links = D.links.filter(function (l) { return l.a === id || l.b === id; });
    return [h("p", {class: "small"}, h("a", {href: "#/articles"}, "← all articles")),
      h("h1", null, a.headline || "(no headline)"),
      h("div", {class: "muted"}, a.outlet + " · " + (a.published || "undated") + (a.language ? " · " + a.language : "")
        + (a.dateline ? " · " + a.dateline : "") + (a.slug ? " · wire catchline " + a.slug : "")),
      safeUrl(a.url) ? h("div", {class: "small"}, h("a", {href: safeUrl(a.url), rel: "noopener noreferrer nofollow"}, a.url)) : null,
      h("div", {class: "small"}, stories.map(function (st) { return h("a", {class: "chip", href: link("story", st.id)}, "story: " + clip(st.title, 60)); })),
      h("div", {class: "small stage-skips"}, (own(D.stage_skips || {}, id) || []).map(function (why) { return h("span", {class: "chip warn"}, why); })),
      h("div", {class: "card"}, h("h2", null, "Shares prose with"), links.length ? linksTable(links, null) : empty("no reuse links for this article")),
      h("div", {class: "card"}, h("h2", null, "Compare with another article"), comparePicker(id)),
      h("div", {class: "reader single"}, side(id, [], own(D.quote_spans, id) || []))];
  }

  function comparePicker(id) {
    var input = h("input", {type: "text", class: "filter", list: "article-ids", placeholder: "article id", "aria-label": "other article id"});
    var ids = h("datalist", {id: "article-ids"}, Object.keys(D.articles).slice(0, 2000).map(function (k) {
      return h("option", {value: k}, D.articles[k].outlet + " — " + clip(D.articles[k].headline, 60));
    }));
    function go() { if (own(D.articles, input.value)) location.hash = link("pair", id, input.value); }
    input.addEventListener("change", go);
    return h("div", {class: "pair-pick"}, input, ids, h("button", {class: "primary", onclick: go}, "compare side by side"));
  }

  function reuseList(params) {
    var page = Math.max(1, parseInt(params.page || "1", 10) || 1);
    return [h("h1", null, "Reuse"), h("div", {class: "card"},
      D.counts.reuse === 0 ? notComputed("reuse links") : [linksTable(D.links.slice((page - 1) * PAGE, page * PAGE), null),
        pager(page, D.links.length, function (p) { location.hash = "#/reuse?page=" + p; })])];
  }

  /* ------------------------------------------------------------------ outlets */
  var OUTLET_COLUMNS = [["name", "outlet"], ["articles", "articles"], [null, "originals"], ["derived", "derived"],
    [null, "by kind"], ["share_derived", "derived %"], ["credited_share", "credited %"], [null, "takes from"],
    [null, "taken by"], [null, "credits"]];
  function pct(x) { return x === null || x === undefined ? "" : Math.round(100 * x) + "%"; }
  function outletLabel(name) { return window.retoldOutlets.label(name); }  // outlets.js: one display rule
  function kinds(byKind) { return Object.keys(byKind).map(function (k) { return k + " " + byKind[k]; }).join(", "); }
  function partners(list) {
    return list.map(function (p) {
      return h("div", null, h("a", {href: link("outlet", p.outlet)}, outletLabel(p.outlet)), " " + p.articles + " ",
        h("small", null, "(" + pct(p.credited_share) + " credited)"));
    });
  }
  function outletSort(key) {
    var byName = function (a, b) { return a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0; };
    if (key === "name") return byName;
    return function (a, b) {
      var x = a[key] === null ? (key === "credited_share" ? 2 : 0) : a[key], y = b[key] === null ? (key === "credited_share" ? 2 : 0) : b[key];
      return (key === "credited_share" ? x - y : y - x) || byName(a, b);
    };
  }
  function outletList(params) {
    var O = D.outlets, key = params.sort || "articles";
    if (!O.outlets.length) return [h("h1", null, "Outlets"), h("div", {class: "card"}, empty("no articles in this report"))];
    var rows = O.outlets.slice().sort(outletSort(key));
    return [h("h1", null, "Outlets"),
      h("p", {class: "muted"}, "Who copies whom across the corpus, and who says so. An arrow runs from the outlet copied " +
        "to the one that copied it; its width is the articles copied, its colour the share of them that credit the source " +
        "(red: none, green: all). Dashed: credited in a credit line, no prose copied. Grey nodes are named in credit lines only."),
      h("div", {class: "card"}, h("div", {id: "outlet-graph", class: "outlet-graph"}),
        O.graph.omitted ? h("p", {class: "muted"}, O.graph.omitted + " smaller outlets not drawn; all are in the table.") : null,
        h("div", {id: "edge-pairs", class: "edge-pairs"}, h("p", {class: "muted"}, "Click an arrow to list its article pairs."))),
      h("div", {class: "card"}, h("table", {class: "outlets"},
        h("thead", null, h("tr", null, OUTLET_COLUMNS.map(function (c) {
          return h("th", null, c[0] ? h("a", {href: "#/outlets?sort=" + c[0], class: c[0] === key ? "active" : ""}, c[1]) : c[1]);
        }))),
        h("tbody", null, rows.map(function (o) {
          return h("tr", {"data-outlet": o.name},
            h("td", null, h("a", {href: link("outlet", o.name)}, o.label), o.credited_only ? chip("credited only", "grey") : null,
              o.agency ? chip("agency") : null),
            [o.articles, o.originals, o.derived].map(function (n) { return h("td", null, String(n)); }),
            h("td", null, kinds(o.derived_by_kind)), h("td", null, pct(o.share_derived)), h("td", null, pct(o.credited_share)),
            h("td", null, partners(o.sources)), h("td", null, partners(o.copiers)),
            h("td", null, Object.keys(o.credits).map(function (k) { return k + " " + o.credits[k]; }).join(", ")));
        }))))];
  }
  function drawOutletGraph() {
    var box = document.getElementById("outlet-graph");
    if (!box || !window.retoldOutlets || !window.cytoscape) return;
    window.retoldOutletGraph = window.retoldOutlets.draw(box, D.outlets.graph, function (a, b) {
      return a ? link("pair", a, b) : link("article", b);
    }, function (name) { return link("outlet", name); });
  }
  function outletLinks(rows, side) {
    return h("table", {class: "links"}, h("thead", null, h("tr", null, [side, "articles", "by kind", "credited", "pairs"].map(function (t) { return h("th", null, t); }))),
      h("tbody", null, rows.map(function (lk) {
        var other = side === "from" ? lk.source : lk.copier;
        return h("tr", null, h("td", null, h("a", {href: link("outlet", other)}, outletLabel(other))), h("td", null, String(lk.articles)),
          h("td", null, kinds(lk.by_kind)), h("td", null, lk.credited + " of " + lk.articles),
          h("td", null, lk.pairs.map(function (p) {
            return h("div", null, p[0] ? h("a", {href: link("pair", p[0], p[1])}, p[0] + " → " + p[1])
              : [h("a", {href: link("article", p[1])}, p[1]), h("small", null, " (source outside the corpus)")]);
          })));
      })));
  }
  function outletPage(name) {
    var o = D.outlets.outlets.filter(function (x) { return x.name === name; })[0];
    if (!o) return [h("h1", null, "Outlets"), empty("no outlet " + name)];
    var took = D.outlets.outlet_links.filter(function (lk) { return lk.copier === name; });
    var gave = D.outlets.outlet_links.filter(function (lk) { return lk.source === name; });
    var by = D.outlets.outlets.filter(function (x) { return own(x.credits, name) !== undefined; });
    return [h("h1", null, o.label, o.credited_only ? chip("credited only", "grey") : null, o.agency ? chip("agency") : null),
      h("div", {class: "card"}, h("p", null, nOf(o.articles, "article") + ": " + nOf(o.originals, "original") + ", " + o.derived +
          " derived from other outlets" + (o.derived ? " (" + kinds(o.derived_by_kind) + "; " + pct(o.credited_share) + " credit their source)" : "") + "."),
        Object.keys(o.credits).length ? h("p", null, "Its credit lines name: " + Object.keys(o.credits).map(function (k) { return k + " (" + o.credits[k] + ")"; }).join(", ") + ".") : null,
        by.length ? h("p", null, "Credited by: " + by.map(function (x) { return x.label + " (" + x.credits[name] + ")"; }).join(", ") + ".") : null),
      h("div", {class: "card"}, h("h2", null, "What it took"), took.length ? outletLinks(took, "from") : empty("nothing taken from another outlet")),
      h("div", {class: "card"}, h("h2", null, "What others took from it"), gave.length ? outletLinks(gave, "to") : empty("nothing taken by another outlet"))];
  }

  function pairPage(a, b) {
    return [h("h1", null, "Side by side"), h("div", {class: "card"}, pairView(a, b))];
  }

  /* ------------------------------------------------------------------ routing */
  function route() {
    var hash = location.hash.replace(/^#\/?/, "");
    var q = hash.indexOf("?");
    var params = {};
    if (q >= 0) {
      hash.slice(q + 1).split("&").forEach(function (kv) {
        var i = kv.indexOf("=");
        if (i > 0) params[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1));
      });
      hash = hash.slice(0, q);
    }
    var parts = hash.split("/").filter(Boolean).map(decodeURIComponent);
    var view, tab = parts[0] || "stories";
    if (tab === "story" && parts[1]) view = storyPage(parts[1], parts[3], parts[4]);
    else if (tab === "article" && parts[1]) view = articlePage(parts[1]);
    else if (tab === "pair" && parts[2]) view = pairPage(parts[1], parts[2]);
    else if (tab === "articles") view = articleList(params);
    else if (tab === "reuse") view = reuseList(params);
    else if (tab === "outlets") view = outletList(params);
    else if (tab === "outlet" && parts[1]) view = outletPage(parts[1]);
    else { tab = "stories"; view = storyList(params); }
    document.querySelectorAll("header.top nav a").forEach(function (a) {
      a.classList.toggle("active", a.getAttribute("data-tab") === (tab === "story" ? "stories" : tab === "article" ? "articles" : tab === "outlet" ? "outlets" : tab));
    });
    var keep = tab === "story" && parts[3] === "pair" && root.getAttribute("data-story") === parts[1];
    var y = window.scrollY;
    root.replaceChildren();
    append(root, view);
    if (tab === "outlets") drawOutletGraph();  // Cytoscape needs its box laid out
    root.setAttribute("data-story", tab === "story" ? parts[1] : "");
    root.setAttribute("data-route", location.hash);  // lets tests wait for a view to be rendered
    if (keep) { window.scrollTo(0, y); } else if (tab === "story" && parts[3] === "pair") {
      document.getElementById("reader").scrollIntoView();
    } else window.scrollTo(0, 0);
  }
  window.addEventListener("hashchange", route);
  route();
})();
