"""How likely two articles report the same event, from three pieces of evidence:

- ``body``: cosine of the whole texts, the wording: half TF-IDF (words and word pairs,
  IDF learnt from the batch), half words weighted by their rarity in the language at
  large (``specificity``; see ``SPECIFICITY_SHARE``);
- ``lede``: TF-IDF cosine of headline + first lines, where the event itself is told;
- ``names``: how many of each article's salient names (people, places, organisations)
  the other article mentions at all, averaged over both directions. Two events of
  one kind share their topic words but not their people and places (Klitschko beat
  Rahman in Mannheim; Klitschko beat Thompson in Bern).

These are combined by a logistic model (``WEIGHTS``, ``BIAS``). Time rules a pair out:
two dated articles more than ``EVENT_WINDOW_DAYS`` apart report different events,
however alike their wording (pages of one site share their furniture and vocabulary
for years; one event is reported within days). A near-copy is the exception: it rides
with its original's story (``near_duplicate_of``, within ``DATE_WINDOW_DAYS``). Two pages
of one site are at most ``SAME_SITE_MAX`` likely on their own evidence (see there).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Callable, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from retold.fingerprint import cached, code_digest
from retold.model import Cache
from retold.stories.dates import days_apart, parse_iso
from retold.stories.features import ArticleFeatures, mentioned_keys
from retold.stories.specificity import specificity_matrix

# Logistic weights for (body, lede, names) cosines and the bias. Fitted with
# scikit-learn LogisticRegression (C=10, class_weight="balanced") on all article
# pairs of ECB+ dev (topics 1-35). Two-fold cross-validation over topics (fit on
# 1-17, test on 18-35 and back) fits body 16.4/16.7, lede 14.0/17.5, names 8.2/4.4,
# bias -5.5/-4.4, thresholds 0.90/0.92, CV B-cubed F1 0.9386/0.9262 (mean 0.932; 0.926
# with TF-IDF alone as ``body``), with the names guard on topic cuts
# (``cluster.SPLIT_MAX_SHARED_NAMES``); these are the fit on all of dev:
# see ``retold.eval.stories.fit_parameters`` (``retold eval stories`` prints them).
WEIGHTS = np.array([21.54, 20.24, 5.26])
BIAS = -5.03
# The share of the ``body`` cosine given by words' rarity in the language
# (``specificity``), the rest by batch TF-IDF. Batch IDF alone makes a crawl's topic
# words "rare" (four US-China trade pieces share tariff, Beijing, negotiators);
# language-level rarity alone loses inflected and mistranslated words' matches (SemEval
# pl, de pairs). Each share refitted on ECB+ dev (weights and threshold) and run on the
# dev sets (crawl pairwise P / ECB+ B-cubed F1 / SemEval very similar, very dissimilar
# joined / METER B-cubed F1): 0 (batch TF-IDF only, until now) 0.484 / 0.927 / 0.848,
# 0.125 / 0.987; 0.3: 0.489 / 0.932 / 0.854, 0.121 / 0.985; 0.5: 0.554 / 0.929 / 0.861,
# 0.108 / 0.985; 0.7: 0.554 / 0.927 / 0.835, 0.105 / 0.984; 1: 0.582 / 0.930 / 0.791,
# 0.082 / 0.988 (words split at apostrophes then; with ``specificity``'s words as they are
# now, 0.5 gives 0.554 / 0.928 / 0.854, 0.105 / 0.985).
SPECIFICITY_SHARE = 0.5
# Near-copies further apart than this are not copies of one report (anchor dates come
# from ``Article.published`` only: see ``retold.stories.dates``): a yearly notice reworded
# from last year's, the seeds' "same minister on NATO" events 955 days apart. Within it a
# republished copy rides with its original's story, however late it was reposted. (Until
# EVENT_WINDOW_DAYS below, this was also the window for any pair: ECB+ counts a shooting
# and its trial two years on as one event, but a crawl is not ECB+.)
DATE_WINDOW_DAYS = 730
# Dated articles further apart than this are not one event (both dates known; an undated
# article is never ruled out by time). Reports of one event cluster within days of it:
# on the 181 pages of a real crawl (scrapinghub-events) every pair of one event lies at
# most 1 day apart, while 14 of the 35 wrongly joined groups of the ECB+-fitted model
# spanned 8 to 460 days, nearly all pages of one site or blog (a shop's two reviews,
# two posts of one blog, a company's two press releases). A week leaves room for late
# reports, weekly papers and a date read a few days off. ECB+ and SemEval carry no
# dates, so their figures do not depend on it; METER's PA takes of one story share a day.
EVENT_WINDOW_DAYS = 7
# Two pages of one site (same registered domain; without URLs, same outlet name:
# ``clean.metadata.same_site``, as reuse asks it) are at most this likely one event on their own evidence:
# the topic level (``cluster.TOPIC_THRESHOLD``), never the merge level. What they share is
# in good part the site's: its beat, its house vocabulary, its furniture. On the 181
# crawl pages no event has two pages of one site, while pairs of one site held wrong
# groups together (two SlashGear car reveals, two Paradigm senate reports, ScienceAlert's
# Europa and Titan, two theatre blog posts, two 9to5Mac deal lists in a group of five):
# wrongly joined pairs 63 -> 49, pairwise P 0.422 -> 0.484 at R 1.000 (scaling such pairs
# by 0.9 instead: 0.469). METER dev stories, whose PA takes are one outlet: B-cubed
# 0.982 -> 0.987 (the takes are joined by their catchline, ``retold.stories.wire``).
# ECB+ and SemEval carry no sites: unchanged. Known cost: two reports of one event by one
# outlet (a story and its follow-up) stay apart unless one is a near-copy of the other.
SAME_SITE_MAX = 0.5
# A lede holding fewer terms of the vocabulary than this is no lede evidence (its cosine
# is 0). A lede in a script the word pattern does not split (Japanese, Chinese, Thai: a
# run of characters is one "word", seen once, not in the vocabulary) is read as the one
# or two Latin words it holds, and its unit vector is then that word: a Japanese page on
# a jailbroken iPhone ("app") and a German report on the Corona-Warn-App had lede cosine
# 0.36 and same-event probability 0.97 in the mixed stream of the dev sets. Of its 3,312
# ledes, 2 (both Japanese) hold fewer than 3 terms, 12 fewer than 8.
MIN_LEDE_TERMS = 3
# IDF is learnt from at most this many articles, picked by a hash of their id, so a
# 77k-article store does not pay for fitting on every text, and an incremental run
# sees (nearly) the same weights as the full run.
IDF_SAMPLE = 3000
# Texts this alike (estimated Jaccard of word 3-grams in their first characters) count
# once when learning IDF. 0.5: copies that lost or changed a paragraph still match,
# two reports of one event in their own words (Jaccard well under 0.3) never do.
DUPLICATE_JACCARD = 0.5
DUPLICATE_CHARS = 1500
_NUM_PERM = 64
_WORD = re.compile(r"\w+")
# Pairs scored at once by ``score_pairs``: each pair copies two sparse rows, and 2.3M
# pairs at once (77k articles x 30 neighbours) took 9 GB.
_PAIR_CHUNK = 20000
_VECTORIZER_ARGS = dict(sublinear_tf=True, stop_words="english", ngram_range=(1, 2), dtype=np.float32)


def idf_sample(texts: Sequence[str], ids: Sequence[str], limit: int = IDF_SAMPLE,
               signature: Callable[[int], Any] | None = None) -> list[int]:
    """Indices of at most ``limit`` texts to learn IDF from: picked by a hash of their
    id (so a store and its later increments pick nearly the same), near-copies dropped.

    ``signature`` gives ``texts[k]``'s ``duplicate_signature`` (``duplicate_signatures``).

    Why drop copies: republished copies (wire stories, syndication) turn every word of
    the original into a "shared" word, so min_df no longer drops one-article words and
    their IDF swamps what articles of one event share. Measured on ECB+ dev doubled
    with perturbed copies: 167 stories and B-cubed 0.82 without this, see bench/.
    """
    if len(texts) <= limit:
        chosen = list(range(len(texts)))
    else:
        order = sorted(range(len(ids)), key=lambda i: hashlib.sha1(ids[i].encode("utf-8")).digest())
        chosen = sorted(order[:limit])
    original = near_duplicate_of(texts, chosen, signature=signature)
    return [k for k in chosen if original[k] == k]


def near_duplicate_of(texts: Sequence[str], order: Sequence[int], anchors: Sequence[str | None] | None = None,
                      signature: Callable[[int], Any] | None = None) -> dict[int, int]:
    """For each index in ``order``: the index of the first earlier text it nearly copies
    (estimated Jaccard of word 3-grams >= ``DUPLICATE_JACCARD``), else itself.

    Texts whose ``anchors`` (ISO dates) lie more than ``DATE_WINDOW_DAYS``
    apart are not copies (a yearly notice reworded from last year's). MinHash LSH
    (datasketch), so the cost is linear in the texts. ``signature`` gives ``texts[k]``'s
    ``duplicate_signature`` (default: computed here).
    """
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=DUPLICATE_JACCARD, num_perm=_NUM_PERM)
    original: dict[int, int] = {}
    for k in order:
        sig = signature(k) if signature is not None else duplicate_signature(texts[k])
        hits = [int(h) for h in lsh.query(sig)]
        if anchors is not None:
            hits = [h for h in hits if not (days_apart(anchors[k], anchors[h]) or 0) > DATE_WINDOW_DAYS]
        original[k] = min(hits) if hits else k
        if not hits:
            lsh.insert(str(k), sig)
    return original


def duplicate_signature(text: str):
    """The datasketch MinHash ``near_duplicate_of`` compares: word 3-grams of the first
    ``DUPLICATE_CHARS`` characters, ``_NUM_PERM`` permutations, seed 1."""
    from datasketch import MinHash

    words = _WORD.findall(text[:DUPLICATE_CHARS].lower())
    shingles = {" ".join(words[i : i + 3]).encode("utf-8") for i in range(max(1, len(words) - 2))}
    template = _duplicate_template()
    sig = MinHash(num_perm=_NUM_PERM, seed=1, permutations=template.permutations, scheme=template.scheme)
    sig.update_batch(list(shingles))
    return sig


def duplicate_signatures(texts: Sequence[str], cache: Cache | None = None) -> Callable[[int], Any]:
    """``k -> duplicate_signature(texts[k])``, each computed once per call of this and kept
    in ``cache`` by a hash of the text it reads (an incremental run reads them back)."""
    memo: dict[int, Any] = {}

    def signature(k: int):
        if k not in memo:
            memo[k] = _cached_signature(texts[k], cache)
        return memo[k]

    return signature


def _cached_signature(text: str, cache: Cache | None):
    from datasketch import MinHash

    def decode(blob: bytes):
        template = _duplicate_template()
        return MinHash(num_perm=_NUM_PERM, seed=1, permutations=template.permutations, scheme=template.scheme,
                       hashvalues=np.frombuffer(blob, dtype=np.uint64).copy())

    # Keyed by what the signature reads and by this module's code (the shingling and
    # the permutations' count and seed live here).
    return cached(cache, "stories.duplicate", (code_digest(("retold.stories.similarity",)), text[:DUPLICATE_CHARS]),
                  lambda: duplicate_signature(text),
                  lambda sig: np.ascontiguousarray(sig.hashvalues, dtype=np.uint64).tobytes(), decode)


@cache
def _duplicate_template():
    from datasketch import MinHash

    return MinHash(num_perm=_NUM_PERM, seed=1)  # permutations drawn once, not per text


def fit_idf(idf_texts: Sequence[str], idf_ledes: Sequence[str]) -> tuple[TfidfVectorizer, TfidfVectorizer]:
    """The (body, lede) TF-IDF vectorizers learnt from an IDF sample (see ``idf_sample``).
    Fitted once per run; the Spark engine broadcasts them to every executor."""
    return _fit_vectorizer(list(idf_texts)), _fit_vectorizer(list(idf_ledes))


def _fit_vectorizer(texts: list[str]) -> TfidfVectorizer:
    # min_df=2 drops words seen once (typos, page furniture); it cannot apply to tiny batches.
    min_df = 2 if len(texts) >= 20 else 1
    vectorizer = TfidfVectorizer(min_df=min_df, **_VECTORIZER_ARGS)
    try:
        vectorizer.fit(texts)
    except ValueError:  # every text empty or stop words only: fall back to keeping everything
        vectorizer = TfidfVectorizer(min_df=1, **{**_VECTORIZER_ARGS, "stop_words": None}).fit(texts + ["placeholder"])
    return vectorizer


@dataclass
class PairEvidence:
    """The vectors pair scores are computed from, for a fixed list of articles (rows)."""

    body: sparse.csr_matrix  # whole texts: TF-IDF and specificity rows side by side (``body_matrix``)
    lede: sparse.csr_matrix  # L2-normalised TF-IDF of ledes
    salient: sparse.csr_matrix  # row i: 1 for each salient name of article i, scaled by 1/count
    present: sparse.csr_matrix  # row j: 1 for each salient name (of any article) that article j mentions
    anchors: np.ndarray  # anchor date as days since epoch, NaN when unknown
    # Per row, codes of its registered domain and of its outlet name (-1: unknown); None
    # when the articles' sites are not given (``SAME_SITE_MAX`` then never applies).
    domains: np.ndarray | None = None
    outlets: np.ndarray | None = None


def build_evidence(texts: Sequence[str], features: Sequence[ArticleFeatures], idf_texts: Sequence[str] = (),
                   idf_ledes: Sequence[str] = (),
                   fitted: tuple[TfidfVectorizer, TfidfVectorizer] | None = None,
                   sites: Sequence[tuple] | None = None,
                   languages: Sequence[str | None] | None = None) -> PairEvidence:
    """Vectors for ``texts`` (with their ``features``), IDF learnt from ``idf_texts``/``idf_ledes``
    or taken from ``fitted`` (``fit_idf``'s result); ``sites``: each text's (registered
    domain, outlet) from ``clean.metadata.site_of``, for ``SAME_SITE_MAX``; ``languages``:
    each text's ``Article.language``, for the word weights of ``specificity`` (None, or a
    None in it: the language is read from the text)."""
    body_vectorizer, lede_vectorizer = fitted if fitted is not None else fit_idf(idf_texts, idf_ledes)
    body = body_matrix(body_vectorizer.transform(texts),
                       specificity_matrix(texts, languages if languages is not None else [None] * len(texts)))
    lede = unread_rows_zeroed(lede_vectorizer.transform([f.lede for f in features]), MIN_LEDE_TERMS)
    vocab = {key: k for k, key in enumerate(sorted({key for f in features for key in f.salient}))}
    rows, cols, vals = [], [], []
    for i, f in enumerate(features):
        for key in f.salient:
            rows.append(i), cols.append(vocab[key]), vals.append(1.0 / len(f.salient))
    salient = sparse.csr_matrix((vals, (rows, cols)), shape=(len(features), max(len(vocab), 1)), dtype=np.float32)
    prows, pcols = [], []
    keys, first_tokens = set(vocab), {k.split()[0] for k in vocab}
    for j, text in enumerate(texts):
        for k in sorted(mentioned_keys(text, keys, first_tokens)):
            prows.append(j), pcols.append(vocab[k])
    present = sparse.csr_matrix((np.ones(len(prows), dtype=np.float32), (prows, pcols)), shape=salient.shape)
    anchors = np.array([_epoch_days(f.anchor) for f in features], dtype=np.float64)
    domains = outlets = None
    if sites is not None:
        domains, outlets = (_codes([site[k] for site in sites]) for k in (0, 1))
    return PairEvidence(body.tocsr(), lede.tocsr(), salient, present, anchors, domains, outlets)


def unread_rows_zeroed(matrix: sparse.spmatrix, min_terms: int) -> sparse.csr_matrix:
    """``matrix`` (CSR rows) with every row of fewer than ``min_terms`` stored terms set to
    zero: see ``MIN_LEDE_TERMS``."""
    matrix = sparse.csr_matrix(matrix)
    short = np.diff(matrix.indptr) < min_terms
    if short.any():
        matrix = sparse.diags((~short).astype(matrix.dtype)) @ matrix
        matrix.eliminate_zeros()
    return matrix


def body_matrix(tfidf: sparse.spmatrix, specific: sparse.spmatrix) -> sparse.csr_matrix:
    """Rows whose dot product is ``(1 - SPECIFICITY_SHARE)`` times the TF-IDF cosine plus
    ``SPECIFICITY_SHARE`` times the specificity cosine (both inputs L2-normalised), so the
    clustering's cuts and neighbour index read the same wording evidence as the scores."""
    return sparse.hstack([tfidf * np.float32(np.sqrt(1 - SPECIFICITY_SHARE)),
                          specific * np.float32(np.sqrt(SPECIFICITY_SHARE))], format="csr", dtype=np.float32)


def row_products(first: sparse.spmatrix, second: sparse.spmatrix) -> np.ndarray:
    """``first @ second.T`` as a dense array, for CSR rows of one column space.

    Why not the product itself: SciPy turns ``second.T`` into CSR at a cost of the column
    count, the whole vocabulary (words, word pairs and ``specificity``'s words: hundreds
    of thousands), for every block the stories stage scores. Renumbering the columns the
    rows use, in their order, keeps each row's terms in the same order, so the sums are
    added in the same order and equal the product's to the bit. On the 10,000-article
    bench store the stories stage made 5,072 such products (2 s of 17 s).
    """
    first, second = sparse.csr_matrix(first), sparse.csr_matrix(second)
    used, position = np.unique(np.concatenate([first.indices, second.indices]), return_inverse=True)
    split = len(first.indices)
    compact = [sparse.csr_matrix((m.data, position[a:b], m.indptr), shape=(m.shape[0], len(used)))
               for m, (a, b) in ((first, (0, split)), (second, (split, len(position))))]
    return (compact[0] @ compact[1].T).toarray()


def _codes(values: Sequence) -> np.ndarray:
    index: dict = {}
    return np.array([-1 if v is None else index.setdefault(v, len(index)) for v in values], dtype=np.int64)


def _same_site(ev: PairEvidence, rows: np.ndarray, cols: np.ndarray) -> np.ndarray | None:
    """Whether each (rows[k], cols[k]) pair (broadcast as given) is two pages of one site,
    as ``clean.metadata.same_site`` says (here over codes); None without sites."""
    if ev.domains is None or ev.outlets is None:
        return None
    da, db, oa, ob = ev.domains[rows], ev.domains[cols], ev.outlets[rows], ev.outlets[cols]
    both_domains = (da >= 0) & (db >= 0)
    return np.where(both_domains, da == db, (oa >= 0) & (oa == ob)) & (rows != cols)


def _epoch_days(value: str | None) -> float:
    d = parse_iso(value)
    return float(d.toordinal()) if d is not None else np.nan


def _combine(body, lede, names, gap, same_site=None) -> np.ndarray:
    z = WEIGHTS[0] * body + WEIGHTS[1] * lede + WEIGHTS[2] * names + BIAS
    prob = 1.0 / (1.0 + np.exp(-z))
    prob[gap > EVENT_WINDOW_DAYS] = 0.0  # NaN (unknown) compares False: no ruling without both dates
    if same_site is not None:
        prob[same_site] = np.minimum(prob[same_site], SAME_SITE_MAX)
    return prob


def score_block(ev: PairEvidence, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Same-event probability for every (rows[a], cols[b]) pair, shape ``(len(rows), len(cols))``."""
    return scored_block(ev, rows, cols)[0]


def scored_block(ev: PairEvidence, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(score_block, names_block)`` of the same pairs, the names computed once for both
    (the two-level clustering reads them again to guard its cuts)."""
    body = row_products(ev.body[rows], ev.body[cols])
    lede = row_products(ev.lede[rows], ev.lede[cols])
    names = names_block(ev, rows, cols)
    gap = np.abs(ev.anchors[rows][:, None] - ev.anchors[cols][None, :])
    same_site = _same_site(ev, np.asarray(rows)[:, None], np.asarray(cols)[None, :])
    return _combine(body, lede, names, gap, same_site), names


def names_block(ev: PairEvidence, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The ``names`` evidence for every (rows[a], cols[b]) pair: the share of each one's
    salient names the other mentions, averaged over both directions."""
    names_rc = row_products(ev.salient[rows], ev.present[cols])
    names_cr = row_products(ev.present[rows], ev.salient[cols])
    return (names_rc + names_cr) / 2


def score_pairs(ev: PairEvidence, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Same-event probability of each pair ``(i[k], j[k])``, shape ``(len(i),)``."""
    return np.concatenate([_score_pair_chunk(ev, i[s : s + _PAIR_CHUNK], j[s : s + _PAIR_CHUNK])
                           for s in range(0, len(i), _PAIR_CHUNK)] or [np.zeros(0)])


def _score_pair_chunk(ev: PairEvidence, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    def rowdot(a, b):
        return np.asarray(a[i].multiply(b[j]).sum(axis=1)).ravel()

    names = (rowdot(ev.salient, ev.present) + rowdot(ev.present, ev.salient)) / 2
    gap = np.abs(ev.anchors[i] - ev.anchors[j])
    return _combine(rowdot(ev.body, ev.body), rowdot(ev.lede, ev.lede), names, gap, _same_site(ev, i, j))


def pair_evidence_matrix(ev: PairEvidence, idx: np.ndarray) -> np.ndarray:
    """The three raw cosines (body, lede, names) and the date gap for all pairs in ``idx``,
    shape ``(len(idx), len(idx), 4)``; used to fit ``WEIGHTS``."""
    body = (ev.body[idx] @ ev.body[idx].T).toarray()
    lede = (ev.lede[idx] @ ev.lede[idx].T).toarray()
    names_rc = (ev.salient[idx] @ ev.present[idx].T).toarray()
    names = (names_rc + names_rc.T) / 2
    gap = np.abs(ev.anchors[idx][:, None] - ev.anchors[idx][None, :])
    return np.stack([body, lede, names, gap], axis=-1)
