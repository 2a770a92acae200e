"""A JSONL record's text (retold.clean.article): who published it."""

import pytest

from retold.clean import clean_article_text

REPORT = "Moscow, March 1. Officials said the new bridge over the river would open to traffic next spring."


@pytest.mark.parametrize("url, outlet", [
    ("https://www.rt.com/news/123-bridge/", "RT"),  # a well-known domain's name
    ("https://news.example-courier.co.uk/a/1", "example-courier.co.uk"),  # else the registered domain
    (None, None),  # a record with neither address nor byline names no one
])
def test_a_record_is_published_by_its_address(url, outlet):
    assert clean_article_text(REPORT, url=url).outlet == outlet

