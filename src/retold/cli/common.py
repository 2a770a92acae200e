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


@contextmanager
def errors_as_one_line(verbose: bool = False) -> Iterator[None]:
    """Print a ``RetoldError`` as one red line and exit 1 (the traceback only with --verbose)."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")
    try:
        yield
    except RetoldError as e:
        if verbose:
            console.print_exception()
        console.print(f"[red]error:[/red] {e}", highlight=False)
        raise typer.Exit(code=1) from None
