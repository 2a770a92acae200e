from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from retold.stories.features import ArticleFeatures, mentioned_keys, text_ngrams
from retold.stories.similarity import (
    EVENT_WINDOW_DAYS,
    build_evidence,
    idf_sample,
    near_duplicate_of,
    pair_evidence_matrix,
    score_block,
    score_pairs,
)

TEXTS = [
    "Wladimir Klitschko stopped Hasim Rahman in the seventh round in Mannheim, Germany.",
    "Klitschko retained his titles against Rahman in Mannheim on Saturday night.",
    "Wladimir Klitschko stopped Tony Thompson in the sixth round in Bern, Switzerland.",
    "A magnitude 6.1 earthquake struck Qeshm island off southern Iran on Sunday.",
]
SALIENT = [("germany", "klitschko", "mannheim", "rahman"), ("klitschko", "mannheim", "rahman"),
           ("bern", "klitschko", "switzerland", "thompson"), ("iran", "qeshm")]


def _evidence(anchors=(None, None, None, None)):
    feats = [ArticleFeatures(str(i), s, a, t[:60]) for i, (s, a, t) in enumerate(zip(SALIENT, anchors, TEXTS))]
    return build_evidence(TEXTS, feats, TEXTS, [f.lede for f in feats])


def test_similarity_pairs_match_block():
    ev = _evidence()
    block = score_block(ev, np.arange(4), np.arange(4))
    i, j = np.triu_indices(4, 1)
    assert np.allclose(score_pairs(ev, i, j), block[i, j])
    assert score_pairs(ev, np.array([], dtype=int), np.array([], dtype=int)).shape == (0,)


def test_similarity_names_tell_same_event_from_same_kind():
    # On four one-line texts the wording cannot (IDF from 4 texts); the names must.
    names = pair_evidence_matrix(_evidence(), np.arange(4))[..., 2]
    assert names[0, 1] > names[0, 2] > names[0, 3] == 0.0
    block = score_block(_evidence(), np.arange(4), np.arange(4))
    assert min(block[0, 1], block[0, 2]) > block[0, 3]


def test_similarity_date_gap_rules_a_pair_out():
    block = score_block(_evidence(("2008-12-13", "2012-07-07", None, None)), np.arange(4), np.arange(4))
    assert block[0, 1] == 0.0


@pytest.mark.parametrize("second,ruled_out", [
    ("2019-11-18", False), ("2019-11-25", False), ("2019-11-26", True), ("2020-02-01", True), (None, False),
])
def test_similarity_event_window_on_dated_pairs(second, ruled_out):
    # EVENT_WINDOW_DAYS (7) days apart is still one event; a day more is not; undated is never ruled out
    assert EVENT_WINDOW_DAYS == 7
    block = score_block(_evidence(("2019-11-18", second, None, None)), np.arange(4), np.arange(4))
    assert bool(block[0, 1] == 0.0) is ruled_out
    assert block[0, 1] == block[1, 0]


@pytest.mark.parametrize("anchors,expected", [
    ((None, None, None), {0: 0, 1: 0, 2: 2}),
    (("2017-04-27", "2019-12-08", None), {0: 0, 1: 1, 2: 2}),
])
def test_similarity_near_duplicates(anchors, expected):
    base = " ".join(f"word{i} spoke at length about topic{i % 7}" for i in range(60))
    texts = [base, base.replace("word3 ", "word3x "), "something else entirely " * 20]
    assert near_duplicate_of(texts, [0, 1, 2], anchors=list(anchors)) == expected
    assert near_duplicate_of([], []) == {}
    assert idf_sample([], []) == []


@given(st.text(alphabet=st.sampled_from(list("ab c.D")), max_size=80),
       st.lists(st.text(alphabet=st.sampled_from(list("abc ")), min_size=1, max_size=6), max_size=5))
@settings(max_examples=80)
def test_similarity_mentioned_keys_is_ngram_intersection(text, raw_keys):
    keys = {" ".join(k.split()) for k in raw_keys if k.split()}
    first = {k.split()[0] for k in keys}
    assert mentioned_keys(text, keys, first) == keys & text_ngrams(text)


def test_similarity_a_lede_the_word_pattern_cannot_read_is_no_evidence():
    """A Japanese lede is, to the word pattern, one run of characters per phrase (outside the
    vocabulary) and the Latin words it holds: its unit vector would be "app" alone, and any
    lede naming an app would match it (``MIN_LEDE_TERMS``)."""
    german = "Nichtnutzern der Corona-Warn-App drohen im Alltag Nachteile, warnen Datenschützer in Berlin."
    japanese = "商品の改造が商標法違反に。 App にない非公式アプリを販売した男性が逮捕された。"
    english = "Apple said the new app store rules start in Berlin next week, the company said."
    feats = [ArticleFeatures(str(i), (), None, t) for i, t in enumerate((german, japanese))]
    ev = build_evidence([german, japanese], feats, [german, english], [german, english])
    assert ev.lede[0].nnz >= 3 and ev.lede[1].nnz == 0
    assert (ev.lede[0] @ ev.lede[1].T).toarray()[0, 0] == 0.0
