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


def _count_cleaning(monkeypatch) -> list[str]:
    """The ids of the documents cleaned from now on (``pipeline.clean_document`` calls)."""
    import retold.pipeline as pipeline

    cleaned: list[str] = []
    real = pipeline.clean_document

    def counting(raw):
        cleaned.append(raw.id)
        return real(raw)

    monkeypatch.setattr(pipeline, "clean_document", counting)
    return cleaned


def test_pipeline_rerun_cleans_only_new_or_changed_inputs(seeds_dir, tmp_path, monkeypatch):
    """The clean memo: an input the store holds as cleaning would give it is not cleaned again,
    with the same result as cleaning it; a changed file is; ``force`` cleans everything."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    files = sorted(seeds_dir.glob("*.txt"))
    for p in files[:3]:
        (inputs / p.name).write_bytes(p.read_bytes())
    db = tmp_path / "r.db"
    first, _ = analyze_with_summary([inputs], db=db, stages=[])
    cleaned = _count_cleaning(monkeypatch)
    again, summary = analyze_with_summary([inputs], db=db, stages=[])
    assert cleaned == [] and (summary.read, summary.stored, summary.unchanged) == (3, 0, 3)
    assert again.to_dict() == first.to_dict()
    # one file edited, one added: only those two are cleaned
    edited = inputs / files[0].name
    edited.write_text(edited.read_text(encoding="utf-8").replace("Shoigu", "Shoygu"), encoding="utf-8")
    (inputs / files[3].name).write_bytes(files[3].read_bytes())
    third, summary = analyze_with_summary([inputs], db=db, stages=[])
    assert sorted(cleaned) == sorted([files[0].stem, files[3].stem])
    assert (summary.read, summary.stored, summary.unchanged) == (4, 2, 2)
    assert "Shoygu" in third.article(files[0].stem).body
    cleaned.clear()
    analyze_with_summary([inputs], db=db, stages=[], force=True)
    assert len(cleaned) == 4


def test_pipeline_memo_counts_only_while_the_stored_article_is_the_same(seeds_dir, tmp_path, monkeypatch):
    """Another input with the same id replaced the stored article: the first input is cleaned
    (and stored) again, as without the memo."""
    text = (seeds_dir / "003_6919b34de9473304.txt").read_text(encoding="utf-8")
    one, other = tmp_path / "one", tmp_path / "other"
    one.mkdir(), other.mkdir()
    (one / "a.txt").write_text(text, encoding="utf-8")
    (other / "a.txt").write_text(text.replace("Shoigu", "Shoygu"), encoding="utf-8")
    db = tmp_path / "r.db"
    analyze([one], db=db, stages=[])
    analyze([other], db=db, stages=[])
    cleaned = _count_cleaning(monkeypatch)
    corpus, summary = analyze_with_summary([one], db=db, stages=[])
    assert cleaned == ["a"] and summary.stored == 1
    assert "Shoygu" not in corpus.article("a").body


def test_pipeline_clean_fingerprint_follows_the_cleaning_code(monkeypatch):
    """The memo's keys change with retold's cleaning code (and library versions), so a new
    cleaner never serves an old cleaning."""
    from retold import pipeline
    from retold.ingest import RawDocument

    raw = RawDocument("a", "a.txt", "page", "Some text.")
    before = pipeline.memo_key(raw)
    assert before == pipeline.memo_key(RawDocument("a", "moved/a.txt", "page", "Some text."))
    assert before != pipeline.memo_key(RawDocument("a", "a.txt", "page", "Some text!"))
    assert before != pipeline.memo_key(RawDocument("a", "a.txt", "page", "Some text.", title=""))
    monkeypatch.setattr(pipeline, "clean_fingerprint", lambda: "another cleaner")
    assert pipeline.memo_key(raw) != before


def test_pipeline_stage_runs_again_when_its_code_changes(seeds_dir, tmp_path, monkeypatch):
    """A store made by another retold is not trusted: a stage whose code changed since (its
    ``source_fingerprint``) runs again, and the stages downstream of it; the others stay."""
    from retold import fingerprint

    db = tmp_path / "r.db"
    stages = ["reuse", "stories", "coverage"]
    first, _ = analyze_with_summary([seeds_dir], db=db, stages=stages)
    _, again = analyze_with_summary([seeds_dir], db=db, stages=stages)
    assert again.stages == dict.fromkeys(stages, 0.0)
    real = fingerprint.source_fingerprint
    monkeypatch.setattr(fingerprint, "source_fingerprint",
                        lambda *roots: "new stories code" if roots == ("retold.stories",) else real(*roots))
    corpus, upgraded = analyze_with_summary([seeds_dir], db=db, stages=stages)
    assert upgraded.stages["reuse"] == 0.0
    assert upgraded.stages["stories"] > 0 and upgraded.stages["coverage"] > 0  # coverage reads the stories
    assert corpus.to_dict() == first.to_dict()


def test_pipeline_incremental_run_equals_one_run_and_keeps_story_ids(seeds_dir, tmp_path):
    from retold.eval.engines import TABLES, rows_ids_aside

    files = sorted(str(p) for p in seeds_dir.glob("*.txt"))
    db = tmp_path / "inc.db"
    earlier = analyze(files[:2] + files[3:4], db=db)
    merged = analyze(files, db=db)
    one_run = analyze(files, db=tmp_path / "one.db")
    for table in TABLES:
        assert rows_ids_aside(merged, table) == rows_ids_aside(one_run, table), table
    # earlier stories continue under their ids (stories.continue_ids), in a story sharing articles
    before = {s.id: set(s.articles) for s in earlier.stories}
    continued = [s for s in merged.stories if s.id in before]
    assert continued and all(before[s.id] & set(s.articles) for s in continued)


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


def test_pipeline_ingest_stores_a_window_at_a_time_in_one_transaction(tmp_path, monkeypatch):
    import retold.pipeline as pipeline

    lines = [json.dumps({"id": f"a{i}", "text": f"Article number {i} says the council met on day {i}. " * 3})
             for i in range(2 * pipeline._CLEAN_WINDOW + 5)]
    (tmp_path / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    batches = []
    real = pipeline.writer.upsert_articles
    monkeypatch.setattr(pipeline.writer, "upsert_articles", lambda conn, arts: batches.append(len(arts)) or real(conn, arts))
    _, summary = analyze_with_summary([tmp_path / "docs.jsonl"], db=tmp_path / "r.db", stages=[])
    assert summary.stored == len(lines) and len(batches) == 3 and max(batches) <= pipeline._CLEAN_WINDOW

    def fail_in_second_window(conn, arts):  # a second run writes its first window, then fails
        if len(batches) == 5:
            raise RuntimeError("disk full")
        return real(conn, arts)

    monkeypatch.setattr(pipeline.writer, "upsert_articles", lambda conn, arts: batches.append(len(arts)) or
                        fail_in_second_window(conn, arts))
    lines[0] = json.dumps({"id": "a0", "text": "A changed first article about the budget vote. " * 3})
    (tmp_path / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        analyze_with_summary([tmp_path / "docs.jsonl"], db=tmp_path / "r.db", stages=[])
    conn = connect(tmp_path / "r.db", read_only=True)
    assert "council" in query.article(conn, "a0").body  # the whole run rolled back


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


def test_pipeline_summary_counts_without_reading_the_store_back(seeds_dir, tmp_path):
    db = tmp_path / "r.db"
    corpus, full = analyze_with_summary([seeds_dir], db=db)
    nothing, counted = analyze_with_summary([seeds_dir], db=db, load=False)
    assert nothing is None
    assert counted.counts["articles"] == len(corpus.articles) == 5
    assert counted.counts == full.counts
    assert (counted.counts["stories"], counted.counts["reuse"], counted.counts["quotes"]) == \
        (len(corpus.stories), len(corpus.reuse), len(corpus.quotes))
    assert counted.stage_skips == full.stage_skips


def test_pipeline_stages_see_the_stored_corpus_table_by_table(seeds_dir, tmp_path):
    db = tmp_path / "r.db"
    analyze([seeds_dir], db=db)
    conn = connect(db)
    try:
        lazy = query.StoredCorpus(conn)
        assert "quotes" not in lazy.__dict__  # nothing read until asked for
        assert lazy.to_dict() == query.corpus(conn).to_dict()
        fresh = query.StoredCorpus(conn)
        fresh.stories = []  # a table a stage sets is not read from the store
        assert fresh.stories == [] and len(fresh.articles) == 5
    finally:
        conn.close()
