"""Benchmark: static report build time and size, and web UI response times, on synthetic
stores of growing size (1× = 100 articles in 20 stories; 100× = 10,000 articles).

    .venv/bin/python bench/bench_report.py --sizes 1,10,100 [--json out.json]

Stores are written through ``retold.store.writer`` into a temporary folder and removed after.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from retold.eval.report import evaluate
from retold.report.sample import synthetic_corpus, write_corpus
from retold.store import connect

COLUMNS = ("n_articles", "write_s", "report_build_s", "report_articles_per_s", "report_bytes", "peak_rss_mb", "ui_home_ms", "ui_story_ms", "ui_compare_ms",
           "ui_articles_ms", "ui_search_ms", "ui_article_ms", "ui_reuse_ms", "ui_quotes_ms", "ui_api_story_ms",
           "ui_api_articles_ms")


def bench(scale: int, folder: Path, repeat: int) -> dict[str, float | int]:
    path = folder / f"bench-{scale}.db"
    t0 = time.perf_counter()
    conn = connect(path)
    write_corpus(conn, synthetic_corpus(scale))
    conn.close()
    write_s = round(time.perf_counter() - t0, 2)
    figures = evaluate(path, repeat=repeat)
    figures["report_articles_per_s"] = round(figures["n_articles"] / max(figures["report_build_s"], 1e-9))
    # ru_maxrss is in KiB on Linux; it is the process's peak so far (sizes run smallest first)
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return {"scale": scale, "write_s": write_s, **figures}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1,10,100", help="comma-separated multiples of 100 articles")
    ap.add_argument("--repeat", type=int, default=5, help="calls per URL (median and max reported)")
    ap.add_argument("--json", type=Path, help="also write all figures here")
    args = ap.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for scale in (int(s) for s in args.sizes.split(",") if s.strip()):
            rows.append(bench(scale, Path(tmp), args.repeat))
            print(f"{scale}x done", file=sys.stderr)
    print("scale  " + "  ".join(COLUMNS))
    for r in rows:
        print(f"{r['scale']:>4}x  " + "  ".join(str(r.get(c, "")) for c in COLUMNS))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
