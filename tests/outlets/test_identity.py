"""Outlet identity: one name per outlet, domains read, unknowns never merged."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retold.model import Article
from retold.outlets.identity import (
    display_name, domain_of, is_unknown, load_aliases, outlet_names, spelling_key,
)


def art(i, outlet=None, url=None):
    return Article(id=i, body="text", outlet=outlet, url=url)


def test_spellings_of_one_outlet_meet():
    names = outlet_names([art("a", "Radio Free Europe/Radio Liberty"), art("b", "RFE/RL"), art("c", "RT NEWS"),
                          art("d", url="https://www.rt.com/news/1")])
    assert names == {"a": "RFE/RL", "b": "RFE/RL", "c": "RT", "d": "RT"}


def test_names_differing_only_in_case_are_one_outlet_spelled_one_way():
    # the scrapinghub crawl's two PolitiFact pages carry "Politifact" and "PolitiFact"
    pages = [art("a", "Politifact"), art("b", "PolitiFact"), art("c", "The Hill"), art("d", "THE HILL"),
             art("e", "The Hill")]
    for order in (pages, pages[::-1]):
        names = outlet_names(order)
        assert names == {"a": "PolitiFact", "b": "PolitiFact", "c": "The Hill", "d": "The Hill", "e": "The Hill"}


def test_names_differing_in_spaces_or_punctuation_are_one_outlet():
    # the crawl's two inexhibit.com pages call the site "Inexhibit magazine" and "Inexhibitmagazine"
    pages = [art("a", "Inexhibitmagazine"), art("b", "Inexhibit magazine"), art("c", "Inexhibit Magazine"),
             art("d", "RFE/RL"), art("e", "RFE RL"), art("f", "Inexhibit"), art("g", "RFE/RL")]
    for order in (pages, pages[::-1]):
        names = outlet_names(order)
        assert {names[k] for k in "abc"} == {"Inexhibit Magazine"}  # ties: the first in code-point order
        assert names["d"] == names["e"] == "RFE/RL" and names["f"] == "Inexhibit"  # the most common spelling


@given(st.text(alphabet="aBcÉ1 /-._|", max_size=20))
def test_spelling_key_ignores_case_spaces_and_punctuation(name):
    assert spelling_key(name) == spelling_key(" - ".join(name.upper().split())) or not any(c.isalnum() for c in name)
    assert spelling_key(name) == spelling_key(spelling_key(name))


def test_a_domain_takes_the_name_its_other_pages_carry():
    names = outlet_names([art("a", "Hawaii News Now", "https://www.hawaiinewsnow.com/x"),
                          art("b", url="https://hawaiinewsnow.com/y"),
                          art("c", "https://www.hawaiinewsnow.com")])
    assert names == {"a": "Hawaii News Now", "b": "Hawaii News Now", "c": "Hawaii News Now"}


def test_well_known_domains_take_the_cleaners_names_through_the_aliases():
    names = outlet_names([art("a", url="https://www.bbc.co.uk/news/1"), art("b", "BBC News"),
                          art("c", url="https://edition.cnn.com/x"), art("d", url="http://[::1/bad")])
    assert names["a"] == names["b"] == "BBC News" and names["c"] == "CNN" and names["d"].startswith("unknown:")


def test_a_domain_with_two_names_stays_the_domain():
    # An aggregator hosting several outlets' pages: which name a bare page has is unknown.
    names = outlet_names([art("a", "Forbes", "https://msn.com/1"), art("b", "Reuters", "https://msn.com/2"),
                          art("c", url="https://www.msn.com/3")])
    assert names["c"] == "msn.com"


def test_unknown_articles_are_never_one_outlet():
    names = outlet_names([art("a"), art("b", outlet="  ")])
    assert names["a"] != names["b"] and is_unknown(names["a"]) and is_unknown(names["b"])
    assert display_name(names["a"]) == "unknown"


def test_user_aliases_extend_and_win(tmp_path, monkeypatch):
    path = tmp_path / "aliases.json"
    path.write_text(json.dumps({"Daily Planet": "The Daily Planet", "rt.com": "Russia Today"}), encoding="utf-8")
    aliases = load_aliases(path)
    names = outlet_names([art("a", "daily planet"), art("b", url="http://rt.com/1")], aliases)
    assert names == {"a": "The Daily Planet", "b": "Russia Today"}
    monkeypatch.setenv("RETOLD_OUTLET_ALIASES", str(path))
    assert load_aliases()["daily planet"] == "The Daily Planet"


@pytest.mark.parametrize("content", ["[1, 2]", "{not json", '{"a": 3}'])
def test_bad_alias_file_is_a_clear_error(tmp_path, content):
    path = tmp_path / "aliases.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match="aliases.json"):
        load_aliases(path)


@pytest.mark.parametrize("value,domain", [
    ("https://www.theguardian.com/world/2019", "theguardian.com"), ("http://RT.com", "rt.com"),
    ("www.bbc.co.uk", "bbc.co.uk"), ("The Guardian", None), ("", None), (None, None),
    ("http://[::1", None),  # malformed (unclosed IPv6 bracket): no host, no crash
])
def test_domain_of(value, domain):
    assert domain_of(value) == domain


@given(st.text(max_size=80))
def test_domain_of_never_raises_and_is_normalised(value):
    domain = domain_of(value)
    assert domain is None or (domain == domain.lower() and not domain.startswith("www."))


@given(st.lists(st.tuples(st.sampled_from(["RT", "rt news", "", None, "TASS", "https://tass.com/x"]),
                          st.sampled_from([None, "https://tass.com/1", "http://www.rt.com/2"])), max_size=8))
def test_every_article_gets_one_name(rows):
    arts = [art(str(k), o, u) for k, (o, u) in enumerate(rows)]
    names = outlet_names(arts)
    assert set(names) == {a.id for a in arts} and all(names.values())


@pytest.mark.parametrize("credited, own, same", [
    ("Live Science", "livescience.com", True), ("BBC", "bbc.co.uk", True), ("RT", "RT", True),
    ("Futurism", "sciencealert.com", False), ("Science", "livescience.com", False), ("RT", "TASS", False),
])
def test_same_outlet_reads_a_domain_as_the_name_it_spells(credited, own, same):
    from retold.outlets.identity import same_outlet

    assert same_outlet(credited, own) is same
