"""Who copied whom: the source of a reuse link, how it was judged, and whether the copy credits it.

Rules, in order (the first that applies decides; ``basis`` names it):

1. ``credit``: one article names the other's outlet (credited sources, a credit
   line, or a credit phrase in the text such as "according to TASS" or a
   "/TASS/" dateline): the named one is the source, and ``credited`` is True.
2. ``credit``: one article republishes an outlet outside the pair ("Source: RT
   NEWS", "via Reuters"): both articles carry that outside report, so the outside
   outlet is the source. ``credited`` is True only if BOTH articles name it: a
   link is credited when every copy in it credits the source (for a reposted
   report and an uncredited rewording of it, False). Research credits ("with
   reporting by Interfax") do not count here: such an article is its own writing.
3. ``agency``: one article's outlet is a news agency and the other's is not
   (``retold.reuse.agencies``): agencies sell their copy to be reprinted, so the
   agency is the source. ``credited`` says whether the other names it.
4. ``published``: the article published earlier is the source. A date that is
   no evidence is not used: 1 January (the default that date extractors fall back
   to for a bare year) and a date before 1990 (before news on the web; a page's
   footer or an archive link, not its publication).
5. ``containment``: for word-for-word copies where one text holds nearly all of
   the other and the other holds clearly less, the containing text is the source
   (web copies excerpt: aggregators and content farms keep the first paragraphs
   and drop the rest far more often than they pad a report). The shares are read on
   the texts before boilerplate masking (``find._judged_link``).
6. Otherwise the source cannot be told: ``source``, ``basis`` and ``credited`` are None.
"""

from __future__ import annotations

import re
from functools import lru_cache

from retold.clean.metadata import outlet_words, registered_domain
from retold.model import Article, ReuseKind
from retold.reuse.agencies import agency_names
from retold.reuse.compare import VERBATIM_COVERAGE, PairEvidence

# Credit lines that say the article was written from others' reporting, not copied.
_RESEARCH_CREDIT = re.compile(r"\breporting\b|\bcontribut|\bcompiled\b", re.I)
# Phrases that credit an outlet in the body text ("{o}" is the escaped outlet name).
_TEXT_CREDITS = (
    r"(?:according to|reported by|via|source:?|courtesy of|republished from|reprinted from"
    r"|(?:first|originally) (?:appeared|published) (?:in|on|by)|as reported by)\s+(?:the\s+)?{o}\b",
    r"\b{o}\s+(?:reported|reports|news agency reported|wrote)\b",
    r"/\s*{o}\s*/",
    r"\(\s*{o}\s*\)",
)
# How much less of the other text the containing text must hold (rule 4).
CONTAINMENT_MARGIN = 0.2
# Words that may follow an agency's name in an outlet's ("PA News", "AP News", "Reuters.com").
_AGENCY_SUFFIXES = frozenset({"news", "media", "agency", "wire", "newswire", "com", "service", "international"})
# Publication dates before this are no evidence of origin (rule 4).
EARLIEST_PLAUSIBLE_DATE = "1990-01-01"


def judge_source(a: Article, b: Article, kind: ReuseKind,
                 evidence: PairEvidence | None = None) -> tuple[str | None, str | None, bool | None]:
    """``(source, basis, credited)`` for a reuse link between ``a`` and ``b`` (see the module rules)."""
    for original, copy in ((a, b), (b, a)):
        if original.outlet and not same_outlet(a.outlet, b.outlet) and names_outlet(copy, original.outlet):
            return original.id, "credit", True
    outside = _outside_source(a, b)
    if outside is not None:
        return outside, "credit", names_outlet(a, outside) and names_outlet(b, outside)
    copy_side = agency_copy_side(a, b)
    if copy_side is not None:
        copy, original = (a, b) if copy_side == 0 else (b, a)
        return original.id, "agency", _credits_article(copy, original)
    if _plausible(a.published) and _plausible(b.published) and a.published[:10] != b.published[:10]:
        original, copy = (a, b) if a.published[:10] < b.published[:10] else (b, a)
        return original.id, "published", _credits_article(copy, original)
    if evidence is not None and kind in ("verbatim", "partial"):
        cov_a, cov_b = evidence.coverage
        # The side whose words are nearly all in the shared runs is the contained one.
        if cov_a >= VERBATIM_COVERAGE and cov_b <= cov_a - CONTAINMENT_MARGIN:
            return b.id, "containment", _credits_article(a, b)
        if cov_b >= VERBATIM_COVERAGE and cov_a <= cov_b - CONTAINMENT_MARGIN:
            return a.id, "containment", _credits_article(b, a)
    return None, None, None


def agency_copy_side(a: Article, b: Article) -> int | None:
    """0 (``a``) or 1 (``b``) when exactly one of them is a news agency: the other, the
    copy (rule 3; ``compare.decide_kind``); None when both or neither are agencies."""
    agency_a, agency_b = is_agency(a.outlet), is_agency(b.outlet)
    return None if agency_a == agency_b else (1 if agency_a else 0)


def is_agency(outlet: str | None) -> bool:
    """Whether ``outlet`` is a news agency of ``agencies.agency_names()``."""
    words = outlet_words(outlet)
    while words and words[-1] in _AGENCY_SUFFIXES:
        words = words[:-1]
    return bool(words) and tuple(words) in _agency_words(agency_names())


@lru_cache(maxsize=8)
def _agency_words(names: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    """The word tuples of agency ``names``, split once (asked for every candidate pair's
    two outlets: thousands of regex splits of the whole list per run otherwise)."""
    return frozenset(tuple(outlet_words(name)) for name in names)


def _plausible(date: str | None) -> bool:
    """A publication date that can tell who came first (see rule 4)."""
    return bool(date) and date[:10] >= EARLIEST_PLAUSIBLE_DATE and date[5:10] != "01-01"


def names_outlet(article: Article, outlet: str) -> bool:
    """Whether ``article`` credits ``outlet``: in ``credited_sources``, a credit line, or a credit phrase of the body."""
    if not outlet_words(outlet):
        return False
    if any(same_outlet(outlet, s) for s in article.credited_sources):
        return True
    word = _outlet_pattern(outlet)
    if any(re.search(word, line, re.I) for line in article.credits):
        return True
    return any(re.search(p.format(o=word), article.body, re.I) for p in _TEXT_CREDITS)


def _credits_article(copy: Article, original: Article) -> bool:
    return bool(original.outlet) and names_outlet(copy, original.outlet)


def _outside_source(a: Article, b: Article) -> str | None:
    """The first outlet that one of the pair republishes and that is neither article's outlet."""
    named: list[str] = []
    for art in (a, b):
        if art.credits and all(_RESEARCH_CREDIT.search(line) for line in art.credits):
            continue
        named.extend(art.credited_sources)
    for name in named:
        if not same_outlet(name, a.outlet) and not same_outlet(name, b.outlet):
            return name
    return None


def same_outlet(x: str | None, y: str | None) -> bool:
    """Same outlet when one name's words start the other's ("RT" and "RT News")."""
    wx, wy = outlet_words(x), outlet_words(y)
    if not wx or not wy:
        return False
    n = min(len(wx), len(wy))
    return wx[:n] == wy[:n]


def _outlet_pattern(outlet: str) -> str:
    """A regex matching the outlet's name as whole words, any spacing or punctuation between them."""
    return r"\b" + r"\W+".join(re.escape(w) for w in outlet_words(outlet)) + r"\b"
