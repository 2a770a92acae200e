"""What adding 1% new articles to a stored corpus costs, against analysing it all anew.

    python bench/bench_incremental.py [--sizes 1,10] [--new 0.01]

At each size (1x is the 1,000-article bench corpus of ``bench_engines``: ECB+ articles
with injected copies, one date per unit) the corpus is split in two: every
``1/new``-th article is "new", the rest are "stored". Three runs of the local engine,
every stage, each in a fresh process (``measure``):

1. ``stored``: the stored articles into a new SQLite store;
2. ``+new``: stored and new articles into that same store (the incremental run);
3. ``scratch``: stored and new articles into another new store.

It prints seconds, articles/s and peak memory per run, the seconds per step of runs 2
and 3, the incremental run's cost as a share of the scratch run's (the aim: at most
5%), and whether both stores end with the same stories, reuse links and quotes.
New articles are spread over the units, so they join existing stories and copy
existing articles the way a day's crawl does.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_engines import write_corpus  # noqa: E402
from measure import HEADER, measure, parse_sizes, print_row  # noqa: E402

LARGEST = 10  # sizes above this run only with --large (``bench/run.py`` passes 100)
STEPS = ("read+clean", "store", "reuse", "stories", "quotes", "coverage")


def split_corpus(files: list[str], folder: Path, new_share: float) -> tuple[Path, Path]:
    """Write ``stored.jsonl`` and ``new.jsonl`` under ``folder`` from the corpus ``files``:
    every ``round(1 / new_share)``-th record is new."""
    every = max(2, round(1 / new_share))
    stored, new = folder / "stored.jsonl", folder / "new.jsonl"
    with stored.open("w", encoding="utf-8") as s, new.open("w", encoding="utf-8") as n:
        k = 0
        for path in files:
            for line in Path(path).read_text(encoding="utf-8").splitlines():
                (n if k % every == every - 1 else s).write(line + "\n")
                k += 1
    return stored, new


def analyze(paths: list[Path], db: Path) -> dict:
    from retold.pipeline import analyze_with_summary

    _, summary = analyze_with_summary([str(p) for p in paths], db=db)
    return {"timings": {**summary.timings, **summary.stages}, "stored": summary.stored, "unchanged": summary.unchanged}


def result_of(db: Path) -> dict:
    """What a user reads from the store: stories, reuse links and quotes, order-free."""
    from retold.store import query
    from retold.store.db import connect

    conn = connect(db, create=False, read_only=True)
    try:
        return {
            "stories": sorted(sorted(s.articles) for s in query.stories(conn)),
            "reuse": sorted((r.a, r.b, r.kind, r.source or "") for r in query.reuse(conn)),
            "quotes": sorted((q.article, q.span[0], q.span[1], q.speaker or "") for q in query.quotes(conn)),
        }
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1", help="comma-separated multiples of 1,000 articles")
    parser.add_argument("--new", type=float, default=0.01, help="share of new articles (default 0.01)")
    parser.add_argument("--large", action="store_true", help=f"also run sizes above {LARGEST}x")
    args = parser.parse_args()
    print(HEADER)
    for size in parse_sizes(args.sizes):
        if size > LARGEST and not args.large:
            print(f"{size}x skipped: three runs over {size * 1000:,} articles take hours on two cores "
                  f"(10x took 20 minutes); ask for it with --large", flush=True)
            continue
        with tempfile.TemporaryDirectory(prefix="retold-bench-inc-") as tmp:
            work = Path(tmp)
            files, total = write_corpus(size, work / "corpus")
            stored, new = split_corpus(files, work, args.new)
            n_new = sum(1 for _ in new.open(encoding="utf-8"))
            runs = {}
            for name, paths, db in (("stored", [stored], work / "inc.db"),
                                    ("+new", [stored, new], work / "inc.db"),
                                    ("scratch", [stored, new], work / "scratch.db")):
                seconds, peak, out = measure(lambda paths=paths, db=db: analyze(paths, db))
                runs[name] = (seconds, out)
                n = n_new if name == "+new" else total - n_new if name == "stored" else total
                print_row(f"incremental {name}", f"{size}x", n, seconds, peak,
                          f"stored {out['stored']}, unchanged {out['unchanged']}")
            inc, scratch = runs["+new"], runs["scratch"]
            print(f"  {'step':<12} {'+new':>8} {'scratch':>8}")
            for step in STEPS:
                print(f"  {step:<12} {inc[1]['timings'].get(step, 0.0):>7.2f}s {scratch[1]['timings'].get(step, 0.0):>7.2f}s")
            inc_result, scratch_result = result_of(work / "inc.db"), result_of(work / "scratch.db")
            same = ", ".join(f"{k} {'same' if inc_result[k] == scratch_result[k] else 'differ'} "
                             f"({len(inc_result[k])} / {len(scratch_result[k])})" for k in inc_result)
            print(f"  {size}x: adding {n_new} articles to {total - n_new} costs {inc[0]:.1f} s, "
                  f"{inc[0] / scratch[0]:.1%} of analysing all {total} anew ({scratch[0]:.1f} s); "
                  f"against one run: {same}", flush=True)

if __name__ == "__main__":
    main()
