import sqlite3

import pytest

from retold.errors import StoreError
from retold.model import AlignedPassage, Article, Coverage, CoverageUnit, Quote, QuoteCluster, ReuseLink, Story
from retold.store import connect, query, writer
from retold.store.db import latest_version


def _articles():
    return [
        Article(id="a", body="Shoigu said relations were degrading.\nSecond paragraph.", source="x/a.txt",
                outlet="TASS", headline="Relations degrading", language="en", credits=("Source: RT",),
                credited_sources=("RT",)),
        Article(id="b", body="Completely different text about earthquakes.", source="x/b.txt", outlet="RFE/RL"),
        Article(id="c", body="A ferry company was fined today.", source="x/c.jsonl#L1", outlet="PA",
                published="2000-03-14", slug="COURTS Ferry"),
    ]


def test_store_creates_versioned_wal_schema(tmp_path):
    db = tmp_path / "r.db"
    conn = connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()
    conn.close()
    connect(db).close()  # reopening an up-to-date store is a no-op


def test_store_roundtrip_articles_and_stage_tables(tmp_path):
    conn = connect(tmp_path / "r.db")
    arts = _articles()
    with writer.transaction(conn):
        assert writer.upsert_articles(conn, arts) == (3, 0)
        writer.replace_stories(conn, [Story("s1", "Relations degrading", ("a", "b"))])
        writer.replace_reuse(conn, [ReuseLink("a", "b", "partial", "a", False, (AlignedPassage((0, 5), (1, 6), 0.9),), "published")])
        writer.replace_quotes(conn, [Quote("q1", "a", "Sergei Shoigu", "said", "relations were degrading", "indirect", (12, 37), "c1")],
                              [QuoteCluster("c1", "Sergei Shoigu", ("q1",))])
        writer.replace_coverage(conn, [Coverage("s1", (CoverageUnit("Shoigu said.", ("a",)),))])
    c = query.corpus(conn)
    assert c.articles == arts
    assert c.stories == [Story("s1", "Relations degrading", ("a", "b"))]
    assert c.reuse[0].passages[0].a == (0, 5) and c.reuse[0].credited is False
    assert c.quotes[0].span == (12, 37) and c.quote_clusters[0].quotes == ("q1",)
    assert c.coverage[0].units[0].articles == ("a",)
    assert c.to_dict()["retold_export"] == 1


def test_store_upsert_is_idempotent_and_detects_changes(tmp_path):
    conn = connect(tmp_path / "r.db")
    arts = _articles()
    with writer.transaction(conn):
        writer.upsert_articles(conn, arts)
    with writer.transaction(conn):
        assert writer.upsert_articles(conn, arts) == (0, 3)
    changed = Article.from_dict({**arts[1].to_dict(), "body": "New text about a second earthquake."})
    with writer.transaction(conn):
        assert writer.upsert_articles(conn, [changed]) == (1, 0)
    assert query.article(conn, "b").body == "New text about a second earthquake."
    assert [h["id"] for h in query.search(conn, "second earthquake")] == ["b"]


def test_store_failed_transaction_leaves_store_unchanged(tmp_path):
    conn = connect(tmp_path / "r.db")
    with writer.transaction(conn):
        writer.upsert_articles(conn, _articles()[:1])
    with pytest.raises(RuntimeError):
        with writer.transaction(conn):
            writer.upsert_articles(conn, _articles()[1:])
            raise RuntimeError("crash midway")
    assert [a.id for a in query.articles(conn)] == ["a"]


@pytest.mark.parametrize("text", ['"unbalanced', "NEAR(", "a OR", "*", "-", "'; DROP TABLE articles; --", ""])
def test_store_search_never_breaks_on_user_input(tmp_path, text):
    conn = connect(tmp_path / "r.db")
    with writer.transaction(conn):
        writer.upsert_articles(conn, _articles())
    assert isinstance(query.search(conn, text), list)
    assert len(query.articles(conn)) == 3


def test_store_migrates_a_version_1_store_keeping_its_data(tmp_path):
    from importlib import resources

    from retold.model import StageSkip
    from retold.store.db import _statements

    db = tmp_path / "v1.db"
    old = sqlite3.connect(db)
    for statement in _statements((resources.files("retold.store") / "schema.sql").read_text(encoding="utf-8")):
        old.execute(statement)
    for a in _articles():  # as retold 1 wrote them (no later columns)
        old.execute("INSERT INTO articles (id, source, outlet, body, content_hash, added_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (a.id, a.source, a.outlet, a.body, writer.content_hash(a), "2026-01-01T00:00:00+00:00"))
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()
    conn = connect(db)  # version 1 -> latest: stage_skips added, articles kept
    assert conn.execute("PRAGMA user_version").fetchone()[0] == latest_version() >= 2
    assert [a.id for a in query.articles(conn)] == ["a", "b", "c"]
    assert query.article(conn, "c").slug is None  # the column is added empty
    with writer.transaction(conn):
        writer.replace_stage_skips(conn, "quotes", [StageSkip("b", "quotes", "not extracted, language unknown")])
        writer.replace_stage_skips(conn, "coverage", [StageSkip("b", "coverage", "not extracted, language unknown")])
        writer.replace_stage_skips(conn, "quotes", [])  # a stage's skips are replaced, others stay
    assert query.corpus(conn).stage_skips == [StageSkip("b", "coverage", "not extracted, language unknown")]


def test_store_refuses_foreign_and_newer_files(tmp_path):
    other = tmp_path / "other.db"
    c = sqlite3.connect(other)
    c.execute("CREATE TABLE t (x)")
    c.commit()
    c.close()
    with pytest.raises(StoreError, match="not a retold store"):
        connect(other)
    newer = tmp_path / "newer.db"
    c = sqlite3.connect(newer)
    c.execute("PRAGMA user_version = 999")
    c.close()
    with pytest.raises(StoreError, match="newer"):
        connect(newer)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError):
        connect(junk)
    with pytest.raises(StoreError, match="no store"):
        connect(tmp_path / "missing.db", read_only=True)


def test_store_cache_flushes_only_in_transaction(tmp_path):
    conn = connect(tmp_path / "r.db")
    cache = writer.StoreCache(conn)
    cache.put("k", b"v")
    assert cache.get("k") == b"v"
    assert conn.execute("SELECT count(*) FROM cache").fetchone()[0] == 0
    with writer.transaction(conn):
        cache.flush(conn)
    assert writer.StoreCache(conn).get("k") == b"v"


def test_store_shared_quote_clusters_are_those_of_two_or_more_articles(tmp_path):
    """The clusters a reader of "quotes across outlets" wants: carried by two or more
    articles (two quotes of one article are not), most articles first; counted alike."""
    conn = connect(tmp_path / "r.db")
    quotes = [Quote(f"q{k}", aid, "Shoigu", "said", "text", "direct", (0, 4), None)
              for k, aid in enumerate(["a", "a", "a", "b", "a", "b", "c"])]
    clusters = [QuoteCluster("one-article", "Shoigu", ("q0", "q1")), QuoteCluster("alone", "Shoigu", ("q2",)),
                QuoteCluster("two", "Shoigu", ("q3", "q4")), QuoteCluster("three", "Shoigu", ("q5", "q6", "q2"))]
    with writer.transaction(conn):
        writer.upsert_articles(conn, _articles())
        writer.replace_quotes(conn, quotes, clusters)
    assert [c.id for c in query.shared_quote_clusters(conn)] == ["three", "two"]
    assert query.counts(conn)["quote_clusters"] == 4 and query.counts(conn)["shared_quote_clusters"] == 2
