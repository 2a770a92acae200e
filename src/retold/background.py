"""Work in more than one process where the machine has the cores: per-article work done
ahead in a helper process while earlier stages run (``Helper``), and cleaning in a pool of
processes (``Pool``).

A stage may declare a ``Prefetch`` (``registry.stage(prefetch=...)``): the articles whose
per-article work its cache lacks (``pending``) and a pure function computing that work as
cache entries (``compute``). When a run has such a stage after its first one, the pipeline
hands ``compute`` to one helper process at the start (``Helper.start``) and merges the
entries into the store's cache when the stage's turn comes (``Helper.collect``); the stage
then finds its work cached, exactly as in a run that had computed it earlier. So results
cannot differ from a one-process run: the same function runs on the same articles, only
elsewhere. If the helper fails or dies, the stage computes what is missing itself.

Why a process and not a thread: the work (spaCy's parse) holds the GIL. Why only the later
stages' work: the first stage starts at once in this process, and the helper needs a few
seconds to import its models. Measured on the 181 scrapinghub pages (2 cores): the quote
parse (about 30 s) overlaps reuse and stories (about 35 s); see README "Speed".
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Callable, Sequence, TypeVar

from retold.model import Article, Cache

log = logging.getLogger("retold")
T = TypeVar("T")
R = TypeVar("R")

# Processes a run may use: this one plus helpers. RETOLD_WORKERS=1 keeps all work in this
# process (what the Spark engine's executors do: Spark already uses the cores).
WORKERS_ENV = "RETOLD_WORKERS"
# Fewer pending articles than this are done in the stage itself: a helper takes a few
# seconds to start (imports, model load), more than the work it would take over.
MIN_ARTICLES = 20


@dataclass(frozen=True)
class Prefetch:
    """A stage's per-article work that can be done ahead, elsewhere.

    ``pending(articles, cache)``: the articles whose work ``cache`` lacks.
    ``compute(articles)``: that work as cache entries (key -> bytes), the very entries the
    stage would put there itself; a module-level function (it is pickled to the helper).
    """

    pending: Callable[[Sequence[Article], Cache], list[Article]]
    compute: Callable[[Sequence[Article]], dict[str, bytes]]


def workers() -> int:
    """Processes a run may use (``RETOLD_WORKERS``, else the CPUs this process may run on)."""
    value = os.environ.get(WORKERS_ENV, "").strip()
    if value:
        return max(1, int(value))
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _run(compute, articles, conn) -> None:
    try:
        conn.send(("ok", compute(articles)))
    except BaseException as exc:  # report it: the parent then does the work itself
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


class Helper:
    """At most one helper process per stage name; ``close`` ends any still running."""

    def __init__(self) -> None:
        self._running: dict[str, tuple[multiprocessing.Process, object]] = {}

    def start(self, name: str, prefetch: Prefetch, articles: Sequence[Article]) -> bool:
        """Start ``prefetch.compute(articles)`` in a new process; False when not worth it."""
        if len(articles) < MIN_ARTICLES or workers() < 2:
            return False
        # spawn, not fork: the parent may hold threads (BLAS, SQLite) that a fork would copy mid-work
        ctx = multiprocessing.get_context("spawn")
        receive, send = ctx.Pipe(duplex=False)
        process = ctx.Process(target=_run, args=(prefetch.compute, list(articles), send), daemon=True,
                              name=f"retold-{name}")
        process.start()
        send.close()  # only the child writes: its exit then ends our recv with EOFError
        self._running[name] = (process, receive)
        log.info("%s: %d articles prepared in a helper process", name, len(articles))
        return True

    def collect(self, name: str, cache: Cache) -> int:
        """Wait for ``name``'s helper and put its entries into ``cache``; how many (0 when none
        was started or it failed: the stage then computes what is missing itself)."""
        if name not in self._running:
            return 0
        process, receive = self._running.pop(name)
        try:
            status, payload = receive.recv()
        except (EOFError, OSError):
            status, payload = "error", f"helper process ended (exit code {process.exitcode})"
        finally:
            receive.close()
            process.join()
        if status != "ok":
            log.warning("%s: helper failed (%s); computing here", name, payload)
            return 0
        for key, value in payload.items():
            cache.put(key, value)
        return len(payload)

    def close(self) -> None:
        """End every helper not collected (a stage failed before its turn)."""
        for process, receive in self._running.values():
            receive.close()
            process.terminate()
            process.join()
        self._running.clear()


class Pool:
    """``map`` a pure, module-level function over a batch of items in ``workers()`` processes,
    results in order; one process (this one) for a batch under ``MIN_ARTICLES`` items or when
    ``RETOLD_WORKERS=1``. The processes start with the first batch worth them and serve every
    later one. If one dies (a page that crashes a parser, the kernel's OOM killer), the pool
    is given up and the batch, and every later one, is done here: nothing is lost.
    """

    def __init__(self) -> None:
        self._executor: ProcessPoolExecutor | None = None
        self._given_up = False

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        if self._executor is None and not self._given_up and len(items) >= MIN_ARTICLES and workers() >= 2:
            self._executor = ProcessPoolExecutor(workers(), mp_context=multiprocessing.get_context("spawn"))
        if self._executor is not None:
            try:
                return list(self._executor.map(fn, items, chunksize=max(1, len(items) // (4 * workers()))))
            except BrokenProcessPool as exc:
                log.warning("a worker process died (%s); going on in this process", exc)
                self.close()
                self._given_up = True
        return [fn(item) for item in items]

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
