"""The pipeline end to end over ingest -> clean -> store (corpus stages have their own tests)."""

import json

import pytest

from retold.pipeline import analyze, analyze_with_summary, normalise_date
from retold.store import connect, query


@pytest.mark.parametrize(
    "value, expected",
    [("2019-12-08", "2019-12-08"), ("2019-12-08T10:00:00+03:00", "2019-12-08"), ("Dec 8, 2019", "2019-12-08"),
     ("", None), (None, None), ("not a date", None)],
)
def test_pipeline_normalise_date(value, expected):
    assert normalise_date(value) == expected


def test_pipeline_seeds_articles_only(seeds_dir, tmp_path):
    corpus = analyze([seeds_dir], db=tmp_path / "r.db", stages=[])
    assert [a.id for a in corpus.articles] == sorted(p.stem for p in seeds_dir.glob("*.txt"))
    assert all(a.body and a.language == "en" for a in corpus.articles)


def test_pipeline_rerun_is_idempotent(seeds_dir, tmp_path):
    db = tmp_path / "r.db"
    first, s1 = analyze_with_summary([seeds_dir], db=db, stages=[])
    second, s2 = analyze_with_summary([seeds_dir], db=db, stages=[])
    assert s1.stored == 5 and s2.stored == 0 and s2.unchanged == 5
    assert first.to_dict() == second.to_dict()


def test_pipeline_bad_files_are_reported_and_skipped(seeds_dir, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for p in sorted(seeds_dir.glob("*.txt"))[:2]:
        (inputs / p.name).write_bytes(p.read_bytes())
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.html").write_bytes(bytes(range(256)) * 40)
    (inputs / "latin1.txt").write_bytes(("Le ministre a déclaré que la coopération était gelée. " * 20).encode("cp1252"))
    (inputs / "bad.jsonl").write_text('{"id": "j1", "text": "A fine article body about the summit."}\n{broken\n')
    corpus, summary = analyze_with_summary([inputs], db=tmp_path / "r.db", stages=[])
    reasons = {s.source.split("/")[-1]: s.reason for s in summary.skipped}
    assert set(reasons) == {"empty.txt", "binary.html", "bad.jsonl#L2"}
    ids = {a.id for a in corpus.articles}
    assert {"j1", "latin1"} <= ids and len(ids) == 4
    assert "coopération" in corpus.article("latin1").body
    conn = connect(tmp_path / "r.db", read_only=True)
    assert {s.reason for s in query.last_skipped(conn)} == set(reasons.values())


def test_pipeline_failure_midway_leaves_store_as_it_was(seeds_dir, tmp_path, monkeypatch):
    db = tmp_path / "r.db"
    analyze([sorted(seeds_dir.glob("*.txt"))[0]], db=db, stages=[])
    import retold.store.writer as writer

    def boom(*a, **k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(writer, "finish_run", boom)
    with pytest.raises(RuntimeError):
        analyze([seeds_dir], db=db, stages=[])
    conn = connect(db, read_only=True)
    assert len(query.articles(conn)) == 1


def test_pipeline_json_api(seeds_dir):
    corpus = analyze([seeds_dir / "003_6919b34de9473304.txt"], stages=[])
    d = json.loads(corpus.to_json())
    assert d["retold_export"] == 1 and d["articles"][0]["id"] == "003_6919b34de9473304"
    assert d["stories"] == [] and d["reuse"] == []
