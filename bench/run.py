"""Run every benchmark in bench/ in turn (each prints articles/s and peak memory per size).

    python bench/run.py [--sizes 1,10,100] [--only engines,reuse] [--skip engines]

Sizes are passed to each benchmark; ``--sizes 1,10`` gives a quick look.
``bench_engines.py`` (local and Spark engines end to end, 1x = 1,000 articles)
is the longest by far: at 100x it runs ingest and reuse only when the full
pipeline would take over an hour, and that still takes hours on two cores, so
``--skip engines`` leaves it out and ``--only engines`` runs it alone.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _names(text: str | None) -> set[str]:
    return {f"bench_{n.strip().removeprefix('bench_').removesuffix('.py')}.py" for n in (text or "").split(",") if n.strip()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="1,10,100")
    ap.add_argument("--only", help="comma-separated benchmarks to run (e.g. engines,reuse)")
    ap.add_argument("--skip", help="comma-separated benchmarks to leave out")
    args = ap.parse_args()
    only, skip = _names(args.only), _names(args.skip)
    scripts = [s for s in sorted(HERE.glob("bench_*.py")) if (not only or s.name in only) and s.name not in skip]
    unknown = (only | skip) - {s.name for s in HERE.glob("bench_*.py")}
    if unknown:
        sys.exit(f"no such benchmark: {', '.join(sorted(unknown))}")
    failed = []
    for script in scripts:
        print(f"\n== {script.name}", flush=True)
        rc = subprocess.call([sys.executable, str(script), "--sizes", args.sizes])
        if rc:
            failed.append(script.name)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
