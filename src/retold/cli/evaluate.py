"""`retold eval ...`: every stage measured on labelled data; each command prints its figures.

Each command is one row of ``EVALUATIONS``: the module under ``retold.eval``
(which has ``evaluate(path) -> dict`` and ``format_report(dict) -> str``), the
default data path (the shared folder beside the checkout), and its help.
"""

# No `from __future__ import annotations`: typer reads each generated command's
# Annotated parameters at run time, and they refer to the factory's locals.
import importlib
from pathlib import Path
from typing import Annotated

import typer

from retold.cli.common import VerboseOption, errors_as_one_line, out

app = typer.Typer(help="Evaluate a stage on labelled data and print its figures.", no_args_is_help=True)

_SHARED = Path("..") / "shared"

# (command, module, default path, what the path is, what the command prints)
EVALUATIONS = (
    ("seeds", "seeds", _SHARED / "corpus" / "seeds", "The seed corpus folder; its answer key is <path>.gold.json.",
     "Every stage against the hand-made answer key of the seed corpus."),
    ("extraction", "extraction", _SHARED / "eval" / "extraction" / "scrapinghub", "Folder with html/, text/ and gold.json.",
     "Body token precision/recall/F1, from HTML and from plain text (cross-validated)."),
    ("reuse", "reuse", _SHARED / "eval" / "reuse" / "meantime", "Folder with docs.jsonl and gold.json (translation sets).",
     "Precision and recall of translation links."),
    ("translations", "translations", _SHARED / "eval" / "reuse" / "semeval-translations-dev",
     "Folder with docs.jsonl and gold.json (original/translation pairs).",
     "Per language pair: recall, share of kind 'translation' and precision of links to machine translations."),
    ("meter", "meter", _SHARED / "eval" / "reuse" / "meter-dev", "Folder with docs.jsonl and gold.json (METER labels).",
     "What newspapers took from the PA wire: derived vs non-derived, kinds, direction, per newspaper."),
    ("wrapped", "wrapped", _SHARED / "eval" / "reuse" / "meter-dev", "Folder with docs.jsonl (METER: PA wire copy, newspapers).",
     "Hard-wrapped wire copy unwrapped on input: texts joined, markers left, lines and sentences per text."),
    ("paraphrase", "paraphrase", _SHARED / "eval" / "paraphrase" / "msrp-train.jsonl", "MSRP-style JSONL of labelled sentence pairs.",
     "Accuracy and F1 of the sentence-level 'same content' decision (cross-validated)."),
    ("stories", "stories", _SHARED / "eval" / "stories" / "ecbplus-dev", "Folder with docs.jsonl and gold.json (events).",
     "B-cubed precision, recall and F1 of the story partition."),
    ("stories-events", "stories_events", _SHARED / "eval" / "stories" / "scrapinghub-events",
     "Folder with gold.json (events of the scrapinghub pages, read from extraction/scrapinghub/html).",
     "Pairwise and B-cubed figures of the stories of a real crawl (181 pages)."),
    ("stories-semeval", "stories_semeval", _SHARED / "eval" / "stories" / "semeval-dev",
     "Folder with docs.jsonl and gold.json (rated article pairs).",
     "Share of very similar / very dissimilar pairs put in one story, per language pair."),
    ("stories-meter", "stories_meter", _SHARED / "eval" / "reuse" / "meter-dev",
     "Folder with docs.jsonl and gold.json (stories: one per PA catchline).", "B-cubed figures of METER's stories."),
    ("stories-mixed", "stories_mixed", _SHARED / "eval", "The shared eval folder (every story set in one run).",
     "Stories joining articles of two data sets (must be none), and each set's figures in the mixed run."),
    ("quotes", "quotes", _SHARED / "eval" / "quotes" / "polnear-dev", "Folder with articles/ and gold.json (attributions).",
     "Attribution content F1 (all, direct only) and speaker accuracy."),
    ("engines", "engines", _SHARED, "The shared data folder (its 1,336-article sample) or inputs to run.",
     "Local engine against Spark local[2]: every table of the export compared (needs Java 17+)."),
)


def _command(module: str, default: Path, path_help: str, doc: str):
    def run(
        path: Annotated[Path, typer.Argument(help=path_help)] = default,
        verbose: VerboseOption = False,
    ) -> None:
        with errors_as_one_line(verbose):
            mod = importlib.import_module(f"retold.eval.{module}")
            figures = mod.evaluate(path)
        out.print(mod.format_report(figures), highlight=False)

    run.__doc__ = doc
    return run


for _name, _module, _default, _path_help, _doc in EVALUATIONS:
    app.command(_name)(_command(_module, _default, _path_help, _doc))
