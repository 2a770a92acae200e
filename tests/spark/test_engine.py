"""The Spark engine on ``local[2]``: the same result as the local engine, no cross joins in
any job, incremental runs equal to one run over everything, idempotent re-runs."""

from __future__ import annotations

import json
import shutil

import pytest

from retold.eval.engines import TABLES, compare, rows_ids_aside
from retold.pipeline import analyze
from retold.spark.load import read_result


@pytest.fixture(scope="module")
def local_seeds(seeds_dir):
    return analyze([str(seeds_dir)])


@pytest.fixture
def executed_plans(monkeypatch):
    """The physical plan of every Spark job the code under test runs (each action records
    its DataFrame's plan first)."""
    from pyspark.sql import DataFrameWriter
    from pyspark.sql.classic.dataframe import DataFrame  # PySpark 4's class behind every DataFrame

    from retold.spark.plans import physical_plan

    plans: list[str] = []

    def recording(cls, name, plan_of):
        original = getattr(cls, name)

        def wrapper(self, *args, **kwargs):
            plans.append(physical_plan(plan_of(self)))
            return original(self, *args, **kwargs)

        monkeypatch.setattr(cls, name, wrapper)

    for action in ("count", "collect", "localCheckpoint", "toPandas", "persist", "cache"):
        recording(DataFrame, action, lambda df: df)
    recording(DataFrameWriter, "parquet", lambda writer: writer._df)
    return plans


def test_engine_seeds_equal_to_local_engine_without_cross_joins(spark, seeds_dir, local_seeds, tmp_path,
                                                                 executed_plans):
    from retold.spark.job import run_spark
    from retold.spark.plans import CROSS_JOIN_OPERATORS

    summary = run_spark([str(seeds_dir)], str(tmp_path / "out"), spark=spark)
    assert (summary.read, summary.stored, summary.skipped) == (5, 5, [])
    result = compare(local_seeds, read_result(tmp_path / "out"))
    assert result["equal"], {k: v for k, v in result.items() if not k.endswith("_equal")}
    assert result["reuse_spark"] >= 1 and result["stories_spark"] == 2 and result["quotes_spark"] > 0
    # the derived outlets tables are in the result as the local engine exports them
    spark_result = read_result(tmp_path / "out")
    for table in ("outlets", "outlet_links"):
        written = [row.to_dict() for row in getattr(spark_result, table)]
        assert written and written == [row.to_dict() for row in getattr(local_seeds, table)], table
    # every job of the run: reads, the stages' joins and group-bys, the component rounds, the writes
    joins = [p for p in executed_plans if "HashJoin" in p or "SortMergeJoin" in p]
    assert len(joins) >= 8, "the stages' joins were not seen"
    crossing = [p for p in executed_plans if any(op in p for op in CROSS_JOIN_OPERATORS)]
    assert not crossing, crossing[0][:2000]


def test_engine_incremental_runs_equal_one_run_and_keep_story_ids(spark, seeds_dir, local_seeds, tmp_path, monkeypatch):
    from retold.registry import stage_version
    from retold.spark import job
    from retold.spark.job import run_spark

    files = sorted(str(p) for p in seeds_dir.glob("*.txt"))
    out = str(tmp_path / "out")
    first = run_spark(files[:2] + files[3:4], out, spark=spark)
    assert first.stored == 3
    earlier = read_result(out)
    second = run_spark(files[2:3] + files[4:], out, spark=spark)
    assert (second.stored, second.unchanged) == (2, 0)
    merged = read_result(out)
    for table in TABLES:
        assert rows_ids_aside(merged, table) == rows_ids_aside(local_seeds, table), table
    # the story founded in the first run keeps its id although it gained and lost articles
    old_ids = {s.id for s in earlier.stories}
    assert old_ids & {s.id for s in merged.stories}
    # the same input again changes nothing, ids included
    again = run_spark(files[2:3], out, spark=spark)
    assert (again.stored, again.unchanged) == (0, 1)
    assert again.stages == dict.fromkeys(again.stages, 0.0)
    assert read_result(out).to_dict() == merged.to_dict()
    # ... unless a stage's code is not the code that made the result: it runs from scratch
    monkeypatch.setattr(job, "stage_version", lambda spec: "new code" if spec.name == "stories" else stage_version(spec))
    upgraded = run_spark(files[2:3], out, spark=spark)
    assert upgraded.stages["stories"] > 0
    assert rows_ids_aside(read_result(out), "stories") == rows_ids_aside(merged, "stories")


def _meter_family_docs(shared_dir, tmp_path):
    """Three METER dev stories where newspapers took from several PA versions together (the
    agency family rule, ``retold.reuse.family``), as one JSONL file and as two halves."""
    path = shared_dir / "eval" / "reuse" / "meter-dev"
    if not path.exists():
        pytest.skip(f"METER dev not found at {path}")
    gold = json.loads((path / "gold.json").read_text(encoding="utf-8"))
    keep = {d for k in (23, 27, 51) for d in gold["stories"][k]}
    lines = [line for line in (path / "docs.jsonl").read_text(encoding="utf-8").splitlines()
             if json.loads(line)["id"] in keep]
    files = []
    for name, part in (("all", lines), ("first", lines[::2]), ("second", lines[1::2])):
        files.append(tmp_path / f"{name}.jsonl")
        files[-1].write_text("\n".join(part) + "\n", encoding="utf-8")
    return files


@pytest.mark.slow
def test_engine_agency_families_equal_to_local_engine_in_first_and_second_runs(spark, shared_dir, tmp_path):
    """The family links (a newspaper article linked to the PA version it took most from, judged
    against the story's versions together) are the local engine's, in a first run and when the
    rest of the versions and copies arrive in a second (a copy's family grows in it). About 4
    minutes here, so slow; the seeds' runs in the default run go through the same code (RT is
    an agency there) without a family link."""
    from retold.spark.job import run_spark

    docs, first, second = _meter_family_docs(shared_dir, tmp_path)

    def links(corpus) -> list[str]:
        return sorted(json.dumps(link.to_dict(), sort_keys=True) for link in corpus.reuse)

    out = str(tmp_path / "out")
    run_spark([str(first)], out, stages=["reuse"], spark=spark)  # a first run: every pair judged
    assert links(read_result(out)) == links(analyze([str(first)], db=tmp_path / "first.db", stages=["reuse"]))
    run_spark([str(second)], out, stages=["reuse"], spark=spark)  # then only what the new articles touch
    assert links(read_result(out)) == links(analyze([str(docs)], db=tmp_path / "all.db", stages=["reuse"]))


def test_engine_wire_takes_join_their_stories_as_in_the_local_engine(spark, shared_dir, tmp_path):
    """Two METER dev court stories whose last PA takes are one identical stock line ("The
    case was adjourned until tomorrow."): the takes share a block through their wire key
    (``stories.blocking.wire_keys``), so each wire story is one story, as locally."""
    from retold.spark.job import run_spark

    path = shared_dir / "eval" / "reuse" / "meter-dev"
    if not path.exists():
        pytest.skip(f"METER dev not found at {path}")
    lines = [line for line in (path / "docs.jsonl").read_text(encoding="utf-8").splitlines()
             if any(f'"PA/courts/{w}/' in line for w in ("03.04.00/gm", "26.01.00/minibus"))]
    docs = tmp_path / "takes.jsonl"
    docs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = str(tmp_path / "out")
    run_spark([str(docs)], out, stages=["stories"], spark=spark)
    spark_stories = read_result(out)
    local = analyze([str(docs)], db=tmp_path / "local.db", stages=["stories"])
    assert rows_ids_aside(spark_stories, "stories") == rows_ids_aside(local, "stories")
    # every take of each: the 8 GM files (five stories without their catchlines, one of them
    # gm5sub with minibus5, through their stock line) and the 5 minibus files
    assert sorted(len(s.articles) for s in local.stories) == [5, 8]


# Originals and machine translations (semeval-translations-dev) that were each in a story of
# their own before a translation rode with its source's story.
TRANSLATED = ("1630885514", "1484039914", "1483968690", "1484188646")
TRANSLATED_INTO = ("fr", "ru", "en", "zh")


def test_engine_translations_join_their_originals_stories_as_in_the_local_engine(spark, shared_dir, tmp_path):
    """A copy the reuse stage found rides with its source's story (``stories.assign.COPY_KINDS``):
    in Spark the link is an edge of the components too, and a second run that brings the
    translations clusters again the components whose copy links changed."""
    from retold.spark.job import run_spark

    path = shared_dir / "eval" / "reuse" / "semeval-translations-dev"
    if not path.exists():
        pytest.skip(f"translation pairs not found at {path}")
    pairs = [(o, o + lang) for o, lang in zip(TRANSLATED, TRANSLATED_INTO)]
    wanted = {d for pair in pairs for d in pair}
    lines = {json.loads(line)["id"]: line for line in (path / "docs.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip() and json.loads(line)["id"] in wanted}
    first, second, every = (tmp_path / f"{n}.jsonl" for n in ("first", "second", "all"))
    first.write_text("\n".join(lines[d] for d in TRANSLATED + (pairs[0][1], pairs[1][1])) + "\n", encoding="utf-8")
    second.write_text("\n".join(lines[pair[1]] for pair in pairs[2:]) + "\n", encoding="utf-8")
    every.write_text("\n".join(lines[d] for d in sorted(wanted)) + "\n", encoding="utf-8")
    local = analyze([str(every)], db=tmp_path / "local.db", stages=["stories"])
    story = {a: s.id for s in local.stories for a in s.articles}
    assert all(story[o] == story[t] for o, t in pairs)
    out = str(tmp_path / "out")
    run_spark([str(first)], out, stages=["stories"], spark=spark)
    run_spark([str(second)], out, stages=["stories"], spark=spark)
    merged = read_result(out)
    for table in ("reuse", "stories"):
        assert rows_ids_aside(merged, table) == rows_ids_aside(local, table), table


def test_engine_report_reposted_by_several_sites_linked_as_in_the_local_engine(spark, tmp_path):
    """Five sites repost one report, each with its own lines around it: every sentence of the
    report is boilerplate to the masking (five holders), and both engines judge the copies
    whole (``reuse.find.link_for_pair``), ten verbatim links alike."""
    from retold.spark.job import run_spark

    report = ("Three people including two brothers were arrested for duping job seekers with fake visas. "
              "The accused promised work permits in Europe and took large advance payments from the victims. "
              "Police said the gang had cheated more than forty people over the past two years in the city. "
              "Officers seized forged stamps, blank passports and two laptops from a rented flat in the old town. "
              "The brothers had run a travel agency from the same address until it closed last spring. "
              "A court remanded all three in custody until a hearing next month.")
    own = [("The Valley Courier", "Share your news tips with our newsroom."),
           ("Eastside Daily Post", "Copyright Eastside Media Group."),
           ("Harbour Town Gazette, your community paper since 1921", "Letters to the editor: see page two."),
           ("NewsNow Network", "Filed under: crime, immigration, police."),
           ("Metro Evening Star", "More stories from the Star's crime desk tomorrow.")]
    path = tmp_path / "reposts.jsonl"
    path.write_text("".join(json.dumps({"id": f"r{i}", "text": f"{head}\n{report}\n{tail}", "language": "en",
                                        "url": f"https://www.site{i}news.com/story"}) + "\n"
                            for i, (head, tail) in enumerate(own)), encoding="utf-8")
    local = analyze([str(path)], db=tmp_path / "local.db", stages=["reuse"])
    assert len(local.reuse) == 10 and {link.kind for link in local.reuse} == {"verbatim"}
    out = str(tmp_path / "out")
    run_spark([str(path)], out, stages=["reuse"], spark=spark)
    assert rows_ids_aside(read_result(out), "reuse") == rows_ids_aside(local, "reuse")


def test_engine_languages_skipped_alike_and_loaded(spark, mixed_inputs, mixed_store, tmp_path):
    """Pages in Korean, Portuguese and Indonesian: both engines leave them out of the same stages
    with the same reasons, and ``retold load`` keeps the skips."""
    from retold.spark.job import run_spark
    from retold.spark.load import load_into_store
    from retold.store import connect, query

    conn = connect(mixed_store, read_only=True)
    local = query.corpus(conn)
    conn.close()
    out = str(tmp_path / "out")
    summary = run_spark(mixed_inputs, out, spark=spark)
    assert summary.stage_skips == {
        "quotes": {"not extracted, language id": 1, "not extracted, language ko": 1, "not extracted, language pt": 1},
        "coverage": {"not extracted, language id": 1}}
    result = compare(local, read_result(out))
    assert result["equal"] and result["stage_skips_spark"] == 4, {k: v for k, v in result.items() if "_equal" not in k}
    load_into_store(out, tmp_path / "r.db")
    conn = connect(tmp_path / "r.db")
    try:
        assert query.stage_skips(conn) == local.stage_skips
    finally:
        conn.close()


def test_engine_bad_inputs_are_skipped_with_reasons(spark, seeds_dir, tmp_path):
    from retold.spark.job import run_spark

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(next(seeds_dir.glob("000_*.txt")), folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "bad.jsonl").write_text('{"id": "x", "text": "fine text of an article here."}\nnot json\n')
    summary = run_spark([str(folder), str(tmp_path / "missing")], str(tmp_path / "out"), stages=["reuse"],
                        spark=spark)
    reasons = {s.source.split("/")[-1]: s.reason for s in summary.skipped}
    assert reasons["empty.txt"] == "empty file"
    assert "bad.jsonl#L2" in reasons and "malformed JSON" in reasons["bad.jsonl#L2"]
    assert "binary.txt" in reasons and "missing" in reasons
    assert {a.id for a in read_result(tmp_path / "out").articles} == {"good", "x"}


def test_engine_cli_analyze_spark_then_load_into_store(spark, seeds_dir, tmp_path):
    from typer.testing import CliRunner

    from retold.cli import app
    from retold.store import connect, query

    out, db = tmp_path / "out", tmp_path / "r.db"
    runner = CliRunner()
    ran = runner.invoke(app, ["analyze", str(seeds_dir), "--engine", "spark", "--master", "local[2]",
                              "--out", str(out), "--stages", "reuse"])
    assert ran.exit_code == 0, ran.output
    assert "articles in result" in ran.output and "stage reuse" in ran.output
    loaded = runner.invoke(app, ["load", str(out), "--db", str(db)])
    assert loaded.exit_code == 0, loaded.output
    conn = connect(db)
    try:
        assert len(query.articles(conn)) == 5 and len(query.corpus(conn).reuse) >= 1
    finally:
        conn.close()
    assert spark.sparkContext._jsc is not None  # the shared session was not stopped
    missing = runner.invoke(app, ["analyze", str(seeds_dir), "--engine", "spark"])
    assert missing.exit_code == 2 and "--out" in missing.output


@pytest.mark.slow
def test_engine_equal_to_local_engine_on_the_eval_sample(spark, shared_dir):
    """1,336 real articles from ../shared/eval (ECB+ dev, MEANTIME, PolNeAR dev): every table
    equal (``retold eval engines`` prints the same comparison); about 12 minutes here."""
    from retold.eval.engines import evaluate

    result = evaluate(shared_dir, spark=spark)
    assert result["articles_local"] >= 1000
    assert result["equal"], {k: v for k, v in result.items() if not k.endswith("_equal")}


@pytest.mark.parametrize("tables, state, names, stands", [
    # an earlier result of every stage stands for every stage, or for a few of them
    (("articles", "reuse", "stories", "quotes", "quote_clusters", "coverage", "stage_skips"),
     ("profiles", "features", "components", "idf_sample", "raw_quotes"), ["reuse", "stories", "quotes", "coverage"], True),
    (("articles", "reuse", "stories", "stage_skips"), ("profiles", "features", "components", "idf_sample"),
     ["stories"], True),
    # an earlier run of fewer stages does not stand for a stage it did not run ...
    (("articles", "stories", "stage_skips"), ("features", "components", "idf_sample"), ["reuse", "stories"], False),
    # ... nor does a result without the state its next run needs, or without stage skips
    (("articles", "reuse", "stage_skips"), (), ["reuse"], False),
    (("articles", "reuse"), ("profiles",), ["reuse"], False),
])
def test_engine_earlier_result_stands_only_with_every_table_and_state(tables, state, names, stands):
    """With no new or changed article, a run keeps the earlier result only when that result
    holds every table and state of the stages asked for (else the stages run)."""
    from retold.spark.job import _earlier_result_stands
    from retold.spark.previous import Previous

    previous = Previous(tables=dict.fromkeys(tables), state=dict.fromkeys(state))
    assert _earlier_result_stands(previous, names) is stands
    assert _earlier_result_stands(None, names) is False


class _Rows:
    def __init__(self, rows):
        self.rows = rows

    def collect(self):
        return self.rows


def test_engine_earlier_result_of_other_code_is_not_kept():
    """A stage whose stored version is not this retold's (or that has none: a result from
    before versions were kept) loses its earlier tables and state, so it runs from scratch;
    a stage of the same version keeps them."""
    from retold.registry import get_stage, stage_version
    from retold.spark.job import _without_outdated
    from retold.spark.previous import Previous

    tables = ("articles", "reuse", "stories", "stage_skips")
    state = ("profiles", "features", "components", "idf_sample")

    def previous(versions):
        return Previous(tables=dict.fromkeys(tables), state={**dict.fromkeys(state), "versions": versions})

    same = _Rows([{"stage": n, "version": stage_version(get_stage(n))} for n in ("reuse", "stories")])
    kept = _without_outdated(previous(same), ["reuse", "stories"])
    assert set(kept.tables) == set(tables) and set(kept.state) == set(state)
    other = _Rows([{"stage": "reuse", "version": stage_version(get_stage("reuse"))},
                   {"stage": "stories", "version": "stories:1:any:an older retold"}])
    dropped = _without_outdated(previous(other), ["reuse", "stories"])
    assert set(dropped.tables) == {"articles", "reuse", "stage_skips"} and set(dropped.state) == {"profiles"}
    unversioned = _without_outdated(previous(None), ["reuse"])
    assert "reuse" not in unversioned.tables and "profiles" not in unversioned.state
    assert _without_outdated(None, ["reuse"]) is None
