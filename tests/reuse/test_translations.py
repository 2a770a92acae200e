"""Links between real news articles and their machine translations (SemEval-2022 Task 8
sample: en→it, zh, es, fr, ru; de→fr; pl→en), read and scored through ``analyze``."""

import json

import pytest

from retold.eval.reuse import analyze_export
from retold.eval.translations import evaluate, group_links, load_gold, score

PAIRS_PER_LANGUAGE = 4


@pytest.fixture(scope="module")
def translations_dir(shared_dir):
    path = shared_dir / "eval" / "reuse" / "semeval-translations-dev"
    if not path.exists():
        pytest.skip(f"translation pairs not found at {path}")
    return path


def _first_pairs(gold: list[dict], n: int) -> list[dict]:
    taken: dict[str, int] = {}
    out = []
    for g in gold:
        if taken.get(g["lang"], 0) < n:
            taken[g["lang"]] = taken.get(g["lang"], 0) + 1
            out.append(g)
    return out


def test_translations_sample_floor(translations_dir):
    """The first four pairs of every language pair (28 pairs, all 7 language pairs): as of
    this writing all 28 are linked as translations with no other link, and each original
    is in one story with its translation; the floors leave room for one or two misses,
    never for links between different originals."""
    gold = _first_pairs(load_gold(translations_dir), PAIRS_PER_LANGUAGE)
    keep = {d for g in gold for d in (g["original"], g["translation"])}
    result = score(analyze_export(translations_dir / "docs.jsonl", keep, stages=("reuse", "stories")), gold)
    assert len(result["pairs"]) == 7
    assert result["translation_share"] >= 0.9
    assert result["precision"] >= 0.95
    assert all(r["recall"] >= 0.75 for r in result["pairs"].values())
    assert result["one_story_share"] >= 0.9


def test_translations_score_counts_groups_and_false_positives():
    gold = [{"original": "o", "translation": "t1", "lang": "en-zh"},
            {"original": "o", "translation": "t2", "lang": "en-it"},
            {"original": "p", "translation": "u", "lang": "en-it"}]
    export = {"articles": [], "reuse": [{"a": "o", "b": "t1", "kind": "translation"},
                                        {"a": "t1", "b": "t2", "kind": "translation"},
                                        {"a": "o", "b": "p", "kind": "partial"}]}
    result = score(export, gold)
    assert group_links(gold) == {("o", "t1"), ("o", "t2"), ("t1", "t2"), ("p", "u")}
    assert result["pairs"]["en-zh"]["recall"] == 1.0
    assert result["pairs"]["en-it"]["recall"] == 0.0
    assert result["precision"] == pytest.approx(2 / 3)
    assert result["false_positives"] == [{"a": "o", "b": "p", "kind": "partial"}]


@pytest.mark.slow
def test_translations_every_language_pair_floor(translations_dir):
    result = evaluate(translations_dir)
    assert result["translation_share"] >= 0.95
    assert result["precision"] >= 0.95
    assert all(r["recall"] >= 0.9 for r in result["pairs"].values()), json.dumps(result["pairs"])
    assert all(r["one_story_share"] >= 0.9 for r in result["pairs"].values()), json.dumps(result["pairs"])
