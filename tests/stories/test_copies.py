"""A copy the reuse stage found (verbatim, rewritten, translated) is put in its source's
story: ``stories.assign.copy_sources`` and ``assign_stories(links=...)``."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from retold.model import Article, ReuseLink
from retold.stories import assign_stories
from retold.stories.assign import COPY_KINDS, copy_sources

IDS = ["a", "b", "c", "d"]


def _alone(n: int = len(IDS)) -> dict[int, int]:
    return {k: k for k in range(n)}


def _sources(original, ids, anchors, links) -> dict[int, int]:
    return dict(enumerate(copy_sources(original, ids, anchors, links).tolist()))


def test_a_translation_rides_with_its_source():
    links = [ReuseLink("a", "c", "translation", source="c")]
    assert _sources(_alone(), IDS, [None] * 4, links) == {0: 2, 1: 1, 2: 2, 3: 3}


def test_without_a_source_the_first_article_is_clustered():
    links = [ReuseLink("b", "d", "rewrite")]
    assert _sources(_alone(), IDS, [None] * 4, links) == {0: 0, 1: 1, 2: 2, 3: 1}


def test_a_partial_copy_is_no_evidence_of_one_story():
    links = [ReuseLink("a", "b", "partial", source="a")]
    assert _sources(_alone(), IDS, [None] * 4, links) == _alone()


def test_copies_years_apart_are_not_one_report():
    links = [ReuseLink("a", "b", "verbatim", source="a")]
    anchors = ["2019-11-18", "2022-11-18", None, None]
    assert _sources(_alone(), IDS, anchors, links) == _alone()
    anchors[1] = "2019-11-20"
    assert _sources(_alone(), IDS, anchors, links)[1] == 0


def test_copies_of_copies_and_near_copies_follow_to_the_first_source():
    near = {0: 0, 1: 1, 2: 2, 3: 2}  # d nearly copies c's text
    links = [ReuseLink("b", "c", "translation", source="b"), ReuseLink("a", "b", "rewrite", source="a")]
    assert _sources(near, IDS, [None] * 4, links) == {0: 0, 1: 0, 2: 0, 3: 0}


def test_a_copy_of_two_sources_follows_one_and_the_sources_stay():
    # a newspaper article (d) rewritten from two PA versions (a, b): neither version moves
    links = [ReuseLink("a", "d", "rewrite", source="a"), ReuseLink("b", "d", "rewrite", source="b"),
             ReuseLink("c", "d", "verbatim", source="c")]
    assert _sources(_alone(), IDS, [None] * 4, links) == {0: 0, 1: 1, 2: 2, 3: 2}  # the verbatim source first
    assert _sources(_alone(), IDS, [None] * 4, links[:2]) == {0: 0, 1: 1, 2: 2, 3: 0}


def test_sources_named_both_ways_round_end_at_the_smallest():
    links = [ReuseLink("a", "b", "rewrite", source="b"), ReuseLink("b", "c", "rewrite", source="c"),
             ReuseLink("a", "c", "rewrite", source="a")]
    assert _sources(_alone(), IDS, [None] * 4, links) == {0: 0, 1: 0, 2: 0, 3: 3}


def test_links_to_articles_not_in_the_run_are_ignored():
    links = [ReuseLink("a", "zz", "verbatim", source="zz")]
    assert _sources(_alone(), IDS, [None] * 4, links) == _alone()


@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.sampled_from(sorted({*COPY_KINDS, "partial"})),
                          st.sampled_from([None, "first", "second"])), max_size=12))
def test_only_copies_move_and_each_to_an_article_that_stays(raw):
    ids = [f"x{k}" for k in range(6)]
    links = [ReuseLink(ids[min(i, j)], ids[max(i, j)], kind,
                       source={"first": ids[min(i, j)], "second": ids[max(i, j)]}.get(side))
             for i, j, kind, side in raw if i != j]
    mapped = _sources(_alone(6), ids, [None] * 6, links)
    assert set(mapped) == set(range(6))
    assert all(mapped[r] == r for r in mapped.values())  # each goes where an article stays
    copies = {ids.index(link.b if link.source != link.b else link.a)
              for link in links if link.kind in COPY_KINDS}
    assert all(mapped[k] == k for k in range(6) if k not in copies)


def test_assign_puts_a_translation_in_its_sources_story():
    # Two texts of one report in two languages share few words: clustered apart on their
    # own wording, together once reuse says one translates the other.
    english = Article(id="en-1", body=(
        "The city council of Springfield voted on Tuesday to close the old harbour bridge for repairs. "
        "Engineers found cracks in two of its steel supports last month. The bridge will reopen in spring, "
        "the mayor said, and ferries will run every twenty minutes until then."), language="en",
        published="2020-03-03")
    german = Article(id="de-1", body=(
        "Der Stadtrat von Springfield hat am Dienstag beschlossen, die alte Hafenbrücke für Reparaturen zu "
        "sperren. Ingenieure hatten im vergangenen Monat Risse in zwei ihrer Stahlstützen gefunden. Die Brücke "
        "soll im Frühjahr wieder öffnen, sagte der Bürgermeister; bis dahin fahren alle zwanzig Minuten Fähren."),
        language="de", published="2020-03-03")
    other = Article(id="en-2", body=(
        "A new bakery opened on Main Street in Shelbyville on Saturday, selling bread baked with flour from "
        "the valley's last working mill. Its owners said queues formed before dawn."), language="en",
        published="2020-03-04")
    arts = [english, german, other]
    apart = assign_stories(arts)
    assert not any({"en-1", "de-1"} <= set(s.articles) for s in apart)
    link = ReuseLink("de-1", "en-1", "translation", source="en-1")
    stories = assign_stories(arts, links=[link])
    assert sorted(sorted(s.articles) for s in stories) == [["de-1", "en-1"], ["en-2"]]
    assert assign_stories(arts, links=[replace(link, kind="partial")]) == apart


def test_two_takes_of_one_wire_story_do_not_move_by_their_link():
    # The wire rule joins their stories whole; moving one take alone would leave behind
    # what was clustered with it. A take and a paper's copy of it still move.
    takes = [("pa", "2000-01-01", "courts", "care"), ("pa", "2000-01-01", "courts", "care"), None, None]
    links = [ReuseLink("a", "b", "verbatim", source="a"), ReuseLink("a", "c", "verbatim", source="a")]
    moved = dict(enumerate(copy_sources(_alone(), IDS, [None] * 4, links, takes).tolist()))
    assert moved == {0: 0, 1: 1, 2: 0, 3: 3}
    assert _sources(_alone(), IDS, [None] * 4, links) == {0: 0, 1: 0, 2: 0, 3: 3}  # without the takes known


def test_a_notice_page_is_read_by_its_headline_and_copies_of_one_join_nothing(notice_pages_text):
    """Two copies of one anti-bot page (linked verbatim by reuse and near-copies of each
    other) report no event together; a paywall page under a report's headline is that
    report's (``features.ArticleFeatures.notice``)."""
    from retold.model import MemoryCache

    antibot, headline, paywall = (notice_pages_text[k] for k in ("antibot", "headline", "paywall"))
    report = ("The old harbour bridge in Springfield was closed on Tuesday after engineers found cracks in two of its "
              "steel supports, the city council said. Traffic will be diverted over the north bridge until repairs "
              "end in the spring, the mayor told reporters. The bridge, built in 1931, carries 20,000 cars a day.")
    fire = ("A fire destroyed a furniture warehouse in the port district of Riverton overnight, firefighters said on "
            "Wednesday. Nobody was hurt, but smoke closed the coastal road for six hours and residents were told to "
            "keep their windows shut.")
    articles = [Article(id="bot-1", body=antibot, language="pl"), Article(id="bot-2", body=antibot, language="pl"),
                Article(id="pay", headline=headline, body=paywall[len(headline) + 1:], language="en"),
                Article(id="report", headline=headline, body=report, language="en"),
                Article(id="fire", headline="Fire destroys Riverton warehouse", body=fire, language="en")]
    link = ReuseLink(a="bot-1", b="bot-2", kind="verbatim", source="bot-1")
    stories = assign_stories(articles, cache=MemoryCache(), links=[link])
    assert sorted(sorted(s.articles) for s in stories) == [["bot-1"], ["bot-2"], ["fire"], ["pay", "report"]]


def test_pages_without_an_address_that_end_with_one_footer_are_one_sites():
    """``assign.site_or_closing``: a closing line stands for the site only when the page
    names neither a domain nor an outlet."""
    from retold.stories.assign import site_or_closing
    from retold.stories.features import ArticleFeatures

    feats = ArticleFeatures("a", (), None, "", closing="original content from the police")
    assert site_or_closing(Article(id="a", body="x"), feats) == (None, ("closing:original content from the police",))
    assert site_or_closing(Article(id="a", body="x", url="https://www.example.com/1"), feats)[0] == "example.com"
    assert site_or_closing(Article(id="a", body="x"), replace(feats, closing=None)) == (None, None)
