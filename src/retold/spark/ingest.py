"""Ingest and clean on Spark with the local engine's own reader and cleaner.

Files come in through Spark's ``binaryFile`` source, so anything Hadoop reads works
(local paths, ``s3a://``, ``hdfs://``). Each file's bytes go through
``retold.ingest.read_blob`` (the local reader's core) and each document through
``retold.pipeline.to_article`` (the local cleaner), per partition. A later duplicate id
is skipped with the same reason the local engine gives.
"""

from __future__ import annotations

import os
from typing import Iterator, Sequence

import pandas as pd

from retold.ingest.readers import KNOWN_SUFFIXES, expand_paths, read_blob
from retold.model import Article, Skipped

RAW_COLUMNS = ("file_order", "record", "id", "source", "kind", "content", "url", "title", "published",
               "outlet", "language", "reason")
RAW_SCHEMA = ("file_order long, record long, id string, source string, kind string, content string, url string, "
              "title string, published string, outlet string, language string, reason string")
ARTICLE_SCHEMA = ("id string, body string, source string, url string, outlet string, headline string, "
                  "dateline string, published string, language string, credits array<string>, "
                  "credited_sources array<string>, slug string, reason string")
_CLEANED_COLUMNS = [part.split()[0] for part in ARTICLE_SCHEMA.split(", ")]
# The articles table's columns (the JSON export's article fields), which the stages select.
ARTICLE_COLUMNS = tuple(c for c in _CLEANED_COLUMNS if c != "reason")


def list_inputs(inputs: Sequence[str]) -> tuple[list[str], dict[str, str], list[Skipped]]:
    """Files to read: local paths expanded as the local engine does (sorted, known suffixes
    in folders), URIs (``scheme://``) as given. Also each local file's absolute path -> the
    path as the local engine names it (its ``source``), and inputs that match nothing."""
    local = [p for p in inputs if "://" not in p]
    remote = [p for p in inputs if "://" in p]
    files, missing = expand_paths(local)
    # Spark's file sources never hand over a zero-length file: say why here, as the local engine does.
    empty = [f for f in files if f.stat().st_size == 0]
    files = [f for f in files if f.stat().st_size > 0]
    names = {os.path.abspath(f): str(f) for f in files}
    return [str(f) for f in files] + remote, names, missing + [Skipped(str(f), "empty file") for f in empty]


def _local_name(uri: str, names: dict[str, str]) -> str:
    path = uri[len("file:"):] if uri.startswith("file:") else uri
    while path.startswith("//"):
        path = path[1:]
    return names.get(os.path.abspath(path), uri) if uri.startswith("file:") else uri


def read_documents(spark, inputs: Sequence[str]):
    """(raw documents DataFrame with RAW_SCHEMA, skipped inputs). Rows with a ``reason``
    are inputs that could not be read."""
    files, names, missing = list_inputs(inputs)
    if not files:
        return spark.createDataFrame([], RAW_SCHEMA), missing
    order = {f: k for k, f in enumerate(files)}
    binary = (spark.read.format("binaryFile").option("recursiveFileLookup", "true")
              .load(files).select("path", "content"))
    names_b = spark.sparkContext.broadcast((names, order))
    partitions = max(spark.sparkContext.defaultParallelism, 1) * 2

    def read(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        names_, order_ = names_b.value
        for batch in batches:
            rows = []
            for uri, content in zip(batch["path"], batch["content"]):
                rows.extend(_documents(uri, bytes(content), names_, order_))
            yield pd.DataFrame(rows, columns=list(RAW_COLUMNS))

    return binary.repartition(partitions, "path").mapInPandas(read, RAW_SCHEMA), missing


def _documents(uri: str, data: bytes, names: dict[str, str], order: dict[str, int]) -> list[tuple]:
    source = _local_name(uri, names)
    if "://" in source and not source.lower().endswith(KNOWN_SUFFIXES):
        return []  # a folder's other files, as the local engine ignores them
    file_order = order.get(source, order.get(uri, len(order)))
    rows = []
    for k, item in enumerate(read_blob(source, data)):
        if isinstance(item, Skipped):
            rows.append((file_order, k, None, item.source, None, None, None, None, None, None, None, item.reason))
        else:
            rows.append((file_order, k, item.id, item.source, item.kind, item.content, item.url, item.title,
                         item.published, item.outlet, item.language, None))
    return rows


def first_of_each_id(raw):
    """(documents to clean: the first of each id in read order, later duplicates as skipped rows)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    docs = raw.where(F.col("reason").isNull())
    w = Window.partitionBy("id").orderBy("file_order", "record")
    ranked = docs.withColumn("_rank", F.row_number().over(w)).withColumn(
        "_first_source", F.first("source").over(w))
    firsts = ranked.where("_rank = 1").drop("_rank", "_first_source")
    dupes = ranked.where("_rank > 1").select(
        "source", F.format_string("duplicate article id '%s' (first read from %s)", "id", "_first_source")
        .alias("reason"))
    return firsts, dupes


def clean_documents(docs):
    """Articles (ARTICLE_SCHEMA; rows with a ``reason`` could not be cleaned), one per document."""
    return docs.mapInPandas(_clean_partition, ARTICLE_SCHEMA)


def _clean_partition(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    from retold.ingest.readers import RawDocument
    from retold.pipeline import clean_document

    columns = _CLEANED_COLUMNS
    for batch in batches:
        out = []
        for row in batch.itertuples(index=False):
            get = _getter(row)
            raw = RawDocument(get("id"), get("source"), get("kind"), get("content"), url=get("url"),
                              title=get("title"), published=get("published"), outlet=get("outlet"),
                              language=get("language"))
            result = clean_document(raw)
            if isinstance(result, Skipped):
                out.append({**dict.fromkeys(columns), "source": result.source, "reason": result.reason})
            else:
                out.append({**result.to_dict(), "reason": None})
        yield pd.DataFrame(out, columns=columns)


def article_from_row(row) -> Article:
    """An ``Article`` from a row (a pandas named tuple or dict) of the articles table."""
    get = _getter(row)
    return Article(
        id=get("id"), body=get("body"), source=get("source") or "", url=get("url"), outlet=get("outlet"),
        headline=get("headline"), dateline=get("dateline"), published=get("published"),
        language=get("language"), credits=tuple(_list(get("credits"))),
        credited_sources=tuple(_list(get("credited_sources"))), slug=get("slug"),
    )


def _getter(row):
    """``get(column)`` for a row (named tuple or dict), with missing values as None: pandas 3
    hands string columns over with NaN for null."""
    def get(key: str):
        value = row.get(key) if isinstance(row, dict) else getattr(row, key)
        return None if value is None or (isinstance(value, float) and value != value) else value
    return get


def _list(value) -> list:
    return [] if value is None else [str(v) for v in value]
