"""The result directory is replaced all at once: old complete or new complete, never a mix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from retold.errors import RetoldError
from retold.spark import output
from retold.spark.output import commit, discard, is_local, recover, staging_dir


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)


def _read(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


@pytest.fixture(params=["exchange", "two renames"])
def swap(request, monkeypatch):
    """Run a test with Linux's atomic exchange and with the portable two-rename fallback."""
    if request.param == "two renames":
        monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    return request.param


@pytest.mark.parametrize("uri, local", [
    ("out", True), ("/data/out", True), ("file:///data/out", True),
    ("hdfs://nn:8020/data/out", False), ("s3a://bucket/out", False),
])
def test_output_is_local(uri, local):
    assert is_local(uri) is local


def test_output_commit_onto_a_missing_dir(tmp_path, swap):
    out = tmp_path / "result"
    staging = Path(staging_dir(str(out)))
    assert staging.parent == tmp_path and staging.name.startswith(".result.tmp-") and staging.is_dir()
    _write(staging, {"articles/part-0.parquet": "new"})
    commit(str(staging), str(out))
    assert _read(out) == {"articles/part-0.parquet": "new"}
    assert _leftovers(tmp_path) == []


def test_output_commit_replaces_an_existing_dir(tmp_path, swap):
    out = tmp_path / "result"
    _write(out, {"articles/part-0.parquet": "old", "stories/part-0.parquet": "old"})
    staging = Path(staging_dir(str(out)))
    _write(staging, {"articles/part-0.parquet": "new"})
    commit(str(staging), str(out))
    assert _read(out) == {"articles/part-0.parquet": "new"}  # nothing of the old result is left
    assert _leftovers(tmp_path) == []


def test_output_failure_before_commit_leaves_out_untouched(tmp_path):
    out = tmp_path / "result"
    _write(out, {"articles/part-0.parquet": "old"})
    staging = staging_dir(str(out))
    with pytest.raises(ZeroDivisionError):
        try:
            _write(Path(staging), {"articles/part-0.parquet": "half"})
            1 / 0  # the job dies mid-write
        except BaseException:
            discard(staging)
            raise
    assert _read(out) == {"articles/part-0.parquet": "old"}
    assert _leftovers(tmp_path) == []
    discard(staging)  # a second discard (or of a missing dir) is fine


def test_output_commit_without_staging_is_an_error(tmp_path):
    out = tmp_path / "result"
    _write(out, {"a": "old"})
    with pytest.raises(RetoldError, match="missing"):
        commit(str(tmp_path / ".result.tmp-gone"), str(out))
    assert _read(out) == {"a": "old"}


def test_output_failed_rename_puts_the_old_result_back(tmp_path, monkeypatch):
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    out = tmp_path / "result"
    _write(out, {"a": "old"})
    staging = staging_dir(str(out))
    real_rename = os.rename

    def failing_rename(src, dst):
        if Path(src) == Path(staging):
            raise OSError("disk went away")
        real_rename(src, dst)

    monkeypatch.setattr(output.os, "rename", failing_rename)
    with pytest.raises(OSError):
        commit(staging, str(out))
    assert _read(out) == {"a": "old"}


def test_output_recover_after_a_crash_between_the_renames(tmp_path):
    out = tmp_path / "result"
    _write(out, {"a": "old"})
    os.rename(out, tmp_path / ".result.old-0123")  # the process died right after moving out aside
    staging = staging_dir(str(out))  # the next run puts the old result back first
    assert _read(out) == {"a": "old"}
    assert not recover(str(out))  # nothing more to do
    (tmp_path / ".result.old-4567").mkdir()  # a crash while deleting the old result after a commit
    assert not recover(str(out)) and _read(out) == {"a": "old"}
    discard(staging)
    assert _leftovers(tmp_path) == []


def test_output_file_uri(tmp_path):
    out = f"file://{tmp_path}/result"
    staging = staging_dir(out)
    _write(Path(staging), {"x": "new"})
    commit(staging, out)
    assert _read(tmp_path / "result") == {"x": "new"}


def test_output_root_of_a_remote_file_system_is_refused():
    with pytest.raises(RetoldError, match="root"):
        output._sibling_uri("s3a://bucket", "tmp")
    assert output._sibling_uri("s3a://bucket/runs/out/", "tmp").startswith("s3a://bucket/runs/.out.tmp-")


def test_output_through_hadoop_filesystem(spark, tmp_path, monkeypatch):
    """The hdfs:// / s3a:// code path, run on Hadoop's local file system (``file:`` URIs)."""
    monkeypatch.setattr(output, "is_local", lambda uri: False)
    out = f"file://{tmp_path}/result"
    _write(tmp_path / "result", {"old.txt": "old"})
    staging = staging_dir(out, spark)
    assert staging.startswith(f"file://{tmp_path}/.result.tmp-")
    spark.createDataFrame([(1, "a")], "id long, v string").write.parquet(staging + "/articles")
    commit(staging, out, spark)
    names = sorted(p.name for p in (tmp_path / "result" / "articles").iterdir())
    assert "_SUCCESS" in names and any(n.startswith("part-") for n in names)
    assert not (tmp_path / "result" / "old.txt").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".result.")]
    leftover = staging_dir(out, spark)
    discard(leftover, spark)
    assert not Path(leftover.removeprefix("file://")).exists()
