"""Scaling benchmark for the reuse stage: articles/s, peak memory and recall of injected links.

Builds corpora of 1x, 10x, 100x one unit of 58 articles from the shared eval data
(``corpus.build_corpus``: background ECB+ articles plus injected verbatim, partial,
reworded and translated copies; see ``corpus.py``) and runs ``find_reuse`` over
each in a fresh process (so peak memory is that run's own).

Run: ``.venv/bin/python bench/bench_reuse.py --sizes 1,10,100`` (``--sizes 1,10`` for a quick run).
``--shared`` adds a disclaimer to 30% of the articles and one long article repeating one
sentence to every unit (``corpus.with_shared_lines``): cost must stay linear in size when
lines recur across many articles or many times in one. ``--copies N`` saves the first
article of every unit N more times (``corpus.with_saved_copies``): one text held by many
articles is compared once (``reuse.find.SameTextMemo``), so the cost of its pairs stays
small beside their count. ``--reposts N`` reposts it N times instead, each copy on a site of
its own with the site's masthead and sign-off around it (``corpus.with_reposts``): every
two copies are still a verbatim link (``reuse.find.link_for_pair``), and their passages
are read for furniture once per distinct window (``reuse.furniture``).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import build_corpus, unit_firsts, with_reposts, with_saved_copies, with_shared_lines  # noqa: E402  (the unit builder, shared with bench_engines.py)


def run_size(units: int, shared: bool = False, copies: int = 0, reposts: int = 0) -> dict:
    """Build and run one size in this process; the figures as a dict."""
    from retold.model import MemoryCache
    from retold.reuse import find_reuse

    articles, gold = build_corpus(units)
    if shared:
        articles = with_shared_lines(articles, units)
    if copies:
        articles = with_saved_copies(articles, units, copies)
    if reposts:
        articles = with_reposts(articles, units, reposts)
    # each unit's first article and its reposts: every two of them should be a verbatim link
    reposted = {a.id for a in articles if "-repost" in a.id}
    reposted |= {first.id for _, first in unit_firsts(articles, units)} if reposts else set()
    cache = MemoryCache()
    start = time.perf_counter()
    links = find_reuse(articles, cache)
    seconds = time.perf_counter() - start
    # Again with every embedding and signature cached: the cost of candidates and comparison alone.
    start = time.perf_counter()
    find_reuse(articles, cache)
    warm_seconds = time.perf_counter() - start
    found = {(link.a, link.b) for link in links}
    by_kind: dict[str, list[bool]] = {}
    for a, b, kind in gold:
        by_kind.setdefault(kind, []).append((a, b) in found)
    result = {
        "size": units, "articles": len(articles), "links": len(links), "injected": len(gold),
        "repost_links": sum(1 for link in links if link.kind == "verbatim" and {link.a, link.b} <= reposted),
        "seconds": seconds, "warm_seconds": warm_seconds, "articles_per_s": len(articles) / seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "recall": sum(hit for hits in by_kind.values() for hit in hits) / len(gold),
    }
    result.update({f"recall_{k}": sum(v) / len(v) for k, v in sorted(by_kind.items())})
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,10,100", help="comma-separated multiples of one unit")
    parser.add_argument("--shared", action="store_true", help="add a disclaimer to 30%% of the articles and a "
                        "long repetitive article to every unit")
    parser.add_argument("--copies", type=int, default=0, help="save each unit's first article this many more times")
    parser.add_argument("--reposts", type=int, default=0,
                        help="repost each unit's first article this many times, each on a site of its own")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: run one size, print JSON
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(run_size(args.one, args.shared, args.copies, args.reposts)))
        return
    base = None
    for size in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(size), "--copies", str(args.copies),
                              "--reposts", str(args.reposts)]
                             + ["--shared"] * args.shared, check=True,
                             capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        base = base or r
        cost = r["seconds"] / base["seconds"] * base["size"]
        kinds = "  ".join(f"{k[7:]} {v:.2f}" for k, v in r.items() if k.startswith("recall_"))
        print(f"{size:>4}x  {r['articles']:>6} articles  {r['seconds']:8.1f} s (cached {r['warm_seconds']:6.1f} s)  "
              f"{r['articles_per_s']:7.1f} art/s  "
              f"peak {r['peak_rss_mb']:7.0f} MB  cost {cost:6.1f}x  links {r['links']:>6}  "
              f"recall {r['recall']:.3f} ({kinds})"
              + (f"  reposts linked verbatim {r['repost_links']} of {size * args.reposts * (args.reposts + 1) // 2}"
                 if args.reposts else ""), flush=True)


if __name__ == "__main__":
    main()
