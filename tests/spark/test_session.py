"""Java detection and the SparkSession settings the engine relies on."""

from __future__ import annotations

import os
import stat
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retold.errors import RetoldError
from retold.spark import session
from retold.spark.session import (
    is_this_machine, java_major, java_problem, local_cores, session_settings, spark_session,
)


@pytest.mark.parametrize("output, major", [
    ('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment', 17),
    ('openjdk version "21" 2023-09-19', 21),
    ('openjdk version "11.0.2" 2019-01-15', 11),
    ('java version "1.8.0_292"', 8),
    ("", None),
    ("Error: could not create the Java Virtual Machine.", None),
])
def test_session_java_major(output, major):
    assert java_major(output) == major


@given(st.integers(9, 99), st.integers(0, 99), st.integers(0, 999), st.sampled_from(["openjdk", "java"]))
def test_session_java_major_reads_any_modern_version(major, minor, patch, vendor):
    assert java_major(f'{vendor} version "{major}.{minor}.{patch}" 2030-01-01\nmore lines') == major


@given(st.integers(2, 8), st.integers(0, 400))
def test_session_java_major_reads_the_old_scheme(major, update):
    assert java_major(f'java version "1.{major}.0_{update}"') == major


def _fake_java(folder, output: str):
    """A JAVA_HOME whose bin/java prints ``output`` on stderr, as ``java -version`` does."""
    (folder / "bin").mkdir()
    java = folder / "bin" / "java"
    java.write_text(f"#!/bin/sh\necho '{output}' >&2\n")
    java.chmod(java.stat().st_mode | stat.S_IEXEC)
    return folder


@pytest.mark.parametrize("output, expected", [
    ('openjdk version "17.0.15" 2025-04-15', None),
    ('openjdk version "11.0.2" 2019-01-15', "Java 11 found, Spark 4 needs 17+"),
    ('java version "1.8.0_292"', "Java 8 found, Spark 4 needs 17+"),
    ("not a version", "could not read a version"),
])
def test_session_java_problem_reads_java_home(tmp_path, monkeypatch, output, expected):
    monkeypatch.setenv("JAVA_HOME", str(_fake_java(tmp_path, output)))
    problem = java_problem()
    if expected is None:
        assert problem is None
    else:
        assert expected in problem and "openjdk-17-jre-headless" in problem


def test_session_java_problem_without_java(tmp_path, monkeypatch):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert java_problem() == "java not found; install openjdk-17-jre-headless"
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    assert "has no bin/java" in java_problem()


@pytest.mark.parametrize("master, cores", [
    ("local", 1), ("local[2]", 2), ("local[*]", os.cpu_count()), ("local[3, 2]", 3),
    ("spark://127.0.0.1:7077", None), ("yarn", None), ("", None),
])
def test_session_local_cores(master, cores):
    assert local_cores(master) == cores


@pytest.mark.parametrize("master, here", [
    ("local[*]", True), ("spark://127.0.0.1:7077", True), ("spark://localhost:7077", True),
    ("spark://10.0.0.5:7077", False), ("spark://127.0.0.1:7077,10.0.0.5:7077", False),
    ("yarn", False), ("k8s://https://10.0.0.1:443", False),
])
def test_session_is_this_machine(master, here):
    assert is_this_machine(master) is here


def test_session_settings_for_this_machine_and_a_cluster():
    local = session_settings("local[2]")
    assert local["spark.sql.shuffle.partitions"] == "4"
    assert local["spark.pyspark.python"] == sys.executable
    assert local["spark.driver.host"] == local["spark.driver.bindAddress"] == "127.0.0.1"
    cluster = session_settings("yarn")
    assert "spark.sql.shuffle.partitions" not in cluster
    assert "spark.pyspark.python" not in cluster and "spark.driver.host" not in cluster
    for settings in (local, cluster):
        assert settings["spark.sql.execution.arrow.pyspark.enabled"] == "true"
        assert settings["spark.python.worker.reuse"] == "true"
        assert settings["spark.ui.enabled"] == "false"


def test_session_clear_errors_without_pyspark_or_java(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)
    with pytest.raises(RetoldError, match=r"pip install 'retold\[spark\]'"):
        spark_session("local[1]")
    monkeypatch.undo()
    pytest.importorskip("pyspark")
    monkeypatch.setattr(session, "java_problem", lambda: "Java 11 found, Spark 4 needs 17+; install x")
    with pytest.raises(RetoldError, match="Java 11 found"):
        spark_session("local[1]")


def test_session_spark_has_the_settings(spark):
    conf = spark.sparkContext.getConf()
    assert spark.conf.get("spark.sql.execution.arrow.pyspark.enabled") == "true"
    assert spark.conf.get("spark.sql.shuffle.partitions") == "4"
    assert conf.get("spark.python.worker.reuse") == "true"
    assert conf.get("spark.ui.enabled") == "false"
    assert conf.get("spark.driver.host") == "127.0.0.1"
    assert spark.sparkContext.uiWebUrl is None
    assert spark_session("local[2]").sparkContext is spark.sparkContext
    with pytest.raises(RetoldError, match="already running"):
        spark_session("local[3]")


def test_session_python_workers_are_reused_across_tasks(spark):
    """Eight tasks on two cores run in at most two Python processes: what a model loaded once
    per process relies on (with reuse off, every task would get a fresh process)."""

    def pid(batches):
        import os

        import pandas as pd

        for _ in batches:
            yield pd.DataFrame({"pid": [os.getpid()]})

    pids = {r["pid"] for r in spark.range(0, 80, numPartitions=8).mapInPandas(pid, "pid long").collect()}
    assert 1 <= len(pids) <= 2
