"""The takes of one wire story are one story (``retold.stories.wire``)."""

from __future__ import annotations

import json

import pytest

from retold.eval.stories_open import partition_scores
from retold.model import Article
from retold.stories import assign_stories
from retold.stories.blocking import wire_keys
from retold.clean.wrapped import wire_story_key

DAY = "2000-03-14"
FERRY_1 = ("A ferry company was fined 45,000 pounds at Dover Magistrates Court today after a passenger fell "
           "through a gangway that inspectors had twice reported as unsafe.")
FERRY_2 = ("Retired postman Tom Hale, 64, of Folkestone, told magistrates he spent three weeks in hospital with "
           "a broken pelvis and still walks with a stick, eighteen months after the fall.")
FERRY_3 = ("Defending, Jane Rowe said the operator had since replaced every walkway on its four vessels and "
           "had introduced weekly checks by an independent surveyor at a cost of two million.")
FRAUD_1 = ("A former bank manager stole more than two million pounds from elderly customers over eleven years, "
           "Southwark Crown Court heard today as his trial opened before Judge Martin Price.")
FRAUD_2 = ("Prosecutor Ann Grey said David Moss, 52, of Croydon, forged signatures on forty accounts and spent "
           "the money on racehorses, a villa in Portugal and a collection of vintage cars.")
STOCK = "The case was adjourned until tomorrow."
NEXT_DAY = ("Two harbour pilots were cleared at Canterbury Crown Court today of causing the grounding of a "
            "cross-Channel ferry off Ramsgate in thick fog last winter.")


def _take(id_, body, slug, day=DAY):
    return Article(id=id_, body=body, outlet="PA", published=day, language="en", slug=slug)


def _story_of(stories):
    return {a: s.id for s in stories for a in s.articles}


def test_wire_story_key_is_agency_day_and_catchline_head():
    assert wire_story_key(_take("a", FERRY_1, "COURTS Ferry")) == ("pa", DAY, "courts", "ferry")
    assert wire_story_key(_take("a", FERRY_1, "COURTS Ferry Substitute")) == ("pa", DAY, "courts", "ferry")
    assert wire_story_key(Article(id="a", body=FERRY_1)) is None
    assert wire_story_key(_take("a", FERRY_1, "COURTS")) is None  # a bare category names no story
    assert wire_keys(_take("a", FERRY_1, "COURTS Ferry")) == wire_keys(_take("b", FERRY_2, "COURTS Ferry Nightlead"))
    assert wire_keys(_take("a", FERRY_1, "COURTS Ferry")) != wire_keys(_take("a", FERRY_1, "COURTS Ferry", "2000-03-15"))
    assert wire_keys(Article(id="a", body=FERRY_1)) == []


def test_takes_of_one_wire_story_are_one_story_and_a_stock_line_joins_none():
    takes = [_take("ferry1", FERRY_1, "COURTS Ferry"), _take("ferry2", FERRY_2, "COURTS Ferry"),
             _take("ferry3", FERRY_3, "COURTS Ferry Substitute"), _take("ferry4", STOCK, "COURTS Ferry"),
             _take("fraud1", FRAUD_1, "COURTS Fraud"), _take("fraud2", FRAUD_2, "COURTS Fraud"),
             _take("fraud3", STOCK, "COURTS Fraud"),
             _take("ferry-next-day", NEXT_DAY, "COURTS Ferry", "2000-03-15")]
    # Without their catchlines the takes are not one story (what the rule is for) and the
    # two identical stock lines are together.
    plain = _story_of(assign_stories([Article(id=a.id, body=a.body, outlet=a.outlet, published=a.published,
                                              language=a.language) for a in takes]))
    assert len({plain[i] for i in ("ferry1", "ferry2", "ferry3", "ferry4")}) > 1
    assert plain["ferry4"] == plain["fraud3"]
    story = _story_of(assign_stories(takes))
    assert story["ferry1"] == story["ferry2"] == story["ferry3"] == story["ferry4"]
    assert story["fraud1"] == story["fraud2"] == story["fraud3"] != story["ferry1"]
    # The catchword recurs the next day, on another case: another story.
    assert story["ferry-next-day"] != story["ferry1"]


@pytest.fixture(scope="module")
def meter_slice(shared_dir, tmp_path_factory):
    """Four METER dev stories whose PA copy ends in stock-line takes of its own."""
    path = shared_dir / "eval" / "reuse" / "meter-dev"
    if not (path / "gold.json").is_file():
        pytest.skip(f"METER dev not found at {path}")
    wanted = ("/03.04.00/gm/", "/26.01.00/minibus/", "/04.10.99/attack/", "/04.10.99/lynx/")
    gold = [s for s in json.loads((path / "gold.json").read_text(encoding="utf-8"))["stories"]
            if any(w in s[0] for w in wanted)]
    ids = {i for s in gold for i in s}
    lines = [line for line in (path / "docs.jsonl").read_text(encoding="utf-8").splitlines()
             if json.loads(line)["id"] in ids]
    docs = tmp_path_factory.mktemp("meter") / "docs.jsonl"
    docs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return docs, gold


def test_meter_slice_wire_takes_join_their_stories_through_analyze(meter_slice):
    from retold import analyze

    docs, gold = meter_slice
    corpus = analyze([docs], stages=["stories"])
    scores = partition_scores([list(s.articles) for s in corpus.stories], gold)
    # measured B-cubed P 1.000, R 1.000 on these 43 texts (P 0.977, R 0.566 with takes left
    # to clustering alone; joined through their stock-line takes, the four stories were two)
    assert scores["bcubed_precision"] == 1.0 and scores["bcubed_recall"] >= 0.95
