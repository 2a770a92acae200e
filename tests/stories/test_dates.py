from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from retold.stories.dates import anchor_date, days_apart, parse_iso


@pytest.mark.parametrize("published,expected", [
    ("2019-12-08", "2019-12-08"),
    ("2019-12-08T10:00:00Z", "2019-12-08"),
    ("not a date", None),
    ("", None),
    (None, None),
])
def test_dates_anchor_is_publication_date(published, expected):
    assert anchor_date(published) == expected


@pytest.mark.parametrize("a,b,expected", [("2019-12-08", "2017-04-27", 955), ("2019-12-08", None, None), (None, None, None)])
def test_dates_days_apart(a, b, expected):
    assert days_apart(a, b) == expected


@given(st.text(max_size=300))
@settings(max_examples=60, deadline=None)
def test_dates_never_raise_on_any_text(text):
    found = anchor_date(text)
    assert found is None or parse_iso(found) is not None
    assert parse_iso(text) is None or len(text.strip()) >= 10
