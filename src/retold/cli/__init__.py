"""retold's command line: a thin typer app; each command group has its own module.

Exit codes: 0 success; 1 an error (one red line; ``--verbose`` shows the traceback);
2 bad usage; 3 ``analyze`` stored what it could but skipped some inputs (listed).
"""

from __future__ import annotations

import typer

from retold.cli import analyze as _analyze
from retold.cli import evaluate as _evaluate
from retold.cli import export as _export
from retold.cli import listings as _listings
from retold.cli import load as _load

app = typer.Typer(
    name="retold",
    help="One news story through every outlet that told it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_analyze.register(app)
_export.register(app)
_listings.register(app)
_load.register(app)
app.add_typer(_evaluate.app, name="eval")

try:  # report and web UI (issue 7) register themselves when present
    from retold.cli import web as _web

    _web.register(app)
except ImportError:  # pragma: no cover - only while that stage is not installed
    pass


def main() -> None:
    app()
