"""Spark fixtures: a ``local[2]`` session, a real standalone cluster on 127.0.0.1, fault helpers.

Tests that need Spark take the ``spark`` or ``standalone_cluster`` fixture; when Java 17+ or
PySpark cannot be had they are skipped with the reason, which is also printed at the end of
the run (never silently). Tests of this folder that need neither run anyway.

The cluster is started from the PySpark package itself (``<pyspark>/bin/spark-class``): one
Master and two Workers with one core each, every process in its own process group and
stopped by process id. Jobs are submitted to it from a separate driver process
(``cluster.python``), since this test process already holds the ``local[2]`` SparkContext
(one per process) and a real submission is a separate driver anyway.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import warnings
from pathlib import Path

import pytest

from retold.spark.standalone import StandaloneCluster, run_in_thread

REPO = Path(__file__).resolve().parents[2]
# JVM flags for short test runs on a small, busy machine: the C1-only JIT and the serial
# collector cut JVM start-up CPU (measured here, 2 cores under load: cluster start 17 s -> 6 s,
# a driver session 21 s -> 6 s). Long jobs run slower with them, so only tests use them.
TEST_JAVA_OPTS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
TEST_SPARK_CONF = {
    "spark.driver.extraJavaOptions": TEST_JAVA_OPTS,
    "spark.executor.extraJavaOptions": TEST_JAVA_OPTS,
    "spark.executor.memory": "512m",  # fits the test workers' 1g with room to spare
    "spark.ui.showConsoleProgress": "false",  # progress bars only fill the logs
}

_SKIPPED_BECAUSE: list[str] = []


# -- is Spark usable here? ----------------------------------------------------------------------
def _spark_problem() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "PySpark is not installed (pip install 'retold[spark]')"
    from retold.spark.session import java_problem

    return java_problem()


@pytest.fixture(scope="session")
def spark_ready() -> None:
    """Skip (with the reason, repeated in the run's summary) when Java 17+ or PySpark is missing."""
    problem = _spark_problem()
    if problem is not None:
        reason = f"Spark tests skipped: {problem}"
        if reason not in _SKIPPED_BECAUSE:
            _SKIPPED_BECAUSE.append(reason)
            warnings.warn(reason, stacklevel=1)
        pytest.skip(reason)


def pytest_terminal_summary(terminalreporter) -> None:
    for reason in _SKIPPED_BECAUSE:
        terminalreporter.write_sep("=", "Spark", yellow=True)
        terminalreporter.write_line(reason, yellow=True)


@pytest.fixture(scope="session")
def spark(spark_ready):
    """A ``local[2]`` SparkSession for the whole run, stopped at the end."""
    from retold.spark.session import spark_session

    session = spark_session("local[2]", app_name="retold-tests", conf=TEST_SPARK_CONF)
    yield session
    session.stop()


@pytest.fixture(autouse=True)
def _ship_test_functions_by_value(request) -> None:
    """Functions a test module defines at top level run on executors too: pickle them by value,
    since executors cannot import a test module (pytest imports it under its own name)."""
    try:
        from pyspark import cloudpickle
    except ImportError:
        return
    if request.module.__name__ in sys.modules:
        cloudpickle.register_pickle_by_value(sys.modules[request.module.__name__])


@pytest.fixture
def spark_test_conf() -> dict[str, str]:
    """Settings for any other session a test starts (``spark_session(master, conf=...)``)."""
    return dict(TEST_SPARK_CONF)


@pytest.fixture(name="run_in_thread")
def run_in_thread_fixture():
    """``run_in_thread(fn, *args)`` for tests (this conftest cannot be imported by test modules)."""
    return run_in_thread


@pytest.fixture(scope="module")
def standalone_cluster(spark_ready):
    """A running standalone cluster (``.url``, ``.workers``, ``.kill_worker(i)``,
    ``.kill_worker_when(i, predicate)``, ``.start_worker()``, ``.python(...)``), one per test
    module; every process is stopped and the temp dirs removed at the end."""
    root = Path(tempfile.mkdtemp(prefix="retold-spark-cluster-"))
    cluster = StandaloneCluster(root, conf=TEST_SPARK_CONF, java_opts=TEST_JAVA_OPTS, cwd=REPO)
    try:
        cluster.start(workers=2)
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
