"""Shared benchmark plumbing: run a step in a fresh process and report seconds and peak memory.

Each measurement forks a child so ``ru_maxrss`` (the peak resident set) belongs
to that step and size alone, not to whatever ran before it. A step that starts helper
processes (``retold.background``: the quote parse, cleaning in a pool) is charged its own
peak plus the largest helper's: helpers' peaks need not coincide, and a pool's processes
are alike, so with a pool of two count one more helper for the worst case.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import time
from typing import Any, Callable


def _child(fn: Callable[[], Any], queue) -> None:
    t0 = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - t0
    peak_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
               + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    queue.put((seconds, peak_mb, result))


def measure(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(seconds, peak RSS in MiB, fn's picklable result) of ``fn()`` run in a forked child."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(fn, queue))
    proc.start()
    seconds, peak, result = queue.get()
    proc.join()
    return seconds, peak, result


def parse_sizes(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def print_row(stage: str, size: str, n: int, seconds: float, peak_mb: float, extra: str = "") -> None:
    rate = n / seconds if seconds > 0 else float("inf")
    print(f"{stage:<22} {size:>5} {n:>8} {seconds:>9.2f}s {rate:>10.1f}/s {peak_mb:>9.0f} MiB  {extra}", flush=True)


HEADER = f"{'stage':<22} {'size':>5} {'articles':>8} {'time':>10} {'articles/s':>12} {'peak':>13}"
