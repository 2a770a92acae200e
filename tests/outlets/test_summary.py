"""The outlets tables: who copies whom, by kind, credited or not; on hand-made links and the seeds."""

from __future__ import annotations

from retold.eval.seeds_outlets import score_seeds_outlets
from retold.model import Article, ReuseLink
from retold.outlets.summary import outlet_tables
from retold.pipeline import analyze


def art(i, outlet, credited=(), credits=()):
    return Article(id=i, body="A report.", outlet=outlet, credited_sources=credited, credits=credits)


def test_copier_source_kinds_and_credit():
    arts = [art("w1", "Wire"), art("w2", "Wire"), art("p1", "Paper", ("Wire",), ("Source: Wire",)), art("p2", "Paper"),
            art("p3", "Paper"), art("x", "Other")]
    links = [
        ReuseLink("p1", "w1", "verbatim", source="w1", credited=True),
        ReuseLink("p2", "w1", "partial", source="w1", credited=False),
        ReuseLink("p2", "w2", "rewrite", source="w2", credited=False),  # p2 counted once, as rewrite
        ReuseLink("w1", "w2", "partial", source="w1", credited=False),  # the wire's own versions: not copying
        ReuseLink("p3", "x", "partial"),  # direction unknown
    ]
    rows, outlet_links = outlet_tables(arts, links)
    by = {o.name: o for o in rows}
    paper = by["Paper"]
    assert (paper.articles, paper.originals, paper.derived) == (3, 1, 2)
    assert paper.derived_by_kind == {"verbatim": 1, "rewrite": 1}
    assert paper.credited_share == 0.5 and paper.share_derived == 2 / 3 and paper.undirected == 1
    assert paper.sources == ({"outlet": "Wire", "articles": 2, "credited_share": 0.5},)
    assert by["Wire"].derived == 0 and by["Wire"].copiers[0]["outlet"] == "Paper"
    (link,) = outlet_links
    assert (link.source, link.copier, link.articles, link.credited) == ("Wire", "Paper", 2, 1)
    assert set(link.pairs) == {("w1", "p1"), ("w1", "p2"), ("w2", "p2")}


def test_outside_source_and_credited_only_outlets():
    arts = [art("a", "Repost", ("RT",), ("Source: RT NEWS",)), art("b", None), art("c", "Digest", ("Interfax",))]
    rows, outlet_links = outlet_tables(arts, [ReuseLink("a", "b", "rewrite", source="RT", credited=False)])
    by = {o.name: o for o in rows}
    assert by["RT"].credited_only and by["RT"].agency and by["RT"].articles == 0
    assert {(lk.source, lk.credited) for lk in outlet_links} == {("RT", 1), ("RT", 0)}
    assert by["Repost"].credited_share == 1.0
    unknown = next(o for o in rows if o.unknown)
    assert unknown.derived == 1 and unknown.credited_share == 0.0
    assert by["Interfax"].credited_only and by["Digest"].credits == {"Interfax": 1} and by["Digest"].derived == 0


def test_no_links_every_article_original():
    rows, links = outlet_tables([art("a", "One"), art("b", "Two")], [])
    assert links == [] and all(o.originals == o.articles == 1 for o in rows)
    assert outlet_tables([], []) == ([], [])


def test_seeds_outlets(seeds_dir, seeds_gold):
    corpus = analyze([seeds_dir], stages=["reuse"])
    figures = score_seeds_outlets(corpus.outlets, corpus.outlet_links, corpus.articles, seeds_gold)
    assert figures["outlet_checks"] == 4
    assert figures["outlet_checks_right"] == 4, figures["outlet_checks_failed"]


def test_a_page_crediting_its_own_outlet_credits_no_one():
    """"Originally published on Live Science." on livescience.com, "SOURCE: Al Jazeera News"
    on Al Jazeera: the outlet itself, not a credited-only outlet; a real credit stays."""
    arts = [Article(id="l", body="text", url="https://www.livescience.com/a.html", credited_sources=("Live Science",)),
            art("j", "Al Jazeera", ("Al Jazeera",)), art("s", "ScienceAlert", ("Futurism",))]
    rows, _ = outlet_tables(arts, [])
    by = {o.name: o for o in rows}
    assert set(by) == {"livescience.com", "Al Jazeera", "ScienceAlert", "Futurism"}
    assert by["livescience.com"].credits == {} and by["Al Jazeera"].credits == {}
    assert by["Futurism"].credited_only and by["ScienceAlert"].credits == {"Futurism": 1}
