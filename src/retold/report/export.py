"""Exports of a ``Corpus``: JSON (the contract), JSONL, CSV and Parquet.

- ``json``: one file, ``{"retold_export": 1, "articles": [...], "stories": [...], ...}``.
- ``jsonl``: one article a line (the ``articles`` table only).
- ``csv`` / ``parquet``: a folder with one file per table (``articles``, ``stories``,
  ``reuse``, ``quotes``, ``quote_clusters``, ``coverage``, ``stage_skips``). Nested values
  (lists, passages) are JSON strings in CSV and native lists/structs in Parquet.

``stage_skips`` (added to export 1; existing names unchanged) lists the articles a stage
left out because it has no model for their language: ``{"article", "stage", "reason"}``.

``outlets`` and ``outlet_links`` (added to export 1) are derived from the articles and
the reuse links (``retold.outlets.summary``): one row per outlet (articles, originals,
derived by kind, share derived, share credited, top sources and copiers, outlets its
credit lines name) and one per (source outlet, copying outlet) with the article pairs
behind it. In CSV their nested values are JSON strings; in Parquet, maps and lists.

Files are written to a temporary name and renamed, so an interrupted export
never leaves a half-written file in place.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from retold.model import Corpus

FORMATS = ("json", "jsonl", "csv", "parquet")
TABLES = ("articles", "stories", "reuse", "quotes", "quote_clusters", "coverage", "stage_skips")
# Tables computed from the others by the query layer (not stored, not in a Spark result).
DERIVED_TABLES = ("outlets", "outlet_links")


def export(corpus: Corpus, fmt: str, out: str | Path) -> list[Path]:
    """Write ``corpus`` as ``fmt`` to ``out`` (a file for json/jsonl, a folder for csv/parquet)."""
    out = Path(out)
    if fmt == "json":
        write_text_atomic(out, corpus.to_json(indent=2) + "\n")
        return [out]
    if fmt == "jsonl":
        lines = "".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n" for a in corpus.articles)
        write_text_atomic(out, lines)
        return [out]
    if fmt in ("csv", "parquet"):
        out.mkdir(parents=True, exist_ok=True)
        tables = table_rows(corpus)
        write = _write_csv if fmt == "csv" else _write_parquet
        return [write(out / f"{name}.{fmt}", rows, name) for name, rows in tables.items()]
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def table_rows(corpus: Corpus) -> dict[str, list[dict[str, Any]]]:
    """The export's tables as lists of flat-ish dicts, with the JSON export's field names."""
    d = corpus.to_dict()
    return {name: d[name] for name in TABLES + DERIVED_TABLES}


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``, renamed onto it when the block ends without error.

    The file gets the usual permissions (0666 less the umask) rather than
    mkstemp's private 0600: an export or report is meant to be shared.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    with atomic_output(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


_COLUMNS = {
    "articles": ["id", "source", "url", "outlet", "headline", "dateline", "published", "language",
                 "credits", "credited_sources", "body", "slug"],
    "stories": ["id", "title", "articles"],
    "reuse": ["a", "b", "kind", "source", "credited", "basis", "passages"],
    "quotes": ["id", "article", "speaker", "cue", "text", "kind", "span", "cluster", "pieces"],
    "quote_clusters": ["id", "speaker", "quotes"],
    "coverage": ["story", "units"],
    "stage_skips": ["article", "stage", "reason"],
    "outlets": ["name", "credited_only", "agency", "unknown", "articles", "originals", "derived", "derived_by_kind",
                "share_derived", "credited_share", "undirected", "sources", "copiers", "credits"],
    "outlet_links": ["source", "copier", "articles", "by_kind", "credited", "pairs"],
}


def _write_csv(path: Path, rows: list[dict[str, Any]], table: str) -> Path:
    import io

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=_COLUMNS[table], extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v) for k, v in r.items()})
    write_text_atomic(path, buf.getvalue())
    return path


def _write_parquet(path: Path, rows: list[dict[str, Any]], table: str) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema(pa)[table]
    data = pa.Table.from_pylist(rows, schema=schema)
    with atomic_output(path) as tmp:
        pq.write_table(data, str(tmp))
    return path


def _parquet_schema(pa) -> dict[str, Any]:
    s, i, f, b = pa.string(), pa.int64(), pa.float64(), pa.bool_()
    passage = pa.struct([("a", pa.list_(i)), ("b", pa.list_(i)), ("similarity", f)])
    partner = pa.struct([("outlet", s), ("articles", i), ("credited_share", f)])
    return {
        "articles": pa.schema([(c, pa.list_(s) if c in ("credits", "credited_sources") else s)
                               for c in _COLUMNS["articles"]]),
        "stories": pa.schema([("id", s), ("title", s), ("articles", pa.list_(s))]),
        "reuse": pa.schema([("a", s), ("b", s), ("kind", s), ("source", s), ("credited", b), ("basis", s),
                            ("passages", pa.list_(passage))]),
        "quotes": pa.schema([("id", s), ("article", s), ("speaker", s), ("cue", s), ("text", s), ("kind", s),
                             ("span", pa.list_(i)), ("cluster", s),
                             ("pieces", pa.list_(pa.struct([("span", pa.list_(i)), ("text", s), ("cluster", s)])))]),
        "quote_clusters": pa.schema([("id", s), ("speaker", s), ("quotes", pa.list_(s))]),
        "coverage": pa.schema([("story", s), ("units", pa.list_(pa.struct([("text", s), ("articles", pa.list_(s))])))]),
        "stage_skips": pa.schema([("article", s), ("stage", s), ("reason", s)]),
        "outlets": pa.schema([("name", s), ("credited_only", b), ("agency", b), ("unknown", b), ("articles", i),
                              ("originals", i), ("derived", i), ("derived_by_kind", pa.map_(s, i)),
                              ("share_derived", f), ("credited_share", f), ("undirected", i),
                              ("sources", pa.list_(partner)), ("copiers", pa.list_(partner)),
                              ("credits", pa.map_(s, i))]),
        "outlet_links": pa.schema([("source", s), ("copier", s), ("articles", i), ("by_kind", pa.map_(s, i)),
                                   ("credited", i), ("pairs", pa.list_(pa.list_(s)))]),
    }
