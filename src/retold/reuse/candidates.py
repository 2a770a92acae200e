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

from datasketch import MinHash, MinHashLSH

from retold.reuse.blocking import (
    LSH_JACCARD,
    MAX_CHUNK_ARTICLES,
    MIN_SHARED_SENTENCES,
    bucket_sentence_pairs,
    sentence_bucket_keys,
)
from retold.reuse.profile import NUM_PERM, ArticleProfile, minhash


def candidate_pairs(profiles: Sequence[ArticleProfile]) -> set[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of profiles that may share prose. Empty input gives ``set()``."""
    return minhash_pairs(profiles) | embedding_pairs(profiles)


def minhash_pairs(profiles: Sequence[ArticleProfile]) -> set[tuple[int, int]]:
    """Pairs sharing a near-identical prose sentence, or near-identical bodies (MinHash LSH)."""
    lsh = MinHashLSH(threshold=LSH_JACCARD, num_perm=NUM_PERM)
    chunks: list[tuple[int, MinHash]] = []
    for i, p in enumerate(profiles):
        for k, row in enumerate(chunk_rows(p)):
            m = minhash(hashvalues=row)
            lsh.insert(f"{i}:{k}", m, check_duplication=False)
            chunks.append((i, m))
    pairs: set[tuple[int, int]] = set()
    for i, m in chunks:
        owners = {int(key.split(":", 1)[0]) for key in lsh.query(m)}
        if len(owners) > MAX_CHUNK_ARTICLES:
            continue
        pairs.update((min(i, j), max(i, j)) for j in owners if j != i)
    return pairs


def chunk_rows(profile: ArticleProfile):
    """The MinHash rows that take part in blocking: every prose sentence, and the whole
    body unless the article has no words at all."""
    return profile.chunk_signatures if profile.words else profile.chunk_signatures[:-1]


def embedding_pairs(profiles: Sequence[ArticleProfile]) -> set[tuple[int, int]]:
    """Pairs with at least MIN_SHARED_SENTENCES sentence pairs in one embedding bucket
    at cosine >= NEIGHBOUR_COSINE (``retold.reuse.blocking``)."""
    buckets: dict[int, list[tuple[str, int, int]]] = defaultdict(list)
    for i, p in enumerate(profiles):
        for s, keys in enumerate(sentence_bucket_keys(p.embeddings)):
            for key in keys:
                buckets[int(key)].append((p.id, s, i))
    shared: set[tuple[int, int, int, int]] = set()
    for members in buckets.values():
        members.sort()
        for x, y in bucket_sentence_pairs([m[0] for m in members],
                                          [profiles[m[2]].embeddings[m[1]] for m in members]):
            (_, sa, a), (_, sb, b) = members[x], members[y]
            shared.add((a, sa, b, sb) if a < b else (b, sb, a, sa))
    hits = Counter((a, b) for a, _, b, _ in shared)
    return {pair for pair, n in hits.items() if n >= MIN_SHARED_SENTENCES}
