"""`retold eval stories-events`: stories of a real crawl against a hand-made event key.

The 181 scrapinghub article pages (``../shared/eval/extraction/scrapinghub/html``) are
read as a user's crawl is (``retold.analyze``, stage ``stories``) and the exported
stories are scored against ``scrapinghub-events/gold.json`` (151 events): pairwise
precision and recall over the pairs of pages put in one story, and B-cubed.

Run: ``python -m retold.eval.stories_events ../shared/eval/stories/scrapinghub-events``
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Sequence

from retold.eval.stories_open import exported_stories, partition_scores


def pages_dir(path: str | Path) -> Path:
    """The HTML pages the event key labels: ``extraction/scrapinghub/html`` beside it."""
    return Path(path).resolve().parents[1] / "extraction" / "scrapinghub" / "html"


def evaluate(path: str | Path, pages: Sequence[str] | None = None) -> dict:
    """Pairwise and B-cubed figures of the exported stories; ``pages`` (ids) narrows the run
    to those pages and the key to its groups' members among them."""
    path = Path(path)
    gold = json.loads((path / "gold.json").read_text(encoding="utf-8"))["stories"]
    html = pages_dir(path)
    inputs = [html] if pages is None else [html / f"{page}.html.gz" for page in pages]
    if pages is not None:
        wanted = set(pages)
        gold = [kept for kept in ([d for d in g if d in wanted] for g in gold) if kept]
    start = time.perf_counter()
    stories = exported_stories(inputs)
    seconds = time.perf_counter() - start
    joined = [s for s in stories if len(s) > 1]
    return {"pages": sum(len(g) for g in gold), "gold_events": len(gold), "stories": len(stories),
            "stories_joined": len(joined), "seconds": seconds, **partition_scores(stories, gold)}


def format_report(r: dict) -> str:
    return "\n".join([
        f"scrapinghub-events: {r['pages']} pages, {r['gold_events']} events; {r['stories']} stories "
        f"({r['stories_joined']} of two or more pages), {r['seconds']:.1f} s",
        f"pairwise: P {r['pairwise_precision']:.3f} ({r['pairs_right']} of {r['pairs_predicted']} joined pairs right)  "
        f"R {r['pairwise_recall']:.3f} (of {r['pairs_gold']})",
        f"B-cubed: P {r['bcubed_precision']:.3f}  R {r['bcubed_recall']:.3f}  F1 {r['bcubed_f1']:.3f}",
    ])


if __name__ == "__main__":
    print(format_report(evaluate(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/stories/scrapinghub-events")))
