from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retold.eval.seeds_stories import score_seeds_stories
from retold.eval.stories import bcubed
from retold.model import Article, Story
from retold.stories import assign_stories, story_id, story_summary

# Floor on the 4-topic ECB+ sample (measured 0.95 with the shipped parameters; the
# TF-IDF + average-linkage baseline is ~0.87 on all of dev).
SAMPLE_F1_FLOOR = 0.90
# Floor on all of ECB+ dev (see retold.eval.stories for the measured figure).
DEV_F1_FLOOR = 0.90
# Floor on the two-fold topic-CV F1 on all of ECB+ dev (the floor; measured
# 0.932 with two-level clustering, publication-date-only windows and words weighed by
# their rarity in the language; 0.926 before).
DEV_CV_F1_FLOOR = 0.92


def _partition(stories):
    return sorted(sorted(s.articles) for s in stories)


def test_assign_empty_input_gives_no_stories():
    assert assign_stories([]) == []


def test_assign_seeds_split_the_two_shoigu_events(seed_articles, seeds_gold, stories_cache):
    stories = assign_stories(seed_articles, cache=stories_cache)
    assert score_seeds_stories(stories, seeds_gold)["bcubed_f1"] == 1.0


def test_assign_every_article_in_exactly_one_story(seed_articles, stories_cache):
    stories = assign_stories(seed_articles, cache=stories_cache)
    ids = [a for s in stories for a in s.articles]
    assert sorted(ids) == sorted(a.id for a in seed_articles)
    assert all(s.title for s in stories)


def test_assign_ids_survive_a_rerun(seed_articles, stories_cache):
    first = assign_stories(seed_articles, cache=stories_cache)
    second = assign_stories(list(reversed(seed_articles)), cache=stories_cache)
    assert {s.id: sorted(s.articles) for s in first} == {s.id: sorted(s.articles) for s in second}


def test_assign_ids_derive_from_founding_article(seed_articles, stories_cache):
    for story in assign_stories(seed_articles, cache=stories_cache):
        assert story.id == story_id(min(story.articles))


# The seeds in two halves, either first. (Halves that hold two articles of different
# events and nothing else are not tested: with IDF from two same-topic texts, they merge.)
@pytest.mark.parametrize("first_half", [(0, 1, 2), (3, 4)])
def test_assign_incremental_matches_full_run(seed_articles, stories_cache, first_half):
    full = assign_stories(seed_articles, cache=stories_cache)
    earlier = assign_stories([seed_articles[i] for i in first_half], cache=stories_cache)
    later = assign_stories(seed_articles, previous=earlier, cache=stories_cache)
    assert _partition(later) == _partition(full)
    for story in earlier:  # each earlier story continues, under its id
        assert set(story.articles) <= set(next(s for s in later if s.id == story.id).articles)


def test_assign_incremental_mends_a_wrong_earlier_story(seed_articles, stories_cache):
    # Everything is clustered again: an earlier story of two events is split as one run
    # splits it, and its id goes to the part sharing most with it (a tie: the smaller id).
    wrong = Story("s-kept", "kept", (seed_articles[0].id, seed_articles[4].id))
    full = assign_stories(seed_articles, cache=stories_cache)
    stories = assign_stories(seed_articles, previous=[wrong], cache=stories_cache)
    assert _partition(stories) == _partition(full)
    [kept] = [s for s in stories if s.id == "s-kept"]
    assert min(s.id for s in full if set(s.articles) & set(wrong.articles)) == \
        next(s.id for s in full if s.articles == kept.articles)


def test_assign_previous_of_the_same_run_changes_nothing(seed_articles, stories_cache):
    full = assign_stories(seed_articles, cache=stories_cache)
    assert assign_stories(seed_articles, previous=full, cache=stories_cache) == full


@pytest.mark.parametrize("stories, earlier, ids", [
    # most shared articles wins; an earlier id goes to one story only
    ([Story("n1", "", ("a", "b")), Story("n2", "", ("c",))], [Story("o1", "", ("a", "b", "c"))], ["o1", "n2"]),
    # a tie between earlier stories: the smaller earlier id
    ([Story("n1", "", ("a", "b"))], [Story("o2", "", ("a",)), Story("o1", "", ("b",))], ["o1"]),
    # a tie between stories for one earlier id: the smaller own id
    ([Story("n2", "", ("a",)), Story("n1", "", ("b",))], [Story("o1", "", ("a", "b"))], ["n2", "o1"]),
    # a story whose own id went to another story takes one from its articles
    ([Story("o1", "", ("x", "y")), Story("n1", "", ("a",))], [Story("o1", "", ("a",))],
     [story_id("x\ny\n"), "o1"]),
    # ... and a one-article story never takes the id it lost
    ([Story(story_id("x"), "", ("x",)), Story("n1", "", ("y",))], [Story(story_id("x"), "", ("x", "y"))],
     [story_id("x\n"), story_id("x")]),
    # new articles only: ids as they are
    ([Story("n1", "", ("z",))], [Story("o1", "", ("a",))], ["n1"]),
])
def test_continue_ids(stories, earlier, ids):
    from retold.stories.assign import continue_ids

    out = continue_ids(stories, earlier)
    assert [s.id for s in out] == ids
    assert [s.articles for s in out] == [s.articles for s in stories]


def test_assign_uses_cache(seed_articles):
    from retold.model import MemoryCache
    from retold.stories.features import CACHE_NAMESPACE

    cache = MemoryCache()
    first = assign_stories(seed_articles, cache=cache)
    kinds = sorted(key.split(":")[0] for key in cache._d)
    # per article: its features and its near-copy signature
    assert kinds == ["stories.duplicate"] * len(seed_articles) + [CACHE_NAMESPACE] * len(seed_articles)
    assert assign_stories(seed_articles, cache=cache) == first == assign_stories(seed_articles)


@pytest.mark.parametrize("body", ["", "   ", "Short."])
def test_assign_degenerate_bodies_still_get_a_story(body):
    articles = [Article(id="a", body=body), Article(id="b", body="A magnitude 6.1 earthquake hit Iran on Sunday.")]
    stories = assign_stories(articles)
    assert sorted(a for s in stories for a in s.articles) == ["a", "b"]


def test_assign_date_gap_splits_identical_wording():
    body = "Defence minister Sergei Shoigu said relations between Russia and NATO were degrading."
    articles = [Article(id="x", body=body, published="2017-04-27"), Article(id="y", body=body, published="2019-12-08")]
    assert len(assign_stories(articles)) == 2
    same_day = [dataclasses.replace(a, published="2019-12-08") for a in articles]
    assert len(assign_stories(same_day)) == 1


def test_assign_pages_of_one_site_weeks_apart_are_two_stories():
    # Two reports in their own words (not near-copies) a month apart: two events, as two posts
    # of one blog on one subject are; two days apart the same texts are one story.
    a = ("Defence minister Sergei Shoigu said relations between Russia and NATO were degrading every day. "
         "Shoigu told a meeting in Moscow that NATO exercises near the border had doubled.")
    b = ("Russia's Sergei Shoigu warned that ties with NATO keep degrading. Speaking in Moscow, "
         "the minister said the alliance had doubled its drills close to Russian borders.")
    apart = [Article(id="x", body=a, published="2019-11-01"), Article(id="y", body=b, published="2019-12-01")]
    assert len(assign_stories(apart)) == 2
    close = [dataclasses.replace(apart[1], published="2019-11-03"), apart[0]]
    assert len(assign_stories(close)) == 1


_IDS = st.sampled_from("abcdefgh")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_IDS, min_size=1, max_size=4, unique=True), max_size=6),
       st.lists(st.lists(_IDS, min_size=1, max_size=4, unique=True), max_size=6))
def test_continue_ids_gives_distinct_ids(now, before):
    from retold.stories.assign import continue_ids

    def partition(groups):  # each article in one story; ids as assign_stories gives them
        seen, out = set(), []
        for g in groups:
            g = [a for a in g if a not in seen]
            seen.update(g)
            if g:
                out.append(Story(story_id(min(g)), "", tuple(g)))
        return out

    out = continue_ids(partition(now), partition(before))
    assert len({s.id for s in out}) == len(out)


def test_assign_ecbplus_sample_floor(ecbplus_sample, stories_cache):
    articles, gold = ecbplus_sample
    stories = assign_stories(articles, cache=stories_cache)
    assert bcubed([s.articles for s in stories], gold)["f1"] >= SAMPLE_F1_FLOOR


def test_assign_ecbplus_sample_incremental_equals_full(ecbplus_sample, stories_cache):
    articles, gold = ecbplus_sample
    full = assign_stories(articles, cache=stories_cache)
    earlier = assign_stories(articles[::2], cache=stories_cache)
    later = assign_stories(articles, previous=earlier, cache=stories_cache)
    assert _partition(later) == _partition(full)


def test_assign_above_the_exact_limit_gives_the_partition_of_every_pair(ecbplus_sample, stories_cache, monkeypatch):
    """Past ``cluster.EXACT_LIMIT`` the articles are clustered per component of the key
    blocks (``blocking.key_edges``); ``blocking`` argues that gives what scoring every
    pair gives, and the sample's components are all under the lowered limit."""
    from retold.stories import cluster

    articles, _ = ecbplus_sample
    every_pair = assign_stories(articles, cache=stories_cache)
    monkeypatch.setattr(cluster, "EXACT_LIMIT", len(articles) * 2 // 3)  # 70 of 99 originals: two of three topics
    blocked = assign_stories(articles, cache=stories_cache)
    assert _partition(blocked) == _partition(every_pair)


def test_story_summary_outlets_and_dates():
    articles = [Article(id="a", body="x", outlet="TASS", published="2019-12-09"),
                Article(id="b", body="y", outlet="RFE/RL", published="2019-12-08"),
                Article(id="c", body="z")]
    summary = story_summary(Story("s-1", "t", ("a", "b", "c")), articles)
    assert summary["outlets"] == ["RFE/RL", "TASS"]
    assert (summary["first_published"], summary["last_published"]) == ("2019-12-08", "2019-12-09")
    assert story_summary(Story("s-2", "t", ()), [])["first_published"] is None


@pytest.mark.slow
def test_assign_ecbplus_dev_floor(shared_dir):
    from retold.eval.stories import evaluate

    result = evaluate(shared_dir / "eval" / "stories" / "ecbplus-dev", cross_validate=False)
    assert result["bcubed_f1"] >= DEV_F1_FLOOR


@pytest.mark.slow
def test_assign_ecbplus_dev_cross_validated_floor(ecbplus_dev, stories_cache):
    from retold.eval.stories import fit_parameters

    articles, gold = ecbplus_dev
    assert fit_parameters(articles, gold, stories_cache)["cv_f1"] >= DEV_CV_F1_FLOOR


def test_assign_repeated_id_counts_once(seed_articles, stories_cache):
    stories = assign_stories(seed_articles + seed_articles[:2], cache=stories_cache)
    assert sorted(a for s in stories for a in s.articles) == sorted(a.id for a in seed_articles)


def test_assign_near_copy_joins_its_original(seed_articles, stories_cache):
    copy = dataclasses.replace(seed_articles[3], id="copy-of-003", outlet="Republisher")
    stories = assign_stories(seed_articles + [copy], cache=stories_cache)
    (home,) = [s for s in stories if copy.id in s.articles]
    assert seed_articles[3].id in home.articles and len(stories) == 2


def test_assign_two_pages_of_one_site_are_not_one_story_on_their_own():
    """What two pages of one site share is in part the site's (``SAME_SITE_MAX``); the same
    two texts from two sites are one story."""
    first = ("Defence minister Sergei Shoigu said on Tuesday in Moscow that relations between Russia and "
             "NATO were degrading every day, blaming alliance exercises near the border.")
    second = ("Russia's defence minister Sergei Shoigu told officers in Moscow on Tuesday that ties with NATO "
              "were degrading daily, and blamed the alliance's drills close to Russian borders.")

    def pair(url_a, url_b):
        return [Article(id="a", body=first, url=url_a, published="2019-12-03", language="en"),
                Article(id="b", body=second, url=url_b, published="2019-12-03", language="en")]

    assert len(assign_stories(pair("https://news.example.com/a", "https://other.example.org/b"))) == 1
    assert len(assign_stories(pair("https://news.example.com/a", "https://www.example.com/b"))) == 2
