"""Copies of a wire story's versions together: an agency source family.

An agency moves one story in several versions (first take, update, night lead, a
shorter version for the regions), and a newspaper writes its report from them
together: a paragraph from the first take, two from the update. Judged pair by pair
(``find.link_for_pair``), such a copy may hold too little of any one version to be
linked, though most of it is the agency's text. METER labels each newspaper
article against all the PA versions of its story together, and on METER dev 87 of
the 98 derived articles that no pair judgement linked were candidates of at least
one version of their story.

The rule (both engines call ``family_link``): a non-agency article that no pair
judgement links to any agency article, and whose candidate pairs include agency
articles, is a partial copy of a family when the family's texts together hold at
least ``compare.AGENCY_COPY_TRIGRAM_SHARE`` of its distinct prose word trigrams (and at
least ``compare.MIN_AGENCY_TRIGRAMS`` of them), the same evidence that links it to one
version. A family is one of those agency articles and the others among them of its
outlet that candidate generation pairs it with (versions of one story share
sentences, rare phrases or sentence embeddings; each family is built around one
version, not by chaining) that share at least ``VERSION_SHARED_TRIGRAMS`` of the
smaller one's distinct prose trigrams; when both carry a wire catchline
(``Article.slug``), they are versions of one story exactly when their wire-story keys
agree (``retold.clean.wrapped.wire_story_key``: METER dev macro F1 0.713 -> 0.722, derived
R 0.832 -> 0.848 at P 0.878; taking every take of the candidates' wire stories into the
family, candidates or not, linked more independent reports: 0.704). Candidate generation alone is too loose: on
METER dev 1,152 of the 1,570 candidate pairs between PA files join two different
stories (court reports share their stock sentences); at 0.05 shared, 65 of 357 do. The link goes to the version the copy took
most from (the most shared trigrams; then the lowest id), with ``basis`` "agency" as
any agency link, and its passages are what that version shares with the copy.

Measured on METER dev (``retold eval meter``): see the reuse rows of docs/measurements.md.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Sequence

from retold.clean.metadata import same_site
from retold.clean.wrapped import wire_story_key
from retold.model import ReuseLink
from retold.reuse.compare import AGENCY_COPY_TRIGRAM_SHARE, MIN_AGENCY_TRIGRAMS, compare_profiles, passages, \
    trigrams
from retold.reuse.furniture import without_furniture
from retold.reuse.profile import ArticleProfile
from retold.reuse.provenance import is_agency, judge_source, same_outlet

# Two agency articles are versions of one story (one family) when they are a candidate pair
# and at least this share of the smaller one's distinct prose trigrams are in the other.
# On METER dev (``retold eval meter``), with the family rule: 0.05 gives derived P 0.879,
# R 0.834; no such condition (any candidate pair) 0.873 / 0.864 but families of unrelated
# court stories; 0.10 0.878 / 0.807; 0.30 0.886 / 0.749 (no family rule: 0.893 / 0.735).
VERSION_SHARED_TRIGRAMS = 0.05


def family_links(profiles: Sequence[ArticleProfile], pairs: Iterable[tuple[int, int]],
                 links: Sequence[ReuseLink]) -> list[ReuseLink]:
    """The family links (``family_link``) of ``profiles`` (boilerplate masked), given the
    candidate index ``pairs`` and the links the pair judgements gave. Local engine."""
    agency = [is_agency(p.article.outlet) for p in profiles]
    is_agency_id = {p.id: a for p, a in zip(profiles, agency)}
    agency_linked = {x for link in links for x, y in ((link.a, link.b), (link.b, link.a)) if is_agency_id.get(y)}
    candidates: dict[int, list[int]] = defaultdict(list)
    versions: set[tuple[str, str]] = set()
    for i, j in pairs:
        if agency[i] != agency[j]:
            copy, version = (i, j) if agency[j] else (j, i)
            candidates[copy].append(version)
        elif agency[i]:
            versions.add(_ordered(profiles[i].id, profiles[j].id))
    out = []
    for copy, found in sorted(candidates.items()):
        if profiles[copy].id in agency_linked:
            continue
        link = family_link(profiles[copy], [profiles[k] for k in found], versions)
        if link is not None:
            out.append(link)
    return out


def family_link(copy: ArticleProfile, agencies: Sequence[ArticleProfile],
                versions: set[tuple[str, str]]) -> ReuseLink | None:
    """The link of ``copy`` (a non-agency article with no pair-judged agency link) to the
    version of an agency family it took most from, or None (see the module rules).

    ``agencies`` are its agency candidates (boilerplate masked, any order); ``versions``
    the candidate pairs ``(x, y)``, ``x < y`` by id, among agency articles (others ignored).
    """
    own = trigrams(copy, prose_only=True)
    if not own or not agencies:
        return None
    agencies = sorted({p.id: p for p in agencies if p.language == copy.language or None in (p.language, copy.language)
                       }.values(), key=lambda p: p.id)
    held = {p.id: own & trigrams(p) for p in agencies}
    prose = {p.id: trigrams(p, prose_only=True) for p in agencies}

    def one_story(x: ArticleProfile, y: ArticleProfile) -> bool:
        x_key, y_key = wire_story_key(x.article), wire_story_key(y.article)
        if x_key is not None and y_key is not None:
            return x_key == y_key  # the agency's own catchline says which versions are one story
        fewer = min(len(prose[x.id]), len(prose[y.id]))
        return (_ordered(x.id, y.id) in versions and same_outlet(x.article.outlet, y.article.outlet)
                and fewer > 0 and len(prose[x.id] & prose[y.id]) >= VERSION_SHARED_TRIGRAMS * fewer)

    best: tuple[int, str] | None = None
    for anchor in agencies:
        family = [p for p in agencies if p.id == anchor.id or one_story(p, anchor)]
        shared = len(set().union(*(held[p.id] for p in family)))
        if shared >= MIN_AGENCY_TRIGRAMS and shared / len(own) >= AGENCY_COPY_TRIGRAM_SHARE:
            top = min(family, key=lambda p: (-len(held[p.id]), p.id))
            if best is None or (-shared, top.id) < (-best[0], best[1]):
                best = (shared, top.id)
    if best is None:
        return None
    version = next(p for p in agencies if p.id == best[1])
    if same_site(copy.article, version.article):
        return None
    pa, pb = sorted((copy, version), key=lambda p: p.id)
    evidence = compare_profiles(pa, pb)
    source, basis, credited = judge_source(pa.article, pb.article, "partial", evidence)
    link = ReuseLink(a=pa.id, b=pb.id, kind="partial", source=source, credited=credited,
                     passages=passages(pa, pb, evidence, "partial"), basis=basis)
    return without_furniture(link, pa)


def _ordered(x: str, y: str) -> tuple[str, str]:
    return (x, y) if x < y else (y, x)

