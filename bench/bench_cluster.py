"""Standalone-cluster scaling: the same job on one and on two one-core workers.

Starts a real Spark standalone cluster on 127.0.0.1 from the PySpark package
(``retold.spark.standalone``), submits ``python -m retold.spark.job`` over the
benchmark corpus (``bench/corpus.py``, 1x = 1,000 articles with injected reuse) with
1 worker and then with 2, and prints articles/s and the speed-up. The job's own
timings (per stage) come from its summary line.

Run: ``.venv/bin/python bench/bench_cluster.py --size 1 --stages reuse,stories``
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import build_corpus  # noqa: E402

from retold.spark.standalone import StandaloneCluster  # noqa: E402

UNITS_PER_X = 20  # 1x = 20 units of 50 articles


def write_corpus(folder: Path, size: float) -> tuple[Path, int]:
    articles, _ = build_corpus(max(1, round(UNITS_PER_X * size)))
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps({"id": a.id, "text": a.body, "title": a.headline, "published": a.published,
                                 "outlet": a.outlet, "language": a.language}, ensure_ascii=False) + "\n")
    return path, len(articles)


def run(workers: int, corpus: Path, stages: str, root: Path) -> tuple[float, str]:
    (root / f"cluster{workers}").mkdir()
    cluster = StandaloneCluster(root / f"cluster{workers}", conf={"spark.ui.showConsoleProgress": "false"})
    try:
        cluster.start(workers=workers)
        t0 = time.perf_counter()
        driver = cluster.python("-m", "retold.spark.job", str(corpus), "--out", str(root / f"out{workers}"),
                                "--master", cluster.url, "--stages", stages)
        line = driver.wait(timeout=7200).strip().splitlines()[-1]
        return time.perf_counter() - t0, line
    finally:
        cluster.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=float, default=1.0, help="corpus size in x (1x = 1,000 articles)")
    parser.add_argument("--stages", default="reuse,stories,quotes,coverage")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="retold-bench-cluster-"))
    try:
        corpus, n = write_corpus(root, args.size)
        seconds = {}
        for workers in (1, 2):
            seconds[workers], line = run(workers, corpus, args.stages, root)
            print(f"{workers} worker(s): {n} articles in {seconds[workers]:.1f} s = {n / seconds[workers]:.1f} "
                  f"articles/s  [{line}]", flush=True)
        print(f"speed-up with two workers: {seconds[1] / seconds[2]:.2f}x (stages {args.stages})")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
