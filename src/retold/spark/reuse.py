"""The reuse stage on Spark: per-article profiles, blocking keys as join keys, and the
local engine's pair judgement (``retold.reuse.find.link_for_pair``) per candidate pair,
then its agency family rule (``retold.reuse.family.family_link``) per copy.

Candidates are exactly the local engine's (``retold.reuse.candidates``): MinHash band
keys with datasketch's banding (a chunk whose buckets hold more than
``MAX_CHUNK_ARTICLES`` articles is boilerplate and proposes nothing), shared rare
prose word n-grams, and sentence
embedding buckets checked by exact cosine (``retold.reuse.blocking``). Every step is
an equi-join or a group-by on a key: never a cross join over articles.
"""

from __future__ import annotations

import pickle
from typing import Iterator

import numpy as np
import pandas as pd

from retold.spark.ingest import article_from_row

PROFILE_SCHEMA = "id string, profile binary"
CHUNK_SCHEMA = "id string, chunk int, key binary"
SENTENCE_SCHEMA = "id string, sentence int, key long, vector binary"
SHARED_SCHEMA = "a string, sa int, b string, sb int"
SHINGLE_SCHEMA = "id string, key long"
LINK_SCHEMA = ("a string, b string, kind string, source string, credited boolean, basis string, "
               "passages array<struct<a: array<long>, b: array<long>, similarity: double>>")


def profiles(articles):
    """(id, pickled ``ArticleProfile``) per article, computed once per article."""
    return articles.mapInPandas(_profile_partition, PROFILE_SCHEMA)


def _profile_partition(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    from retold.reuse.profile import profile_articles

    for batch in batches:
        arts = [article_from_row(r) for r in batch.itertuples(index=False)]
        found = profile_articles(arts)
        yield pd.DataFrame({"id": [p.id for p in found],
                            "profile": [pickle.dumps(p, protocol=pickle.HIGHEST_PROTOCOL) for p in found]})


def _chunk_keys(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    from retold.reuse.blocking import band_keys
    from retold.reuse.candidates import chunk_rows

    for batch in batches:
        rows = []
        for blob in batch["profile"]:
            p = pickle.loads(blob)
            for k, row in enumerate(chunk_rows(p)):
                rows.extend((p.id, k, key) for key in band_keys(row))
        yield pd.DataFrame(rows, columns=["id", "chunk", "key"])


def _sentence_keys(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    from retold.reuse.blocking import bucket_vectors, distinct_sentence_keys

    for batch in batches:
        rows = []
        for blob in batch["profile"]:
            p = pickle.loads(blob)
            carried = bucket_vectors(p.embeddings)  # int8: a quarter of the float32 bytes to shuffle
            for s, keys in distinct_sentence_keys(p.embeddings):
                vector = carried[s].tobytes()
                rows.extend((p.id, s, int(key), vector) for key in keys)
        yield pd.DataFrame(rows, columns=["id", "sentence", "key", "vector"])


def _shingle_keys(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    from retold.reuse.blocking import shingle_keys

    for batch in batches:
        rows = []
        for blob in batch["profile"]:
            p = pickle.loads(blob)
            rows.extend((p.id, key) for key in shingle_keys(p.words, p.quoted))
        yield pd.DataFrame(rows, columns=["id", "key"])


def _bucket_pairs(bucket: pd.DataFrame) -> pd.DataFrame:
    from retold.reuse.blocking import bucket_sentence_pairs, bucket_unit_rows

    bucket = bucket.sort_values(["id", "sentence"], kind="stable").reset_index(drop=True)
    vectors = bucket_unit_rows(np.vstack([np.frombuffer(v, dtype=np.int8) for v in bucket["vector"]]))
    pairs = bucket_sentence_pairs(list(bucket["id"]), vectors)
    ids, sents = bucket["id"].tolist(), bucket["sentence"].tolist()
    rows = []
    for x, y in pairs:
        a, sa, b, sb = ids[x], sents[x], ids[y], sents[y]
        rows.append((a, sa, b, sb) if a < b else (b, sb, a, sa))
    return pd.DataFrame(rows, columns=["a", "sa", "b", "sb"])


def minhash_candidates(profiles_df):
    """(a, b) pairs, a < b, sharing a MinHash band bucket of a non-boilerplate chunk."""
    from pyspark.sql import functions as F

    from retold.reuse.blocking import MAX_CHUNK_ARTICLES

    chunks = profiles_df.mapInPandas(_chunk_keys, CHUNK_SCHEMA)
    buckets = chunks.groupBy("key").agg(F.collect_set("id").alias("owners"))
    crowded = buckets.where(F.size("owners") > MAX_CHUNK_ARTICLES).select("key")
    # A chunk in a crowded bucket has too many owners whatever its other bands hold.
    boilerplate = chunks.join(crowded, "key").select("id", "chunk").distinct()
    owners = (chunks.join(buckets.where(F.size("owners") <= MAX_CHUNK_ARTICLES), "key")
              .join(boilerplate, ["id", "chunk"], "left_anti")
              .select("id", "chunk", F.explode("owners").alias("other"))
              .groupBy("id", "chunk").agg(F.collect_set("other").alias("others"))
              .where(F.size("others") <= MAX_CHUNK_ARTICLES))
    pairs = owners.select("id", F.explode("others").alias("other")).where("id != other")
    return pairs.select(F.least("id", "other").alias("a"), F.greatest("id", "other").alias("b")).distinct()


def shingle_candidates(profiles_df):
    """(a, b) pairs, a < b, sharing MIN_SHARED_SHINGLES prose word n-grams held by at most
    MAX_CHUNK_ARTICLES articles (``retold.reuse.blocking.shingle_keys``)."""
    from pyspark.sql import functions as F

    from retold.reuse.blocking import MAX_CHUNK_ARTICLES, MIN_SHARED_SHINGLES

    keys = profiles_df.mapInPandas(_shingle_keys, SHINGLE_SCHEMA)
    sizes = keys.groupBy("key").count().where(f"count >= 2 AND count <= {MAX_CHUNK_ARTICLES}").select("key")
    kept = keys.join(sizes, "key")
    pairs = (kept.alias("x").join(kept.alias("y"), "key")
             .where(F.col("x.id") < F.col("y.id"))
             .select(F.col("x.id").alias("a"), F.col("y.id").alias("b")))
    return pairs.groupBy("a", "b").count().where(f"count >= {MIN_SHARED_SHINGLES}").select("a", "b")


def embedding_candidates(profiles_df):
    """(a, b) pairs, a < b, with MIN_SHARED_SENTENCES sentence pairs in one embedding bucket
    at cosine >= NEIGHBOUR_COSINE."""
    from retold.reuse.blocking import MIN_SHARED_SENTENCES

    sentences = profiles_df.mapInPandas(_sentence_keys, SENTENCE_SCHEMA)
    shared = sentences.groupBy("key").applyInPandas(_bucket_pairs, SHARED_SCHEMA).distinct()
    return (shared.groupBy("a", "b").count().where(f"count >= {MIN_SHARED_SENTENCES}").select("a", "b"))


def candidates(profiles_df):
    """Every candidate pair (a, b), a < b, once."""
    return (minhash_candidates(profiles_df).union(shingle_candidates(profiles_df))
            .union(embedding_candidates(profiles_df)).distinct())


def boilerplate_sentences(profiles_df):
    """(id, frequent): each article's chunk (sentence) indices that share a MinHash band
    bucket with BOILERPLATE_MIN_ARTICLES articles (``retold.reuse.boilerplate``; the
    whole-body chunk may appear and is ignored there); articles with none have no row."""
    from pyspark.sql import functions as F

    from retold.reuse.boilerplate import BOILERPLATE_MIN_ARTICLES

    chunks = profiles_df.mapInPandas(_chunk_keys, CHUNK_SCHEMA)
    crowded = (chunks.groupBy("key").agg(F.countDistinct("id").alias("n"))
               .where(f"n >= {BOILERPLATE_MIN_ARTICLES}").select("key"))
    return (chunks.join(crowded, "key", "left_semi").groupBy("id")
            .agg(F.collect_set("chunk").alias("frequent")))


def links(profiles_df, pairs, outlets):
    """Reuse links (LINK_SCHEMA) of candidate ``pairs``, judged by ``link_for_pair`` on the
    profiles with corpus-wide boilerplate masked, then the agency family links of the copies
    that no pair links to an agency (``retold.reuse.family``), as the local engine's ``find_reuse``.
    ``outlets``: (id, outlet) of the articles."""
    masked = _masked(profiles_df)
    cross, versions = agency_pairs(outlets, pairs)
    cross = cross.localCheckpoint()  # read twice by the family step: one leaf, not two plans
    pairwise = judged_pairs(masked, pairs).localCheckpoint()  # read twice: kept and the family's input
    return pairwise.unionByName(family_links(masked, cross, versions, pairwise))


def _masked(profiles_df):
    """(id, profile, frequent): each profile with its boilerplate sentences (``boilerplate_sentences``).

    The boilerplate table (small: ids and sentence numbers) is checkpointed: the masked
    profiles are read three times (the pairs, and the copies and versions of the family
    step), and each read would find every profile's chunk keys again."""
    return profiles_df.join(boilerplate_sentences(profiles_df).localCheckpoint(), "id", "left")


def judged_pairs(masked, pairs):
    """The links ``link_for_pair`` gives for ``pairs`` (LINK_SCHEMA)."""
    from pyspark.sql import functions as F

    left = masked.select(F.col("id").alias("a"), F.col("profile").alias("pa"), F.col("frequent").alias("fa"))
    right = masked.select(F.col("id").alias("b"), F.col("profile").alias("pb"), F.col("frequent").alias("fb"))
    return pairs.join(left, "a").join(right, "b").mapInPandas(_judge_partition, LINK_SCHEMA)


def _judged(blob, frequent):
    from retold.reuse.boilerplate import without_boilerplate

    chunks = frozenset() if frequent is None else frozenset(int(k) for k in frequent)
    return without_boilerplate(pickle.loads(blob), chunks)


def _judge_partition(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    from retold.reuse.find import link_for_pair

    for batch in batches:
        out = []
        for pa, pb, fa, fb in zip(batch["pa"], batch["pb"], batch["fa"], batch["fb"]):
            link = link_for_pair(_judged(pa, fa), _judged(pb, fb))
            if link is not None:
                out.append(link.to_dict())
        yield pd.DataFrame(out, columns=["a", "b", "kind", "source", "credited", "basis", "passages"])


def _agency_partition(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    from retold.reuse.provenance import is_agency

    for batch in batches:
        ids = [i for i, outlet in zip(batch["id"], batch["outlet"]) if isinstance(outlet, str) and is_agency(outlet)]
        yield pd.DataFrame({"id": pd.Series(ids, dtype=object)})


def agency_pairs(outlets, pairs):
    """``(cross, versions)`` of candidate ``pairs``: (copy, version) where exactly one side is a
    news agency (``version``), and (a, b) where both are (``retold.reuse.family``). ``outlets``:
    (id, outlet) of the articles (the outlet column, not the profiles: no blob is read)."""
    from pyspark.sql import functions as F

    agencies = outlets.mapInPandas(_agency_partition, "id string")
    flagged = pairs
    for side in ("a", "b"):
        flagged = flagged.join(agencies.select(F.col("id").alias(side), F.lit(True).alias("g" + side)), side, "left")
    ga, gb = F.coalesce(F.col("ga"), F.lit(False)), F.coalesce(F.col("gb"), F.lit(False))
    cross = flagged.where(ga != gb).select(F.when(ga, F.col("b")).otherwise(F.col("a")).alias("copy"),
                                           F.when(ga, F.col("a")).otherwise(F.col("b")).alias("version"))
    return cross, flagged.where(ga & gb).select("a", "b")


def as_pairs(cross, *keep: str):
    """(a, b), a < b, of (copy, version) rows, after the ``keep`` columns."""
    from pyspark.sql import functions as F

    return cross.select(*keep, F.least("copy", "version").alias("a"), F.greatest("copy", "version").alias("b"))


def family_links(masked, cross, versions, pairwise):
    """``family_link`` for every copy of ``cross`` that no link of ``pairwise`` joins to an
    agency: one row per copy with its profile, its agency candidates and the version pairs
    among them (equi-joins and group-bys on the copy's id)."""
    from pyspark.sql import functions as F

    linked = as_pairs(cross, "copy").join(pairwise.select("a", "b"), ["a", "b"], "left_semi").select("copy").distinct()
    open_ = cross.join(linked, "copy", "left_anti").distinct()
    edges = (open_.select("copy", F.col("version").alias("x"))
             .join(open_.select("copy", F.col("version").alias("y")), "copy").where("x < y")
             .join(versions.select(F.col("a").alias("x"), F.col("b").alias("y")), ["x", "y"], "left_semi")
             .groupBy("copy").agg(F.collect_list(F.concat_ws("\t", "x", "y")).alias("edges")))
    rows = (open_.join(masked.select(F.col("id").alias("version"), F.col("profile").alias("pv"),
                                     F.col("frequent").alias("fv")), "version")
            .join(masked.select(F.col("id").alias("copy"), F.col("profile").alias("pc"),
                                F.col("frequent").alias("fc")), "copy")
            .join(edges, "copy", "left"))
    # one group per copy: a row per agency candidate (flat columns: Arrow does not carry
    # profile blobs nested in an array of structs)
    return rows.groupBy("copy").applyInPandas(_family_group, LINK_SCHEMA)


def _family_group(rows: pd.DataFrame) -> pd.DataFrame:
    from retold.reuse.family import family_link

    edges = rows["edges"].iloc[0]
    versions = set() if edges is None else {tuple(e.split("\t")) for e in edges}
    copy = _judged(rows["pc"].iloc[0], rows["fc"].iloc[0])
    link = family_link(copy, [_judged(pv, fv) for pv, fv in zip(rows["pv"], rows["fv"])], versions)
    # object columns: pandas 3 strings are Arrow arrays, and one group's frames concatenated
    # into a chunked one fail Arrow's conversion back to Spark
    return pd.DataFrame([link.to_dict()] if link is not None else [],
                        columns=["a", "b", "kind", "source", "credited", "basis", "passages"], dtype=object)


def touching(pairs, ids):
    """The pairs with at least one end among ``ids`` (one ``id`` column): two semi-joins."""
    return (pairs.join(ids.withColumnRenamed("id", "a"), "a", "left_semi")
            .unionByName(pairs.join(ids.withColumnRenamed("id", "b"), "b", "left_semi")).distinct())


def _sharing_keys(profiles_df, state, stale, previous_profiles):
    """(id) of the stale articles and of every article sharing a MinHash band key with a
    stale article's current or earlier profile (its boilerplate may have changed)."""
    stale_ids = stale.select("id")
    versions = state.join(stale_ids, "id", "left_semi").select("id", "profile")
    if previous_profiles is not None:
        versions = versions.unionByName(previous_profiles.join(stale_ids, "id", "left_semi").select("id", "profile"))
    stale_keys = versions.mapInPandas(_chunk_keys, CHUNK_SCHEMA).select("key").distinct()
    sharing = profiles_df.mapInPandas(_chunk_keys, CHUNK_SCHEMA).join(stale_keys, "key", "left_semi")
    return sharing.select("id").unionByName(stale_ids).distinct()


def incremental_reuse(ctx):
    """(links, profiles state) for ``ctx.articles``: profiles computed only for articles
    without a valid earlier one, every candidate pair found again from the keys (cheap),
    and only pairs touching such an article compared; earlier links between unchanged
    articles stay while their pair is still a candidate (a boilerplate bucket can grow
    past MAX_CHUNK_ARTICLES). Equal to one run over everything."""
    state, stale, old = ctx.per_article("profiles", profiles)
    profiles_df = state.select("id", "profile")
    outlets = ctx.articles.select("id", "outlet")
    pairs = candidates(profiles_df).localCheckpoint()  # used four times below: one leaf, not four plans
    if old is None:
        return links(profiles_df, pairs, outlets), state
    # Boilerplate masking depends on the corpus: an unchanged article that shares a sentence
    # bucket with a new or changed one (either version) may have gained or lost boilerplate.
    # Checkpointed (as ``pairs``): each is read several times below, and every read would
    # otherwise run its whole plan again (chunk keys of every profile, the agency split).
    changed = _sharing_keys(profiles_df, state, stale, ctx.previous.state.get("profiles")).localCheckpoint()
    # A copy's family link depends on all its agency candidates: a copy that is changed or has
    # a changed candidate has every agency pair judged again and its family looked at again.
    cross, versions = agency_pairs(outlets, pairs)
    cross = cross.localCheckpoint()
    ids = changed.select("id")
    touched = (cross.join(ids.withColumnRenamed("id", "copy"), "copy", "left_semi").select("copy")
               .unionByName(cross.join(ids.withColumnRenamed("id", "version"), "version", "left_semi")
                            .select("copy")).distinct())
    cross_touched = cross.join(touched, "copy", "left_semi")
    again = touching(pairs, changed).unionByName(as_pairs(cross_touched)).distinct()
    masked = _masked(profiles_df)
    pairwise = judged_pairs(masked, again).localCheckpoint()
    family = family_links(masked, cross_touched, versions, pairwise)
    earlier = ctx.previous.tables["reuse"].join(pairs, ["a", "b"], "left_semi")
    earlier = earlier.join(again, ["a", "b"], "left_anti")
    return pairwise.unionByName(family).unionByName(earlier.select(*pairwise.columns)), state
