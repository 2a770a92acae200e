"""The calibrated same-content decision."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retold.coverage.similarity import (content_words, min_cosine_for_match, pair_features,
                                        same_content_margin)


@pytest.mark.parametrize("text, language, expected", [
    ("", "en", frozenset()),
    ("The quake hit the town.", "en", frozenset({"quake", "hit", "town"})),
    ("El terremoto golpeó la ciudad.", "es", frozenset({"terremoto", "golpeó", "ciudad"})),
    ("The quake.", "zz", frozenset({"quake"})),  # unknown language: English stop words
])
def test_similarity_content_words(text, language, expected):
    assert content_words(text, language) == expected


@pytest.mark.parametrize("cosine, same", [(0.95, True), (0.9, True), (0.3, False), (0.5, False)])
def test_similarity_margin_sign(cosine, same):
    words = content_words("rescue teams search the rubble for survivors")
    other = content_words("crews dig through debris")
    assert (same_content_margin(pair_features(cosine, words, other)) > 0) is same


@settings(deadline=None)
@given(st.floats(-1.0, 1.0), st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.booleans())
def test_similarity_below_floor_never_matches(cosine, jaccard, containment, same_language):
    from retold.coverage.similarity import PairFeatures

    features = PairFeatures(cosine, jaccard, containment)
    if cosine < min_cosine_for_match():
        assert same_content_margin(features, same_language) <= 0


@settings(deadline=None)
@given(st.floats(-1.0, 0.99), st.booleans())
def test_similarity_margin_grows_with_cosine(cosine, same_language):
    words = frozenset({"quake", "town"})
    low = same_content_margin(pair_features(cosine, words, words), same_language)
    high = same_content_margin(pair_features(cosine + 0.01, words, words), same_language)
    assert high >= low


_WORD_SETS = st.lists(st.frozensets(st.sampled_from(["quake", "town", "rescue", "2006", "8", "17", "may"]),
                                    max_size=5), min_size=2, max_size=6)


@settings(deadline=None, max_examples=50)  # the machine is shared: time varies, results do not
@given(_WORD_SETS, st.data())
def test_similarity_batch_features_match_pair_features(words, data):
    import numpy as np

    from retold.coverage.similarity import batch_features, same_content_margins

    n = len(words)
    first = np.asarray(data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=8)))
    second = np.asarray(data.draw(st.lists(st.integers(0, n - 1), min_size=len(first), max_size=len(first))))
    cosine = np.linspace(0.3, 0.95, len(first))
    batch = batch_features(cosine, first, second, words)
    margins = same_content_margins(**batch, same_language=np.ones(len(first), dtype=bool))
    for k, (i, j) in enumerate(zip(first, second)):
        one = pair_features(cosine[k], words[i], words[j])
        assert batch["jaccard"][k] == pytest.approx(one.jaccard, abs=1e-6)
        assert batch["containment"][k] == pytest.approx(one.containment, abs=1e-6)
        assert batch["number_mismatch"][k] == pytest.approx(one.number_mismatch, abs=1e-6)
        assert margins[k] == pytest.approx(same_content_margin(one), abs=1e-5)
