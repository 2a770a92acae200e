"""Digests that key cached results: of an article as stored, and of the code that judges.

A stage that caches a result computed from several articles (a reuse pair's judgement,
a story's coverage) keys it by the digests of those articles and of the modules whose
code computes it, so an incremental run reads back exactly what judging anew would
give, and a changed rule or threshold never reads an old result. ``cached`` is the one
read-or-compute-and-keep step every such stage goes through.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from functools import cache
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

from retold.model import Article, Cache

T = TypeVar("T")


def article_digest(article: Article) -> str:
    """Hash of what is stored for an article (the ``source`` path excluded: moving files
    changes nothing); the store's ``content_hash``."""
    d = article.to_dict()
    d.pop("source", None)
    if d.get("slug") is None:  # added in store version 4: articles without one keep their hash
        d.pop("slug", None)
    return hashlib.sha256(json.dumps(d, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


@cache
def code_digest(modules: tuple[str, ...], extra: str = "") -> str:
    """Hash of the source files of ``modules`` (dotted names) and of ``extra`` (settings
    the code reads, such as an environment variable's value). Read once per process."""
    h = hashlib.sha1(extra.encode("utf-8"))
    for name in modules:
        h.update(Path(importlib.import_module(name).__file__).read_bytes())
    return h.hexdigest()[:12]


def cached(cache: Cache | None, kind: str, parts: Iterable[str], compute: Callable[[], T],
           encode: Callable[[T], bytes] | None = None, decode: Callable[[bytes], T] | None = None) -> T:
    """``compute()``, kept in ``cache`` under ``kind`` and a hash of ``parts`` (everything the
    result depends on: digests of its inputs and of the code, ``code_digest``), and read back
    instead of computed when an earlier run kept it. Values are stored with ``encode`` and
    read with ``decode`` (JSON by default, never pickle: a store file may come from someone
    else). Without a cache, ``compute()``."""
    if cache is None:
        return compute()
    h = hashlib.sha1()
    for part in parts:  # each part length-prefixed: ("a\0", "") and ("a", "\0") differ
        data = part.encode("utf-8")
        h.update(b"%d:" % len(data))
        h.update(data)
    key = f"{kind}:{h.hexdigest()[:24]}"
    blob = cache.get(key)
    if blob is not None:
        return (decode or _from_json)(blob)
    value = compute()
    cache.put(key, (encode or _to_json)(value))
    return value


def _to_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def _from_json(blob: bytes) -> Any:
    return json.loads(blob.decode("utf-8"))
