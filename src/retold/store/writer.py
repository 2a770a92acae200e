"""Every write to the store goes through here, one transaction per logical step.

A failure inside ``transaction()`` rolls back, so a run that fails midway leaves
the store as it was. Parameters are always bound.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Iterator, Sequence

from retold.fingerprint import article_digest
from retold.model import Article, Coverage, Quote, QuoteCluster, ReuseLink, Skipped, StageSkip, Story

_ARTICLE_COLUMNS = ("id", "source", "url", "outlet", "headline", "dateline", "published", "language",
                    "credits", "credited_sources", "body", "slug")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; ``ROLLBACK`` on any exception (which is re-raised)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def content_hash(article: Article) -> str:
    """Hash of what is stored for an article (the ``source`` path excluded: moving files changes nothing)."""
    return article_digest(article)


def upsert_articles(conn: sqlite3.Connection, articles: Sequence[Article]) -> tuple[int, int]:
    """Insert new articles and update changed ones; returns (stored, unchanged). Call inside a transaction."""
    stored = unchanged = 0
    for a in articles:
        h = content_hash(a)
        row = conn.execute("SELECT content_hash FROM articles WHERE id = ?", (a.id,)).fetchone()
        if row is not None and row[0] == h:
            unchanged += 1
            continue
        values = [getattr(a, c) for c in _ARTICLE_COLUMNS]
        values[8] = json.dumps(list(a.credits), ensure_ascii=False)
        values[9] = json.dumps(list(a.credited_sources), ensure_ascii=False)
        if row is None:
            conn.execute(
                f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}, content_hash, added_at) "
                f"VALUES ({', '.join('?' * len(_ARTICLE_COLUMNS))}, ?, ?)",
                (*values, h, _now()),
            )
        else:
            sets = ", ".join(f"{c} = ?" for c in _ARTICLE_COLUMNS[1:])
            conn.execute(f"UPDATE articles SET {sets}, content_hash = ? WHERE id = ?", (*values[1:], h, a.id))
        stored += 1
    return stored, unchanged


def replace_stories(conn: sqlite3.Connection, stories: Sequence[Story]) -> None:
    conn.execute("DELETE FROM story_articles")
    conn.execute("DELETE FROM stories")
    for i, s in enumerate(stories):
        conn.execute("INSERT INTO stories (id, title, position) VALUES (?, ?, ?)", (s.id, s.title, i))
        conn.executemany(
            "INSERT INTO story_articles (story_id, article_id, position) VALUES (?, ?, ?)",
            [(s.id, aid, j) for j, aid in enumerate(s.articles)],
        )


def replace_reuse(conn: sqlite3.Connection, links: Sequence[ReuseLink]) -> None:
    conn.execute("DELETE FROM reuse")
    conn.executemany(
        "INSERT INTO reuse (a, b, kind, source, credited, basis, passages) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(r.a, r.b, r.kind, r.source, None if r.credited is None else int(r.credited), r.basis,
          json.dumps([p.to_dict() for p in r.passages])) for r in links],
    )


def replace_quotes(conn: sqlite3.Connection, quotes: Sequence[Quote], clusters: Sequence[QuoteCluster]) -> None:
    conn.execute("DELETE FROM quotes")
    conn.execute("DELETE FROM quote_clusters")
    conn.executemany(
        "INSERT INTO quotes (id, article, speaker, cue, text, kind, span_start, span_end, cluster, position, pieces) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(q.id, q.article, q.speaker, q.cue, q.text, q.kind, q.span[0], q.span[1], q.cluster, i,
          json.dumps([p.to_dict() for p in q.pieces], ensure_ascii=False))
         for i, q in enumerate(quotes)],
    )
    conn.executemany(
        "INSERT INTO quote_clusters (id, speaker, quotes, position) VALUES (?, ?, ?, ?)",
        [(c.id, c.speaker, json.dumps(list(c.quotes)), i) for i, c in enumerate(clusters)],
    )


def replace_coverage(conn: sqlite3.Connection, coverage: Sequence[Coverage]) -> None:
    conn.execute("DELETE FROM coverage")
    conn.executemany(
        "INSERT INTO coverage (story, position, text, articles) VALUES (?, ?, ?, ?)",
        [(c.story, i, u.text, json.dumps(list(u.articles))) for c in coverage for i, u in enumerate(c.units)],
    )


def replace_stage_skips(conn: sqlite3.Connection, stage: str, skips: Sequence[StageSkip]) -> None:
    """The articles ``stage`` left out this time, replacing what it left out before."""
    conn.execute("DELETE FROM stage_skips WHERE stage = ?", (stage,))
    conn.executemany("INSERT INTO stage_skips (article, stage, reason) VALUES (?, ?, ?)",
                     [(s.article, stage, s.reason) for s in skips])


def record_stage(conn: sqlite3.Connection, stage: str, fingerprint: str) -> None:
    conn.execute(
        "INSERT INTO stage_runs (stage, fingerprint, finished_at) VALUES (?, ?, ?) "
        "ON CONFLICT(stage) DO UPDATE SET fingerprint = excluded.fingerprint, finished_at = excluded.finished_at",
        (stage, fingerprint, _now()),
    )


def start_run(conn: sqlite3.Connection, inputs: Sequence[str]) -> int:
    cur = conn.execute("INSERT INTO runs (started_at, inputs) VALUES (?, ?)", (_now(), json.dumps(list(inputs))))
    return int(cur.lastrowid)


def finish_run(conn: sqlite3.Connection, run_id: int, *, read: int, stored: int, unchanged: int,
               skipped: Sequence[Skipped]) -> None:
    conn.execute(
        "UPDATE runs SET finished_at = ?, read = ?, stored = ?, unchanged = ?, skipped = ? WHERE id = ?",
        (_now(), read, stored, unchanged, len(skipped), run_id),
    )
    conn.executemany("INSERT INTO skipped (run_id, source, reason) VALUES (?, ?, ?)",
                     [(run_id, s.source, s.reason) for s in skipped])


class StoreCache:
    """The ``Cache`` protocol over the store's ``cache`` table.

    Writes are buffered and flushed by the pipeline inside its own transaction,
    so a failed stage leaves no half-written cache either.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._pending: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        if key in self._pending:
            return self._pending[key]
        row = self._conn.execute("SELECT value FROM cache WHERE key = ?", (key,)).fetchone()
        return None if row is None else bytes(row[0])

    def put(self, key: str, value: bytes) -> None:
        self._pending[key] = bytes(value)

    def flush(self, conn: sqlite3.Connection) -> None:
        conn.executemany("INSERT OR REPLACE INTO cache (key, value) VALUES (?, ?)", list(self._pending.items()))
        self._pending.clear()
