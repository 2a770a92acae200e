"""Digests that key cached results: of an article as stored, and of the code that judges.

A stage that caches a result computed from several articles (a reuse pair's judgement,
a story's coverage) keys it by the digests of those articles and of the modules whose
code computes it, so an incremental run reads back exactly what judging anew would
give, and a changed rule or threshold never reads an old result.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from functools import cache
from pathlib import Path

from retold.model import Article


def article_digest(article: Article) -> str:
    """Hash of what is stored for an article (the ``source`` path excluded: moving files
    changes nothing); the store's ``content_hash``."""
    d = article.to_dict()
    d.pop("source", None)
    return hashlib.sha256(json.dumps(d, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


@cache
def code_digest(modules: tuple[str, ...], extra: str = "") -> str:
    """Hash of the source files of ``modules`` (dotted names) and of ``extra`` (settings
    the code reads, such as an environment variable's value). Read once per process."""
    h = hashlib.sha1(extra.encode("utf-8"))
    for name in modules:
        h.update(Path(importlib.import_module(name).__file__).read_bytes())
    return h.hexdigest()[:12]
