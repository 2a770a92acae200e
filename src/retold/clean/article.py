"""Cleaning text that is already an article (a JSONL record's ``text``).

Such text has no page furniture to remove (news datasets such as CC-News,
ECB+ or MEANTIME ship bodies, not page dumps), so running the furniture
classifier on it would only risk dropping real paragraphs. We keep every
non-empty line, and only move credit lines out of the body and read the
dateline, as for pages. Hard-wrapped text (wire copy, e-mail) is first joined
into paragraphs by :func:`retold.clean.wrapped.unwrap`, which also gives a
wire headline and byline.
"""

from __future__ import annotations


def clean_article_text(text: str, url: str | None = None, title: str | None = None):
    """A ``CleanText`` whose body is ``text``'s paragraphs (non-empty lines, stripped; hard-wrapped
    lines joined) minus credit lines."""
    from retold.clean import CleanText, find_dateline, parse_credits
    from retold.clean.metadata import choose_outlet
    from retold.clean.wrapped import unwrap

    unwrapped = unwrap(text)
    body_lines: list[str] = []
    credits: list[str] = list(unwrapped.credits)
    sources: list[str] = list(unwrapped.credited_sources)
    for line in unwrapped.text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        named = parse_credits(line)
        if named is not None:
            credits.append(line)
            sources.extend(s for s in named if s not in sources)
        else:
            body_lines.append(line)
    body = "\n".join(body_lines)
    return CleanText(
        body=body, headline=title or unwrapped.headline, dateline=find_dateline(body), published=unwrapped.published,
        # The record's address names its publisher as a page's does (a well-known domain's
        # name, else a byline's outlet, else the registered domain: ``choose_outlet``), so a
        # copy crediting "RT" is matched to a record from rt.com that names no outlet.
        outlet=choose_outlet(url, unwrapped.credited_sources[0] if unwrapped.credited_sources else None),
        credits=tuple(credits), credited_sources=tuple(sources), slug=unwrapped.slug,
    )
