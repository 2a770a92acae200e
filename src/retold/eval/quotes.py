"""Score the quotes a user gets on a PolNeAR-style split (``articles/*.txt`` + ``gold.json``).

The split's articles go through ``retold.pipeline.analyze`` as a JSONL file (one record per
article, ``text`` = the file's text), and the quotes of the exported result
(``corpus.to_dict()["quotes"]``) are scored, one to one, as ``shared/README.md`` describes:

- ``content_f1`` (+ ``_precision``/``_recall``): token overlap between a gold content span and
  an exported quote is the Dice coefficient (token F1) of the ``\\w+`` tokens they cover in
  the article (the tokens of a quote's ``span`` that its ``text`` holds, so the cue inside a
  split quote is not counted). Each gold
  span is matched to at most one exported quote and each quote to at most one gold span
  (the assignment of largest total overlap, pairs below ``MIN_OVERLAP`` never matched); the
  matched overlaps are summed and divided by the number of gold spans (recall) and of
  exported quotes (precision).
- ``direct_f1``: the same over gold spans that are direct quotes (at least ``DIRECT_SHARE`` of
  their tokens inside quotation marks) against exported quotes of kind ``direct``.
- ``speech_f1``: the same over the gold attributions whose cue reports speech
  (``speech_cues``), against every exported quote: retold reports what was said, wrote,
  announced or stated, where PolNeAR also annotates beliefs and attitudes.
- ``speaker_accuracy``: over matched gold spans with a source, the exported ``speaker`` (the
  resolved name a user reads) is right when it holds the gold source's head word ("Trump" /
  "Donald Trump"; "Ben Jealous, the former president of the NAACP" / "Ben Jealous"). A gold
  source that is a pronoun ("he said") stands for the last named gold source before it in
  the article (its antecedent in the annotation); ``speaker_named_accuracy`` counts only gold
  sources that are not pronouns.

Also, both fitted on the training split only (never dev):

- ``fit_cue_lexicon(train_path)`` regenerates ``retold/quotes/_cue_lexicon.py``
  (``--fit-cues``);
- ``fit_gate(train_path)`` regenerates ``retold/quotes/_gate_model.json``, the logistic
  model that keeps candidate (cue, content) pairs (``--fit-gate``; about 4 minutes on two
  cores, most of it parsing). Its C and threshold are chosen on out-of-fold probabilities,
  5-fold grouped by article, maximising the content F1 that the kept candidates would score.

``python -m retold.eval.quotes ../shared/eval/quotes/polnear-dev`` prints the figures.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from retold.model import Article
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


def _is_pronoun(source: dict) -> bool:
    return source["text"].lower().strip() in _PRONOUNS


def _gold_speakers(items: list[dict]) -> list[dict | None]:
    """Each gold attribution's source, a pronoun replaced by the last named source before it."""
    named = sorted((g["source"] for g in items if g.get("source") and not _is_pronoun(g["source"])),
                   key=lambda s: s["start"])
    out = []
    for g in items:
        src = g.get("source")
        if src and _is_pronoun(src):
            src = next((s for s in reversed(named) if s["start"] < src["start"]), None)
        out.append(src)
    return out


def speaker_matches(gold_source_text: str, speaker: str | None) -> bool:
    """Whether the resolved ``speaker`` names the gold source: it holds the last word of the
    gold source or of its name before an appositive or "of ..."."""
    name_words = set(_TOKEN.findall((speaker or "").lower().replace("’s", "").replace("'s", "")))
    heads = {words[-1] for text in (gold_source_text, _GOLD_HEAD.split(gold_source_text)[0])
             if (words := _TOKEN.findall(clean_name(text).lower()))}
    return bool(heads & name_words)


def match_one_to_one(gold: list[frozenset[int]], pred: list[frozenset[int]]) -> list[tuple[int, int, float]]:
    """(gold index, predicted index, overlap) pairs: each side used at most once, the total
    overlap as large as it can be, no pair below ``MIN_OVERLAP``."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    if not gold or not pred:
        return []
    m = np.array([[_dice(g, p) for p in pred] for g in gold])
    m[m < MIN_OVERLAP] = 0.0
    rows, cols = linear_sum_assignment(-m)
    return [(int(r), int(c), float(m[r, c])) for r, c in zip(rows, cols) if m[r, c] > 0]


def _offset_map(original: str, body: str) -> list[int | None]:
    """For each character of ``body``, its offset in ``original`` (None where it is not
    there): the pipeline may move credit lines out or normalise spaces."""
    if original == body:
        return list(range(len(body)))
    out: list[int | None] = [None] * len(body)
    matcher = difflib.SequenceMatcher(None, original, body, autojunk=False)
    for i, j, n in matcher.get_matching_blocks():
        for k in range(n):
            out[j + k] = i + k
    return out


def _quote_tokens(original: str, body: str, omap: list[int | None], quote: dict) -> frozenset[int]:
    """The ``original`` token offsets of an exported quote: the tokens of its ``span`` that
    its ``text`` holds, in order (a split quote's span also covers its cue, "he said")."""
    s, e = quote["span"]
    wanted = [w.lower() for w in _TOKEN.findall(quote["text"])]
    starts, k = set(), 0
    for m in _TOKEN.finditer(body[s:e]):
        if k < len(wanted) and m.group().lower() == wanted[k]:
            k += 1
            at = omap[s + m.start()] if s + m.start() < len(omap) else None
            if at is not None:
                starts.add(at)
    return frozenset(starts)


def analyze_split(articles: list[Article], db: str | Path | None = None) -> dict[str, Any]:
    """The export dict of ``retold.pipeline.analyze`` run on ``articles`` (as one JSONL file)."""
    from retold.pipeline import analyze

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "split.jsonl"
        path.write_text("".join(json.dumps({"id": a.id, "text": a.body}, ensure_ascii=False) + "\n"
                                for a in articles), encoding="utf-8")
        return analyze([path], db=db, stages=["quotes"]).to_dict()


def speech_cues(gold: dict[str, list[dict]]) -> set[tuple[str, int]]:
    """``(article, index)`` of the gold attributions whose cue reports speech (a lemma of
    ``retold.quotes.cues.SPEECH_LEMMAS`` or ``SPEECH_NOUNS``, "according to", a colon):
    PolNeAR also annotates beliefs and attitudes ("wants", "is confident"), which are not quotes."""
    from retold.nlp import spacy_pipeline
    from retold.quotes.cues import SPEECH_LEMMAS, SPEECH_NOUNS

    items = [(aid, k, (g.get("cue") or {}).get("text", "")) for aid, gs in gold.items() for k, g in enumerate(gs)]
    nlp = spacy_pipeline()
    out = set()
    for (aid, k, text), doc in zip(items, nlp.pipe((t for _, _, t in items), batch_size=256)):
        lemmas = {t.lemma_.lower() for t in doc}
        if lemmas & (SPEECH_LEMMAS | SPEECH_NOUNS | {"according", ":"}):
            out.add((aid, k))
    return out


def score_export(articles: list[Article], gold: dict[str, list[dict]], export: dict[str, Any],
                 speech: set[tuple[str, int]] | None = None) -> Counter:
    """Sums and tallies of ``evaluate``'s figures for ``export`` against ``gold`` (and, with
    ``speech``, the ``speech_`` figures against the gold attributions of speech only)."""
    bodies = {a["id"]: a["body"] for a in export["articles"]}
    by_article: dict[str, list[dict]] = {}
    for q in export["quotes"]:
        by_article.setdefault(q["article"], []).append(q)
    tot: Counter = Counter()
    for article in articles:
        original = article.body
        body = bodies.get(article.id, "")
        omap = _offset_map(original, body)
        quoted = [(q.start, q.end) for q in find_quoted_spans(original)]
        items = gold.get(article.id, [])
        speakers = _gold_speakers(items)
        g_all = [(_tokens(original, [(g["content"]["start"], g["content"]["end"])]), src,
                  _is_direct(original, (g["content"]["start"], g["content"]["end"]), quoted), g.get("source"))
                 for g, src in zip(items, speakers)]
        p_all = [(_quote_tokens(original, body, omap, q), q) for q in by_article.get(article.id, [])]
        subsets = [("", g_all, p_all),
                   ("direct_", [x for x in g_all if x[2]], [x for x in p_all if x[1]["kind"] == "direct"])]
        if speech is not None:
            subsets.append(("speech_", [x for k, x in enumerate(g_all) if (article.id, k) in speech], p_all))
        for prefix, g_sel, p_sel in subsets:
            pairs = match_one_to_one([g[0] for g in g_sel], [p[0] for p in p_sel])
            tot[prefix + "overlap"] += sum(o for _, _, o in pairs)
            tot[prefix + "gold"] += len(g_sel)
            tot[prefix + "pred"] += len(p_sel)
            tot[prefix + "matched"] += len(pairs)
            if prefix:
                continue
            for gi, pi, _ in pairs:
                _, src, _, raw = g_sel[gi]
                if raw is None:
                    continue
                right = src is not None and speaker_matches(src["text"], p_sel[pi][1]["speaker"])
                tot["speaker_n"] += 1
                tot["speaker"] += right
                if not _is_pronoun(raw):
                    tot["named_n"] += 1
                    tot["named"] += right
    return tot


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(path: str | Path, limit: int | None = None, db: str | Path | None = None) -> dict[str, Any]:
    """Content F1 (all, direct) and speaker accuracy of the exported quotes on the split at ``path``.

    ``limit`` scores only the first ``limit`` articles (for quick iterations); ``db`` keeps the
    store (and its caches) between runs. A split with no articles gives zeros.
    """
    articles, gold = load_split(path)
    articles = articles[:limit] if limit else articles
    started = time.perf_counter()
    export = analyze_split(articles, db=db) if articles else {"articles": [], "quotes": []}
    seconds = time.perf_counter() - started
    tot = score_export(articles, gold, export, speech_cues(gold))
    out: dict[str, Any] = {"articles": len(articles)}
    for prefix in ("", "direct_", "speech_"):
        p = tot[prefix + "overlap"] / tot[prefix + "pred"] if tot[prefix + "pred"] else 0.0
        r = tot[prefix + "overlap"] / tot[prefix + "gold"] if tot[prefix + "gold"] else 0.0
        name = prefix or "content_"
        out.update({f"{name}precision": round(p, 4), f"{name}recall": round(r, 4),
                    f"{name}f1": round(_f1(p, r), 4), f"{prefix}gold": tot[prefix + "gold"],
                    f"{prefix}predicted": tot[prefix + "pred"], f"{prefix}matched": tot[prefix + "matched"]})
    out["speaker_accuracy"] = round(tot["speaker"] / tot["speaker_n"], 4) if tot["speaker_n"] else 0.0
    out["speaker_named_accuracy"] = round(tot["named"] / tot["named_n"], 4) if tot["named_n"] else 0.0
    out["speaker_matched"] = tot["speaker_n"]
    out["seconds"] = round(seconds, 1)
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
    """Threshold maximising the content F1 the kept candidates would give, scored one to one
    as ``evaluate`` scores: taken in order of probability, a kept candidate is credited its
    overlap when its gold span is not yet claimed by a likelier candidate, else nothing (a
    duplicate costs precision)."""
    import numpy as np

    order = np.argsort(-np.asarray(prob))
    claimed = np.zeros(n_gold + 1, dtype=bool)
    matched_sum = 0.0
    best = (0.0, 1.0)
    for k, i in enumerate(order, start=1):
        g = gold_ids[i]
        if g >= 0 and not claimed[g]:
            claimed[g] = True
            matched_sum += overlap[i]
        p, r = matched_sum / k, matched_sum / n_gold if n_gold else 0.0
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
        limit = int(args[1]) if len(args) > 1 and args[1] != "0" else None
        db = args[2] if len(args) > 2 else None  # a store under /tmp keeps parses between runs
        print(format_report(evaluate(args[0] if args else "../shared/eval/quotes/polnear-dev", limit, db)))
