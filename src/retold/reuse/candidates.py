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


def key_holders(chunk_keys: Sequence[Sequence[list[bytes]]]) -> Counter[bytes]:
    """How many articles hold each MinHash band key (``chunk_band_keys``' output), an article
    once however many of its chunks share the key. A count, not a set of owners: most keys
    have one owner, and a set each (216 bytes) was most of the memory of the steps that
    bucket keys (boilerplate and candidates: 520 MB at 10,000 bench articles)."""
    holders: Counter[bytes] = Counter()
    for per_chunk in chunk_keys:
        holders.update({key for keys in per_chunk for key in keys})
    return holders


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
    # one entry per distinct chunk (equal keys in every band: equal signatures)
    distinct = [(i, keys) for i, per_chunk in enumerate(per_profile)
                for keys in {tuple(keys): keys for keys in per_chunk}.values()]
    holders = key_holders(per_profile)
    # Owner sets only for keys two or more articles hold (``key_holders``).
    buckets: dict[bytes, set[int]] = defaultdict(set)
    for i, keys in distinct:
        for key in keys:
            if holders[key] > 1:
                buckets[key].add(i)
    pairs: set[tuple[int, int]] = set()
    for i, keys in distinct:
        if any(holders[key] > MAX_CHUNK_ARTICLES for key in keys):
            continue
        owners = set().union(*(buckets[key] for key in keys if key in buckets))
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
    rows: list[np.ndarray] = []  # per profile, its sentences as buckets carry them
    parts: list[tuple[np.ndarray, np.ndarray, int]] = []  # per profile: keys (s, T), sentences, profile
    for i, p in enumerate(profiles):
        rows.append(bucket_unit_rows(bucket_vectors(p.embeddings)))
        found = distinct_sentence_keys(p.embeddings)
        if found:
            parts.append((np.stack([k for _, k in found]), np.array([s for s, _ in found], dtype=np.int64), i))
    if not parts:
        return set()
    # Bucket entries as flat arrays (16 bytes an entry; a tuple each held 300 MB at 10,000
    # bench articles), ordered by key, then members by (article id, sentence, profile) as
    # both engines order them (``bucket_sentence_pairs``).
    keys = np.concatenate([k.ravel() for k, _, _ in parts])
    sentences = np.concatenate([np.repeat(s, k.shape[1]) for k, s, _ in parts])
    owners = np.concatenate([np.full(k.size, i, dtype=np.int64) for k, _, i in parts])
    ids = [p.id for p in profiles]
    _, id_rank = np.unique(np.array(ids, dtype=object), return_inverse=True)
    order = np.lexsort((owners, sentences, id_rank[owners], keys))
    keys, sentences, owners = keys[order], sentences[order], owners[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    ends = np.r_[starts[1:], len(keys)]
    shared: set[tuple[int, int, int, int]] = set()
    for start, end in zip(starts.tolist(), ends.tolist()):
        members = owners[start:end]
        if end - start < 2 or (members == members[0]).all():
            continue  # one article's sentences only: no pair (checked before any vector is gathered)
        sents = sentences[start:end]
        for x, y in bucket_sentence_pairs([ids[m] for m in members.tolist()],
                                          np.array([rows[m][t] for m, t in zip(members.tolist(), sents.tolist())])):
            a, sa, b, sb = int(members[x]), int(sents[x]), int(members[y]), int(sents[y])
            shared.add((a, sa, b, sb) if a < b else (b, sb, a, sa))
    hits = Counter((a, b) for a, _, b, _ in shared)
    return {pair for pair, n in hits.items() if n >= MIN_SHARED_SENTENCES}
