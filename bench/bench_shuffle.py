"""Shuffle bytes per article of the Spark engine, per stage of the job.

    python bench/bench_shuffle.py [--sizes 1] [--stages reuse] [--master local[2]] [--partitions N]
        [--json PATH] [--events DIR]

Runs ``retold.spark.job.run_spark`` on the bench corpus (``bench_engines.write_corpus``:
1x is 1,000 articles) with Spark's event log on, then reads the log: every task's
"Shuffle Bytes Written", summed per Spark stage and named by the SQL operators the stage
runs (``_call_site``), and in all. Printed per article, since
docs/scale.md multiplies these figures out to 10 million articles.

``--partitions`` sets ``spark.retold.shufflePartitions``. The job's own choice (one partition
a 1,000 articles, at least two a core) puts the 32 bucket copies of a sentence in a handful
of partitions at 1x, where the shuffle's compression (lz4) folds copies that sit side by
side; a 10-million-article run has 10,000 partitions and every copy lands in another one.
64 partitions at 1x shows that regime.

Why the event log and not the UI's REST API: the log is a file the run leaves behind
(the UI is off in retold's sessions and goes away with the session), and it holds the
same task metrics.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_engines import write_corpus  # noqa: E402

# Bytes per article do not grow with the corpus (every step is per article or per
# candidate pair); what moves them is how many partitions a shuffle has (``--partitions``).
# ``bench/run.py`` passes --sizes 1,10,100: sizes above this are left out, since 100x on
# Spark takes hours on two cores for the same per-article figure.
MAX_SIZE = 10


def shuffle_by_stage(event_log: Path) -> dict[str, int]:
    """Shuffle bytes written per stage of one application's event log, keyed by what the
    stage runs (``_call_site``); stages that wrote nothing are left out."""
    names: dict[int, str] = {}
    written: dict[int, int] = defaultdict(int)
    for line in event_log.read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        kind = event.get("Event")
        if kind == "SparkListenerStageSubmitted":
            info = event["Stage Info"]
            names[info["Stage ID"]] = _call_site(info)
        elif kind == "SparkListenerTaskEnd":
            metrics = event.get("Task Metrics") or {}
            written[event["Stage ID"]] += int((metrics.get("Shuffle Write Metrics") or {}).get("Shuffle Bytes Written", 0))
    by_site: dict[str, int] = defaultdict(int)
    for stage, n in written.items():
        if n:
            by_site[names.get(stage, f"stage {stage}")] += n
    return dict(by_site)


def _call_site(info: dict) -> str:
    """What a stage runs: the SQL operators of its RDDs (Spark's adaptive execution runs
    shuffle stages on its own threads, so their recorded call sites name no retold code;
    the operators do: ``MapInPandas``, ``FlatMapGroupsInPandas`` ...), else its name."""
    scopes = []
    for rdd in info.get("RDD Info") or []:
        name = json.loads(rdd["Scope"])["name"] if rdd.get("Scope") else rdd.get("Name", "")
        if name and name not in scopes:
            scopes.append(name)
    return " < ".join(reversed(scopes)) or info.get("Stage Name", "?")


def _is_event_log(path: Path) -> bool:
    """An event log file: Spark's rolling logs write ``events_N_<app>`` beside status and
    checksum files; a single log is the application's id."""
    return not (path.name.startswith((".", "appstatus")) or path.suffix == ".crc")


def run(size: float, stages: list[str], master: str, root: Path, events: Path | None = None,
        partitions: int | None = None) -> dict:
    from retold.spark.job import run_spark
    from retold.spark.session import spark_session

    files, n = write_corpus(size, root / "corpus")
    logs = events or root / "events"
    logs.mkdir(parents=True)
    spark = spark_session(master, conf={"spark.eventLog.enabled": "true", "spark.eventLog.dir": logs.as_uri(),
                                        "spark.eventLog.compress": "false", "spark.ui.showConsoleProgress": "false",
                                        **({"spark.retold.shufflePartitions": str(partitions)} if partitions else {})})
    try:
        run_spark(files, str(root / "out"), master=master, stages=stages, spark=spark)
    finally:
        spark.stop()
    # one application: a file, or a folder of files when Spark rolls its event logs
    by_site: dict[str, int] = defaultdict(int)
    for log in sorted(p for p in logs.rglob("*") if p.is_file() and _is_event_log(p)):
        for site, b in shuffle_by_stage(log).items():
            by_site[site] += b
    if not by_site:
        raise SystemExit(f"no event log with shuffle metrics under {logs}: {sorted(logs.rglob('*'))}")
    return {"size": size, "articles": n, "stages": stages, "partitions": partitions, "total_bytes": sum(by_site.values()), "by_site": dict(by_site)}


def print_result(r: dict) -> None:
    n = r["articles"]
    print(f"{r['size']:g}x, {n} articles, stages {','.join(r['stages'])}, "
          f"shuffle partitions {r['partitions'] or 'as the job sizes them'}: "
          f"shuffle written {r['total_bytes'] / 1e6:.1f} MB, {r['total_bytes'] / n / 1e3:.1f} KB per article")
    for site, b in sorted(r["by_site"].items(), key=lambda kv: -kv[1]):
        print(f"  {b / n / 1e3:9.1f} KB/article  {100 * b / r['total_bytes']:5.1f}%  {site}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1", help="comma-separated multiples of 1,000 articles")
    ap.add_argument("--stages", default="reuse", help="corpus stages after ingest (comma-separated)")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--partitions", type=int, help="spark.retold.shufflePartitions (default: the job's own choice)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--events", type=Path, help="keep Spark's event logs in this new folder (one subfolder a size)")
    args = ap.parse_args()
    from retold.spark.session import java_problem

    problem = java_problem()
    if problem is not None:
        sys.exit(f"bench_shuffle needs Spark: {problem}")
    sizes = [float(s) for s in args.sizes.split(",")]
    if any(size > MAX_SIZE for size in sizes):
        print(f"sizes above {MAX_SIZE}x left out: per-article shuffle bytes do not grow with the corpus")
    results = []
    for size in (s for s in sizes if s <= MAX_SIZE):
        with tempfile.TemporaryDirectory(prefix="retold-shuffle-") as tmp:
            events = args.events / f"{size:g}x" if args.events else None
            results.append(run(size, args.stages.split(","), args.master, Path(tmp), events, args.partitions))
        print_result(results[-1])
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
