"""The helper process that does a later stage's per-article work while earlier stages run."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time

import pytest

import retold.background as background
from retold.background import Helper, Prefetch
from retold.model import Article, MemoryCache
from retold.pipeline import analyze


# Module-level: the helper process imports them by name.
def _lengths(articles):
    return {f"len:{a.id}": str(len(a.body)).encode() for a in articles}


def _fails(articles):
    raise ValueError("no model for this")


def _dies(articles):
    os._exit(3)


def _sleeps(articles):
    time.sleep(60)
    return {}


def _pending(articles, cache):
    return [a for a in articles if cache.get(f"len:{a.id}") is None]


def _articles(n):
    return [Article(id=f"a{i}", body="x" * i) for i in range(n)]


@pytest.fixture
def two_workers(monkeypatch):
    monkeypatch.setenv(background.WORKERS_ENV, "2")


def test_helper_puts_its_entries_in_the_cache(two_workers):
    helper, cache = Helper(), MemoryCache()
    assert helper.start("lengths", Prefetch(_pending, _lengths), _articles(25))
    assert helper.collect("lengths", cache) == 25
    assert cache.get("len:a24") == b"24"
    assert helper.collect("lengths", cache) == 0  # collected once


@pytest.mark.parametrize("compute, reason", [(_fails, "ValueError: no model for this"), (_dies, "ended (exit code 3)")])
def test_a_failed_helper_leaves_the_work_to_the_stage(two_workers, compute, reason, caplog):
    helper, cache = Helper(), MemoryCache()
    assert helper.start("broken", Prefetch(_pending, compute), _articles(25))
    with caplog.at_level(logging.WARNING, logger="retold"):
        assert helper.collect("broken", cache) == 0
    assert reason in caplog.text and cache.get("len:a1") is None


def test_work_that_cannot_travel_stays_in_this_process(two_workers, caplog):
    with caplog.at_level(logging.WARNING, logger="retold"):
        assert not Helper().start("local", Prefetch(_pending, lambda articles: {}), _articles(25))
    assert "cannot hand this work to a helper" in caplog.text


def test_small_work_or_one_worker_stays_in_this_process(monkeypatch):
    helper = Helper()
    monkeypatch.setenv(background.WORKERS_ENV, "2")
    assert not helper.start("few", Prefetch(_pending, _lengths), _articles(background.MIN_ARTICLES - 1))
    monkeypatch.setenv(background.WORKERS_ENV, "1")
    assert not helper.start("one", Prefetch(_pending, _lengths), _articles(100))
    assert background.workers() == 1


def test_close_ends_a_helper_that_was_never_collected(two_workers):
    helper = Helper()
    helper.start("slow", Prefetch(_pending, _sleeps), _articles(25))
    (worker,) = helper._running.values()
    t0 = time.perf_counter()
    helper.close()
    assert worker._process.poll() is not None and time.perf_counter() - t0 < 30


def test_quotes_are_the_same_with_and_without_the_helper(seeds_dir, tmp_path, monkeypatch, caplog):
    """The seeds' quotes, clusters and every other table, with the quote parse done in a helper
    process (the size floor lowered to let five articles use it) and in this process."""
    monkeypatch.setattr(background, "MIN_ARTICLES", 1)
    runs = {}
    for workers in ("1", "2"):
        monkeypatch.setenv(background.WORKERS_ENV, workers)
        with caplog.at_level(logging.INFO, logger="retold"):
            caplog.clear()
            runs[workers] = analyze([seeds_dir], db=tmp_path / f"w{workers}.db", stages=["quotes"]).to_dict()
        used = "quotes: 5 articles prepared in a helper process" in caplog.text
        assert used == (workers == "2")
    assert runs["2"]["quotes"] and runs["1"] == runs["2"]


def _square(x):
    return x * x


def _dies_in_a_helper(x):
    if getattr(sys.modules["__main__"].__spec__, "name", None) == "retold.background":  # in a worker
        os._exit(3)
    return -x


def test_pool_maps_in_order_in_processes(two_workers):
    with background.Pool() as pool:
        assert pool.map(_square, list(range(50))) == [x * x for x in range(50)]
        assert pool._workers  # the batch was shared with a worker process
        assert pool.map(_square, [3]) == [9]  # a later small batch: the same processes


def test_pool_given_up_when_a_process_dies_loses_nothing(two_workers, caplog):
    with background.Pool() as pool, caplog.at_level(logging.WARNING, logger="retold"):
        assert pool.map(_dies_in_a_helper, list(range(30))) == [-x for x in range(30)]
        assert "exit code 3" in caplog.text and not pool._workers
        assert pool.map(_dies_in_a_helper, list(range(30))) == [-x for x in range(30)]  # here from now on


def test_cleaning_in_processes_gives_the_same_articles_in_order(seeds_dir, tmp_path, monkeypatch):
    """25 documents (the seeds five times, one file empty) cleaned in two processes and in one:
    the same articles and skips, in input order."""
    from retold.pipeline import read_articles

    inputs = tmp_path / "in"
    inputs.mkdir()
    for copy in range(5):
        for p in sorted(seeds_dir.glob("*.txt")):
            (inputs / f"{copy}-{p.name}").write_bytes(p.read_bytes())
    (inputs / "2-empty.txt").write_bytes(b"")
    runs = {}
    for workers in ("1", "2"):
        monkeypatch.setenv(background.WORKERS_ENV, workers)
        runs[workers] = read_articles([inputs])
    articles, skipped, read = runs["2"]
    assert read == 25 and len(articles) == 25 and [s.reason for s in skipped] == ["empty file"]
    assert runs["1"] == runs["2"]


def test_a_script_without_a_main_guard_runs_once(seeds_dir, tmp_path):
    """multiprocessing's spawn would import the script again in every helper; workers
    started as ``python -m retold.background`` run nothing of the caller's."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for copy in range(5):
        for p in sorted(seeds_dir.glob("*.txt")):
            (inputs / f"{copy}-{p.name}").write_bytes(p.read_bytes())
    script = tmp_path / "script.py"
    script.write_text(f"from retold.pipeline import analyze\nprint('run', len(analyze([{str(inputs)!r}], stages=[]).articles))\n")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          env={**os.environ, background.WORKERS_ENV: "2"}, timeout=300)
    assert done.returncode == 0 and done.stdout.splitlines() == ["run 25"]
    assert "Traceback" not in done.stderr
