"""The plan guard catches joins that pair every row with every row, and only those."""

from __future__ import annotations

import pytest

from retold.spark.plans import CROSS_JOIN_OPERATORS, assert_no_cross_join, cross_joins


@pytest.fixture
def tables(spark):
    left = spark.createDataFrame([(i, f"k{i % 3}") for i in range(20)], "id long, key string")
    right = spark.createDataFrame([(i, f"k{i % 3}") for i in range(10)], "other long, key string")
    return left, right


def test_plans_cross_join_is_caught(tables):
    left, right = tables
    crossed = left.crossJoin(right)
    found = cross_joins(crossed)
    assert found and set(found) <= set(CROSS_JOIN_OPERATORS)
    with pytest.raises(AssertionError, match=r"candidate pairs: .*(CartesianProduct|BroadcastNestedLoopJoin)"):
        assert_no_cross_join(crossed, "candidate pairs")
    assert crossed.count() == 200
    assert cross_joins(crossed)  # still there in the plan of the executed query


def test_plans_join_without_an_equality_is_caught(tables):
    left, right = tables
    assert cross_joins(left.join(right, left.id < right.other))


@pytest.mark.parametrize("how", ["inner", "left", "full"])
def test_plans_equi_join_passes(tables, how):
    left, right = tables
    joined = left.join(right, "key", how).groupBy("key").count()
    assert cross_joins(joined) == []
    assert_no_cross_join(joined, "pairs by key")
    assert joined.count() == 3


def test_plans_plain_query_passes(spark):
    assert cross_joins(spark.range(10).selectExpr("id * 2 AS x")) == []


def test_score_keys_read_the_vocabulary_of_the_idf_they_are_given():
    """A worker reused across runs caches the vocabulary of the fitted IDF it saw last; a new
    fitted IDF (even one unpickled where the old one lived) gets its own vocabulary."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from retold.spark.stories import _vocabulary

    first = (TfidfVectorizer().fit(["alpha beta"]), None)
    assert list(_vocabulary(first)) == ["alpha", "beta"]
    second = (TfidfVectorizer().fit(["gamma delta epsilon"]), None)
    assert list(_vocabulary(second)) == ["delta", "epsilon", "gamma"]
    assert list(_vocabulary(first)) == ["alpha", "beta"]
