import csv
import json

import pyarrow.parquet as pq
import pytest

from retold.model import (
    AlignedPassage, Article, Corpus, Coverage, CoverageUnit, Quote, QuoteCluster, ReuseLink, StageSkip, Story,
)
from retold.outlets.summary import outlet_tables
from retold.report.export import DERIVED_TABLES, TABLES, export


@pytest.fixture
def corpus():
    return Corpus(
        articles=[Article("a", "Body, with “quotes” and\nnewlines.", "p/a.txt", outlet="TASS", credits=("Source: RT",),
                          credited_sources=("RT",)), Article("b", "Other body.", "p/b.txt")],
        stories=[Story("s1", "Title", ("a", "b"))],
        reuse=[ReuseLink("a", "b", "rewrite", "RT", False, (AlignedPassage((0, 4), (0, 5), 0.91),), "credit")],
        quotes=[Quote("q1", "a", "Sergei Shoigu", "said", "quotes", "direct", (11, 17), "c1")],
        quote_clusters=[QuoteCluster("c1", "Sergei Shoigu", ("q1",))],
        coverage=[Coverage("s1", (CoverageUnit("Other body.", ("b",)),))],
        stage_skips=[StageSkip("b", "quotes", "not extracted, language ko")],
    )


@pytest.fixture
def with_outlets(corpus):
    corpus.outlets, corpus.outlet_links = outlet_tables(corpus.articles, corpus.reuse)
    return corpus


def test_export_json_keeps_contract_names(corpus, tmp_path):
    out = tmp_path / "e.json"
    export(corpus, "json", out)
    d = json.loads(out.read_text())
    assert d["retold_export"] == 1 and list(d)[1:] == list(TABLES + DERIVED_TABLES)
    assert set(d["articles"][0]) >= {"id", "source", "url", "outlet", "headline", "dateline", "published",
                                     "language", "credits", "credited_sources", "body"}
    assert set(d["reuse"][0]) >= {"a", "b", "kind", "source", "credited", "passages"}
    assert d["reuse"][0]["passages"][0] == {"a": [0, 4], "b": [0, 5], "similarity": 0.91}
    assert set(d["quotes"][0]) == {"id", "article", "speaker", "cue", "text", "kind", "span", "cluster", "pieces"}
    assert d["coverage"][0] == {"story": "s1", "units": [{"text": "Other body.", "articles": ["b"]}]}
    assert d["stage_skips"] == [{"article": "b", "stage": "quotes", "reason": "not extracted, language ko"}]


def test_export_empty_corpus_has_empty_lists(tmp_path):
    export(Corpus(), "json", tmp_path / "e.json")
    d = json.loads((tmp_path / "e.json").read_text())
    assert all(d[t] == [] for t in TABLES + DERIVED_TABLES)


def test_export_jsonl_one_article_a_line(corpus, tmp_path):
    export(corpus, "jsonl", tmp_path / "a.jsonl")
    lines = (tmp_path / "a.jsonl").read_text().splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["a", "b"]


def test_export_csv_one_file_per_table(corpus, tmp_path):
    files = export(corpus, "csv", tmp_path / "csv")
    assert sorted(p.name for p in files) == sorted(f"{t}.csv" for t in TABLES + DERIVED_TABLES)
    rows = list(csv.DictReader((tmp_path / "csv" / "articles.csv").open()))
    assert rows[0]["body"] == "Body, with “quotes” and\nnewlines." and json.loads(rows[0]["credits"]) == ["Source: RT"]
    skips = list(csv.DictReader((tmp_path / "csv" / "stage_skips.csv").open()))
    assert skips == [{"article": "b", "stage": "quotes", "reason": "not extracted, language ko"}]


def test_export_parquet_one_file_per_table(corpus, tmp_path):
    export(corpus, "parquet", tmp_path / "pq")
    t = pq.read_table(tmp_path / "pq" / "reuse.parquet").to_pylist()
    assert t[0]["passages"][0]["a"] == [0, 4] and t[0]["credited"] is False
    assert pq.read_table(tmp_path / "pq" / "quotes.parquet").to_pylist()[0]["span"] == [11, 17]
    skips = pq.read_table(tmp_path / "pq" / "stage_skips.parquet").to_pylist()
    assert skips == [{"article": "b", "stage": "quotes", "reason": "not extracted, language ko"}]
    empty = export(Corpus(), "parquet", tmp_path / "empty")
    assert all(pq.read_table(p).num_rows == 0 for p in empty)


def test_export_outlet_tables_in_every_format(with_outlets, tmp_path):
    export(with_outlets, "json", tmp_path / "e.json")
    d = json.loads((tmp_path / "e.json").read_text())
    rt = next(o for o in d["outlets"] if o["name"] == "RT")
    assert rt["credited_only"] and rt["copiers"][0]["outlet"] == "TASS"
    assert d["outlet_links"][0] == {"source": "RT", "copier": "TASS", "articles": 1, "by_kind": {"rewrite": 1},
                                    "credited": 1, "pairs": [[None, "a"]]}
    export(with_outlets, "csv", tmp_path / "csv")
    rows = list(csv.DictReader((tmp_path / "csv" / "outlet_links.csv").open()))
    assert json.loads(rows[0]["pairs"]) == [[None, "a"]] and rows[0]["credited"] == "1"
    export(with_outlets, "parquet", tmp_path / "pq")
    table = pq.read_table(tmp_path / "pq" / "outlets.parquet").to_pylist()
    tass = next(o for o in table if o["name"] == "TASS")
    assert tass["derived"] == 1 and dict(tass["derived_by_kind"]) == {"rewrite": 1}


def test_export_unknown_format(corpus, tmp_path):
    with pytest.raises(ValueError):
        export(corpus, "xml", tmp_path / "x")


def test_export_files_are_not_private(corpus, tmp_path):
    import os
    import stat

    umask = os.umask(0o022)
    try:
        export(corpus, "json", tmp_path / "e.json")
        export(corpus, "parquet", tmp_path / "pq")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "e.json").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "pq" / "articles.parquet").stat().st_mode) == 0o644
    assert not list(tmp_path.glob(".*.tmp")) and not list((tmp_path / "pq").glob(".*.tmp"))
