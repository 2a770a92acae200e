"""`retold stories | reuse | quotes | outlets | search`: tables over the store (read-only)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.table import Table

from retold.cli.common import DEFAULT_DB_PATH, DbOption, VerboseOption, errors_as_one_line, out


def register(app: typer.Typer) -> None:
    app.command("stories")(stories)
    app.command("reuse")(reuse)
    app.command("quotes")(quotes)
    app.command("outlets")(outlets)
    app.command("search")(search)


def _read(db, fn, *args, **kw):
    from retold.store import connect

    conn = connect(db, read_only=True)
    try:
        return fn(conn, *args, **kw)
    finally:
        conn.close()


def stories(db: DbOption = DEFAULT_DB_PATH, verbose: VerboseOption = False) -> None:
    """List stories: id, title, outlets, date range and articles."""
    from retold.store import query

    with errors_as_one_line(verbose):
        found = _read(db, query.stories)
        arts = {a.id: a for a in _read(db, query.articles)}
    t = Table(title=_count(len(found), "story", "stories"))
    for col in ("id", "title", "outlets", "dates", "articles"):
        t.add_column(col, overflow="fold")
    for s in found:
        members = [arts[a] for a in s.articles if a in arts]
        outlets = sorted({a.outlet for a in members if a.outlet})
        dates = sorted(a.published for a in members if a.published)
        span = f"{dates[0]} – {dates[-1]}" if dates else ""
        t.add_row(s.id, s.title, ", ".join(outlets), span, "\n".join(s.articles))
    out.print(t)


def reuse(db: DbOption = DEFAULT_DB_PATH, verbose: VerboseOption = False) -> None:
    """List reuse links: who copied whom, how, and whether the copy credits its source."""
    from retold.store import query

    with errors_as_one_line(verbose):
        links = _read(db, query.reuse)
    t = Table(title=_count(len(links), "reuse link"))
    for col in ("a", "b", "kind", "source", "basis", "credited", "passages"):
        t.add_column(col, overflow="fold")
    for r in links:
        t.add_row(r.a, r.b, r.kind, r.source or "?", r.basis or "", {True: "yes", False: "no", None: "?"}[r.credited],
                  str(len(r.passages)))
    out.print(t)


def quotes(
    db: DbOption = DEFAULT_DB_PATH,
    speaker: Annotated[Optional[str], typer.Option(help="Only quotes whose speaker contains this text.")] = None,
    verbose: VerboseOption = False,
) -> None:
    """List quotes: who said what, how, and which cluster (same utterance across outlets) it belongs to."""
    from retold.store import query

    with errors_as_one_line(verbose):
        found = _read(db, query.quotes, speaker=speaker)
    t = Table(title=_count(len(found), "quote"))
    for col in ("article", "speaker", "cue", "kind", "text", "cluster"):
        t.add_column(col, overflow="fold")
    for q in found:
        t.add_row(q.article, q.speaker or "?", q.cue or "", q.kind, q.text, q.cluster or "")
    out.print(t)


def outlets(
    db: DbOption = DEFAULT_DB_PATH,
    min_articles: Annotated[int, typer.Option(help="Only outlets with at least this many articles "
                                                   "(a credited-only outlet: articles taken from it).")] = 0,
    aliases: Annotated[Optional[str], typer.Option(help="JSON file of outlet spellings -> names, added to the "
                                                        "built-in ones (default: $RETOLD_OUTLET_ALIASES).")] = None,
    verbose: VerboseOption = False,
) -> None:
    """Who copies whom: per outlet, its originals, what it derives from other outlets (by kind), how
    much of that it credits, whom it takes from and who takes from it."""
    from retold.outlets.identity import display_name, load_aliases
    from retold.store import query

    with errors_as_one_line(verbose):
        rows, _ = _read(db, query.outlets, aliases=load_aliases(aliases), min_articles=min_articles)
    out.print(_outlets_table(rows) if out.width >= WIDE_OUTLETS_TABLE else _outlets_compact(rows))


# Ten columns need this many characters; a narrower terminal (80 columns, or a pipe) gets
# three: the outlet, its counts in words, and whom it takes from, is taken by and credits.
WIDE_OUTLETS_TABLE = 140


def _outlets_table(rows) -> Table:
    from retold.outlets.identity import display_name

    t = Table(title=_count(len(rows), "outlet"))
    for col in ("outlet", "articles", "originals", "derived", "by kind", "derived %", "credited %", "takes from",
                "taken by", "credits"):
        t.add_column(col, overflow="fold")
    for o in rows:
        t.add_row(_outlet_label(o), str(o.articles), str(o.originals), str(o.derived),
                  ", ".join(f"{k} {n}" for k, n in o.derived_by_kind.items()), _percent(o.share_derived),
                  _percent(o.credited_share), _partners(o.sources), _partners(o.copiers),
                  ", ".join(f"{display_name(k)} {n}" for k, n in o.credits.items()))
    return t


def _outlets_compact(rows) -> Table:
    from retold.outlets.identity import display_name

    t = Table(title=_count(len(rows), "outlet"))
    for col in ("outlet", "articles", "copying and credits"):
        t.add_column(col, overflow="fold")
    for o in rows:
        counts = f"{o.articles}: {o.originals} original, {o.derived} derived"
        if o.credited_only:
            counts = "not in the corpus: named in credit lines"
        elif o.derived:
            kinds = ", ".join(f"{k} {n}" for k, n in o.derived_by_kind.items())
            counts += f" ({kinds}; {_percent(o.credited_share)} credited)"
        relations = [f"takes from {p}" for p in _partner_lines(o.sources)]
        relations += [f"taken by {p}" for p in _partner_lines(o.copiers)]
        relations += [f"credits {display_name(k)} {n}" for k, n in o.credits.items()]
        t.add_row(_outlet_label(o), counts, "\n".join(relations))
    return t


def _outlet_label(o) -> str:
    from retold.outlets.identity import display_name

    return display_name(o.name) + (" (credited only)" if o.credited_only else "") + (" (agency)" if o.agency else "")


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _percent(share: float | None) -> str:
    return "" if share is None else f"{100 * share:.0f}%"


def _partners(partners) -> str:
    return "\n".join(_partner_lines(partners))


def _partner_lines(partners) -> list[str]:
    from retold.outlets.identity import display_name

    return [f"{display_name(p['outlet'])} {p['articles']} ({_percent(p['credited_share'])} credited)" for p in partners]


def search(
    text: Annotated[str, typer.Argument(help="Words to find in headlines and bodies (full-text search).")],
    db: DbOption = DEFAULT_DB_PATH,
    limit: Annotated[int, typer.Option(help="At most this many results.")] = 20,
    verbose: VerboseOption = False,
) -> None:
    """Full-text search over the stored articles."""
    from retold.store import query

    with errors_as_one_line(verbose):
        hits = _read(db, query.search, text, limit=limit)
    t = Table(title=_count(len(hits), "article"))
    for col in ("id", "outlet", "headline", "snippet"):
        t.add_column(col, overflow="fold")
    for h in hits:
        t.add_row(h["id"], h["outlet"] or "", h["headline"] or "", h["snippet"])
    out.print(t)
