"""The engine benchmark's own pieces: corpus builder, recall, the 100x estimate, the process-tree sampler."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import bench_engines  # noqa: E402
import corpus  # noqa: E402


@pytest.fixture(autouse=True)
def _needs_shared(shared_dir):
    """Every test here reads the shared eval data through the builder."""


@pytest.mark.parametrize("units", [0, 1, 3])
def test_corpus_build_sizes_and_links(units):
    articles, gold = corpus.build_corpus(units, background=22)
    ids = [a.id for a in articles]
    assert len(articles) == units * corpus.unit_size(22) == units * 50
    assert len(set(ids)) == len(ids)
    assert len(gold) == units * 14
    assert all(a < b and a in ids and b in ids for a, b, _ in gold)


def test_corpus_build_is_deterministic_and_units_differ():
    a1, g1 = corpus.build_corpus(2)
    a2, g2 = corpus.build_corpus(2)
    assert a1 == a2 and g1 == g2
    words = [set(" ".join(a.body for a in a1 if a.id.startswith(f"u{u}-bg")).split()) for u in (0, 1)]
    assert len(words[0] & words[1]) / len(words[0]) < 0.5  # the cipher keeps units apart


def test_corpus_build_fills_spent_pools_and_keeps_unit_size():
    # MSRP lasts 172 units of 4 rewrite pairs, MEANTIME 120 units of 2 translation pairs.
    articles, gold = corpus.build_corpus(175, background=0)
    kinds = Counter(kind for *_, kind in gold)
    assert len(articles) == 175 * corpus.unit_size(0)
    assert kinds["rewrite"] == 172 * 4 and kinds["translation"] == 240
    assert kinds["partial"] == 175 * 4 + 3 * 4 and kinds["verbatim"] == 175 * 4 + 55 * 2


def test_shared_lines_are_a_disclaimer_in_30_percent_and_a_long_article_per_unit():
    articles, _ = corpus.build_corpus(3)
    shared = corpus.with_shared_lines(articles, 3)
    carrying = [a for a in shared if a.body.endswith(corpus.DISCLAIMER)]
    assert 0.2 < len(carrying) / len(articles) < 0.4
    long = [a for a in shared if a.id.endswith("-long")]
    assert [a.id for a in long] == ["u0-long", "u1-long", "u2-long"]
    sentences = [set(a.body.split(". ")) for a in long]
    assert all(len(s) <= 2 for s in sentences) and not sentences[0] & sentences[1]  # one sentence, ciphered per unit
    assert all(len(a.body) > 100_000 for a in long)


def test_write_corpus_records_and_gold(tmp_path):
    files, n = bench_engines.write_corpus(0.1, tmp_path)
    records = [json.loads(line) for f in files for line in Path(f).read_text().splitlines()]
    gold = json.loads((tmp_path / "gold.json").read_text())
    assert n == len(records) == 100
    assert {"id", "text", "language", "published", "outlet"} <= set(records[0])
    assert len(gold) == 28


@pytest.mark.parametrize("links, expected", [
    ([], 0.0),
    ([("b", "a")], 0.5),
    ([("a", "b"), ("c", "d"), ("x", "y")], 1.0),
])
def test_bench_engines_recall(links, expected):
    r = bench_engines.recall(links, [["a", "b", "verbatim"], ["c", "d", "rewrite"]])
    assert r["recall"] == expected and r["injected"] == 2
    assert bench_engines.recall(links, []) == {}


def _run(size, reuse, read, seconds):
    return {"engine": "local", "size": size, "seconds": seconds, "stages_run": ["ingest", "reuse"],
            "timings": {"read+clean": read}, "stages": {"reuse": reuse}}


def test_bench_engines_estimate_is_at_least_linear():
    runs = [_run(1, 100.0, 10.0, 111.0), _run(10, 500.0, 100.0, 601.0)]
    # reuse looked sublinear (fixed costs): held linear from 10x; read+clean linear; 1 s of overhead
    assert bench_engines.estimate(runs, 100, ["reuse"]) == pytest.approx(5000 + 1000 + 1)
    runs = [_run(1, 10.0, 10.0, 20.0), _run(10, 1000.0, 100.0, 1100.0)]  # reuse quadratic
    assert bench_engines.estimate(runs, 100, ["reuse"]) == pytest.approx(100000 + 1000)
    assert bench_engines.estimate([], 100, ["reuse"]) is None


def test_bench_engines_cost_compares_like_with_like():
    base, big = _run(1, 10.0, 10.0, 25.0), _run(10, 100.0, 100.0, 205.0)
    assert bench_engines.cost(big, base) == (pytest.approx(8.2), "end to end")
    big["stages_run"] = ["ingest", "reuse", "stories"]
    big["stages"]["stories"] = 50.0
    assert bench_engines.cost(big, base)[0] == pytest.approx(10.0)


def test_tree_sampler_sees_children_by_kind():
    code = "import subprocess,sys,time; p=subprocess.Popen([sys.executable,'-c','x=bytearray(60<<20);import time;time.sleep(3)']); time.sleep(3); p.wait()"
    proc = subprocess.Popen([sys.executable, "-c", code])
    sampler = bench_engines.TreeSampler(proc.pid)
    sampler.start()
    time.sleep(1.5)
    sampler.stop.set()
    sampler.join()
    proc.wait()
    figures = sampler.figures()
    assert figures["max_python_workers"] == 1
    assert figures["peak_python_workers_mib"] >= 60
    assert figures["peak_total_mib"] >= figures["peak_driver_mib"] + 60
    assert figures["load_max"] >= 0 and os.getloadavg()
