import numpy as np
import pytest

from retold.clean.classifier import body_mask, body_probabilities, drop_isolated, load_model
from retold.clean.features import blocks


def test_classifier_empty_input():
    assert body_probabilities([]).shape == (0,)
    assert body_mask([]).shape == (0,)


@pytest.mark.parametrize(
    ("mask", "probs", "expected"),
    [
        ([1, 0, 1, 1, 0, 1], [0.5, 0.1, 0.9, 0.9, 0.1, 0.95], [0, 0, 1, 1, 0, 1]),  # lone and unsure: dropped
        ([0, 1, 0], [0.1, 0.5, 0.1], [0, 1, 0]),  # the page's only body block stays
        ([], [], []),
    ],
)
def test_classifier_drop_isolated(mask, probs, expected):
    out = drop_isolated(np.array(mask, dtype=bool), np.array(probs, dtype=float))
    assert out.tolist() == [bool(x) for x in expected]


def test_classifier_shipped_model_loads_once():
    assert load_model() is load_model()


def test_classifier_separates_prose_from_furniture():
    text = "\n\n".join(["Home", "World", "Sign in", "Subscribe", "Talks fail in Geneva as delegations walk out"] + [
        "The minister said on Tuesday that talks with the delegation had failed, and that a new round would follow.",
        "Officials from both sides declined to comment, but diplomats said a compromise remained possible this year.",
        "The talks are the first since the crisis began in the spring, when both sides recalled their ambassadors.",
    ] + ["Share this article", "© 2024 Example News. All rights reserved."])
    assert body_mask(blocks(text)).tolist() == [False] * 5 + [True] * 3 + [False] * 2
