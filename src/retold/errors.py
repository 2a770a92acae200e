"""The few exceptions retold raises on purpose.

A ``RetoldError`` is a problem with the user's input or setup that can be
told in one line. The CLI prints it in red and exits 1; a batch runner
records it against the file it came from and moves on.
"""


class RetoldError(Exception):
    """Base class: a one-line, user-facing reason."""


class InputError(RetoldError):
    """A file or record cannot be read as an article (empty, binary, undecodable, oversized, malformed)."""


class StoreError(RetoldError):
    """The SQLite store is missing, locked, or of an unknown schema version."""


class StageError(RetoldError):
    """A pipeline stage was named that does not exist, or its inputs are missing."""
