"""When an article reports from: its publication date (``Article.published``).

Two articles whose dates lie far apart do not report one event, however alike
their wording: that is what splits "the same minister on NATO" in 2017 and 2019
when the pages carry their dates. Only metadata counts: the clean stage reads a
page's date stamp into ``published``, while a date found in running text may be
any date the story mentions (on ECB+, such dates put same-event articles
730-1,000 days apart, and cross-validated F1 fell from 0.924 to 0.920).
"""

from __future__ import annotations

from datetime import date


def parse_iso(value: str | None) -> date | None:
    """``date`` of an ISO 8601 string (a time part is ignored), or None when absent or malformed."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def anchor_date(published: str | None) -> str | None:
    """ISO date an article reports from: its ``published`` date when valid, else None."""
    known = parse_iso(published)
    return None if known is None else known.isoformat()


def days_apart(a: str | None, b: str | None) -> int | None:
    """Days between two ISO dates, or None when either is unknown."""
    da, db = parse_iso(a), parse_iso(b)
    if da is None or db is None:
        return None
    return abs((da - db).days)
