"""Per-article work for reuse detection, computed once and kept in the ``Cache``.

A profile holds what pairwise comparison needs: the language, word tokens with
offsets (and whether each lies inside a quotation), sentences with their
quote-masked prose, sentence embeddings and MinHash signatures. Embeddings and
signatures are the expensive parts; they are cached under
``reuse.<what>:<version>:<article id>:<body hash>``.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, replace
from functools import cache
from typing import Sequence

import numpy as np
from datasketch import MinHash

from retold import nlp
from retold.fingerprint import code_digest
from retold.model import Article, Cache, Sentence
from retold.reuse.quotes import quote_spans
from retold.segment.furniture import merged_spans
from retold.segment.lists import list_spans
from retold.segment.sentences import split_sentences
from retold.segment.words import WORD

# Sentences with fewer prose (non-quote) words than this are no evidence of reuse:
# datelines, bylines, "he said." after a quote.
MIN_SENTENCE_PROSE_WORDS = 4
# MinHash over word 4-grams (short enough that a reworded sentence can still share
# some, long enough that stock phrases rarely collide); 64 permutations give a
# Jaccard estimate within ~0.06 at one standard deviation, plenty for candidates.
SHINGLE_WORDS = 4
NUM_PERM = 64
MINHASH_SCHEME = "affine32"  # datasketch 2's default; named because cached values must match it
# v3: a repeated sentence is embedded once (``embed_sentences``: its rows are then equal,
# which ``blocking.distinct_sentence_keys`` relies on) and tokenized by ``sentencepiece``
# (``nlp._encoder``); vectors stored before would differ in the last bits.
_VERSION = f"v3-{SHINGLE_WORDS}-{NUM_PERM}-{MINHASH_SCHEME}"


@dataclass(frozen=True, slots=True)
class ArticleProfile:
    """Everything reuse detection knows about one article.

    ``tokens`` are the ``(start, end)`` offsets of words, an ``(n, 2)`` int64 array (``segment.words.WORD``: ``\\w+`` runs,
    one character each for ideographs and kana) in ``article.body``,
    ``words`` their lower-cased text, ``in_quotes`` whether each lies inside quotation
    marks, ``quoted`` whether it is no evidence of copying: inside quotation marks or a
    bare list (``segment.lists``), and after ``boilerplate.without_boilerplate`` in a
    sentence three or more articles hold. ``sentences`` are the sentences with at least
    MIN_SENTENCE_PROSE_WORDS prose words, ``sentence_words`` their prose words,
    ``embeddings`` one row per sentence (embedding of the sentence with its quotes and
    lists masked). ``chunk_signatures`` holds one MinHash
    row per sentence (prose shingles) plus a last row for the whole body (all words).
    ``unmasked`` is, after boilerplate masking, the profile before it (None when nothing
    was masked): a text that several sites repost is judged whole (``find.link_for_pair``).
    """

    article: Article
    language: str | None
    tokens: np.ndarray
    words: tuple[str, ...]
    quoted: tuple[bool, ...]
    in_quotes: tuple[bool, ...]
    sentences: tuple[Sentence, ...]
    sentence_words: tuple[tuple[str, ...], ...]
    embeddings: np.ndarray
    chunk_signatures: np.ndarray
    unmasked: ArticleProfile | None = None

    @property
    def id(self) -> str:
        return self.article.id


def body_key(what: str, article: Article, language: str | None) -> str:
    """The cache key of ``what`` for this article's current body and language
    (the language picks the sentence splitter, so it shapes the sentences)."""
    digest = hashlib.sha1(f"{language}\n{article.body}".encode("utf-8")).hexdigest()[:16]
    return f"reuse.{what}:{_VERSION}:{code_digest((__name__,))}:{article.id}:{digest}"


def article_language(article: Article) -> str | None:
    """``article.language``, or the detected language of its body (None when too short to tell)."""
    return article.language or nlp.detect_language(article.body)


def profile_articles(articles: Sequence[Article], cache: Cache | None = None) -> list[ArticleProfile]:
    """One profile per article, in order; embeddings are computed in one batch for all
    articles missing from ``cache``. Empty input gives ``[]``."""
    languages = [article_language(a) for a in articles]
    parts = [_text_parts(a, lang) for a, lang in zip(articles, languages)]
    embeddings = _embeddings(articles, languages, parts, cache)
    return [
        ArticleProfile(
            article=a, language=lang, tokens=p["tokens"], words=p["words"],
            quoted=p["quoted"], in_quotes=p["in_quotes"], sentences=p["sentences"], sentence_words=p["sentence_words"],
            embeddings=e, chunk_signatures=_signatures(a, lang, p, cache),
        )
        for a, lang, p, e in zip(articles, languages, parts, embeddings)
    ]


def masked_sentences(article: Article, language: str | None) -> list[str]:
    """The texts reuse embeds for ``article``: each sentence with enough prose, its quotes
    and lists replaced by a placeholder (coverage takes these vectors from the cache: ``embed`` key)."""
    return _text_parts(article, language)["masked"]


def _text_parts(article: Article, language: str | None) -> dict:
    body = article.body
    quotes = quote_spans(body)
    # Quotations and bare lists are no evidence of copying (``segment.lists``).
    elided = list(merged_spans(quotes + list_spans(body)))
    matches = list(WORD.finditer(body))
    # Compact for a corpus held in memory: offsets as one integer array (a tuple of pairs
    # took 100 bytes a word) and words interned (a corpus repeats a small vocabulary).
    tokens = np.array([(m.start(), m.end()) for m in matches], dtype=np.int64).reshape(-1, 2)
    words = tuple(sys.intern(m.group().lower()) for m in matches)
    starts = tokens[:, 0].tolist()
    sentences, sentence_words, masked = [], [], []
    # Split with the detected language's abbreviation rules when the article names none.
    for sent in split_sentences(replace(article, language=language) if language else article):
        prose = [sys.intern(w.lower()) for w in WORD.findall(_mask(body, sent.start, sent.end, elided))]
        if len(prose) >= MIN_SENTENCE_PROSE_WORDS:
            sentences.append(sent)
            sentence_words.append(tuple(prose))
            masked.append(_mask(body, sent.start, sent.end, elided, placeholder="“…”"))
    return {"tokens": tokens, "words": words, "quoted": _inside(elided, starts), "in_quotes": _inside(quotes, starts),
            "sentences": tuple(sentences), "sentence_words": tuple(sentence_words), "masked": masked}


def _inside(spans: list[tuple[int, int]], positions: list[int]) -> tuple[bool, ...]:
    """For each position (ascending), whether it lies in one of the ordered, disjoint ``spans``."""
    out, k = [], 0
    for pos in positions:
        while k < len(spans) and spans[k][1] <= pos:
            k += 1
        out.append(k < len(spans) and spans[k][0] <= pos)
    return tuple(out)


def _mask(body: str, start: int, end: int, quotes: list[tuple[int, int]], placeholder: str = " ") -> str:
    """``body[start:end]`` with the quoted parts replaced by ``placeholder``."""
    out, pos = [], start
    for qs, qe in quotes:
        if qe <= start or qs >= end:
            continue
        out.append(body[pos:max(pos, qs)])
        out.append(placeholder)
        pos = max(pos, min(qe, end))
    out.append(body[pos:end])
    return "".join(out)


def _embeddings(articles: Sequence[Article], languages: list[str | None], parts: list[dict],
                cache: Cache | None) -> list[np.ndarray]:
    keys = [body_key("embed", a, lang) for a, lang in zip(articles, languages)]
    out: list[np.ndarray | None] = []
    todo: list[int] = []
    for i, (key, p) in enumerate(zip(keys, parts)):
        blob = cache.get(key) if cache is not None else None
        rows = None if blob is None else np.frombuffer(blob, dtype=np.float32).reshape(-1, nlp.EMBEDDING_DIM)
        if rows is not None and len(rows) == len(p["masked"]):
            out.append(rows)
        else:
            out.append(None)
            todo.append(i)
    for i in todo:
        # One batch per article: a sentence's vector then does not depend on which other
        # articles were embedded with it (batch shape moves the last bits), so the local
        # and the Spark engine, which batch by partition, get identical vectors.
        out[i] = embed_sentences(parts[i]["masked"])
        if cache is not None:
            cache.put(keys[i], np.ascontiguousarray(out[i]).tobytes())
    return out  # type: ignore[return-value]


def embed_sentences(texts: Sequence[str]) -> np.ndarray:
    """``nlp.embed(texts)``, each distinct text encoded once. A page that repeats a line (a
    comment widget's "Reply", a diet plan's "Eat every 2-3 hours" 120 times, a table's
    header row) pays for it once. With no repeat this is ``nlp.embed(texts)`` bit for bit;
    with repeats the others' vectors can move in the last bits (the encoder's batches
    change shape), never more."""
    distinct = list(dict.fromkeys(texts))
    vectors = nlp.embed(distinct)
    if len(distinct) == len(texts):
        return vectors
    row = {text: k for k, text in enumerate(distinct)}
    return vectors[[row[text] for text in texts]]


def _signatures(article: Article, language: str | None, parts: dict, cache: Cache | None) -> np.ndarray:
    key = body_key("minhash", article, language)
    blob = cache.get(key) if cache is not None else None
    rows = None if blob is None else np.frombuffer(blob, dtype=np.uint64).reshape(-1, NUM_PERM)
    if rows is not None and len(rows) == len(parts["sentence_words"]) + 1:
        return rows
    chunks = [*parts["sentence_words"], parts["words"]]
    signature: dict[tuple[str, ...], np.ndarray] = {}  # a repeated sentence is hashed once
    for words in chunks:
        if words not in signature:
            signature[words] = minhash(_shingles(words)).hashvalues
    rows = np.vstack([signature[words] for words in chunks]).astype(np.uint64)
    if cache is not None:
        cache.put(key, rows.tobytes())
    return rows


def _shingles(words: Sequence[str]) -> list[bytes]:
    """Word SHINGLE_WORDS-grams; a text shorter than that is one shingle (so it still matches itself)."""
    n = SHINGLE_WORDS
    if len(words) <= n:
        return [" ".join(words).encode("utf-8")]
    return [" ".join(words[i:i + n]).encode("utf-8") for i in range(len(words) - n + 1)]


@cache
def _template() -> MinHash:
    """An empty MinHash whose permutations every other one shares (drawing them is the slow part)."""
    return MinHash(num_perm=NUM_PERM, seed=1, scheme=MINHASH_SCHEME)


def minhash(shingles: Sequence[bytes] = (), hashvalues: np.ndarray | None = None) -> MinHash:
    """A datasketch MinHash (NUM_PERM permutations, fixed seed) of ``shingles``, or of stored ``hashvalues``."""
    template = _template()
    m = MinHash(num_perm=NUM_PERM, seed=1, scheme=MINHASH_SCHEME, permutations=template.permutations,
                hashvalues=template.hashvalues if hashvalues is None else hashvalues)
    m.update_batch(shingles)
    return m
