"""Evaluate the sentence-level "same content" decision on MSRP: ``evaluate(path) -> dict``.

The decision (``retold.reuse.similarity``) is a logistic regression over the
multilingual USE cosine and lexical features. Reported: accuracy and F1 of the
same model refitted under stratified 10-fold cross-validation (the honest
figure), the shipped coefficients on the whole file (in-sample, they were
fitted on it), a cosine-only cross-validated baseline, and the coefficients of
a fit on the whole file (to refresh ``SAME_LANGUAGE_WEIGHTS``).

Run: ``.venv/bin/python -m retold.eval.paraphrase ../shared/eval/paraphrase/msrp-train.jsonl``
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from retold import nlp
from retold.reuse.similarity import FEATURE_NAMES, SAME_CONTENT_PROBABILITY, pair_features, \
    same_content_probability, words

FOLDS = 10


def load_pairs(path: Path, limit: int | None = None) -> tuple[list[str], list[str], np.ndarray]:
    """Sentences ``a``, ``b`` and labels (1 = paraphrase) of the JSONL file."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = rows[:limit] if limit else rows
    return [r["a"] for r in rows], [r["b"] for r in rows], np.array([int(r["label"]) for r in rows])


def features(a: list[str], b: list[str]) -> np.ndarray:
    """One ``pair_features`` row per pair; ``(0, 5)`` for no pairs."""
    cosines = np.sum(nlp.embed(a) * nlp.embed(b), axis=1)
    rows = [pair_features(c, words(x), words(y)) for c, x, y in zip(cosines, a, b)]
    return np.array(rows, dtype=np.float64).reshape(-1, len(FEATURE_NAMES))


def _cv_scores(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=0)
    proba = cross_val_predict(LogisticRegression(), x, y, cv=folds, method="predict_proba")[:, 1]
    predicted = proba >= SAME_CONTENT_PROBABILITY
    return accuracy_score(y, predicted), f1_score(y, predicted)


def evaluate(path: str | Path, limit: int | None = None) -> dict:
    """Cross-validated and shipped-model accuracy/F1 on the MSRP pairs in ``path``."""
    a, b, y = load_pairs(Path(path), limit)
    x = features(a, b)
    accuracy, f1 = _cv_scores(x, y)
    cos_accuracy, cos_f1 = _cv_scores(x[:, :1], y)
    shipped = np.array([same_content_probability(row) >= SAME_CONTENT_PROBABILITY for row in x])
    fit = LogisticRegression().fit(x, y)
    result = {
        "pairs": len(y),
        "positive_rate": float(y.mean()),
        "cv_accuracy": float(accuracy),
        "cv_f1": float(f1),
        "cv_cosine_only_accuracy": float(cos_accuracy),
        "cv_cosine_only_f1": float(cos_f1),
        "shipped_accuracy": float(accuracy_score(y, shipped)),
        "shipped_f1": float(f1_score(y, shipped)),
        "fit_bias": float(fit.intercept_[0]),
    }
    result.update({f"fit_weight_{name}": float(w) for name, w in zip(FEATURE_NAMES, fit.coef_[0])})
    return result


def format_report(result: dict) -> str:
    weights = ", ".join(f"{k[len('fit_weight_'):]}={v:.4f}" for k, v in result.items() if k.startswith("fit_weight_"))
    return (
        f"MSRP same-content decision over {result['pairs']} pairs ({result['positive_rate']:.1%} paraphrases)\n"
        f"  {FOLDS}-fold CV:    accuracy {result['cv_accuracy']:.3f}  F1 {result['cv_f1']:.3f}\n"
        f"  cosine only CV: accuracy {result['cv_cosine_only_accuracy']:.3f}  F1 {result['cv_cosine_only_f1']:.3f}\n"
        f"  shipped model (in-sample): accuracy {result['shipped_accuracy']:.3f}  F1 {result['shipped_f1']:.3f}\n"
        f"  refit on all: bias={result['fit_bias']:.4f}, {weights}"
    )


if __name__ == "__main__":
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
    print(format_report(evaluate(sys.argv[1] if len(sys.argv) > 1 else
                                 "../shared/eval/paraphrase/msrp-train.jsonl", limit)))
