"""The reuse stage: every pair of articles that share prose, as ``ReuseLink``s."""

from __future__ import annotations

from typing import Sequence

from retold.model import Article, Cache, ReuseLink
from retold.reuse.candidates import candidate_pairs
from retold.reuse.compare import compare_profiles, decide_kind, passages
from retold.reuse.profile import ArticleProfile, profile_articles
from retold.reuse.provenance import judge_source


def find_reuse(articles: Sequence[Article], cache: Cache | None = None) -> list[ReuseLink]:
    """One ``ReuseLink`` per pair of articles sharing prose (``a < b`` by id), sorted by ``(a, b)``.

    Candidate pairs come from MinHash LSH and sentence-embedding buckets, so
    the cost grows about linearly with the corpus; per-article signatures and
    embeddings go through ``cache`` when given. Empty input gives ``[]``.
    """
    profiles = profile_articles(articles, cache)
    links = (link_for_pair(profiles[i], profiles[j]) for i, j in sorted(candidate_pairs(profiles)))
    return sorted((link for link in links if link is not None), key=lambda link: (link.a, link.b))


def link_for_pair(first: ArticleProfile, second: ArticleProfile) -> ReuseLink | None:
    """The reuse link between two candidate articles (in either order), or None when they
    share no reuse (or are one article). Both engines judge every pair through this."""
    pa, pb = sorted((first, second), key=lambda p: p.id)
    if pa.id == pb.id:
        return None
    evidence = compare_profiles(pa, pb)
    kind = decide_kind(evidence)
    if kind is None:
        return None
    source, basis, credited = judge_source(pa.article, pb.article, kind, evidence)
    return ReuseLink(a=pa.id, b=pb.id, kind=kind, source=source, credited=credited,
                     passages=passages(pa, pb, evidence, kind), basis=basis)
