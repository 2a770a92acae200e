"""Is this the same content? A calibrated score for a pair of sentences (or quoted pieces).

Two logistic models score a pair: one over the cosine of the two multilingual sentence
embeddings, the overlap of their content words and the agreement of their numbers; one
over the cosine and the numbers alone. A same-language pair passes when either does. The
coefficients were fitted
offline on the Microsoft Research Paraphrase Corpus train part
(``../shared/eval/paraphrase/msrp-train.jsonl``: news sentence pairs from different
outlets about one event, which is exactly the coverage setting) by
``python -m retold.coverage.calibrate``; see that module for the cross-validation.
Pairs in two different languages have no word overlap to speak of, so they use the
cosine model's scale with a threshold fitted on translations instead:
MEANTIME's English Wikinews articles against their Spanish, Italian and Dutch versions
(``python -m retold.coverage.calibrate ../shared/eval/reuse/meantime``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

import numpy as np

# --- fitted constants (python -m retold.coverage.calibrate ../shared/eval/paraphrase/msrp-train.jsonl) ---
# Logistic coefficients for [cosine, content-word Jaccard, content-word containment, number mismatch],
# then the intercept, fitted with class_weight="balanced" so the score does not carry MSRP's 2:1
# paraphrase prior. Number mismatch matters: on MSRP, pairs whose numbers are disjoint are
# paraphrases 33% of the time, against 67% overall ("May 8, 2006" is not "May 17, 2006").
LEXICAL_WEIGHTS = (5.638, 3.022, -1.231, -0.883)
LEXICAL_BIAS = -4.718
# Cosine + number-mismatch model (same fit); it also puts cross-language pairs on one log-odds scale.
COSINE_WEIGHT = 7.334
COSINE_NUMBER_WEIGHT = -1.032
COSINE_BIAS = -5.386
# Decision threshold on the score, chosen by 10-fold cross-validation on MSRP to maximise balanced
# accuracy on the training folds (median over folds; held-out balanced accuracy 0.708 with words,
# 0.711 without: on MSRP, whose pairs were picked for their word overlap, words add little).
SAME_CONTENT_THRESHOLD = 0.54
COSINE_THRESHOLD = 0.54  # the cosine model's (a cosine of about 0.76 when numbers agree)
# Pairs in two languages: the lowest cosine that counts as a translation. Fitted on the first 40
# MEANTIME sets, 10-fold cross-validation over sets, maximising (English sentences matched in their
# translation) - (matched in another article of the same corpus): held-out 0.962 vs 0.049. MSRP's
# cosine threshold (0.76) would miss a quarter of translated sentences (recall 0.72 on Dutch).
CROSS_LANGUAGE_MIN_COSINE = 0.64
# ---------------------------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class PairFeatures:
    """What the model reads from one pair of texts."""

    cosine: float
    jaccard: float
    containment: float
    number_mismatch: float = 0.0  # 1 - Jaccard of the numbers, when both texts have some; else 0


@cache
def _stop_words(language: str | None) -> frozenset[str]:
    """spaCy's stop-word list for ``language`` (English when unknown); needs no model."""
    import spacy.util

    try:
        words = spacy.util.get_lang_class(language or "en").Defaults.stop_words
    except Exception:  # an ISO code spaCy has no language class for: English is the safest guess
        words = spacy.util.get_lang_class("en").Defaults.stop_words
    return frozenset(words)


def content_words(text: str, language: str | None = None) -> frozenset[str]:
    """Lower-cased word tokens of ``text`` minus stop words; empty text gives an empty set."""
    stops = _stop_words(language)
    return frozenset(w for w in _WORD.findall(text.lower()) if w not in stops)


def pair_features(cosine: float, words_a: frozenset[str], words_b: frozenset[str]) -> PairFeatures:
    """Features of one pair from its embedding cosine and the two content-word sets."""
    shared = len(words_a & words_b)
    union = len(words_a | words_b)
    smaller = min(len(words_a), len(words_b))
    numbers_a = {w for w in words_a if w.isdigit()}
    numbers_b = {w for w in words_b if w.isdigit()}
    both = numbers_a and numbers_b
    return PairFeatures(
        cosine=float(cosine),
        jaccard=shared / union if union else 0.0,
        containment=shared / smaller if smaller else 0.0,
        number_mismatch=1.0 - len(numbers_a & numbers_b) / len(numbers_a | numbers_b) if both else 0.0,
    )


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -700 else 0.0


def _lexical_log_odds(cosine, jaccard, containment, number_mismatch):
    w_cos, w_jac, w_con, w_num = LEXICAL_WEIGHTS
    return w_cos * cosine + w_jac * jaccard + w_con * containment + w_num * number_mismatch + LEXICAL_BIAS


def _cosine_log_odds(cosine, number_mismatch):
    return COSINE_WEIGHT * cosine + COSINE_NUMBER_WEIGHT * number_mismatch + COSINE_BIAS


def same_content_score(features: PairFeatures, same_language: bool = True) -> float:
    """Probability-like score (0..1) that the two texts say the same thing: the word model for
    ``same_language``, else the cosine-only model (both fitted on MSRP)."""
    f = features
    if not same_language:
        return _sigmoid(_cosine_log_odds(f.cosine, f.number_mismatch))
    return _sigmoid(_lexical_log_odds(f.cosine, f.jaccard, f.containment, f.number_mismatch))


def same_content_margins(cosine: np.ndarray, jaccard: np.ndarray, containment: np.ndarray,
                         number_mismatch: np.ndarray, same_language: np.ndarray) -> np.ndarray:
    """How far each pair's log-odds lie above its decision threshold: > 0 means the same content.

    Same-language pairs pass when either MSRP model says so: MSRP pairs were picked for their
    word overlap, so there the word model learnt to distrust pairs with few shared words,
    which independent rewrites in the news are (in-sample balanced accuracy on MSRP: words
    0.711, cosine 0.714, either 0.716). Cross-language pairs pass above
    ``CROSS_LANGUAGE_MIN_COSINE``, on the cosine model's log-odds scale, so that one greedy
    pass can rank both kinds. All arrays have one entry per pair; empty arrays give an empty result.
    """
    by_cosine = _cosine_log_odds(cosine, number_mismatch) - _logit(COSINE_THRESHOLD)
    by_words = _lexical_log_odds(cosine, jaccard, containment, number_mismatch) - _logit(SAME_CONTENT_THRESHOLD)
    across = COSINE_WEIGHT * (cosine - CROSS_LANGUAGE_MIN_COSINE) + COSINE_NUMBER_WEIGHT * number_mismatch
    return np.where(same_language, np.maximum(by_cosine, by_words), across)


def same_content_margin(features: PairFeatures, same_language: bool = True) -> float:
    """``same_content_margins`` for one pair."""
    f = features
    return float(same_content_margins(np.float64(f.cosine), np.float64(f.jaccard), np.float64(f.containment),
                                      np.float64(f.number_mismatch), np.bool_(same_language)))


def batch_features(cosine: np.ndarray, first: np.ndarray, second: np.ndarray,
                   words: list[frozenset[str]]) -> dict[str, np.ndarray]:
    """Features of many pairs at once: pair ``k`` joins texts ``first[k]`` and ``second[k]``,
    whose content words are ``words[i]``. Word overlaps come from sparse products, so a story
    with millions of candidate pairs needs no Python loop. Returns the arguments of
    ``same_content_margins`` but ``same_language``; no pairs give empty arrays."""
    from scipy.sparse import csr_matrix

    def incidence(sets: list[frozenset[str]]):
        vocab: dict[str, int] = {}
        cols = [vocab.setdefault(w, len(vocab)) for ws in sets for w in ws]
        indptr = np.cumsum([0, *(len(ws) for ws in sets)])
        return csr_matrix((np.ones(len(cols), dtype=np.float32), cols, indptr), shape=(len(sets), max(len(vocab), 1)))

    def overlap(sets: list[frozenset[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        m = incidence(sets)
        shared = np.asarray(m[first].multiply(m[second]).sum(axis=1)).ravel()
        sizes = np.asarray(m.sum(axis=1)).ravel()
        return shared, sizes[first], sizes[second]

    shared, size_a, size_b = overlap(words)
    union = size_a + size_b - shared
    n_shared, n_a, n_b = overlap([frozenset(w for w in ws if w.isdigit()) for ws in words])
    n_union = n_a + n_b - n_shared
    with np.errstate(divide="ignore", invalid="ignore"):
        return {
            "cosine": np.asarray(cosine, dtype=np.float64),
            "jaccard": np.where(union > 0, shared / union, 0.0),
            "containment": np.where(np.minimum(size_a, size_b) > 0, shared / np.minimum(size_a, size_b), 0.0),
            "number_mismatch": np.where((n_a > 0) & (n_b > 0), 1.0 - n_shared / n_union, 0.0),
        }


def _logit(p: float) -> float:
    p = min(max(p, 1e-12), 1.0 - 1e-12)
    return math.log(p / (1.0 - p))


def min_cosine_for_match() -> float:
    """The lowest cosine at which any pair could still pass (word overlap at its maximum),
    so candidate pairs below it need no further look."""
    w_cos, w_jac, w_con, _ = LEXICAL_WEIGHTS  # number mismatch only ever lowers the score
    lexical = (_logit(SAME_CONTENT_THRESHOLD) - LEXICAL_BIAS - max(w_jac, 0.0) - max(w_con, 0.0)) / w_cos
    return min(lexical, CROSS_LANGUAGE_MIN_COSINE)
