"""Which article pairs are worth comparing: never all pairs.

Two cheap, near-linear indexes propose pairs; the pairwise comparison then
decides. MinHash LSH (datasketch) over sentence and whole-body signatures finds
shared wording (verbatim and partial copies); an approximate nearest-neighbour
index (usearch HNSW) over sentence embeddings finds shared content in other
words or another language (rewrites and translations).
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH
from usearch.index import Index

from retold import nlp
from retold.reuse.profile import NUM_PERM, ArticleProfile, minhash

# Jaccard above which two sentences (or two bodies) are near copies; LSH finds
# such pairs with high probability. 0.5 keeps one-word edits of a 20-word sentence.
LSH_JACCARD = 0.5
# A chunk found in more articles than this is boilerplate ("Follow us on Twitter"),
# no evidence of copying; skipping it keeps the number of pairs linear (passim
# drops n-grams of high document frequency the same way).
MAX_CHUNK_ARTICLES = 50
# Nearest neighbours asked for each sentence, and the cosine a neighbour needs.
# Translations of a sentence land at cosine >= 0.6 (MEANTIME) and MSRP paraphrases
# at >= 0.6 for 95% of them; 0.55 leaves room, the comparison decides.
NEIGHBOURS = 12
NEIGHBOUR_COSINE = 0.55
# Neighbour hits two articles need to be compared for rewording, counted from both
# sides (one shared sentence usually gives two hits): 3 means more than one sentence.
MIN_NEIGHBOUR_HITS = 3
# The ANN index stores 8-bit quantised vectors with a small search beam: candidates
# only need the close neighbours (cosine >= 0.55), which survive both, and the exact
# cosines are checked afterwards. On MEANTIME this finds every translation pair, and
# it is ~6x faster than float32 with usearch's default beams (memory-bound at 10^5 vectors).
INDEX_DTYPE = "i8"
INDEX_EXPANSION = 32
_BATCH = 2048


def candidate_pairs(profiles: Sequence[ArticleProfile]) -> set[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of profiles that may share prose. Empty input gives ``set()``."""
    return minhash_pairs(profiles) | embedding_pairs(profiles)


def minhash_pairs(profiles: Sequence[ArticleProfile]) -> set[tuple[int, int]]:
    """Pairs sharing a near-identical prose sentence, or near-identical bodies (MinHash LSH)."""
    lsh = MinHashLSH(threshold=LSH_JACCARD, num_perm=NUM_PERM)
    chunks: list[tuple[int, MinHash]] = []
    for i, p in enumerate(profiles):
        rows = p.chunk_signatures if p.words else p.chunk_signatures[:-1]
        for k, row in enumerate(rows):
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


def embedding_pairs(profiles: Sequence[ArticleProfile]) -> set[tuple[int, int]]:
    """Pairs with at least MIN_NEIGHBOUR_HITS sentences whose embeddings are near neighbours (usearch)."""
    owner = np.array([i for i, p in enumerate(profiles) for _ in range(len(p.embeddings))], dtype=np.int64)
    if len(owner) < 2:
        return set()
    vectors = np.vstack([p.embeddings for p in profiles]).astype(np.float32)
    keys = _neighbours(vectors, min(NEIGHBOURS + 1, len(vectors)))
    hits: Counter[tuple[int, int]] = Counter()
    for start in range(0, len(vectors), _BATCH):
        block = keys[start:start + _BATCH]
        # Exact cosines of the proposed neighbours: the index is quantised, so its
        # distances are approximate (and the vectors are unit length).
        cosines = np.einsum("qd,qkd->qk", vectors[start:start + _BATCH], vectors[block])
        for q, (row, cos) in enumerate(zip(block, cosines)):
            i = int(owner[start + q])
            near = {int(owner[k]) for k, c in zip(row, cos) if c >= NEIGHBOUR_COSINE}
            hits.update((min(i, j), max(i, j)) for j in near if j != i)
    return {pair for pair, n in hits.items() if n >= MIN_NEIGHBOUR_HITS}


def _neighbours(vectors: np.ndarray, k: int) -> np.ndarray:
    """Keys of the ``k`` approximate nearest neighbours of every vector (itself included), shape (n, k)."""
    index = Index(ndim=vectors.shape[1], metric="ip", dtype=INDEX_DTYPE,
                  expansion_add=INDEX_EXPANSION, expansion_search=INDEX_EXPANSION)
    index.add(np.arange(len(vectors), dtype=np.uint64), vectors)
    found = index.search(vectors, k)
    keys = np.asarray(found.keys, dtype=np.int64).reshape(len(vectors), -1)
    # usearch pads missing neighbours with an out-of-range key; point them at the query itself.
    missing = (keys < 0) | (keys >= len(vectors))
    keys[missing] = np.broadcast_to(np.arange(len(vectors))[:, None], keys.shape)[missing]
    return keys
