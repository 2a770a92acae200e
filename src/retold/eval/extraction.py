"""Body-extraction scores on the scrapinghub article-extraction-benchmark pages.

Two modes over ``<path>/html/*.html.gz`` and ``<path>/text/*.txt`` with
``<path>/gold.json`` (``{page: {"body", "url"}}``). Both read the pages as a user
does: ``retold.pipeline.analyze`` on the files (ingest, decode, clean, store; no
corpus stages), and score the ``body`` of each article in the JSON export (the id is
the file name, so the page; a page the run skipped scores as an empty body). Nothing
is scored that the user's path did not produce, so a broken reader fails the check.

- ``html``: the ``.html.gz`` pages (trafilatura inside the cleaner).
- ``text``: the plain-text pages, *cross-validated*: pages are split into folds
  (GroupKFold by page), a furniture classifier is trained on the other folds, and
  the fold's pages go through ``analyze`` with that classifier in place of the
  shipped one (``_fold_classifier``), so each page is scored by a model that never saw it.

Scoring (the brief's "token F1"): tokens are ``\\w+`` runs, lower-cased; per
page, true positives are the multiset overlap of predicted and gold tokens,
precision = tp / predicted tokens, recall = tp / gold tokens; P and R are
averaged over pages and F1 = 2PR / (P + R) of the averages. This is how
scrapinghub's ``evaluate.py`` (metrics_from_tp_fp_fns) aggregates; that
script counts 4-token shingles instead of single tokens (and does not
lower-case), so we also report ``*_shingle_f1`` computed its way.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import sys
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

_TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE_N = 4  # the benchmark's ngram_n


def tokens(text: str) -> list[str]:
    """Lower-cased ``\\w+`` runs of ``text`` ([] for empty text)."""
    return [t.lower() for t in _TOKEN.findall(text or "")]


def _shingles(text: str, n: int = SHINGLE_N) -> Counter:
    toks = _TOKEN.findall(text or "")
    return Counter(tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)) if toks[i : i + n])


def _tp_fp_fn(gold: Counter, pred: Counter) -> tuple[float, float, float]:
    tp = sum((gold & pred).values())
    return tp, sum(pred.values()) - tp, sum(gold.values()) - tp


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def page_scores(gold: str, pred: str) -> tuple[float, float]:
    """(precision, recall) of one page's predicted body against its gold body, on tokens."""
    counts = _tp_fp_fn(Counter(tokens(gold)), Counter(tokens(pred)))
    return _precision(*counts), _recall(*counts)


def aggregate(golds: list[str], preds: list[str], prefix: str) -> dict[str, float]:
    """Page-averaged token P/R, F1 of the averages, and the benchmark's shingle F1.

    Pages where P (or R) is undefined (nothing predicted and nothing gold) are
    skipped in that average, as the benchmark does. Empty input gives {}.
    """
    if not golds:
        return {}
    counts = [_tp_fp_fn(Counter(tokens(g)), Counter(tokens(p))) for g, p in zip(golds, preds)]
    shingles = [_tp_fp_fn(_shingles(g), _shingles(p)) for g, p in zip(golds, preds)]
    out: dict[str, float] = {f"{prefix}_pages": len(golds)}
    for name, rows in (("token", counts), ("shingle", shingles)):
        p = statistics.mean(_precision(*c) for c in rows if c[0] + c[1] > 0)
        r = statistics.mean(_recall(*c) for c in rows if c[0] + c[2] > 0)
        out[f"{prefix}_{name}_precision"] = round(p, 4)
        out[f"{prefix}_{name}_recall"] = round(r, 4)
        out[f"{prefix}_{name}_f1"] = round(2 * p * r / (p + r) if p + r else 0.0, 4)
    return out


def load_gold(path: Path) -> dict[str, dict]:
    return json.loads((Path(path) / "gold.json").read_text(encoding="utf-8"))


def read_html(path: Path, page: str) -> str:
    raw = gzip.decompress((Path(path) / "html" / f"{page}.html.gz").read_bytes())
    return raw.decode("utf-8", errors="replace")


def read_text(path: Path, page: str) -> str:
    return (Path(path) / "text" / f"{page}.txt").read_text(encoding="utf-8")


def exported_bodies(files: Sequence[Path]) -> dict[str, str]:
    """Article id -> ``body`` in the JSON export of ``retold.pipeline.analyze`` on ``files``
    (an in-memory store, no corpus stages: extraction is all that is scored here)."""
    from retold.pipeline import analyze

    export = json.loads(analyze([str(f) for f in files], stages=[]).to_json())
    return {a["id"]: a["body"] for a in export["articles"]}


def evaluate_html(path: Path, pages: Sequence[str] | None = None) -> dict[str, float]:
    """Token (and shingle) P/R/F1 of the bodies ``analyze`` exports for ``path/html/*.html.gz``
    (``pages``: only those, default all)."""
    gold = load_gold(path)
    pages = sorted(pages if pages is not None else gold)
    html = Path(path) / "html"
    bodies = exported_bodies([html] if len(pages) == len(gold) else [html / f"{k}.html.gz" for k in pages])
    return aggregate([gold[k]["body"] for k in pages], [bodies.get(k, "") for k in pages], "html")


class _CountingModel:
    """A classifier that counts its ``predict_proba`` calls (everything else is the model's)."""

    def __init__(self, model):
        self.model, self.calls = model, 0

    def predict_proba(self, features):
        self.calls += 1
        return self.model.predict_proba(features)

    def __getattr__(self, name):
        return getattr(self.model, name)


@contextmanager
def _fold_classifier(model) -> Iterator[_CountingModel]:
    """The cleaner inside ``analyze`` loads the shipped furniture classifier through
    ``retold.clean.classifier.load_model``; while this is open it gets ``model`` instead.
    Yields the counting wrapper, so the caller can check the model was really used."""
    from retold.clean import classifier

    counting = _CountingModel(model)
    shipped = classifier.load_model
    classifier.load_model = lambda: counting
    try:
        yield counting
    finally:
        classifier.load_model = shipped


def evaluate_text(path: Path, folds: int = 5) -> dict[str, float]:
    """Cross-validated P/R/F1 of plain-text cleaning over ``path/text``.

    Pages are split into ``folds`` groups (GroupKFold, by page); each fold's pages go
    through ``analyze`` with a classifier trained on the other folds only, so every
    figure comes from unseen pages. The whole cleaner runs (headline and credit removal
    included), as for any ``.txt`` a user gives.
    """
    import numpy as np
    from sklearn.model_selection import GroupKFold

    from retold.clean.train import fit, load_pages

    pages = load_pages(path)
    bodies: dict[str, str] = {}
    index = np.arange(len(pages))
    for train, test in GroupKFold(n_splits=folds).split(index, groups=index):
        with _fold_classifier(fit([pages[i] for i in train])) as model:
            bodies.update(exported_bodies([Path(path) / "text" / f"{pages[i].id}.txt" for i in test]))
        if not model.calls:
            raise RuntimeError("analyze did not use the fold's furniture classifier: the scores would not be "
                               "cross-validated (has retold.clean.classifier stopped loading it via load_model?)")
    scores = aggregate([p.gold for p in pages], [bodies.get(p.id, "") for p in pages], "text")
    scores["text_folds"] = folds
    return scores


def evaluate(path: Path, modes: tuple[str, ...] = ("html", "text"), folds: int = 5) -> dict[str, float]:
    """Scores for each mode in ``modes`` ("html", "text") over a scrapinghub-style folder, one flat dict."""
    scores: dict[str, float] = {}
    if "html" in modes:
        scores.update(evaluate_html(Path(path)))
    if "text" in modes:
        scores.update(evaluate_text(Path(path), folds))
    return scores


def format_report(scores: dict[str, float]) -> str:
    """One line per mode: token P/R/F1, then the benchmark's shingle F1."""
    lines = []
    for mode, label in (("html", "html (trafilatura)"), ("text", "text (classifier, cross-validated)")):
        if f"{mode}_token_f1" not in scores:
            continue
        lines.append(
            f"{label:<36} pages {scores[f'{mode}_pages']:>4}  "
            f"P {scores[f'{mode}_token_precision']:.3f}  R {scores[f'{mode}_token_recall']:.3f}  "
            f"F1 {scores[f'{mode}_token_f1']:.3f}  (4-gram shingle F1 {scores[f'{mode}_shingle_f1']:.3f})")
    return "\n".join(lines)


if __name__ == "__main__":
    _args = [a for a in sys.argv[1:] if not a.startswith("--")]
    _modes = tuple(a[2:] for a in sys.argv[1:] if a in ("--html", "--text")) or ("html", "text")
    print(format_report(evaluate(Path(_args[0]) if _args else Path("../shared/eval/extraction/scrapinghub"), _modes)))
