"""clean stage: a page (plain-text dump or HTML) -> the article's own text and metadata.

- :func:`clean_plain_text`: a naive scraper's text dump; a trained line
  classifier removes navigation, captions, widgets and footers.
- :func:`clean_html`: trafilatura + htmldate.
- :func:`clean_article_text`: text that is already an article body.
- :func:`parse_credits`: the outlets a credit line names.
"""

from retold.clean.credits import parse_credits
from retold.clean.html import clean_html
from retold.clean.metadata import find_dateline
from retold.clean.plain import clean_plain_text
from retold.clean.result import CleanText
from retold.clean.article import clean_article_text

__all__ = ["CleanText", "clean_article_text", "clean_html", "clean_plain_text", "find_dateline", "parse_credits"]
