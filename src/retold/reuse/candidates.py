"""Which article pairs are worth comparing: never all pairs.

Two kinds of blocking key propose pairs (defined once in ``retold.reuse.blocking``,
shared with the Spark engine); the pairwise comparison then decides. MinHash LSH
(datasketch) over sentence and whole-body signatures finds shared wording (verbatim
and partial copies); random-hyperplane buckets of sentence embeddings, checked by
exact cosine, find shared content in other words or another language (rewrites and
translations).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Sequence

import numpy as np
from retold.reuse.blocking import (
    MAX_CHUNK_ARTICLES,
    MIN_SHARED_SENTENCES,
    MIN_SHARED_SHINGLES,
    band_keys,
    bucket_sentence_pairs,
    bucket_unit_rows,
    bucket_vectors,
    distinct_sentence_keys,
    shingle_keys,
)
from retold.reuse.profile import ArticleProfile


def candidate_pairs(profiles: Sequence[ArticleProfile],
                    chunk_keys: Sequence[Sequence[list[bytes]]] | None = None) -> set[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of profiles that may share prose; ``chunk_keys`` are
    ``chunk_band_keys(profiles)`` when the caller has them. Empty input gives ``set()``."""
    return minhash_pairs(profiles, chunk_keys) | shingle_pairs(profiles) | embedding_pairs(profiles)


def chunk_band_keys(profiles: Sequence[ArticleProfile]) -> list[list[list[bytes]]]:
    """Per profile, the MinHash band keys of each of its blocking chunks (``chunk_rows``), in
    order. Computed once per run: boilerplate (``boilerplate.frequent_sentences``) and
    candidates (``minhash_pairs``) bucket the same keys."""
    return [[band_keys(row) for row in chunk_rows(p)] for p in profiles]


def minhash_pairs(profiles: Sequence[ArticleProfile],
                  chunk_keys: Sequence[Sequence[list[bytes]]] | None = None) -> set[tuple[int, int]]:
    """Pairs sharing a near-identical prose sentence, or near-identical bodies.

    The buckets are datasketch ``MinHashLSH``'s (``blocking.band_keys``), kept as sets of
    owning ARTICLES, and each distinct chunk of an article is looked up once: a
    sentence repeated thousands of times (in one article or across the corpus) costs
    one set per bucket, and a bucket with more than MAX_CHUNK_ARTICLES owners is
    boilerplate that proposes nothing, checked before it is walked.
    """
    per_profile = chunk_band_keys(profiles) if chunk_keys is None else chunk_keys
    distinct: list[tuple[int, list[bytes]]] = []
    buckets: dict[bytes, set[int]] = defaultdict(set)
    for i, per_chunk in enumerate(per_profile):
        # one entry per distinct chunk (equal keys in every band: equal signatures)
        for keys in {tuple(keys): keys for keys in per_chunk}.values():
            distinct.append((i, keys))
            for key in keys:
                buckets[key].add(i)
    pairs: set[tuple[int, int]] = set()
    for i, keys in distinct:
        if any(len(buckets[key]) > MAX_CHUNK_ARTICLES for key in keys):
            continue
        owners = set().union(*(buckets[key] for key in keys))
        if len(owners) <= MAX_CHUNK_ARTICLES:
            pairs.update((min(i, j), max(i, j)) for j in owners if j != i)
    return pairs


def shingle_pairs(profiles: Sequence[ArticleProfile]) -> set[tuple[int, int]]:
    """Pairs sharing at least MIN_SHARED_SHINGLES prose word n-grams that at most
    MAX_CHUNK_ARTICLES articles hold (``blocking.shingle_keys``)."""
    owners: dict[int, list[int]] = defaultdict(list)
    for i, p in enumerate(profiles):
        for key in shingle_keys(p.words, p.quoted):
            owners[key].append(i)
    hits: Counter = Counter()
    for members in owners.values():
        if 2 <= len(members) <= MAX_CHUNK_ARTICLES:
            hits.update((a, b) for x, a in enumerate(members) for b in members[x + 1:])
    return {pair for pair, n in hits.items() if n >= MIN_SHARED_SHINGLES}


def chunk_rows(profile: ArticleProfile):
    """The MinHash rows that take part in blocking: every prose sentence, and the whole
    body unless the article has no words at all."""
    return profile.chunk_signatures if profile.words else profile.chunk_signatures[:-1]


def embedding_pairs(profiles: Sequence[ArticleProfile]) -> set[tuple[int, int]]:
    """Pairs with at least MIN_SHARED_SENTENCES sentence pairs in one embedding bucket
    at cosine >= NEIGHBOUR_COSINE (``retold.reuse.blocking``)."""
    buckets: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    rows: list[np.ndarray] = []  # per profile, its sentences as buckets carry them
    for i, p in enumerate(profiles):
        rows.append(bucket_unit_rows(bucket_vectors(p.embeddings)))
        for s, keys in distinct_sentence_keys(p.embeddings):
            for key in keys:
                buckets[int(key)].append((p.id, s, i))
    shared: set[tuple[int, int, int, int]] = set()
    for members in buckets.values():
        if all(m[2] == members[0][2] for m in members):
            continue  # one article's sentences only: no pair (checked before any vector is gathered)
        members.sort()
        for x, y in bucket_sentence_pairs([m[0] for m in members],
                                          np.array([rows[m[2]][m[1]] for m in members])):
            (_, sa, a), (_, sb, b) = members[x], members[y]
            shared.add((a, sa, b, sb) if a < b else (b, sb, a, sa))
    hits = Counter((a, b) for a, _, b, _ in shared)
    return {pair for pair, n in hits.items() if n >= MIN_SHARED_SENTENCES}
