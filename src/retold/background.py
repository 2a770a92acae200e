"""Per-article work done ahead in a second process while earlier stages run (two cores used).

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
from dataclasses import dataclass
from typing import Callable, Sequence

from retold.model import Article, Cache

log = logging.getLogger("retold")

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
