"""Opening the SQLite store: WAL mode, foreign keys, versioned schema with migrations."""

from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path

from retold.errors import StoreError

SCHEMA_VERSION = 1
DEFAULT_DB = "retold.db"


def _migrations() -> list[tuple[int, str]]:
    """(version, sql) of every migration after version 1, in order."""
    folder = resources.files("retold.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), entry.read_text(encoding="utf-8")))
    return sorted(found)


def latest_version() -> int:
    return max([SCHEMA_VERSION] + [v for v, _ in _migrations()])


def connect(path: str | Path = DEFAULT_DB, *, create: bool = True, read_only: bool = False) -> sqlite3.Connection:
    """A connection to the store at ``path``, created and migrated to the latest schema.

    ``path=":memory:"`` gives a private in-memory store. ``read_only`` opens an
    existing file without ever writing it (the web UI's connections).
    Raises ``StoreError`` for a missing file (when not ``create``), a file that is
    not a retold store, or one written by a newer retold.
    """
    path = str(path)
    if path != ":memory:" and not Path(path).exists() and (read_only or not create):
        raise StoreError(f"no store at {path} (run `retold analyze` first)")
    try:
        if read_only:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        if not read_only:
            if path != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            _migrate(conn)
        elif _check_version(conn) == 0:
            raise StoreError(f"{path} is empty or not a retold store (run `retold analyze` first)")
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{path} is not a usable retold store ({e})") from None
    return conn


def _check_version(conn: sqlite3.Connection) -> int:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > latest_version():
        raise StoreError(f"store schema version {version} is newer than this retold ({latest_version()}); upgrade retold")
    return version


def _migrate(conn: sqlite3.Connection) -> None:
    version = _check_version(conn)
    if version == latest_version():
        return
    if version == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        if tables:
            raise StoreError("this SQLite file is not a retold store (it has tables but no retold schema version)")
    conn.execute("BEGIN IMMEDIATE")
    try:
        if version < SCHEMA_VERSION:
            schema = (resources.files("retold.store") / "schema.sql").read_text(encoding="utf-8")
            for statement in _statements(schema):
                conn.execute(statement)
            version = SCHEMA_VERSION
        for target, sql in _migrations():
            if target > version:
                for statement in _statements(sql):
                    conn.execute(statement)
                version = target
        conn.execute(f"PRAGMA user_version = {int(version)}")
        conn.execute("COMMIT")
    except Exception:
        conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    """Split a SQL script into statements (``executescript`` would commit mid-transaction)."""
    out, buf = [], []
    for line in script.splitlines():
        if line.strip().startswith("--") and not buf:
            continue
        buf.append(line)
        candidate = "\n".join(buf).strip()
        if candidate.endswith(";") and sqlite3.complete_statement(candidate):
            out.append(candidate)
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf).strip())
    return out
