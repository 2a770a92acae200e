"""`retold eval stories-meter`: METER dev as stories, one per PA catchline (the PA wire
files of a story and the next day's newspaper articles on it, ``gold.json`` ``stories``).
All 869 texts in one ``retold.analyze`` run (stage ``stories``); B-cubed over the
exported stories.

Run: ``python -m retold.eval.stories_meter ../shared/eval/reuse/meter-dev``
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from retold.eval.stories_open import exported_stories, partition_scores


def evaluate(path: str | Path) -> dict:
    path = Path(path)
    gold = json.loads((path / "gold.json").read_text(encoding="utf-8"))["stories"]
    start = time.perf_counter()
    stories = exported_stories([path / "docs.jsonl"])
    seconds = time.perf_counter() - start
    return {"texts": sum(len(s) for s in stories), "gold_stories": len(gold), "stories": len(stories),
            "seconds": seconds, **partition_scores(stories, gold)}


def format_report(r: dict) -> str:
    return "\n".join([
        f"METER dev: {r['texts']} texts, {r['gold_stories']} PA stories; {r['stories']} stories ({r['seconds']:.1f} s)",
        f"B-cubed: P {r['bcubed_precision']:.3f}  R {r['bcubed_recall']:.3f}  F1 {r['bcubed_f1']:.3f}",
        f"pairwise: P {r['pairwise_precision']:.3f}  R {r['pairwise_recall']:.3f}",
    ])


if __name__ == "__main__":
    print(format_report(evaluate(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/reuse/meter-dev")))
