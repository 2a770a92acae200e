"""`retold eval stories-semeval`: do very similar article pairs end in one story and very
dissimilar ones apart? SemEval-2022 Task 8 dev (``overall`` 1 = very similar ... 4 = very
dissimilar, annotators' mean), all 1,490 articles in one ``retold.analyze`` run (stage
``stories``), per language pair; the exported stories are read.

Run: ``python -m retold.eval.stories_semeval ../shared/eval/stories/semeval-dev``
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from retold.eval.stories_open import DISSIMILAR_MIN, SIMILAR_MAX, exported_stories, format_rates, semeval_rates


def evaluate(path: str | Path) -> dict:
    path = Path(path)
    pairs = json.loads((path / "gold.json").read_text(encoding="utf-8"))["pairs"]
    start = time.perf_counter()
    stories = exported_stories([path / "docs.jsonl"])
    seconds = time.perf_counter() - start
    return {"articles": sum(len(s) for s in stories), "stories": len(stories), "seconds": seconds,
            "rates": semeval_rates(stories, pairs)}


def format_report(r: dict) -> str:
    every = r["rates"].get("all", {})
    return "\n".join([
        f"semeval dev: {r['articles']} articles in {r['stories']} stories ({r['seconds']:.1f} s)",
        f"pairs in one story: very similar (overall <= {SIMILAR_MAX}) {every.get('similar_joined') or 0:.3f}, "
        f"very dissimilar (>= {DISSIMILAR_MIN}) {every.get('dissimilar_joined') or 0:.3f}",
        *format_rates(r["rates"]),
    ])


if __name__ == "__main__":
    print(format_report(evaluate(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/stories/semeval-dev")))
