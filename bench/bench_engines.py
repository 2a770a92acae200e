"""End-to-end benchmark of the two engines, local and Spark, at 1x, 10x and 100x.

    python bench/bench_engines.py [--sizes 1,10,100] [--engines local,spark]
        [--stages ingest,reuse,stories,quotes,coverage] [--master local[2]]
        [--spark-conf KEY=VALUE ...] [--timeout SECONDS] [--json PATH]

1x is 1,000 articles: 20 units of 50 (``corpus.build_corpus``: ECB+ articles
plus injected verbatim, partial, reworded and translated copies; each unit under
its own word cipher, so units never share wording), written as JSONL with a date
per unit and an outlet per article, under a temporary directory outside the repo.
10x and 100x are 200 and 2,000 units.

Each engine and size runs in a fresh process: the local engine is
``retold.pipeline.analyze_with_summary`` with an SQLite store; the Spark engine
is ``retold.spark.job.run_spark`` with master ``local[2]``, writing Parquet. For
each run this prints articles/s per step and end to end (the engine call, JVM
start included for Spark), peak memory of the whole process tree (sampled every
0.2 s from /proc: resident set of the python driver, the JVM and the python
workers, and their sum; an RSS sum counts pages that forked workers share once
per worker, so it is an upper bound), recall of the injected reuse links, and the
1-minute load average during the run (the machine is shared). Then the cost of
each size against 1x and Spark against local at each size.

Stages: ``ingest`` (read + clean + store/write) always runs; ``--stages`` picks
the corpus stages after it. When 100x is asked for with all stages and the
estimate from the smaller sizes' rates says the full pipeline would take more
than an hour, 100x runs ingest (with cleaning) and reuse only, and says so.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import build_corpus, unit_size  # noqa: E402
from measure import SAMPLE_EVERY, process_tree, rss  # noqa: E402

ARTICLES_1X = 1000
BACKGROUND_1X = 22  # 22 background + 28 injected = 50 articles a unit, 20 units = 1,000
UNITS_1X = ARTICLES_1X // unit_size(BACKGROUND_1X)
CORPUS_STAGES = ("reuse", "stories", "quotes", "coverage")
ALL_STAGES = ("ingest",) + CORPUS_STAGES
ONE_HOUR = 3600.0
RECORDS_PER_FILE = 10_000  # JSONL files stay far below the reader's 50 MiB cap
OUTLETS = ("Reuters", "AP", "AFP", "BBC", "The Guardian", "CNN", "Al Jazeera", "NPR",
           "Le Monde", "El País", "Der Spiegel", "The Hindu")
FIRST_DAY = date(2024, 1, 1)


# ---------------------------------------------------------------- corpus

def write_corpus(size: float, folder: Path) -> tuple[list[str], int]:
    """Write the ``size``-x corpus as JSONL under ``folder``: (file paths, article count).

    Also writes ``gold.json``, the injected links. A unit is one day's news: its
    articles share a date (so story blocking by date window sees a realistic
    spread); outlets are assigned round-robin.
    """
    articles, gold = build_corpus(max(1, round(UNITS_1X * size)), background=BACKGROUND_1X)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for start in range(0, len(articles), RECORDS_PER_FILE):
        path = folder / f"part-{start // RECORDS_PER_FILE:04d}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for i, a in enumerate(articles[start:start + RECORDS_PER_FILE], start):
                unit = int(a.id[1:a.id.index("-")])
                out.write(json.dumps({"id": a.id, "text": a.body, "language": a.language,
                                      "published": (FIRST_DAY + timedelta(days=unit)).isoformat(),
                                      "outlet": OUTLETS[i % len(OUTLETS)]}, ensure_ascii=False) + "\n")
        files.append(str(path))
    (folder / "gold.json").write_text(json.dumps(sorted(gold)), encoding="utf-8")
    return files, len(articles)


def recall(links: list[tuple[str, str]], gold: list[list[str]]) -> dict[str, float]:
    """Share of injected links found, overall and per kind (``recall_<kind>``); empty gold gives {}."""
    found = {(min(a, b), max(a, b)) for a, b in links}
    by_kind: dict[str, list[bool]] = {}
    for a, b, kind in gold:
        by_kind.setdefault(kind, []).append((a, b) in found)
    if not by_kind:
        return {}
    hits = [h for v in by_kind.values() for h in v]
    out = {"recall": sum(hits) / len(hits), "injected": len(hits), "links": len(found)}
    out.update({f"recall_{k}": sum(v) / len(v) for k, v in sorted(by_kind.items())})
    return out


# ---------------------------------------------------------------- one run (child process)

def run_one(engine: str, corpus_dir: Path, work: Path, stages: list[str], master: str,
            spark_conf: dict[str, str] | None = None) -> dict:
    """Run ``engine`` over the corpus in this process; timings, counts and recall as a dict."""
    files = sorted(str(p) for p in corpus_dir.glob("part-*.jsonl"))
    gold = json.loads((corpus_dir / "gold.json").read_text(encoding="utf-8"))
    if engine == "local":
        from retold.pipeline import analyze_with_summary

        t0 = time.perf_counter()
        corpus, summary = analyze_with_summary(files, db=work / "local.db", stages=stages)
        seconds = time.perf_counter() - t0
        links = [(link.a, link.b) for link in corpus.reuse]
    else:
        from retold.spark.job import run_spark
        from retold.spark.load import read_result

        from retold.spark.session import spark_session

        t0 = time.perf_counter()
        # The session run_spark would start itself, plus Python tracebacks from crashed workers.
        spark = spark_session(master, conf={"spark.python.worker.faulthandler.enabled": "true", **(spark_conf or {})})
        try:
            summary = run_spark(files, str(work / "out"), master=master, stages=stages, spark=spark)
        finally:
            spark.stop()
        seconds = time.perf_counter() - t0
        links = [(link.a, link.b) for link in read_result(str(work / "out")).reuse] if "reuse" in stages else []
    result = {"seconds": seconds, "read": summary.read, "stored": summary.stored,
              "skipped": len(summary.skipped), "timings": dict(summary.timings), "stages": dict(summary.stages)}
    if "reuse" in stages:
        result.update(recall(links, gold))
    return result


# ---------------------------------------------------------------- memory sampling (parent)

def _program(pid: int) -> str:
    """The base name of the program ``pid`` runs (argv[0]; '' when gone or a kernel thread)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return os.path.basename(f.read().split(b"\0", 1)[0].decode(errors="replace"))
    except OSError:
        return ""


def _kind(pid: int, root: int) -> str:
    """driver, jvm, python_workers or other, by the program a process runs (argv[0], not
    its ``comm``: a native library in a worker may rename the main thread)."""
    if pid == root:
        return "driver"
    program = _program(pid)
    return "jvm" if program == "java" else "python_workers" if program.startswith("python") else "other"


class TreeSampler(threading.Thread):
    """Samples the resident memory of a process tree by kind, and the load average, until stopped."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root, self.stop = root, threading.Event()
        self.peak: dict[str, int] = {}
        self.peak_total = 0
        self.peak_workers = 0
        self.loads: list[float] = []
        self.others: set[str] = set()  # programs counted as "other", to say what they were

    def run(self) -> None:
        while not self.stop.is_set():
            by_kind: dict[str, int] = {}
            tree = process_tree(self.root)
            for pid in tree:
                kind = _kind(pid, self.root)
                resident = rss(pid)
                by_kind[kind] = by_kind.get(kind, 0) + resident
                if kind == "other" and resident:
                    self.others.add(_program(pid) or "?")
            for kind, resident in by_kind.items():
                self.peak[kind] = max(self.peak.get(kind, 0), resident)
            self.peak_total = max(self.peak_total, sum(by_kind.values()))
            self.peak_workers = max(self.peak_workers, sum(_kind(p, self.root) == "python_workers" for p in tree))
            self.loads.append(os.getloadavg()[0])
            self.stop.wait(SAMPLE_EVERY)

    def figures(self) -> dict:
        mib = 1024 * 1024
        out = {"peak_total_mib": self.peak_total / mib, "max_python_workers": self.peak_workers,
               "load_mean": sum(self.loads) / len(self.loads) if self.loads else os.getloadavg()[0],
               "load_max": max(self.loads, default=os.getloadavg()[0]), "other_programs": sorted(self.others)}
        out.update({f"peak_{k}_mib": v / mib for k, v in sorted(self.peak.items())})
        return out


def measure_run(engine: str, corpus_dir: Path, work: Path, stages: list[str], master: str, timeout: float,
                spark_conf: list[str] = ()) -> dict:
    """Run one engine in a fresh process, sampling its process tree; the child's figures plus memory and load."""
    work.mkdir(parents=True, exist_ok=True)
    result_path = work / "result.json"
    cmd = [sys.executable, __file__, "--one", engine, "--corpus", str(corpus_dir), "--work", str(work),
           "--stages", ",".join(["ingest"] + stages), "--master", master, "--result", str(result_path)]
    cmd += [arg for kv in spark_conf for arg in ("--spark-conf", kv)]
    t0 = time.perf_counter()
    # Own process group, so a timed-out run and everything it started (JVM, workers) can be ended together.
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=open(work / "stderr.log", "w"))
    sampler = TreeSampler(proc.pid)
    sampler.start()
    try:
        rc = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        rc = None
    sampler.stop.set()
    sampler.join()
    figures = {"engine": engine, "stages_run": ["ingest"] + stages, "process_seconds": time.perf_counter() - t0}
    figures.update(sampler.figures())
    if rc is None:
        figures["error"] = f"timed out after {timeout:.0f} s"
    elif rc != 0 or not result_path.exists():
        tail = (work / "stderr.log").read_text(errors="replace").strip().splitlines()[-5:]
        figures["error"] = f"exit {rc}: " + " | ".join(tail)
    else:
        figures.update(json.loads(result_path.read_text()))
    return figures


# ---------------------------------------------------------------- figures

def steps(run: dict) -> dict[str, float]:
    """Seconds per step of a run: the engine's timings (read+clean, store/write) then its corpus stages."""
    return {**run.get("timings", {}), **run.get("stages", {})}


def estimate(runs: list[dict], target: float, stages: list[str]) -> float | None:
    """Seconds a run at ``target``-x would take, from the measured runs of one engine (None if none).

    Per step: from the two largest sizes that ran it, t = t2 * (target/s2)^b with
    b = log(t2/t1)/log(s2/s1) held at least 1 (fixed costs such as model loading make
    small sizes look sublinear); linear from one size. Steps never measured count as
    the 1x rate of nothing, i.e. they are left out and the estimate is a lower bound.
    Time outside the steps (session start) is carried over from the largest run.
    """
    done = sorted((r for r in runs if "error" not in r), key=lambda r: r["size"])
    if not done:
        return None
    total = 0.0
    names = {n for r in done for n in steps(r) if n not in CORPUS_STAGES or n in stages}
    for name in names:
        points = [(r["size"], steps(r)[name]) for r in done if name in steps(r) and steps(r)[name] > 0]
        if not points:
            continue
        s2, t2 = points[-1]
        b = 1.0
        if len(points) > 1:
            s1, t1 = points[-2]
            b = max(1.0, math.log(t2 / t1) / math.log(s2 / s1))
        total += t2 * (target / s2) ** b
    last = done[-1]
    return total + max(0.0, last["seconds"] - sum(steps(last).values()))


def cost(run: dict, base: dict) -> tuple[float, str] | None:
    """Time of ``run`` over time of ``base``: end to end when both ran the same stages, else over their common steps."""
    if "error" in run or "error" in base:
        return None
    if run["stages_run"] == base["stages_run"]:
        return run["seconds"] / base["seconds"], "end to end"
    common = set(steps(run)) & set(steps(base))
    a, b = sum(steps(run)[n] for n in common), sum(steps(base)[n] for n in common)
    return (a / b, "over " + ", ".join(sorted(common))) if b else None


def print_run(r: dict) -> None:
    label = f"{r['size']:g}x {r['engine']}"
    load = f"load {r['load_mean']:.1f} (max {r['load_max']:.1f})"
    if "error" in r:
        print(f"{label:<12} ERROR {r['error']}  [{load}]; whole log: {r.get('stderr_log')}", flush=True)
        return
    n = r["articles"]
    for name, seconds in steps(r).items():
        rate = f"{n / seconds:10.1f}" if seconds > 0 else f"{'-':>10}"
        print(f"{label:<12} {name:<12} {n:>8} {seconds:>9.1f}s {rate}/s", flush=True)
    print(f"{label:<12} {'END TO END':<12} {n:>8} {r['seconds']:>9.1f}s {n / r['seconds']:10.1f}/s  "
          f"(process {r['process_seconds']:.1f} s)  [{load}]", flush=True)
    mem = "  ".join(f"{k[5:-4]} {v:,.0f}" for k, v in r.items() if k.startswith("peak_") and k != "peak_total_mib")
    others = f"; other = {', '.join(r['other_programs'])}" if r.get("other_programs") else ""
    print(f"{label:<12} peak memory {r['peak_total_mib']:,.0f} MiB  ({mem} MiB; "
          f"up to {r['max_python_workers']} python workers{others})", flush=True)
    if "recall" in r:
        kinds = "  ".join(f"{k[7:]} {v:.3f}" for k, v in r.items() if k.startswith("recall_"))
        print(f"{label:<12} recall {r['recall']:.3f} of {r['injected']} injected ({kinds}); "
              f"{r['links']} links found", flush=True)


# ---------------------------------------------------------------- main

def _spark_missing() -> str | None:
    import importlib.util

    if shutil.which("java") is None:
        return "java is not on PATH (Spark needs Java 17+)"
    try:
        if importlib.util.find_spec("retold.spark.job") is None:
            return "retold.spark.job is not there yet"
    except ModuleNotFoundError:
        return "retold.spark is not there yet"
    return None


def _arguments() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1,10,100", help="comma-separated multiples of 1,000 articles (0.1 for a smoke run)")
    ap.add_argument("--engines", default="local,spark")
    ap.add_argument("--stages", default=None, help=f"subset of {','.join(ALL_STAGES)} (ingest always runs)")
    ap.add_argument("--master", default="local[2]", help="Spark master for the spark engine")
    ap.add_argument("--spark-conf", action="append", default=[], metavar="KEY=VALUE",
                    help="extra Spark setting for the spark engine's session (repeatable)")
    ap.add_argument("--timeout", type=float, default=4 * ONE_HOUR, help="seconds per engine and size")
    ap.add_argument("--json", type=Path, help="write the figures here as JSON")
    ap.add_argument("--one", help=argparse.SUPPRESS)  # internal: the child process
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    chosen = ALL_STAGES if args.stages is None else tuple(s.strip() for s in args.stages.split(",") if s.strip())
    unknown = set(chosen) - set(ALL_STAGES) - {"clean"}
    if unknown:
        ap.error(f"unknown stages {', '.join(sorted(unknown))}; known: {', '.join(ALL_STAGES)}")
    args.corpus_stages = [s for s in CORPUS_STAGES if s in chosen]
    args.size_list = sorted(float(s) for s in args.sizes.split(",") if s.strip())
    args.engine_list = [e.strip() for e in args.engines.split(",") if e.strip()]
    return args


def _stages_for(size: float, args, runs: list[dict], estimates: dict, notes: list[str]) -> list[str]:
    """The corpus stages to run at ``size``: all asked for, or reuse alone at 100x and over when
    the full pipeline was not asked for explicitly and would take over an hour by the estimate."""
    if size < 100 or not runs:
        return args.corpus_stages
    for engine in args.engine_list:
        est = estimate([r for r in runs if r["engine"] == engine], size, args.corpus_stages)
        if est is not None:
            estimates.setdefault(engine, {})[f"{size:g}x"] = est
            print(f"estimate {size:g}x {engine}, {'+'.join(['ingest'] + args.corpus_stages)}: "
                  f"{est / 60:,.0f} min", flush=True)
    worst = max((estimates.get(e, {}).get(f"{size:g}x", 0.0) for e in args.engine_list), default=0.0)
    if args.stages is not None or worst <= ONE_HOUR:
        return args.corpus_stages
    notes.append(f"{size:g}x: the full pipeline would take about {worst / 60:,.0f} min here "
                 f"(over an hour), so it ran ingest, cleaning and reuse only")
    print(f"note: {notes[-1]}", flush=True)
    return ["reuse"]


def _run_size(size: float, stages: list[str], args, root: Path) -> list[dict]:
    """Build the ``size``-x corpus under ``root`` and run each engine on it; the runs' figures."""
    t0 = time.perf_counter()
    corpus_dir = root / f"{size:g}x" / "corpus"
    files, n = write_corpus(size, corpus_dir)
    print(f"\n== {size:g}x: {n:,} articles in {len(files)} JSONL file(s), built in "
          f"{time.perf_counter() - t0:.1f} s", flush=True)
    runs = []
    for engine in args.engine_list:
        r = measure_run(engine, corpus_dir, root / f"{size:g}x" / engine, stages, args.master, args.timeout,
                        args.spark_conf)
        r.update(size=size, articles=n)
        runs.append(r)
        if "error" in r:  # keep what the run said, the work folder goes
            r["stderr_log"] = str(Path(tempfile.gettempdir()) / f"retold-bench-engines-{size:g}x-{engine}.log")
            shutil.copyfile(root / f"{size:g}x" / engine / "stderr.log", r["stderr_log"])
        print_run(r)
        shutil.rmtree(root / f"{size:g}x" / engine, ignore_errors=True)
    shutil.rmtree(root / f"{size:g}x", ignore_errors=True)
    return runs


def _estimate_100x(runs: list[dict], engines: list[str], estimates: dict) -> None:
    """When 100x was not run: print what it would take, from the rates measured."""
    for engine in engines:
        mine = [r for r in runs if r["engine"] == engine and "error" not in r]
        if mine and (est := estimate(mine, 100, mine[-1]["stages_run"][1:])) is not None:
            estimates.setdefault(engine, {})["100x"] = est
            print(f"estimate 100x {engine}, {'+'.join(mine[-1]['stages_run'])}: {est / 60:,.0f} min "
                  f"(from the rates measured here)", flush=True)


def main() -> None:
    args = _arguments()
    if args.one:
        conf = dict(kv.split("=", 1) for kv in args.spark_conf)
        args.result.write_text(json.dumps(run_one(args.one, args.corpus, args.work, args.corpus_stages, args.master, conf)))
        return
    notes: list[str] = []
    if "spark" in args.engine_list and (why := _spark_missing()):
        notes.append(f"spark engine skipped: {why}")
        print(f"note: {notes[-1]}", flush=True)
        args.engine_list.remove("spark")
    print(f"{os.cpu_count()} CPUs; load average now {os.getloadavg()[0]:.1f}; "
          f"1x = {UNITS_1X} units of {unit_size(BACKGROUND_1X)} articles; spark master {args.master}", flush=True)
    runs: list[dict] = []
    estimates: dict[str, dict[str, float]] = {}
    root = Path(tempfile.mkdtemp(prefix="retold-bench-engines-"))  # outside the repo
    try:
        for size in args.size_list:
            runs += _run_size(size, _stages_for(size, args, runs, estimates, notes), args, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    ratios = print_ratios(runs, args.engine_list, args.size_list)
    if args.size_list and max(args.size_list) < 100:
        _estimate_100x(runs, args.engine_list, estimates)
    if args.json:
        args.json.write_text(json.dumps({"cpus": os.cpu_count(), "master": args.master, "articles_1x": ARTICLES_1X,
                                         "spark_conf": args.spark_conf, "runs": runs, "ratios": ratios, "estimates_s": estimates,
                                         "notes": notes}, indent=2))


def print_ratios(runs: list[dict], engines: list[str], sizes: list[float]) -> dict[str, dict]:
    """Print and return cost against 1x per engine, and Spark against local per size."""
    by = {(r["engine"], r["size"]): r for r in runs}
    ratios: dict[str, dict] = {}
    print("", flush=True)
    for engine in engines:
        base = by.get((engine, sizes[0]))
        for size in sizes[1:]:
            if base and (engine, size) in by and (c := cost(by[(engine, size)], base)):
                ratios[f"{engine} {size:g}x/{sizes[0]:g}x"] = {"ratio": c[0], "basis": c[1]}
                print(f"cost {engine:<6} {size:g}x / {sizes[0]:g}x: {c[0]:6.1f}x  ({c[1]})", flush=True)
    if {"local", "spark"} <= set(engines):
        for size in sizes:
            if ("local", size) in by and ("spark", size) in by and (c := cost(by[("spark", size)], by[("local", size)])):
                ratios[f"spark/local {size:g}x"] = {"ratio": c[0], "basis": c[1]}
                print(f"spark / local at {size:g}x: {c[0]:5.2f}x  ({c[1]})", flush=True)
    return ratios


if __name__ == "__main__":
    main()
