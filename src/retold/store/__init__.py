"""store: one SQLite file (WAL, FTS5, versioned schema). ``writer`` writes, ``query`` reads."""

from retold.store.db import DEFAULT_DB, SCHEMA_VERSION, connect

__all__ = ["DEFAULT_DB", "SCHEMA_VERSION", "connect"]
