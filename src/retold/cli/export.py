"""`retold export`: write the store out as JSON, JSONL, CSV or Parquet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from retold.cli.common import DEFAULT_DB_PATH, DbOption, VerboseOption, errors_as_one_line, out
from retold.errors import RetoldError


def register(app: typer.Typer) -> None:
    app.command("export")(export)


def export(
    output: Annotated[Path, typer.Option("-o", "--output", help="Output file (json, jsonl) or folder (csv, parquet).")],
    db: DbOption = DEFAULT_DB_PATH,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json | jsonl | csv | parquet")] = "json",
    verbose: VerboseOption = False,
) -> None:
    """Export everything in the store (articles, stories, reuse, quotes, clusters, coverage)."""
    from retold.report.export import FORMATS, export as write_export
    from retold.store import connect, query

    with errors_as_one_line(verbose):
        if fmt not in FORMATS:
            raise RetoldError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        conn = connect(db, read_only=True)
        try:
            corpus = query.corpus(conn)
        finally:
            conn.close()
        written = write_export(corpus, fmt, output)
    for p in written:
        out.print(f"wrote {p}", highlight=False)
