"""The quotes stage on Spark: extraction per article (spaCy loaded once per executor),
then the local engine's ``cluster_quotes`` per story (a co-grouped story's articles and quotes)."""

from __future__ import annotations

import json
from typing import Iterator

import pandas as pd

from retold.spark.ingest import ARTICLE_COLUMNS, article_from_row

QUOTE_SCHEMA = ("id string, article string, speaker string, cue string, text string, kind string, "
                "span array<long>, cluster string, "
                "pieces array<struct<span: array<long>, text: string, cluster: string>>")
RAW_QUOTE_SCHEMA = QUOTE_SCHEMA + ", position int"
CLUSTER_SCHEMA = "id string, speaker string, quotes array<string>"
_OUT_SCHEMA = "what string, json string"


EXTRACTED_SCHEMA = "id string, quotes string"


def extract(articles):
    """Every article's quotes as extracted (``id``, JSON list of quotes in the extractor's
    order), one row per article, with none too: the per-article state of incremental runs."""
    return articles.mapInPandas(_extract_partition, EXTRACTED_SCHEMA)


def _extract_partition(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    from retold.quotes.extract import extract_quotes_batch

    for batch in batches:
        arts = [article_from_row(r) for r in batch.itertuples(index=False)]
        found: dict[str, list] = {a.id: [] for a in arts}
        for q in extract_quotes_batch(arts):
            found[q.article].append(q.to_dict())
        yield pd.DataFrame({"id": list(found), "quotes": [json.dumps(v, ensure_ascii=False) for v in found.values()]})


def raw_quotes(extracted):
    """One row per extracted quote (RAW_QUOTE_SCHEMA; ``position`` keeps the extractor's order)."""
    from pyspark.sql import functions as F

    parsed = extracted.select(F.posexplode(F.from_json("quotes", f"array<struct<{_struct(QUOTE_SCHEMA)}>>")))
    return parsed.select("col.*", F.col("pos").cast("int").alias("position"))


def _struct(ddl: str) -> str:
    """``"a string, b array<long>"`` as struct fields ``"a: string, b: array<long>"``."""
    parts, depth, buf = [], 0, ""
    for ch in ddl:  # split at top-level commas only: a field type may hold a struct
        depth += (ch == "<") - (ch == ">")
        if ch == "," and depth == 0:
            parts.append(buf.strip())
            buf = ""
        else:
            buf += ch
    parts.append(buf.strip())
    return ", ".join(f"{part.split()[0]}: {' '.join(part.split()[1:])}" for part in parts)


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
    found = [Quote.from_dict({**r._asdict(), "span": (int(r.span[0]), int(r.span[1])), "cluster": None,
                              "pieces": [{**p, "span": (int(p["span"][0]), int(p["span"][1]))} for p in r.pieces]
                              if r.pieces is not None else ()})
             for r in quotes.itertuples(index=False)]
    units, clusters = cluster_quotes(found, arts, [story])
    rows = [("quote", json.dumps(u.to_dict(), ensure_ascii=False)) for u in units]
    rows += [("cluster", json.dumps(c.to_dict(), ensure_ascii=False)) for c in clusters]
    return pd.DataFrame(rows, columns=["what", "json"])


def find_quotes(articles, stories, found):
    """(quotes DataFrame, quote_clusters DataFrame): ``found`` (``raw_quotes`` rows) clustered per story."""
    from pyspark.sql import functions as F

    def membership(key: str):  # built twice: one frame on both sides of a cogroup is ambiguous
        return stories.select(F.col("id").alias("story"), F.explode("articles").alias(key))

    story_articles = articles.select(*ARTICLE_COLUMNS).join(membership("id"), "id")
    story_quotes = found.join(membership("article"), "article")
    out = (story_articles.groupBy("story").cogroup(story_quotes.groupBy("story"))
           .applyInPandas(_cluster_story, _OUT_SCHEMA)).persist()
    quotes = out.where("what = 'quote'").select(F.from_json("json", QUOTE_SCHEMA).alias("q")).select("q.*")
    clusters = out.where("what = 'cluster'").select(F.from_json("json", CLUSTER_SCHEMA).alias("c")).select("c.*")
    return quotes, clusters


def incremental_quotes(ctx):
    """(quotes, quote_clusters, extraction state): quotes extracted only for articles without
    a valid earlier extraction; clustered again only in stories that changed
    (``previous.split_stories``); the other stories keep their earlier quotes and clusters."""
    from pyspark.sql import functions as F

    from retold.spark.previous import split_stories

    articles, stories = ctx.articles.drop("hash"), ctx.tables["stories"]
    state, _, old = ctx.per_article("raw_quotes", extract)
    quotes_df = raw_quotes(state.select("id", "quotes"))
    prev = ctx.previous
    if prev is None or not prev.has("stories", "quotes", "quote_clusters") or old is None:
        quotes, clusters = find_quotes(articles, stories, quotes_df)
        return quotes, clusters, state
    changed, kept = split_stories(stories, prev.tables["stories"], ctx.changed_ids)
    quotes, clusters = find_quotes(articles, changed, quotes_df)
    kept_articles = kept.select(F.explode("articles").alias("article"))
    earlier_quotes = prev.tables["quotes"].join(kept_articles, "article", "left_semi")
    # a quote's pieces may sit in other clusters than its own
    earlier_clusters = prev.tables["quote_clusters"].join(
        earlier_quotes.select(F.explode("pieces.cluster").alias("id"))
        .unionByName(earlier_quotes.select(F.col("cluster").alias("id"))).distinct(), "id", "left_semi")
    return (quotes.unionByName(earlier_quotes.select(*quotes.columns)),
            clusters.unionByName(earlier_clusters.select(*clusters.columns)), state)
