"""What every command shares: the console, option types, and the one-red-line error edge."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Iterator

import typer
from rich.console import Console

from retold.errors import RetoldError
from retold.store import DEFAULT_DB

console = Console(stderr=True)
out = Console()

DbOption = Annotated[Path, typer.Option("--db", help="SQLite store (created if missing).")]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Log every skipped input and show tracebacks.")]
DEFAULT_DB_PATH = Path(DEFAULT_DB)
# Libraries that log, as warnings and errors, each page they find no text in ("discarding
# data: None", "empty HTML tree: None"): retold lists every such page itself as a skip with
# its reason, so their lines only break into the console before the summary. --verbose shows them.
QUIET_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext")


def _not_library_noise(record: logging.LogRecord) -> bool:
    # A filter on the console handler, not a level on the loggers: trafilatura resets
    # htmldate's level when it is imported, which happens later, on the first page.
    return record.levelno >= logging.CRITICAL or record.name.split(".", 1)[0] not in QUIET_LOGGERS


@contextmanager
def errors_as_one_line(verbose: bool = False) -> Iterator[None]:
    """Print a ``RetoldError`` as one red line and exit 1 (the traceback only with --verbose)."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")
    for handler in logging.getLogger().handlers:
        (handler.removeFilter if verbose else handler.addFilter)(_not_library_noise)
    try:
        yield
    except RetoldError as e:
        if verbose:
            console.print_exception()
        console.print(f"[red]error:[/red] {e}", highlight=False)
        raise typer.Exit(code=1) from None
