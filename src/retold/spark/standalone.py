"""A Spark standalone cluster on this machine, run from the PySpark package itself.

``StandaloneCluster(root).start(workers=2)`` starts one Master and one-core Workers on
127.0.0.1 (``<pyspark>/bin/spark-class org.apache.spark.deploy.master.Master`` /
``...worker.Worker``), each in its own process group, and stops them by process id.
The tests use it for the cluster and fault tests, ``bench/bench_cluster.py`` to measure
how throughput grows with workers; it is also the quickest way to try cluster mode.
Linux only (process trees are read from /proc).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

# Standalone daemons need little heap for a small cluster; the default (1g each) is for real ones.
DAEMON_MEMORY = "256m"
# The master declares a worker dead after this many seconds without a heartbeat (default 60),
# so a killed worker is dropped (and a replacement counted) quickly.
WORKER_TIMEOUT_S = 4
STARTUP_TIMEOUT_S = 60


# -- helpers the fault tests share ---------------------------------------------------------------
@dataclass
class Running:
    """A function running in a thread: ``result()`` waits and returns its value or re-raises."""

    thread: threading.Thread
    outcome: dict[str, Any] = field(default_factory=dict)

    def result(self, timeout: float | None = None) -> Any:
        self.thread.join(timeout)
        if self.thread.is_alive():
            raise TimeoutError(f"still running after {timeout}s")
        if "error" in self.outcome:
            raise self.outcome["error"]
        return self.outcome.get("value")


def run_in_thread(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Running:
    """Start ``fn(*args, **kwargs)`` in a daemon thread and return its ``Running`` handle."""
    running = Running(threading.Thread(daemon=True))

    def target() -> None:
        try:
            running.outcome["value"] = fn(*args, **kwargs)
        except BaseException as e:  # handed to result()
            running.outcome["error"] = e

    running.thread = threading.Thread(target=target, daemon=True)
    running.thread.start()
    return running




def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _parents() -> dict[int, int]:
    """pid -> parent pid of every process (Linux /proc; empty elsewhere)."""
    out = {}
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # the command name (2nd field) may hold spaces and parentheses: parse after the last ')'
            out[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return out


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (children, grandchildren, ...), excluding ``pid``."""
    children: dict[int, list[int]] = {}
    for child, parent in _parents().items():
        children.setdefault(parent, []).append(child)
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def kill_tree(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """Signal ``proc``'s process group and every descendant (found BEFORE signalling, while they
    are still its children), then reap ``proc``. PySpark's Python daemon makes its own process
    group, so the group alone would miss it."""
    below = descendants(proc.pid)
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass
    for pid in below:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@dataclass
class Driver:
    """A driver process started by ``StandaloneCluster.python``."""

    proc: subprocess.Popen
    log: Path

    def send(self, line: str) -> None:
        self.proc.stdin.write(line.rstrip("\n") + "\n")
        self.proc.stdin.flush()

    def read_line(self, timeout: float = 240) -> str:
        """The next line of its stdout; raises with the log's tail when it ends or times out first."""
        try:
            line = run_in_thread(self.proc.stdout.readline).result(timeout)
        except TimeoutError:
            raise AssertionError(f"driver gave no answer in {timeout}s\n{self.log_tail()}") from None
        if not line:
            raise AssertionError(f"driver exited ({self.proc.wait()})\n{self.log_tail()}")
        return line

    def wait(self, timeout: float = 300) -> str:
        """Close stdin, wait for the exit and return the rest of stdout; raises unless it exits 0."""
        try:
            stdout, _ = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_tree(self.proc)
            raise AssertionError(f"driver still running after {timeout}s\n{self.log_tail()}") from None
        assert self.proc.returncode == 0, f"driver exited {self.proc.returncode}\n{self.log_tail()}"
        return stdout

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:]


# -- the standalone cluster ------------------------------------------------------------------------
class StandaloneCluster:
    """A Spark standalone Master and Workers on 127.0.0.1, run from the PySpark package."""

    def __init__(self, root: Path, conf: dict[str, str] | None = None, java_opts: str = "",
                 cwd: Path | None = None) -> None:
        import pyspark

        self.root = root
        self.spark_home = Path(pyspark.__file__).parent
        self.port, self.webui_port = free_port(), free_port()
        self.url = f"spark://127.0.0.1:{self.port}"
        self.master: subprocess.Popen | None = None
        self.workers: list[subprocess.Popen] = []
        self.drivers: list[Driver] = []
        # Drivers started with this environment read ``conf`` from spark-defaults.conf.
        conf_dir = root / "conf"
        conf_dir.mkdir()
        (conf_dir / "spark-defaults.conf").write_text("".join(f"{k} {v}\n" for k, v in (conf or {}).items()))
        self.cwd = cwd or Path.cwd()
        self.env = {
            **os.environ,
            "SPARK_HOME": str(self.spark_home),
            "SPARK_CONF_DIR": str(conf_dir),
            "SPARK_LOCAL_IP": "127.0.0.1",
            "SPARK_DAEMON_MEMORY": DAEMON_MEMORY,
            "SPARK_DAEMON_JAVA_OPTS": f"-Dspark.worker.timeout={WORKER_TIMEOUT_S} {java_opts}".strip(),
            "PYSPARK_PYTHON": sys.executable,
        }

    def _spawn(self, name: str, *args: str) -> subprocess.Popen:
        log = open(self.root / f"{name}.log", "wb")
        try:
            return subprocess.Popen([str(self.spark_home / "bin" / "spark-class"), *args], env=self.env,
                                    stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    start_new_session=True)
        finally:
            log.close()  # the child holds its own copy

    def start(self, workers: int = 2) -> None:
        self.master = self._spawn("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                                  "--port", str(self.port), "--webui-port", str(self.webui_port))
        # Workers first try to register after ~5-15 s if the master is not up yet: wait for it.
        self._wait(lambda: self.state() is not None, "the master to start")
        for _ in range(workers):
            self.start_worker(wait=False)
        self.wait_for_workers(workers)

    def start_worker(self, wait: bool = True) -> subprocess.Popen:
        """Start one more one-core Worker (and wait until the master counts it, by default)."""
        i = len(self.workers)
        work_dir = self.root / f"worker{i}"
        work_dir.mkdir(exist_ok=True)
        proc = self._spawn(f"worker{i}", "org.apache.spark.deploy.worker.Worker", self.url, "--cores", "1",
                           "--memory", "1g", "--host", "127.0.0.1", "--webui-port", str(free_port()),
                           "--work-dir", str(work_dir))
        self.workers.append(proc)
        if wait:
            self.wait_for_workers(sum(w.poll() is None for w in self.workers))
        return proc

    def state(self) -> dict | None:
        """The master's JSON status (``aliveworkers``, ``workers``, ``activeapps``, ...), None if down."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.webui_port}/json/", timeout=2) as r:
                return json.loads(r.read().decode("utf-8"))
        except (OSError, ValueError):
            return None

    def wait_for_workers(self, n: int) -> None:
        self._wait(lambda: (self.state() or {}).get("aliveworkers") == n, f"{n} alive worker(s)")

    def _wait(self, ok: Callable[[], bool], what: str, timeout: float = STARTUP_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if ok():
                return
            if self.master is not None and self.master.poll() is not None:
                break
            time.sleep(0.2)
        logs = "\n".join(f"--- {p.name}\n" + p.read_text(errors="replace")[-2000:] for p in self.root.glob("*.log"))
        raise RuntimeError(f"standalone cluster: timed out waiting for {what}\n{logs}")

    def worker_processes(self, i: int) -> set[int]:
        """Worker ``i``'s JVM and everything under it: its executor JVMs and their Python workers."""
        return {self.workers[i].pid} | descendants(self.workers[i].pid)

    def kill_worker(self, i: int) -> None:
        """SIGKILL worker ``i`` with its executors and their Python workers: a lost machine."""
        kill_tree(self.workers[i])

    def kill_worker_when(self, i: int, predicate: Callable[[], bool], timeout: float = 120,
                         poll_s: float = 0.05) -> Running:
        """In a thread, poll ``predicate`` and kill worker ``i`` the moment it holds; the handle's
        ``result()`` is True when the worker was killed, False when ``timeout`` passed first."""

        def watch() -> bool:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if predicate():
                    self.kill_worker(i)
                    return True
                time.sleep(poll_s)
            return False

        return run_in_thread(watch)

    def python(self, *args: str) -> Driver:
        """Start a driver process ``python *args`` (e.g. ``-m retold.spark.job ...`` or ``-c CODE``)
        in the repo with this cluster's environment, stdin and stdout piped, stderr to a log."""
        log = self.root / f"driver{len(self.drivers)}.log"
        with open(log, "wb") as err:
            proc = subprocess.Popen([sys.executable, *args], cwd=self.cwd, env=self.env, stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=err, text=True, start_new_session=True)
        self.drivers.append(Driver(proc, log))
        return self.drivers[-1]

    def stop(self) -> None:
        for proc in [*(d.proc for d in self.drivers), *self.workers, self.master]:
            if proc is not None and proc.poll() is None:
                kill_tree(proc)
            elif proc is not None:
                proc.wait()
