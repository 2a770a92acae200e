"""Benchmark story assignment: articles/s and peak memory at 1x, 10x, 100x ECB+ dev,
and the cost of adding 1% new articles to a stored 100x corpus through ``previous``.

A k-times corpus holds k copies of ECB+ dev (772 articles): copy c has ids suffixed
``#c`` and one body line dropped (light perturbation, so copies are not identical).
Per-article features (spaCy NER, ~25 articles/s on one core) are measured once on
the 1x corpus; for copies they are put in the cache from their original, because a
store computes them once per article anyway (the ``Cache``), and 77k NER parses
would take most of an hour on 2 cores. What is timed at 10x/100x is then everything
else: TF-IDF, scoring and clustering (near-copies ride with their original, so the
originals stay under ``cluster.EXACT_LIMIT`` and every pair of them is scored).

Each size runs in its own process so that peak memory (ru_maxrss) is its own.

Run: ``python bench/bench_stories.py --sizes 1,10,100`` (``--sizes 1,10`` for a quick run).
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SPLIT = REPO.parent / "shared" / "eval" / "stories" / "ecbplus-dev"


def _copies(articles, copies: int, tag: str = ""):
    """``copies`` perturbed copies of ``articles`` (copy 0 is the original when ``tag`` is empty)."""
    out = []
    for c in range(copies):
        rng = random.Random(f"{tag}{c}")
        for a in articles:
            if c == 0 and not tag:
                out.append(a)
                continue
            lines = a.body.split("\n")
            if len(lines) > 2:
                del lines[rng.randrange(1, len(lines))]
            out.append(replace(a, id=f"{a.id}#{tag}{c}", body="\n".join(lines)))
    return out


def _seed_cache(cache, originals, copies):
    """Give each copy its original's features under the copy's own cache key."""
    from retold.stories.features import _cache_key, article_features

    base = {f.article_id: f for f in article_features(originals, cache)}
    for a in copies:
        f = base[a.id.split("#")[0]]
        cache.put(_cache_key(a), replace(f, article_id=a.id).to_bytes())


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_size(split: Path, size: int, incremental_share: float, feature_cache: Path) -> dict:
    """Time one size (in this process) and return its figures."""
    from retold.eval.stories import bcubed, load_split
    from retold.model import MemoryCache
    from retold.stories import assign_stories

    from retold.nlp import detect_language

    originals, gold = load_split(split)
    # The split carries no languages; ``clean`` sets one on every article a user analyses,
    # so the bench does too (once per original, outside the timing).
    originals = [replace(a, language=a.language or detect_language(a.body)) for a in originals]
    cache = MemoryCache()
    result: dict = {"size": size}
    if feature_cache.exists():
        cache._d.update(pickle.loads(feature_cache.read_bytes()))
    else:
        start = time.perf_counter()
        from retold.stories.features import article_features

        article_features(originals, cache)
        result["features_articles_per_s"] = len(originals) / (time.perf_counter() - start)
        feature_cache.write_bytes(pickle.dumps(cache._d))
    articles = _copies(originals, size)
    _seed_cache(cache, originals, articles)
    start = time.perf_counter()
    stories = assign_stories(articles, cache=cache)
    seconds = time.perf_counter() - start
    result.update(articles=len(articles), seconds=seconds, articles_per_s=len(articles) / seconds,
                  stories=len(stories), peak_mib=_peak_mib())
    copy_gold = [[a.id for a in articles if a.id.split("#")[0] in set(g)] for g in gold]
    result["bcubed_f1"] = bcubed([s.articles for s in stories], copy_gold)["f1"]
    if incremental_share > 0:
        new = _copies(originals, 1, tag="new")
        new = new[: max(1, int(incremental_share * len(articles)))]
        _seed_cache(cache, originals, new)
        start = time.perf_counter()
        updated = assign_stories(articles + new, previous=stories, cache=cache)
        inc = time.perf_counter() - start
        result.update(incremental_new=len(new), incremental_seconds=inc, incremental_stories=len(updated),
                      incremental_share_of_full=inc / seconds if seconds else float("inf"), peak_mib=_peak_mib())
        all_gold = [[a.id for a in articles + new if a.id.split("#")[0] in set(g)] for g in gold]
        result["incremental_bcubed_f1"] = bcubed([s.articles for s in updated], all_gold)["f1"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="comma-separated corpus multiples")
    parser.add_argument("--split", default=str(DEFAULT_SPLIT), help="ECB+ dev folder")
    parser.add_argument("--incremental-share", type=float, default=0.01, help="new articles as a share of the corpus")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: run one size in this process
    parser.add_argument("--feature-cache", default=str(Path(tempfile.gettempdir()) / "retold-bench-stories.pkl"))
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(run_size(Path(args.split), args.one, args.incremental_share, Path(args.feature_cache))))
        return
    for size in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(size), "--split", args.split,
                              "--incremental-share", str(args.incremental_share),
                              "--feature-cache", args.feature_cache], capture_output=True, text=True, check=False)
        if out.returncode != 0:
            print(f"{size}x failed:\n{out.stderr[-2000:]}")
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        line = (f"{size:>4}x {r['articles']:>6} articles: {r['seconds']:7.1f} s, {r['articles_per_s']:7.0f} articles/s, "
                f"peak {r['peak_mib']:6.0f} MiB, {r['stories']} stories")
        if "bcubed_f1" in r:
            line += f", B-cubed F1 {r['bcubed_f1']:.4f}"
        if "features_articles_per_s" in r:
            line += f"; features (NER) {r['features_articles_per_s']:.1f} articles/s"
        if "incremental_seconds" in r:
            line += (f"\n      + {r['incremental_new']} new via previous (all clustered again, earlier ids continued): "
                     f"{r['incremental_seconds']:.1f} s ({r['incremental_share_of_full']:.2f}x the run before), "
                     f"B-cubed F1 after {r['incremental_bcubed_f1']:.4f}")
        print(line, flush=True)


if __name__ == "__main__":
    main()
