"""The reuse stage: every pair of articles that share prose, as ``ReuseLink``s."""

from __future__ import annotations

from typing import Sequence

from retold.model import Article, Cache, ReuseLink
from retold.reuse.candidates import candidate_pairs
from retold.reuse.compare import compare_profiles, decide_kind, passages
from retold.reuse.profile import profile_articles
from retold.reuse.provenance import judge_source


def find_reuse(articles: Sequence[Article], cache: Cache | None = None) -> list[ReuseLink]:
    """One ``ReuseLink`` per pair of articles sharing prose (``a < b`` by id), sorted by ``(a, b)``.

    Candidate pairs come from MinHash LSH and a sentence-embedding ANN index, so
    the cost grows about linearly with the corpus; per-article signatures and
    embeddings go through ``cache`` when given. Empty input gives ``[]``.
    """
    profiles = profile_articles(articles, cache)
    links = []
    for i, j in sorted(candidate_pairs(profiles)):
        pa, pb = sorted((profiles[i], profiles[j]), key=lambda p: p.id)
        if pa.id == pb.id:
            continue
        evidence = compare_profiles(pa, pb)
        kind = decide_kind(evidence)
        if kind is None:
            continue
        source, basis, credited = judge_source(pa.article, pb.article, kind, evidence)
        links.append(ReuseLink(a=pa.id, b=pb.id, kind=kind, source=source, credited=credited,
                               passages=passages(pa, pb, evidence, kind), basis=basis))
    return sorted(links, key=lambda link: (link.a, link.b))
