"""Blocking keys for reuse candidates: one definition behind both engines.

A candidate pair of articles is proposed when they share a *key*; what makes a key
and which pairs a key proposes is defined here once, so the local engine (a dict of
buckets, ``retold.reuse.candidates``) and the Spark engine (keys as join columns,
``retold.spark.reuse``) propose exactly the same pairs, never all pairs:

- MinHash band keys (datasketch's banding for ``LSH_JACCARD``): a sentence and a
  near-identical one share a band with high probability (verbatim and partial copies).
- Shared rare word n-grams (passim's way): two articles sharing at least
  ``MIN_SHARED_SHINGLES`` prose word ``SHINGLE_KEY_WORDS``-grams that no more than
  ``MAX_CHUNK_ARTICLES`` articles hold (newspapers that shorten, reorder and lightly
  reword an agency's sentences keep its phrases but rarely a whole sentence).
- Sentence-embedding buckets: random-hyperplane LSH (SimHash) over the multilingual
  sentence embeddings, ``HYPERPLANE_TABLES`` tables of ``HYPERPLANE_BITS`` bits; two
  sentences in one bucket are a pair when their exact cosine is at least
  ``NEIGHBOUR_COSINE`` (rewrites and translations). text-dedup and passim block the
  same way on Spark; random hyperplanes are written out here (a matrix product and
  a sign) because no library gives them as plain, reproducible keys.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Sequence

import numpy as np
from retold import lsh

# Jaccard above which two sentences (or two bodies) are near copies; LSH finds
# such pairs with high probability. 0.5 keeps one-word edits of a 20-word sentence.
LSH_JACCARD = 0.5
# A chunk found in more articles than this is boilerplate ("Follow us on Twitter"),
# no evidence of copying; skipping it keeps the number of pairs linear (passim
# drops n-grams of high document frequency the same way).
MAX_CHUNK_ARTICLES = 50
# The cosine a sentence pair needs to count: translations of a sentence land at
# cosine >= 0.6 (MEANTIME) and MSRP paraphrases at >= 0.6 for 95% of them; 0.55
# leaves room, the comparison decides.
NEIGHBOUR_COSINE = 0.55
# Sentence pairs two articles need to be compared for rewording: more than one
# sentence (one shared sentence is a quote or a stock phrase).
MIN_SHARED_SENTENCES = 2
# SimHash tables and bits per table. The chance that two sentences at cosine c share
# a table's bucket is (1 - acos(c)/pi)^BITS: with 10 bits and 32 tables a pair at
# cosine 0.6 collides in at least one table with probability 0.63, at 0.7 0.83 and at
# 0.8 0.97, while unrelated sentences (cosine ~0.2) collide in 10% of pairs, which the
# exact cosine then drops. Machine translations of short real news articles align only
# 3-5 sentences, often at cosine 0.6-0.75: 12 bits and 24 tables (0.52 at 0.7) proposed
# 199 of 213 such pairs, these 210 (the rest have one sentence; ``retold eval
# translations``), and MEANTIME all 720 translation links.
HYPERPLANE_TABLES = 32
HYPERPLANE_BITS = 10
HYPERPLANE_SEED = 20261125
# Buckets up to this many sentences are compared all pairs; a larger (crowded) bucket
# compares each sentence with its SORTED_WINDOW next ones along one more random
# direction (the sorted-neighbourhood method), so no bucket costs more than linear.
MAX_EXACT_BUCKET = 256
SORTED_WINDOW = 32


# Word n-grams as keys: 4 words, of which two shared ones (each held by at most
# MAX_CHUNK_ARTICLES articles) propose a pair. Newspapers that shorten and reword an
# agency's take keep short runs of it ("appeared at Bow Street magistrates"), rarely a
# whole sentence: on METER dev, 5-grams with three shared missed 37 newspaper-PA pairs
# that the comparison links (macro F1 over the story pairs' decisions: 0.659 with those
# keys, 0.677 with these; `retold eval meter` prints 0.679), for 42% more candidate
# pairs there. The stock phrases that 4-grams also catch are held by many articles in
# a real corpus and propose nothing; in a small one they only cost a comparison, which
# decides.
SHINGLE_KEY_WORDS = 4
MIN_SHARED_SHINGLES = 2


def shingle_keys(words: Sequence[str], quoted: Sequence[bool]) -> list[int]:
    """Sorted distinct keys (signed 64-bit) of the word SHINGLE_KEY_WORDS-grams lying wholly
    outside quotes: quoted words are the speaker's, shared by every outlet that quotes him."""
    n = SHINGLE_KEY_WORDS
    keys = set()
    run = 0  # prose words ending at position i
    for i, q in enumerate(quoted):
        run = 0 if q else run + 1
        if run >= n:
            gram = " ".join(words[i - n + 1:i + 1]).encode("utf-8")
            keys.add(int.from_bytes(hashlib.blake2b(gram, digest_size=8).digest(), "big", signed=True))
    return sorted(keys)


def band_keys(signature: np.ndarray) -> list[bytes]:
    """The MinHash band keys of one sentence (or body) signature at LSH_JACCARD."""
    return lsh.band_keys(signature, LSH_JACCARD)


@cache
def _planes(dim: int) -> np.ndarray:
    rng = np.random.default_rng(HYPERPLANE_SEED)
    return rng.standard_normal((HYPERPLANE_TABLES * HYPERPLANE_BITS + 1, dim)).astype(np.float32)


def sentence_bucket_keys(vectors: np.ndarray) -> np.ndarray:
    """Bucket keys of sentence embeddings, shape ``(n, HYPERPLANE_TABLES)`` int64 (the table
    number in the high bits, so keys of different tables never meet). ``(0, d)`` gives ``(0, T)``."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if len(vectors) == 0:
        return np.zeros((0, HYPERPLANE_TABLES), dtype=np.int64)
    planes = _planes(vectors.shape[1])[:-1]
    bits = (vectors @ planes.T > 0).reshape(len(vectors), HYPERPLANE_TABLES, HYPERPLANE_BITS)
    weights = (1 << np.arange(HYPERPLANE_BITS, dtype=np.int64))
    codes = (bits.astype(np.int64) * weights).sum(axis=2)
    return codes + (np.arange(HYPERPLANE_TABLES, dtype=np.int64) << HYPERPLANE_BITS)


def distinct_sentence_keys(vectors: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """``(sentence index, its bucket keys)`` for the first of each distinct row of one
    article's ``vectors``, in order: a sentence the article repeats (the reuse profile
    gives it one vector, ``profile.embed_sentences``) enters the buckets once.

    Why: a line repeated 2,500 times put 2,500 entries in each of its buckets, and every
    other article's sentence in them was paired with each (the cost grew with repeats
    times neighbours); one shared line is also one piece of evidence, not one per repeat
    (``MIN_SHARED_SENTENCES``). Both engines bucket these."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if len(vectors) == 0:
        return []
    # First row of each distinct value by its bytes: what np.unique(axis=0) finds, at a
    # hundredth of its cost (it sorts the rows as structured records: 2 ms an article,
    # most of a warm reuse run's candidate step on the 1x bench corpus).
    first: dict[bytes, int] = {}
    for k, row in enumerate(vectors):
        first.setdefault(row.tobytes(), k)
    keep = np.fromiter(first.values(), dtype=np.int64, count=len(first))
    return list(zip(keep.tolist(), sentence_bucket_keys(vectors[keep])))


def bucket_vectors(vectors: np.ndarray) -> np.ndarray:
    """Sentence embeddings as the buckets carry them: int8, each row scaled so its largest
    component is +-127 (``(n, d)`` int8; 512 bytes a sentence where float32 takes 2 KB).

    Why: every sentence travels with its vector to each of its HYPERPLANE_TABLES buckets,
    which was most of the Spark engine's shuffle (``bench/bench_shuffle.py``). A bucket
    only screens pairs for comparison at NEIGHBOUR_COSINE, far below any decision; the
    cosine of int8 rows (``bucket_sentence_pairs``) is within about 0.005 of the float
    one. Both engines screen these rows (as ``bucket_unit_rows``), so they propose the
    same pairs."""
    vectors = np.asarray(vectors, dtype=np.float32)
    peak = np.abs(vectors).max(axis=1, keepdims=True) if len(vectors) else np.ones((0, 1), np.float32)
    scale = np.float32(127) / np.where(peak > 0, peak, np.float32(1))
    return np.rint(vectors * scale).astype(np.int8)


def bucket_unit_rows(rows: np.ndarray) -> np.ndarray:
    """``bucket_vectors`` rows back as float32 unit vectors (a zero row stays zero): what
    ``bucket_sentence_pairs`` compares. Row by row, so a row gives the same floats
    whichever rows it is converted with (per article locally, per bucket on Spark)."""
    rows = np.asarray(rows, dtype=np.float32)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms > 0, norms, np.float32(1))


def bucket_sentence_pairs(owners: Sequence[str], vectors: np.ndarray) -> list[tuple[int, int]]:
    """Index pairs ``(p, q)``, ``p < q``, of one bucket's sentences that belong to different
    articles (``owners``) and have cosine >= NEIGHBOUR_COSINE; ``vectors`` are their
    ``bucket_unit_rows`` (of their ``bucket_vectors``). Rows are taken in the order
    given; callers sort members by (article id, sentence) so both engines agree. An
    empty bucket gives ``[]``."""
    n = len(owners)
    if n < 2:
        return []
    codes: dict = {}
    owner_codes = np.fromiter((codes.setdefault(o, len(codes)) for o in owners), dtype=np.int64, count=n)
    if len(codes) < 2:
        return []  # one article's sentences only
    vectors = np.asarray(vectors, dtype=np.float32)
    if n <= MAX_EXACT_BUCKET:
        p, q = np.nonzero(vectors @ vectors.T >= NEIGHBOUR_COSINE)
        p, q = p[p < q], q[p < q]
    else:
        order = np.argsort(vectors @ _planes(vectors.shape[1])[-1], kind="stable")
        p_list, q_list = [], []
        for step in range(1, SORTED_WINDOW + 1):
            a, b = order[:-step], order[step:]
            near = np.einsum("nd,nd->n", vectors[a], vectors[b]) >= NEIGHBOUR_COSINE
            p_list.append(np.minimum(a[near], b[near]))
            q_list.append(np.maximum(a[near], b[near]))
        p, q = np.concatenate(p_list), np.concatenate(q_list)
    keep = owner_codes[p] != owner_codes[q]
    return sorted({(int(a), int(b)) for a, b in zip(p[keep], q[keep])})
