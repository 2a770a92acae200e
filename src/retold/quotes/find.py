"""The quotes stage end to end: extract per article (cached), then cluster per story."""

from __future__ import annotations

import hashlib
import json
from typing import Sequence

from retold.fingerprint import code_digest
from retold.model import Article, Cache, Quote, QuoteCluster, Story
from retold.quotes.cluster import cluster_quotes
from retold.quotes.extract import extract_quotes_batch

# Bump when extraction changes, so cached quotes of an older extractor are not reused.
EXTRACTOR_VERSION = 4


def _cache_key(article: Article) -> str:
    digest = hashlib.sha1(article.body.encode("utf-8")).hexdigest()[:16]
    return f"quotes.extract.v{EXTRACTOR_VERSION}:{code_digest(('retold.quotes.extract',))}:{article.id}:{digest}"


def _encode(quotes: list[Quote]) -> bytes:
    return json.dumps([q.to_dict() for q in quotes], ensure_ascii=False).encode("utf-8")


def _decode(raw: bytes) -> list[Quote]:
    return [Quote.from_dict(d) for d in json.loads(raw.decode("utf-8"))]


def pending_extractions(articles: Sequence[Article], cache: Cache) -> list[Article]:
    """The articles whose extracted quotes ``cache`` lacks (for ``extraction_entries``)."""
    return [a for a in articles if cache.get(_cache_key(a)) is None]


def extraction_entries(articles: Sequence[Article]) -> dict[str, bytes]:
    """The quotes of each of ``articles`` as the cache entries ``extract_cached`` reads: a pure
    function of the articles, so another process can compute them (``retold.background``)."""
    fresh = extract_quotes_batch(articles)
    by_article: dict[str, list[Quote]] = {a.id: [] for a in articles}
    for q in fresh:
        by_article[q.article].append(q)
    return {_cache_key(a): _encode(by_article[a.id]) for a in articles}


def extract_cached(articles: Sequence[Article], cache: Cache | None) -> list[Quote]:
    """Quotes of ``articles`` (article order), reusing and filling ``cache`` per article.

    Without a cache this is ``extract_quotes_batch``. Every quote is read back from the
    cache, so a run's quotes are the same whether they were extracted now, earlier, or in a
    helper process. Empty input gives ``[]``.
    """
    if cache is None:
        return extract_quotes_batch(articles)
    for key, raw in extraction_entries(pending_extractions(articles, cache)).items():
        cache.put(key, raw)
    return [q for a in articles for q in _decode(cache.get(_cache_key(a)))]


def find_quotes(articles: Sequence[Article], stories: Sequence[Story],
                cache: Cache | None = None) -> tuple[list[Quote], list[QuoteCluster]]:
    """Extract every article's quotes (cached per article and body) and cluster them per story
    (each story's grouping cached by its pieces).

    Returns ``cluster_quotes``'s ``(quotes, clusters)``. Empty input gives ``([], [])``.
    """
    return cluster_quotes(extract_cached(articles, cache), articles, stories, cache)
