"""Offline calibration of the same-content model in ``similarity.py`` (not used at run time).

``python -m retold.coverage.calibrate ../shared/eval/paraphrase/msrp-train.jsonl`` embeds
both sides of every MSRP pair, fits the two logistic models (cosine + words + numbers, and
cosine + numbers) with scikit-learn, picks each decision threshold by 10-fold
cross-validation (the threshold that maximises balanced accuracy on the training folds,
scored on the held-out fold), and prints the constants to paste into ``similarity.py``.

``python -m retold.coverage.calibrate ../shared/eval/reuse/meantime`` fits the cosine a
cross-language pair needs, on MEANTIME translations (see ``fit_cross_language``).

Reading the files happens only here and in ``main*``; the fitting functions are pure.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

FOLDS = 10
THRESHOLD_GRID = np.round(np.arange(0.2, 0.81, 0.01), 2)


def feature_matrix(texts_a: list[str], texts_b: list[str], language: str = "en") -> np.ndarray:
    """Rows of [cosine, jaccard, containment, number mismatch] for aligned lists of texts;
    empty lists give shape (0, 4)."""
    from retold.coverage.similarity import content_words, pair_features
    from retold.nlp import embed

    if not texts_a:
        return np.zeros((0, 4))
    cos = (embed(texts_a) * embed(texts_b)).sum(axis=1)
    rows = []
    for c, a, b in zip(cos, texts_a, texts_b):
        f = pair_features(c, content_words(a, language), content_words(b, language))
        rows.append((f.cosine, f.jaccard, f.containment, f.number_mismatch))
    return np.asarray(rows)


def _balanced_accuracy(y: np.ndarray, p: np.ndarray, threshold: float) -> float:
    pred = p >= threshold
    return 0.5 * (pred[y == 1].mean() + (~pred[y == 0]).mean())


def fit_same_content(x: np.ndarray, y: np.ndarray, columns: list[int]) -> dict:
    """Fit a balanced logistic model on ``x[:, columns]``; the threshold and its held-out
    balanced accuracy come from stratified ``FOLDS``-fold cross-validation."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    xs = x[:, columns]
    held_out, thresholds = [], []
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(xs, y):
        model = LogisticRegression(class_weight="balanced").fit(xs[train], y[train])
        p_train = model.predict_proba(xs[train])[:, 1]
        best = max(THRESHOLD_GRID, key=lambda t: _balanced_accuracy(y[train], p_train, t))
        thresholds.append(best)
        held_out.append(_balanced_accuracy(y[test], model.predict_proba(xs[test])[:, 1], best))
    model = LogisticRegression(class_weight="balanced").fit(xs, y)
    return {
        "weights": [round(float(w), 3) for w in model.coef_[0]],
        "bias": round(float(model.intercept_[0]), 3),
        "threshold": round(float(np.median(thresholds)), 2),
        "cv_balanced_accuracy": round(float(np.mean(held_out)), 4),
    }


def main(path: str) -> None:
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    x = feature_matrix([r["a"] for r in rows], [r["b"] for r in rows])
    y = np.asarray([int(r["label"]) for r in rows])
    print("lexical:", fit_same_content(x, y, [0, 1, 2, 3]))
    print("cosine only:", fit_same_content(x, y, [0, 3]))




# --- cross-language threshold on MEANTIME translations -------------------------------------------

def best_cosines(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """For each source sentence vector, its highest cosine with any target vector (-1 if none)."""
    if len(source) == 0 or len(target) == 0:
        return np.full(len(source), -1.0)
    return (source @ target.T).max(axis=1)


def fit_cross_language(true_best: list[np.ndarray], false_best: list[np.ndarray]) -> dict:
    """Cosine threshold for cross-language matches, by ``FOLDS``-fold cross-validation over
    document tuples: on the training tuples pick the threshold that maximises (share of English
    sentences matched in their own translation) - (share matched in another document of the same
    corpus); report both shares on the held-out tuples."""
    from sklearn.model_selection import KFold

    grid = np.round(np.arange(0.4, 0.9, 0.01), 2)

    def rates(idx, t):
        tp = np.concatenate([true_best[i] for i in idx]) >= t
        fp = np.concatenate([false_best[i] for i in idx]) >= t
        return tp.mean(), fp.mean()

    picked, held = [], []
    for train, test in KFold(min(FOLDS, len(true_best)), shuffle=True, random_state=0).split(true_best):
        best = max(grid, key=lambda t: (lambda r: r[0] - r[1])(rates(train, t)))
        picked.append(best)
        held.append(rates(test, best))
    return {
        "threshold": round(float(np.median(picked)), 2),
        "cv_recall": round(float(np.mean([h[0] for h in held])), 4),
        "cv_false_match": round(float(np.mean([h[1] for h in held])), 4),
    }


def main_translations(folder: str, tuples: int = 40) -> None:
    """Fit the cross-language threshold on the first ``tuples`` MEANTIME translation sets
    (English against each other language; the false partner is the next set's translation)."""
    from retold.model import Article
    from retold.nlp import embed
    from retold.segment import split_sentences

    path = Path(folder)
    docs = {d["id"]: d for d in map(json.loads, (path / "docs.jsonl").read_text(encoding="utf-8").splitlines())}
    sets = json.loads((path / "gold.json").read_text(encoding="utf-8"))["translations"][:tuples]

    def vectors(doc_id: str) -> np.ndarray:
        d = docs[doc_id]
        return embed([s.text for s in split_sentences(Article(id=doc_id, body=d["text"], language=d.get("language")))])

    cache = {i: vectors(i) for t in sets for i in t}
    true_best, false_best = [], []
    for n, t in enumerate(sets):
        other = sets[(n + 1) % len(sets)]
        for k in range(1, len(t)):
            true_best.append(best_cosines(cache[t[0]], cache[t[k]]))
            false_best.append(best_cosines(cache[t[0]], cache[other[k]]))
    print("cross-language:", fit_cross_language(true_best, false_best))


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/paraphrase/msrp-train.jsonl"
    main_translations(target) if Path(target).is_dir() else main(target)
