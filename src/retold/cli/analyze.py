"""`retold analyze`: read, clean, store, and run every stage."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from retold.cli.common import DEFAULT_DB_PATH, DbOption, VerboseOption, console, errors_as_one_line, out
from retold.errors import RetoldError

EXIT_SKIPPED = 3


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze)


def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive) or globs: .txt, .html(.gz), .jsonl, .warc(.gz).")],
    db: DbOption = DEFAULT_DB_PATH,
    stages: Annotated[Optional[str], typer.Option(help="Comma-separated stages to run (default: all): reuse,stories,quotes,coverage.")] = None,
    force: Annotated[bool, typer.Option(help="Clean every input and re-run stages even when unchanged.")] = False,
    engine: Annotated[str, typer.Option(help="local (SQLite store, --db) or spark (Parquet tables, --out).")] = "local",
    master: Annotated[str, typer.Option(help="Spark master for --engine spark: local[*], spark://HOST:7077, yarn.")] = "local[*]",
    out_dir: Annotated[Optional[str], typer.Option("--out", help="Result directory or URI for --engine spark.")] = None,
    verbose: VerboseOption = False,
) -> None:
    """Read a pile of scraped news into the store and run every stage over it.

    Exit code 0 when every input was stored, 3 when some were skipped (each listed
    with its reason; the rest is stored), 1 on an error. With ``--engine spark`` the
    same stages run on Apache Spark and write Parquet tables under ``--out``
    (``retold load DIR`` brings them into the store).
    """
    from retold.pipeline import analyze_with_summary

    if engine not in ("local", "spark"):
        raise typer.BadParameter("choose local or spark", param_hint="--engine")
    if engine == "spark":
        _analyze_on_spark(paths, stages, master, out_dir, verbose)
        return
    with errors_as_one_line(verbose):
        names = [s.strip() for s in stages.split(",") if s.strip()] if stages is not None else None
        _, summary = analyze_with_summary(paths, db=db, stages=names, progress=console.is_terminal or verbose,
                                          force=force, load=False)  # counts only: a large store is not read whole
        if summary.read == 0 and not summary.counts.get("articles"):
            for s in summary.skipped:
                console.print(f"[yellow]skip[/yellow] {s.source}: {s.reason}", highlight=False)
            raise RetoldError("no readable articles in the given paths")
    for s in summary.skipped:
        console.print(f"[yellow]skip[/yellow] {s.source}: {s.reason}", highlight=False)
    out.print(_summary_table(summary.counts, summary, db))
    if summary.skipped:
        raise typer.Exit(code=EXIT_SKIPPED)


def _analyze_on_spark(paths: list[str], stages: Optional[str], master: str, out_dir: Optional[str],
                      verbose: bool) -> None:
    if not out_dir:
        raise typer.BadParameter("--engine spark writes Parquet tables: give --out DIR", param_hint="--out")
    with errors_as_one_line(verbose):
        from retold.spark.job import run_spark
        from retold.spark.load import read_result

        names = [s.strip() for s in stages.split(",") if s.strip()] if stages is not None else None
        summary = run_spark(paths, out_dir, master=master, stages=names, progress=console.is_terminal or verbose)
        corpus = read_result(out_dir) if "://" not in out_dir or out_dir.startswith("file:") else None
        if summary.read == 0 and corpus is not None and not corpus.articles:
            for s in summary.skipped:
                console.print(f"[yellow]skip[/yellow] {s.source}: {s.reason}", highlight=False)
            raise RetoldError("no readable articles in the given paths")
    for s in summary.skipped:
        console.print(f"[yellow]skip[/yellow] {s.source}: {s.reason}", highlight=False)
    from retold.model import Corpus

    out.print(_summary_table(_counts(corpus or Corpus()), summary, Path(out_dir), where="articles in result"))
    if summary.skipped:
        raise typer.Exit(code=EXIT_SKIPPED)


def _counts(corpus) -> dict[str, int]:
    """What ``_summary_table`` prints of a corpus read whole (the Spark engine's result)."""
    return {name: len(getattr(corpus, name)) for name in ("articles", "stories", "reuse", "quotes",
                                                          "quote_clusters", "coverage")}


def _summary_table(counts: dict[str, int], summary, db: Path, where: str = "articles in store") -> Table:
    t = Table(title=f"retold: {db}", show_header=True, header_style="bold")
    t.add_column("what")
    t.add_column("count", justify="right")
    rows = [
        ("documents read", summary.read),
        ("articles stored (new or changed)", summary.stored),
        ("articles unchanged", summary.unchanged),
        ("inputs skipped", len(summary.skipped)),
        (where, counts.get("articles", 0)),
        ("stories", counts.get("stories", 0)),
        ("reuse links", counts.get("reuse", 0)),
        ("quotes", counts.get("quotes", 0)),
        ("quote clusters", counts.get("quote_clusters", 0)),
        ("coverage tables", counts.get("coverage", 0)),
    ]
    for what, n in rows:
        t.add_row(what, str(n))
    # Articles a stage has no model for, as "quotes: not extracted, language ko" (see retold.registry).
    for stage, reasons in summary.stage_skips.items():
        for reason, n in reasons.items():
            t.add_row(f"{stage}: {reason}", str(n))
    for step, secs in summary.timings.items():
        t.add_row(f"step {step}", f"{secs:.1f}s")
    for stage, secs in summary.stages.items():
        t.add_row(f"stage {stage}", "unchanged" if secs == 0.0 else f"{secs:.1f}s")
    return t
