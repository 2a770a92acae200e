"""When an article reports from: its publication date, or else a full date in its
opening lines (the dateline of a scraped page: "May 03, 2013", "Published: 7 July 2012").

Two articles whose anchor dates lie far apart do not report one event, however
alike their wording: that is what splits "the same minister on NATO" in 2017 and 2019.
"""

from __future__ import annotations

import html
import logging
import re
from datetime import date

# htmldate falls back to a bare year ("in 1999 she ...") and returns it as 1 January;
# a year mentioned in passing is background, not when the article was written.
_YEAR_ONLY_SUFFIX = "-01-01"
_MIN_DATE = "1990-01-01"
# ...and a year-month ("the 2007-08 season") as the 1st of the month: a 1st is kept
# only when the text shows a day 1.
_DAY_ONE = re.compile(r"(?<!\d)0?1(?:st)?(?!\d)")

logging.getLogger("htmldate").setLevel(logging.ERROR)


def parse_iso(value: str | None) -> date | None:
    """``date`` of an ISO 8601 string (a time part is ignored), or None when absent or malformed."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def dateline_date(lede: str) -> str | None:
    """The first full date (day, month and year) in ``lede``, as ISO, or None.

    Uses htmldate's text patterns (it reads numeric and named-month forms in
    several orders); a year alone is not a date here. Empty text gives None.
    """
    if not lede.strip():
        return None
    from htmldate import find_date

    page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lede.split("\n")) + "</body></html>"
    try:
        found = find_date(page, extensive_search=True, original_date=True, min_date=_MIN_DATE)
    except Exception:  # htmldate raises on odd input; no date is the honest answer
        return None
    if not found or found.endswith(_YEAR_ONLY_SUFFIX):
        return None
    if found.endswith("-01") and not _DAY_ONE.search(lede):
        return None
    return found


def anchor_date(published: str | None, lede: str) -> str | None:
    """ISO date an article reports from: ``published`` when valid, else its dateline; None when neither."""
    known = parse_iso(published)
    if known is not None:
        return known.isoformat()
    return dateline_date(lede)


def days_apart(a: str | None, b: str | None) -> int | None:
    """Days between two ISO dates, or None when either is unknown."""
    da, db = parse_iso(a), parse_iso(b)
    if da is None or db is None:
        return None
    return abs((da - db).days)
