"""`retold load`: bring a Spark result directory into the SQLite store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from retold.cli.common import DEFAULT_DB_PATH, DbOption, VerboseOption, console, errors_as_one_line, out


def register(app: typer.Typer) -> None:
    app.command("load")(load)


def load(
    result: Annotated[Path, typer.Argument(help="Result directory of `retold analyze --engine spark --out DIR`.")],
    db: DbOption = DEFAULT_DB_PATH,
    verbose: VerboseOption = False,
) -> None:
    """Load a Spark result (Parquet tables) into the store, so report, serve, export and the listings work on it."""
    from retold.report.export import TABLES
    from retold.spark.load import load_into_store

    with errors_as_one_line(verbose):
        summary = load_into_store(result, db)
    t = Table(title=f"retold: {result} -> {db}", show_header=True, header_style="bold")
    t.add_column("table")
    t.add_column("rows", justify="right")
    for table in TABLES:
        n = summary["tables"].get(table)
        t.add_row(table, "not in result" if n is None else str(n))
    t.add_row("articles stored (new or changed)", str(summary["stored"]))
    t.add_row("articles unchanged", str(summary["unchanged"]))
    t.add_row("inputs skipped by the run", str(summary["skipped"]))
    out.print(t)
    if summary["not_in_result"]:
        console.print(f"[yellow]note[/yellow] the store also holds {summary['not_in_result']} article(s) this result "
                      "does not cover; run `retold analyze` on the store to bring its stages up to date",
                      highlight=False)
