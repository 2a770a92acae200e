"""HTML cleaning against trafilatura alone, on the same pages in one run.

    python bench/bench_clean.py [--rounds 3]

retold's HTML clean (``retold.clean.clean_html``) is one trafilatura pass with metadata
and date (htmldate, through trafilatura) plus retold's own steps (credit lines, headline
repeat, dateline, outlet); ``clean_document`` adds the rest of what an article needs
(language detection, dates normalised). This times, page by page and interleaved so a
busy machine slows each alike, trafilatura's own ``extract`` with retold's settings
(favour precision, no comments, tables kept), ``clean_html`` and ``clean_document`` on
the 181 scrapinghub pages, in CPU seconds of this process, and prints pages per CPU
second and the ratio to trafilatura (issue 16 asks clean_html for at least 0.8x).
Peak memory is this process's (everything is in one process).
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PAGES = SHARED / "eval" / "extraction" / "scrapinghub" / "html"


def load_pages():
    from retold.ingest.readers import RawDocument, read_path

    docs = [d for p in sorted(PAGES.iterdir()) for d in read_path(p)]
    return [d for d in docs if isinstance(d, RawDocument) and d.kind == "html"]


def trafilatura_alone(raw) -> str:
    from trafilatura import extract

    from retold.clean.html import TRAFILATURA_OPTIONS

    return extract(raw.content, url=raw.url, favor_precision=TRAFILATURA_OPTIONS["precision"],
                   include_comments=TRAFILATURA_OPTIONS["comments"], include_tables=TRAFILATURA_OPTIONS["tables"]) or ""


def retold_clean_html(raw) -> str:
    from retold.clean import clean_html

    return clean_html(raw.content, url=raw.url).body


def retold_clean_document(raw) -> str:
    from retold.pipeline import clean_document

    return getattr(clean_document(raw), "body", "")


STEPS = {"trafilatura extract": trafilatura_alone, "retold clean_html": retold_clean_html,
         "retold clean_document": retold_clean_document}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    pages = load_pages()
    for step in STEPS.values():  # imports, models, first-call set-up: not the steady state
        step(pages[0])
    cpu = dict.fromkeys(STEPS, 0.0)
    names = list(STEPS)
    for _ in range(args.rounds):
        for k, raw in enumerate(pages):
            # Each page's steps in a rotating order: a step after another on the same page
            # may find the parser's caches warm, and every step should get that equally.
            for name in names[k % len(names):] + names[:k % len(names)]:
                start = time.process_time()
                STEPS[name](raw)
                cpu[name] += time.process_time() - start
    n = len(pages) * args.rounds
    base = n / cpu["trafilatura extract"]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(pages)} pages x {args.rounds} rounds, peak {peak:.0f} MiB (one process)")
    for name, seconds in cpu.items():
        rate = n / seconds
        print(f"{name:24s} {seconds:7.1f} CPU-s  {rate:6.1f} pages/CPU-s  {rate / base:5.2f}x trafilatura")


if __name__ == "__main__":
    main()
