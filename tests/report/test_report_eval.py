"""retold.eval.report: report size/time and UI response times over a store."""

from __future__ import annotations

from retold.eval.report import evaluate, format_report
from retold.report.sample import synthetic_corpus, write_corpus
from retold.store import connect


def test_report_eval_measures_report_and_pages(tmp_path):
    path = tmp_path / "s.db"
    conn = connect(path)
    write_corpus(conn, synthetic_corpus(1))
    conn.close()
    figures = evaluate(path, repeat=1)
    assert figures["n_articles"] == 100 and figures["report_bytes"] > 100_000
    for page in ("home", "story", "article", "compare", "search", "quotes", "api_story"):
        assert figures[f"ui_{page}_ms"] > 0
    assert "report_build_s" in format_report(figures)
    assert format_report({}) == ""
