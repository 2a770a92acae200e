"""Group quotes of one story that render the same utterance, and diff two renderings.

Clustering works on *utterance units*, not on whole attributions: outlets quote different
subsets of a speaker's sentences and wrap them differently ("“A. B. C,” Shoigu said" in one,
"Shoigu said it was “B”" in another), so a quote is cut into its quoted stretches, and those
into sentences (a sentence quoting two stretches, before the second). These units are an internal
detail of the quote: ``cluster_quotes`` returns every quote whole, its units as its
``pieces`` (each with the span of its own words and its cluster), and a cluster lists the
quotes that have a piece in it.

Two units of different articles render the same utterance when a logistic model on two
features says so: the cosine of their multilingual sentence embeddings (catches rewording
and translation) and token containment (the share of the shorter unit's words found in the
longer one: a shorter quote that is part of a longer one). The model is fitted on MSRP
paraphrase pairs (``fit_same_utterance``); its weights are the constants below. A second rule
joins two units of one named speaker that are each other's best match between their two
articles, when they stand out from what the story's quotes share anyway (the margin
criterion of bitext mining, ``MUTUAL_MARGIN``). Units whose speakers have different
surnames never match. Units are then grouped by average-linkage
clustering (scipy), which keeps one stray high-similarity pair from chaining two
utterances together.
"""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from functools import lru_cache
from typing import Sequence

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from retold.fingerprint import cached, code_digest
from retold.model import Article, Cache, Quote, QuoteCluster, QuotePiece, Story
from retold.nlp import blas_threads, embed
from retold.quotes.marks import find_quoted_spans
from retold.quotes.speakers import surname_key

# Logistic model P(same) = sigmoid(W_COS * cos + W_CONTAIN * containment + BIAS), fitted on
# MSRP train (4,076 pairs, sklearn LogisticRegression C=10) by
# ``retold.eval.seeds_quotes.fit_same_utterance``: 5-fold CV accuracy 0.732 (majority class 0.675).
W_COS = 6.419
W_CONTAIN = 2.192
BIAS = -5.639
# MSRP pairs are hard paraphrase cases (its negatives overlap heavily too), so the model above
# misses quotes that outlets translated or retold ("not just halted but degrading every day" /
# "not only is it interrupted but it is getting worse every year": cosine 0.44). A second rule,
# as in bitext mining: two units of the same speaker that are each other's best match between
# their two articles are the same utterance when their cosine is at least this. 0.4 lies below
# the 1st percentile of MSRP paraphrase cosines (0.48) and above the median cosine of unrelated
# quotes of one speaker; the mutual-best and same-speaker conditions carry the precision.
MUTUAL_COS_FLOOR = 0.4
# ...and only when they stand out from what the story's quotes share anyway. Reports of one
# event quote one speaker on one subject, so in a crawl two *different* sentences of one
# speaker are often each other's best match at cosine 0.4-0.6 (Volker's "At no time was I
# aware..." and "Sondland did, in fact, discuss investigations"). The margin criterion of
# bitext mining (Artetxe and Schwenk, 2019) asks how far the pair's cosine rises above each
# unit's background: the mean of its three best cosines to the units of other articles,
# the partner left out. Judged by hand on the 181 scrapinghub pages (every cross-article
# pair of a cluster, ``tests/quotes/data/scrapinghub_clusters.json``): the mutual pairs that were
# different utterances had margins up to 0.10, the same utterance reworded from 0.14 (the
# seeds' "not just halted but degrading every day" against "not only is it interrupted but
# it is getting worse every year": 0.137). 0.12 lies between.
MUTUAL_MARGIN = 0.12
MUTUAL_BACKGROUND = 3
# A short quote inside a long one is matched by containment instead of cosine, counted over
# content words (spaCy's English stop words left out: quotes are English only) and from this
# share on: counted over all words, "It is working" was 0.67 "contained" in "Twitter can make
# a joke of it, but ... Meth is a serious problem in SD".
MUTUAL_CONTAINMENT = 0.75
# Average-linkage cut: units join when their mean P(same) is at least this.
MIN_SAME_PROBABILITY = 0.5
# Stories with more units than this are grouped component by component
# (``_large_story_clusters``): the all-pairs matrices grow with the square of a story's units
# (synthetic stories of 200 articles: 4,000 units took 0.96 GB and 5.2 s at once, 390 MB and
# 4.3 s by components; 16,000 units in 800 articles 3.7 GB and 98 s by components, about
# 14 GB at once). Up to it every pair is scored at once, as every figure was measured; no
# story of the evaluation sets comes near it.
DENSE_UNITS_LIMIT = 3000
# A quoted stretch of a mixed quote with at least this many words is a piece by itself.
MIN_STRETCH_WORDS = 5
# Units shorter than this many words get no containment credit: two words ("the minister")
# are contained in too many sentences to mean anything.
MIN_CONTAIN_WORDS = 3
# Speaker labels that name no one: the same-speaker rule above does not trust them.
WEAK_SPEAKERS = frozenset({"report", "reports", "poll", "polls", "survey", "study", "analysis", "sources",
                           "source", "officials", "experts", "critics", "analysts", "observers", "media",
                           "exclusive", "breaking", "update", "opinion", "editorial", "it", "they", "we"})
_WORD = re.compile(r"\w+")
_TRIM = " \t\n\u00a0,;:.—–-\"“”‘’«»„‹›‚…"

# The modules whose code groups one story's quote pieces (``_story_clusters`` and the
# encoder it reads): part of each cached grouping's key, so changed code never reads one.
_GROUPING_MODULES = ("retold.quotes.cluster", "retold.nlp")


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def containment(a: str, b: str) -> float:
    """Share of the shorter text's words (as a multiset) found in the longer one; 0 for empty."""
    wa, wb = _words(a), _words(b)
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if not short:
        return 0.0
    pool: dict[str, int] = {}
    for w in long_:
        pool[w] = pool.get(w, 0) + 1
    hit = 0
    for w in short:
        if pool.get(w, 0):
            pool[w] -= 1
            hit += 1
    return hit / len(short)


def same_probability(cos: np.ndarray, contain: np.ndarray) -> np.ndarray:
    """P(same utterance) from the fitted logistic model, elementwise."""
    return 1.0 / (1.0 + np.exp(-(W_COS * cos + W_CONTAIN * contain + BIAS)))


# -- utterance units --------------------------------------------------------------------------
def _text_for(body: str, quote: Quote, start: int, end: int) -> str:
    """The quote's words that come from ``body[start:end]``, aligned through ``quote.text``
    (which may join fragments around a cue)."""
    span_text = body[quote.span[0]:quote.span[1]]
    if span_text == quote.text:
        return body[start:end].strip(_TRIM)
    matcher = difflib.SequenceMatcher(None, span_text, quote.text, autojunk=False)
    lo, hi = start - quote.span[0], end - quote.span[0]
    pieces = []
    for i, j, n in matcher.get_matching_blocks():
        a, b = max(i, lo), min(i + n, hi)
        if b > a:
            pieces.append(quote.text[j + a - i:j + b - i])
    return " ".join(" ".join(pieces).split()).strip(_TRIM)


def _sentences_within(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence offsets of ``body[start:end]`` by syntok, which (unlike sentencex, used by
    ``retold.segment``) also splits sentences inside a quotation."""
    from syntok.segmenter import analyze

    out = []
    for paragraph in analyze(body[start:end]):
        for sent in paragraph:
            if sent:
                out.append((start + sent[0].offset, start + sent[-1].offset + len(sent[-1].value)))
    return out


def _trimmed(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start] in _TRIM:
        start += 1
    while end > start and body[end - 1] in _TRIM:
        end -= 1
    return start, end


@lru_cache(maxsize=16)
def _quoted_spans(body: str) -> tuple[tuple[int, int], ...]:
    """``find_quoted_spans(body)`` as offsets, kept for the last few bodies: an article's
    quotes are cut one after another, and scanning the whole body once per quote cost
    ~10% of the quotes stage."""
    return tuple((q.start, q.end) for q in find_quoted_spans(body))


def _fragments(quote: Quote) -> list[tuple[int, int]]:
    """The stretches of body the quote's words come from: its pieces as extracted (a split
    quote's parts around its cue), else its whole span."""
    return sorted(p.span for p in quote.pieces) or [quote.span]


def utterance_units(quote: Quote, article: Article) -> list[QuotePiece]:
    """``quote``'s pieces: its fragments cut into quoted stretches (of a mixed quote) and
    sentences (see module doc), each with its own words. A quote of one unit gives one piece."""
    body = article.body
    spans = []
    for s0, e0 in _fragments(quote):
        for ss, se in _sentences_within(body, s0, e0) or [(s0, e0)]:
            ss, se = max(ss, s0), min(se, e0)
            # a mixed sentence quoting two stretches ("There was “active cooperation” ..., but “now
            # ...”") is cut before each later stretch: each may be its own utterance
            stretches = [(max(qs, ss), min(qe, se)) for qs, qe in _quoted_spans(body) if qs < se and ss < qe] \
                if quote.kind == "mixed" else []
            cuts = [ss] + [qs - 1 for qs, _ in stretches[1:]] + [se]
            for (a, b), stretch in zip(zip(cuts, cuts[1:]), stretches or [None]):
                # a long quoted stretch stands alone; a short one ("did not inspire optimism")
                # keeps the reporter's words around it, or it matches too little
                long_ = stretch is not None and len(_words(body[stretch[0]:stretch[1]])) >= MIN_STRETCH_WORDS
                spans.append(_trimmed(body, *(stretch if long_ else (a, b))))
    pieces = []
    for s, e in spans:
        text = body[s:e] if quote.pieces else _text_for(body, quote, s, e)
        if e > s and _words(text) and all(p.span != (s, e) for p in pieces):
            pieces.append(QuotePiece((s, e), text))
    return pieces or [QuotePiece(quote.span, quote.text)]


def _unit_quotes(quote: Quote, pieces: list[QuotePiece], body: str) -> list[Quote]:
    """The pieces as quotes of their own (ids ``<id>.<k>``), the things clustering compares."""
    quoted = _quoted_spans(body)
    out = []
    for k, p in enumerate(pieces, start=1):
        s, e = p.span
        inside = any(qs <= s and e <= qe for qs, qe in quoted)
        kind = "direct" if inside else quote.kind if len(pieces) == 1 else "indirect"
        uid = quote.id if len(pieces) == 1 else f"{quote.id}.{k}"
        out.append(Quote(id=uid, article=quote.article, speaker=quote.speaker, cue=quote.cue,
                         text=p.text, kind=kind, span=p.span))
    return out


# -- clustering -------------------------------------------------------------------------------
def _speakers_clash(a: str | None, b: str | None) -> bool:
    return bool(a and b) and surname_key(a) != surname_key(b)


def _named(speaker: str | None) -> bool:
    """A speaker that names someone: capitalised and not a headline kicker or a generic noun
    ("Report: ...", "Poll: ...", "sources"), which many unrelated quotes share."""
    return bool(speaker) and speaker[:1].isupper() and speaker.lower() not in WEAK_SPEAKERS


def _mutual_best(units: list[Quote], cos: np.ndarray, words_contained: np.ndarray) -> np.ndarray:
    """1.0 for pairs of one named speaker that are each other's best match between their two
    articles, by cosine or, for a short quote inside a long one, by content-word
    containment (``MUTUAL_CONTAINMENT``), and that stand out from the story's background
    (``MUTUAL_MARGIN``; not asked of a contained quote); else 0.0."""
    n = len(units)
    contain = np.where(words_contained >= 1.0, 1.0, content_containment_matrix([u.text for u in units]))
    contained = contain >= MUTUAL_CONTAINMENT
    score = np.maximum(cos, np.where(contained, contain, 0.0))
    out = np.zeros((n, n))
    articles: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        articles.setdefault(u.article, []).append(i)
    article = _article_codes(units)
    other = article[:, None] != article[None, :]
    for a_idx in articles.values():
        for b_idx in articles.values():
            if a_idx is b_idx:
                continue
            sub = score[np.ix_(a_idx, b_idx)]
            for r, i in enumerate(a_idx):
                c = int(np.argmax(sub[r]))
                j = b_idx[c]
                if int(np.argmax(sub[:, c])) != r or sub[r, c] < MUTUAL_COS_FLOOR:
                    continue
                if not contained[i, j] and cos[i, j] - (_background(cos, other, i, j) +
                                                        _background(cos, other, j, i)) / 2 < MUTUAL_MARGIN:
                    continue
                if _named(units[i].speaker) and _named(units[j].speaker) \
                        and not _speakers_clash(units[i].speaker, units[j].speaker):
                    out[i, j] = out[j, i] = 1.0
    return out


def _article_codes(units: list[Quote]) -> np.ndarray:
    """Each unit's article as a small integer (one per article, in order of first sight)."""
    codes: dict[str, int] = {}
    return np.asarray([codes.setdefault(u.article, len(codes)) for u in units])


def _background(cos: np.ndarray, other: np.ndarray, i: int, partner: int) -> float:
    """Mean of unit ``i``'s MUTUAL_BACKGROUND best cosines to units of other articles, its
    ``partner`` left out (0 when there are none)."""
    row = cos[i][other[i]]
    keep = np.flatnonzero(other[i]) != partner
    best = np.sort(row[keep])[::-1][:MUTUAL_BACKGROUND]
    return float(best.mean()) if len(best) else 0.0


def content_containment_matrix(texts: Sequence[str]) -> np.ndarray:
    """``containment_matrix`` over content words (stop words left out): 0 where either text has
    fewer than MIN_CONTAIN_WORDS of them."""
    return containment_matrix(_content_texts(texts))


def _content_texts(texts: Sequence[str]) -> list[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return [" ".join(w for w in _words(t) if w not in STOP_WORDS) for t in texts]


def containment_matrix(texts: Sequence[str]) -> np.ndarray:
    """``containment`` of every pair of ``texts`` as an ``(n, n)`` array, 0 on the diagonal and
    for pairs where either text has fewer than MIN_CONTAIN_WORDS words. No texts give ``(0, 0)``.

    Vectorised (a story can hold thousands of units): the multiset overlap
    ``sum_w min(a_w, b_w)`` equals ``sum_k |{w: a_w >= k} & {w: b_w >= k}|``, one sparse
    product of the "count >= k" indicators per k; integer counts, so the values are
    exactly those of ``containment``.
    """
    counts = _WordCounts(texts)
    out = counts.containment_rows(np.arange(len(counts.lengths)))
    np.fill_diagonal(out, 0.0)
    return out


class _WordCounts:
    """Each text's word counts (a sparse matrix over the texts' vocabulary), for ``containment``
    of some texts (rows) against all of them."""

    def __init__(self, texts: Sequence[str]) -> None:
        words = [_words(t) for t in texts]
        vocab: dict[str, int] = {}
        rows, cols, counts = [], [], []
        for i, ws in enumerate(words):
            for w, c in Counter(ws).items():
                rows.append(i)
                cols.append(vocab.setdefault(w, len(vocab)))
                counts.append(c)
        matrix = sparse.csr_matrix((np.asarray(counts, dtype=np.int64), (rows, cols)),
                                   shape=(len(words), max(1, len(vocab))))
        self.at_least = []  # per k >= 1: the "count >= k" indicators
        for k in range(1, max(counts, default=0) + 1):
            indicator = matrix.copy()
            indicator.data = (indicator.data >= k).astype(np.int64)
            indicator.eliminate_zeros()
            self.at_least.append(indicator)
        self.lengths = np.asarray([len(ws) for ws in words], dtype=np.int64)

    def containment_rows(self, rows: np.ndarray, cols: np.ndarray | None = None) -> np.ndarray:
        """``containment`` of the texts ``rows`` against the texts ``cols`` (default: every
        text), ``(len(rows), len(cols))`` (a text against itself included: the caller decides
        what the diagonal means)."""
        cols = np.arange(len(self.lengths)) if cols is None else cols
        shared = np.zeros((len(rows), len(cols)), dtype=np.int64)
        for indicator in self.at_least:
            shared += (indicator[rows] @ indicator[cols].T).toarray()
        shorter = np.minimum(self.lengths[rows][:, None], self.lengths[cols][None, :])
        return np.where(shorter >= MIN_CONTAIN_WORDS, shared / np.maximum(shorter, 1), 0.0)


def _never_same(units: list[Quote]) -> np.ndarray:
    """``(n, n)`` mask of the pairs that never render one utterance: a unit with itself, two
    units of one article, and units whose speakers clash (``_speakers_clash``)."""
    article = _article_codes(units)
    speaker = _speaker_codes(units)
    return (article[:, None] == article[None, :]) | _clashing(speaker, speaker)


def _clashing(rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """``(len(rows), len(cols))`` mask of the speaker codes (``_speaker_codes``) that name two
    different people (``_speakers_clash``)."""
    return (rows[:, None] >= 0) & (cols[None, :] >= 0) & (rows[:, None] != cols[None, :])


def _speaker_codes(units: list[Quote]) -> np.ndarray:
    """Each unit's speaker as a small integer by surname (``surname_key``), -1 for none."""
    keys: dict[str, int] = {}
    return np.asarray([keys.setdefault(surname_key(u.speaker), len(keys)) if u.speaker else -1 for u in units])


def _story_clusters(units: list[Quote], vectors: np.ndarray,
                    dense_limit: int | None = None) -> list[list[int]]:
    """Index groups of ``units`` (one story) that render the same utterance, ordered by their
    first unit. All pairs at once up to ``dense_limit`` units (default DENSE_UNITS_LIMIT),
    component by component above it (``_large_story_clusters``)."""
    n = len(units)
    if n == 1:
        return [[0]]
    if n > (DENSE_UNITS_LIMIT if dense_limit is None else dense_limit):
        return _large_story_clusters(units, vectors)
    cos = np.clip(vectors @ vectors.T, 0.0, 1.0)
    contain = containment_matrix([u.text for u in units])
    prob = np.maximum(same_probability(cos, contain), _mutual_best(units, cos, contain))
    prob[_never_same(units)] = 0.0
    return _linkage_groups(prob)


def _linkage_groups(prob: np.ndarray) -> list[list[int]]:
    """Average-linkage groups (mean P(same) at least MIN_SAME_PROBABILITY) of a square matrix
    of P(same), ordered by their first index."""
    dist = 1.0 - np.maximum(prob, prob.T)
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    labels = fcluster(tree, t=1.0 - MIN_SAME_PROBABILITY, criterion="distance")
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(i)
    return list(groups.values())


def _large_story_clusters(units: list[Quote], vectors: np.ndarray) -> list[list[int]]:
    """``_story_clusters`` of a story too large for all pairs at once, in memory that grows
    with the units times one article's units.

    Average linkage joins two groups only when their mean P(same) reaches
    MIN_SAME_PROBABILITY, so only when some pair across them does: no group spans two
    components of the graph of such pairs. The pairs are found one article's rows at a time
    (P(same) from cosine and containment; the mutual-best rule, per pair of articles, as
    ``_mutual_best`` states it, each unit's background from a first pass), and each
    component is then clustered on its own. Cosines of row blocks may differ from the
    all-pairs product in the last bits, so near a threshold this path can differ from the
    dense one; that is why the dense path is kept below DENSE_UNITS_LIMIT."""
    article = _article_codes(units)
    speaker = _speaker_codes(units)
    texts = [u.text for u in units]
    words, content = _WordCounts(texts), _WordCounts(_content_texts(texts))
    members = [np.flatnonzero(article == a) for a in range(int(article.max()) + 1)]
    by_article = np.concatenate(members)
    starts = np.cumsum([0] + [len(m) for m in members[:-1]])
    background = _backgrounds(vectors, article, members)
    named = np.asarray([_named(u.speaker) for u in units])
    likely: set[tuple[int, int]] = set()  # P(same) at or above MIN_SAME_PROBABILITY
    mutual: set[tuple[int, int]] = set()  # the mutual-best rule's pairs (P = 1)
    for rows in members:
        cos = np.clip(vectors[rows] @ vectors.T, 0.0, 1.0)
        contain = words.containment_rows(rows)
        prob = same_probability(cos, contain)
        clash = _clashing(speaker[rows], speaker)
        possible = (article[None, :] != article[rows][:, None]) & ~clash
        for r, j in zip(*np.nonzero(possible & (prob >= MIN_SAME_PROBABILITY))):
            likely.add((min(int(rows[r]), int(j)), max(int(rows[r]), int(j))))
        effective = np.where(contain >= 1.0, 1.0, content.containment_rows(rows))
        contained = effective >= MUTUAL_CONTAINMENT
        score = np.maximum(cos, np.where(contained, effective, 0.0))
        # each row's best unit of every other article (the first of equals, as np.argmax), and
        # each unit's best row of this article: a pair is mutual when each is the other's
        r, j = _best_per_article(score, by_article, starts)
        keep = (article[j] != article[rows[r]]) & (np.argmax(score, axis=0)[j] == r) \
            & (score[r, j] >= MUTUAL_COS_FLOOR) & named[rows[r]] & named[j] & ~clash[r, j]
        for r, j in zip(r[keep].tolist(), j[keep].tolist()):
            i = int(rows[r])
            if contained[r, j] or cos[r, j] - (background(i, j) + background(j, i)) / 2 >= MUTUAL_MARGIN:
                mutual.add((min(i, j), max(i, j)))
    return _component_groups(units, vectors, words, likely | mutual, mutual)


def _best_per_article(score: np.ndarray, by_article: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(rows, units)``: for each row of ``score`` and each article, the unit of that article
    with the row's highest score, the first of equals (as ``np.argmax``). ``by_article``: the
    units ordered by article, then index; ``starts``: where each article begins in it."""
    ordered = score[:, by_article]
    top = np.maximum.reduceat(ordered, starts, axis=1)
    lengths = np.diff(np.r_[starts, len(by_article)])
    at = np.where(ordered == np.repeat(top, lengths, axis=1), np.arange(len(by_article)), len(by_article))
    first = np.minimum.reduceat(at, starts, axis=1)
    return np.repeat(np.arange(len(score)), first.shape[1]), by_article[first.ravel()]


def _backgrounds(vectors: np.ndarray, article: np.ndarray, members: list[np.ndarray]):
    """``background(i, partner)``: ``_background`` of unit ``i`` (the mean of its
    MUTUAL_BACKGROUND best cosines to units of other articles, ``partner`` left out), from
    each unit's MUTUAL_BACKGROUND + 1 best, found one article's rows at a time."""
    keep = MUTUAL_BACKGROUND + 1
    best_values = np.full((len(article), keep), -1.0)
    best_units = np.full((len(article), keep), -1, dtype=np.int64)
    for rows in members:
        cos = np.clip(vectors[rows] @ vectors.T, 0.0, 1.0)
        cos[:, rows] = -1.0  # one's own article is no background
        top = np.argsort(-cos, axis=1, kind="stable")[:, :keep]
        best_units[rows, :top.shape[1]] = top
        best_values[rows, :top.shape[1]] = np.take_along_axis(cos, top, axis=1)

    best = [[(v, u) for v, u in zip(values, found) if v >= 0]
            for values, found in zip(best_values.tolist(), best_units.tolist())]

    def background(i: int, partner: int) -> float:
        values = [v for v, u in best[i] if u != partner][:MUTUAL_BACKGROUND]
        return sum(values) / len(values) if values else 0.0

    return background


def _component_groups(units: list[Quote], vectors: np.ndarray, words: _WordCounts,
                      edges: set[tuple[int, int]], mutual: set[tuple[int, int]]) -> list[list[int]]:
    """The groups of each component of ``edges`` (pairs at or above MIN_SAME_PROBABILITY, the
    ``mutual``-best ones among them at 1.0), clustered as the dense path clusters a story;
    singletons for units in no pair. Ordered by their first unit."""
    from scipy.sparse.csgraph import connected_components

    n = len(units)
    pairs = np.asarray(list(edges), dtype=np.int64).reshape(-1, 2)
    graph = sparse.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    mutual_pairs: dict[int, list[tuple[int, int]]] = {}
    for i, j in mutual:
        mutual_pairs.setdefault(int(label[i]), []).append((i, j))
    groups: list[list[int]] = []
    for k in range(int(label.max()) + 1):
        comp = np.flatnonzero(label == k)
        if len(comp) == 1:
            groups.append([int(comp[0])])
            continue
        local = {int(u): x for x, u in enumerate(comp)}
        cos = np.clip(vectors[comp] @ vectors[comp].T, 0.0, 1.0)
        contain = words.containment_rows(comp, comp)
        np.fill_diagonal(contain, 0.0)
        best = np.zeros((len(comp), len(comp)))
        for i, j in mutual_pairs.get(k, []):
            best[local[i], local[j]] = best[local[j], local[i]] = 1.0
        prob = np.maximum(same_probability(cos, contain), best)
        prob[_never_same([units[u] for u in comp])] = 0.0
        groups.extend([int(comp[g]) for g in group] for group in _linkage_groups(prob))
    return sorted(groups, key=lambda g: g[0])


def _cached_story_clusters(units: list[Quote], cache: Cache | None) -> list[list[int]]:
    """``_story_clusters`` of one story's units, read back from ``cache`` when an earlier run
    grouped the same units (ids, articles, texts, speakers) with the same code: an
    incremental run changes few stories, and embedding every story's pieces again was
    most of its quote stage."""
    if len({u.article for u in units}) == 1:
        # Units of one article never render one utterance (``_never_same``): each is a group
        # of its own, the grouping's answer, with no embedding and no (n, n) matrix. A story
        # of one page is the usual case in a crawl, and one such page (5 MB of text on one
        # line) gave 30,000 units whose matrices took all 24 GB of this machine.
        return [[i] for i in range(len(units))]
    # One embedding batch per story: a vector then does not depend on the other stories
    # in the run (batch shape moves the last bits), so both engines cluster alike.
    parts = (code_digest(_GROUPING_MODULES),
             *(json.dumps([u.id, u.article, u.text, u.speaker], ensure_ascii=False) for u in units))
    return cached(cache, "quotes.groups", parts, lambda: _story_clusters(units, embed([u.text for u in units])))


def cluster_quotes(quotes: Sequence[Quote], articles: Sequence[Article], stories: Sequence[Story],
                   cache: Cache | None = None) -> tuple[list[Quote], list[QuoteCluster]]:
    """Cut ``quotes`` into pieces (``utterance_units``) and group, within each story, the
    pieces of different articles that render the same utterance.

    Returns ``(quotes, clusters)``: each quote whole, with its ``pieces`` (each with its
    ``cluster``) and ``cluster`` set to the largest of its pieces' clusters (the first piece's
    on a tie); every cluster lists the ids of the quotes with a piece in it (singletons
    included). A quote of an article in no story is clustered with its article's other
    quotes only. Cluster ids are ``qc-<first piece id>`` (a piece id is the quote id, with
    ``.<k>`` when the quote has several pieces); a cluster's speaker is its most common
    speaker. A story's grouping goes through ``cache`` (``_cached_story_clusters``).
    Empty input gives ``([], [])``.
    """
    by_id = {a.id: a for a in articles}
    pieces = [utterance_units(q, by_id[q.article]) if q.article in by_id
              else (list(q.pieces) or [QuotePiece(q.span, q.text)]) for q in quotes]
    units, owner = [], []
    for n, (q, ps) in enumerate(zip(quotes, pieces)):
        body = by_id[q.article].body if q.article in by_id else ""
        for u in _unit_quotes(q, ps, body):
            units.append(u)
            owner.append(n)
    if not units:
        return [], []
    story_of = {aid: s.id for s in stories for aid in s.articles}
    groups: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        groups.setdefault(story_of.get(u.article, f"article:{u.article}"), []).append(i)
    with blas_threads():  # many small cosine matrices: see nlp.blas_threads
        assigned, clusters = _cluster_groups(units, groups, cache)
    size = {c.id: len(c.quotes) for c in clusters}
    unit_owner = {u.id: quotes[n].id for u, n in zip(units, owner)}
    clusters = [QuoteCluster(c.id, c.speaker, tuple(dict.fromkeys(unit_owner[u] for u in c.quotes)))
                for c in clusters]
    out, i = [], 0
    for q, ps in zip(quotes, pieces):
        labelled = tuple(QuotePiece(p.span, p.text, assigned[i + k]) for k, p in enumerate(ps))
        i += len(ps)
        main = max(labelled, key=lambda p: size[p.cluster]).cluster  # max keeps the first of equals
        out.append(Quote(q.id, q.article, q.speaker, q.cue, q.text, q.kind, q.span, main, labelled))
    return out, clusters


def _cluster_groups(units: list[Quote], groups: dict[str, list[int]],
                    cache: Cache | None = None) -> tuple[dict[int, str], list[QuoteCluster]]:
    """Each unit's cluster id, and the clusters (listing unit ids)."""
    assigned: dict[int, str] = {}
    clusters: list[QuoteCluster] = []
    for members in groups.values():
        for group in _cached_story_clusters([units[i] for i in members], cache):
            idx = sorted(members[g] for g in group)
            cid = f"qc-{units[idx[0]].id}"
            speakers = [units[i].speaker for i in idx if units[i].speaker]
            speaker = max(speakers, key=lambda s: (speakers.count(s), len(s))) if speakers else None
            clusters.append(QuoteCluster(id=cid, speaker=speaker, quotes=tuple(units[i].id for i in idx)))
            assigned.update({i: cid for i in idx})
    return assigned, clusters


# -- word diff --------------------------------------------------------------------------------
def diff_words(a: str, b: str) -> list[tuple[str, str, str]]:
    """Word-level differences between two renderings of one utterance, for the variant view.

    Returns ``(op, a_words, b_words)`` triples in reading order, ``op`` one of ``"equal"``,
    ``"replace"``, ``"delete"`` (words only in ``a``; ``b_words`` is ``""``) and ``"insert"``
    (words only in ``b``; ``a_words`` is ``""``). Words are compared case- and
    punctuation-insensitively but returned as written. ``diff_words("", "")`` is ``[]``.
    """
    wa, wb = a.split(), b.split()
    key = lambda w: "".join(_WORD.findall(w.lower())) or w  # noqa: E731
    matcher = difflib.SequenceMatcher(None, [key(w) for w in wa], [key(w) for w in wb], autojunk=False)
    return [(op, " ".join(wa[i1:i2]), " ".join(wb[j1:j2])) for op, i1, i2, j1, j2 in matcher.get_opcodes()]
