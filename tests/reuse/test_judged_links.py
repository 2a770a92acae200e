"""Reuse links on a real crawl, judged by hand (tests/reuse/data/README.md has the rule)."""

import json
from pathlib import Path

import pytest

JUDGED = Path(__file__).parent / "data" / "semeval_links_judged.jsonl"


@pytest.mark.slow
def test_judged_links_keep_news_prose_and_drop_furniture(shared_dir, tmp_path):
    import retold

    docs = shared_dir / "eval" / "stories" / "semeval-dev" / "docs.jsonl"
    if not docs.exists():
        pytest.skip(f"SemEval dev not found at {docs}")
    judged = [json.loads(line) for line in JUDGED.read_text(encoding="utf-8").splitlines() if line.strip()]
    links = {(link.a, link.b) for link in retold.analyze([docs], db=tmp_path / "r.db", stages=["reuse"]).reuse}
    right = [j for j in judged if j["news_prose"]]
    wrong = [j for j in judged if not j["news_prose"]]
    assert sum((j["a"], j["b"]) in links for j in right) >= 11
    assert sum((j["a"], j["b"]) not in links for j in wrong) >= 24
