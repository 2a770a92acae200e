"""Units of an article: sentences, quoted pieces, clauses, cached embeddings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retold.coverage.units import article_units, clauses
from retold.model import Article, MemoryCache


@pytest.mark.parametrize("text, expected", [
    ("", []),
    ("Short one.", []),
    ("A sentence without any break in it at all.", []),
    ("Russia is ready to work with NATO, despite unfounded claims of a Russian threat, he said.",
     ["Russia is ready to work with NATO", "despite unfounded claims of a Russian threat"]),
])
def test_units_clauses(text, expected):
    assert clauses(text) == expected


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc ,;:-–\"“”()")), max_size=80))
def test_units_clauses_are_substrings(text):
    for clause in clauses(text, min_words=1):
        assert clause and clause in text


def test_units_empty_input():
    assert article_units([]) == []
    [units] = article_units([Article(id="e", body="")])
    assert units.sentences == () and units.vectors.shape == (0, 512)


def test_units_pieces_belong_to_their_sentence():
    body = ('He said: "Our partners are pulling out of more and more agreements. The space is narrow." '
            "Then he left the hall quietly.")
    [units] = article_units([Article(id="q", body=body, language="en")])
    assert len(units.sentences) == 2
    assert len(units.texts) == len(units.owner) == len(units.vectors) > 2
    assert "Our partners are pulling out of more and more agreements." in units.texts  # a quoted sentence
    for text, owner in zip(units.texts, units.owner):
        assert text in units.sentences[owner].text or text.strip(" .") in units.sentences[owner].text


def test_units_cache_round_trip():
    article = Article(id="c", body="Rescue teams are searching the rubble for survivors.", language="en")
    cache = MemoryCache()
    [first] = article_units([article], cache)
    [second] = article_units([article], cache)
    assert (first.vectors == second.vectors).all()
    assert any(key.startswith("coverage.embed:") and ":c:" in key for key in cache._d)


def test_units_take_reuse_vectors_with_or_without_its_cache():
    from retold.coverage.units import reuse_sentence_vectors
    from retold.reuse.profile import profile_articles

    body = ("Rescue teams searched the rubble for survivors on Monday. "
            '"We will not stop," the fire chief said, "until everyone is found." '
            "Officials said at least twelve people were missing after the collapse.")
    article = Article(id="r", body=body, language="en")
    cache = MemoryCache()
    [profile] = profile_articles([article], cache)  # the reuse stage stores its vectors
    from_cache = reuse_sentence_vectors(article, cache)
    computed = reuse_sentence_vectors(article)
    assert from_cache.keys() == computed.keys() and len(from_cache) == len(profile.embeddings)
    assert all((from_cache[t] == computed[t]).all() for t in computed)  # the same bits either way
    [with_cache] = article_units([article], cache)
    [without] = article_units([article])
    assert with_cache.texts == without.texts and (with_cache.vectors == without.vectors).all()
    first = with_cache.texts[0]  # a sentence without quotes is its own masked text
    assert first in computed and (with_cache.vectors[0] == computed[first]).all()


def test_units_reuse_vectors_empty_body():
    from retold.coverage.units import reuse_sentence_vectors

    assert reuse_sentence_vectors(Article(id="e", body="")) == {}
