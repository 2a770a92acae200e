"""Ingest + clean throughput and peak memory at 1x, 10x, 100x copies of the scrapinghub pages.

    python bench/bench_ingest.py [--sizes 1,10,100] [--modes text,html]

Copies get distinct file names (so distinct article ids). Each size is read, cleaned
and stored into a new SQLite store (``pipeline.ingest``, what ``retold analyze`` runs
before its stages), so both the cost per article and the peak memory should stay flat
as the corpus grows: a run holds one window of documents, not the corpus.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import HEADER, measure, parse_sizes, print_row  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PAGES = SHARED / "eval" / "extraction" / "scrapinghub"


def make_corpus(mode: str, copies: int, root: Path) -> Path:
    src = sorted((PAGES / ("text" if mode == "text" else "html")).iterdir())
    out = root / f"{mode}-{copies}"
    out.mkdir()
    for c in range(copies):
        for p in src:
            name = p.name.split(".", 1)
            shutil.copyfile(p, out / f"{name[0]}-{c}.{name[1]}")
    return out


def run(folder: Path) -> int:
    from retold.pipeline import CleanMemo, ingest
    from retold.store import connect

    conn = connect(folder.parent / f"{folder.name}.db")
    try:
        return ingest(conn, [str(folder)], memo=CleanMemo(conn)).stored
    finally:
        conn.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="1,10,100")
    ap.add_argument("--modes", default="text,html")
    args = ap.parse_args()
    print(HEADER)
    with tempfile.TemporaryDirectory() as tmp:
        for mode in args.modes.split(","):
            base = None
            for size in parse_sizes(args.sizes):
                folder = make_corpus(mode, size, Path(tmp))
                seconds, peak, n = measure(lambda: run(folder))
                base = base or seconds / size
                print_row(f"ingest+clean ({mode})", f"{size}x", n, seconds, peak,
                          f"cost vs 1x per copy: {seconds / size / base:.2f}")
                shutil.rmtree(folder)
                for store in Path(tmp).glob(f"{folder.name}.db*"):
                    store.unlink()


if __name__ == "__main__":
    main()
