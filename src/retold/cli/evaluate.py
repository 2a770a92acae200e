"""`retold eval ...`: every stage measured on labelled data; each command prints its figures."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Annotated

import typer

from retold.cli.common import VerboseOption, errors_as_one_line, out

app = typer.Typer(help="Evaluate a stage on labelled data and print its figures.", no_args_is_help=True)

_SHARED = Path("..") / "shared"


def _run(module: str, path: Path, verbose: bool) -> None:
    with errors_as_one_line(verbose):
        mod = importlib.import_module(f"retold.eval.{module}")
        figures = mod.evaluate(path)
    out.print(mod.format_report(figures), highlight=False)


@app.command("seeds")
def seeds(
    path: Annotated[Path, typer.Argument(help="The seed corpus folder; its answer key is <path>.gold.json.")] = _SHARED / "corpus" / "seeds",
    verbose: VerboseOption = False,
) -> None:
    """Every stage against the hand-made answer key of the seed corpus."""
    _run("seeds", path, verbose)


@app.command("extraction")
def extraction(
    path: Annotated[Path, typer.Argument(help="Folder with html/, text/ and gold.json.")] = _SHARED / "eval" / "extraction" / "scrapinghub",
    verbose: VerboseOption = False,
) -> None:
    """Body token precision/recall/F1, from HTML and from plain text (cross-validated)."""
    _run("extraction", path, verbose)


@app.command("reuse")
def reuse(
    path: Annotated[Path, typer.Argument(help="Folder with docs.jsonl and gold.json (translation sets).")] = _SHARED / "eval" / "reuse" / "meantime",
    verbose: VerboseOption = False,
) -> None:
    """Precision and recall of translation links."""
    _run("reuse", path, verbose)


@app.command("paraphrase")
def paraphrase(
    path: Annotated[Path, typer.Argument(help="MSRP-style JSONL of sentence pairs with labels.")] = _SHARED / "eval" / "paraphrase" / "msrp-train.jsonl",
    verbose: VerboseOption = False,
) -> None:
    """Accuracy and F1 of the sentence-level 'same content' decision (cross-validated)."""
    _run("paraphrase", path, verbose)


@app.command("stories")
def stories(
    path: Annotated[Path, typer.Argument(help="Folder with docs.jsonl and gold.json (events).")] = _SHARED / "eval" / "stories" / "ecbplus-dev",
    verbose: VerboseOption = False,
) -> None:
    """B-cubed precision, recall and F1 of the story partition."""
    _run("stories", path, verbose)


@app.command("quotes")
def quotes(
    path: Annotated[Path, typer.Argument(help="Folder with articles/ and gold.json (attributions).")] = _SHARED / "eval" / "quotes" / "polnear-dev",
    verbose: VerboseOption = False,
) -> None:
    """Attribution content F1 (all, direct only) and speaker accuracy."""
    _run("quotes", path, verbose)
