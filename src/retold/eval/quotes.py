"""Score quote extraction on a PolNeAR-style split (``articles/*.txt`` + ``gold.json``).

Figures (as in ``shared/README.md``):

- ``content_f1`` (+ ``_precision``/``_recall``): every gold content span is matched to the
  predicted quote with the highest token overlap, kept when it is at least ``MIN_OVERLAP``;
  the overlaps are summed and divided by the number of gold spans (recall). Precision is the
  mirror image: each predicted quote's best overlap with a gold span, summed, over the number
  of predicted quotes (so one long prediction cannot be counted twice). Token overlap is the
  Dice coefficient (token F1) of the ``\\w+`` tokens the two spans cover in the article; the
  tokens of a split quote's fragments only, not of the cue between them.
- ``direct_f1``: the same over gold spans that are direct quotes (at least ``DIRECT_SHARE`` of
  their tokens inside quotation marks) against predicted quotes of kind ``direct``.
- ``speaker_accuracy``: over matched gold spans that have a source, the predicted speaker is
  right when its mention overlaps the gold source span, or when the resolved name holds the
  last word of the gold source or of its name before an appositive or "of ..." ("Trump" /
  "Donald Trump"; "Mr. Obama" / "Barack Obama"; "Ben Jealous, the former president of the
  NAACP" / "Ben Jealous").
  ``speaker_name_accuracy`` counts only the resolved name, over gold sources that are not pronouns.

Also, both fitted on the training split only (never dev):

- ``fit_cue_lexicon(train_path)`` regenerates ``retold/quotes/_cue_lexicon.py``
  (``--fit-cues``);
- ``fit_gate(train_path)`` regenerates ``retold/quotes/_gate_model.json``, the logistic
  model that keeps candidate (cue, content) pairs (``--fit-gate``; about 4 minutes on two
  cores, most of it parsing). Its C and threshold are chosen on out-of-fold probabilities,
  5-fold grouped by article, maximising the content F1 that the kept candidates would score.

Measured on polnear-dev (84 articles), ``python -m retold.eval.quotes ../shared/eval/quotes/polnear-dev``:
content F1 0.659 (P 0.695, R 0.627), direct F1 0.764, speaker accuracy 0.902 (the extractor
before the gate: 0.591, 0.680 and 0.881 under this scorer).
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from retold.model import Article
from retold.quotes.extract import Attribution, attributions_batch
from retold.quotes.marks import find_quoted_spans
from retold.quotes.speakers import clean_name

MIN_OVERLAP = 0.5
# A gold source's name ends before an appositive or a prepositional tail ("Ben Jealous, the
# former president of the NAACP", "Archbishop Aris Shirvanian of the Armenian Patriarchate").
_GOLD_HEAD = re.compile(r",| of | \(| who | from ")
DIRECT_SHARE = 0.8
_TOKEN = re.compile(r"\w+")
_PRONOUNS = frozenset({"he", "she", "i", "we", "they", "it", "who", "which", "you", "his", "her",
                       "their", "that", "this", "its", "our", "my", "him", "them", "us", "me"})


def load_split(path: str | Path) -> tuple[list[Article], dict[str, list[dict]]]:
    """Articles (body = the file text, unchanged, so gold offsets hold) and gold attributions."""
    root = Path(path)
    gold = json.loads((root / "gold.json").read_text(encoding="utf-8"))["attributions"]
    articles = [Article(id=p.stem, body=p.read_text(encoding="utf-8"), source=str(p), language="en")
                for p in sorted((root / "articles").glob("*.txt"))]
    return articles, gold


def _tokens(body: str, spans: list[tuple[int, int]]) -> frozenset[int]:
    return frozenset(m.start() + s for s, e in spans for m in _TOKEN.finditer(body[s:e]))


def _dice(a: frozenset[int], b: frozenset[int]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _is_direct(body: str, span: tuple[int, int], quoted: list[tuple[int, int]]) -> bool:
    toks = _tokens(body, [span])
    inside = _tokens(body, [(max(s, span[0]), min(e, span[1])) for s, e in quoted if s < span[1] and span[0] < e])
    return bool(toks) and len(inside) >= DIRECT_SHARE * len(toks)


def _speaker_right(gold_src: dict, attr: Attribution) -> tuple[bool, bool]:
    """(right by mention or name, right by resolved name alone)."""
    g = (gold_src["start"], gold_src["end"])
    span = attr.speaker_span
    by_span = span is not None and span[0] < g[1] and g[0] < span[1]
    name_words = (attr.speaker or "").lower().replace("’s", "").replace("'s", "").split()
    heads = {words[-1] for text in (gold_src["text"], _GOLD_HEAD.split(gold_src["text"])[0])
             if (words := clean_name(text).lower().split())}
    by_name = bool(heads & set(name_words))
    return by_span or by_name, by_name


def _score(gold: list[tuple[frozenset[int], dict | None]], pred: list[tuple[frozenset[int], Attribution]]):
    """Sums for recall/precision plus speaker tallies for one article."""
    rec, speaker, speaker_n, name_ok, name_n = 0.0, 0, 0, 0, 0
    for g_toks, g_src in gold:
        best = max(((_dice(g_toks, p), a) for p, a in pred), default=(0.0, None), key=lambda x: x[0])
        if best[0] < MIN_OVERLAP:
            continue
        rec += best[0]
        if g_src:
            right, by_name = _speaker_right(g_src, best[1])
            speaker_n += 1
            speaker += right
            if g_src["text"].lower() not in _PRONOUNS:
                name_n += 1
                name_ok += by_name
    prec = 0.0
    for p_toks, _ in pred:
        best = max((_dice(g, p_toks) for g, _ in gold), default=0.0)
        if best >= MIN_OVERLAP:
            prec += best
    return rec, prec, speaker, speaker_n, name_ok, name_n


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(path: str | Path, limit: int | None = None) -> dict[str, Any]:
    """Content F1 (all, direct), speaker accuracy and speed on the split at ``path``.

    ``limit`` scores only the first ``limit`` articles (for quick iterations). A split with
    no articles gives zeros.
    """
    articles, gold = load_split(path)
    articles = articles[:limit] if limit else articles
    started = time.perf_counter()
    predicted = attributions_batch(articles)
    seconds = time.perf_counter() - started
    tot = Counter()
    for article, attrs in zip(articles, predicted):
        body = article.body
        quoted = [(q.start, q.end) for q in find_quoted_spans(body)]
        gold_items = [(_tokens(body, [(g["content"]["start"], g["content"]["end"])]), g.get("source"),
                       _is_direct(body, (g["content"]["start"], g["content"]["end"]), quoted))
                      for g in gold.get(article.id, [])]
        pred_items = [(_tokens(body, a.fragments), a) for a in attrs]
        for prefix, g_sel, p_sel in (
                ("", gold_items, pred_items),
                ("direct_", [x for x in gold_items if x[2]], [x for x in pred_items if x[1].kind == "direct"])):
            rec, prec, sp, sp_n, nm, nm_n = _score([(t, s) for t, s, _ in g_sel], p_sel)
            tot[prefix + "rec"] += rec
            tot[prefix + "prec"] += prec
            tot[prefix + "gold"] += len(g_sel)
            tot[prefix + "pred"] += len(p_sel)
            if not prefix:
                tot["speaker"] += sp
                tot["speaker_n"] += sp_n
                tot["name"] += nm
                tot["name_n"] += nm_n
    out: dict[str, Any] = {"articles": len(articles)}
    for prefix in ("", "direct_"):
        p = tot[prefix + "prec"] / tot[prefix + "pred"] if tot[prefix + "pred"] else 0.0
        r = tot[prefix + "rec"] / tot[prefix + "gold"] if tot[prefix + "gold"] else 0.0
        name = prefix or "content_"
        out.update({f"{name}precision": round(p, 4), f"{name}recall": round(r, 4),
                    f"{name}f1": round(_f1(p, r), 4), f"{prefix}gold": tot[prefix + "gold"],
                    f"{prefix}predicted": tot[prefix + "pred"]})
    out["speaker_accuracy"] = round(tot["speaker"] / tot["speaker_n"], 4) if tot["speaker_n"] else 0.0
    out["speaker_name_accuracy"] = round(tot["name"] / tot["name_n"], 4) if tot["name_n"] else 0.0
    out["speaker_matched"] = tot["speaker_n"]
    out["articles_per_second"] = round(len(articles) / seconds, 2) if seconds else 0.0
    return out


def format_report(result: dict[str, Any]) -> str:
    """The figures of ``evaluate`` as aligned text lines."""
    width = max((len(k) for k in result), default=0)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in result.items())


def fit_cue_lexicon(train_path: str | Path, min_share: float = 0.4, min_count: int = 3) -> list[str]:
    """Verb lemmas that are gold cues in at least ``min_share`` of their uses (and ``min_count``
    times) in the training split; writes ``retold/quotes/_cue_lexicon.py``. Parses every article
    (about 2 minutes for polnear-train on two cores)."""
    from retold.nlp import spacy_pipeline

    articles, gold = load_split(train_path)
    nlp = spacy_pipeline(disable=("ner",))
    total, cue = Counter(), Counter()
    for article, doc in zip(articles, nlp.pipe((a.body for a in articles), batch_size=32)):
        cue_chars = {i for g in gold.get(article.id, []) if g.get("cue")
                     for i in range(g["cue"]["start"], g["cue"]["end"])}
        for tok in doc:
            if tok.pos_ == "VERB":
                total[tok.lemma_.lower()] += 1
                cue[tok.lemma_.lower()] += tok.idx in cue_chars
    lemmas = sorted(k for k in cue if cue[k] >= min_count and cue[k] / total[k] >= min_share)
    _write_lexicon(lemmas, min_share, min_count)
    return lemmas


# The gate's inverse regularisation strengths tried, folds, and how often a feature must
# occur in train to get a weight (rarer ones would only memorise single articles).
GATE_C_GRID = (0.03, 0.1, 0.3, 1.0)
GATE_FOLDS = 5
GATE_MIN_FEATURE_COUNT = 3


def gate_training_rows(train_path: str | Path) -> tuple[list[dict], list[float], list[int], list[int], int]:
    """Every verb candidate of the training split: features, best token overlap with a gold
    content (0 when below ``MIN_OVERLAP``), that gold span's number (-1 for none), article
    number, and the number of gold spans."""
    from retold.quotes.extract import parse_articles, verb_candidates

    articles, gold = load_split(train_path)
    feats, overlap, gold_ids, groups, n_gold = [], [], [], [], 0
    for n, (article, docs) in enumerate(zip(articles, parse_articles(articles))):
        body = article.body
        gold_toks = [_tokens(body, [(g["content"]["start"], g["content"]["end"])]) for g in gold.get(article.id, [])]
        for f, frags in verb_candidates(article, docs):
            toks = _tokens(body, frags)
            best, which = max(((_dice(g, toks), k) for k, g in enumerate(gold_toks)), default=(0.0, -1))
            feats.append(f)
            overlap.append(best if best >= MIN_OVERLAP else 0.0)
            gold_ids.append(n_gold + which if best >= MIN_OVERLAP else -1)
            groups.append(n)
        n_gold += len(gold_toks)
    return feats, overlap, gold_ids, groups, n_gold


def _best_threshold(prob, overlap, gold_ids, n_gold: int) -> tuple[float, float]:
    """Threshold maximising the content F1 the kept candidates would give, scored as
    ``evaluate`` scores: precision sums every kept candidate's overlap, recall each gold
    span's best overlap among the kept candidates (so duplicates of one gold count once)."""
    import numpy as np

    order = np.argsort(-np.asarray(prob))
    best_of_gold = np.zeros(n_gold + 1)
    prec_sum = rec_sum = 0.0
    best = (0.0, 1.0)
    for k, i in enumerate(order, start=1):
        prec_sum += overlap[i]
        g = gold_ids[i]
        if g >= 0 and overlap[i] > best_of_gold[g]:
            rec_sum += overlap[i] - best_of_gold[g]
            best_of_gold[g] = overlap[i]
        p, r = prec_sum / k, rec_sum / n_gold if n_gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if f1 > best[0]:
            best = (f1, float(prob[i]))
    return best[1], best[0]


def fit_gate(train_path: str | Path) -> dict[str, float]:
    """Fit ``retold.quotes.gate``'s logistic model on the training split (never dev) and write
    ``retold/quotes/_gate_model.json``. C and the threshold are chosen on out-of-fold
    probabilities (``GATE_FOLDS``-fold, grouped by article). Returns the cross-validated figures."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_predict

    import retold.quotes as pkg

    feats, overlap, gold_ids, groups, n_gold = gate_training_rows(train_path)
    counts = Counter(k for f in feats for k in f)
    feats = [{k: v for k, v in f.items() if counts[k] >= GATE_MIN_FEATURE_COUNT} for f in feats]
    vec = DictVectorizer()
    x = vec.fit_transform(feats).tocsr()
    x.indices, x.indptr = x.indices.astype(np.int32), x.indptr.astype(np.int32)  # liblinear wants 32-bit
    y = (np.asarray(overlap) > 0).astype(int)
    best = (-1.0, 1.0, 0.5)
    for c in GATE_C_GRID:
        model = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
        prob = cross_val_predict(model, x, y, groups=groups, cv=GroupKFold(GATE_FOLDS), method="predict_proba")[:, 1]
        threshold, f1 = _best_threshold(prob, overlap, gold_ids, n_gold)
        if f1 > best[0]:
            best = (f1, c, threshold)
    f1, c, threshold = best
    model = LogisticRegression(C=c, max_iter=2000, solver="liblinear").fit(x, y)
    weights = {name: round(float(w), 4) for name, w in zip(vec.get_feature_names_out(), model.coef_[0])
               if abs(w) >= 1e-4}
    out = {"C": c, "threshold": round(threshold, 4), "cv_candidate_f1": round(float(f1), 4),
           "candidates": len(feats), "positives": int(y.sum()), "gold": n_gold,
           "intercept": round(float(model.intercept_[0]), 4), "weights": dict(sorted(weights.items()))}
    (Path(pkg.__file__).parent / "_gate_model.json").write_text(json.dumps(out, indent=0), encoding="utf-8")
    return {k: v for k, v in out.items() if k != "weights"}


def _write_lexicon(lemmas: list[str], min_share: float, min_count: int) -> None:
    import retold.quotes as pkg

    rows = [", ".join(repr(x) for x in lemmas[i:i + 8]) + "," for i in range(0, len(lemmas), 8)]
    text = (
        '"""Cue verb lemmas fitted on PolNeAR\'s training split (generated; do not edit by hand).\n\n'
        "Regenerate with ``python -m retold.eval.quotes --fit-cues ../shared/eval/quotes/polnear-train``:\n"
        "a verb lemma is a cue when at least ``CUE_MIN_SHARE`` of its uses in polnear-train lie inside\n"
        'a gold cue and it is a cue at least ``CUE_MIN_COUNT`` times.\n"""\n\n'
        f"CUE_MIN_SHARE = {min_share}\nCUE_MIN_COUNT = {min_count}\n\nFITTED_CUE_LEMMAS = frozenset({{\n"
        + "\n".join("    " + r for r in rows) + "\n})\n")
    (Path(pkg.__file__).parent / "_cue_lexicon.py").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "--fit-gate":
        print(fit_gate(args[1]))
    elif args and args[0] == "--fit-cues":
        print(len(fit_cue_lexicon(args[1])), "cue lemmas written")
    else:
        limit = int(args[1]) if len(args) > 1 else None
        print(format_report(evaluate(args[0] if args else "../shared/eval/quotes/polnear-dev", limit)))
