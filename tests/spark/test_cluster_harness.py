"""The standalone cluster harness: a job runs on two one-core workers, and survives losing one.

Jobs run in one driver process per module (``standalone_cluster.python``), which reads
``JOB MARKER_DIR`` lines on stdin and answers each with one JSON line, so the driver and the
executors start once for both tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# Tasks touch "<marker dir>/<partition>-<attempt>-<pid>" when they start, so a test can tell
# which process runs what, and which tasks ran twice.
DRIVER = r'''
import json, sys
from retold.spark.session import spark_session

spark = spark_session(sys.argv[1], app_name="retold-harness")  # test settings: the cluster's SPARK_CONF_DIR


def mark_and_sleep(markers, seconds):
    def run(batches):
        import os, pathlib, time
        import pandas as pd
        from pyspark import TaskContext

        ctx = TaskContext.get()
        pathlib.Path(markers, f"{ctx.partitionId()}-{ctx.attemptNumber()}-{os.getpid()}").touch()
        time.sleep(seconds)  # hold this executor's one core, so the other executor takes the next task
        for batch in batches:
            yield pd.DataFrame({"id": batch["id"], "cwd": os.getcwd()})
    return run


for line in sys.stdin:
    job, markers = line.split()
    answer = {}
    if job == "tiny":
        answer["sum"] = spark.range(1000).selectExpr("sum(id) AS s").collect()[0]["s"]
        rows = spark.range(0, 1000, numPartitions=4).mapInPandas(mark_and_sleep(markers, 0.5), "id long, cwd string")
        answer["cwds"] = sorted(r["cwd"] for r in rows.select("cwd").distinct().collect())
    elif job == "slow":
        rows = spark.range(0, 100_000, numPartitions=6).mapInPandas(mark_and_sleep(markers, 1.0), "id long, cwd string")
        got = rows.selectExpr("sum(id) AS s", "count(*) AS n", "count(DISTINCT id) AS d").collect()[0]
        answer.update(sum=got["s"], n=got["n"], distinct=got["d"])
    print(json.dumps(answer), flush=True)
spark.stop()
'''


@pytest.fixture(scope="module")
def driver(standalone_cluster):
    running = standalone_cluster.python("-c", DRIVER, standalone_cluster.url)
    yield running
    running.wait(timeout=60)


def _run(driver, job: str, markers: Path) -> dict:
    driver.send(f"{job} {markers}")
    return json.loads(driver.read_line())


def _markers(folder: Path) -> list[tuple[int, int, int]]:
    """(partition, attempt, pid) of every task start recorded in ``folder``."""
    return [tuple(int(x) for x in p.name.split("-")) for p in folder.iterdir()]


def test_cluster_harness_runs_a_job_on_both_workers(standalone_cluster, driver, tmp_path):
    answer = _run(driver, "tiny", tmp_path)
    assert answer["sum"] == sum(range(1000))
    # an executor runs in a work dir under its worker's: both workers served the job
    workers = {Path(c).relative_to(standalone_cluster.root).parts[0] for c in answer["cwds"]}
    assert workers == {"worker0", "worker1"}
    assert len({pid for _, _, pid in _markers(tmp_path)}) >= 2


def test_cluster_harness_job_survives_a_killed_worker(standalone_cluster, driver, tmp_path):
    def worker0_runs_a_task() -> bool:
        under = standalone_cluster.worker_processes(0)
        return any(pid in under for _, _, pid in _markers(tmp_path))

    killer = standalone_cluster.kill_worker_when(0, worker0_runs_a_task)
    answer = _run(driver, "slow", tmp_path)
    assert killer.result(timeout=10) is True, "worker 0 never ran a task"
    assert standalone_cluster.workers[0].poll() is not None
    n = 100_000
    assert answer == {"sum": n * (n - 1) // 2, "n": n, "distinct": n}
    # the task that was running on worker 0 when it died ran again, as a later attempt
    assert max(attempt for _, attempt, _ in _markers(tmp_path)) >= 1
