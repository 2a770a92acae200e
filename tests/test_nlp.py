"""The model loader: embeddings and the BLAS thread limit stage code runs under."""

from __future__ import annotations

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from retold import nlp


def _blas_threads() -> list[int]:
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def test_nlp_embed_empty():
    assert nlp.embed([]).shape == (0, nlp.EMBEDDING_DIM)


def test_nlp_embed_unit_length_and_deterministic():
    texts = ["Rescue teams searched the rubble.", "Los equipos de rescate buscaron entre los escombros."]
    first, second = nlp.embed(texts), nlp.embed(texts)
    assert first.shape == (2, nlp.EMBEDDING_DIM) and first.dtype == np.float32
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    assert (first == second).all()  # one batch, one result: stages rely on it for engine equality
    assert float(first[0] @ first[1]) > 0.6  # a translation lands close


@pytest.mark.parametrize("limit", [1, 2])
def test_nlp_blas_threads_limits_and_restores(limit):
    if not _blas_threads():
        pytest.skip("numpy reports no BLAS thread pool")
    before = _blas_threads()
    with nlp.blas_threads(limit):
        assert all(n <= limit for n in _blas_threads())
    assert _blas_threads() == before
