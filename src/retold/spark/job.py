"""The Spark job: read, clean, run the stages and write the export's tables as Parquet.

``run_spark`` is the Python API (``retold analyze --engine spark`` calls it) and ``main``
the ``spark-submit`` entry point::

    spark-submit --master yarn $(python -c 'import retold.spark.job as j; print(j.__file__)') \\
        s3a://bucket/crawl/ --out s3a://bucket/retold-out

Every stage calls the local engine's own functions per article, per candidate pair, per
block or per story (see the stage modules here); nothing judges differently on Spark.
Stages have no side effects: the only write is the last step, into a staging directory
beside ``--out`` that replaces ``--out`` at once (``retold.spark.output``), so a job
killed at any point leaves ``--out`` as it was, and a lost executor's tasks are simply
recomputed (every step is deterministic).

Running again with the same ``--out`` is incremental: articles whose id and text are
already in ``--out`` keep their per-article work (profiles, features, extracted quotes,
kept under ``--out/_state``), only candidate pairs touching a new or changed article are
compared, and only the stories of components a new article joins are clustered again.
The result equals one run over everything (story ids aside: a story keeps its id).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from typing import Iterator, Sequence

from retold.model import Skipped
from retold.pipeline import RunSummary
from retold.registry import get_stage, resolve, stage_version
from retold.spark.previous import Previous

log = logging.getLogger("retold.spark")

RESULT_TABLES = ("articles", "reuse", "stories", "quotes", "quote_clusters", "coverage", "stage_skips")
STAGE_SKIP_SCHEMA = "article string, stage string, reason string"
VERSIONS_SCHEMA = "stage string, version string"


def run_spark(inputs: Sequence[str], out: str, master: str = "local[*]", stages: Sequence[str] | None = None,
              progress: bool = False, spark=None) -> RunSummary:
    """Run the pipeline on Spark over ``inputs`` (paths or URIs) and write ``out``.

    ``stages`` picks stages as the local engine does (default: all). ``spark`` is an
    existing session to use (else one is started on ``master`` and stopped at the end).
    Returns the same ``RunSummary`` as the local engine (``timings`` per step, ``stages``
    per stage).
    """
    from retold.spark.session import spark_session

    own = spark is None and not _session_running()  # a session we did not start is not ours to stop
    spark = spark_session(master) if spark is None else spark
    try:
        with _progress(progress) as bar:
            return _run(spark, list(inputs), out, [s.name for s in resolve(stages)], bar)
    finally:
        if own:
            spark.stop()


@dataclass
class RunContext:
    """What the stages of one Spark run share: every article (with its content ``hash``),
    the earlier result at ``--out`` (None on a first run), and the tables and state so far."""

    spark: object
    articles: object
    previous: Previous | None
    changed_ids: object = None  # ``id`` of every article that is new or changed since ``previous``
    tables: dict = field(default_factory=dict)
    state: dict = field(default_factory=dict)

    def per_article(self, state_name: str, compute):
        """(state, stale articles, earlier rows): ``compute(articles)`` -> ``(id, ...)`` rows run
        only for the articles with no earlier ``state_name`` row of the same id and hash
        (``stale``), joined with the earlier rows still valid (``earlier``, None when there
        are none). ``state`` carries ``hash`` and is checkpointed: it is the next run's state."""
        keyed = self.articles.select("id", "hash")
        earlier = None
        stale = self.articles
        if self.previous is not None and state_name in self.previous.state:
            earlier = self.previous.state[state_name].join(keyed, ["id", "hash"], "left_semi")
            stale = self.articles.join(earlier.select("id", "hash"), ["id", "hash"], "left_anti")
        fresh = compute(stale.drop("hash")).join(stale.select("id", "hash"), "id")
        state = fresh if earlier is None else fresh.unionByName(earlier.select(*fresh.columns))
        # Checkpointed, not persisted: a persisted table prints the whole plan it caches
        # wherever it is used, and the stages use the state many times over (an incremental
        # reuse stage spent 90 of its 115 s planning, and its plan strings filled the heap).
        return state.localCheckpoint(), stale, earlier


def _session_running() -> bool:
    from pyspark import SparkContext

    return SparkContext._active_spark_context is not None


def _run(spark, inputs: list[str], out: str, names: list[str], bar) -> RunSummary:
    from retold.spark import ingest
    from retold.spark.previous import content_hash, load_previous

    summary = RunSummary()
    steps = ["read + clean", *names, "write"]
    task = bar.add_task("spark", total=len(steps)) if bar else None

    def step(name: str):
        spark.sparkContext.setJobGroup(f"retold-{name}", f"retold: {name}")  # per-step jobs in Spark's UI
        if bar:
            bar.update(task, description=f"spark: {name}")
        return time.perf_counter()

    def done(name: str, t0: float, stage: bool = False) -> None:
        (summary.stages if stage else summary.timings)[name] = time.perf_counter() - t0
        if bar:
            bar.advance(task)

    t0 = step("read + clean")
    _size_batches(spark)
    _size_shuffles(spark, 0)  # the read's own shuffles; sized to the corpus once it is counted
    previous = _without_outdated(load_previous(spark, out), names)
    raw, missing = ingest.read_documents(spark, inputs)
    raw = raw.persist()
    docs, dupes = ingest.first_of_each_id(raw)
    cleaned = ingest.clean_documents(docs).persist()
    fresh = content_hash(cleaned.where("reason is null").drop("reason"))
    articles, stored = fresh, fresh  # stored: new or changed since the earlier result
    if previous is not None:  # earlier articles stay unless this input carries their id again
        hashed = content_hash(previous.tables["articles"])
        earlier = hashed.join(fresh.select("id"), "id", "left_anti")
        articles = fresh.unionByName(earlier.select(*fresh.columns))
        stored = fresh.join(hashed.select("id", "hash"), ["id", "hash"], "left_anti")
    partitions = _size_shuffles(spark, articles.count())
    articles = articles.repartition(partitions, "id").persist()
    summary.read = docs.count()
    summary.skipped = missing + _skipped(raw.where("reason is not null")) + _skipped(dupes) + \
        _skipped(cleaned.where("reason is not null"))
    summary.stored = stored.count()
    summary.unchanged = fresh.count() - summary.stored
    done("read+clean", t0)

    ctx = RunContext(spark, articles, previous, stored.select("id"), tables={"articles": articles.drop("hash")})
    if summary.stored == 0 and _earlier_result_stands(previous, names):
        _keep_earlier_result(ctx, names, summary)
    else:
        _run_stages(ctx, names, summary, step, done)

    ctx.state["versions"] = spark.createDataFrame([(n, stage_version(get_stage(n))) for n in names], VERSIONS_SCHEMA)
    t0 = step("write")
    write_result(spark, out, ctx.tables, summary.skipped, ctx.state)
    done("write", t0)
    raw.unpersist()
    cleaned.unpersist()
    return summary


# The per-article state each stage leaves for the next run (``RunContext.state``).
_STATE_OF = {"reuse": ("profiles",), "stories": ("features", "components", "idf_sample"), "quotes": ("raw_quotes",),
             "coverage": ()}


def _without_outdated(previous: Previous | None, names: list[str]) -> Previous | None:
    """``previous`` without the tables and state of each stage ``names`` whose result was
    made by other code than this (``registry.stage_version``, kept in ``_state/versions``;
    a result from before versions were kept has none): such a stage runs from scratch, as
    the local engine runs again a stage whose stored fingerprint differs. Per-article state
    is keyed by the article's content only, so without this a new retold would keep the
    profiles, features and quotes an older one computed."""
    if previous is None:
        return None
    versions = previous.state.pop("versions", None)
    stored = {} if versions is None else {r["stage"]: r["version"] for r in versions.collect()}
    for name in names:
        if stored.get(name) != stage_version(get_stage(name)):
            log.info("stage %s: the earlier result was made by other code; running it from scratch", name)
            for table in _ASSIGNS[name]:
                previous.tables.pop(table, None)
            for table in _STATE_OF[name]:
                previous.state.pop(table, None)
    return previous


def _earlier_result_stands(previous, names: list[str]) -> bool:
    """Whether the earlier result holds every table and state the stages ``names`` make: with
    no new or changed article, it is then what running them again would give (the local
    engine skips a stage whose inputs are unchanged the same way)."""
    return previous is not None and previous.has(
        "stage_skips", *(t for n in names for t in _ASSIGNS[n]), *(t for n in names for t in _STATE_OF[n]))


def _keep_earlier_result(ctx: RunContext, names: list[str], summary: RunSummary) -> None:
    """The earlier result's tables and state for the stages ``names`` (no stage runs)."""
    from pyspark.sql import functions as F

    for name in names:
        ctx.tables.update({t: ctx.previous.tables[t] for t in _ASSIGNS[name]})
        ctx.state.update({t: ctx.previous.state[t] for t in _STATE_OF[name]})
        summary.stages[name] = 0.0
    ctx.tables["stage_skips"] = ctx.previous.tables["stage_skips"].where(F.col("stage").isin(names))
    summary.stage_skips = _count_skips(ctx.tables["stage_skips"], names)


def _run_stages(ctx: RunContext, names: list[str], summary: RunSummary, step, done) -> None:
    skips = ctx.spark.createDataFrame([], STAGE_SKIP_SCHEMA)
    for name in names:
        t0 = step(name)
        log.info("stage %s", name)
        stage_ctx, stage_skips = _language_split(ctx, name)
        _STAGES[name](stage_ctx)
        skips = skips.unionByName(stage_skips)
        for table in _ASSIGNS[name]:
            # Materialised (and the query plan cut) at each stage's end: later stages then
            # start from data, not from an ever-growing plan, and a lost executor costs at
            # most the current stage.
            ctx.tables[table] = ctx.tables[table].localCheckpoint()
        done(name, t0, stage=True)
    ctx.tables["stage_skips"] = skips.localCheckpoint()
    summary.stage_skips = _count_skips(ctx.tables["stage_skips"], names)


# Articles per shuffle partition. Spark's default of 200 partitions costs a Python task
# each in every grouped stage: the seeds job on two one-core workers took 390 s with 200
# and 27.5 s with 4; a 10-million-article corpus needs thousands. Set
# ``spark.retold.shufflePartitions`` to choose the number yourself.
ARTICLES_PER_PARTITION = 1000


def _size_shuffles(spark, articles: int) -> int:
    """Set (and return) the shuffle partitions for ``articles`` articles: two per core at least."""
    chosen = spark.sparkContext.getConf().get("spark.retold.shufflePartitions", None)
    least = 2 * spark.sparkContext.defaultParallelism
    n = int(chosen) if chosen else max(least, -(-articles // ARTICLES_PER_PARTITION))
    spark.conf.set("spark.sql.shuffle.partitions", str(n))
    return n


# Rows per Arrow batch handed to and from the Python stages. Spark's 10,000 is too many for
# rows carrying a whole article profile (~77 KB pickled: a 10,000-article run ran out of
# the JVM's direct memory reading one batch back); 500 keeps a batch near 40 MB.
ARROW_BATCH_ROWS = 500


def _size_batches(spark) -> None:
    if not spark.sparkContext.getConf().contains("spark.sql.execution.arrow.maxRecordsPerBatch"):
        spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(ARROW_BATCH_ROWS))


def _skipped(df) -> list[Skipped]:
    return [Skipped(r["source"], r["reason"]) for r in df.select("source", "reason").collect()]


def _language_split(ctx: RunContext, name: str):
    """(the context stage ``name`` sees, its skips): only the articles the stage handles (its
    languages, its length limit), and a STAGE_SKIP_SCHEMA row for each other one, judged per
    partition by the local engine's ``registry.stage_skip``."""
    from pyspark.sql import functions as F

    from retold.registry import get_stage

    spec = get_stage(name)
    if spec.languages is None and spec.max_chars is None:
        return ctx, ctx.spark.createDataFrame([], STAGE_SKIP_SCHEMA)
    rows = ctx.articles.select("id", "language", F.length("body").alias("chars"))
    skips = rows.mapInPandas(_skips_fn(name), STAGE_SKIP_SCHEMA).localCheckpoint()
    handled = ctx.articles.join(skips.select(skips["article"].alias("id")), "id", "left_anti")
    return replace(ctx, articles=handled), skips


def _skips_fn(name: str):
    def skips(batches: Iterator) -> Iterator:
        import pandas as pd

        from retold.registry import get_stage, stage_skip

        spec = get_stage(name)
        for batch in batches:
            # a null string may arrive as NaN (pandas 3), a null length too
            found = (stage_skip(spec, r.id, r.language if isinstance(r.language, str) else None,
                                int(r.chars) if pd.notna(r.chars) else 0)
                     for r in batch.itertuples(index=False))
            yield pd.DataFrame([s.to_dict() for s in found if s is not None], columns=["article", "stage", "reason"])
    return skips


def _count_skips(skips, names: list[str]) -> dict[str, dict[str, int]]:
    """``RunSummary.stage_skips`` as ``pipeline.count_stage_skips`` orders it, counted by Spark."""
    counts: dict[str, dict[str, int]] = {}
    for r in skips.groupBy("stage", "reason").count().collect():
        counts.setdefault(r["stage"], {})[r["reason"]] = int(r["count"])
    return {name: dict(sorted(counts[name].items())) for name in names if name in counts}


def _reuse(ctx: RunContext) -> None:
    from retold.spark.reuse import incremental_reuse

    links, profiles = incremental_reuse(ctx)
    ctx.tables["reuse"] = links
    ctx.state["profiles"] = profiles


def _stories(ctx: RunContext) -> None:
    from retold.spark.stories import incremental_stories

    stories, state = incremental_stories(ctx)
    ctx.tables["stories"] = stories
    ctx.state.update(state)


def _quotes(ctx: RunContext) -> None:
    from retold.spark.quotes import incremental_quotes

    quotes, clusters, raw = incremental_quotes(ctx)
    ctx.tables.update(quotes=quotes, quote_clusters=clusters)
    ctx.state["raw_quotes"] = raw


def _coverage(ctx: RunContext) -> None:
    from retold.spark.coverage import incremental_coverage

    ctx.tables["coverage"] = incremental_coverage(ctx)


_STAGES = {"reuse": _reuse, "stories": _stories, "quotes": _quotes, "coverage": _coverage}
_ASSIGNS = {"reuse": ("reuse",), "stories": ("stories",), "quotes": ("quotes", "quote_clusters"),
            "coverage": ("coverage",)}


def write_result(spark, out: str, tables: dict, skipped: list[Skipped], state: dict | None = None) -> None:
    """Write each computed table (columns and types of the JSON export), the skipped inputs
    and the per-article ``state`` (``_state/<name>``) into a staging directory, then swap it
    onto ``out`` in one step."""
    from pyspark.sql import functions as F

    from retold.spark.load import spark_schema
    from retold.spark.output import commit, discard, staging_dir

    staging = staging_dir(out, spark)
    try:
        for name in RESULT_TABLES:
            if name in tables:
                schema = spark_schema(name)
                df = tables[name].select([F.col(f.name).cast(f.dataType) for f in schema.fields])
                df.write.mode("error").parquet(f"{staging}/{name}")
        for name, rows in _outlet_rows(tables).items():
            # from the rows, not pandas: a pandas column of maps comes back as (key, value) lists
            spark.createDataFrame(rows, schema=spark_schema(name)).coalesce(1) \
                .write.mode("error").parquet(f"{staging}/{name}")
        for name, df in (state or {}).items():
            df.write.mode("error").parquet(f"{staging}/_state/{name}")
        rows = [(s.source, s.reason) for s in skipped]
        spark.createDataFrame(rows, schema=spark_schema("skipped")).coalesce(1).write.parquet(f"{staging}/skipped")
        commit(staging, out, spark)
    except BaseException:
        discard(staging, spark)
        raise


def _outlet_rows(tables: dict) -> dict[str, list[dict]]:
    """The ``outlets`` and ``outlet_links`` rows (``retold.outlets.summary``, the local engine's
    query layer computes the same) when the run has articles and reuse links; else none.

    Computed on the driver: the links (no passages) and each article's outlet fields are
    collected, and a body only for the articles of a link whose source is an outlet outside
    the corpus (whether each copy credits it is read in its text). About 200 bytes an
    article on the driver: fine to tens of millions; beyond that this is the part to
    distribute (a group-by per outlet pair)."""
    from pyspark.sql import functions as F

    from retold.model import Article, ReuseLink
    from retold.outlets.identity import load_aliases
    from retold.outlets.summary import outlet_tables

    if "articles" not in tables or "reuse" not in tables:
        return {}
    links = [ReuseLink(r["a"], r["b"], r["kind"], r["source"], r["credited"], (), r["basis"])
             for r in tables["reuse"].select("a", "b", "kind", "source", "credited", "basis").collect()]
    outside = sorted({x for lk in links if lk.source is not None and lk.source not in (lk.a, lk.b) for x in (lk.a, lk.b)})
    body = F.when(F.col("id").isin(outside), F.col("body")).otherwise(F.lit("")) if outside else F.lit("")
    columns = ("id", "outlet", "url", "credits", "credited_sources")
    articles = [Article(id=r["id"], body=r["body"], outlet=r["outlet"], url=r["url"], credits=tuple(r["credits"] or ()),
                        credited_sources=tuple(r["credited_sources"] or ()))
                for r in tables["articles"].select(*columns, body.alias("body")).collect()]
    rows, outlet_links = outlet_tables(sorted(articles, key=lambda a: a.id), sorted(links, key=lambda lk: (lk.a, lk.b)),
                                       load_aliases())
    return {"outlets": [o.to_dict() for o in rows], "outlet_links": [lk.to_dict() for lk in outlet_links]}


def _progress(enabled: bool):
    if not enabled:
        return nullcontext(None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn())


def main(argv: Sequence[str] | None = None) -> int:
    """``spark-submit .../retold/spark/job.py INPUT... --out DIR [--stages a,b]``: the master
    comes from spark-submit (``--master``), so the job runs unchanged on a managed cluster;
    ``python -m retold.spark.job ... --master URL`` starts its own session instead."""
    parser = argparse.ArgumentParser(prog="retold-spark", description=main.__doc__)
    parser.add_argument("inputs", nargs="+", help="files, folders or URIs (s3a://, hdfs://, file://)")
    parser.add_argument("--out", required=True, help="result directory or URI (Parquet tables)")
    parser.add_argument("--stages", default=None, help="comma-separated stages (default: all)")
    parser.add_argument("--master", default=None, help="Spark master when not run by spark-submit")
    args = parser.parse_args(argv)
    if args.master:
        from retold.spark.session import spark_session

        spark = spark_session(args.master)
    else:
        from pyspark.sql import SparkSession

        spark = SparkSession.builder.appName("retold").getOrCreate()
    stages = [s for s in args.stages.split(",") if s] if args.stages else None
    try:
        summary = run_spark(args.inputs, args.out, stages=stages, spark=spark)
    finally:
        spark.stop()
    for s in summary.skipped:
        print(f"skip {s.source}: {s.reason}", file=sys.stderr)
    print(f"read {summary.read}, stored {summary.stored}, skipped {len(summary.skipped)}; "
          + ", ".join(f"{k} {v:.1f}s" for k, v in {**summary.timings, **summary.stages}.items()), flush=True)
    return 3 if summary.skipped else 0


if __name__ == "__main__":
    sys.exit(main())
