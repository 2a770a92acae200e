"""Speaker name helpers: role prefixes, first-name gender votes."""

import pytest

from retold.quotes.speakers import clean_name, first_name_votes, strip_role_prefix, surname_key


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Northern Fleet Aleksandr Moiseev", "Aleksandr Moiseev"),
        ("Vice Admiral Aleksandr Moiseev", "Aleksandr Moiseev"),
        ("Texas Gov. Greg Abbott", "Greg Abbott"),
        ("Hillary Rodham Clinton", "Hillary Rodham Clinton"),
        ("Reince Priebus", "Reince Priebus"),
        ("Shoigu", "Shoigu"),
        ("", ""),
    ],
)
def test_speakers_strip_role_prefix(name, expected):
    pytest.importorskip("gender_guesser")
    assert strip_role_prefix(name) == expected


@pytest.mark.parametrize("first, sign", [("Hillary", -1), ("Donald", 1), ("Bernie", 0), ("Xqzt", 0), ("", 0)])
def test_speakers_first_name_votes(first, sign):
    pytest.importorskip("gender_guesser")
    votes = first_name_votes(first)
    assert (votes > 0) - (votes < 0) == sign


@pytest.mark.parametrize(
    "text, name, key",
    [("Mr. Obama’s", "Obama", "obama"), ("the Defence Ministry", "Defence Ministry", "ministry"), ("", "", "")],
)
def test_speakers_clean_name_and_surname(text, name, key):
    assert clean_name(text) == name
    assert surname_key(text) == key
