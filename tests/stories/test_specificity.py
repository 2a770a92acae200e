import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from scipy import sparse

from retold.stories.similarity import SPECIFICITY_SHARE, body_matrix
from retold.stories.specificity import CEILING, specificity_matrix, word_weight, words


def test_word_weight_follows_rarity_in_the_language():
    assert word_weight("the", "en") == 0.0
    assert word_weight("government", "en") < word_weight("tariff", "en") < word_weight("bubonic", "en")
    assert word_weight("zzqxjv", "en") == CEILING  # in no list: as rare as can be


def test_word_weight_without_a_word_list_is_flat():
    assert word_weight("the", None) == CEILING
    assert word_weight("the", "xx") == CEILING


@given(st.text())
def test_words_are_lower_case_and_never_bare_digits(text):
    for word in words(text):
        assert word == word.lower()
        assert len(word) > 1
        assert not word.isdigit()


@given(st.lists(st.text(max_size=200), max_size=5))
def test_specificity_rows_are_unit_or_empty(texts):
    matrix = specificity_matrix(texts, ["en"] * len(texts))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    assert all(np.isclose(n, 1.0, atol=1e-5) or n == 0.0 for n in norms)


def test_a_shared_rare_word_counts_more_than_a_shared_common_one():
    # Plain term frequency would give both pairs 0.5.
    m = specificity_matrix(["bubonic government", "bubonic minister", "zoonotic government"], ["en"] * 3)
    cos = (m @ m.T).toarray()
    assert cos[0, 1] > cos[0, 2] > 0


def test_unknown_language_is_read_from_the_text():
    text = "The minister said the bubonic plague case was isolated and the hospital was safe."
    detected = specificity_matrix([text], [None])
    given_en = specificity_matrix([text], ["en"])
    assert np.allclose(detected.toarray(), given_en.toarray())


def test_body_matrix_mixes_the_two_cosines():
    rng = np.random.default_rng(0)
    a = sparse.csr_matrix(rng.random((3, 5)) * (rng.random((3, 5)) > 0.4))
    b = sparse.csr_matrix(rng.random((3, 7)) * (rng.random((3, 7)) > 0.4))
    a = sparse.csr_matrix(a.multiply(1 / np.sqrt(a.multiply(a).sum(axis=1))))
    b = sparse.csr_matrix(b.multiply(1 / np.sqrt(b.multiply(b).sum(axis=1))))
    mixed = body_matrix(a, b)
    expected = (1 - SPECIFICITY_SHARE) * (a @ a.T).toarray() + SPECIFICITY_SHARE * (b @ b.T).toarray()
    assert np.allclose((mixed @ mixed.T).toarray(), expected, atol=1e-5)


def test_rows_keep_their_texts_order_across_languages():
    texts = ["The bubonic plague case was confirmed.", "Die Beulenpest wurde bestätigt.",
             "Officials confirmed a second plague case."]
    languages = ["en", "de", "en"]
    together = specificity_matrix(texts, languages).toarray()
    alone = np.vstack([specificity_matrix([t], [lang]).toarray() for t, lang in zip(texts, languages)])
    assert np.allclose(together, alone)
