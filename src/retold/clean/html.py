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

    One parse, not three: ``trafilatura.extract``, ``extract_metadata`` and htmldate's
    ``find_date`` each parsed the page again (``clean_html`` on the 181 scrapinghub pages,
    two runs: 7.1 / 6.2 CPU-s -> 6.1 / 5.6, 0.72x trafilatura's ``extract`` alone, was
    0.63x). The metadata are the four fields retold reads (``page_metadata``), not all of
    trafilatura's: its author, categories, tags and licence were 37% of its metadata time
    (``bench/bench_clean.py``). Every cleaned field is what trafilatura's own metadata and
    ``extract`` give (``tests/clean/test_html.py`` checks it against the public functions).
    The text is what ``extract`` returns (``determine_returnstring``, without the metadata
    header). The page's URL is its ``og:url`` or canonical link: a page saved to disk has no
    address of its own otherwise, and without one an article has no domain for outlet
    naming and no site for telling one site's pages apart. The date is htmldate's
    (``original_date``), read with that URL."""
    try:
        from trafilatura import bare_extraction
        from trafilatura.core import determine_returnstring
        from trafilatura.settings import Extractor
        from trafilatura.utils import load_html

        tree = load_html(html)
        if tree is None:
            return "", None, None, None, None
        options = Extractor(url=url, **TRAFILATURA_OPTIONS)
        title, sitename, page_url, date = page_metadata(tree, url, options.date_params)
        # bare_extraction with metadata extracts text with the page's own address when the
        # input gave none: so does this.
        options.url = url or page_url
        document = bare_extraction(tree, options=options)
        if document is None:
            return "", None, None, None, None
        text = determine_returnstring(document, options) or ""
    except Exception:  # trafilatura raises assorted lxml/parser errors on broken markup
        log.warning("trafilatura could not extract %s", url or "a page", exc_info=True)
        return "", None, None, None, None
    page_url = page_url if page_url and page_url.startswith(("http://", "https://")) else None
    return text, title or None, sitename or None, page_url, date or None


def page_metadata(tree, url: str | None, date_params: dict) -> tuple[str | None, str | None, str | None, str | None]:
    """(title, site name, URL, date) of a parsed page, as ``trafilatura.metadata.extract_metadata``
    finds them: the same calls in the same order, without the author, categories, tags and
    licence it also looks for (retold reads none of them) and which read nothing these four
    depend on. Written here because trafilatura offers no way to ask for some fields only."""
    from html import unescape

    from htmldate import find_date
    from trafilatura.metadata import META_URL, examine_meta, extract_meta_json, extract_sitename, extract_title, \
        extract_url
    from trafilatura.utils import line_processing

    metadata = examine_meta(tree)
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception:  # as trafilatura: bugs in its JSON-LD reading cost the JSON-LD fields only
        log.debug("trafilatura's JSON metadata failed on %s", url or "a page", exc_info=True)
    title = metadata.title or extract_title(tree)
    page_url = metadata.url or extract_url(tree, url)
    date = find_date(tree, **{**date_params, "url": page_url})
    sitename = metadata.sitename or extract_sitename(tree)
    if sitename:
        sitename = sitename.lstrip("@")
        if sitename and "." not in sitename and not sitename[0].isupper():
            sitename = sitename.title()
    elif page_url and (match := META_URL.match(page_url)):
        sitename = match[1]

    def trimmed(value):  # trafilatura's Document.clean_and_trim, for one field
        if not isinstance(value, str):
            return value
        return line_processing(unescape(value[:9999] + "…" if len(value) > 10000 else value))

    return trimmed(title), trimmed(sitename), trimmed(page_url), trimmed(date)


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
