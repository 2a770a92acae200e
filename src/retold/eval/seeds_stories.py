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


if __name__ == "__main__":
    from retold.eval.seeds_gold import gold_articles
    from retold.stories import assign_stories

    path = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/seeds.gold.json")
    seed_gold = json.loads(path.read_text(encoding="utf-8"))
    seed_articles = gold_articles(path.parent / "seeds", seed_gold)
    result = score_seeds_stories(assign_stories(seed_articles), seed_gold)
    print(f"seeds: B-cubed P {result['bcubed_precision']:.3f} R {result['bcubed_recall']:.3f} "
          f"F1 {result['bcubed_f1']:.3f} ({result['stories']} stories, {result['gold_stories']} gold)")
