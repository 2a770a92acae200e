"""A Spark result directory as a ``Corpus``, and into the SQLite store (``retold load``).

Layout (what ``retold analyze --engine spark --out DIR`` writes): one Parquet dataset per
export table, ``DIR/articles``, ``DIR/reuse``, ``DIR/stories``, ``DIR/quotes``,
``DIR/quote_clusters``, ``DIR/coverage``, ``DIR/stage_skips``, and the derived
``DIR/outlets`` and ``DIR/outlet_links`` (when the run has reuse links), each a directory of part files as Spark writes them,
whose columns are the JSON export's field names (``TABLE_SCHEMAS``; nested values are native
lists and structs). A table a run did not compute is simply absent. An optional ``DIR/skipped``
(``source``, ``reason``) carries the inputs the run skipped.

Reading needs no Spark (pyarrow only). Rows come back in a canonical order, the local
engine's order for a full run (``CANONICAL_ORDER``), whatever the part files' order.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Sequence

import pyarrow as pa

from retold.errors import RetoldError
from retold.model import (
    AlignedPassage, Article, Corpus, Coverage, CoverageUnit, Outlet, OutletLink, Quote, QuoteCluster, ReuseLink, Skipped,
    StageSkip, Story,
)
from retold.report.export import TABLES, _parquet_schema

# One definition of the tables' columns: the Parquet export's (retold export --format parquet),
# so a Spark result and an export of a local store have the same schema.
TABLE_SCHEMAS: dict[str, pa.Schema] = _parquet_schema(pa)
SKIPPED_SCHEMA = pa.schema([("source", pa.string()), ("reason", pa.string())])

CANONICAL_ORDER = {
    "articles": "by id",
    "reuse": "by (a, b)",
    "stories": "by first article id (the local engine's order for a full run), then id",
    # Quote ids number an article's quotes in the order the quotes stage found them
    # (``q-<article>-<n>`` and ``-<n>.<m>`` for the utterance units cut from one quote).
    "quotes": "by article, then by id with numbers compared as numbers (the local engine's order)",
    "quote_clusters": "by the position of their first quote in that order, then id",
    "coverage": "in the stories' order",
    "stage_skips": "by (article, stage)",
}


def spark_schema(table: str):
    """The ``pyspark.sql.types.StructType`` of ``table`` (from ``TABLE_SCHEMAS``), for
    ``spark.createDataFrame(pandas_df, schema=spark_schema(table))``. ``"skipped"`` too."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(_schema(table))


def _schema(table: str) -> pa.Schema:
    if table == "skipped":
        return SKIPPED_SCHEMA
    if table not in TABLE_SCHEMAS:
        raise KeyError(f"unknown table {table!r}; known: {', '.join(TABLES)}, skipped")
    return TABLE_SCHEMAS[table]


# -- reading ----------------------------------------------------------------------------------
def _result_dir(out_dir: str | Path) -> Path:
    text = str(out_dir)
    if "://" in text and not text.startswith("file://"):
        raise RetoldError(f"{text}: only local result directories can be read; copy it here first "
                          f"(hdfs dfs -get, aws s3 sync, ...)")
    path = Path(text.removeprefix("file://"))
    if not path.is_dir():
        raise RetoldError(f"{path}: no such result directory")
    if not any((path / t).is_dir() for t in TABLES):
        raise RetoldError(f"{path} is not a retold Spark result (none of {', '.join(TABLES)} in it)")
    return path


def read_rows(path: Path, table: str) -> list[dict[str, Any]] | None:
    """The rows of the Parquet dataset ``path`` as dicts with ``table``'s columns (extra columns
    are ignored), or None when ``path`` does not exist. Raises ``RetoldError`` when a column is
    missing or the files are not readable Parquet."""
    import pyarrow.dataset as ds

    if not path.is_dir():
        return None
    schema = _schema(table)
    try:
        # Spark's _SUCCESS and .crc files are skipped by the dataset's default ignore_prefixes.
        dataset = ds.dataset(str(path), format="parquet")
        if not dataset.files:
            return []
        missing = [c for c in schema.names if c not in dataset.schema.names]
        if missing:
            raise RetoldError(f"{path}: column(s) {', '.join(missing)} missing from the {table} table")
        data = dataset.to_table(columns=schema.names).cast(schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OSError) as e:
        raise RetoldError(f"{path}: not a readable {table} table ({e})") from None
    return data.to_pylist()


def _article(r: dict) -> Article:
    return Article.from_dict(r)


def _reuse(r: dict) -> ReuseLink:
    passages = tuple(AlignedPassage(tuple(p["a"]), tuple(p["b"]), p["similarity"]) for p in r["passages"] or ())
    return ReuseLink(r["a"], r["b"], r["kind"], r["source"], r["credited"], passages, r["basis"])


def _story(r: dict) -> Story:
    return Story(r["id"], r["title"], tuple(r["articles"] or ()))


def _quote(r: dict) -> Quote:
    return Quote.from_dict(r)


def _cluster(r: dict) -> QuoteCluster:
    return QuoteCluster(r["id"], r["speaker"], tuple(r["quotes"] or ()))


def _coverage(r: dict) -> Coverage:
    return Coverage(r["story"], tuple(CoverageUnit(u["text"], tuple(u["articles"] or ())) for u in r["units"] or ()))


def _stage_skip(r: dict) -> StageSkip:
    return StageSkip(r["article"], r["stage"], r["reason"])


_BUILD = {"articles": _article, "reuse": _reuse, "stories": _story, "quotes": _quote,
          "quote_clusters": _cluster, "coverage": _coverage, "stage_skips": _stage_skip}


def result_tables(out_dir: str | Path) -> list[str]:
    """The export tables present in a result directory (in ``TABLES`` order)."""
    path = _result_dir(out_dir)
    return [t for t in TABLES if (path / t).is_dir()]


def read_result(out_dir: str | Path) -> Corpus:
    """The ``Corpus`` in a Spark result directory, each list in ``CANONICAL_ORDER``.

    A missing table directory gives an empty list. Raises ``RetoldError`` when ``out_dir``
    is missing or holds none of the tables, or a table is not readable.
    """
    path = _result_dir(out_dir)
    lists: dict[str, list] = {}
    for table in TABLES:
        rows = read_rows(path / table, table) or []
        lists[table] = [_BUILD[table](r) for r in rows]
    skipped = [Skipped(r["source"], r["reason"]) for r in read_rows(path / "skipped", "skipped") or []]
    corpus = canonical_order(Corpus(skipped=sorted(skipped, key=lambda s: (s.source, s.reason)), **lists))
    # The derived outlets tables, as the run wrote them (in the order written: the query layer's)
    corpus.outlets = [_outlet(r) for r in read_rows(path / "outlets", "outlets") or []]
    corpus.outlet_links = [_outlet_link(r) for r in read_rows(path / "outlet_links", "outlet_links") or []]
    return corpus


def _outlet(r: dict) -> Outlet:
    maps = {k: dict(r[k] or ()) for k in ("derived_by_kind", "credits")}
    partners = {k: tuple(dict(p) for p in r[k] or ()) for k in ("sources", "copiers")}
    return Outlet(**{**r, **maps, **partners})


def _outlet_link(r: dict) -> OutletLink:
    return OutletLink(r["source"], r["copier"], r["articles"], dict(r["by_kind"] or ()), r["credited"],
                      tuple(tuple(p) for p in r["pairs"] or ()))


_DIGITS = frozenset("0123456789")  # ASCII only: int() rejects other Unicode digits such as "¹"


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that compares runs of digits as numbers: ``q-a-2`` < ``q-a-10``, ``q-a-1.2`` < ``q-a-2``.
    Every part is tagged, so any two keys compare (``natural_key("")`` is ``()``)."""
    return tuple((0, int(part)) if part[0] in _DIGITS else (1, part) for part in re.findall(r"[0-9]+|[^0-9]+", text))


def canonical_order(corpus: Corpus) -> Corpus:
    """``corpus`` with every list sorted as ``CANONICAL_ORDER`` says (a new ``Corpus``;
    the lists inside rows, such as a story's articles, keep their order)."""
    stories = sorted(corpus.stories, key=lambda s: (min(s.articles, default=""), s.id))
    quotes = sorted(corpus.quotes, key=lambda q: (q.article, natural_key(q.id), q.span))
    quote_rank = {q.id: i for i, q in enumerate(quotes)}
    story_rank = {s.id: i for i, s in enumerate(stories)}
    clusters = sorted(corpus.quote_clusters,
                      key=lambda c: (min((quote_rank.get(q, len(quotes)) for q in c.quotes), default=len(quotes)),
                                     c.id))
    return Corpus(
        articles=sorted(corpus.articles, key=lambda a: a.id),
        reuse=sorted(corpus.reuse, key=lambda r: (r.a, r.b)),
        stories=stories,
        quotes=quotes,
        quote_clusters=clusters,
        coverage=sorted(corpus.coverage, key=lambda c: (story_rank.get(c.story, len(stories)), c.story)),
        skipped=list(corpus.skipped),
        stage_skips=sorted(corpus.stage_skips, key=lambda s: (s.article, s.stage)),
    )


# -- writing (the reference layout) -----------------------------------------------------------
def table_frame(table: str, rows: Sequence[dict[str, Any]]):
    """A pandas DataFrame of export rows (``obj.to_dict()``) with ``table``'s exact Arrow types,
    e.g. what a ``mapInPandas`` function yields for that table. No rows, no rows (same columns)."""
    return pa.Table.from_pylist(list(rows), schema=_schema(table)).to_pandas()


def write_result_pandas(corpus: Corpus, out_dir: str | Path, tables: Sequence[str] = TABLES, parts: int = 1) -> None:
    """Write ``corpus`` in the Spark result layout with pyarrow: ``out_dir/<table>/part-NNNNN.parquet``
    for each of ``tables`` (``parts`` files each, rows dealt round-robin, as Spark would leave them
    unordered), plus ``out_dir/skipped`` when ``corpus.skipped`` is not empty.

    ``out_dir`` is replaced as a whole (written beside it, then committed), like a Spark run.
    An empty corpus gives empty tables (a schema, no rows).
    """
    import pyarrow.parquet as pq

    from retold.spark.output import commit, discard, staging_dir

    rows = corpus.to_dict()
    rows["skipped"] = [{"source": s.source, "reason": s.reason} for s in corpus.skipped]
    wanted = list(tables) + (["skipped"] if corpus.skipped else [])
    staging = staging_dir(str(out_dir))
    try:
        for table in wanted:
            folder = Path(staging) / table
            folder.mkdir()
            for k in range(max(1, parts)):
                chunk = rows[table][k :: max(1, parts)]
                pq.write_table(pa.Table.from_pylist(chunk, schema=_schema(table)),
                               str(folder / f"part-{k:05d}.parquet"))
            (folder / "_SUCCESS").touch()
        commit(staging, str(out_dir))
    except BaseException:
        discard(staging)
        raise


# -- into the store ---------------------------------------------------------------------------
def load_into_store(out_dir: str | Path, db_path: str | Path) -> dict[str, Any]:
    """Bring a Spark result into the SQLite store at ``db_path`` (created if missing), in ONE
    transaction, as the local engine stores a run: articles upserted (compared by content hash),
    each present table's stage output replaced, the run and its skipped inputs recorded.

    Stage fingerprints are recorded as the local engine computes them when the store then holds
    exactly the result's articles, so a later local ``retold analyze`` of the same input does not
    redo them; when the store also holds other articles, the loaded stages are marked so that the
    next local run recomputes them. Loading the same directory twice leaves the same content.

    Returns ``{"tables": {table: rows loaded}, "stored": n, "unchanged": n, "skipped": n,
    "not_in_result": stored articles the result does not cover, "run": run id}``.
    Raises ``RetoldError`` for an unreadable result or one that does not fit together
    (e.g. a story naming an article the result does not have).
    """
    import sqlite3

    from retold.store import connect, writer

    corpus = read_result(out_dir)
    present = result_tables(out_dir)
    conn = connect(db_path)
    try:
        with writer.transaction(conn):
            run_id = writer.start_run(conn, [str(out_dir)])
            stored, unchanged = writer.upsert_articles(conn, corpus.articles)
            _replace_stage_tables(conn, corpus, present)
            writer.finish_run(conn, run_id, read=len(corpus.articles), stored=stored, unchanged=unchanged,
                              skipped=corpus.skipped)
            others = _stored_articles(conn) - {a.id for a in corpus.articles}
            _record_stages(conn, present, exact=not others, out_dir=str(out_dir))
    except sqlite3.IntegrityError as e:
        raise RetoldError(f"{out_dir}: the tables do not fit together ({e}); nothing was loaded") from None
    finally:
        conn.close()
    counts = {t: len(getattr(corpus, t)) for t in present}
    return {"tables": counts, "stored": stored, "unchanged": unchanged, "skipped": len(corpus.skipped),
            "not_in_result": len(others), "run": run_id}


def _replace_stage_tables(conn, corpus: Corpus, present: list[str]) -> None:
    from retold.store import writer

    if "reuse" in present:
        writer.replace_reuse(conn, corpus.reuse)
    if "stories" in present:
        writer.replace_stories(conn, corpus.stories)
    if "quotes" in present or "quote_clusters" in present:
        writer.replace_quotes(conn, corpus.quotes, corpus.quote_clusters)
    if "coverage" in present:
        writer.replace_coverage(conn, corpus.coverage)
    if "stage_skips" in present:  # the skips of each stage whose tables the result holds
        for spec in _loaded_stages(present):
            writer.replace_stage_skips(conn, spec.name, [s for s in corpus.stage_skips if s.stage == spec.name])


def _loaded_stages(present: list[str]):
    from retold.registry import resolve

    return [spec for spec in resolve(None) if all(t in present for t in spec.assigns)]


def _stored_articles(conn) -> set[str]:
    from retold.store import query

    return {aid for aid, _ in query.content_fingerprints(conn)}


def _record_stages(conn, present: list[str], exact: bool, out_dir: str) -> None:
    """Record the fingerprint of every stage whose tables were all loaded (and whose required
    stages were), computed as ``retold.pipeline.run_stages`` does, so the local engine sees them
    as up to date. When the store holds articles the result does not cover (``exact`` False),
    record a marker no fingerprint equals instead, so the local engine recomputes them."""
    from retold.pipeline import _fingerprint
    from retold.registry import resolve
    from retold.store import query, writer

    hashes = query.content_fingerprints(conn)
    fingerprints: dict[str, str] = {}
    for spec in resolve(None):
        upstream = [r for r in spec.requires if r != "articles"]
        if not all(t in present for t in spec.assigns) or not all(r in fingerprints for r in upstream):
            continue
        fingerprints[spec.name] = _fingerprint(spec, hashes, [fingerprints[r] for r in upstream])
        writer.record_stage(conn, spec.name, fingerprints[spec.name] if exact else f"partial load of {out_dir}")
