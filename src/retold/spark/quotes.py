"""The quotes stage on Spark: extraction per article (spaCy loaded once per executor),
then the local engine's ``cluster_quotes`` per story (a co-grouped story's articles and quotes)."""

from __future__ import annotations

import json
from typing import Iterator

import pandas as pd

from retold.spark.ingest import article_from_row

QUOTE_SCHEMA = ("id string, article string, speaker string, cue string, text string, kind string, "
                "span array<long>, cluster string")
RAW_QUOTE_SCHEMA = QUOTE_SCHEMA + ", position int"
CLUSTER_SCHEMA = "id string, speaker string, quotes array<string>"
_OUT_SCHEMA = "what string, json string"
_ARTICLE_COLUMNS = ("id", "body", "source", "url", "outlet", "headline", "dateline", "published", "language",
                    "credits", "credited_sources")


def extract(articles):
    """Every article's quotes (RAW_QUOTE_SCHEMA; ``position`` keeps the extractor's order)."""
    return articles.mapInPandas(_extract_partition, RAW_QUOTE_SCHEMA)


def _extract_partition(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    from retold.quotes.extract import extract_quotes_batch

    columns = ["id", "article", "speaker", "cue", "text", "kind", "span", "cluster", "position"]
    for batch in batches:
        arts = [article_from_row(r) for r in batch.itertuples(index=False)]
        rows = [{**q.to_dict(), "position": k} for k, q in enumerate(extract_quotes_batch(arts))]
        yield pd.DataFrame(rows, columns=columns)


def _cluster_story(articles: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    from retold.model import Quote, Story
    from retold.quotes.cluster import cluster_quotes

    if articles.empty:
        return pd.DataFrame([], columns=["what", "json"])
    articles = articles.sort_values("id", kind="stable")
    arts = [article_from_row(r) for r in articles.itertuples(index=False)]
    story = Story(str(articles["story"].iloc[0]), "", tuple(a.id for a in arts))
    # The local engine's order: articles by id, each article's quotes as extracted.
    quotes = quotes.sort_values(["article", "position"], kind="stable")
    quotes = quotes.astype(object).where(quotes.notna(), None)  # pandas 3 gives NaN for null strings
    found = [Quote(r.id, r.article, r.speaker, r.cue, r.text, r.kind, (int(r.span[0]), int(r.span[1])))
             for r in quotes.itertuples(index=False)]
    units, clusters = cluster_quotes(found, arts, [story])
    rows = [("quote", json.dumps(u.to_dict(), ensure_ascii=False)) for u in units]
    rows += [("cluster", json.dumps(c.to_dict(), ensure_ascii=False)) for c in clusters]
    return pd.DataFrame(rows, columns=["what", "json"])


def find_quotes(articles, stories, raw_quotes):
    """(quotes DataFrame, quote_clusters DataFrame) from extracted ``raw_quotes`` clustered per story."""
    from pyspark.sql import functions as F

    def membership(key: str):  # built twice: one frame on both sides of a cogroup is ambiguous
        return stories.select(F.col("id").alias("story"), F.explode("articles").alias(key))

    story_articles = articles.select(*_ARTICLE_COLUMNS).join(membership("id"), "id")
    story_quotes = raw_quotes.join(membership("article"), "article")
    out = (story_articles.groupBy("story").cogroup(story_quotes.groupBy("story"))
           .applyInPandas(_cluster_story, _OUT_SCHEMA)).persist()
    quotes = out.where("what = 'quote'").select(F.from_json("json", QUOTE_SCHEMA).alias("q")).select("q.*")
    clusters = out.where("what = 'cluster'").select(F.from_json("json", CLUSTER_SCHEMA).alias("c")).select("c.*")
    return quotes, clusters
