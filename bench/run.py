"""Run every benchmark in bench/ in turn (each prints articles/s and peak memory per size).

    python bench/run.py [--sizes 1,10,100]

Sizes are passed to each benchmark; ``--sizes 1,10`` gives a quick look.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="1,10,100")
    args = ap.parse_args()
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n== {script.name}", flush=True)
        rc = subprocess.call([sys.executable, str(script), "--sizes", args.sizes])
        if rc:
            failed.append(script.name)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
