"""Throughput and peak memory of ``compare_coverage`` on ECB+ stories, at 1x, 10x, 100x.

Stories are the gold events of ``../shared/eval/stories/ecbplus-dev`` (``gold.json``). At
size k every article is reprinted k times under new ids in its own story, so stories grow
k-fold, as they do when wire copy is syndicated: this exercises the within-story matching
(dense matrix, then the usearch index past ``DENSE_LIMIT``) and the folding of verbatim
sentences. Each size runs in a fresh process, without a cache by default (embeddings
included in the time, the model load excluded; ``--cache`` adds a ``MemoryCache``, whose
stored vectors then dominate memory); peak memory is that process's peak resident set
(``ru_maxrss``), the model included. tracemalloc is not used: it doubles the encoder's time.

    .venv/bin/python bench/bench_coverage.py --sizes 1,10
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import time
from pathlib import Path

from retold.coverage import compare_coverage
from retold.model import Article, MemoryCache, Story

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "stories" / "ecbplus-dev"


def load(path: Path) -> tuple[list[Article], list[Story]]:
    """ECB+ articles and their gold events as stories."""
    docs = [json.loads(line) for line in (path / "docs.jsonl").read_text(encoding="utf-8").splitlines() if line]
    articles = [Article(id=d["id"], body=d["text"], headline=d.get("title"), language="en") for d in docs]
    gold = json.loads((path / "gold.json").read_text(encoding="utf-8"))
    stories = [Story(id=f"event-{k}", title="", articles=tuple(ids)) for k, ids in enumerate(gold["stories"])]
    return articles, stories


def scale(articles: list[Article], stories: list[Story], k: int) -> tuple[list[Article], list[Story]]:
    """Every article reprinted ``k`` times (ids ``<id>~<n>``) inside its own story."""
    if k == 1:
        return articles, stories
    copies = [Article(id=f"{a.id}~{n}", body=a.body, language=a.language) for a in articles for n in range(k)]
    grown = [Story(id=s.id, title=s.title, articles=tuple(f"{i}~{n}" for i in s.articles for n in range(k)))
             for s in stories]
    return copies, grown


def run(path: Path, n_stories: int, k: int, with_cache: bool = False) -> dict:
    """One size, meant to run in its own process so its peak memory is its own."""
    from retold.nlp import embed

    articles, stories = load(path)
    if n_stories:
        stories = stories[:n_stories]
        keep = {i for s in stories for i in s.articles}
        articles = [a for a in articles if a.id in keep]
    articles, stories = scale(articles, stories, k)
    embed(["warm up"])  # the model load is paid once per process, not per article
    start = time.perf_counter()
    coverage = compare_coverage(articles, stories, cache=MemoryCache() if with_cache else None)
    seconds = time.perf_counter() - start
    return {
        "size": f"{k}x",
        "articles": len(articles),
        "stories": len(coverage),
        "units": sum(len(c.units) for c in coverage),
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(articles) / seconds, 1),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="comma-separated multiples of the data set")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with docs.jsonl and gold.json")
    parser.add_argument("--stories", type=int, default=0, help="use only the first N stories (0: all)")
    parser.add_argument("--cache", action="store_true", help="run with a MemoryCache (kept in memory)")
    args = parser.parse_args()
    spawn = multiprocessing.get_context("spawn")
    for k in (int(x) for x in args.sizes.split(",")):
        with spawn.Pool(1) as pool:
            print(json.dumps(pool.apply(run, (args.data, args.stories, k, args.cache))), flush=True)


if __name__ == "__main__":
    main()
