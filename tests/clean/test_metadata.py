from datetime import date

from hypothesis import given, strategies as st
import pytest

from retold.clean import find_dateline
from retold.clean.metadata import (
    choose_outlet,
    date_in,
    match_dateline,
    outlet_from_copyright,
    outlet_from_self_reference,
    outlet_from_url,
    registered_domain,
    site_name,
    split_site_suffix,
)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Russia-NATO relations DEGRADING – Defense Minister – 247 City News",
         ("Russia-NATO relations DEGRADING – Defense Minister", "247 City News")),
        ("So Many Ways to Play…and Pay  - WSJ", ("So Many Ways to Play…and Pay", "WSJ")),
        ("Oil prices fall | Reuters", ("Oil prices fall", "Reuters")),
        ("Relations between Russia and NATO are worsening", ("Relations between Russia and NATO are worsening", None)),
        ("", ("", None)),
    ],
)
def test_metadata_splits_site_suffix(title, expected):
    assert split_site_suffix(title) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.rferl.org/a/russia-nato/30316573.html", "RFE/RL"),
        ("https://tass.com/defense/943318", "TASS"),
        ("https://www.wsj.com/articles/x", "The Wall Street Journal"),
        ("http://news.example.co.uk/a", "example.co.uk"),
        ("https://247citynews.com/2019/12/x", "247citynews.com"),
        (None, None),
        ("", None),
        ("not a url", None),
    ],
)
def test_metadata_outlet_from_url(url, expected):
    assert outlet_from_url(url) == expected


@pytest.mark.parametrize(
    ("url", "names", "expected"),
    [
        ("https://www.wsj.com/articles/x", ("WSJ",), "The Wall Street Journal"),  # a known domain first
        ("https://www.example.com/a", ("Example News",), "Example News"),  # then the page's own name
        (None, (None, "Example News"), "Example News"),
        ("https://www.example.com/a", (None,), "example.com"),  # then the domain
        # a page that calls itself by its address is named as that address would be
        (None, ("https://www.hawaiinewsnow.com",), "hawaiinewsnow.com"),
        (None, ("www.bbc.co.uk",), "BBC"),
        (None, ("Www.Example.Org/",), "example.org"),
        (None, ("example.com news",), "example.com news"),  # a name with a dot is still a name
        (None, (None,), None),
        # a site name with its tagline, a copyright notice for a name (og:site_name, crawl pages)
        ("http://www.linknaija.com/x", ("LinkNaija | Nigeria's popular news platform",), "LinkNaija"),
        ("https://www.example.gov.br/news/x", ("Copyright 2014", "Example City"), "Example City"),
        ("https://www.example.gov.br/news/x", ("Copyright 2014",), "example.gov.br"),
        ("https://hosted.ap.org/paper/article/1/x", ("Hosted",), "AP"),  # AP's stories hosted for member papers
        # a tagline for a name gives way to the domain, and without one still names the site
        ("https://practicalhorsemanmag.com/news/x", ("Expert how-to for English Riders",), "practicalhorsemanmag.com"),
        ("https://kabarislamia.com/2015/x", ("Kabar tentang Dunia Islam", "Kabar Islamia"), "Kabar Islamia"),
        (None, ("Expert how-to for English Riders",), "Expert how-to for English Riders"),
    ],
)
def test_metadata_choose_outlet(url, names, expected):
    assert choose_outlet(url, *names) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Remember 80/90 - Memorabilia anni 80/90", "Remember 80/90"),
        ("Autoracing | F1 | Indy | MotoGP | StockCar", "Autoracing"),
        ("BBC - Homepage", "BBC"),
        ("Wday_", "Wday"),
        ("© 2019 Reuters. All rights reserved", "Reuters"),
        ("Copyright 2014", None),
        ("  The  Wall Street Journal ", "The Wall Street Journal"),
        ("Russia-NATO - a weekly news digest from the capitals of Europe and Asia", "Russia-NATO"),
        ("the news of the day - every day", "the news of the day - every day"),  # no name before it
        ("247 City News", "247 City News"),
        ("", None),
        (None, None),
    ],
)
def test_metadata_site_name(name, expected):
    assert site_name(name) == expected


@given(st.text(alphabet="Ab1 |-_©", max_size=30))
def test_metadata_site_name_is_stable(name):
    once = site_name(name)
    assert once is None or (site_name(once) == once and once == once.strip() and once)


def test_metadata_registered_domain_empty():
    assert registered_domain(None) is None


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["All content is copyrighted © 2019-2020 by 247 City News. This material should not be"], "247 City News"),
        (["© 2019 Reuters. All rights reserved"], "Reuters"),
        (["Copyright © All rights reserved."], None),
        ([], None),
    ],
)
def test_metadata_outlet_from_copyright(lines, expected):
    assert outlet_from_copyright(lines) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["RFE/RL journalists report the news in 27 languages"], "RFE/RL"),
        (["If you are in Russia, please note"], None),
        ([], None),
    ],
)
def test_metadata_outlet_from_self_reference(lines, expected):
    assert outlet_from_self_reference(lines) == expected


@pytest.mark.parametrize(
    ("paragraph", "dateline", "agency"),
    [
        ("MOSCOW, April 27. /TASS/. The Russia-NATO Council’s meeting", "MOSCOW, April 27. /TASS/.", "TASS"),
        ("MOSCOW – Russia is ready to work with NATO", "MOSCOW –", None),
        ("WASHINGTON (Reuters) - The U.S. Senate", "WASHINGTON (Reuters) -", "Reuters"),
        ("Russian Defense Minister Sergei Shoigu has suggested", None, None),
        ("", None, None),
    ],
)
def test_metadata_matches_dateline(paragraph, dateline, agency):
    assert match_dateline(paragraph) == (dateline, agency)
    assert find_dateline(paragraph) == dateline


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Nov. 19, 2019 8:03 am ET", "2019-11-19"),
        ("20 Nov, 2019 05:47", "2019-11-20"),
        ("Published: 2019-11-20", "2019-11-20"),
        ("April 27", None),  # no year: not guessed
        ("The deal was signed on March 3, 2014 after months of talks between the two sides in Geneva", None),
        ("", None),
    ],
)
def test_metadata_date_in(line, expected):
    assert date_in(line) == expected


@given(st.text(max_size=200))
def test_metadata_date_in_gives_valid_iso_or_none(line):
    result = date_in(line)
    assert result is None or date.fromisoformat(result).isoformat() == result


@given(st.text(max_size=200))
def test_metadata_dateline_is_a_prefix(paragraph):
    dateline, _ = match_dateline(paragraph)
    assert dateline is None or paragraph.lstrip().startswith(dateline)
