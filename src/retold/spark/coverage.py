"""The coverage stage on Spark: the local engine's ``compare_coverage`` per story."""

from __future__ import annotations

import pandas as pd

from retold.spark.ingest import ARTICLE_COLUMNS, article_from_row

COVERAGE_SCHEMA = "story string, units array<struct<text: string, articles: array<string>>>"


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
    data = articles.select(*ARTICLE_COLUMNS).join(membership, "id")
    return data.groupBy("story").applyInPandas(_cover_story, COVERAGE_SCHEMA)


def incremental_coverage(ctx):
    """Coverage of the stories that changed (``previous.split_stories``); the others keep theirs."""
    from pyspark.sql import functions as F

    from retold.spark.previous import split_stories

    articles, stories, prev = ctx.articles.drop("hash"), ctx.tables["stories"], ctx.previous
    if prev is None or not prev.has("stories", "coverage"):
        return find_coverage(articles, stories)
    changed, kept = split_stories(stories, prev.tables["stories"], ctx.changed_ids)
    fresh = find_coverage(articles, changed)
    earlier = prev.tables["coverage"].join(kept.select(F.col("id").alias("story")), "story", "left_semi")
    return fresh.unionByName(earlier.select(*fresh.columns))
