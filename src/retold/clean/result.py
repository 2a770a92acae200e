"""The cleaning stage's result type."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CleanText:
    """A page turned into an article's own text and metadata.

    ``body`` is the article's paragraphs joined by "\\n" (no headline, credit
    lines or furniture; a dateline stays in the first paragraph).
    ``kept_lines`` (plain text only) are the 0-based indexes of input lines
    kept in the body, in order. ``url`` is the address an HTML page gives for
    itself (canonical link, ``og:url``), for pages saved without their address.
    """

    body: str
    headline: str | None = None
    dateline: str | None = None
    published: str | None = None  # ISO date YYYY-MM-DD where known
    outlet: str | None = None
    credits: tuple[str, ...] = ()
    credited_sources: tuple[str, ...] = ()
    kept_lines: tuple[int, ...] = ()
    url: str | None = None
    slug: str | None = None  # wire copy: the take's catchline (``retold.clean.wrapped``)
