"""Blocks of articles that may report one event, for clustering at any scale.

Stories are formed inside connected components of a link graph, so the corpus never
has to be scored all pairs. Two articles are linked when

- they share a *score key* (a salient name, or one of the most weighted words of
  their text) and their same-event probability is at least ``COMPONENT_LINK``; or
- they share a *link key*: a MinHash band of the near-copy signature
  (``similarity.duplicate_signature``), so every pair ``near_duplicate_of`` may look
  at lies in one component.

Why a component can be clustered on its own and give what clustering everything at
once gives: average linkage at ``cluster.TOPIC_THRESHOLD`` only merges groups with a
pair scoring at least that much, the spectral cuts and the final linkage work inside
those groups, and ``COMPONENT_LINK`` is below ``TOPIC_THRESHOLD``. The Spark engine
(``retold.spark.stories``) builds the graph with joins on these keys and clusters each
component with ``assign.assign_stories``; a test checks the partition equals the local one.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Sequence

import numpy as np
from scipy import sparse

from retold import lsh
from retold.clean.wrapped import wire_story_key
from retold.model import Article
from retold.stories.cluster import TOPIC_THRESHOLD
from retold.stories.features import ArticleFeatures
from retold.stories.similarity import DUPLICATE_JACCARD, PairEvidence, build_evidence, duplicate_signature, \
    score_block, score_pairs

# A link at least this likely joins two articles' components. Any value up to
# TOPIC_THRESHOLD keeps clustering per component exact; 0.1 below leaves room for float
# rounding and costs little (few pairs score 0.4-0.5).
COMPONENT_LINK = TOPIC_THRESHOLD - 0.1
# Words of an article's text (TF-IDF weight order) used as score keys: a same-event
# pair with no shared salient name still shares its most weighted words.
TOP_TERMS = 12
# Blocks up to this many articles are scored all pairs; a bigger block (a name in a
# thousand articles) scores each article against its BLOCK_WINDOW next ones in order of
# anchor date, so a block costs linear time: reports of one event cluster in time.
MAX_EXACT_BLOCK = 300
BLOCK_WINDOW = 50


def score_keys(text_row, features: ArticleFeatures, vocabulary: np.ndarray) -> list[str]:
    """An article's score keys: ``n:<name>`` for each salient name and ``t:<word>`` for its
    TOP_TERMS most weighted words (``text_row``: its TF-IDF row, sparse)."""
    keys = [f"n:{key}" for key in features.salient]
    row = text_row.tocsr()
    if row.nnz:
        top = row.indices[np.argsort(-row.data, kind="stable")[:TOP_TERMS]]
        keys += [f"t:{vocabulary[k]}" for k in sorted(top)]
    return keys


def link_keys(text: str) -> list[bytes]:
    """An article's link keys: the LSH bands of its near-copy signature."""
    return lsh.band_keys(duplicate_signature(text).hashvalues, DUPLICATE_JACCARD)


def wire_keys(article: Article) -> list[bytes]:
    """The article's wire-story key (``retold.stories.wire``) as a link key, or none: the
    takes of one wire story must share a block, since their words may not."""
    key = wire_story_key(article)
    return [] if key is None else ["\0".join(("wire", *key)).encode("utf-8")]


def key_edges(ev: PairEvidence, keys: Sequence[Sequence[str]], order: Sequence[int]) -> dict[tuple[int, int], float]:
    """The local engine's form of the Spark engine's blocks: ``(i, j) -> score``, ``i < j``,
    for rows of ``ev`` that share a score key (``keys[i]``: row i's ``score_keys``) and
    score at least COMPONENT_LINK, each block's pairs picked as ``block_pairs`` picks them
    (``order``: the rows in ``block_order``), scored once on ``ev``, the run's own evidence.

    Why keys and not nearest neighbours of a reduced vector (usearch over a 128-d SVD of
    TF-IDF, until now): the SVD is learnt from a corpus's most widespread words, so texts
    in a language most of a mixed corpus does not share map to noise. In the mixed stream
    of the dev sets (3,312 articles) 20 SemEval pairs of one event scoring 0.94 or more,
    each the other's nearest article by TF-IDF cosine, were not neighbours; with links
    down to 0.05 joining components, one component held 3,066 articles and was clustered
    by sparse average linkage, where a missing pair counts 0. SemEval's very similar pairs
    joined fell from 0.842 (every pair scored) to 0.722, ECB+ B-cubed from 0.921 to 0.904.
    """
    rank = np.empty(len(order), dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(len(order))
    members: dict[str, list[int]] = defaultdict(list)
    for row, row_keys in enumerate(keys):
        for key in dict.fromkeys(row_keys):
            members[key].append(row)
    small_rows: list[int] = []
    small_blocks: list[int] = []
    blocks = 0
    first, second = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for rows in members.values():
        if len(rows) < 2:
            continue
        if len(rows) <= MAX_EXACT_BLOCK:  # all pairs: gathered below in one sparse product
            small_rows.extend(rows)
            small_blocks.extend([blocks] * len(rows))
            blocks += 1
            continue
        ordered = np.array(sorted(rows, key=rank.__getitem__), dtype=np.int64)
        i, j = window_pairs(len(ordered))
        first.append(ordered[i]), second.append(ordered[j])
    if small_rows:
        incidence = sparse.csr_matrix((np.ones(len(small_rows), dtype=np.float32), (small_rows, small_blocks)),
                                      shape=(len(keys), blocks))
        shared = sparse.triu(incidence @ incidence.T, k=1).tocoo()
        first.append(shared.row.astype(np.int64)), second.append(shared.col.astype(np.int64))
    a, b = np.concatenate(first), np.concatenate(second)
    low, high = np.minimum(a, b), np.maximum(a, b)
    code = np.unique(low * len(keys) + high)
    low, high = code // len(keys), code % len(keys)
    scores = score_pairs(ev, low, high)
    keep = scores >= COMPONENT_LINK
    return {(int(x), int(y)): float(s) for x, y, s in zip(low[keep], high[keep], scores[keep])}


def window_pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``(i, j)``, ``i < j``, of a block of ``n`` members in block order that a
    block over MAX_EXACT_BLOCK scores: each member with its BLOCK_WINDOW next ones."""
    i = np.concatenate([np.arange(n - step) for step in range(1, BLOCK_WINDOW + 1)] or [np.zeros(0, np.int64)])
    j = np.concatenate([np.arange(step, n) for step in range(1, BLOCK_WINDOW + 1)] or [np.zeros(0, np.int64)])
    return i, j


def block_pairs(texts: Sequence[str], features: Sequence[ArticleFeatures], fitted,
                languages: Sequence[str | None] | None = None) -> list[tuple[int, int, float]]:
    """Index pairs ``(i, j, score)``, ``i < j``, of one block scoring at least COMPONENT_LINK.

    Members are given in (anchor date, id) order. ``fitted`` is ``similarity.fit_idf``'s
    result; ``languages`` the members' ``Article.language``. A block of fewer than two
    gives ``[]``."""
    n = len(texts)
    if n < 2:
        return []
    ev = build_evidence(texts, features, fitted=fitted, languages=languages)
    if n <= MAX_EXACT_BLOCK:
        rows = np.arange(n)
        scores = score_block(ev, rows, rows)
        i, j = np.nonzero(np.triu(scores >= COMPONENT_LINK, k=1))
        return [(int(a), int(b), float(scores[a, b])) for a, b in zip(i, j)]
    i, j = window_pairs(n)
    scores = score_pairs(ev, i, j)
    keep = scores >= COMPONENT_LINK
    return [(int(a), int(b), float(s)) for a, b, s in zip(i[keep], j[keep], scores[keep])]


def block_order(features: Sequence[ArticleFeatures]) -> list[int]:
    """The order block members are given in: by anchor date (unknown last), then id."""
    return sorted(range(len(features)), key=lambda k: (features[k].anchor is None, features[k].anchor or "",
                                                      features[k].article_id))
