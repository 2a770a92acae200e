"""Starting Spark for retold: is Java usable, and a SparkSession with the settings the engine relies on.

Importable without PySpark installed: pyspark is imported inside the functions, and a
missing PySpark or Java is a one-line ``RetoldError`` telling what to install.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from urllib.parse import urlparse

from retold.errors import RetoldError

# Spark 4 is built for Java 17 and refuses older runtimes.
MIN_JAVA = 17
INSTALL_JAVA = "install openjdk-17-jre-headless"
INSTALL_PYSPARK = "pip install 'retold[spark]'"

# Longest plan string Spark builds (``spark.sql.maxPlanStringLength``); see session_settings.
MAX_PLAN_STRING_CHARS = 10_000_000

# Masters whose driver and executors are all on this machine: there the executors can use this
# very Python (``sys.executable``) and everything can talk over the loopback interface.
_LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def _java_binary() -> str | None:
    """``$JAVA_HOME/bin/java`` when JAVA_HOME is set (what spark-submit uses), else ``java`` on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home:
        candidate = os.path.join(home, "bin", "java")
        return candidate if os.access(candidate, os.X_OK) else None
    return shutil.which("java")


def java_major(version_output: str) -> int | None:
    """The major version in ``java -version`` output: ``"17.0.15"`` gives 17, the old
    ``"1.8.0_292"`` scheme gives 8; None when no version string is found (also for ``""``)."""
    m = re.search(r'version "(\d+)(?:\.(\d+))?', version_output)
    if m is None:
        return None
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major


def java_problem() -> str | None:
    """None when a Java 17+ runtime is usable, else a one-line reason (what is wrong and what to install)."""
    java = _java_binary()
    if java is None:
        home = os.environ.get("JAVA_HOME")
        where = f"JAVA_HOME={home} has no bin/java" if home else "java not found"
        return f"{where}; {INSTALL_JAVA}"
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"{java} -version failed ({e}); {INSTALL_JAVA}"
    major = java_major(done.stderr + done.stdout)
    if major is None:
        return f"could not read a version from `{java} -version`; {INSTALL_JAVA}"
    if major < MIN_JAVA:
        return f"Java {major} found, Spark 4 needs {MIN_JAVA}+; {INSTALL_JAVA}"
    return None


def is_this_machine(master: str) -> bool:
    """Whether ``master`` runs every executor on this machine (``local``, ``local[N]``,
    ``spark://127.0.0.1:7077``, ...), as opposed to YARN, Kubernetes or a remote cluster."""
    if master.startswith("local"):
        return True
    if master.startswith("spark://"):
        hosts = [urlparse(f"spark://{h}").hostname for h in master[len("spark://"):].split(",")]
        return all(h in _LOOPBACK_HOSTS for h in hosts)
    return False


def local_cores(master: str) -> int | None:
    """Cores of a ``local`` master: ``local`` 1, ``local[4]`` 4, ``local[*]`` this machine's
    count (``local[N, F]`` too); None for any other master."""
    if master == "local":
        return 1
    m = re.fullmatch(r"local(?:-cluster)?\[\s*(\*|\d+)\s*(?:,.*)?\]", master)
    if m is None:
        return None
    if m.group(1) == "*":
        return os.cpu_count() or 1
    return int(m.group(1))


def session_settings(master: str) -> dict[str, str]:
    """The Spark settings ``spark_session`` applies for ``master`` (before the caller's own ``conf``)."""
    settings = {
        # createDataFrame(pandas) and toPandas go through Arrow (mapInPandas and pandas UDFs
        # always do): the engine moves articles between pandas and Spark in columnar batches.
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        # Keep each Python worker process alive between tasks (Spark's default, pinned here because
        # the engine depends on it): models are loaded once per Python worker through the
        # module-level caches in retold.nlp, not once per task or batch. An executor with N cores
        # runs N such workers, so a model is loaded N times per executor, never per row.
        "spark.python.worker.reuse": "true",
        # The UI is not needed by a batch job and would take a port per session (clashing in
        # parallel tests); turn it on with conf={"spark.ui.enabled": "true"} to watch a run.
        "spark.ui.enabled": "false",
        # Set as early as possible (Spark 3.5+); setLogLevel below covers what runs after start.
        "spark.log.level": "WARN",
        # Dates are ISO strings in retold, but pin the session zone so nothing depends on the host's.
        "spark.sql.session.timeZone": "UTC",
        # Plan strings are only read by people (logs, the SQL tab, error messages), yet Spark
        # builds one for every query it runs. Spark's default is unbounded: an incremental run
        # over earlier results (unions of persisted tables, each printing the plan it caches)
        # built strings of hundreds of MB and ran a 1 GB driver out of heap inside
        # ``localCheckpoint`` (a CI run). The cap is Spark's own remedy for exactly that
        # (SPARK-26103). 10M characters (at most ~40 MB while it is built) is far past any plan a
        # person reads whole, and above the seeds' incremental plans (~1.2M), so no warning there.
        "spark.sql.maxPlanStringLength": str(MAX_PLAN_STRING_CHARS),
    }
    cores = local_cores(master)
    if cores is not None:
        # The default of 200 shuffle partitions is meant for clusters; on a laptop it turns every
        # shuffle into 200 tiny tasks. Two per core keeps both cores busy when tasks are uneven.
        settings["spark.sql.shuffle.partitions"] = str(2 * cores)
    if is_this_machine(master):
        # Executors on this machine run this very interpreter, so they see the same virtualenv
        # (and the retold package) as the driver. On a real cluster the nodes' Python is set by
        # the cluster (spark.pyspark.python or PYSPARK_PYTHON in its configuration) instead.
        settings["spark.pyspark.python"] = sys.executable
        settings["spark.pyspark.driver.python"] = sys.executable
        # Bind and advertise the loopback address: no dependence on the host name resolving,
        # and nothing listens on outside interfaces.
        settings["spark.driver.host"] = "127.0.0.1"
        settings["spark.driver.bindAddress"] = "127.0.0.1"
    return settings


def spark_session(master: str = "local[*]", app_name: str = "retold", conf: dict[str, str] | None = None):
    """A ``pyspark.sql.SparkSession`` on ``master`` with ``session_settings(master)`` and then ``conf``.

    Raises ``RetoldError`` (one line) when PySpark is not installed, when Java 17+ is not
    usable, or when this process already runs a Spark session on another master (one
    SparkContext per process: stop it first). A running session on the same master is returned.
    """
    try:
        from pyspark import SparkContext
        from pyspark.sql import SparkSession
    except ImportError:
        raise RetoldError(f"PySpark is not installed: {INSTALL_PYSPARK}") from None
    problem = java_problem()
    if problem is not None:
        raise RetoldError(f"Spark needs Java {MIN_JAVA}+: {problem}")
    running = SparkContext._active_spark_context
    if running is not None:
        if running.master != master:
            raise RetoldError(f"a Spark session on {running.master} is already running in this process; "
                              f"stop it before starting one on {master}")
        return SparkSession.builder.getOrCreate()
    settings = {**session_settings(master), **(conf or {})}
    if "spark.pyspark.python" in settings:
        # Read by the Python side of PySpark as well as the conf key (older code paths use the env).
        os.environ["PYSPARK_PYTHON"] = settings["spark.pyspark.python"]
    if is_this_machine(master):
        # The JVM otherwise picks the first outside interface when the host name resolves to
        # loopback (and warns); everything of a this-machine run stays on 127.0.0.1.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = SparkSession.builder.master(master).appName(app_name)
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark
