"""Cleaning an HTML page: trafilatura for the body and metadata, htmldate for the date.

trafilatura settings were measured on the 181 scrapinghub pages
(``python -m retold.eval.extraction``), page-averaged token F1:
default 0.965, ``favor_recall`` 0.964, ``include_tables=False`` 0.963,
``favor_precision`` 0.970 (best, used here). Comments are never article text.
"""

from __future__ import annotations

import logging

from retold.clean.credits import parse_credits
from retold.clean.metadata import choose_outlet, match_dateline, outlet_from_url, same_headline, split_site_suffix
from retold.clean.result import CleanText

log = logging.getLogger(__name__)

TRAFILATURA_OPTIONS = {"favor_precision": True, "include_comments": False, "include_tables": True}


def try_trafilatura_body(html: str, url: str | None) -> str:
    """trafilatura's main text ("" when it finds none or fails: a bad page never sinks a batch)."""
    try:
        import trafilatura

        return trafilatura.extract(html, url=url, **TRAFILATURA_OPTIONS) or ""
    except Exception:  # trafilatura raises assorted lxml/parser errors on broken markup
        log.warning("trafilatura could not extract %s", url or "a page", exc_info=True)
        return ""


def try_trafilatura_metadata(html: str, url: str | None) -> tuple[str | None, str | None, str | None]:
    """(title, site name, the page's own URL) from its markup, Nones on failure.

    The page's URL is its canonical link or ``og:url`` (trafilatura reads both): a page
    saved to disk has no address of its own otherwise, and without one an article has
    no domain for outlet naming and no site for telling one site's pages apart."""
    try:
        from trafilatura import extract_metadata

        meta = extract_metadata(html, default_url=url)
    except Exception:  # same as above: log, return empty
        log.warning("trafilatura metadata failed on %s", url or "a page", exc_info=True)
        return None, None, None
    if meta is None:
        return None, None, None
    page_url = meta.url if meta.url and meta.url.startswith(("http://", "https://")) else None
    return meta.title or None, meta.sitename or None, page_url


def try_htmldate(html: str, url: str | None) -> str | None:
    """The publication date (YYYY-MM-DD) htmldate finds, preferring the original over an update."""
    try:
        from htmldate import find_date

        return find_date(html, url=url, original_date=True)
    except Exception:  # htmldate raises on unparsable markup
        log.warning("htmldate failed on %s", url or "a page", exc_info=True)
        return None


def clean_html(html: str, url: str | None = None) -> CleanText:
    """An HTML page cleaned to its article body and metadata.

    Credit lines are moved out of the extracted paragraphs, a paragraph that
    repeats the headline is dropped, and the dateline is read off the first
    paragraph. Empty or whitespace-only ``html`` gives an empty body.
    """
    if not (html or "").strip():
        return CleanText(body="", outlet=outlet_from_url(url))
    title, sitename, page_url = try_trafilatura_metadata(html, url)
    url = url or page_url
    headline, site = split_site_suffix(title) if title else (None, None)
    paragraphs, credits, sources = [], [], []
    for line in try_trafilatura_body(html, url).split("\n"):
        line = line.strip()
        named = parse_credits(line) if line else None
        if named is not None:
            credits.append(line)
            sources.extend(s for s in named if s not in sources)
        elif line and not (headline and same_headline(line, headline)):
            paragraphs.append(line)
    dateline, agency = match_dateline(paragraphs[0]) if paragraphs else (None, None)
    return CleanText(
        body="\n".join(paragraphs),
        headline=headline or None,
        dateline=dateline,
        published=try_htmldate(html, url),
        outlet=choose_outlet(url, sitename, site, agency),
        credits=tuple(credits),
        credited_sources=tuple(sources),
        url=url,
    )
