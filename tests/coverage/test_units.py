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
    assert any(key.startswith("coverage.embed:c:") for key in cache._d)
