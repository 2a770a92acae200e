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
  right when its mention overlaps the gold source span, or when the resolved name shares the
  gold source's last word ("Trump" / "Donald Trump"; "Mr. Obama" / "Barack Obama").
  ``speaker_name_accuracy`` counts only the resolved name, over gold sources that are not pronouns.

Also ``fit_cue_lexicon(train_path)``, which regenerates ``retold/quotes/_cue_lexicon.py``
from the training split (never the dev split).
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
    gold_words = clean_name(gold_src["text"]).lower().split()
    name_words = (attr.speaker or "").lower().replace("’s", "").replace("'s", "").split()
    by_name = bool(gold_words) and gold_words[-1] in name_words
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
    if args and args[0] == "--fit-cues":
        print(len(fit_cue_lexicon(args[1])), "cue lemmas written")
    else:
        limit = int(args[1]) if len(args) > 1 else None
        print(format_report(evaluate(args[0] if args else "../shared/eval/quotes/polnear-dev", limit)))
