"""Units of content of one article: its sentences, and the quoted pieces inside them.

A unit is a sentence (``retold.segment.split_sentences``). Outlets that report the same
remarks independently often quote the same words inside sentences that otherwise differ
("Shoigu told Rossiya 1 ..." vs "Shoigu has suggested ..."), or fold two of one outlet's
sentences into one of theirs. So each sentence also carries *pieces*: the quotations it
holds, each sentence of a multi-sentence quotation, and the clauses of a long sentence
(cut at commas, dashes, brackets and quotation marks). Two sentences match when the
sentences themselves, or a piece of one and the other or its pieces, say the same thing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np

from retold.fingerprint import code_digest
from retold.model import Article, Cache, Sentence
from retold.nlp import EMBEDDING_DIM, embed
from retold.segment import split_sentences

# A quoted piece shorter than this many words ("brain dead", "threat") names a phrase rather than
# a statement: matching on it would tie unrelated sentences that share a catchword.
MIN_PIECE_WORDS = 5
# Only sentences at least this long are also cut into clauses: a shorter one rarely holds two
# facts another outlet would report apart, and clauses of every sentence would more than double
# the texts to embed (texts per sentence on ECB+: 2.4 with clauses of all, 2.0 with this floor).
LONG_SENTENCE_WORDS = 20
CACHE_NAMESPACE = "coverage.embed"
# Clause boundaries a sentence is cut at: commas, semicolons, colons, brackets, dashes and quotation
# marks. Hand-written because no installed library splits clauses without a full parse, and a parse
# of every sentence would cost more than the embeddings it feeds.
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]–—]|\s-{1,2}\s|[\"“”«»„]")


@dataclass(frozen=True, slots=True)
class ArticleUnits:
    """One article's sentences and pieces with their embeddings.

    ``texts`` lists the sentences first, then the pieces; ``owner[i]`` is the index of the
    sentence that text ``i`` belongs to (a sentence owns itself). ``vectors`` is
    ``(len(texts), 512)``, L2-normalised.
    """

    article: Article
    sentences: tuple[Sentence, ...]
    texts: tuple[str, ...]
    owner: tuple[int, ...]
    vectors: np.ndarray


def _quoted_pieces(sentence: Sentence, language: str | None) -> list[str]:
    """Quotations inside ``sentence`` (and the sentences of long ones) of at least
    ``MIN_PIECE_WORDS`` words, excluding a quotation that is the whole sentence."""
    from retold.quotes.marks import find_quoted_spans

    pieces: list[str] = []
    for span in find_quoted_spans(sentence.text):
        quote = sentence.text[span.start : span.end].strip(" ,.;:")
        inner = [s.text for s in split_sentences(Article(id="", body=quote, language=language))]
        for text in ([quote] if len(inner) < 2 else [quote, *inner]):
            if len(text.split()) >= MIN_PIECE_WORDS and text != sentence.text.strip(" \"“”'‘’"):
                pieces.append(text)
    return pieces


def clauses(text: str, min_words: int = MIN_PIECE_WORDS) -> list[str]:
    """Clauses of ``text`` with at least ``min_words`` words, in order, stripped; a text that
    does not break (or empty text) gives ``[]`` (the text itself is not repeated)."""
    parts = [p.strip() for p in _CLAUSE_BREAK.split(text)]
    parts = [p for p in parts if len(p.split()) >= min_words]
    return [] if len(parts) == 1 and parts[0] == text.strip() else parts


def _texts(article: Article) -> tuple[tuple[Sentence, ...], list[str], list[int]]:
    """The article's sentences, then every text to embed (sentences, then pieces) and its owner."""
    sentences = tuple(split_sentences(article))
    texts = [s.text for s in sentences]
    owner = list(range(len(sentences)))
    for i, sentence in enumerate(sentences):
        long = len(sentence.text.split()) >= LONG_SENTENCE_WORDS
        pieces = _quoted_pieces(sentence, article.language) + (clauses(sentence.text) if long else [])
        for piece in dict.fromkeys(pieces):
            texts.append(piece)
            owner.append(i)
    return sentences, texts, owner


def lone_units(article: Article) -> ArticleUnits:
    """The units of an article alone in its story: its sentences, with neither pieces nor
    embeddings. Why none: ``cover_story`` matches texts of different articles only, so a
    lone article's coverage is one unit per distinct sentence whatever its vectors; in a
    crawl most stories are one article, and their embeddings were most of this stage's cost."""
    sentences = tuple(split_sentences(article))
    return ArticleUnits(article, sentences, tuple(s.text for s in sentences), tuple(range(len(sentences))),
                        np.zeros((len(sentences), EMBEDDING_DIM), dtype=np.float32))


def _cache_key(article: Article, texts: list[str]) -> str:
    """Article id and a hash of the texts embedded, which follow from the body and from the
    rules above: a changed body or a changed rule never reads stale vectors."""
    digest = hashlib.sha1("\n".join(texts).encode("utf-8")).hexdigest()[:16]
    return f"{CACHE_NAMESPACE}:{code_digest((__name__,))}:{article.id}:{digest}"


def _cached_vectors(article: Article, texts: list[str], cache: Cache | None) -> np.ndarray | None:
    """The article's stored embeddings, or None when absent (or of the wrong shape)."""
    stored = cache.get(_cache_key(article, texts)) if cache is not None else None
    if stored is None:
        return None
    vectors = np.frombuffer(stored, dtype=np.float32).reshape(-1, EMBEDDING_DIM)
    return vectors if len(vectors) == len(texts) else None


def reuse_sentence_vectors(article: Article, cache: Cache | None = None) -> dict[str, np.ndarray]:
    """The reuse stage's embeddings of ``article``'s quote-masked sentences, by text: from
    ``cache`` when the reuse stage stored them, else embedded as that stage embeds them
    (``reuse.profile.embed_sentences``: one article's distinct masked sentences, in order),
    so the vectors are the same bits either way. An article with no sentence of enough
    prose gives ``{}``.

    Why: a sentence without quotes is its own masked text, so most of the sentences coverage
    embeds were already embedded by reuse (2,685 of the 6,317 texts of 200 ECB+/MEANTIME
    articles); taking those vectors saves that much encoder time.
    """
    from retold.reuse.profile import article_language, body_key, embed_sentences, masked_sentences

    language = article_language(article)
    texts = masked_sentences(article, language)
    if not texts:
        return {}
    stored = cache.get(body_key("embed", article, language)) if cache is not None else None
    vectors = None if stored is None else np.frombuffer(stored, dtype=np.float32).reshape(-1, EMBEDDING_DIM)
    if vectors is None or len(vectors) != len(texts):
        vectors = embed_sentences(texts)
    known: dict[str, np.ndarray] = {}
    for text, vector in zip(texts, vectors):
        known.setdefault(text, vector)
    return known


def article_units(articles: list[Article], cache: Cache | None = None) -> list[ArticleUnits]:
    """Units of each article; the texts of articles the cache does not hold take the reuse
    stage's vector when reuse embedded the same text for one of ``articles``
    (``reuse_sentence_vectors``, earliest article first); the others are embedded in one
    batch (texts repeated across articles once) and stored, keyed by article id and a hash
    of the texts (so of the body). Every vector thus depends on ``articles`` alone (not on
    what else the run holds), so both engines get the same bits.

    Empty input gives ``[]``; an article with an empty body gives no sentences.
    """
    parts = [_texts(a) for a in articles]
    vectors = [_cached_vectors(a, texts, cache) for a, (_, texts, _) in zip(articles, parts)]
    missing = [i for i, v in enumerate(vectors) if v is None]
    known: dict[str, np.ndarray] = {}
    for i in missing:
        for text, vector in reuse_sentence_vectors(articles[i], cache).items():
            known.setdefault(text, vector)
    # reprints repeat whole texts: each is embedded once
    unique = list(dict.fromkeys(t for i in missing for t in parts[i][1] if t not in known))
    batch = embed(unique) if unique else np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    known.update(zip(unique, batch))
    for i in missing:
        rows = [known[t] for t in parts[i][1]]
        vectors[i] = np.vstack(rows) if rows else np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        if cache is not None:
            key = _cache_key(articles[i], parts[i][1])
            cache.put(key, np.ascontiguousarray(vectors[i], dtype=np.float32).tobytes())
    return [ArticleUnits(a, sentences, tuple(texts), tuple(owner), v)
            for a, (sentences, texts, owner), v in zip(articles, parts, vectors)]
