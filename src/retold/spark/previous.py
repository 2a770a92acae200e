"""What an earlier run left in ``--out``: its tables and per-article state, for incremental runs.

``--out/_state`` holds the per-article work a later run reuses, keyed by article id and
content hash (``content_hash``): reuse profiles, story features, extracted quotes, and
the story components and IDF sample of the run, and (``versions``) the code version of
each stage that made them. Nothing here is ever trusted for an article whose hash
changed, nor for a stage whose code changed (``job._without_outdated``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

STATE_TABLES = ("profiles", "features", "raw_quotes", "components", "idf_sample", "versions")


def content_hash(articles):
    """``articles`` with a ``hash`` column: SHA-256 of every exported field, so any change
    of text or metadata makes the article new to the stages."""
    from pyspark.sql import functions as F

    from retold.spark.ingest import ARTICLE_COLUMNS

    return articles.withColumn("hash", F.sha2(F.to_json(F.struct(*ARTICLE_COLUMNS)), 256))


@dataclass
class Previous:
    """An earlier result: ``tables`` (export tables present) and ``state`` (``STATE_TABLES`` present)."""

    tables: dict = field(default_factory=dict)
    state: dict = field(default_factory=dict)

    def has(self, *names: str) -> bool:
        return all(n in self.tables or n in self.state for n in names)


def load_previous(spark, out: str) -> Previous | None:
    """The result at ``out`` read back as DataFrames (lazily), or None when there is none.

    Read once here and fully materialised (``localCheckpoint``) so that the final write,
    which replaces ``out``, never reads from under itself."""
    from retold.spark.job import RESULT_TABLES
    from retold.spark.output import recover

    recover(out)  # a crash mid-commit may have left the earlier result renamed aside
    prev = Previous()
    for name in RESULT_TABLES:
        df = _read(spark, f"{out}/{name}")
        if df is not None:
            prev.tables[name] = df.localCheckpoint()
    for name in STATE_TABLES:
        df = _read(spark, f"{out}/_state/{name}")
        if df is not None:
            prev.state[name] = df.localCheckpoint()
    return prev if "articles" in prev.tables else None


def _read(spark, path: str):
    """The Parquet dataset at ``path``, or None when there is none (asked of Hadoop's file
    system first: Spark logs a stack trace for a missing path)."""
    jvm = spark.sparkContext._jvm
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
    fs = hadoop_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if not fs.exists(hadoop_path):
        return None
    return spark.read.parquet(path)

def split_stories(stories, earlier, stale_ids):
    """(changed, kept) stories: a story is kept when an earlier story had exactly its
    articles (the same id then, see ``stories._keep_ids``) and none of them changed; its
    earlier per-story results (quote clusters, coverage) still hold."""
    from pyspark.sql import functions as F

    keyed = stories.withColumn("_members", F.sort_array("articles"))
    before = earlier.select(F.sort_array("articles").alias("_members"), F.col("id").alias("_old"))
    same = keyed.join(before, "_members").where("id = _old")
    dirty = stories.select("id", F.explode("articles").alias("aid")).join(
        stale_ids.withColumnRenamed("id", "aid"), "aid", "left_semi").select("id")
    kept = same.join(dirty, "id", "left_anti").select(*stories.columns).localCheckpoint()
    return stories.join(kept.select("id"), "id", "left_anti").localCheckpoint(), kept
