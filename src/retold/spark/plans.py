"""Guards on Spark physical plans: no job of the engine may pair every row with every row.

Candidate pairs come from equi-joins on MinHash bands or embedding buckets; a cross join (a
``CartesianProduct``, or a ``BroadcastNestedLoopJoin``, which is what Spark plans for a join
without an equality key) would make a stage quadratic in the number of articles.
"""

from __future__ import annotations

import re

# Physical operators that compare every row of one side with every row of the other.
CROSS_JOIN_OPERATORS = ("CartesianProduct", "BroadcastNestedLoopJoin")
_OPERATOR = re.compile(r"\b(" + "|".join(CROSS_JOIN_OPERATORS) + r")\b")


def physical_plan(df) -> str:
    """The physical plan of DataFrame ``df`` as Spark prints it, without running the query.

    With adaptive query execution (on by default) this is the ``AdaptiveSparkPlan`` over the
    initial plan, or the final plan once ``df`` has run. Adaptive execution re-plans joins
    between stages (sort-merge to broadcast hash join, ...) but never turns an equi-join into
    a nested-loop or cartesian one, so the initial plan already shows every cross join.
    """
    return df._jdf.queryExecution().executedPlan().toString()


def cross_joins(df) -> list[str]:
    """The cross-join operators (``CROSS_JOIN_OPERATORS``) in ``df``'s physical plan, one name per
    occurrence, in plan order; ``[]`` when there are none."""
    return _OPERATOR.findall(physical_plan(df))


def assert_no_cross_join(df, what: str) -> None:
    """Raise ``AssertionError`` naming ``what`` and the operator(s) when ``df``'s plan has a cross join."""
    found = cross_joins(df)
    if found:
        lines = [line.strip() for line in physical_plan(df).splitlines() if _OPERATOR.search(line)]
        raise AssertionError(f"{what}: the physical plan has a cross join ({', '.join(found)}): "
                             + " | ".join(lines))
