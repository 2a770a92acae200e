"""Candidate pairs, the greedy merge and the unit order (pure functions, no model)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import retold.coverage.group as group
from retold.coverage.group import candidate_pairs, group_sentences, order_units


def _unit_vectors(n: int, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, 16)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.mark.parametrize("n", [0, 1])
def test_group_candidate_pairs_empty(n):
    first, second, cosine = candidate_pairs(_unit_vectors(n), np.zeros(n, dtype=int), 0.0)
    assert len(first) == len(second) == len(cosine) == 0


def test_group_candidate_pairs_skip_same_article():
    v = np.vstack([_unit_vectors(1)] * 3)
    first, second, _ = candidate_pairs(v, np.array([0, 0, 1]), 0.9)
    assert list(zip(first.tolist(), second.tolist())) == [(0, 2), (1, 2)]


def test_group_index_pairs_agree_with_matrix(monkeypatch):
    rng = np.random.default_rng(1)
    base = _unit_vectors(40, seed=2)
    noisy = base + 0.05 * rng.normal(size=base.shape).astype(np.float32)
    v = np.vstack([base, noisy / np.linalg.norm(noisy, axis=1, keepdims=True)])
    articles = np.repeat(np.arange(8), 10)
    dense = candidate_pairs(v, articles, 0.8)
    monkeypatch.setattr(group, "DENSE_LIMIT", 10)
    indexed = candidate_pairs(v, articles, 0.8)
    assert len(dense[0]) > 0
    for d, i in zip(dense, indexed):
        assert np.allclose(d, i, atol=1e-5)


def test_group_sentences_empty():
    grouping = group_sentences([], {})
    assert grouping.unit_of == [] and grouping.members == []
    assert order_units([], [], 0) == []


def test_group_sentences_one_sentence_per_article_per_unit():
    # Sentences 0 and 1 of article 0 both match sentence 2 of article 1; only the better one merges,
    # the other's unit still records article 1 as a carrier.
    grouping = group_sentences([{0}, {0}, {1}], {(0, 2): 2.0, (1, 2): 1.0})
    assert grouping.unit_of[0] == grouping.unit_of[2] != grouping.unit_of[1]
    assert grouping.carriers[grouping.unit_of[1]] == {0, 1}


def test_group_sentences_blocked_by_shared_article():
    # Classes {0,1} and {1,2} share article 1: they never merge, but each learns the other's articles.
    grouping = group_sentences([{0, 1}, {1, 2}], {(0, 1): 1.0})
    assert grouping.unit_of == [0, 1]
    assert grouping.carriers == [{0, 1, 2}, {0, 1, 2}]


def test_group_order_puts_leading_additions_before_first_shared_unit():
    # Article 0: units A B; article 1: new X then B. X belongs right before B.
    grouping = group_sentences([{0}, {0}, {1}, {1}], {(1, 3): 1.0})
    order = order_units(grouping.unit_of, [0, 0, 1, 1], 2)
    assert order == [grouping.unit_of[0], grouping.unit_of[2], grouping.unit_of[1]]


@st.composite
def _matches(draw):
    article_of = draw(st.lists(st.integers(0, 4), min_size=0, max_size=25))
    n = len(article_of)
    pairs = draw(st.lists(st.tuples(st.integers(0, max(n - 1, 0)), st.integers(0, max(n - 1, 0)),
                                    st.floats(0.01, 5.0)), max_size=40))
    matches = {(min(s, t), max(s, t)): m for s, t, m in pairs if n and s != t and article_of[s] != article_of[t]}
    return article_of, matches


@settings(max_examples=200, deadline=None)
@given(_matches())
def test_group_sentences_partition_properties(data):
    article_of, matches = data
    grouping = group_sentences([{a} for a in article_of], matches)
    assert sorted(s for m in grouping.members for s in m) == list(range(len(article_of)))
    for members, carriers in zip(grouping.members, grouping.carriers):
        articles = [article_of[s] for s in members]
        assert len(articles) == len(set(articles))  # one sentence per article per unit
        assert set(articles) <= carriers <= set(article_of)
    n_articles = max(article_of, default=-1) + 1
    assert sorted(order_units(grouping.unit_of, article_of, n_articles)) == list(range(len(grouping.members)))
