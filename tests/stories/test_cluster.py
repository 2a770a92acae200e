from __future__ import annotations

import numpy as np
import pytest

from retold.stories.cluster import cluster_dense, cluster_sparse, cluster_two_level, components


def _random_scores(seed: int, n: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    groups = rng.integers(0, max(1, n // 3), n)
    base = np.where(groups[:, None] == groups[None, :], 0.8, 0.1)
    scores = np.clip(base + rng.normal(0, 0.15, (n, n)), 0, 1)
    scores = (scores + scores.T) / 2
    np.fill_diagonal(scores, 1.0)
    return scores


def _same_partition(a, b) -> bool:
    return len(set(zip(a.tolist(), b.tolist()))) == len(set(a.tolist())) == len(set(b.tolist()))


@pytest.mark.parametrize("n", [0, 1, 2])
def test_cluster_tiny_inputs(n):
    assert len(cluster_dense(np.ones((n, n)))) == n
    assert len(cluster_sparse(n, {})) == n


@pytest.mark.parametrize("seed,n", [(0, 12), (1, 30), (2, 50)])
def test_cluster_sparse_matches_scipy_average_linkage(seed, n):
    scores = _random_scores(seed, n)
    edges = {(i, j): float(scores[i, j]) for i in range(n) for j in range(i + 1, n)}
    assert _same_partition(cluster_dense(scores, 0.5), cluster_sparse(n, edges, 0.5))


def test_cluster_components_cover_every_node():
    parts = components(5, {(0, 1): 0.9, (3, 4): 0.7})
    assert sorted(sorted(p.tolist()) for p in parts) == [[0, 1], [2], [3, 4]]


def _two_topics_two_events(n_per_event: int = 6):
    """Scores and TF-IDF-like rows for two topics of two events each: an event's articles
    share a private word and their topic's word, so only wording tells events apart."""
    n = 4 * n_per_event
    event = np.repeat(np.arange(4), n_per_event)
    topic = event // 2
    body = np.zeros((n, 6))
    body[np.arange(n), event] = 1.0
    body[np.arange(n), 4 + topic] = 1.0
    body /= np.linalg.norm(body, axis=1, keepdims=True)
    scores = np.where(event[:, None] == event[None, :], 0.97, np.where(topic[:, None] == topic[None, :], 0.93, 0.01))
    np.fill_diagonal(scores, 1.0)
    return scores, body, event


@pytest.mark.parametrize("n", [0, 1, 2, 5])
def test_cluster_two_level_tiny_inputs(n):
    assert len(cluster_two_level(np.ones((n, n)), np.ones((n, 3)) / np.sqrt(3))) == n


def test_cluster_two_level_cuts_a_topic_into_its_events():
    scores, body, event = _two_topics_two_events()
    assert _same_partition(cluster_two_level(scores, body, threshold=0.9, split=0.95), event)
    # Plain average linkage at the same threshold keeps each topic whole (cross mean 0.93).
    assert len(set(cluster_dense(scores, 0.9).tolist())) == 2


def test_cluster_two_level_keeps_groups_whose_halves_are_alike():
    scores, body, event = _two_topics_two_events()
    labels = cluster_two_level(scores, body, threshold=0.9, split=0.5)
    assert _same_partition(labels, event // 2)


def test_cluster_two_level_leaves_small_groups_to_average_linkage():
    scores, body, _ = _two_topics_two_events(n_per_event=1)  # 4 articles < SPLIT_MIN_SIZE
    assert _same_partition(cluster_two_level(scores, body, 0.9, 0.95), cluster_dense(scores, 0.9))


def test_cluster_two_level_cuts_only_where_the_halves_name_different_people():
    scores, body, event = _two_topics_two_events()
    topic = event // 2
    # The two events of topic 0 name the same people (one event told in two styles), those
    # of topic 1 name different ones (two events of one kind): only topic 1 is cut.
    names = np.where(event[:, None] == event[None, :], 0.9, np.where(topic[:, None] == topic[None, :], 0.1, 0.0))
    names[np.ix_(topic == 0, topic == 0)] = 0.8
    labels = cluster_two_level(scores, body, threshold=0.9, split=0.95, names=names)
    assert _same_partition(labels, np.where(topic == 0, 0, event))
    # without names every topic is cut, as before
    assert _same_partition(cluster_two_level(scores, body, threshold=0.9, split=0.95), event)
