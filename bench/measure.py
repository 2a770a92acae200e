"""Shared benchmark plumbing: run a step in a fresh process and report seconds and peak memory.

Each measurement forks a child so its peak memory belongs to that step and size alone,
not to whatever ran before it. The peak is the larger of the child's own ``ru_maxrss``
and the largest sum of resident sets of the child and every process under it (helpers
of ``retold.background``: the quote parse, cleaning in a pool), sampled every 0.2 s
from /proc. Why not the children's ``ru_maxrss``: a child forked to run another program
reports its parent's size at the fork (scikit-learn runs ``lscpu`` once per process, so
a 500 MiB run counted 1,000 MiB).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import threading
import time
from typing import Any, Callable

PAGE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_EVERY = 0.2  # seconds between memory samples


def _child(fn: Callable[[], Any], queue) -> None:
    t0 = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - t0
    queue.put((seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, result))


def measure(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(seconds, peak resident memory in MiB of the process tree, fn's picklable result) of
    ``fn()`` run in a forked child."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(fn, queue))
    proc.start()
    sampled, stop = [0], threading.Event()

    def sample() -> None:
        while not stop.is_set():
            sampled[0] = max(sampled[0], sum(rss(p) for p in process_tree(proc.pid)))
            stop.wait(SAMPLE_EVERY)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    seconds, own_peak, result = queue.get()
    stop.set()
    sampler.join()
    proc.join()
    return seconds, max(own_peak, sampled[0] / 2**20), result


def process_tree(root: int) -> list[int]:
    """``root`` and all its descendants, from /proc (psutil is not a dependency)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])  # fields after the (comm) are state, ppid
        children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, ()))
    return tree


def rss(pid: int) -> int:
    """Resident set of ``pid`` in bytes (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def parse_sizes(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def print_row(stage: str, size: str, n: int, seconds: float, peak_mb: float, extra: str = "") -> None:
    rate = n / seconds if seconds > 0 else float("inf")
    print(f"{stage:<22} {size:>5} {n:>8} {seconds:>9.2f}s {rate:>10.1f}/s {peak_mb:>9.0f} MiB  {extra}", flush=True)


HEADER = f"{'stage':<22} {'size':>5} {'articles':>8} {'time':>10} {'articles/s':>12} {'peak':>13}"
