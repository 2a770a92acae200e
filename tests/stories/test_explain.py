"""Why a story's articles are one story: the names two or more of them name."""

from __future__ import annotations

from retold.model import Article, MemoryCache
from retold.stories.explain import shared_names, shared_words
from retold.stories.features import article_features, cache_key

SHOIGU = [
    Article("a", "Defence minister Sergei Shoigu said NATO was massing troops near Russia's borders.", outlet="TASS"),
    Article("b", "Russia's Shoigu accused NATO of provocations. Shoigu spoke in Moscow on Sunday.", outlet="RFE/RL"),
    Article("c", "A magnitude 6.1 earthquake struck Qeshm island off southern Iran.", outlet="AP"),
]


def test_explain_names_named_by_two_or_more_most_first_as_written():
    names = shared_names(SHOIGU)
    assert {"name": "NATO", "articles": 2} in names and {"name": "Shoigu", "articles": 2} in names
    assert all(n["articles"] >= 2 for n in names)
    assert not any(n["name"].lower() in ("qeshm", "iran", "moscow") for n in names)  # named by one article only
    assert [n["articles"] for n in names] == sorted((n["articles"] for n in names), reverse=True)


def test_explain_unrelated_articles_share_no_names_and_one_article_explains_nothing():
    assert shared_names([SHOIGU[0], SHOIGU[2]]) == []
    assert shared_names(SHOIGU[:1]) == [] and shared_names([]) == []


def test_explain_reads_the_stage_cache_and_parses_at_most_what_it_is_allowed():
    cache = MemoryCache()
    assert shared_names(SHOIGU, cache=cache, compute_at_most=0) is None  # nothing cached, nothing parsed
    article_features(SHOIGU[:2], cache)  # what the stories stage leaves in a store
    assert cache.get(cache_key(SHOIGU[0])) is not None
    assert shared_names(SHOIGU, cache=cache, compute_at_most=0) == shared_names(SHOIGU)


def test_explain_words_rare_in_the_language_used_by_two_or_more():
    plague = [Article("p1", "A hunter caught bubonic plague after eating a wild rabbit, officials said.", language="en"),
              Article("p2", "Officials said the hunter's bubonic plague came from a rabbit.", language="en"),
              Article("p3", "The government said it would meet on Monday.", language="en")]
    words = {w["word"]: w["articles"] for w in shared_words(plague)}
    assert words["bubonic"] == 2 and words["rabbit"] == 2 and words["hunter"] == 2
    assert "officials" not in words and "said" not in words  # common words say nothing about the event
    assert shared_words(plague[:1]) == [] and shared_words([plague[0], plague[2]]) == []


def test_explain_reads_the_text_the_stage_read_without_the_furniture_at_its_head():
    signup = ("Sign up for our free daily newsletter to get the latest breaking news alerts delivered straight "
              "to your inbox every morning.")
    pages = [Article("s1", f"{signup}\nThe city council of Springfield voted on Tuesday to close the old harbour "
                           "bridge for repairs after engineers found cracks.", language="en"),
             Article("s2", f"{signup}\nA hunter in Inner Mongolia caught bubonic plague after eating a wild "
                           "rabbit, health officials said on Sunday.", language="en")]
    cache = MemoryCache()
    features = article_features(pages, cache)  # what the stories stage leaves in a store
    assert all(f.furniture and f.furniture[0][0] == 0 for f in features)
    assert "newsletter" in {w["word"] for w in shared_words(pages)}  # the raw pages share the sign-up line
    assert "newsletter" not in {w["word"] for w in shared_words(pages, cache=cache)}
    assert shared_words(pages, cache=MemoryCache()) == shared_words(pages)  # nothing cached: read whole
