"""The static HTML report: one self-contained file, rendered client-side from embedded JSON.

The page holds two ``<script type="application/json">`` blocks: ``retold-data``
(stories with their precomputed detail, article summaries, reuse links) and
``retold-bodies`` (article bodies, parsed only when a reader is opened). The
inlined ``report.js`` renders views on demand with ``textContent`` only, and a
Content-Security-Policy forbids any network access. JSON is made safe for a
``<script>`` element by escaping ``<``, ``>`` and ``&`` (so no ``</script>`` can
close it early).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from retold.report import data as views
from retold.store import query

_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                   0x2028: "\\u2028", 0x2029: "\\u2029"}


def script_json(value: Any) -> str:
    """``value`` as JSON that can sit inside ``<script type="application/json">`` unchanged."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)


def asset(name: str, package: str = "retold.report") -> str:
    """The text of a packaged asset under ``<package>/static`` (a fixed name, never user input)."""
    return (resources.files(package) / "static" / name).read_text(encoding="utf-8")


def report_data(conn: sqlite3.Connection) -> tuple[dict[str, Any], dict[str, str]]:
    """What the report embeds: (data, bodies by article id). An empty store gives empty lists."""
    articles = query.articles(conn)
    summaries = {a.id: views.article_summary(a) for a in articles}
    links, quotes, clusters = query.reuse(conn), query.quotes(conn), query.quote_clusters(conn)
    coverage = {c.story: c for c in query.coverage(conn)}
    by_article = {a.id: a for a in articles}
    links_of, quotes_of, clusters_of = defaultdict(list), defaultdict(list), defaultdict(list)
    for lk in links:
        links_of[lk.a].append(lk)
        links_of[lk.b].append(lk)
    for q in quotes:
        quotes_of[q.article].append(q)
    quote_article = {q.id: q.article for q in quotes}
    for c in clusters:
        for aid in {quote_article.get(q) for q in c.quotes} - {None}:
            clusters_of[aid].append(c)
    details = {}
    for s in views.ranked_stories(query.stories(conn)):  # the story list's order
        members = [by_article[a] for a in s.articles if a in by_article]
        own_links = list({(lk.a, lk.b): lk for a in s.articles for lk in links_of[a]}.values())
        own_clusters = list({c.id: c for a in s.articles for c in clusters_of[a]}.values())
        names = views.story_names(conn, members, parse_at_most=0)  # the report parses nothing again
        details[s.id] = views.story_detail(s, members, own_links, [q for a in s.articles for q in quotes_of[a]],
                                           own_clusters, coverage.get(s.id), names, views.story_words(conn, members))
    _share_rows(details, links)
    data = {
        "counts": query.counts(conn),
        "stories": [{k: d[k] for k in ("id", "title", "articles", "size", "outlets", "first", "last")}
                    for d in details.values()],
        "details": details,
        "articles": summaries,
        "links": [views.link_summary(lk) for lk in links],
        # [start, end, speaker] of each quote, for the single-article reader
        "quote_spans": {aid: [[q.span[0], q.span[1], q.speaker] for q in qs] for aid, qs in quotes_of.items()},
        # "stage: reason" of each stage that left an article out (no model for its language)
        "stage_skips": _skips_by_article(query.stage_skips(conn)),
        # who copies whom across the corpus: the table, the graph and each outlet's links
        "outlets": views.outlets_view(conn, tables=query.derive_outlets(articles, links)),
    }
    return data, {a.id: a.body for a in articles}


def _skips_by_article(skips) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for s in skips:
        out[s.article].append(f"{s.stage}: {s.reason}")
    return dict(out)


def _share_rows(details: dict[str, dict[str, Any]], links: list) -> None:
    """Replace each story's timeline rows and links by ids/indices into the report's shared
    ``articles`` and ``links`` (report.js puts them back when a story is opened): a third less JSON."""
    index = {(lk.a, lk.b): i for i, lk in enumerate(links)}
    for d in details.values():
        d["timeline"] = [r["id"] for r in d["timeline"]]
        d["links"] = [index[(lk["a"], lk["b"])] for lk in d["links"]]


def render_report(conn: sqlite3.Connection, title: str = "news report") -> str:
    """The report page for everything in the store, as one HTML string."""
    from retold import __version__

    data, bodies = report_data(conn)
    env = jinja2.Environment(loader=jinja2.PackageLoader("retold.report", "templates"), autoescape=True)
    env.filters["script_json"] = lambda v: Markup(script_json(v))
    return env.get_template("report.html").render(
        title=title, version=__version__, generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        counts=data["counts"], data=data, bodies=bodies, css=asset("retold.css"), js=asset("report.js"),
        # the outlets graph: the vendored Cytoscape.js (MIT, its licence in retold/web/static/cytoscape) and its page code
        graph_js=asset("cytoscape/cytoscape.min.js", "retold.web") + "\n" + asset("outlets.js"),
    )


def write_report(conn: sqlite3.Connection, path: str | Path, title: str = "news report") -> Path:
    """Render the report and write it to ``path`` atomically; returns the path."""
    from retold.report.export import write_text_atomic

    path = Path(path)
    write_text_atomic(path, render_report(conn, title))
    return path
