from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from retold.stories.dates import anchor_date, dateline_date, days_apart, parse_iso


@pytest.mark.parametrize("lede,expected", [
    ("Lindsay Lohan checks into Betty Ford Center\nMay 03, 2013\nAfter skipping out", "2013-05-03"),
    ("Klitschko defeats Thompson in six rounds\n7 July 2012\nLast updated at 22: 46 GMT", "2012-07-07"),
    ("Published: 27 April 2017\nShoigu said the meeting gave no optimism.", "2017-04-27"),
    ("Tara Reid has entered a rehab program, her rep confirmed on Friday.", None),
    ("The 2007-08 season ended early.", None),
    ("", None),
])
def test_dates_dateline(lede, expected):
    assert dateline_date(lede) == expected


@pytest.mark.parametrize("published,lede,expected", [
    ("2019-12-08", "May 03, 2013", "2019-12-08"),
    ("2019-12-08T10:00:00Z", "", "2019-12-08"),
    ("not a date", "May 03, 2013\nText", "2013-05-03"),
    (None, "", None),
])
def test_dates_anchor_prefers_publication_date(published, lede, expected):
    assert anchor_date(published, lede) == expected


@pytest.mark.parametrize("a,b,expected", [("2019-12-08", "2017-04-27", 955), ("2019-12-08", None, None), (None, None, None)])
def test_dates_days_apart(a, b, expected):
    assert days_apart(a, b) == expected


@given(st.text(max_size=300))
@settings(max_examples=60, deadline=None)
def test_dates_never_raise_on_any_text(text):
    found = dateline_date(text)
    assert found is None or parse_iso(found) is not None
    assert parse_iso(text) is None or len(text.strip()) >= 10
