"""`retold report` (one static HTML file) and `retold serve` (the local web UI)."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

import typer

from retold.cli.common import DEFAULT_DB_PATH, DbOption, VerboseOption, errors_as_one_line, out
from retold.errors import RetoldError

LOOPBACK_NAMES = ("localhost",)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
    app.command("serve")(serve)


def report(
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write (one self-contained page).")] = Path(
        "report.html"),
    db: DbOption = DEFAULT_DB_PATH,
    title: Annotated[str, typer.Option(help="Title shown in the page header.")] = "news report",
    verbose: VerboseOption = False,
) -> None:
    """Write a static HTML report (stories, provenance, side-by-side reader, quotes, coverage) that opens offline."""
    from retold.report.html import write_report
    from retold.store import connect

    with errors_as_one_line(verbose):
        conn = connect(db, read_only=True)
        try:
            path = write_report(conn, output, title=title)
        finally:
            conn.close()
    out.print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)", highlight=False)


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    db: DbOption = DEFAULT_DB_PATH,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback unless --allow-remote).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    allow_remote: Annotated[bool, typer.Option(
        "--allow-remote", help="Allow a non-loopback --host (exposes the store to the network).")] = False,
    title: Annotated[str, typer.Option(help="Title shown in the page header.")] = "retold",
    verbose: VerboseOption = False,
) -> None:
    """Serve the store read-only as a local web UI with search, filters and a JSON API (/api/, docs at /docs)."""
    import uvicorn

    from retold.web import create_app

    with errors_as_one_line(verbose):
        if not is_loopback(host) and not allow_remote:
            raise RetoldError(f"refusing to listen on non-loopback host {host!r}; pass --allow-remote to allow it")
        app = create_app(db, title=title)
    out.print(f"serving {db} read-only at http://{host}:{port}/ (API docs at /docs); Ctrl-C stops", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="info" if verbose else "warning")
