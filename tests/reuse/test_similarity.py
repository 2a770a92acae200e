"""The sentence-level same-content decision (features, probability) and its MSRP floor."""

import pytest

from retold.eval.paraphrase import evaluate, features, load_pairs
from retold.reuse.similarity import IDEOGRAPHS_PER_WORD, SAME_CONTENT_PROBABILITY, length_in_words, pair_features, \
    same_content_probability, words


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("the cat sat", "the cat sat", [1.0, 1.0, 1.0, 1.0, 1.0]),
        ("the cat sat on 3 mats", "a dog ran", [0.5, 0.0, 0.0, 0.5, 0.0]),
        ("", "", [0.0, 0.0, 0.0, 0.0, 1.0]),
    ],
)
def test_similarity_pair_features(a, b, expected):
    assert pair_features(expected[0], words(a), words(b)) == pytest.approx(expected)


@pytest.mark.parametrize("jaccard", [0.0, 0.5, 1.0])
def test_similarity_probability_rises_with_cosine(jaccard):
    low = same_content_probability([0.3, jaccard, jaccard, 0.8, 1.0])
    high = same_content_probability([0.9, jaccard, jaccard, 0.8, 1.0])
    assert 0.0 <= low < high <= 1.0


def test_similarity_msrp_sample_floor(shared_dir):
    """The shipped model on the first 100 MSRP pairs: F1 at least 0.80."""
    a, b, y = load_pairs(shared_dir / "eval" / "paraphrase" / "msrp-train.jsonl", limit=100)
    predicted = [same_content_probability(row) >= SAME_CONTENT_PROBABILITY for row in features(a, b)]
    tp = sum(p and t for p, t in zip(predicted, y))
    f1 = 2 * tp / (sum(predicted) + sum(y))
    assert f1 >= 0.80


@pytest.mark.slow
def test_similarity_msrp_cross_validated_floor(shared_dir):
    result = evaluate(shared_dir / "eval" / "paraphrase" / "msrp-train.jsonl")
    assert result["cv_f1"] >= 0.80


def test_similarity_words_split_ideographs_one_a_token():
    """Chinese and Japanese have no spaces: a ``\\w+`` run would be a whole clause."""
    assert words("在 Panjagutta 警察局外, naïve café 2020年 カナ") == \
        ["在", "panjagutta", "警", "察", "局", "外", "naïve", "café", "2020", "年", "カ", "ナ"]


def test_similarity_length_in_words_counts_ideographs_as_part_words():
    assert length_in_words(["the", "cat"]) == 2
    assert length_in_words(words("警察局外")) == pytest.approx(4 / IDEOGRAPHS_PER_WORD)
    assert length_in_words([]) == 0
