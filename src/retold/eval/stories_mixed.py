"""`retold eval stories-mixed`: every story set in one stream. ECB+ dev, the scrapinghub
crawl, SemEval dev and METER dev are read by one ``retold.analyze`` run (stage
``stories``); no exported story may hold articles of two sets, and each set's own
figures are given again as they come out of the mixed run.

Run: ``python -m retold.eval.stories_mixed ../shared/eval``
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from retold.eval.stories_open import exported_stories, load_jsonl_ids, partition_scores, semeval_rates


def _sets(root: Path) -> dict[str, tuple[list[Path], list[str]]]:
    html = root / "extraction" / "scrapinghub" / "html"
    jsonl = {"ecbplus-dev": root / "stories" / "ecbplus-dev" / "docs.jsonl",
             "semeval-dev": root / "stories" / "semeval-dev" / "docs.jsonl",
             "meter-dev": root / "reuse" / "meter-dev" / "docs.jsonl"}
    out = {name: ([p], load_jsonl_ids(p)) for name, p in jsonl.items()}
    out["scrapinghub"] = ([html], [p.name.split(".")[0] for p in sorted(html.glob("*.html*"))])
    return out


def evaluate(path: str | Path) -> dict:
    root = Path(path)
    sets = _sets(root)
    set_of = {i: name for name, (_, ids) in sets.items() for i in ids}
    start = time.perf_counter()
    stories = exported_stories([p for paths, _ in sets.values() for p in paths])
    seconds = time.perf_counter() - start
    crossing = [s for s in stories if len({set_of.get(a) for a in s}) > 1]
    golds = {"ecbplus-dev": root / "stories" / "ecbplus-dev" / "gold.json",
             "scrapinghub": root / "stories" / "scrapinghub-events" / "gold.json",
             "meter-dev": root / "reuse" / "meter-dev" / "gold.json"}
    per_set = {name: partition_scores(stories, json.loads(g.read_text(encoding="utf-8"))["stories"])
               for name, g in golds.items()}
    pairs = json.loads((root / "stories" / "semeval-dev" / "gold.json").read_text(encoding="utf-8"))["pairs"]
    return {"articles": sum(len(s) for s in stories), "stories": len(stories), "seconds": seconds,
            "crossing_stories": len(crossing), "crossing_examples": crossing[:5], "per_set": per_set,
            "semeval": semeval_rates(stories, pairs).get("all", {})}


def format_report(r: dict) -> str:
    lines = [f"mixed stream: {r['articles']} articles, {r['stories']} stories ({r['seconds']:.1f} s)",
             f"stories joining two sets: {r['crossing_stories']}"]
    for example in r["crossing_examples"]:
        lines.append("  " + ", ".join(example[:6]))
    for name, s in r["per_set"].items():
        lines.append(f"{name}: B-cubed F1 {s['bcubed_f1']:.3f}, pairwise P {s['pairwise_precision']:.3f} "
                     f"R {s['pairwise_recall']:.3f}")
    sem = r["semeval"]
    lines.append(f"semeval-dev: very similar joined {sem.get('similar_joined') or 0:.3f}, "
                 f"very dissimilar joined {sem.get('dissimilar_joined') or 0:.3f}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_report(evaluate(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval")))
