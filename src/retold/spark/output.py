"""The Spark job's result directory, replaced all at once: a job writes every table into a
staging directory beside ``DIR`` and ``commit`` swaps it in, so ``DIR`` is always either the
previous complete result or the new complete one, never a half-written mix.

Local paths (plain or ``file:``) are handled with POSIX renames on this machine. Any other URI
(``hdfs://``, ``s3a://``, ...) goes through Hadoop's ``FileSystem`` in the Spark JVM, which
needs a running ``SparkSession``. Caveat: HDFS renames a directory atomically, but object
stores have no rename at all (S3A copies and then deletes every object), so on ``s3a://`` a
reader can see a partial ``DIR`` while ``commit`` runs, and a crash there can leave one; on
object stores, write each run to a new directory and point readers at the newest one instead.

Crash windows (local paths):
- Before ``commit``: ``DIR`` is untouched; the staging directory is left behind (``discard``
  removes it; a later ``staging_dir`` never reuses it).
- During ``commit`` on Linux: ``DIR`` and the staging directory are swapped by one
  ``renameat2(RENAME_EXCHANGE)`` call, so there is no window at all; only the old result,
  now under the staging name, remains to be deleted.
- During ``commit`` elsewhere (no ``renameat2``, or a file system without it): ``DIR`` is
  first renamed aside to ``.DIR.old-<id>`` and then the staging directory onto ``DIR``. A crash
  between those two renames leaves no ``DIR`` but the old result complete under
  ``.DIR.old-<id>``; ``recover(DIR)`` (called by ``staging_dir``) puts it back.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import uuid
from pathlib import Path
from urllib.parse import unquote, urlparse

from retold.errors import RetoldError

_TMP, _OLD = "tmp", "old"


def is_local(uri: str) -> bool:
    """Whether ``uri`` is a path on this machine: a plain path or a ``file:`` URI."""
    return urlparse(uri).scheme in ("", "file")


def _local_path(uri: str) -> Path:
    parsed = urlparse(uri)
    return Path(unquote(parsed.path) if parsed.scheme == "file" else uri).absolute()


def _sibling_name(name: str, tag: str) -> str:
    return f".{name}.{tag}-{uuid.uuid4().hex}"


def staging_dir(out: str, spark=None) -> str:
    """A new, empty directory beside ``out`` (``.NAME.tmp-<id>`` in ``out``'s parent) for a job to
    write its tables into; the same file system as ``out``, so ``commit`` is a rename.

    Local paths get a local path back; other URIs a URI of the same scheme (created through
    Hadoop's FileSystem of ``spark``, default the active session). Also ``recover(out)`` first.
    """
    if is_local(out):
        recover(out)
        target = _local_path(out)
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.parent / _sibling_name(target.name, _TMP)
        staging.mkdir()
        return str(staging)
    staging = _sibling_uri(out, _TMP)
    fs, path = _hadoop(staging, spark)
    if not fs.mkdirs(path):
        raise RetoldError(f"could not create {staging}")
    return staging


def commit(staging: str, out: str, spark=None) -> None:
    """Make ``staging`` the new ``out``: the old ``out`` (if any) is replaced as a whole and deleted.

    ``staging`` must be a directory from ``staging_dir(out)``. Raises ``RetoldError`` when it
    is missing; when a rename fails, ``out`` is left as it was before the call.
    """
    if is_local(out):
        _commit_local(_local_path(staging), _local_path(out))
    else:
        _commit_hadoop(staging, out, spark)


def discard(staging: str, spark=None) -> None:
    """Delete a staging directory (a job that failed, or was cancelled, before ``commit``);
    a missing one is fine."""
    if is_local(staging):
        shutil.rmtree(_local_path(staging), ignore_errors=True)
        return
    fs, path = _hadoop(staging, spark)
    fs.delete(path, True)


def recover(out: str) -> bool:
    """Tidy up after a crash inside ``commit`` (local paths only). When ``out`` is missing and
    ``.NAME.old-<id>`` directories exist beside it, the newest becomes ``out`` again; when ``out``
    exists, such directories are leftovers of a commit that finished, and are deleted.
    Returns whether a result was restored. (``.NAME.tmp-<id>`` staging directories are left
    alone: one may belong to a job still running.)"""
    if not is_local(out):
        return False
    target = _local_path(out)
    if not target.parent.is_dir():
        return False
    aside = sorted(target.parent.glob(f".{target.name}.{_OLD}-*"), key=lambda p: p.stat().st_mtime)
    restored = False
    if aside and not target.exists():
        os.rename(aside.pop(), target)
        restored = True
    for leftover in aside:
        shutil.rmtree(leftover, ignore_errors=True)
    return restored


# -- local ------------------------------------------------------------------------------------
def _commit_local(staging: Path, out: Path) -> None:
    if not staging.is_dir():
        raise RetoldError(f"staging directory {staging} is missing; nothing to commit")
    if out.exists() and _exchange(staging, out):
        shutil.rmtree(staging)  # the old result, now under the staging name
        return
    old = None
    if out.exists():
        old = out.parent / _sibling_name(out.name, _OLD)
        os.rename(out, old)
    try:
        os.rename(staging, out)
    except OSError:
        if old is not None:
            os.rename(old, out)
        raise
    if old is not None:
        shutil.rmtree(old)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step with Linux's ``renameat2(RENAME_EXCHANGE)``; False where
    that is not available (other systems, old glibc, file systems without it).

    Hand-written through ctypes because Python's ``os`` has no rename flags and no library on
    PyPI that we depend on wraps this call.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


# -- Hadoop FileSystem (hdfs://, s3a://, ...) ----------------------------------------------------
def _sibling_uri(uri: str, tag: str) -> str:
    """``scheme://host/parent/.NAME.TAG-<id>`` beside ``scheme://host/parent/NAME``."""
    if urlparse(uri).path.strip("/") == "":
        raise RetoldError(f"{uri} is the root of its file system; give a directory under it")
    head, _, name = uri.rstrip("/").rpartition("/")
    return f"{head}/{_sibling_name(name, tag)}"


def _hadoop(uri: str, spark):
    """(Hadoop FileSystem, Hadoop Path) for ``uri`` through ``spark``'s JVM and Hadoop configuration."""
    if spark is None:
        from pyspark.sql import SparkSession

        spark = SparkSession.getActiveSession()
    if spark is None:
        raise RetoldError(f"writing to {uri} needs a running Spark session")
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    return path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), path


def _commit_hadoop(staging: str, out: str, spark) -> None:
    fs, out_path = _hadoop(out, spark)
    _, staging_path = _hadoop(staging, spark)
    if not fs.exists(staging_path):
        raise RetoldError(f"staging directory {staging} is missing; nothing to commit")
    old = None
    if fs.exists(out_path):
        old = _hadoop(_sibling_uri(out, _OLD), spark)[1]
        if not fs.rename(out_path, old):
            raise RetoldError(f"could not move {out} aside to commit the new result")
    # Hadoop renames a directory INTO an existing one: ``out`` was moved aside first, so it is new.
    if not fs.rename(staging_path, out_path):
        if old is not None:
            fs.rename(old, out_path)
        raise RetoldError(f"could not rename {staging} to {out}")
    if old is not None:
        fs.delete(old, True)
