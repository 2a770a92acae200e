"""View models shared by the static report and the web UI, built over ``retold.store.query``.

Everything here returns plain dicts/lists of JSON-safe values (no HTML): the
static report serialises them into a ``<script type="application/json">`` block
and renders them with ``textContent``; the web UI hands them to autoescaped
Jinja2 templates. Nothing here escapes text, so nothing here can double-escape.

A few reads that ``query.py`` lacks (a filtered, paginated article listing
without bodies, facets, the story of an article) live at the bottom of this
module with bound parameters only; they are candidates to move into
``retold.store.query``.
"""

from __future__ import annotations

import difflib
import json
import re
import sqlite3
from collections import defaultdict
from datetime import date
from typing import Any, Iterable, Sequence
from urllib.parse import urlsplit

from retold.model import Article, Coverage, CoverageUnit, Quote, QuoteCluster, ReuseLink, Story
from retold.store import query

UNKNOWN_OUTLET = "unknown outlet"
# A unit is "missing here" for an outlet when more than this share of the story's
# other outlets carry it: with two outlets that is "the other one has it", with
# ten it is "most of the others have it". Chosen for readability, not fitted.
MISSING_SHARE = 0.5
# Provenance graph layout (SVG user units): column width, row height, node box size.
GRAPH_COL_W, GRAPH_ROW_H, GRAPH_NODE_W, GRAPH_NODE_H, GRAPH_PAD = 230, 78, 190, 50, 16

# Timeline lanes (SVG user units): outlet label column, plot width, lane height.
LANES_LEFT, LANES_PLOT_W, LANES_ROW_H = 170, 760, 26

_WORD_OR_SPACE = re.compile(r"\s+|[^\s]+")


# --------------------------------------------------------------------------- articles


def outlet_label(article: Article) -> str:
    """The outlet's name, else the URL's host, else ``UNKNOWN_OUTLET``."""
    return article.outlet or _host(article.url) or UNKNOWN_OUTLET


def _host(url: str | None) -> str | None:
    try:
        return urlsplit(url).hostname if url else None
    except ValueError:  # a malformed URL (e.g. an unclosed IPv6 bracket) has no host to show
        return None


def article_summary(article: Article) -> dict[str, Any]:
    """Everything a list or timeline shows about an article, without its body."""
    return {
        "id": article.id,
        "outlet": outlet_label(article),
        "headline": article.headline or "",
        "published": article.published,
        "language": article.language,
        "url": article.url,
        "dateline": article.dateline,
        "slug": article.slug,
        "credits": list(article.credits),
        "credited_sources": list(article.credited_sources),
        "chars": len(article.body),
    }


def timeline(articles: Iterable[Article]) -> list[dict[str, Any]]:
    """Article summaries in publication order (undated last, then by outlet and id). Empty in, empty out."""
    return sorted((article_summary(a) for a in articles),
                  key=lambda s: (s["published"] is None, s["published"] or "", s["outlet"].lower(), s["id"]))


def timeline_lanes(rows: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """Dated articles placed on one lane per outlet along a time axis (SVG user units).

    ``rows`` are ``timeline`` rows. Output: ``{outlets, points: [{id, lane, x, date, headline}],
    ticks: [{x, date}], width, height, lane_h, left}``; None when fewer than two distinct dates
    (a single-day story reads better as the table alone).
    """
    dated = [r for r in rows if r["published"] and _day(r["published"]) is not None]
    days = sorted({_day(r["published"]) for r in dated})
    if len(days) < 2:
        return None
    outlets = sorted({r["outlet"] for r in dated}, key=str.lower)
    span = (days[-1] - days[0]).days
    x_of = lambda d: LANES_LEFT + (d - days[0]).days / span * LANES_PLOT_W  # noqa: E731
    points = [{"id": r["id"], "lane": outlets.index(r["outlet"]), "x": round(x_of(_day(r["published"])), 1),
               "date": r["published"], "headline": r["headline"]} for r in dated]
    ticks = [{"x": round(x_of(d), 1), "date": d.isoformat()} for d in (days[0], days[len(days) // 2], days[-1])]
    return {"outlets": outlets, "points": points, "ticks": ticks, "lane_h": LANES_ROW_H, "left": LANES_LEFT,
            "width": LANES_LEFT + LANES_PLOT_W + 40, "height": len(outlets) * LANES_ROW_H + 30}


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


# --------------------------------------------------------------------------- reuse


def link_between(links: Sequence[ReuseLink], x: str, y: str) -> ReuseLink | None:
    """The reuse link joining articles ``x`` and ``y`` in either order, or None."""
    for link in links:
        if {link.a, link.b} == {x, y}:
            return link
    return None


def link_summary(link: ReuseLink) -> dict[str, Any]:
    """A reuse link as a dict (the export's fields) plus ``copy``: the side that is not the source."""
    d = link.to_dict()
    d["copy"] = link.b if link.source == link.a else link.a if link.source == link.b else None
    d["shared_chars"] = sum(p.b[1] - p.b[0] for p in link.passages)
    return d


def pair_spans(link: ReuseLink | None, left: str) -> tuple[list[tuple[int, int, float]], list[tuple[int, int, float]]]:
    """The link's passages as (start, end, similarity) on the ``left`` article and on the other one.

    Passage ``i`` on the left aligns with passage ``i`` on the right. No link gives two empty lists.
    """
    if link is None:
        return [], []
    ours = [(p.a[0], p.a[1], p.similarity) for p in link.passages]
    theirs = [(p.b[0], p.b[1], p.similarity) for p in link.passages]
    return (ours, theirs) if left == link.a else (theirs, ours)


def segments(body: str, spans: Sequence[tuple[int, int, float]]) -> list[dict[str, Any]]:
    """``body`` cut into consecutive pieces, each ``{"text", "passage", "similarity"}``.

    ``passage`` is the index of the span covering the piece (None for unshared text).
    Spans are clipped to the body; where two overlap the earlier-starting one wins.
    Concatenating the pieces' text gives ``body`` back. An empty body gives [].
    """
    out: list[dict[str, Any]] = []
    pos = 0
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], spans[i][1]))
    for i in order:
        start, end = max(spans[i][0], pos, 0), min(spans[i][1], len(body))
        if start >= end:
            continue
        if start > pos:
            out.append({"text": body[pos:start], "passage": None, "similarity": None})
        out.append({"text": body[start:end], "passage": i, "similarity": round(float(spans[i][2]), 3)})
        pos = end
    if pos < len(body):
        out.append({"text": body[pos:], "passage": None, "similarity": None})
    return out


def provenance_graph(members: Sequence[dict[str, Any]], links: Sequence[ReuseLink]) -> dict[str, Any]:
    """Who copied whom among a story's articles, laid out left (originals) to right (copies).

    ``members`` are article summaries; ``links`` the reuse links touching them. A link's
    ``source`` that is not a member (an outlet named in a credit line) becomes an
    external node. Output: ``{"nodes": [{id, label, sub, x, y, external}], "edges":
    [{source, target, kind, credited, directed, basis}], "width", "height"}``;
    no members gives no nodes.
    """
    ids = {m["id"] for m in members}
    nodes = {m["id"]: {"id": m["id"], "label": m["outlet"], "sub": m["published"] or m["id"], "external": False}
             for m in members}
    edges = []
    for link in links:
        if link.a not in ids and link.b not in ids:
            continue
        directed = link.source is not None
        if directed and link.source not in (link.a, link.b):
            nodes.setdefault(link.source, {"id": link.source, "label": link.source, "sub": "named source",
                                           "external": True})
            pairs = [(link.source, link.a), (link.source, link.b)]
        elif directed:
            pairs = [(link.source, link.b if link.source == link.a else link.a)]
        else:
            pairs = [(link.a, link.b)]
        for src, dst in pairs:
            if src in nodes and dst in nodes:
                edges.append({"source": src, "target": dst, "kind": link.kind, "credited": link.credited,
                              "directed": directed, "basis": link.basis})
    _layout(nodes, edges)
    width = max((n["x"] for n in nodes.values()), default=0) + GRAPH_NODE_W + GRAPH_PAD
    height = max((n["y"] for n in nodes.values()), default=0) + GRAPH_NODE_H + GRAPH_PAD
    return {"nodes": list(nodes.values()), "edges": edges, "width": width, "height": height,
            "node_w": GRAPH_NODE_W, "node_h": GRAPH_NODE_H}


def _layout(nodes: dict[str, dict[str, Any]], edges: list[dict[str, Any]]) -> None:
    """Column = length of the longest directed chain of sources before a node (cycles cut)."""
    parents: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        if e["directed"]:
            parents[e["target"]].add(e["source"])
    depth: dict[str, int] = {}

    def column(n: str, seen: frozenset[str]) -> int:
        if n not in depth:
            depth[n] = 1 + max((column(p, seen | {n}) for p in parents[n] if p not in seen), default=-1)
        return depth[n]

    linked = {e["source"] for e in edges} | {e["target"] for e in edges}
    rows: dict[int, int] = defaultdict(int)
    # Within a column: named outside sources, then linked articles, then unlinked ones (out of the way).
    for n in sorted(nodes, key=lambda k: (not nodes[k]["external"], k not in linked, nodes[k]["sub"], k)):
        col = column(n, frozenset())
        nodes[n]["x"] = GRAPH_PAD + col * GRAPH_COL_W
        nodes[n]["y"] = GRAPH_PAD + rows[col] * GRAPH_ROW_H
        rows[col] += 1


# --------------------------------------------------------------------------- quotes


def diff_words(a: str, b: str) -> list[tuple[str, str]]:
    """Word diff from ``a`` to ``b`` as ``(op, text)`` with op in equal/delete/insert; the texts
    concatenated in order read as both versions interleaved (spaces included).

    Uses ``retold.quotes.diff_words`` (``(op, a_words, b_words)`` triples) when importable,
    else difflib over words and whitespace runs. Two empty strings give [].
    """
    try:
        from retold.quotes import diff_words as stage_diff  # written by the quotes stage
    except ImportError:
        return _difflib_words(a, b)
    out: list[tuple[str, str]] = []
    for op, a_words, b_words in stage_diff(a, b):
        if op == "equal":
            out.append(("equal", b_words))
            continue
        if a_words:
            out.append(("delete", a_words))
        if b_words:
            out.append(("insert", b_words))
    # The stage splits on whitespace; put one space back between consecutive pieces.
    return [(op, text + (" " if i < len(out) - 1 else "")) for i, (op, text) in enumerate(out)]


def _difflib_words(a: str, b: str) -> list[tuple[str, str]]:
    wa, wb = _WORD_OR_SPACE.findall(a), _WORD_OR_SPACE.findall(b)
    out: list[tuple[str, str]] = []
    # Words compared case- and punctuation-insensitively: "Confrontation" ≈ "confrontation,".
    key = lambda w: re.sub(r"\W+", "", w.lower()) or w  # noqa: E731
    matcher = difflib.SequenceMatcher(None, [key(w) for w in wa], [key(w) for w in wb], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(("equal", "".join(wb[j1:j2])))
            continue
        if i2 > i1:
            out.append(("delete", "".join(wa[i1:i2])))
        if j2 > j1:
            out.append(("insert", "".join(wb[j1:j2])))
    return [(op, t) for op, t in out if t]


def _rendering(quote: Quote, cluster_id: str) -> str:
    """The words of ``quote`` in cluster ``cluster_id``: its pieces there ("…" between two),
    or the whole quote when its pieces carry no cluster. A long quotation of which one
    sentence is carried by another outlet diffs on that sentence, not on the whole."""
    own = [p.text for p in quote.pieces if p.cluster == cluster_id]
    return " … ".join(own) if own else quote.text


def cluster_view(cluster: QuoteCluster, quotes_by_id: dict[str, Quote],
                 summaries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A quote cluster with each variant diffed word by word against the earliest one.

    Output: ``{id, speaker, variants: [{quote, article, outlet, published, text, quote_text,
    kind, diff}]}``: ``text`` is the quote's words in this cluster (``_rendering``),
    ``quote_text`` the whole quote; the reference variant's ``diff`` is all ``equal``. A cluster whose quotes are all
    missing gives ``variants == []``.
    """
    found = [quotes_by_id[q] for q in cluster.quotes if q in quotes_by_id]
    found.sort(key=lambda q: (summaries.get(q.article, {}).get("published") or "9999", q.article, q.id))
    shown = [_rendering(q, cluster.id) for q in found]
    variants = []
    for q, text in zip(found, shown):
        meta = summaries.get(q.article, {})
        diff = [("equal", text)] if not variants else diff_words(shown[0], text)
        variants.append({"quote": q.id, "article": q.article, "outlet": meta.get("outlet", UNKNOWN_OUTLET),
                         "published": meta.get("published"), "headline": meta.get("headline", ""),
                         "text": text, "quote_text": q.text, "kind": q.kind, "speaker": q.speaker, "cue": q.cue,
                         "span": list(q.span), "diff": [list(d) for d in diff]})
    speaker = cluster.speaker or next((v["speaker"] for v in variants if v["speaker"]), None)
    return {"id": cluster.id, "speaker": speaker, "variants": variants}


# --------------------------------------------------------------------------- coverage


def coverage_matrix(cov: Coverage | None, summaries: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """Units × outlets for one story: which outlet carries which unit, and per outlet the units
    found only there and those most other outlets carry but it lacks.

    Output: ``{story, outlets, rows: [{text, cells: [bool per outlet], count}],
    only_here: {outlet: [row index]}, missing_here: {outlet: [row index]}}``; None for no coverage.
    """
    if cov is None:
        return None
    outlet_of = {aid: summaries[aid]["outlet"] if aid in summaries else aid
                 for u in cov.units for aid in u.articles}
    outlets = sorted(set(outlet_of.values()), key=str.lower)
    rows, only, missing = [], defaultdict(list), defaultdict(list)
    for i, unit in enumerate(cov.units):
        carriers = {outlet_of[a] for a in unit.articles}
        rows.append({"text": unit.text, "cells": [o in carriers for o in outlets], "count": len(carriers)})
        if len(carriers) == 1 and len(outlets) > 1:
            only[next(iter(carriers))].append(i)
        for o in outlets:
            others = len(outlets) - 1
            if o not in carriers and others and len(carriers) / others > MISSING_SHARE:
                missing[o].append(i)
    return {"story": cov.story, "outlets": outlets, "rows": rows,
            "only_here": {o: only[o] for o in outlets}, "missing_here": {o: missing[o] for o in outlets}}


# --------------------------------------------------------------------------- stories


def story_summary(story: Story, summaries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A story's id, title, article count, outlets and date range (from member summaries)."""
    members = [summaries[a] for a in story.articles if a in summaries]
    dates = sorted(m["published"] for m in members if m["published"])
    return {"id": story.id, "title": story.title, "articles": list(story.articles), "size": len(story.articles),
            "outlets": sorted({m["outlet"] for m in members}, key=str.lower),
            "first": dates[0] if dates else None, "last": dates[-1] if dates else None}


def story_detail(story: Story, members: Sequence[Article], links: Sequence[ReuseLink], quotes: Sequence[Quote],
                 clusters: Sequence[QuoteCluster], cov: Coverage | None,
                 names: Sequence[dict[str, Any]] | None = None,
                 words: Sequence[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Everything the story page shows except article bodies: why its articles are one
    story, timeline, provenance graph, reuse links, quote clusters with diffs, unclustered
    quotes, coverage matrix.

    ``links``/``quotes``/``clusters`` may hold more than the story's; only those touching
    its members are kept. ``names`` are the story's shared names (``story_names``; None when
    unknown). A story with no members gives empty sections.
    """
    rows = timeline(members)
    summaries = {r["id"]: r for r in rows}
    ids = set(summaries)
    own_links = [lk for lk in links if lk.a in ids or lk.b in ids]
    own_quotes = [q for q in quotes if q.article in ids]
    by_id = {q.id: q for q in own_quotes}
    own_clusters = [c for c in clusters if any(q in by_id for q in c.quotes)]
    # a cluster is shown as one when two or more of the story's articles carry it; the
    # quotes of the others are the story's own (one article's, "carried by one article only")
    cluster_views = [v for v in (cluster_view(c, by_id, summaries) for c in own_clusters)
                     if len({x["article"] for x in v["variants"]}) >= 2]
    clustered = {x["quote"] for v in cluster_views for x in v["variants"]}
    from retold.stories.explain import shared_words, wire_stories  # the stage's own account of its rules

    return {
        **story_summary(story, summaries),
        "why": why_joined(names, own_links, cluster_views, ids, wire_stories(members),
                          shared_words(members) if words is None else words),
        "timeline": rows,
        "lanes": timeline_lanes(rows),
        "graph": provenance_graph(rows, own_links),
        "links": [link_summary(lk) for lk in own_links],
        "clusters": cluster_views,
        "lone_quotes": [_quote_view(q, summaries) for q in own_quotes if q.id not in clustered],
        "coverage": coverage_matrix(cov, summaries),
    }


def why_joined(names: Sequence[dict[str, Any]] | None, links: Sequence[ReuseLink],
               clusters: Sequence[dict[str, Any]], members: set[str],
               wire: Sequence[dict[str, Any]] = (), words: Sequence[dict[str, Any]] = ()) -> dict[str, Any] | None:
    """What a reader checks a grouping by: the names two or more members name (None when
    unknown), the words rare in their language two or more use (``stories.explain.shared_words``),
    the reuse links between members (shared prose), the quotes carried by two or more
    members, and the wire stories two or more members are takes of
    (``stories.explain.wire_stories``). None for a story of one article (nothing was joined)."""
    if len(members) < 2:
        return None
    between = [lk for lk in links if lk.a in members and lk.b in members]
    carried = [c for c in clusters if len({v["article"] for v in c["variants"]} & members) >= 2]
    return {"names": None if names is None else [dict(n) for n in names], "words": [dict(w) for w in words],
            "links": len(between), "quotes": len(carried), "wire": [dict(w) for w in wire]}


# Articles of one story whose names a view parses again when the stories stage left no
# features in this store (a result loaded from the Spark engine): the web's story page reads
# that many (~2 s); the report, which shows every story at once, reads none.
NAMES_PARSED_PER_STORY = 20


def story_names(conn: sqlite3.Connection, members: Sequence[Article],
                parse_at_most: int = NAMES_PARSED_PER_STORY) -> list[dict[str, Any]] | None:
    """``stories.explain.shared_names`` of a stored story's articles, from the features the
    stories stage cached in this store, parsing at most ``parse_at_most`` others again
    (None when none could be read)."""
    from retold.stories.explain import shared_names
    from retold.store.writer import StoreCache

    return shared_names(members, cache=StoreCache(conn), compute_at_most=parse_at_most)


def story_words(conn: sqlite3.Connection, members: Sequence[Article]) -> list[dict[str, Any]]:
    """``stories.explain.shared_words`` of a stored story's articles, each read without the
    head furniture the stories stage found (from its features cached in this store)."""
    from retold.stories.explain import shared_words
    from retold.store.writer import StoreCache

    return shared_words(members, cache=StoreCache(conn))


def _quote_view(q: Quote, summaries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    meta = summaries.get(q.article, {})
    return {"quote": q.id, "article": q.article, "outlet": meta.get("outlet", UNKNOWN_OUTLET), "text": q.text,
            "speaker": q.speaker, "cue": q.cue, "kind": q.kind, "span": list(q.span)}


# --------------------------------------------------------------------------- reads over the store


def load_story_detail(conn: sqlite3.Connection, story_id: str) -> dict[str, Any] | None:
    """``story_detail`` of one stored story, or None when there is no such story."""
    story = next((s for s in query.stories(conn) if s.id == story_id), None)
    if story is None:
        return None
    members = query.articles(conn, list(story.articles))
    links = {(lk.a, lk.b): lk for aid in story.articles for lk in query.reuse(conn, aid)}
    quotes = [q for aid in story.articles for q in query.quotes(conn, article_id=aid)]
    return story_detail(story, members, list(links.values()), quotes, query.quote_clusters(conn),
                        story_coverage(conn, story_id), story_names(conn, members), story_words(conn, members))


def story_coverage(conn: sqlite3.Connection, story_id: str) -> Coverage | None:
    """The coverage of one story (``query.coverage`` reads every story's), or None when it has none."""
    rows = conn.execute("SELECT text, articles FROM coverage WHERE story = ? ORDER BY position", (story_id,)).fetchall()
    if not rows:
        return None
    return Coverage(story_id, tuple(CoverageUnit(r[0], tuple(json.loads(r[1]))) for r in rows))


def stage_status(conn: sqlite3.Connection) -> dict[str, int]:
    """How many rows each stage has stored (``query.counts``): 0 means "not computed yet"."""
    return query.counts(conn)


def story_of(conn: sqlite3.Connection, article_id: str) -> list[str]:
    """Ids of the stories an article belongs to (usually one; [] when none)."""
    rows = conn.execute("SELECT story_id FROM story_articles WHERE article_id = ? ORDER BY story_id", (article_id,))
    return [r[0] for r in rows]


_SNIPPET = "snippet(articles_fts, 1, '[', ']', ' … ', 12)"  # as query.search marks hits
_SQL_BATCH = 500  # ids per IN (...) list, well under SQLite's bound-parameter limit
_SUMMARY_COLUMNS = "a.id, a.url, a.outlet, a.headline, a.dateline, a.published, a.language, a.credits, " \
                   "a.credited_sources, length(a.body) AS chars"


def article_page(conn: sqlite3.Connection, *, outlet: str | None = None, language: str | None = None,
                 date_from: str | None = None, date_to: str | None = None, story: str | None = None,
                 text: str | None = None, limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """One page of article summaries (no bodies) matching every given filter, and the total.

    ``text`` is a full-text search (each word a quoted FTS5 phrase, so input is never FTS5
    syntax): results then come best match first, each with a ``snippet`` whose hits are in
    ``[...]``. Otherwise sorted by date, then id. Dates compare as ISO strings, inclusive.
    An empty store gives ([], 0).
    """
    where, params = ["1=1"], []
    joins = ""
    if text and text.split():
        joins += " JOIN articles_fts f ON f.rowid = a.rowid"
        where.append("articles_fts MATCH ?")
        params.append(" ".join('"' + w.replace('"', '""') + '"' for w in text.split()))
    if story:
        joins += " JOIN story_articles sa ON sa.article_id = a.id"
        where.append("sa.story_id = ?")
        params.append(story)
    for column, value, op in (("a.outlet", outlet, "="), ("a.language", language, "="),
                              ("a.published", date_from, ">="), ("a.published", date_to, "<=")):
        if value:
            where.append(f"{column} {op} ?")
            params.append(value)
    base = f"FROM articles a{joins} WHERE {' AND '.join(where)}"
    total = conn.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    if text and text.split():  # best matches first, with a highlighted snippet
        columns, order = f"{_SUMMARY_COLUMNS}, {_SNIPPET} AS snippet", "rank, a.id"
    else:
        columns, order = _SUMMARY_COLUMNS, "a.published IS NULL, a.published, a.id"
    rows = conn.execute(f"SELECT {columns} {base} ORDER BY {order} LIMIT ? OFFSET ?",
                        (*params, limit, offset)).fetchall()
    return [_summary_row(r) for r in rows], total


def _summary_row(row: sqlite3.Row) -> dict[str, Any]:
    d = dict(row)
    d["credits"] = json.loads(d["credits"] or "[]")
    d["credited_sources"] = json.loads(d["credited_sources"] or "[]")
    d["headline"] = d["headline"] or ""
    d["outlet"] = d["outlet"] or _host(d["url"]) or UNKNOWN_OUTLET
    return d


def article_summaries(conn: sqlite3.Connection, ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """Summaries (no bodies) of the articles in ``ids`` (all when None), by id; unknown ids are left out."""
    if ids is None:
        rows = conn.execute(f"SELECT {_SUMMARY_COLUMNS} FROM articles a ORDER BY a.id").fetchall()
    else:
        wanted, rows = sorted(set(ids)), []
        for i in range(0, len(wanted), _SQL_BATCH):
            batch = wanted[i:i + _SQL_BATCH]
            rows += conn.execute(f"SELECT {_SUMMARY_COLUMNS} FROM articles a WHERE a.id IN ({','.join('?' * len(batch))})",
                                 batch).fetchall()
    return {r["id"]: _summary_row(r) for r in rows}


def ranked_stories(stories: Sequence[Story]) -> list[Story]:
    """``stories`` in the order a reader meets them: most articles first, then in stored order.
    Stored order follows article ids (the export keeps it); on a real crawl most stories
    are one article, and a list in that order opened on single pages of shops and blogs
    with the stories told by four outlets somewhere on page three."""
    return sorted(stories, key=lambda s: -len(s.articles))


def story_summaries(conn: sqlite3.Connection, stories: Sequence[Story] | None = None) -> list[dict[str, Any]]:
    """``story_summary`` of the given stories (all stored ones when None), without reading any body."""
    stories = query.stories(conn) if stories is None else stories
    meta = article_summaries(conn, [a for s in stories for a in s.articles])
    return [story_summary(s, meta) for s in stories]


def reuse_page(conn: sqlite3.Connection, limit: int = 50, offset: int = 0) -> tuple[list[ReuseLink], int]:
    """One page of reuse links in ``query.reuse`` order, and the total (``query.reuse`` reads them all)."""
    total = conn.execute("SELECT count(*) FROM reuse").fetchone()[0]
    pairs = conn.execute("SELECT a, b FROM reuse ORDER BY a, b LIMIT ? OFFSET ?", (limit, offset)).fetchall()
    links = [link_between(query.reuse(conn, a), a, b) for a, b in pairs]
    return [lk for lk in links if lk is not None], total


def story_choices(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(id, title) of every story in stored order, for a filter menu (no members read)."""
    return [(r[0], r[1]) for r in conn.execute("SELECT id, title FROM stories ORDER BY position")]


def facets(conn: sqlite3.Connection) -> dict[str, Any]:
    """Filter choices: outlets and languages with article counts, and the date range."""
    outlets = [(r[0], r[1]) for r in conn.execute(
        "SELECT outlet, count(*) FROM articles WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY lower(outlet)")]
    languages = [(r[0], r[1]) for r in conn.execute(
        "SELECT language, count(*) FROM articles WHERE language IS NOT NULL GROUP BY language ORDER BY language")]
    first, last = conn.execute("SELECT min(published), max(published) FROM articles").fetchone()
    return {"outlets": outlets, "languages": languages, "first": first, "last": last}


# -- outlets ------------------------------------------------------------------------------
# Sort keys of the outlets table (``?sort=`` in the web UI, the column headers in the report).
OUTLET_SORTS = {
    "articles": lambda o: (-o["articles"], o["name"].casefold()),
    "derived": lambda o: (-o["derived"], o["name"].casefold()),
    "share_derived": lambda o: (-(o["share_derived"] or 0), o["name"].casefold()),
    "credited_share": lambda o: ((o["credited_share"] if o["credited_share"] is not None else 2), o["name"].casefold()),
    "name": lambda o: o["name"].casefold(),
}
# Outlets drawn in the graph: the most widely present (articles, or articles taken from a
# credited-only one); the table lists them all. A force layout of a few hundred nodes stays
# readable and quick; thousands would not.
GRAPH_OUTLETS = 150


def outlets_view(conn, min_articles: int = 0, sort: str = "articles", tables=None) -> dict[str, Any]:
    """The outlets table (rows as the export's, plus ``label`` and ``given``) sorted by ``sort``,
    the outlet links, and the graph's nodes and edges (``outlet_graph``); from ``query.outlets``,
    or from ``tables`` (``query.derive_outlets``'s result) when the caller read the store already."""
    from retold.outlets.identity import display_name
    from retold.outlets.summary import articles_given

    rows, links = query.outlets(conn, min_articles=min_articles) if tables is None else \
        query.filter_outlets(*tables, min_articles)
    table = [{**o.to_dict(), "label": display_name(o.name), "given": articles_given(o)}
             for o in rows]
    table.sort(key=OUTLET_SORTS.get(sort, OUTLET_SORTS["articles"]))
    edges = [lk.to_dict() for lk in links]
    return {"outlets": table, "outlet_links": edges, "graph": outlet_graph(table, edges), "sort": sort}


def outlet_graph(table: Sequence[dict[str, Any]], links: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Nodes (outlets, sized by articles or articles given) and edges (source -> copier, width
    by articles, ``credited`` share for the colour) of the ``GRAPH_OUTLETS`` largest outlets
    that take part in a copying link or a credit."""
    linked = {lk["source"] for lk in links} | {lk["copier"] for lk in links}
    credits = [(o["name"], name, n) for o in table for name, n in o["credits"].items()]
    linked |= {x for c in credits for x in c[:2]}
    size = {o["name"]: max(o["articles"], o["given"]) for o in table}
    shown = sorted((o for o in table if o["name"] in linked), key=lambda o: (-size[o["name"]], o["name"]))
    names = {o["name"] for o in shown[:GRAPH_OUTLETS]}
    nodes = [{"id": o["name"], "label": o["label"], "size": size[o["name"]], "credited_only": o["credited_only"],
              "agency": o["agency"]} for o in shown[:GRAPH_OUTLETS]]
    edges = [{"source": lk["source"], "target": lk["copier"], "articles": lk["articles"], "kind": "copy",
              "credited": lk["credited"] / lk["articles"] if lk["articles"] else None, "pairs": lk["pairs"]}
             for lk in links if lk["source"] in names and lk["copier"] in names]
    copying = {(e["source"], e["target"]) for e in edges}
    edges += [{"source": named, "target": crediting, "articles": 0, "kind": "credit", "credited": 1.0,
               "credits": n, "pairs": []}
              for crediting, named, n in credits
              if named in names and crediting in names and (named, crediting) not in copying]
    return {"nodes": nodes, "edges": edges, "omitted": max(0, len(shown) - GRAPH_OUTLETS)}


def outlet_detail(conn, name: str) -> dict[str, Any] | None:
    """One outlet's row, what it took (links where it copies) and gave, and the stories its
    articles are in; None when no outlet has that name."""
    from retold.outlets.identity import display_name, load_aliases, outlet_names

    aliases = load_aliases()
    articles = query.articles(conn)  # read once: for the tables and for the outlet's own articles
    rows, links = query.derive_outlets(articles, query.reuse(conn), aliases)
    row = next((o for o in rows if o.name == name), None)
    if row is None:
        return None
    outlet_of = outlet_names(articles, aliases)
    mine = {a.id for a in articles if outlet_of[a.id] == name}
    stories = [{"id": s.id, "title": s.title, "articles": len(s.articles), "own": len(mine & set(s.articles))}
               for s in query.stories(conn) if mine & set(s.articles)]
    return {"outlet": {**row.to_dict(), "label": display_name(row.name)},
            "took": [lk.to_dict() for lk in links if lk.copier == name],
            "gave": [lk.to_dict() for lk in links if lk.source == name],
            "stories": stories,
            "credited_by": {o.name: o.credits[name] for o in rows if name in o.credits}}
