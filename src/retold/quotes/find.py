"""The quotes stage end to end: extract per article (cached), then cluster per story."""

from __future__ import annotations

import hashlib
import json
from typing import Sequence

from retold.model import Article, Cache, Quote, QuoteCluster, Story
from retold.quotes.cluster import cluster_quotes
from retold.quotes.extract import extract_quotes_batch

# Bump when extraction changes, so cached quotes of an older extractor are not reused.
EXTRACTOR_VERSION = 4


def _cache_key(article: Article) -> str:
    digest = hashlib.sha1(article.body.encode("utf-8")).hexdigest()[:16]
    return f"quotes.extract.v{EXTRACTOR_VERSION}:{article.id}:{digest}"


def _encode(quotes: list[Quote]) -> bytes:
    return json.dumps([q.to_dict() for q in quotes], ensure_ascii=False).encode("utf-8")


def _decode(raw: bytes) -> list[Quote]:
    return [Quote.from_dict(d) for d in json.loads(raw.decode("utf-8"))]


def extract_cached(articles: Sequence[Article], cache: Cache | None) -> list[Quote]:
    """Quotes of ``articles`` (article order), reusing and filling ``cache`` per article.

    Without a cache this is ``extract_quotes_batch``. Empty input gives ``[]``.
    """
    if cache is None:
        return extract_quotes_batch(articles)
    found: dict[str, list[Quote]] = {}
    missing = []
    for a in articles:
        raw = cache.get(_cache_key(a))
        if raw is None:
            missing.append(a)
        else:
            found[a.id] = _decode(raw)
    fresh = extract_quotes_batch(missing)
    for a in missing:
        found[a.id] = [q for q in fresh if q.article == a.id]
        cache.put(_cache_key(a), _encode(found[a.id]))
    return [q for a in articles for q in found[a.id]]


def find_quotes(articles: Sequence[Article], stories: Sequence[Story],
                cache: Cache | None = None) -> tuple[list[Quote], list[QuoteCluster]]:
    """Extract every article's quotes (cached per article and body) and cluster them per story.

    Returns ``cluster_quotes``'s ``(quotes, clusters)``. Empty input gives ``([], [])``.
    """
    return cluster_quotes(extract_cached(articles, cache), articles, stories)
