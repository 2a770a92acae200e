"""Work in more than one process where the machine has the cores: per-article work done
ahead in a helper process while earlier stages run (``Helper``), and cleaning shared
with worker processes (``Pool``).

A stage may declare a ``Prefetch`` (``registry.stage(prefetch=...)``): the articles whose
per-article work its cache lacks (``pending``) and a pure function computing that work as
cache entries (``compute``). When a run has such a stage after its first one, the pipeline
hands ``compute`` to one helper process at the start (``Helper.start``) and merges the
entries into the store's cache when the stage's turn comes (``Helper.collect``); the stage
then finds its work cached, exactly as in a run that had computed it earlier. So results
cannot differ from a one-process run: the same function runs on the same articles, only
elsewhere. If the helper fails or dies, the stage computes what is missing itself.

Why a process and not a thread: the work (spaCy's parse, trafilatura) holds the GIL. Why
only the later stages' work: the first stage starts at once in this process, and the
helper needs a few seconds to import its models. Measured on the 181 scrapinghub pages
(2 cores): the quote parse (about 30 s) overlaps reuse and stories (about 35 s); see
README "Speed".

Why ``python -m retold.background`` and not ``multiprocessing``: its ``spawn`` and
``forkserver`` start methods import the caller's main module again in every child, so a
user's script that calls ``retold.analyze`` without an ``if __name__ == "__main__":``
guard would run again in each helper (and fail there with a traceback); ``fork`` copies
the threads' locks of a busy process (a progress bar's refresh thread). A worker started
as a module runs nothing of the caller's. Requests and answers are pickles over the
worker's stdin and stdout (``_serve``); the functions sent are module-level, so they
travel by name.
"""

from __future__ import annotations

import functools
import logging
import os
import pickle
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import Any, BinaryIO, Callable, Sequence, TypeVar

from retold.model import Article, Cache

log = logging.getLogger("retold")
T = TypeVar("T")
R = TypeVar("R")

# Processes a run may use: this one plus helpers. RETOLD_WORKERS=1 keeps all work in this
# process (what the Spark engine's executors do: Spark already uses the cores).
WORKERS_ENV = "RETOLD_WORKERS"
# Fewer items than this are done here: a worker takes a second or more to start
# (imports, model load), more than the work it would take over.
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


class WorkerError(RuntimeError):
    """A worker process failed on a request, or ended before answering it."""


class _Worker:
    """One ``python -m retold.background`` process answering requests in order."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}  # what this process imports
        self._process = subprocess.Popen([sys.executable, "-m", "retold.background"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, env=env)
        self._writer: threading.Thread | None = None
        self._write_error: OSError | None = None

    def send(self, fn: Callable[[Any], Any], payload: Any) -> None:
        """Queue a request; written by a thread, so the caller goes on while the worker starts
        up and reads it (a pipe holds 64 KB: a batch of pages would block the write)."""
        data = pickle.dumps((fn, payload), protocol=pickle.HIGHEST_PROTOCOL)
        self._writer = threading.Thread(target=self._write, args=(data,), daemon=True)
        self._writer.start()

    def _write(self, data: bytes) -> None:
        try:
            self._process.stdin.write(data)
            self._process.stdin.flush()
        except OSError as exc:  # BrokenPipeError: the worker ended; ``receive`` says so
            self._write_error = exc

    def receive(self) -> Any:
        if self._writer is not None:
            self._writer.join()
            self._writer = None
        try:
            if self._write_error is not None:
                raise EOFError
            status, payload = pickle.load(self._process.stdout)
        except (EOFError, OSError, pickle.UnpicklingError) as exc:
            raise WorkerError(f"worker process ended (exit code {self._process.wait()})") from exc
        if status != "ok":
            raise WorkerError(payload)
        return payload

    def close(self, kill: bool = False) -> None:
        if kill:
            self._process.kill()
        if self._writer is not None:
            self._writer.join()  # ends at once once the worker is gone (broken pipe)
        for stream in (self._process.stdin, self._process.stdout):
            try:
                stream.close()
            except OSError:  # a pipe the worker already broke
                pass
        self._process.wait()


class Helper:
    """At most one helper process per stage name; ``close`` ends any still running."""

    def __init__(self) -> None:
        self._running: dict[str, _Worker] = {}

    def start(self, name: str, prefetch: Prefetch, articles: Sequence[Article]) -> bool:
        """Start ``prefetch.compute(articles)`` in a new process; False when not worth it."""
        if len(articles) < MIN_ARTICLES or workers() < 2:
            return False
        worker = _Worker()
        try:
            worker.send(prefetch.compute, list(articles))
        except (pickle.PicklingError, AttributeError, TypeError) as exc:  # not a module-level function
            log.warning("%s: cannot hand this work to a helper (%s); computing here", name, exc)
            worker.close(kill=True)
            return False
        self._running[name] = worker
        log.info("%s: %d articles prepared in a helper process", name, len(articles))
        return True

    def collect(self, name: str, cache: Cache) -> int:
        """Wait for ``name``'s helper and put its entries into ``cache``; how many (0 when none
        was started or it failed: the stage then computes what is missing itself)."""
        worker = self._running.pop(name, None)
        if worker is None:
            return 0
        try:
            entries = worker.receive()
        except WorkerError as exc:
            log.warning("%s: helper failed (%s); computing here", name, exc)
            return 0
        finally:
            worker.close()
        for key, value in entries.items():
            cache.put(key, value)
        return len(entries)

    def close(self) -> None:
        """End every helper not collected (a stage failed before its turn)."""
        for worker in self._running.values():
            worker.close(kill=True)
        self._running.clear()


def _map(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
    return [fn(item) for item in items]


class Pool:
    """``map`` a pure, module-level function over a batch of items, in order, sharing the
    batch between this process and ``workers() - 1`` worker processes; all of it here for
    a batch under ``MIN_ARTICLES`` items or with ``RETOLD_WORKERS=1``. The workers start
    with the first batch worth them and serve every later one. If one fails or dies (a page
    that crashes a parser, the kernel's OOM killer), the workers are given up and the batch,
    and every later one, is done here: nothing is lost.
    """

    def __init__(self) -> None:
        self._workers: list[_Worker] = []
        self._given_up = False

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        if not self._workers and not self._given_up and len(items) >= MIN_ARTICLES and workers() >= 2:
            self._workers = [_Worker() for _ in range(workers() - 1)]
        if not self._workers:
            return _map(fn, items)
        size = -(-len(items) // (len(self._workers) + 1))
        chunks = [items[k : k + size] for k in range(0, len(items), size)]
        try:
            for worker, chunk in zip(self._workers, chunks[1:]):
                worker.send(functools.partial(_map, fn), chunk)
            here = _map(fn, chunks[0])  # this process takes the first share meanwhile
            return here + [r for worker, _ in zip(self._workers, chunks[1:]) for r in worker.receive()]
        except WorkerError as exc:
            log.warning("a worker process failed (%s); going on in this process", exc)
            self.close(kill=True)
            self._given_up = True
            return _map(fn, items)

    def close(self, kill: bool = False) -> None:
        for worker in self._workers:
            worker.close(kill=kill)
        self._workers = []

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc) -> None:
        self.close(kill=exc[0] is not None)


def _serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """A worker's loop: each request ``(fn, payload)`` answered by ``("ok", fn(payload))`` or
    ``("error", reason)``, until its input ends."""
    while True:
        try:
            fn, payload = pickle.load(requests)
        except EOFError:
            return
        try:
            answer = ("ok", fn(payload))
        except Exception as exc:  # reported: the caller does the work itself
            answer = ("error", f"{type(exc).__name__}: {exc}")
        pickle.dump(answer, answers, protocol=pickle.HIGHEST_PROTOCOL)
        answers.flush()


if __name__ == "__main__":
    # Answers go out on a copy of stdout; the worker's own stdout goes to stderr, so a
    # library that prints cannot corrupt them.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    _serve(sys.stdin.buffer, answers)
