"""Word runs and the monotonic sentence alignment."""

import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra.numpy import arrays

from retold.reuse.align import align_sentences, align_words, anchor_band


@pytest.mark.parametrize(
    "a, b, min_run, runs",
    [
        ("a b c d e f".split(), "x a b c d e f y".split(), 3, [(0, 1, 6)]),
        ("a b c x d e f".split(), "a b c y d e f".split(), 3, [(0, 0, 3), (4, 4, 3)]),
        ("a b c x d e f".split(), "a b c y d e f".split(), 4, []),
        ([], "a b".split(), 1, []),
    ],
)
def test_align_words_runs(a, b, min_run, runs):
    assert align_words(a, b, min_run) == runs


@given(st.lists(st.sampled_from("abc"), max_size=40), st.lists(st.sampled_from("abc"), max_size=40),
       st.integers(1, 6))
def test_align_words_is_difflibs_long_blocks(a, b, min_run):
    # The shared-run check before difflib only skips pairs that cannot have a long block.
    from difflib import SequenceMatcher

    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if a and b else []
    assert align_words(a, b, min_run) == [(m.a, m.b, m.size) for m in blocks if m.size >= min_run]


@given(st.lists(st.sampled_from("abcd"), max_size=60), st.lists(st.sampled_from("abcd"), max_size=60),
       st.integers(1, 6))
def test_align_words_anchored_runs_are_shared_in_order_and_not_crossing(a, b, min_run):
    from retold.reuse.align import _anchored_runs

    runs = _anchored_runs(a, b, min_run)
    assert all(n >= min_run and a[i:i + n] == b[j:j + n] for i, j, n in runs)
    assert all(i1 + n1 <= i2 and j1 + n1 <= j2 for (i1, j1, n1), (i2, j2, _) in zip(runs, runs[1:]))
    if a and min_run <= len(a):  # a copy with words around it is one run
        assert _anchored_runs(a, ["x", *a, "y"], min_run) == [(0, 1, len(a))]


def test_align_words_long_texts_go_by_anchors_not_difflib(monkeypatch):
    """Over EXACT_ALIGN_WORDS words difflib's time grows with the square of a text made of few
    words (two copies of 170,000 words of word soup: 210 s); anchors take one pass."""
    import random

    import retold.reuse.align as align

    pick = random.Random(0)
    soup = [pick.choice("news report minister said today city council vote".split())
            for _ in range(align.EXACT_ALIGN_WORDS + 1)]
    monkeypatch.setattr(align, "SequenceMatcher", lambda *args, **kwargs: pytest.fail("difflib on a long text"))
    assert align.align_words(soup, ["copy", *soup]) == [(0, 1, len(soup))]
    middle = soup[5000:9000]
    assert align.align_words(["intro", *middle, "outro"], soup) == [(1, 5000, len(middle))]


@pytest.mark.parametrize(
    "scores, pairs",
    [
        (np.eye(3), [(0, 0), (1, 1), (2, 2)]),
        # Crossing pairs: only one of (0, 1) and (1, 0) can be kept, the better one.
        (np.array([[0.1, 0.9], [0.8, 0.1]]), [(0, 1)]),
        # Gaps are free: sentence 1 of the first article has no counterpart.
        (np.array([[0.9, 0.0], [0.0, 0.0], [0.0, 0.95]]), [(0, 0), (2, 1)]),
        (np.full((2, 2), 0.4), []),
        (np.zeros((0, 3)), []),
    ],
)
def test_align_sentences_monotonic(scores, pairs):
    assert align_sentences(scores, 0.5) == pairs


@given(arrays(np.float64, st.tuples(st.integers(0, 7), st.integers(0, 7)), elements=st.floats(0, 1)))
def test_align_sentences_properties(scores):
    pairs = align_sentences(scores, 0.5)
    assert all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in zip(pairs, pairs[1:]))
    assert all(scores[i, j] > 0.5 for i, j in pairs)
    # Never worse than the best single pair.
    best_single = max([s - 0.5 for s in scores.flat if s > 0.5], default=0.0)
    assert sum(scores[i, j] - 0.5 for i, j in pairs) >= best_single - 1e-9


@pytest.mark.parametrize(
    "shape, anchors, rows",
    [
        ((3, 4), [(0, 1)], [[0, 1, 2], [1, 2, 3], [2, 3]]),
        ((2, 2), [], [[], []]),
        ((0, 0), [(0, 0)], []),
    ],
)
def test_align_anchor_band(shape, anchors, rows):
    band = anchor_band(shape, anchors)
    assert [list(np.nonzero(r)[0]) for r in band] == rows
