"""The furniture classifier: which blocks of a plain-text page dump are article body.

A scikit-learn HistGradientBoostingClassifier over :mod:`retold.clean.features`
(surface, page and neighbour features per block), trained by
``python -m retold.clean.train`` on the scrapinghub pages and shipped beside
this file as ``furniture_model.joblib``. Loaded once per process.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import joblib
import numpy as np
from threadpoolctl import ThreadpoolController

from retold.clean.features import feature_names, line_features

MODEL_FILE = Path(__file__).with_name("furniture_model.joblib")

# Probability above which a block is body. Fitted by 5-fold page-grouped
# cross-validation on the 181 scrapinghub pages (python -m retold.clean.train
# --cv prints the sweep): 0.4 gave the best page-averaged token F1
# (0.3: 0.922, 0.35: 0.924, 0.4: 0.926, 0.45: 0.924, 0.5: 0.923); the curve is flat around it.
BODY_THRESHOLD = 0.4
# Body comes in runs: a lone body block (neither neighbour block is body) is
# kept only when the classifier is this sure of it. Chosen among 0.6/0.8/0.95
# on the same page-grouped cross-validated probabilities: token F1 0.926 ->
# 0.930 (0.928 / 0.930 / 0.927), mostly stray link texts and teasers dropped.
ISOLATED_MIN_PROB = 0.8


@cache
def load_model():
    """The shipped classifier (cached); raises FileNotFoundError if it was never trained."""
    bundle = joblib.load(MODEL_FILE)
    if bundle["features"] != feature_names():
        raise RuntimeError("furniture_model.joblib was trained on other features: rerun python -m retold.clean.train")
    return bundle["model"]


@cache
def _threadpools() -> ThreadpoolController:
    """Scanning the loaded native libraries costs ~7 ms; do it once, not once a page."""
    return ThreadpoolController()


def body_probabilities(numbered: list[tuple[int, str]], model=None) -> np.ndarray:
    """P(body) for each block of ``numbered`` ((line index, line) for the non-empty lines of one page).

    ``model`` defaults to the shipped one. Empty input gives an empty array.
    """
    if not numbered:
        return np.zeros(0)
    model = model if model is not None else load_model()
    features = line_features(numbered)
    # One page is a few hundred rows: OpenMP threads cost more than they save
    # (150 trees x thread start-up, ~0.6 s a page on a busy 2-core machine vs ~10 ms).
    with _threadpools().limit(limits=1, user_api="openmp"):
        return model.predict_proba(features)[:, 1]


def drop_isolated(mask: np.ndarray, probs: np.ndarray, min_prob: float = ISOLATED_MIN_PROB) -> np.ndarray:
    """``mask`` without lone body blocks below ``min_prob``; a page's only body block is kept."""
    if mask.sum() < 2:
        return mask
    before = np.concatenate([[False], mask[:-1]])
    after = np.concatenate([mask[1:], [False]])
    return mask & (before | after | (probs >= min_prob))


def body_mask(numbered: list[tuple[int, str]], model=None, threshold: float = BODY_THRESHOLD) -> np.ndarray:
    """True for each block of ``numbered`` the classifier takes for body; empty input gives an empty array."""
    probs = body_probabilities(numbered, model)
    return drop_isolated(probs > threshold, probs)
