"""The coverage stage on Spark: the local engine's ``compare_coverage`` per story."""

from __future__ import annotations

import pandas as pd

from retold.spark.ingest import article_from_row

COVERAGE_SCHEMA = "story string, units array<struct<text: string, articles: array<string>>>"
_ARTICLE_COLUMNS = ("id", "body", "source", "url", "outlet", "headline", "dateline", "published", "language",
                    "credits", "credited_sources")


def _cover_story(group: pd.DataFrame) -> pd.DataFrame:
    from retold.coverage import compare_coverage
    from retold.model import Story

    first = group.iloc[0]
    story = Story(str(first["story"]), "", tuple(str(a) for a in first["members"]))
    arts = [article_from_row(r) for r in group.itertuples(index=False)]
    rows = [c.to_dict() for c in compare_coverage(arts, [story])]
    return pd.DataFrame(rows, columns=["story", "units"])


def find_coverage(articles, stories):
    """Coverage (COVERAGE_SCHEMA), one row per story."""
    from pyspark.sql import functions as F

    membership = stories.select(F.col("id").alias("story"), F.col("articles").alias("members"),
                                F.explode("articles").alias("id"))
    data = articles.select(*_ARTICLE_COLUMNS).join(membership, "id")
    return data.groupBy("story").applyInPandas(_cover_story, COVERAGE_SCHEMA)
