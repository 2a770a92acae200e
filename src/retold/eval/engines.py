"""Engine equality: the local engine and the Spark engine on the same inputs give the same result.

Runs ``retold.pipeline.analyze`` and ``retold.spark.job.run_spark`` over the same paths
and compares every table of the export: the same articles, reuse links (pairs, kind,
source, credited, basis and passages), story partition (and titles), quotes, quote
clusters and coverage, up to row order. Ids are compared as they are: both engines
name stories by their founding article and quote clusters by their first quote, so
no renaming is needed. No floating-point tolerance is applied: passage similarities
are rounded to 4 decimals by the export, and embeddings are computed in the same
batches (one per article, one per story) by both engines, so they are bit-identical.

Default inputs: 1,336 real articles from ``../shared/eval`` (ECB+ dev, MEANTIME in four
languages, PolNeAR dev pages), so every stage has real work (rewrites, translations,
same-topic events, quotes).
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any, Sequence

TABLES = ("articles", "reuse", "stories", "quotes", "quote_clusters", "coverage", "stage_skips")
SAMPLE_INPUTS = ("eval/stories/ecbplus-dev/docs.jsonl", "eval/reuse/meantime/docs.jsonl",
                 "eval/quotes/polnear-dev/articles")


def sample_inputs(shared: str | Path) -> list[str]:
    """The default equality sample: paths under the shared data folder."""
    return [str(Path(shared) / p) for p in SAMPLE_INPUTS]


def _rows(corpus, table: str) -> list[str]:
    return sorted(json.dumps(x.to_dict(), ensure_ascii=False, sort_keys=True) for x in getattr(corpus, table))


def rows_ids_aside(corpus, table: str) -> list[str]:
    """Rows of ``table`` as sorted JSON with story ids replaced by their sorted article ids:
    how incremental runs are compared with one run (an incremental run keeps earlier ids)."""
    members = {s.id: "|".join(sorted(s.articles)) for s in corpus.stories}
    rows = []
    for row in getattr(corpus, table):
        d = row.to_dict()
        if table == "stories":
            d["id"] = members[d["id"]]
        if table == "coverage":
            d["story"] = members[d["story"]]
        rows.append(json.dumps(d, sort_keys=True, ensure_ascii=False))
    return sorted(rows)


def compare(local, spark) -> dict[str, Any]:
    """Per table: row counts of each engine and how many rows only one of them has."""
    out: dict[str, Any] = {}
    for table in TABLES:
        a, b = _rows(local, table), _rows(spark, table)
        sa, sb = set(a), set(b)
        out[f"{table}_local"] = len(a)
        out[f"{table}_spark"] = len(b)
        out[f"{table}_only_local"] = len(sa - sb)
        out[f"{table}_only_spark"] = len(sb - sa)
        out[f"{table}_equal"] = a == b
        if a != b:
            out[f"{table}_example"] = (sorted(sa - sb)[:1] + sorted(sb - sa)[:1])
    out["equal"] = all(out[f"{t}_equal"] for t in TABLES)
    return out


def evaluate(paths: str | Path | Sequence[str], master: str = "local[2]", spark=None) -> dict[str, Any]:
    """Run both engines over ``paths`` and compare (see ``compare``), with each engine's seconds.
    A single folder holding ``eval/`` (the shared data folder) means its default sample."""
    if isinstance(paths, (str, Path)):
        paths = sample_inputs(paths) if (Path(paths) / "eval").is_dir() else [str(paths)]
    from retold.pipeline import analyze
    from retold.spark.job import run_spark
    from retold.spark.load import read_result

    with tempfile.TemporaryDirectory(prefix="retold-engines-") as tmp:
        t0 = time.perf_counter()
        local = analyze(paths, db=str(Path(tmp) / "local.db"))
        local_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        run_spark(paths, str(Path(tmp) / "spark-out"), master=master, spark=spark)
        spark_s = time.perf_counter() - t0
        result = compare(local, read_result(Path(tmp) / "spark-out"))
    result.update(local_seconds=round(local_s, 1), spark_seconds=round(spark_s, 1), master=master)
    return result


def format_report(result: dict[str, Any]) -> str:
    lines = [f"local engine {result['local_seconds']} s, Spark {result['master']} {result['spark_seconds']} s"]
    for t in TABLES:
        lines.append(f"  {t:15} local {result[f'{t}_local']:6}  spark {result[f'{t}_spark']:6}  "
                     f"only local {result[f'{t}_only_local']}  only spark {result[f'{t}_only_spark']}  "
                     f"{'equal' if result[f'{t}_equal'] else 'DIFFERENT'}")
        if f"{t}_example" in result:
            lines.extend(f"      {x[:240]}" for x in result[f"{t}_example"])
    lines.append("engines agree on every table" if result["equal"] else "ENGINES DIFFER")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    print(format_report(evaluate(sys.argv[1:] or Path(__file__).resolve().parents[3].parent / "shared")))
