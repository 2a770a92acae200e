from hypothesis import given, strategies as st
import numpy as np
import pytest

from retold.clean.features import blocks, feature_names, line_features


def test_features_empty_input():
    assert line_features([]).shape == (0, len(feature_names()))
    assert blocks("") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a\n\nb\n  \nc", [(0, "a"), (2, "b"), (4, "c")]), ("\n\n", []), ("one", [(0, "one")])],
)
def test_features_blocks(text, expected):
    assert blocks(text) == expected


@given(st.text(max_size=500))
def test_features_one_finite_row_per_block(text):
    numbered = blocks(text)
    matrix = line_features(numbered)
    assert matrix.shape == (len(numbered), len(feature_names()))
    assert np.isfinite(matrix).all()
