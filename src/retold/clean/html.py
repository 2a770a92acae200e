"""Cleaning an HTML page: trafilatura for the body and metadata, htmldate (through it) for the date.

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

# trafilatura's Extractor settings (``favor_precision``, no comments, tables kept).
TRAFILATURA_OPTIONS = {"precision": True, "comments": False, "tables": True}


def try_trafilatura(html: str, url: str | None) -> tuple[str, str | None, str | None, str | None, str | None]:
    """(main text, title, site name, the page's own URL, date) in one trafilatura pass; ""
    and Nones when it finds no text or fails (a bad page never sinks a batch).

    One pass, not three: ``trafilatura.extract``, ``extract_metadata`` and htmldate's
    ``find_date`` each parsed the page again (``clean_html`` on the 181 scrapinghub pages,
    two runs: 7.1 / 6.2 CPU-s -> 6.1 / 5.6, 0.72x trafilatura's ``extract`` alone, was
    0.63x; every cleaned field identical; ``tests/clean/test_html.py`` checks the one pass
    against the public functions).
    The text is what ``extract`` returns (``determine_returnstring``, without the metadata
    header). The page's URL is its ``og:url`` or canonical link: a page saved to disk has no
    address of its own otherwise, and without one an article has no domain for outlet
    naming and no site for telling one site's pages apart. The date is htmldate's
    (``original_date``), read with that URL."""
    try:
        from trafilatura import bare_extraction
        from trafilatura.core import determine_returnstring
        from trafilatura.settings import Extractor

        options = Extractor(url=url, with_metadata=True, **TRAFILATURA_OPTIONS)
        document = bare_extraction(html, options=options)
        if document is None:
            return "", None, None, None, None
        options.with_metadata = False  # the text alone, as extract() gives it
        text = determine_returnstring(document, options) or ""
    except Exception:  # trafilatura raises assorted lxml/parser errors on broken markup
        log.warning("trafilatura could not extract %s", url or "a page", exc_info=True)
        return "", None, None, None, None
    page_url = document.url if document.url and document.url.startswith(("http://", "https://")) else None
    return text, document.title or None, document.sitename or None, page_url, document.date or None


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
    text, title, sitename, page_url, published = try_trafilatura(html, url)
    if url and url != page_url:
        published = try_htmldate(html, url)  # the address the input gave dates the page, as before
    url = url or page_url
    headline, site = split_site_suffix(title) if title else (None, None)
    paragraphs, credits, sources = [], [], []
    for line in text.split("\n"):
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
        published=published,
        outlet=choose_outlet(url, sitename, site, agency),
        credits=tuple(credits),
        credited_sources=tuple(sources),
        url=url,
    )
