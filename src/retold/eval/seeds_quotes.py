"""Score quote clusters against the seed answer key (``seeds.gold.json``'s ``quote_clusters``).

A gold cluster is *recovered* when one predicted cluster holds, for every document of the
gold cluster, a quote of that document overlapping the gold rendering, holds no quote that
overlaps a rendering of another gold cluster, and has the right speaker (same surname:
"Sergey Shoigu" = "Sergei Shoigu").

A quote overlaps a rendering (a text fragment copied from the article) when the shorter of
the two, lower-cased, aligns with a stretch of the longer at rapidfuzz ``partial_ratio`` of at
least ``MIN_PARTIAL_RATIO`` (the texts are both verbatim from the article, so a true overlap
aligns almost exactly; shared function words alone do not), and the aligned stretch is at
least ``MIN_WORDS`` words or the whole rendering.

Also ``fit_same_utterance(msrp_path)``: refits the logistic model that ``retold.quotes.cluster``
uses to decide whether two units render the same utterance.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any, Sequence

from retold.model import Quote, QuoteCluster

MIN_PARTIAL_RATIO = 90
MIN_WORDS = 3
_WORD = re.compile(r"\w+")


def overlaps(quote_text: str, fragment: str) -> bool:
    """Whether a quote's text and a gold rendering overlap (see module doc)."""
    from rapidfuzz import fuzz

    q, f = " ".join(quote_text.lower().split()), " ".join(fragment.lower().split())
    short = q if len(q) <= len(f) else f
    if not short or (len(_WORD.findall(short)) < MIN_WORDS and short != f):
        return False
    return fuzz.partial_ratio(short, f if short is q else q) >= MIN_PARTIAL_RATIO


def _surname(name: str | None) -> str:
    words = (name or "").replace("’s", "").replace("'s", "").lower().split()
    return words[-1] if words else ""


def _members(quotes: Sequence[Quote]) -> dict[str, list[tuple[str, str]]]:
    """Each cluster's ``(article, text)`` renderings: the pieces of quotes that are in it (a
    quote without pieces is one rendering, in its own cluster)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for q in quotes:
        for cluster, text in ([(p.cluster, p.text) for p in q.pieces] or [(q.cluster, q.text)]):
            out.setdefault(cluster, []).append((q.article, text))
    return out


def score_seeds_quotes(quotes: Sequence[Quote], clusters: Sequence[QuoteCluster], gold: dict) -> dict[str, Any]:
    """``recovered`` (of ``gold_clusters``) quote clusters, plus the ids of those missed.

    A cluster's members are the pieces of quotes in it (``Quote.pieces``). ``gold`` is the whole seeds answer key. No quotes give ``recovered`` 0.
    """
    gold_clusters = gold["quote_clusters"]
    members = _members(quotes)
    recovered, missed = 0, []
    for g, gc in enumerate(gold_clusters):
        ok = False
        for c in clusters:
            renders = [(article, {k for k, other in enumerate(gold_clusters)
                                  if other["in"].get(article) and overlaps(text, other["in"][article])})
                       for article, text in members.get(c.id, [])]
            if any(r - {g} for _, r in renders):
                continue
            docs = {article for article, r in renders if g in r}
            if docs >= set(gc["in"]) and _surname(c.speaker) == _surname(gc["speaker"]):
                ok = True
                break
        recovered += ok
        if not ok:
            missed.append(gc["gist"])
    return {"recovered": recovered, "gold_clusters": len(gold_clusters), "missed": "; ".join(missed)}


def fit_same_utterance(msrp_path: str | Path) -> dict[str, float]:
    """Fit P(same utterance | cosine, containment) on MSRP pairs; weights and 5-fold CV accuracy."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score

    from retold.nlp import embed
    from retold.quotes.cluster import containment

    rows = [json.loads(line) for line in Path(msrp_path).read_text(encoding="utf-8").splitlines() if line.strip()]
    a, b = embed([r["a"] for r in rows]), embed([r["b"] for r in rows])
    x = np.c_[(a * b).sum(1), [containment(r["a"], r["b"]) for r in rows]]
    y = np.array([r["label"] for r in rows])
    model = LogisticRegression(C=10).fit(x, y)
    cv = cross_val_score(LogisticRegression(C=10), x, y, cv=5).mean()
    return {"w_cos": float(model.coef_[0][0]), "w_contain": float(model.coef_[0][1]),
            "bias": float(model.intercept_[0]), "cv_accuracy": float(cv)}


if __name__ == "__main__":
    from retold.eval.seeds_gold import gold_articles
    from retold.model import Story
    from retold.quotes import find_quotes

    if len(sys.argv) > 2 and sys.argv[1] == "--fit":
        print(fit_same_utterance(sys.argv[2]))
        raise SystemExit(0)
    shared = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")
    gold = json.loads((shared / "corpus" / "seeds.gold.json").read_text(encoding="utf-8"))
    articles = gold_articles(shared / "corpus" / "seeds", gold)
    stories = [Story(f"s{i}", s.get("about", ""), tuple(s["docs"])) for i, s in enumerate(gold["stories"])]
    quotes, clusters = find_quotes(articles, stories)
    print(score_seeds_quotes(quotes, clusters, gold))
