"""The reuse stage: every pair of articles that share prose, as ``ReuseLink``s."""

from __future__ import annotations

from typing import Sequence

from retold.model import Article, Cache, ReuseLink
from retold.reuse.boilerplate import frequent_sentences, without_boilerplate
from retold.reuse.candidates import candidate_pairs
from retold.reuse.compare import compare_profiles, decide_kind, passages
from retold.reuse.family import family_links
from retold.reuse.profile import ArticleProfile, profile_articles
from retold.reuse.provenance import agency_copy_side, judge_source, same_site


def find_reuse(articles: Sequence[Article], cache: Cache | None = None) -> list[ReuseLink]:
    """One ``ReuseLink`` per pair of articles sharing prose (``a < b`` by id), sorted by ``(a, b)``.

    Each candidate pair is judged on its own (``link_for_pair``); an article that no pair
    links to an agency may then be linked to one version of an agency's story, judged
    against its versions together (``retold.reuse.family``).
    Candidate pairs come from MinHash LSH, rare n-grams and sentence-embedding buckets, so
    the cost grows about linearly with the corpus; per-article signatures and
    embeddings go through ``cache`` when given. Empty input gives ``[]``.
    """
    profiles = profile_articles(articles, cache)
    # Judged with corpus-wide boilerplate masked (``retold.reuse.boilerplate``); candidates
    # come from the whole profiles, as in the Spark engine.
    judged = [without_boilerplate(p, f) for p, f in zip(profiles, frequent_sentences(profiles))]
    pairs = sorted(candidate_pairs(profiles))
    links = [link for link in (link_for_pair(judged[i], judged[j]) for i, j in pairs) if link is not None]
    # Then what no pair showed: copies of several versions of one wire story together.
    links += family_links(judged, pairs, links)
    return sorted(links, key=lambda link: (link.a, link.b))


def link_for_pair(first: ArticleProfile, second: ArticleProfile) -> ReuseLink | None:
    """The reuse link between two candidate articles (in either order), or None when they
    share no reuse (or are one article). Both engines judge every pair through this."""
    pa, pb = sorted((first, second), key=lambda p: p.id)
    if pa.id == pb.id:
        return None
    evidence = compare_profiles(pa, pb)
    kind = decide_kind(evidence, copy_side=agency_copy_side(pa.article, pb.article))
    if kind is None or (kind != "verbatim" and same_site(pa.article, pb.article)):
        # Two pages of one site share its furniture (bios, footers, shop blurbs, sign-up
        # lines): that is no report copied. One page twice (verbatim) is still shown.
        return None
    source, basis, credited = judge_source(pa.article, pb.article, kind, evidence)
    return ReuseLink(a=pa.id, b=pb.id, kind=kind, source=source, credited=credited,
                     passages=passages(pa, pb, evidence, kind), basis=basis)

