"""Who copied whom: credit lines, outside sources, dates, containment."""

import pytest

from retold.model import Article
from retold.reuse.compare import PairEvidence
from retold.reuse.provenance import judge_source, names_outlet


def _art(id, outlet=None, body="Some text.", credits=(), credited=(), published=None):
    return Article(id=id, body=body, outlet=outlet, credits=credits, credited_sources=credited,
                   published=published)


def _evidence(cov_a, cov_b):
    return PairEvidence(True, (), (cov_a, cov_b), 0, (), 0.0, 0.0)


@pytest.mark.parametrize(
    "a, b, kind, evidence, expected",
    [
        # b credits a's outlet: a is the source, credited.
        (_art("a", "TASS"), _art("b", "Blog", credits=("Source: TASS",), credited=("TASS",)),
         "verbatim", None, ("a", "credit", True)),
        # Credit in the text ("/TASS/" dateline).
        (_art("a", "TASS"), _art("b", "Blog", body="MOSCOW, April 27. /TASS/. Text."),
         "partial", None, ("a", "credit", True)),
        # One reposts an outside outlet, the other rewords it without credit.
        (_art("a"), _art("b", "247 City News", credits=("Source: RT NEWS",), credited=("RT",)),
         "rewrite", None, ("RT", "credit", False)),
        # Both credit the outside outlet.
        (_art("a", "X", credits=("via Reuters",), credited=("Reuters",)),
         _art("b", "Y", credits=("Source: Reuters",), credited=("Reuters",)),
         "verbatim", None, ("Reuters", "credit", True)),
        # A research credit is not a republication: fall through to dates.
        (_art("a", "RFE/RL", credits=("With reporting by TASS",), credited=("TASS",), published="2020-01-02"),
         _art("b", "Blog", published="2020-01-03"), "partial", None, ("a", "published", False)),
        (_art("a", published="2020-01-05"), _art("b", published="2020-01-03"), "rewrite", None,
         ("b", "published", False)),
        # b's words are nearly all inside a: b excerpts a.
        (_art("a"), _art("b"), "partial", _evidence(0.3, 0.95), ("a", "containment", False)),
        (_art("a"), _art("b"), "verbatim", _evidence(0.97, 0.96), (None, None, None)),
        (_art("a"), _art("b"), "rewrite", None, (None, None, None)),
    ],
)
def test_provenance_judge_source(a, b, kind, evidence, expected):
    assert judge_source(a, b, kind, evidence) == expected


@pytest.mark.parametrize(
    "article, outlet, named",
    [
        (_art("x", credited=("RT",)), "RT NEWS", True),
        (_art("x", credits=("Source: RT NEWS",)), "RT", True),
        (_art("x", body="The ambassador said so in an interview with RT."), "RT", False),
        (_art("x", body="Prices rose, according to Reuters."), "Reuters", True),
        (_art("x", body="Prices rose, according to Reuters."), "", False),
        (_art("x", body="Interfax reported the talks."), "Interfax", True),
    ],
)
def test_provenance_names_outlet(article, outlet, named):
    assert names_outlet(article, outlet) is named


@pytest.mark.parametrize("outlet, agency", [("PA", True), ("PA News", True), ("Reuters.com", True),
                                             ("Agence France-Presse", True), ("Spa Business", False),
                                             ("The Times", False), (None, False)])
def test_is_agency(outlet, agency):
    from retold.reuse.provenance import is_agency

    assert is_agency(outlet) is agency


def test_agency_is_the_source_of_undated_copy(monkeypatch):
    from retold.model import Article
    from retold.reuse.provenance import judge_source

    wire = Article(id="w", body="x", outlet="Press Association", published="2000-03-01")
    paper = Article(id="n", body="x", outlet="The Sun")
    assert judge_source(wire, paper, "partial") == ("w", "agency", False)
    monkeypatch.setenv("RETOLD_AGENCIES", "Nordic Newsdesk")
    other = Article(id="s", body="x", outlet="Nordic Newsdesk")
    assert judge_source(other, paper, "partial")[:2] == ("s", "agency")


@pytest.mark.parametrize("date", ["2005-01-01", "1970-05-03"])
def test_implausible_date_is_no_evidence(date):
    from retold.model import Article
    from retold.reuse.provenance import judge_source

    a = Article(id="a", body="x", outlet="One", published=date)
    b = Article(id="b", body="x", outlet="Two", published="2008-11-02")
    assert judge_source(a, b, "partial") == (None, None, None)


@pytest.mark.parametrize("outlet_a, outlet_b, side", [
    ("Press Association", "The Sun", 1),
    ("The Sun", "Reuters", 0),
    ("Reuters", "AP News", None),
    ("The Sun", "The Times", None),
    (None, "Reuters", 0),
])
def test_agency_copy_side(outlet_a, outlet_b, side):
    from retold.reuse.provenance import agency_copy_side

    a = Article(id="a", body="x", outlet=outlet_a)
    b = Article(id="b", body="x", outlet=outlet_b)
    assert agency_copy_side(a, b) == side


def test_a_copy_crediting_an_outlet_is_matched_to_its_record_by_address(tmp_path):
    # JSONL records name no outlet; the original's address is rt.com. The copy's credit
    # line ("Source: RT") names the original's outlet, so the original is the source and
    # the copy credits it (before, the record from rt.com had no outlet to match).
    import json

    from retold.pipeline import analyze

    text = ("The city council voted on Tuesday to close the old harbour bridge for repairs after engineers found "
            "cracks in two of its steel supports.\nThe bridge carries twelve thousand cars a day and will stay shut "
            "for at least six months, the mayor told reporters outside the town hall.\nA ferry will run every "
            "twenty minutes from Monday, and bus routes will be changed to reach it.")
    rows = [{"id": "rt", "text": text, "url": "https://www.rt.com/news/1-bridge/", "published": "2020-03-01"},
            {"id": "copy", "text": f"{text}\nSource: RT", "url": "https://www.worldnewsdesk.com/bridge",
             "published": "2020-03-02"}]
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    corpus = analyze([str(path)], db=tmp_path / "store.db", stages=["reuse"])
    assert {a.id: a.outlet for a in corpus.articles} == {"rt": "RT", "copy": "worldnewsdesk.com"}
    (link,) = corpus.reuse
    assert (link.kind, link.source, link.basis, link.credited) == ("verbatim", "rt", "credit", True)
