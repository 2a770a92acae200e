"""Open-world story figures, scored on what a user gets: each data set is read and
clustered by ``retold.analyze`` (stage ``stories``) and its exported ``stories`` are
scored, one to one, as the data set's authors score them.

- scrapinghub-events: 181 real pages of a crawl, 151 events by hand (``stories_events``);
  pairwise precision/recall over the pairs of pages put in one story, and B-cubed.
- SemEval-2022 Task 8 dev pairs (``stories_semeval``): the share of very similar pairs
  (``overall`` <= 1.5) that end in one story and of very dissimilar ones (>= 3.5), per
  language pair.
- METER dev (``stories_meter``): one story per PA catchline, B-cubed.
- All of them in one run (``stories_mixed``): no story may join articles of two sets.

The helpers here are shared by those modules; each module is one ``retold eval`` command.
"""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Iterable, Sequence

from retold.eval.stories import bcubed

# The pair classes of SemEval's ``overall`` (1 = very similar ... 4 = very dissimilar).
SIMILAR_MAX = 1.5
DISSIMILAR_MIN = 3.5


def exported_stories(paths: Iterable[str | Path], db: str | Path | None = None) -> list[list[str]]:
    """The article ids of each story that ``retold.analyze(paths, stages=["stories"])``
    exports (through the JSON export, as a user reads it)."""
    from retold.pipeline import analyze

    corpus = analyze([str(p) for p in paths], db=db, stages=["stories"])
    return [list(s["articles"]) for s in json.loads(corpus.to_json(indent=None))["stories"]]


def pairwise(predicted: Sequence[Sequence[str]], gold: Sequence[Sequence[str]]) -> dict[str, float]:
    """Pairwise precision and recall over the documents ``gold`` labels: a pair is
    predicted when both are in one story, right when both are in one gold group."""
    gold_of = {d: k for k, docs in enumerate(gold) for d in docs}
    pred_pairs = {frozenset(p) for docs in predicted for p in combinations([d for d in docs if d in gold_of], 2)}
    gold_pairs = {frozenset(p) for docs in gold for p in combinations(docs, 2)}
    right = len(pred_pairs & gold_pairs)
    return {"pairs_predicted": len(pred_pairs), "pairs_gold": len(gold_pairs), "pairs_right": right,
            "pairwise_precision": right / len(pred_pairs) if pred_pairs else 1.0,
            "pairwise_recall": right / len(gold_pairs) if gold_pairs else 1.0}


def partition_scores(predicted: Sequence[Sequence[str]], gold: Sequence[Sequence[str]]) -> dict[str, float]:
    """Pairwise and B-cubed figures of ``predicted`` against ``gold``."""
    b3 = bcubed(predicted, gold)
    return {**pairwise(predicted, gold), "bcubed_precision": b3["precision"], "bcubed_recall": b3["recall"],
            "bcubed_f1": b3["f1"]}


def semeval_rates(predicted: Sequence[Sequence[str]], pairs: Sequence[dict]) -> dict[str, dict[str, float]]:
    """Per language pair (and ``all``): how many very similar / very dissimilar pairs there
    are and the share of each that ends in one story."""
    story_of = {d: k for k, docs in enumerate(predicted) for d in docs}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for p in pairs:
        if p["a"] not in story_of or p["b"] not in story_of:
            continue
        if p["overall"] <= SIMILAR_MAX:
            kind = "similar"
        elif p["overall"] >= DISSIMILAR_MIN:
            kind = "dissimilar"
        else:
            continue
        joined = story_of[p["a"]] == story_of[p["b"]]
        for lang in (p["lang"], "all"):
            counts[lang][kind] += 1
            counts[lang][kind + "_joined"] += joined
    return {lang: {"similar": c["similar"], "dissimilar": c["dissimilar"],
                   "similar_joined": c["similar_joined"] / c["similar"] if c["similar"] else None,
                   "dissimilar_joined": c["dissimilar_joined"] / c["dissimilar"] if c["dissimilar"] else None}
            for lang, c in sorted(counts.items())}


def format_rates(rates: dict[str, dict[str, float]]) -> list[str]:
    """The per-language table of ``semeval_rates``."""
    def share(x):
        return "   -  " if x is None else f"{x:6.3f}"

    lines = [f"{'pair':<8}{'similar':>9}{'joined':>8}{'dissim.':>9}{'joined':>8}"]
    for lang, r in rates.items():
        lines.append(f"{lang:<8}{r['similar']:>9}{share(r['similar_joined']):>8}{r['dissimilar']:>9}"
                     f"{share(r['dissimilar_joined']):>8}")
    return lines


def load_jsonl_ids(path: str | Path) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line)["id"] for line in fh if line.strip()]
