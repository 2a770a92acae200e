"""Connected components of a graph held as DataFrames (ids as strings), without a cross join.

Min-label propagation: every vertex starts as its own label and repeatedly takes the
smallest label among itself and its neighbours, until nothing changes (as many rounds
as the graph's diameter; the star edges of near-copy buckets keep it small). Each
round's labels are checkpointed locally so the query plan does not grow with the rounds.
GraphFrames does the same with large-star/small-star rounds, but is not on PyPI.
"""

from __future__ import annotations

MAX_ROUNDS = 100


def connected_components(vertices, edges, max_rounds: int = MAX_ROUNDS):
    """``(id, component)`` for every id of ``vertices`` (a one-column ``id`` DataFrame); the
    component is the smallest id in it. ``edges`` has columns ``a``, ``b`` (undirected)."""
    from pyspark.sql import functions as F

    both = edges.select("a", "b").union(edges.select(F.col("b").alias("a"), F.col("a").alias("b"))).distinct()
    both = both.localCheckpoint()
    labels = vertices.select("id", F.col("id").alias("component")).distinct().localCheckpoint()
    for _ in range(max_rounds):
        offers = both.join(labels.withColumnRenamed("id", "a"), "a").select(F.col("b").alias("id"), "component")
        fresh = (labels.union(offers).groupBy("id").agg(F.min("component").alias("component"))).localCheckpoint()
        changed = (fresh.join(labels.withColumnRenamed("component", "before"), "id")
                   .where("component != before").limit(1).count())
        labels = fresh
        if not changed:
            return labels
    raise RuntimeError(f"connected components did not settle in {max_rounds} rounds")
