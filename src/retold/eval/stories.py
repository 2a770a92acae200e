"""Evaluate story assignment on an event-labelled split (ECB+ dev): B-cubed precision,
recall and F1 over documents of the stories ``retold.analyze`` exports, and the
pair model cross-validated.

Cross-validation is two-fold over topics (ECB+ ids ``<topic>_<n>ecb[plus]``; the topic
is used only to split folds, never as a feature): the logistic weights and the merge
threshold are fitted on one half of the topics and scored on the other, and back.
Clustering is the stage's two-level clustering (``cluster.cluster_two_level``).

Run: ``python -m retold.eval.stories ../shared/eval/stories/ecbplus-dev``
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Sequence

import numpy as np

from retold.model import Article, MemoryCache

THRESHOLD_GRID = np.round(np.arange(0.2, 0.99, 0.02), 2)
# Channels of ``similarity.pair_evidence_matrix``: the wording model's (body, lede, names)
# come first; the date gap is last. ECB+ is English throughout, so every pair is "wording".
NAMES = 2  # the names overlap, which also guards the two-level clustering's cuts
GAP = -1


def load_split(path: str | Path) -> tuple[list[Article], list[list[str]]]:
    """Articles of ``path/docs.jsonl`` and the gold stories of ``path/gold.json``."""
    path = Path(path)
    articles = []
    with open(path / "docs.jsonl", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            articles.append(Article(id=d["id"], body=d["text"], source=f"{path / 'docs.jsonl'}#{d['id']}",
                                    headline=d.get("title"), published=d.get("published"), outlet=d.get("outlet"),
                                    url=d.get("url"), language=d.get("language")))
    gold = json.loads((path / "gold.json").read_text(encoding="utf-8"))["stories"]
    return articles, gold


def bcubed(predicted: Sequence[Sequence[str]], gold: Sequence[Sequence[str]]) -> dict[str, float]:
    """B-cubed precision, recall and F1 over the documents that ``gold`` labels (0s for none)."""
    gold_of = {d: k for k, docs in enumerate(gold) for d in docs}
    pred_of = {d: k for k, docs in enumerate(predicted) for d in docs if d in gold_of}
    pred_sets: dict[int, set[str]] = defaultdict(set)
    for d, k in pred_of.items():
        pred_sets[k].add(d)
    gold_sets = {k: set(docs) for k, docs in enumerate(gold)}
    docs = [d for d in gold_of if d in pred_of]
    if not docs:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    p = r = 0.0
    for d in docs:
        same = len(pred_sets[pred_of[d]] & gold_sets[gold_of[d]])
        p += same / len(pred_sets[pred_of[d]])
        r += same / len(gold_sets[gold_of[d]])
    p, r = p / len(docs), r / len(docs)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _folds(ids: Sequence[str], gold: Sequence[Sequence[str]]) -> np.ndarray:
    """Fold (0/1) of each article: by ECB+ topic number where ids carry one, else by gold story."""
    if all("_" in i and i.split("_")[0].isdigit() for i in ids):
        topics = sorted({int(i.split("_")[0]) for i in ids})
        first_half = set(topics[: len(topics) // 2])
        return np.array([0 if int(i.split("_")[0]) in first_half else 1 for i in ids])
    story_of = {d: k for k, docs in enumerate(gold) for d in docs}
    return np.array([story_of.get(i, 0) % 2 for i in ids])


def _fit_fold(pairs: np.ndarray, same: np.ndarray, idx: np.ndarray, ids, gold, body):
    """Logistic weights on the fold's pairs, then the merge threshold of the two-level
    clustering (its split threshold follows, ``cluster.SPLIT_MARGIN`` above) that
    maximises the fold's B-cubed F1."""
    from sklearn.linear_model import LogisticRegression

    from retold.stories import similarity

    sub = pairs[np.ix_(idx, idx)]
    iu = np.triu_indices(len(idx), 1)
    usable = ~(sub[..., GAP][iu] > similarity.EVENT_WINDOW_DAYS)
    model = LogisticRegression(C=10.0, class_weight="balanced", max_iter=1000)
    model.fit(sub[..., :3][iu][usable], same[np.ix_(idx, idx)][iu][usable])
    probs = _probabilities(sub, model.coef_[0], model.intercept_[0])
    fold_ids, fold_body, memo = [ids[i] for i in idx], body[idx], {}
    best = max(THRESHOLD_GRID, key=lambda t: _f1_at(probs, t, fold_ids, gold, fold_body, memo, sub[..., NAMES]))
    return model.coef_[0], float(model.intercept_[0]), float(best)


def _probabilities(pairs: np.ndarray, weights, bias) -> np.ndarray:
    from retold.stories import similarity

    probs = 1.0 / (1.0 + np.exp(-(pairs[..., :3] @ np.asarray(weights) + bias)))
    probs[pairs[..., GAP] > similarity.EVENT_WINDOW_DAYS] = 0.0
    return probs


def _f1_at(probs: np.ndarray, threshold: float, ids: Sequence[str], gold, body=None, memo: dict | None = None,
           names: np.ndarray | None = None) -> float:
    """B-cubed F1 of the clustering of ``probs``: two-level when ``body`` is given (its cuts
    guarded by ``names`` as the stage's are), else plain average linkage at ``threshold``."""
    from retold.stories import cluster

    if body is None:
        labels = cluster.cluster_dense(probs, threshold)
    else:
        labels = cluster.cluster_two_level(probs, body, threshold, memo=memo, names=names)
    groups: dict[int, list[str]] = defaultdict(list)
    for i, label in zip(ids, labels):
        groups[int(label)].append(i)
    wanted = set(ids)
    return bcubed(list(groups.values()), [[d for d in g if d in wanted] for g in gold])["f1"]


def fit_parameters(articles: Sequence[Article], gold, cache=None) -> dict[str, float]:
    """Two-fold topic cross-validation of (weights, bias, threshold), plus a fit on everything.

    Returns ``cv_f1_<fold>`` (F1 on a fold with parameters fitted on the other), ``cv_f1``
    (their mean) and the fitted parameters of each fold and of all data.
    """
    from retold.stories.features import article_features, article_text
    from retold.stories.similarity import build_evidence, idf_sample, pair_evidence_matrix

    ids = [a.id for a in articles]
    features = article_features(articles, cache)
    texts = [article_text(a, f) for a, f in zip(articles, features)]
    sample = idf_sample(texts, ids)
    ev = build_evidence(texts, features, [texts[i] for i in sample], [features[i].lede for i in sample],
                        languages=[a.language for a in articles])
    pairs = pair_evidence_matrix(ev, np.arange(len(articles)))
    story_of = {d: k for k, docs in enumerate(gold) for d in docs}
    labels = np.array([story_of.get(i, -1 - n) for n, i in enumerate(ids)])
    same = (labels[:, None] == labels[None, :]).astype(int)
    folds = _folds(ids, gold)
    out: dict[str, float] = {}
    for fit_fold in (0, 1):
        w, b, t = _fit_fold(pairs, same, np.flatnonzero(folds == fit_fold), ids, gold, ev.body)
        test = np.flatnonzero(folds != fit_fold)
        probs = _probabilities(pairs[np.ix_(test, test)], w, b)
        out[f"cv_f1_fold{1 - fit_fold}"] = _f1_at(probs, t, [ids[i] for i in test], gold, ev.body[test],
                                                  names=pairs[np.ix_(test, test)][..., NAMES])
        out.update({f"fold{fit_fold}_w_body": w[0], f"fold{fit_fold}_w_lede": w[1], f"fold{fit_fold}_w_names": w[2],
                    f"fold{fit_fold}_bias": b, f"fold{fit_fold}_threshold": t})
    out["cv_f1"] = (out["cv_f1_fold0"] + out["cv_f1_fold1"]) / 2
    w, b, t = _fit_fold(pairs, same, np.arange(len(articles)), ids, gold, ev.body)
    out.update({"all_w_body": w[0], "all_w_lede": w[1], "all_w_names": w[2], "all_bias": b, "all_threshold": t})
    return out


def evaluate(path: str | Path, cross_validate: bool = True) -> dict[str, float]:
    """B-cubed precision/recall/F1 of the stories ``retold.analyze`` exports for the split
    at ``path`` (its ``docs.jsonl``, stage ``stories``), plus (``cross_validate``) the
    two-fold topic-CV figures of the wording model."""
    from retold.eval.stories_open import exported_stories

    path = Path(path)
    articles, gold = load_split(path)
    start = time.perf_counter()
    stories = exported_stories([path / "docs.jsonl"])
    seconds = time.perf_counter() - start
    scores = bcubed(stories, gold)
    out: dict[str, float] = {
        "articles": len(articles),
        "gold_stories": len(gold),
        "stories": len(stories),
        "bcubed_precision": scores["precision"],
        "bcubed_recall": scores["recall"],
        "bcubed_f1": scores["f1"],
        "seconds": seconds,
    }
    if cross_validate:
        out.update(fit_parameters(articles, gold, MemoryCache()))
    return out


def format_report(result: dict[str, float]) -> str:
    """Human-readable lines of ``evaluate``'s result."""
    lines = [
        f"stories: {result['stories']} predicted, {result['gold_stories']} gold, {result['articles']} articles "
        f"({result['seconds']:.1f} s)",
        f"B-cubed (shipped parameters): P {result['bcubed_precision']:.4f}  R {result['bcubed_recall']:.4f}  "
        f"F1 {result['bcubed_f1']:.4f}",
    ]
    if "cv_f1" in result:
        lines.append(f"B-cubed F1, two-fold topic CV: {result['cv_f1_fold0']:.4f} / {result['cv_f1_fold1']:.4f} "
                     f"(mean {result['cv_f1']:.4f})")
        for tag in ("fold0", "fold1", "all"):
            lines.append(f"  fitted on {tag}: body {result[tag + '_w_body']:.2f}, lede {result[tag + '_w_lede']:.2f}, "
                         f"names {result[tag + '_w_names']:.2f}, bias {result[tag + '_bias']:.2f}, "
                         f"threshold {result[tag + '_threshold']:.2f}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_report(evaluate(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/stories/ecbplus-dev")))
