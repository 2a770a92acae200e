"""The one read API over the store. CLI listings, exports, the report and the web UI read through here."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from retold.model import (
    AlignedPassage, Article, Corpus, Coverage, CoverageUnit, Outlet, OutletLink, Quote, QuoteCluster, ReuseLink, Skipped,
    StageSkip, Story,
)


def _article(row: sqlite3.Row) -> Article:
    d = dict(row)
    d["credits"] = tuple(json.loads(d["credits"] or "[]"))
    d["credited_sources"] = tuple(json.loads(d["credited_sources"] or "[]"))
    return Article.from_dict(d)


def articles(conn: sqlite3.Connection, ids: list[str] | None = None) -> list[Article]:
    """Stored articles sorted by id (all, or those in ``ids``)."""
    if ids is None:
        return [_article(r) for r in conn.execute("SELECT * FROM articles ORDER BY id")]
    found: dict[str, Article] = {}
    for i in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(f"SELECT * FROM articles WHERE id IN ({marks})", chunk):
            found[r["id"]] = _article(r)
    return [found[i] for i in ids if i in found]


def article(conn: sqlite3.Connection, article_id: str) -> Article | None:
    found = articles(conn, [article_id])
    return found[0] if found else None


def content_fingerprints(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(id, content_hash) of every article, sorted by id: what a stage's fingerprint is made of."""
    return [(r[0], r[1]) for r in conn.execute("SELECT id, content_hash FROM articles ORDER BY id")]


def stage_fingerprint(conn: sqlite3.Connection, stage: str) -> str | None:
    row = conn.execute("SELECT fingerprint FROM stage_runs WHERE stage = ?", (stage,)).fetchone()
    return None if row is None else row[0]


def stories(conn: sqlite3.Connection) -> list[Story]:
    members: dict[str, list[str]] = {}
    for sid, aid in conn.execute("SELECT story_id, article_id FROM story_articles ORDER BY story_id, position"):
        members.setdefault(sid, []).append(aid)
    return [Story(r["id"], r["title"], tuple(members.get(r["id"], ())))
            for r in conn.execute("SELECT id, title FROM stories ORDER BY position")]


def reuse(conn: sqlite3.Connection, article_id: str | None = None) -> list[ReuseLink]:
    sql = "SELECT * FROM reuse"
    params: tuple[Any, ...] = ()
    if article_id is not None:
        sql += " WHERE a = ? OR b = ?"
        params = (article_id, article_id)
    out = []
    for r in conn.execute(sql + " ORDER BY a, b", params):
        passages = tuple(AlignedPassage(tuple(p["a"]), tuple(p["b"]), p["similarity"]) for p in json.loads(r["passages"]))
        out.append(ReuseLink(r["a"], r["b"], r["kind"], r["source"],
                             None if r["credited"] is None else bool(r["credited"]), passages, r["basis"]))
    return out


def quotes(conn: sqlite3.Connection, speaker: str | None = None, article_id: str | None = None) -> list[Quote]:
    sql, params = "SELECT * FROM quotes WHERE 1=1", []
    if speaker:
        sql += " AND speaker LIKE ?"
        params.append(f"%{speaker}%")
    if article_id:
        sql += " AND article = ?"
        params.append(article_id)
    return [Quote.from_dict({**dict(r), "span": (r["span_start"], r["span_end"]), "pieces": json.loads(r["pieces"])})
            for r in conn.execute(sql + " ORDER BY position", params)]


def quote_clusters(conn: sqlite3.Connection) -> list[QuoteCluster]:
    return [QuoteCluster(r["id"], r["speaker"], tuple(json.loads(r["quotes"])))
            for r in conn.execute("SELECT * FROM quote_clusters ORDER BY position")]


# Clusters whose quotes stand in two or more articles, with how many: the same utterance as
# other reports carry it. Most clusters of a crawl are one quote (1,372 of 1,408 on the 181
# scrapinghub pages), which no reader opens a page of "quotes across outlets" to see.
_SHARED_CLUSTERS = """
SELECT c.id, c.speaker, c.quotes, count(DISTINCT q.article) AS articles
FROM quote_clusters c, json_each(c.quotes) j JOIN quotes q ON q.id = j.value
GROUP BY c.id HAVING articles >= 2 ORDER BY articles DESC, c.position
"""


def shared_quote_clusters(conn: sqlite3.Connection) -> list[QuoteCluster]:
    """The quote clusters carried by two or more articles: most articles first, then in
    stored order."""
    return [QuoteCluster(r["id"], r["speaker"], tuple(json.loads(r["quotes"])))
            for r in conn.execute(_SHARED_CLUSTERS)]


def coverage(conn: sqlite3.Connection) -> list[Coverage]:
    units: dict[str, list[CoverageUnit]] = {}
    for r in conn.execute("SELECT story, text, articles FROM coverage ORDER BY story, position"):
        units.setdefault(r["story"], []).append(CoverageUnit(r["text"], tuple(json.loads(r["articles"]))))
    order = {s.id: i for i, s in enumerate(stories(conn))}
    ranked = sorted(units, key=lambda s: (order.get(s, len(order)), s))
    return [Coverage(s, tuple(units[s])) for s in ranked]


def stage_skips(conn: sqlite3.Connection, article_id: str | None = None) -> list[StageSkip]:
    """The articles stages left out (all, or those of one article), by article then stage."""
    sql, params = "SELECT article, stage, reason FROM stage_skips", ()
    if article_id is not None:
        sql, params = sql + " WHERE article = ?", (article_id,)
    return [StageSkip(r[0], r[1], r[2]) for r in conn.execute(sql + " ORDER BY article, stage", params)]


def last_skipped(conn: sqlite3.Connection) -> list[Skipped]:
    row = conn.execute("SELECT max(id) FROM runs").fetchone()
    if row is None or row[0] is None:
        return []
    return [Skipped(r[0], r[1]) for r in conn.execute("SELECT source, reason FROM skipped WHERE run_id = ?", (row[0],))]


def outlets(conn: sqlite3.Connection, aliases: dict[str, str] | None = None,
            min_articles: int = 0) -> tuple[list[Outlet], list[OutletLink]]:
    """The ``outlets`` and ``outlet_links`` tables (``retold.outlets.summary``) of the stored
    articles and reuse links; ``aliases`` defaults to ``outlets.identity.load_aliases()``.
    ``min_articles`` keeps the outlets with at least that many articles in the corpus (and
    the links between kept outlets); credited-only outlets count the articles they gave."""
    return filter_outlets(*derive_outlets(articles(conn), reuse(conn), aliases), min_articles)


def derive_outlets(stored_articles: list[Article], stored_reuse: list[ReuseLink],
                   aliases: dict[str, str] | None = None) -> tuple[list[Outlet], list[OutletLink]]:
    """``outlets``'s tables from articles and links already read (``aliases`` default:
    ``outlets.identity.load_aliases()``), for views that read them for other tables too."""
    from retold.outlets.identity import load_aliases
    from retold.outlets.summary import outlet_tables

    return outlet_tables(stored_articles, stored_reuse, load_aliases() if aliases is None else aliases)


def filter_outlets(rows: list[Outlet], links: list[OutletLink], min_articles: int) -> tuple[list[Outlet], list[OutletLink]]:
    if min_articles <= 0:
        return rows, links
    from retold.outlets.summary import articles_given

    kept = [o for o in rows if (o.articles if not o.credited_only else articles_given(o)) >= min_articles]
    names = {o.name for o in kept}
    return kept, [lk for lk in links if lk.source in names and lk.copier in names]


def corpus(conn: sqlite3.Connection) -> Corpus:
    """Everything in the store as one ``Corpus`` (what ``export`` writes)."""
    tables = {name: load(conn) for name, load in _CORPUS_TABLES.items()}
    tables["outlets"], tables["outlet_links"] = derive_outlets(tables["articles"], tables["reuse"])
    return Corpus(**tables)


# The corpus tables read from the store, each by its query; outlets are derived from two of them.
_CORPUS_TABLES = {"articles": articles, "stories": stories, "reuse": reuse, "quotes": quotes,
                  "quote_clusters": quote_clusters, "coverage": coverage, "skipped": last_skipped,
                  "stage_skips": stage_skips}


class StoredCorpus(Corpus):
    """``corpus(conn)`` read table by table, each the first time it is asked for.

    Why: a run hands every stage the stored results (``StageContext.previous``), and the
    built-in stages read only the stories of them; loading the whole store (every quote,
    coverage table and link, and the outlets derived from them) held 180 MB at 10,000
    bench articles and took 1.3 s of every incremental run. ``conn`` must stay open while
    tables are read; a table a stage sets is never read from the store.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:  # no table is read yet
        object.__setattr__(self, "_conn", conn)

    def __getattr__(self, name: str) -> Any:  # called only for a table not read or set yet
        if name in ("outlets", "outlet_links"):
            self.outlets, self.outlet_links = derive_outlets(self.articles, self.reuse)
            return getattr(self, name)
        loader = _CORPUS_TABLES.get(name)
        if loader is None:
            raise AttributeError(name)
        value = loader(self.__dict__["_conn"])
        setattr(self, name, value)
        return value


def search(conn: sqlite3.Connection, text: str, limit: int = 50) -> list[dict[str, Any]]:
    """Full-text search (FTS5) over headlines and bodies: id, headline, outlet and a highlighted snippet.

    The query is passed as a quoted FTS5 phrase per word, so user input can never be FTS5 syntax.
    """
    words = [w.replace('"', '""') for w in text.split() if w.strip()]
    if not words:
        return []
    match = " ".join(f'"{w}"' for w in words)
    rows = conn.execute(
        "SELECT a.id, a.headline, a.outlet, a.published, "
        "snippet(articles_fts, 1, '[', ']', ' … ', 12) AS snippet "
        "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
        "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
        (match, limit),
    ).fetchall()
    return [dict(r) for r in rows]


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = ("articles", "stories", "reuse", "quotes", "quote_clusters")
    out = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    out["coverage"] = conn.execute("SELECT count(DISTINCT story) FROM coverage").fetchone()[0]
    out["shared_quote_clusters"] = conn.execute(f"SELECT count(*) FROM ({_SHARED_CLUSTERS})").fetchone()[0]
    return out
