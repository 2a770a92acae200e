"""The quotes stage end to end on the seed corpus, and its per-article cache."""

import pytest

from retold.eval.seeds_quotes import overlaps, score_seeds_quotes
from retold.model import MemoryCache, Story
from retold.quotes import find_quotes

SEED_STORIES = [("000", "001", "002"), ("003", "004")]


@pytest.fixture(scope="module")
def seed_result(seed_articles):
    ids = [a.id for a in seed_articles]
    stories = [Story(f"s{n}", "", tuple(i for i in ids if i[:3] in group)) for n, group in enumerate(SEED_STORIES)]
    cache = MemoryCache()
    return find_quotes(seed_articles, stories, cache=cache), cache, stories


def test_find_seeds_floor(seed_result, seeds_gold):
    (units, clusters), _, _ = seed_result
    result = score_seeds_quotes(units, clusters, seeds_gold)
    assert result["recovered"] >= 14, result["missed"]


def test_find_seed_speakers(seed_result, seeds_gold):
    (units, _), _, _ = seed_result
    for gold in seeds_gold["quote_clusters"]:
        for doc, fragment in gold["in"].items():
            speakers = {u.speaker for u in units if u.article == doc and overlaps(u.text, fragment)}
            assert any(s and s.split()[-1] == gold["speaker"].split()[-1] for s in speakers), (doc, fragment)


def test_find_spans_point_into_bodies(seed_result, seed_articles):
    (units, _), _, _ = seed_result
    bodies = {a.id: a.body for a in seed_articles}
    for u in units:
        inside = bodies[u.article][u.span[0]:u.span[1]]
        assert all(word in inside for word in u.text.split())


def test_find_cache_reused(seed_result, seed_articles):
    (units, clusters), cache, stories = seed_result
    assert find_quotes(seed_articles, stories, cache=cache) == (units, clusters)


def test_find_empty():
    assert find_quotes([], []) == ([], [])


def test_find_quotes_whole_with_pieces_survive_the_store(seed_result):
    """A stored quote is the whole quotation; its pieces (each with its cluster) come back."""
    from retold.store import connect, query, writer

    (quotes, clusters), _, _ = seed_result
    assert any(len(q.pieces) > 1 for q in quotes)
    conn = connect(":memory:")
    with writer.transaction(conn):
        writer.upsert_articles(conn, [])
    conn.execute("PRAGMA foreign_keys = OFF")  # quotes without their articles, for this round trip
    with writer.transaction(conn):
        writer.replace_quotes(conn, quotes, clusters)
    assert query.quotes(conn) == quotes
    assert query.quote_clusters(conn) == clusters


def test_find_shoigu_we_keep_saying_is_one_quote(seed_result):
    """Seed 002: the speech verb inside the quotation is not its cue; the quote is whole."""
    (quotes, _), _, _ = seed_result
    [quote] = [q for q in quotes if q.article.startswith("002") and "We keep saying" in q.text]
    assert quote.text.startswith("We keep saying that we’ll do everything faster")
    assert quote.text.rstrip(".”").endswith("the aviation of the coalition")
    assert quote.speaker.split()[-1] == "Shoigu"
