"""Sentence vectors as the embedding buckets carry them (int8) and the pairs they screen."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from retold.reuse.blocking import NEIGHBOUR_COSINE, bucket_sentence_pairs, bucket_unit_rows, bucket_vectors


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1), st.integers(min_value=2, max_value=40))
def test_int8_rows_keep_the_cosine(seed, n):
    rng = np.random.default_rng(seed)
    vectors = _unit(rng.standard_normal((n, 512)))
    carried = bucket_vectors(vectors)
    assert carried.dtype == np.int8 and carried.shape == vectors.shape
    assert np.abs(carried).max(axis=1).tolist() == [127] * n  # each row uses the full range
    back = bucket_unit_rows(carried)
    assert np.abs(back @ back.T - vectors @ vectors.T).max() < 0.005
    # row by row: a row converts to the same floats with any other rows
    assert np.array_equal(bucket_unit_rows(carried[n // 2:]), back[n // 2:])


def test_zero_and_empty_rows():
    assert bucket_vectors(np.zeros((0, 512), np.float32)).shape == (0, 512)
    assert not bucket_vectors(np.zeros((2, 512), np.float32)).any()
    # a zero row (an empty sentence) is near nothing, not a division error
    assert not bucket_unit_rows(bucket_vectors(np.zeros((2, 512), np.float32))).any()
    assert bucket_sentence_pairs(["a", "b"], bucket_unit_rows(np.zeros((2, 512), np.int8))) == []


def test_pairs_from_int8_rows_are_the_float_pairs_away_from_the_threshold():
    rng = np.random.default_rng(7)
    base = _unit(rng.standard_normal((1, 512)))
    # sentences at cosine ~0.9 and ~0.2 to the first one, from three articles
    near = _unit(base + 0.45 * _unit(rng.standard_normal((1, 512))))
    far = _unit(base * 0.2 + _unit(rng.standard_normal((1, 512))))
    vectors = np.vstack([base, near, far])
    cos = vectors @ vectors.T
    assert cos[0, 1] > NEIGHBOUR_COSINE + 0.1 and cos[0, 2] < NEIGHBOUR_COSINE - 0.1
    owners = ["a", "b", "c"]
    rows = bucket_unit_rows(bucket_vectors(vectors))
    assert bucket_sentence_pairs(owners, rows) == [(0, 1)]
    # sentences of one article are never a pair
    assert bucket_sentence_pairs(["a", "a", "c"], rows) == []
