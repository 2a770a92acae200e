"""The sentence-level "same content" decision behind rewrite and translation links.

Same language: a logistic regression over the embedding cosine and a few
lexical features (after Madnani et al. 2012 and the usual MSRP baselines, which
gain over raw cosine by adding token overlap and length ratio). Different
languages: the lexical features mean nothing, so the cosine of the
multilingual embeddings decides alone.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from retold.segment.words import IDEOGRAPH, WORD

# Chinese text averages about 1.5 characters a word (word-segmented corpora such as
# the SIGHAN bakeoffs'), so a text's length in words counts an ideograph as 1/1.5 word
# when it is compared with a text in another script.
IDEOGRAPHS_PER_WORD = 1.5
FEATURE_NAMES = ("cosine", "jaccard", "containment", "length_ratio", "numbers_agree")

# Fitted with sklearn LogisticRegression (default C=1) on all 4,076 MSRP train pairs
# (retold.eval.paraphrase, which also reports the 10-fold cross-validated accuracy and F1
# of the same model: 0.744 / 0.822). Order follows FEATURE_NAMES.
SAME_LANGUAGE_WEIGHTS = (4.1130, 3.2544, 0.3833, 3.1709, 0.4279)
SAME_LANGUAGE_BIAS = -7.2013
# Probability above which two sentences say the same thing (the MSRP-fitted decision point).
SAME_CONTENT_PROBABILITY = 0.5
# Cosine above which sentences in two languages are taken as translations of each other.
# Fitted on MEANTIME translation pairs (see retold.eval.reuse): aligned en/es/it/nl sentences
# sit mostly above 0.6, unrelated sentences of related articles mostly below 0.5.
TRANSLATION_COSINE = 0.6
# Between translation pairs found at TRANSLATION_COSINE, near their diagonal, a lower
# cosine is enough (es-nl and it-nl pairs of MEANTIME often sit at 0.4-0.6). Chosen with
# MIN_TRANSLATION_FRACTION by 5-fold cross-validation over MEANTIME sets (grouped by
# article): held-out precision 0.997, recall 1.000 of cross-language links, against
# 0.999 / 0.992 without gap filling.
GAP_TRANSLATION_COSINE = 0.4


def words(text: str) -> list[str]:
    """Lower-cased WORD tokens of ``text``; ``[]`` for empty text."""
    return WORD.findall(text.lower())


def length_in_words(tokens: Sequence[str]) -> float:
    """The length of WORD ``tokens`` in words of any script (an ideograph is 1/IDEOGRAPHS_PER_WORD)."""
    ideographs = sum(1 for t in tokens if IDEOGRAPH.match(t))
    return len(tokens) - ideographs + ideographs / IDEOGRAPHS_PER_WORD


def pair_features(cosine: float, a_words: Sequence[str], b_words: Sequence[str]) -> list[float]:
    """The features of FEATURE_NAMES for one sentence pair (all 0 for two empty sentences)."""
    sa, sb = set(a_words), set(b_words)
    inter = len(sa & sb)
    jaccard = inter / max(1, len(sa | sb))
    containment = inter / max(1, min(len(sa), len(sb)))
    length_ratio = min(len(a_words), len(b_words)) / max(1, len(a_words), len(b_words))
    numbers_agree = float({w for w in sa if w.isdigit()} == {w for w in sb if w.isdigit()})
    return [float(cosine), jaccard, containment, length_ratio, numbers_agree]


def same_content_probability(features: Sequence[float],
                             weights: Sequence[float] = SAME_LANGUAGE_WEIGHTS,
                             bias: float = SAME_LANGUAGE_BIAS) -> float:
    """P(paraphrase) of a same-language sentence pair from its ``pair_features``."""
    z = bias + sum(w * x for w, x in zip(weights, features))
    return 1.0 / (1.0 + math.exp(-z))


def same_language_scores(cosines: np.ndarray, a_words: Sequence[Sequence[str]],
                         b_words: Sequence[Sequence[str]], prefilter: float = 0.3) -> np.ndarray:
    """``P(same content)`` for every sentence pair, shape ``cosines.shape``.

    Pairs with cosine below ``prefilter`` get 0 without computing lexical features
    (on MSRP the 1st percentile of all pairs is 0.42, and sentences that share
    their wording always embed far closer than 0.3).
    Empty input gives an empty array of the same shape.
    """
    out = np.zeros(cosines.shape, dtype=np.float32)
    for i, j in zip(*np.nonzero(cosines >= prefilter)):
        out[i, j] = same_content_probability(pair_features(cosines[i, j], a_words[i], b_words[j]))
    return out


def translation_scores(cosines: np.ndarray, threshold: float = TRANSLATION_COSINE) -> np.ndarray:
    """A pseudo-probability for cross-language pairs: 0.5 at ``threshold``, rising with cosine."""
    return np.clip(0.5 + (cosines - threshold), 0.0, 1.0).astype(np.float32)
