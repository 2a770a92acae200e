"""The shuffle benchmark's event-log reading: bytes summed per stage, named by its operators."""

from __future__ import annotations

import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import bench_shuffle  # noqa: E402


def _stage(stage_id: int, *operators: str) -> dict:
    rdds = [{"RDD ID": k, "Name": "MapPartitionsRDD", "Scope": json.dumps({"id": str(k), "name": op})}
            for k, op in enumerate(operators)]
    return {"Event": "SparkListenerStageSubmitted",
            "Stage Info": {"Stage ID": stage_id, "Stage Name": f"stage {stage_id} at Thread", "RDD Info": rdds}}


def _task(stage_id: int, written: int | None) -> dict:
    metrics = {"Shuffle Write Metrics": {"Shuffle Bytes Written": written}} if written is not None else {}
    return {"Event": "SparkListenerTaskEnd", "Stage ID": stage_id, "Task Metrics": metrics}


def test_bytes_are_summed_per_stage_and_named_by_operators(tmp_path):
    events = [{"Event": "SparkListenerApplicationStart"},
              _stage(1, "Exchange", "MapInPandas"), _task(1, 100), _task(1, 50),
              _stage(2, "Exchange", "FlatMapGroupsInPandas"), _task(2, 7), _task(2, None),
              _stage(3, "Exchange", "MapInPandas"), _task(3, 1),  # same operators: one line
              _stage(4, "collect"), _task(4, 0)]  # wrote nothing: left out
    log = tmp_path / "events_1_local-1"
    log.write_text("\n".join(json.dumps(e) for e in events) + "\n", encoding="utf-8")
    assert bench_shuffle.shuffle_by_stage(log) == {"MapInPandas < Exchange": 151,
                                                   "FlatMapGroupsInPandas < Exchange": 7}


def test_only_event_logs_are_read():
    assert bench_shuffle._is_event_log(Path("events_1_local-1796616849842"))
    assert bench_shuffle._is_event_log(Path("local-1796616849842"))  # a log that does not roll
    assert not bench_shuffle._is_event_log(Path(".events_1_local-1.crc"))
    assert not bench_shuffle._is_event_log(Path("appstatus_local-1"))
