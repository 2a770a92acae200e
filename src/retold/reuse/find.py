"""The reuse stage: every pair of articles that share prose, as ``ReuseLink``s."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import replace
from typing import Callable, Sequence

import numpy as np

from retold.clean.metadata import same_site
from retold.fingerprint import article_digest, cached, code_digest
from retold.model import AlignedPassage, Article, Cache, ReuseLink
from retold.reuse.agencies import agency_names
from retold.reuse.boilerplate import frequent_sentences, without_boilerplate
from retold.reuse.candidates import candidate_pairs, chunk_band_keys
from retold.reuse.compare import PairEvidence, compare_profiles, decide_kind, is_verbatim, passages, same_language, \
    unmarked_words, word_runs
from retold.reuse.family import family_links
from retold.reuse.furniture import without_furniture
from retold.reuse.profile import ArticleProfile, profile_articles
from retold.reuse.provenance import agency_copy_side, judge_source

# The modules whose code judges one pair (``link_for_pair``): their source is part of
# every cached judgement's key, so a changed rule or threshold never reads an old one.
_JUDGING_MODULES = ("retold.reuse.find", "retold.reuse.compare", "retold.reuse.align", "retold.reuse.furniture",
                    "retold.reuse.similarity", "retold.reuse.provenance", "retold.reuse.quotes",
                    "retold.reuse.profile", "retold.segment.sentences")


# Prose words in one word-for-word run that make two texts judged as they are, whatever
# boilerplate masking took out of them (``link_for_pair``): a long paragraph, or two.
# Site lines that three or more pages carry are shorter: at 20 words SemEval dev gained
# 11 links (2 German reports sharing a dpa background paragraph, 9 pages sharing a
# 39-word News18 sign-up and follow-us line that the encoder reads as furniture in only
# two of its five windows) and METER dev 30; at 40 and at 60, no dev set changes. No
# length tells the agency's paragraph from the site's line between 20 and 40 words; what
# a passage says (``reuse.furniture``) has to, and does not yet for that line.
LONG_RUN_WORDS = 60


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
    keys = chunk_band_keys(profiles)
    judged = [without_boilerplate(p, f) for p, f in zip(profiles, frequent_sentences(profiles, keys))]
    pairs = sorted(candidate_pairs(profiles, keys))
    memo = SameTextMemo(judged)
    judge = memo.link_for_pair if cache is None else _CachedJudge(judged, cache, memo)
    links = [link for link in (judge(judged[i], judged[j]) for i, j in pairs) if link is not None]
    # Then what no pair showed: copies of several versions of one wire story together.
    links += family_links(judged, pairs, links)
    return sorted(links, key=lambda link: (link.a, link.b))


def link_for_pair(first: ArticleProfile, second: ArticleProfile,
                  compare: Callable[[ArticleProfile, ArticleProfile], PairEvidence] | None = None,
                  furniture: Callable[[ReuseLink, ArticleProfile], ReuseLink | None] | None = None,
                  ) -> ReuseLink | None:
    """The reuse link between two candidate articles (in either order), or None when they
    share no reuse (or are one article). Both engines judge every pair through this;
    ``compare`` and ``furniture`` stand in for ``compare_profiles`` and ``without_furniture``
    (a memo of them: ``SameTextMemo``)."""
    pa, pb = sorted((first, second), key=lambda p: p.id)
    if pa.id == pb.id:
        return None
    # Masking changed either side: the two texts before it, and the word runs they share.
    masked = pa.unmasked is not None or pb.unmasked is not None
    whole = (pa.unmasked or pa, pb.unmasked or pb) if masked else None
    whole_runs = word_runs(*whole) if whole is not None else None
    link = _judged_link(pa, pb, compare, furniture, None if whole_runs is None else whole_runs[1])
    if link is not None and link.kind == "verbatim":
        return link
    # A report that three or more sites take is boilerplate to the masking, sentence by
    # sentence, and each copy's own lines (a masthead, related links, a sign-off, its own
    # paragraphs) were then all its evidence: three copies of one report gave no link, nor
    # did an agency's report with two sites that each took half of it, nor an English report
    # with three Spanish sites that each posted one translation of it. Two texts that are a
    # verbatim copy of each other before masking, that share a paragraph's worth of prose
    # word for word, or that are in two languages (a site's standing lines are in its own
    # language: its copies' sentences are no boilerplate of another language's text) are
    # judged as they are (the link's passages are still read for furniture by what they say).
    if whole is None or not _judged_whole(whole, *whole_runs):
        return link
    return _judged_link(*whole) or link


def _judged_whole(whole: tuple[ArticleProfile, ArticleProfile], runs: list[tuple[int, int, int]],
                  coverage: tuple[float, float]) -> bool:
    """Whether two profiles before boilerplate masking (``whole``, sharing ``runs`` with
    ``coverage``: ``compare.word_runs``) are judged as they are: they are in two languages,
    a verbatim copy of each other (``compare.is_verbatim``) or share a run of at least
    ``LONG_RUN_WORDS`` prose words."""
    return (not same_language(*whole) or is_verbatim(runs, coverage)
            or any(unmarked_words(whole[0].quoted, i, n) >= LONG_RUN_WORDS for i, _, n in runs))


def _judged_link(pa: ArticleProfile, pb: ArticleProfile,
                 compare: Callable[[ArticleProfile, ArticleProfile], PairEvidence] | None = None,
                 furniture: Callable[[ReuseLink, ArticleProfile], ReuseLink | None] | None = None,
                 whole_coverage: tuple[float, float] | None = None) -> ReuseLink | None:
    """The link two profiles (sorted by id) make as they are: ``link_for_pair`` before its
    second look at a reposted text. ``whole_coverage``: each side's share inside the runs
    the texts share before boilerplate masking (None when masking changed neither)."""
    # Two pages of one site share its furniture (bios, footers, shop blurbs, sign-up
    # lines): that is no report copied. One page twice (verbatim) is still shown. So only
    # a verbatim copy is looked for, from the word runs alone: the sentence alignment, most
    # of a pair's cost, is spent only where a link can come of it (a site's pages are
    # many of a crawl's candidate pairs; METER's PA versions of one story are one outlet).
    one_site = same_site(pa.article, pb.article)
    if one_site and not is_verbatim(*word_runs(pa, pb)):
        return None
    evidence = (compare or compare_profiles)(pa, pb)
    kind = decide_kind(evidence, copy_side=agency_copy_side(pa.article, pb.article))
    if kind is None or (kind != "verbatim" and one_site):
        return None
    # Which side holds the other (``provenance`` rule 5, containment) is read on the texts
    # before masking: masked, a reposted report is no evidence, and one copy's own masthead
    # and sign-off (its only prose left) made it "hold" the other.
    held = (replace(evidence, coverage=whole_coverage)
            if whole_coverage is not None and kind in ("verbatim", "partial") else evidence)
    source, basis, credited = judge_source(pa.article, pb.article, kind, held)
    link = ReuseLink(a=pa.id, b=pb.id, kind=kind, source=source, credited=credited,
                     passages=passages(pa, pb, evidence, kind), basis=basis)
    return (furniture or without_furniture)(link, pa)


class SameTextMemo:
    """``link_for_pair`` that compares two texts once, however many articles hold them.

    Why: a crawl holds one text many times (a page saved under several addresses, a
    site's anti-bot or redirect page, a wire story reposted word for word), and every
    two holders are a candidate pair, each aligned word by word and sentence by sentence
    and read for furniture by the encoder; each copy against a third text repeats one
    comparison too. 40 copies of a news article are 820 pairs: 12.4 s against 1.9 s
    (``bench/bench_reuse.py --copies 40``); 57 copies of a short redirect page among 120
    documentation pages, 10 s of a 48 s stage. What ``compare_profiles`` and
    ``without_furniture`` read of a profile is fixed by its ``text_digest``; only the
    articles' metadata (source, credit, the same-site rule) differ from pair to pair,
    and those are judged for each pair as before, so the links are the same as judging
    every pair afresh. Only pairs with a text that two or more profiles hold are kept.
    """

    def __init__(self, profiles: Sequence[ArticleProfile]) -> None:
        self.digest = {p.id: text_digest(p) for p in profiles}  # also read by ``_CachedJudge``
        held = Counter(self.digest.values())
        self._shared = {d for d, n in held.items() if n > 1}
        self._evidence: dict[tuple[str, str], PairEvidence] = {}
        self._furniture: dict[tuple, frozenset | None] = {}  # the news passages' spans in the text

    def link_for_pair(self, first: ArticleProfile, second: ArticleProfile) -> ReuseLink | None:
        return link_for_pair(first, second, self.compare, self.without_furniture)

    def compare(self, pa: ArticleProfile, pb: ArticleProfile) -> PairEvidence:
        key = (self.digest[pa.id], self.digest[pb.id])
        if not self._shared.intersection(key):
            return compare_profiles(pa, pb)
        if key not in self._evidence:
            self._evidence[key] = compare_profiles(pa, pb)
        return self._evidence[key]

    def without_furniture(self, link: ReuseLink, pa: ArticleProfile) -> ReuseLink | None:
        digest = self.digest[pa.id]
        if digest not in self._shared:
            return without_furniture(link, pa)
        key = (digest, tuple(p.a for p in link.passages))
        if key not in self._furniture:
            kept = without_furniture(link, pa)
            self._furniture[key] = None if kept is None else frozenset(p.a for p in kept.passages)
        news = self._furniture[key]
        # the verdict reads article a's text alone; the link keeps this pair's own metadata
        return None if news is None else replace(link, passages=tuple(p for p in link.passages if p.a in news))


class _CachedJudge:
    """``link_for_pair`` through ``cache``: a pair judged in an earlier run (same articles,
    same masked profiles, same judging code) is read back, not judged again. Why: an
    incremental run proposes nearly the same candidate pairs as the last run, and judging
    them was most of its reuse cost; the result is the same as judging every pair."""

    def __init__(self, judged: Sequence[ArticleProfile], cache: Cache, memo: SameTextMemo | None = None) -> None:
        self._cache = cache
        self._judge = link_for_pair if memo is None else memo.link_for_pair
        self._digest = {p.id: profile_digest(p, memo.digest[p.id] if memo is not None else None) for p in judged}
        self._version = code_digest(_JUDGING_MODULES, "\0".join(agency_names()))

    def __call__(self, first: ArticleProfile, second: ArticleProfile) -> ReuseLink | None:
        pa, pb = sorted((first, second), key=lambda p: p.id)
        return cached(self._cache, "reuse.pair", (self._version, self._digest[pa.id], self._digest[pb.id]),
                      lambda: self._judge(pa, pb), link_to_bytes, link_from_bytes)


def text_digest(profile: ArticleProfile) -> str:
    """A hash of the text ``compare_profiles`` and ``without_furniture`` read from ``profile``:
    its body and language fix its words, sentences and vectors (each article's sentences
    are embedded in a batch of their own, ``profile._embeddings``); the quoted words and
    kept sentences record what boilerplate masking took out."""
    h = hashlib.sha1(f"{profile.language}\0".encode("utf-8"))
    h.update(profile.article.body.encode("utf-8", "surrogatepass"))
    h.update(np.packbits(np.array(profile.quoted, dtype=bool)).tobytes())
    h.update(json.dumps([(s.start, s.end) for s in profile.sentences]).encode("utf-8"))
    return h.hexdigest()


def profile_digest(profile: ArticleProfile, text: str | None = None) -> str:
    """A hash of everything ``link_for_pair`` reads from ``profile``: the article as exported,
    its ``text_digest`` (given as ``text`` when the caller has it), its words, sentences'
    words and their embeddings."""
    h = hashlib.sha1(article_digest(profile.article).encode("utf-8"))
    h.update(f"\0{text or text_digest(profile)}\0{len(profile.tokens)}".encode("utf-8"))
    h.update("\0".join(" ".join(words) for words in profile.sentence_words).encode("utf-8"))
    h.update(np.ascontiguousarray(profile.embeddings, dtype=np.float32).tobytes())
    return h.hexdigest()[:24]


def link_to_bytes(link: ReuseLink | None) -> bytes:
    """``link`` as cache bytes (JSON, similarities unrounded); None as ``b"null"``."""
    if link is None:
        return b"null"
    d = link.to_dict()
    d["passages"] = [[*map(int, p.a), *map(int, p.b), float(p.similarity)] for p in link.passages]
    return json.dumps(d, ensure_ascii=False).encode("utf-8")


def link_from_bytes(blob: bytes) -> ReuseLink | None:
    """The inverse of ``link_to_bytes``."""
    d = json.loads(blob.decode("utf-8"))
    if d is None:
        return None
    passages = tuple(AlignedPassage((a0, a1), (b0, b1), sim) for a0, a1, b0, b1, sim in d["passages"])
    return ReuseLink(a=d["a"], b=d["b"], kind=d["kind"], source=d["source"], credited=d["credited"],
                     passages=passages, basis=d["basis"])
