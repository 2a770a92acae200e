"""View models shared by the report and the web UI (retold.report.data)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retold.model import AlignedPassage, Article, Coverage, CoverageUnit, Quote, QuoteCluster, ReuseLink, Story
from retold.report import data
from retold.report.sample import synthetic_corpus, write_corpus
from retold.store import connect


@st.composite
def body_and_spans(draw):
    body = draw(st.text(max_size=200))
    n = len(body)
    spans = draw(st.lists(st.tuples(st.integers(-5, n + 5), st.integers(-5, n + 5), st.floats(0, 1)), max_size=8))
    return body, spans


@given(body_and_spans())
def test_data_segments_give_the_body_back(case):
    body, spans = case
    pieces = data.segments(body, spans)
    assert "".join(p["text"] for p in pieces) == body
    assert all(p["text"] for p in pieces)
    pos = 0
    for p in pieces:
        if p["passage"] is not None:
            start, end, _ = spans[p["passage"]]
            assert start <= pos and pos + len(p["text"]) <= end
        pos += len(p["text"])


@pytest.mark.parametrize("body, spans, marked", [
    ("", [(0, 5, 1.0)], []),
    ("abcdef", [], []),
    ("abcdef", [(1, 3, 0.9)], ["bc"]),
    ("abcdef", [(4, 6, 0.5), (0, 2, 0.9)], ["ab", "ef"]),
    ("abcdef", [(0, 4, 0.5), (2, 6, 0.9)], ["abcd", "ef"]),  # overlap: the earlier span wins
    ("abcdef", [(3, 2, 0.5)], []),
])
def test_data_segments_mark_the_spans(body, spans, marked):
    assert [p["text"] for p in data.segments(body, spans) if p["passage"] is not None] == marked


@pytest.mark.parametrize("a, b", [
    ("", ""),
    ("every day", "every year"),
    ("Not only is it interrupted but it is getting worse every year",
     "Everything isn’t just halted, but degrading every year"),
    ("a lot of inertia in its work", "a lot of inertia in its work"),
    ("", "new words"),
])
def test_data_diff_words_reads_as_both_versions(a, b):
    ops = data.diff_words(a, b)
    norm = lambda t: re.sub(r"\s+", " ", t).strip()  # noqa: E731
    assert norm("".join(t for op, t in ops if op != "insert")) == norm(a)
    assert norm("".join(t for op, t in ops if op != "delete")) == norm(b)
    assert {op for op, _ in ops} <= {"equal", "insert", "delete"}
    if a == b:
        assert all(op == "equal" for op, _ in ops)


def _summaries(outlets: dict[str, str]) -> dict[str, dict]:
    return {aid: data.article_summary(Article(aid, "x", outlet=o)) for aid, o in outlets.items()}


def test_data_coverage_matrix_only_and_missing_here():
    summaries = _summaries({"a": "A", "b": "B", "c": "C", "c2": "C"})
    cov = Coverage("s", (CoverageUnit("all", ("a", "b", "c")), CoverageUnit("only A", ("a",)),
                         CoverageUnit("B and C", ("b", "c2")), CoverageUnit("unknown id", ("zz",))))
    m = data.coverage_matrix(cov, summaries)
    assert m["outlets"] == ["A", "B", "C", "zz"]
    assert m["rows"][0]["cells"] == [True, True, True, False]
    assert m["only_here"]["A"] == [1]
    assert m["only_here"]["zz"] == [3]
    assert m["missing_here"]["zz"] == [0, 2]  # 3 and 2 of its 3 other outlets carry units 0 and 2
    assert m["missing_here"]["A"] == [2]  # B and C: 2 of A's 3 others, more than half
    assert m["missing_here"]["B"] == []  # unit 1 (A only) is 1 of 3, not more than half
    assert data.coverage_matrix(None, summaries) is None


def test_data_coverage_matrix_of_two_outlets_mirrors():
    summaries = _summaries({"a": "A", "b": "B"})
    m = data.coverage_matrix(Coverage("s", (CoverageUnit("x", ("a",)), CoverageUnit("y", ("a", "b")))), summaries)
    assert m["only_here"] == {"A": [0], "B": []}
    assert m["missing_here"] == {"A": [], "B": [0]}


def test_data_provenance_graph_edges_and_layout():
    members = [data.article_summary(Article(i, "x", outlet=o, published=d))
               for i, o, d in (("a", "A", "2024-01-01"), ("b", "B", "2024-01-02"), ("c", "C", None), ("d", "D", None))]
    links = [ReuseLink("a", "b", "verbatim", "a", True), ReuseLink("b", "c", "rewrite", "RT", False),
             ReuseLink("a", "c", "partial", None, None)]
    g = data.provenance_graph(members, links)
    nodes = {n["id"]: n for n in g["nodes"]}
    assert nodes["RT"]["external"] and not nodes["a"]["external"]
    assert {(e["source"], e["target"]) for e in g["edges"]} == {("a", "b"), ("RT", "b"), ("RT", "c"), ("a", "c")}
    assert nodes["b"]["x"] > nodes["a"]["x"]  # the copy sits right of its original
    assert all(0 <= n["x"] < g["width"] and 0 <= n["y"] < g["height"] for n in g["nodes"])
    undirected = [e for e in g["edges"] if not e["directed"]]
    assert len(undirected) == 1


def test_data_provenance_graph_empty():
    g = data.provenance_graph([], [])
    assert g["nodes"] == [] and g["edges"] == []


def test_data_timeline_orders_by_date_undated_last():
    arts = [Article("x", "", outlet="B", published=None), Article("y", "", outlet="A", published="2024-02-01"),
            Article("z", "", outlet="C", published="2024-01-01")]
    assert [r["id"] for r in data.timeline(arts)] == ["z", "y", "x"]
    assert data.timeline([]) == []


def test_data_story_detail_keeps_only_its_own():
    arts = [Article("a", "one two", outlet="A"), Article("b", "one two", outlet="B")]
    q = [Quote(qid, aid, "S", "said", "one", "direct", (0, 3), cid)
         for qid, aid, cid in (("q1", "a", "c"), ("q2", "b", "c"), ("q3", "other", "c2"))]
    clusters = [QuoteCluster("c", "S", ("q1", "q2")), QuoteCluster("c2", "S", ("q3",))]
    links = [ReuseLink("a", "b", "verbatim", "a", True, (AlignedPassage((0, 7), (0, 7), 1.0),)),
             ReuseLink("x", "y", "verbatim")]
    d = data.story_detail(Story("s", "T", ("a", "b")), arts, links, q, clusters, None)
    assert [lk["b"] for lk in d["links"]] == ["b"]
    assert [c["id"] for c in d["clusters"]] == ["c"]
    assert d["clusters"][0]["variants"][1]["diff"] == [["equal", "one"]]
    assert d["coverage"] is None and d["lone_quotes"] == []
    empty = data.story_detail(Story("e", "E", ()), [], [], [], [], None)
    assert empty["timeline"] == [] and empty["graph"]["nodes"] == []


@pytest.fixture(scope="module")
def conn():
    c = connect(":memory:")
    write_corpus(c, synthetic_corpus(1))
    yield c
    c.close()


@pytest.mark.parametrize("filters, expected", [
    ({}, 100),
    ({"outlet": "Daily Ledger"}, None),
    ({"story": "story-00003"}, 5),
    ({"date_from": "2024-03-01", "date_to": "2024-03-31"}, None),
    ({"text": "Story 3"}, None),
    ({"text": '"unbalanced AND ( NEAR'}, 0),
    ({"outlet": "no such outlet"}, 0),
])
def test_data_article_page_filters(conn, filters, expected):
    items, total = data.article_page(conn, limit=500, **filters)
    assert len(items) == total
    if expected is not None:
        assert total == expected
    assert all("body" not in i for i in items)
    if "outlet" in filters:
        assert all(i["outlet"] == filters["outlet"] for i in items)
    if "date_from" in filters:
        assert total and all("2024-03-01" <= i["published"] <= "2024-03-31" for i in items)
    if "text" in filters and expected is None:
        assert 0 < total < 100


def test_data_article_page_paginates(conn):
    first, total = data.article_page(conn, limit=30, offset=0)
    last, _ = data.article_page(conn, limit=30, offset=90)
    assert total == 100 and len(first) == 30 and len(last) == 10
    assert not {i["id"] for i in first} & {i["id"] for i in last}


def test_data_facets_and_story_summaries(conn):
    f = data.facets(conn)
    assert sum(n for _, n in f["outlets"]) == 100 and f["languages"] == [("en", 100)]
    summaries = data.story_summaries(conn)
    assert len(summaries) == 20 and all(s["size"] == 5 for s in summaries)
    assert data.story_of(conn, "s00003-a1") == ["story-00003"]
    assert data.story_of(conn, "nope") == []


def test_data_timeline_lanes():
    rows = data.timeline([Article("a", "", outlet="A", published="2024-01-01"),
                          Article("b", "", outlet="B", published="2024-01-11"),
                          Article("c", "", outlet="A", published="2024-01-06"),
                          Article("d", "", outlet="C", published=None),
                          Article("e", "", outlet="C", published="not a date")])
    lanes = data.timeline_lanes(rows)
    assert lanes["outlets"] == ["A", "B"]
    xs = {p["id"]: p["x"] for p in lanes["points"]}
    assert xs["a"] == data.LANES_LEFT and xs["b"] == data.LANES_LEFT + data.LANES_PLOT_W
    assert xs["a"] < xs["c"] < xs["b"]
    assert data.timeline_lanes(rows[:1]) is None
    assert data.timeline_lanes([]) is None


def test_data_reuse_page_and_story_choices(conn):
    first, total = data.reuse_page(conn, limit=7)
    rest, _ = data.reuse_page(conn, limit=100, offset=7)
    from retold.store import query

    assert total == 60 and [(lk.a, lk.b) for lk in first + rest] == [(lk.a, lk.b) for lk in query.reuse(conn)]
    assert first[0].passages
    assert data.story_choices(conn)[0] == ("story-00000", query.stories(conn)[0].title)


@pytest.mark.parametrize("outlet, url, label", [
    ("TASS", "https://tass.com/x", "TASS"),
    (None, "https://www.rferl.org/a/1.html", "www.rferl.org"),
    (None, "http://[broken/x", data.UNKNOWN_OUTLET),
    (None, None, data.UNKNOWN_OUTLET),
    ("", "", data.UNKNOWN_OUTLET),
])
def test_data_outlet_label(outlet, url, label):
    assert data.outlet_label(Article("x", "", outlet=outlet, url=url)) == label


def test_data_story_detail_says_why_its_articles_are_one_story():
    arts = [Article("a", "one two", outlet="A"), Article("b", "one two", outlet="B")]
    q = [Quote(qid, aid, "S", "said", "one", "direct", (0, 3), "c") for qid, aid in (("q1", "a"), ("q2", "b"))]
    links = [ReuseLink("a", "b", "verbatim", "a", True, (AlignedPassage((0, 7), (0, 7), 1.0),)),
             ReuseLink("a", "x", "verbatim")]
    names = [{"name": "NATO", "articles": 2}]
    d = data.story_detail(Story("s", "T", ("a", "b")), arts, links, q, [QuoteCluster("c", "S", ("q1", "q2"))],
                          None, names)
    assert d["why"] == {"names": names, "words": [], "links": 1, "quotes": 1, "wire": []}
    assert data.story_detail(Story("s", "T", ("a", "b")), arts, [], [], [], None)["why"]["names"] is None
    assert data.story_detail(Story("s", "T", ("a",)), arts[:1], [], [], [], None)["why"] is None
    takes = [Article(f"pa{k}", "text", outlet="PA", published="2000-01-26", slug=slug)
             for k, slug in enumerate(("COURTS Dancer", "COURTS Dancer", "COURTS Dancer Substitute", "COURTS Wife"))]
    wire = data.story_detail(Story("s", "T", ("pa0", "pa1", "pa2", "pa3")), takes, [], [], [], None)["why"]["wire"]
    assert wire == [{"slug": "COURTS Dancer", "outlet": "PA", "takes": 3}]


def test_data_article_summary_carries_a_wire_catchline():
    take = Article("pa2", "text", outlet="PA", published="2000-01-26", slug="COURTS Dancer")
    assert data.article_summary(take)["slug"] == "COURTS Dancer"
    assert data.article_summary(Article("x", "text"))["slug"] is None


def test_ranked_stories_most_articles_first_ties_in_stored_order():
    stories = [Story("a", "A", ("1",)), Story("b", "B", ("2", "3")), Story("c", "C", ("4",)),
               Story("d", "D", ("5", "6"))]
    assert [s.id for s in data.ranked_stories(stories)] == ["b", "d", "a", "c"]
    assert data.ranked_stories([]) == []


def test_cluster_view_diffs_the_words_in_the_cluster_not_the_whole_quote():
    """A long quotation of which one sentence another outlet carries: its variant shows (and
    diffs) that sentence, and keeps the whole quote beside it."""
    from retold.model import QuotePiece

    long_quote = Quote("q1", "a", "Shoigu", "said", "Relations are frozen. It is degrading every day.", "direct",
                       (0, 48), "c2", (QuotePiece((0, 21), "Relations are frozen.", "c1"),
                                       QuotePiece((22, 48), "It is degrading every day.", "c2")))
    short = Quote("q2", "b", "Shoigu", "said", "It is getting worse every year.", "direct", (0, 31), "c2",
                  (QuotePiece((0, 31), "It is getting worse every year.", "c2"),))
    summaries = {"a": {"published": "2019-12-08", "outlet": "TASS"}, "b": {"published": "2019-12-09", "outlet": "RT"}}
    view = data.cluster_view(QuoteCluster("c2", "Shoigu", ("q1", "q2")), {"q1": long_quote, "q2": short}, summaries)
    first, second = view["variants"]
    assert first["text"] == "It is degrading every day." and first["quote_text"] == long_quote.text
    assert ["delete", "degrading "] in second["diff"] and ["insert", "getting worse "] in second["diff"]
