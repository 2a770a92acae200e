"""Score stories against the seed answer key (``seeds.gold.json``): B-cubed over the seed documents.

Run: ``python -m retold.eval.seeds_stories ../shared/corpus/seeds.gold.json`` (stories are
computed from the gold-cleaned seed articles).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Sequence

from retold.eval.stories import bcubed
from retold.model import Story


def score_seeds_stories(stories: Sequence[Story], gold: dict) -> dict[str, float]:
    """B-cubed precision, recall and F1 of ``stories`` against ``gold["stories"][i]["docs"]``;
    no stories gives zeros."""
    gold_groups = [list(s["docs"]) for s in gold["stories"]]
    scores = bcubed([list(s.articles) for s in stories], gold_groups)
    return {"bcubed_precision": scores["precision"], "bcubed_recall": scores["recall"], "bcubed_f1": scores["f1"],
            "stories": len(stories), "gold_stories": len(gold_groups)}


def _seed_articles(gold_path: Path):
    from retold.model import Article

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    seeds = gold_path.parent / "seeds"
    articles = []
    for doc_id, g in sorted(gold["docs"].items()):
        lines = (seeds / f"{doc_id}.txt").read_text(encoding="utf-8").split("\n")
        body = "\n".join(lines[i - 1].strip() for s, e in g["body"] for i in range(s, e + 1) if lines[i - 1].strip())
        articles.append(Article(id=doc_id, body=body, outlet=g.get("outlet"), headline=g.get("headline"),
                                dateline=g.get("dateline"), language=g.get("language")))
    return articles, gold


if __name__ == "__main__":
    from retold.stories import assign_stories

    path = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/seeds.gold.json")
    seed_articles, seed_gold = _seed_articles(path)
    result = score_seeds_stories(assign_stories(seed_articles), seed_gold)
    print(f"seeds: B-cubed P {result['bcubed_precision']:.3f} R {result['bcubed_recall']:.3f} "
          f"F1 {result['bcubed_f1']:.3f} ({result['stories']} stories, {result['gold_stories']} gold)")
