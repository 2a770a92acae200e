"""Spark result directories: read back as a Corpus, written by Spark itself, loaded into the store."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from retold.outlets.summary import outlet_tables
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from retold.cli import app
from retold.errors import RetoldError
from retold.model import (
    AlignedPassage, Article, Corpus, Coverage, CoverageUnit, Quote, QuoteCluster, ReuseLink, Skipped, Story,
)
from retold.pipeline import run_stages
from retold.registry import resolve
from retold.report.export import TABLES
from retold.spark.load import (
    TABLE_SCHEMAS, canonical_order, load_into_store, natural_key, read_result, spark_schema, table_frame,
    write_result_pandas,
)
from retold.store import connect, query

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(seed_articles) -> Corpus:
    """A corpus over the five seed articles with every kind of value: None, empty and nested lists,
    non-ASCII text, quote ids whose numbers sort differently as text."""
    arts = [replace(a, credits=("By Ana Müller",) if i == 0 else (), credited_sources=("AP",) if i == 1 else ())
            for i, a in enumerate(seed_articles)]
    ids = [a.id for a in arts]
    passages = (AlignedPassage((0, 120), (5, 125), 0.9731), AlignedPassage((130, 200), (140, 210), 0.5))
    reuse = [ReuseLink(ids[0], ids[1], "partial", ids[0], True, passages, "dates"),
             ReuseLink(ids[1], ids[3], "translation", None, None, (), None),
             ReuseLink(ids[0], ids[2], "verbatim", "Reuters", False, passages[:1], "credit")]
    stories = [Story("s-b", "Zweite Geschichte", (ids[3], ids[2])), Story("s-a", "First «story»", (ids[0], ids[1])),
               Story("s-c", "", (ids[4],))]
    quotes = [Quote(f"q-{ids[0]}-{n}", ids[0], "Ana", "said", f"quote {n}", "direct", (10 * n, 10 * n + 5), "qc-1")
              for n in (1, 2, 10)]
    quotes += [Quote(f"q-{ids[0]}-1.2", ids[0], None, None, "unit", "mixed", (15, 19), "qc-2"),
               Quote(f"q-{ids[1]}-1", ids[1], "Bo", "told", "é", "indirect", (0, 1), None)]
    clusters = [QuoteCluster("qc-2", None, (f"q-{ids[0]}-1.2",)),
                QuoteCluster("qc-1", "Ana", (f"q-{ids[0]}-1", f"q-{ids[0]}-2", f"q-{ids[0]}-10"))]
    coverage = [Coverage("s-b", (CoverageUnit("a sentence", (ids[2], ids[3])),)),
                Coverage("s-a", (CoverageUnit("one", (ids[0],)), CoverageUnit("two", (ids[0], ids[1])))),
                Coverage("s-c", (CoverageUnit("alone", (ids[4],)),))]
    return Corpus(arts, stories, reuse, quotes, clusters, coverage, [Skipped("x.pdf", "not an article")])


def _shuffled(corpus: Corpus, seed: int = 7) -> Corpus:
    rng = random.Random(seed)
    lists = {t: rng.sample(getattr(corpus, t), len(getattr(corpus, t))) for t in TABLES}
    return Corpus(skipped=list(corpus.skipped), **lists)


def test_load_canonical_order(corpus):
    ordered = canonical_order(corpus)
    assert [a.id for a in ordered.articles] == sorted(a.id for a in corpus.articles)
    assert [(r.a, r.b) for r in ordered.reuse] == sorted((r.a, r.b) for r in corpus.reuse)
    assert [s.id for s in ordered.stories] == ["s-a", "s-b", "s-c"]  # by first article id
    assert [q.id.rsplit("-", 1)[1] for q in ordered.quotes[:4]] == ["1", "1.2", "2", "10"]
    assert [c.id for c in ordered.quote_clusters] == ["qc-1", "qc-2"]
    assert [c.story for c in ordered.coverage] == ["s-a", "s-b", "s-c"]
    assert canonical_order(_shuffled(corpus)).to_dict() == ordered.to_dict()
    assert canonical_order(Corpus()).to_dict() == Corpus().to_dict()


@given(st.lists(st.integers(0, 10**6), max_size=30))
def test_load_natural_key_orders_numbers_as_numbers(numbers):
    assert sorted(numbers, key=lambda n: natural_key(f"q-a1b-{n}")) == sorted(numbers)


@given(st.lists(st.text(max_size=12), max_size=20))
def test_load_natural_key_orders_any_strings(texts):
    sorted(texts, key=natural_key)  # never a TypeError between numbers and text


@pytest.mark.parametrize("parts", [1, 3])
def test_load_round_trip(corpus, tmp_path, parts):
    write_result_pandas(_shuffled(corpus), tmp_path / "out", parts=parts)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([*TABLES, "skipped"])
    assert read_result(tmp_path / "out").to_dict() == canonical_order(corpus).to_dict()
    assert read_result(tmp_path / "out").skipped == corpus.skipped
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # written beside, then committed


def test_load_empty_corpus_and_missing_tables(corpus, tmp_path):
    write_result_pandas(Corpus(), tmp_path / "empty")
    assert read_result(tmp_path / "empty").to_dict() == Corpus().to_dict()
    write_result_pandas(corpus, tmp_path / "fewer", tables=("articles", "reuse"))
    fewer = read_result(tmp_path / "fewer")
    assert len(fewer.articles) == 5 and len(fewer.reuse) == 3
    assert fewer.stories == fewer.quotes == fewer.quote_clusters == fewer.coverage == []


def test_load_unreadable_results_are_one_line_errors(corpus, tmp_path):
    with pytest.raises(RetoldError, match="no such result directory"):
        read_result(tmp_path / "missing")
    (tmp_path / "other").mkdir()
    with pytest.raises(RetoldError, match="not a retold Spark result"):
        read_result(tmp_path / "other")
    (tmp_path / "bad" / "articles").mkdir(parents=True)
    (tmp_path / "bad" / "articles" / "part-0.parquet").write_bytes(b"not parquet")
    with pytest.raises(RetoldError, match="not a readable articles table"):
        read_result(tmp_path / "bad")
    (tmp_path / "cols" / "stories").mkdir(parents=True)
    pq.write_table(pa.table({"id": ["s"], "title": ["t"]}), str(tmp_path / "cols" / "stories" / "part-0.parquet"))
    with pytest.raises(RetoldError, match="articles missing from the stories table"):
        read_result(tmp_path / "cols")
    with pytest.raises(RetoldError, match="only local"):
        read_result("s3a://bucket/out")


def test_load_spark_written_result(spark, corpus, tmp_path):
    """What the Spark engine writes (createDataFrame with spark_schema, write.parquet into a
    staging dir, commit) reads back equal: the layout contract between the two sides."""
    from retold.spark.output import commit, staging_dir

    rows = corpus.to_dict()
    out = str(tmp_path / "out")
    staging = staging_dir(out)
    for table in TABLES:
        frame = spark.createDataFrame(table_frame(table, rows[table]), schema=spark_schema(table))
        assert frame.columns == TABLE_SCHEMAS[table].names
        frame.repartition(2).write.parquet(f"{staging}/{table}")
    commit(staging, out)
    assert read_result(out).to_dict() == canonical_order(corpus).to_dict()


def test_load_into_store(corpus, tmp_path):
    write_result_pandas(corpus, tmp_path / "out")
    db = tmp_path / "r.db"
    first = load_into_store(tmp_path / "out", db)
    assert first["tables"] == {t: len(getattr(corpus, t)) for t in TABLES}
    assert (first["stored"], first["unchanged"], first["skipped"], first["not_in_result"]) == (5, 0, 1, 0)
    conn = connect(db)
    try:
        stored = query.corpus(conn)
        expected = canonical_order(corpus)  # and the outlets the store's query layer derives from it
        expected.outlets, expected.outlet_links = outlet_tables(expected.articles, expected.reuse)
        assert stored.to_dict() == expected.to_dict() and stored.outlets
        assert query.last_skipped(conn) == corpus.skipped
        # the local engine sees every loaded stage as up to date: nothing is recomputed
        assert set(run_stages(conn, resolve(None)).values()) == {0.0}
    finally:
        conn.close()
    again = load_into_store(tmp_path / "out", db)
    assert (again["stored"], again["unchanged"]) == (0, 5)
    conn = connect(db)
    assert query.corpus(conn).to_dict() == stored.to_dict()
    conn.close()


def test_load_into_a_store_with_other_articles(corpus, tmp_path):
    write_result_pandas(corpus, tmp_path / "out")
    db = tmp_path / "r.db"
    write_result_pandas(Corpus(articles=[Article("zz-other", "Another body.", "x.txt")]), tmp_path / "other")
    load_into_store(tmp_path / "other", db)
    summary = load_into_store(tmp_path / "out", db)
    assert summary["not_in_result"] == 1
    conn = connect(db)
    try:
        assert {query.stage_fingerprint(conn, s) for s in ("reuse", "stories", "quotes", "coverage")} == {
            f"partial load of {tmp_path / 'out'}"}  # a later local run recomputes them
    finally:
        conn.close()


def test_load_tables_that_do_not_fit_load_nothing(corpus, tmp_path):
    broken = replace(corpus, stories=[Story("s-x", "t", ("no-such-article",))])
    write_result_pandas(broken, tmp_path / "out")
    db = tmp_path / "r.db"
    with pytest.raises(RetoldError, match="do not fit together"):
        load_into_store(tmp_path / "out", db)
    conn = connect(db)
    assert query.counts(conn)["articles"] == 0
    conn.close()


def test_load_cli(corpus, tmp_path):
    write_result_pandas(corpus, tmp_path / "out", tables=("articles", "reuse", "stories"))
    db = tmp_path / "r.db"
    result = runner.invoke(app, ["load", str(tmp_path / "out"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "articles │ 5" in out and "reuse │ 3" in out and "quotes │ not in result" in out
    listed = runner.invoke(app, ["stories", "--db", str(db)])
    assert listed.exit_code == 0 and "s-a" in listed.output
    missing = runner.invoke(app, ["load", str(tmp_path / "nope"), "--db", str(db)])
    assert missing.exit_code == 1 and "no such result directory" in " ".join(missing.output.split())
    assert missing.output.count("error:") == 1 and "Traceback" not in missing.output
