"""Average-linkage clustering of articles by same-event probability, at any scale.

Small sets are scored all-pairs and clustered in two levels (``cluster_two_level``):
average linkage at a loose threshold first gathers each topic, then each topic group
is cut in two by spectral clustering of its articles' wording while the two halves
are unlikely to report one event, and what is left is clustered by average linkage.
Large sets are cut into connected components of likely links first
(``retold.stories.blocking``), and each component is clustered on its own (two-level
up to ``EXACT_LIMIT`` articles, sparse average linkage above).
"""

from __future__ import annotations

import heapq
import warnings

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import coo_matrix, issparse
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform

from retold.stories.similarity import row_products

# Same-event probability at which average linkage stops merging. Fitted with the
# weights in ``similarity`` for the two-level clustering (best B-cubed F1 on a 0.02
# grid): 0.94 on all of ECB+ dev; 0.88 and 0.90 on the two halves of the topic CV.
MERGE_THRESHOLD = 0.94
# Two-level clustering (``cluster_two_level``). TOPIC_THRESHOLD gathers a topic (on all
# of ECB+ dev, average linkage at 0.5 gives 49 groups for 33 topics, one group holding
# two topics); fixed, since topic-CV F1 was close at 0.4 and 0.6 (0.911 / 0.912).
# A topic group is then cut in two (spectral clustering of its TF-IDF cosines) while
# the mean same-event probability across the cut is below MERGE_THRESHOLD + SPLIT_MARGIN.
# SPLIT_MARGIN: two-fold topic CV on ECB+ dev, official folds and four random topic
# halvings, mean B-cubed F1 0.9074 / 0.9106 / 0.9092 for margins 0 / 0.02 / 0.04
# (plain average linkage: 0.9028). Groups under SPLIT_MIN_SIZE articles are left to
# average linkage: a spectral cut of a handful of texts follows their length and
# style more than their event (the five seeds were cut wrongly at 4; 4 and 6 tie on ECB+).
TOPIC_THRESHOLD = 0.5
SPLIT_MARGIN = 0.02
SPLIT_MIN_SIZE = 6
# A cut stands only where its halves name different people and places: the mean names
# overlap (``similarity`` ``names``) across it stays under this. Two events of one topic
# differ in who and where (Klitschko-Rahman in Mannheim, Klitschko-Thompson in Bern); two
# styles of reporting one event (PA wire copy and a tabloid's rewrite of it) differ in
# wording, which the spectral cut follows, but name the same people. Measured on the dev
# sets (two-level clustering, ECB+-fitted weights): METER B-cubed F1 0.847 without the
# guard -> 0.885 at 0.5; ECB+ 0.927 -> 0.930 (0.916 at 0.4, 0.928 at 0.6); the crawl and
# SemEval unchanged (their topic groups are too small to cut).
SPLIT_MAX_SHARED_NAMES = 0.5
# Up to this many articles, all pairs are scored (a dense float matrix of n^2); above it,
# the articles are cut into the components of ``blocking.key_edges`` first.
EXACT_LIMIT = 3000


def cluster_dense(scores: np.ndarray, threshold: float = MERGE_THRESHOLD) -> np.ndarray:
    """Average-linkage labels (0..k-1) for a symmetric score matrix; ``(0, 0)`` input gives ``[]``."""
    n = scores.shape[0]
    if n <= 1:
        return np.zeros(n, dtype=np.int64)
    dist = 1.0 - scores.astype(np.float64)
    dist = np.clip((dist + dist.T) / 2, 0.0, 1.0)
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    return fcluster(tree, 1.0 - threshold, criterion="distance").astype(np.int64) - 1


def cluster_two_level(scores: np.ndarray, body, threshold: float = MERGE_THRESHOLD,
                      split: float | None = None, memo: dict | None = None,
                      names: np.ndarray | None = None) -> np.ndarray:
    """Labels (0..k-1) for a symmetric same-event score matrix, in two levels.

    ``body`` holds the articles' L2-normalised TF-IDF rows (sparse or dense). Why two
    levels: average linkage with one global threshold both splits events whose reports
    are worded apart (short wire items against long features) and joins two events of
    one topic; a spectral cut of a topic group sees the group's whole similarity
    structure, so it finds the two events' halves where pairwise scores cannot
    (ECB+ dev, topic CV: see ``retold.eval.stories``). A cut stands while the mean
    score across it is below ``split`` (default ``threshold + SPLIT_MARGIN``) and, when
    ``names`` (the pairs' names overlap, shaped like ``scores``) is given, the mean names
    overlap across it is below ``SPLIT_MAX_SHARED_NAMES``.
    ``memo`` caches cuts between calls on the same input. ``(0, 0)`` input gives ``[]``.
    """
    split = threshold + SPLIT_MARGIN if split is None else split
    n = scores.shape[0]
    labels = np.zeros(n, dtype=np.int64)
    next_label = 0
    for group in split_groups(scores, body, split, memo, names):
        sub = cluster_dense(scores[np.ix_(group, group)], threshold) if len(group) > 1 else np.zeros(1, np.int64)
        labels[group] = sub + next_label
        next_label += int(sub.max()) + 1 if len(sub) else 0
    return labels


def split_groups(scores: np.ndarray, body, split: float = MERGE_THRESHOLD + SPLIT_MARGIN,
                 memo: dict | None = None, names: np.ndarray | None = None) -> list[np.ndarray]:
    """Topic groups (average linkage at ``TOPIC_THRESHOLD``), each cut in two again and
    again while the halves' mean cross score stays under ``split`` (and their mean cross
    ``names`` overlap under ``SPLIT_MAX_SHARED_NAMES``, when given); index arrays."""
    memo = {} if memo is None else memo
    out: list[np.ndarray] = []
    pending = [g for g in _label_groups(cluster_dense(scores, TOPIC_THRESHOLD))]
    while pending:
        group = pending.pop()
        halves = _bisect(scores, body, group, memo) if len(group) >= SPLIT_MIN_SIZE else None
        if halves is not None and _cut_stands(scores, names, halves, split):
            pending.extend(halves)
        else:
            out.append(group)
    return sorted(out, key=lambda g: int(g.min()))


def _cut_stands(scores: np.ndarray, names: np.ndarray | None, halves, split: float) -> bool:
    across = np.ix_(halves[0], halves[1])
    if scores[across].mean() >= split:
        return False
    return names is None or names[across].mean() < SPLIT_MAX_SHARED_NAMES


def _label_groups(labels: np.ndarray) -> list[np.ndarray]:
    return [np.flatnonzero(labels == k) for k in np.unique(labels)]


def _bisect(scores: np.ndarray, body, group: np.ndarray, memo: dict) -> tuple[np.ndarray, np.ndarray] | None:
    """The two halves of ``group`` by spectral clustering of its wording (TF-IDF cosine),
    or None when it does not give two non-empty halves."""
    from sklearn.cluster import SpectralClustering

    key = group.tobytes()
    if key not in memo:
        rows = body[group]
        affinity = np.clip(row_products(rows, rows) if issparse(rows) else np.asarray(rows @ rows.T), 0.0, 1.0)
        np.fill_diagonal(affinity, 1.0)  # an empty text still relates to itself
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "graph is not fully connected": fine for a cut
                halves = SpectralClustering(2, affinity="precomputed", random_state=0).fit_predict(affinity)
        except (ValueError, np.linalg.LinAlgError):
            halves = np.zeros(len(group), dtype=np.int64)
        memo[key] = halves
    halves = memo[key]
    if halves.min() == halves.max():
        return None
    return group[halves == 0], group[halves == 1]


def cluster_sparse(n: int, edges: dict[tuple[int, int], float], threshold: float = MERGE_THRESHOLD) -> np.ndarray:
    """Average linkage over a sparse graph (missing pairs score 0). Hand-written because
    SciPy's linkage takes a dense distance matrix (n^2 for components above
    ``EXACT_LIMIT``). Returns labels 0..k-1; ``n == 0`` gives ``[]``.
    """
    size = {i: 1 for i in range(n)}
    sums: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    for (i, j), s in edges.items():
        if i != j:
            sums[i][j] = sums[i].get(j, 0.0) + s
            sums[j][i] = sums[j].get(i, 0.0) + s
    members = {i: [i] for i in range(n)}
    _agglomerate(sums, size, members, threshold)
    labels = np.empty(n, dtype=np.int64)
    for k, g in enumerate(sorted(members, key=lambda g: min(members[g]))):
        labels[members[g]] = k
    return labels


def _agglomerate(sums, size, members, threshold) -> None:
    """Merge the closest pair of groups while their mean score reaches ``threshold``.

    A merged group gets a fresh id, so a heap entry whose two groups are both still
    alive is never stale: the score sum between two live groups cannot change.
    """
    def push(a, b):
        avg = sums[a][b] / (size[a] * size[b])
        if avg >= threshold:
            heapq.heappush(heap, (-avg, min(a, b), max(a, b)))

    heap: list = []
    for a in sums:
        for b in sums[a]:
            if a < b:
                push(a, b)
    next_id = max(size, default=-1) + 1
    while heap:
        _, a, b = heapq.heappop(heap)
        if a not in size or b not in size:
            continue  # one side has merged since this entry was pushed
        m, next_id = next_id, next_id + 1
        size[m] = size.pop(a) + size.pop(b)
        members[m] = members.pop(a) + members.pop(b)
        merged: dict[int, float] = {}
        for old in (a, b):
            for other, s in sums.pop(old).items():
                if other not in (a, b):
                    merged[other] = merged.get(other, 0.0) + s
                    del sums[other][old]
        sums[m] = merged
        for other, s in merged.items():
            sums[other][m] = s
            push(m, other)


def components(n: int, edges: dict[tuple[int, int], float]) -> list[np.ndarray]:
    """Connected components of the link graph, as index arrays (singletons included)."""
    if not edges:
        return [np.array([i]) for i in range(n)]
    i, j = np.array(list(edges)).T
    graph = coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    count, labels = connected_components(graph, directed=False)
    order = np.argsort(labels, kind="stable")
    bounds = np.cumsum(np.bincount(labels, minlength=count))[:-1]
    return np.split(order, bounds)
