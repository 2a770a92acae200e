"""The static HTML report (retold.report.html) and `retold report`."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from retold.cli import app
from retold.model import Corpus
from retold.report import html
from retold.report.sample import INJECTIONS, hostile_corpus, synthetic_corpus, write_corpus
from retold.store import connect


def _store(path, corpus):
    conn = connect(path)
    write_corpus(conn, corpus)
    return conn


def _json_block(page: str, block: str):
    m = re.search(rf'<script type="application/json" id="{block}">(.*?)</script>', page, re.S)
    assert m, block
    return json.loads(m.group(1))


@given(st.text())
def test_html_script_json_cannot_close_the_script(text):
    out = html.script_json({"t": text, "s": "</script><!--"})
    assert "<" not in out and ">" not in out
    assert json.loads(out) == {"t": text, "s": "</script><!--"}


@pytest.mark.parametrize("corpus", [Corpus(), synthetic_corpus(1), hostile_corpus()],
                         ids=["empty", "synthetic", "hostile"])
def test_html_report_embeds_everything_and_needs_no_network(tmp_path, corpus):
    conn = _store(tmp_path / "s.db", corpus)
    page = html.render_report(conn)
    data, bodies = _json_block(page, "retold-data"), _json_block(page, "retold-bodies")
    assert len(bodies) == len(corpus.articles) == data["counts"]["articles"]
    assert {s["id"] for s in data["stories"]} == {s.id for s in corpus.stories} == set(data["details"])
    assert all(bodies[a.id] == a.body for a in corpus.articles)
    # self-contained: no external script, style, image or font
    assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)=', page)
    assert "default-src 'none'" in page
    # exactly our four script elements (data, bodies, the graph library, the page code): no
    # injected tag survives outside the JSON
    assert page.count("<script") == 4 and page.count("</script>") == 4
    assert "outlets" in data and "graph" in data["outlets"]


def test_html_report_keeps_hostile_text_as_data(tmp_path):
    conn = _store(tmp_path / "h.db", hostile_corpus())
    page = html.render_report(conn)
    for bad in INJECTIONS:
        if "<" in bad or '"' in bad:
            assert bad not in page
    data = _json_block(page, "retold-data")
    assert '<script>alert("h")</script>' in data["articles"]["evil-0"]["headline"]


def test_html_report_story_detail(tmp_path):
    conn = _store(tmp_path / "s.db", synthetic_corpus(1))
    data, _ = html.report_data(conn)
    d = data["details"]["story-00002"]
    assert d["timeline"][0] == "s00002-a0"  # ids into data["articles"]
    assert {data["links"][i]["kind"] for i in d["links"]} == {"verbatim", "partial", "rewrite"}
    assert len(d["clusters"]) == 2 and any(op != "equal" for v in d["clusters"][0]["variants"] for op, _ in v["diff"])
    assert [q["quote"] for q in d["lone_quotes"]] == ["q-s00002-a2"]  # its cluster is one article's
    assert d["coverage"]["only_here"]
    assert len(data["links"]) == 60


def test_html_cli_writes_the_report(tmp_path):
    _store(tmp_path / "s.db", synthetic_corpus(1)).close()
    out = tmp_path / "out" / "report.html"
    result = CliRunner().invoke(app, ["report", "--db", str(tmp_path / "s.db"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_html_cli_report_missing_store_is_one_line(tmp_path):
    result = CliRunner().invoke(app, ["report", "--db", str(tmp_path / "none.db"), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 1
    assert "no store" in result.output and "Traceback" not in result.output
