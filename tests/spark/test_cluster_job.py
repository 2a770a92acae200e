"""The seeds job on a real standalone cluster (a Master and two one-core Workers on
127.0.0.1, started from the PySpark package): the result equals the local engine's, a
worker killed mid-job changes nothing, and a driver killed mid-write leaves ``--out`` as it was."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from retold.eval.engines import compare
from retold.pipeline import analyze
from retold.spark.load import read_result


@pytest.fixture(scope="module")
def local_seeds(seeds_dir):
    return analyze([str(seeds_dir)])


def _submit(cluster, inputs: list[str], out: Path, *options: str):
    return cluster.python("-m", "retold.spark.job", *inputs, "--out", str(out), "--master", cluster.url, *options)


def test_cluster_job_on_two_workers_equals_local_engine(standalone_cluster, seeds_dir, local_seeds, tmp_path):
    out = tmp_path / "out"
    driver = _submit(standalone_cluster, [str(seeds_dir)], out)
    assert "stored 5" in driver.wait(timeout=900), driver.log_tail()
    result = compare(local_seeds, read_result(out))
    assert result["equal"], result
    apps = (standalone_cluster.state() or {}).get("completedapps", [])
    assert apps and apps[-1]["cores"] == 2  # both one-core workers served the job


def test_cluster_job_survives_a_worker_killed_mid_job(standalone_cluster, seeds_dir, local_seeds, tmp_path):
    def busy() -> bool:
        procs = standalone_cluster.worker_processes(0)
        return len(procs) >= 3  # the worker JVM, its executor JVM, and the executor's Python workers

    killer = standalone_cluster.kill_worker_when(0, busy, timeout=600)
    out = tmp_path / "out"
    driver = _submit(standalone_cluster, [str(seeds_dir)], out)
    log = driver.wait(timeout=900)
    assert killer.result(timeout=10) is True, "worker 0 never started stage work"
    assert standalone_cluster.workers[0].poll() is not None
    assert "stored 5" in log, driver.log_tail()
    assert compare(local_seeds, read_result(out))["equal"]
    standalone_cluster.start_worker()


def test_cluster_driver_killed_mid_write_leaves_out_as_it_was(standalone_cluster, seeds_dir, tmp_path):
    # One cheap stage: what is tested is the write step, which every run ends with (all
    # stages took this test ~4 minutes, most of the default run's cluster time).
    files = sorted(str(p) for p in seeds_dir.glob("*.txt"))
    out = tmp_path / "out"
    assert "stored 2" in _submit(standalone_cluster, files[:2], out, "--stages", "stories").wait(timeout=900)
    before = sorted((p.relative_to(out), p.stat().st_size) for p in out.rglob("*") if p.is_file())
    driver = _submit(standalone_cluster, files[2:], out, "--stages", "stories")
    deadline = time.monotonic() + 900
    # the write step has begun once the staging directory beside ``out`` holds a table
    while not any(tmp_path.glob(".out.tmp-*/articles")) and time.monotonic() < deadline:
        assert driver.proc.poll() is None, driver.log_tail()
        time.sleep(0.05)
    os.killpg(driver.proc.pid, signal.SIGKILL)  # the driver and its JVM: a job killed mid-write
    driver.proc.wait()
    after = sorted((p.relative_to(out), p.stat().st_size) for p in out.rglob("*") if p.is_file())
    assert after == before
    assert len(read_result(out).articles) == 2
