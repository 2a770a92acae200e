"""Cleaning a plain-text page dump: keep the article's own paragraphs, read its metadata.

Steps, each a small function:

1. the furniture classifier marks body blocks (:mod:`retold.clean.classifier`);
2. the headline is found (title line with its site suffix, the same headline
   again further down, or the first headline-like block above the body) and
   taken out of the body;
3. credit lines near the body are moved out of it into ``credits``, and a
   credit that closes the article cuts the footer prose after it;
4. a lead-image caption taken for the first paragraph is dropped;
5. dateline, outlet and published date are read off the page.

Hard-wrapped text is joined into paragraphs before step 1
(:mod:`retold.clean.wrapped`); ``kept_lines`` then index the joined lines.
"""

from __future__ import annotations

import re

from retold.clean.classifier import body_mask
from retold.clean.credits import parse_credits
from retold.clean.features import blocks
from retold.clean.metadata import (
    date_in,
    match_dateline,
    outlet_from_copyright,
    outlet_from_self_reference,
    choose_outlet,
    outlet_from_url,
    same_headline,
    split_site_suffix,
)
from retold.clean.result import CleanText
from retold.clean.wrapped import unwrap

# The headline sits just above the body: look at most this many blocks up.
HEADLINE_REACH = 8
HEADLINE_WORDS = (3, 30)  # a headline's length in words, inclusive
# Credit lines follow the body closely ("Source: RT NEWS" after a blank gap);
# furniture further down that happens to start with "Source:" is not a credit.
CREDIT_REACH = 3
# See cut_after_closing_credit: a credit closes the article when less than a third
# as much body text follows it as precedes it (a footer is short next to an
# article; a "Source:" line high up has most of the article after it).
CLOSING_SHARE = 0.35
# A date stamp is read only near the top of the article (headline .. first paragraphs).
DATE_REACH = 4


def _title_headline(lines: list[str], title: str | None) -> tuple[int | None, str | None, str | None]:
    """(block index, headline, site name) from the title hint or the dump's first line."""
    candidates = [title] if title else []
    if lines:
        candidates.append(lines[0])
    for k, candidate in enumerate(candidates):
        head, site = split_site_suffix(candidate)
        first = 0 if k == len(candidates) - 1 else -1  # the title line itself is not "again further down"
        for i, line in enumerate(lines):
            if i != first and (same_headline(line, head) or same_headline(line, candidate)):
                return i, " ".join(line.split()), site
        if k == 0 and title:
            return None, head, site
        if site:
            return 0, head, site
    return None, None, None


_NOT_HEADLINE = re.compile(r"^\s*(by|published|updated|posted|photo|image|source|credit)\b|©|\bcopyright\b", re.I)


def _looks_like_headline(line: str, repeated: bool) -> bool:
    """A block that could be a headline: headline-length, not a sentence, byline, date stamp or credit."""
    words = line.split()
    return (HEADLINE_WORDS[0] <= len(words) <= HEADLINE_WORDS[1] and not repeated
            and line.rstrip().rstrip("\"'”’»)]")[-1:] not in ".!?:;,…" and parse_credits(line) is None
            and not _NOT_HEADLINE.search(line) and date_in(line) is None)


def _headline_above_body(lines: list[str], body: list[bool]) -> int | None:
    """Index of the first headline-like block among the few just above the first body block."""
    first_body = next((i for i, b in enumerate(body) if b), len(lines))
    counts: dict[str, int] = {}
    for line in lines:
        counts[line.strip().lower()] = counts.get(line.strip().lower(), 0) + 1
    start = max(0, first_body - HEADLINE_REACH)
    for i in range(start, min(first_body + 1, len(lines))):
        if _looks_like_headline(lines[i], counts[lines[i].strip().lower()] > 1):
            return i
    return None


def find_headline(lines: list[str], body: list[bool], title: str | None) -> tuple[int | None, str | None, str | None]:
    """(block index or None, headline, site name from the title) for a page's blocks."""
    index, headline, site = _title_headline(lines, title)
    if headline:
        return index, headline, site
    index = _headline_above_body(lines, body)
    if index is None and lines and not body[0] and _looks_like_headline(lines[0], False):
        index = 0  # a dump's first line is the page <title>, here without a site suffix
    return (index, " ".join(lines[index].split()), None) if index is not None else (None, None, None)


# A photo caption in AP style: a name, then a present-tense verb ("Russian Defense
# Minister Sergei Shoigu delivers a speech as he attends ...", "Spain's Rafael Nadal
# celebrates a point ..."), while news ledes are in the past or present perfect
# ("... has told"). Auxiliaries are excluded for that reason.
_CAPTION_SENTENCE = re.compile(
    r"^(?:[A-Z][\w.'’-]*\s+){2,8}(?!(?:has|is|was|does|says|as|its|this|his)\b)[a-z]{3,}[^s\W]s\s+[a-z]")
# How far below the headline a lead-image caption sits, in blocks. Measured on the
# scrapinghub pages: of the 17 whose article starts within this reach of the
# detected headline, none starts with a caption-style sentence, while captions
# there do (e.g. "Spain's Rafael Nadal celebrates a point against ...").
LEAD_CAPTION_REACH = 3


def drop_lead_caption(lines: list[str], body: list[bool], head_index: int | None) -> list[bool]:
    """``body`` without a lead-image caption taken for the first paragraph.

    Dumps lose the <figcaption> markup, and a full-sentence caption between
    the headline and the article looks like prose to the classifier; its
    present-tense, name-first wording gives it away.
    """
    kept = [i for i, b in enumerate(body) if b]
    if (head_index is None or len(kept) < 2 or not 0 < kept[0] - head_index <= LEAD_CAPTION_REACH
            or not _CAPTION_SENTENCE.match(lines[kept[0]].strip())):
        return body
    return [b and i != kept[0] for i, b in enumerate(body)]


def find_credits(lines: list[str], body: list[bool]) -> dict[int, tuple[str, ...]]:
    """{block index: outlets named} for credit lines inside or just after the body."""
    kept = [i for i, b in enumerate(body) if b]
    if not kept:
        return {}
    found = {}
    for i in range(kept[0], min(len(lines), kept[-1] + CREDIT_REACH + 1)):
        named = parse_credits(lines[i])
        if named is not None:
            found[i] = named
    return found


def _words(line: str) -> int:
    return len(line.split())


def cut_after_closing_credit(lines: list[str], body: list[bool], credits: dict[int, tuple[str, ...]]) -> list[bool]:
    """``body`` with blocks after a closing credit line switched off.

    A credit line ("Based on reporting by Interfax and TASS") closes an
    article, so prose-like blocks after it are the site's footer ("RFE/RL
    journalists report ..."). A credit counts as closing when the body text
    after it is under ``CLOSING_SHARE`` of the body text before it, so a
    "Source: ..." line early in an article cuts nothing.
    """
    for index in sorted(credits):
        before = sum(_words(lines[i]) for i in range(index) if body[i])
        after = sum(_words(lines[i]) for i in range(index + 1, len(lines)) if body[i])
        if before and after < CLOSING_SHARE * before:
            return [b and i < index for i, b in enumerate(body)]
    return body


def find_outlet(url: str | None, site: str | None, lines: list[str], body: list[bool], agency: str | None) -> str | None:
    """Who published the page: URL, title suffix, footer copyright, footer self-reference, dateline agency.

    Only lines *after* the body count as footer: a "© Photographer/TASS"
    caption above the body credits a photo, not the page.
    """
    kept = [i for i, b in enumerate(body) if b]
    footer = lines[kept[-1] + 1:] if kept else []
    return choose_outlet(url, site, outlet_from_copyright(footer), outlet_from_self_reference(footer), agency)


def find_published(lines: list[str], headline_index: int | None, body: list[bool]) -> str | None:
    """The date a date-stamp line near the headline states, or None: never guessed from prose."""
    first_body = next((i for i, b in enumerate(body) if b), None)
    if first_body is None:
        return None
    start = headline_index if headline_index is not None else max(0, first_body - HEADLINE_REACH)
    for i in range(start, min(len(lines), first_body + DATE_REACH)):
        if not body[i] or i >= first_body:
            found = date_in(lines[i])
            if found:
                return found
    return None


def clean_plain_text(text: str, url: str | None = None, title: str | None = None) -> CleanText:
    """A plain-text page dump (one visible block per line) cleaned to its article.

    ``url`` and ``title`` are optional hints (from a JSONL record). Empty or
    whitespace-only ``text`` gives a CleanText with an empty body.
    """
    return clean_with_model(text, url, title, model=None)


def clean_with_model(text: str, url: str | None, title: str | None, model=None) -> CleanText:
    """:func:`clean_plain_text` with another furniture classifier (None: the shipped one).

    For cross-validation: the evaluator cleans each page with a model that
    never saw it.
    """
    # Hard-wrapped text (saved e-mail, wire copy) is joined into one paragraph a line first,
    # so the classifier sees paragraphs as it does in a scraper's dump.
    unwrapped = unwrap(text or "")
    numbered = blocks(unwrapped.text)
    if not numbered:
        return CleanText(body="", headline=split_site_suffix(title)[0] or None if title else None,
                         outlet=outlet_from_url(url))
    lines = [line for _, line in numbered]
    body = [bool(b) for b in body_mask(numbered, model)]
    if unwrapped.headline and not title:
        # Wire copy's headline line, already out of the text (and no "Headline - Site" title to split).
        head_index, headline, site = None, unwrapped.headline, None
    else:
        head_index, headline, site = find_headline(lines, body, title)
    credits = find_credits(lines, body)
    body = cut_after_closing_credit(lines, body, credits)
    body = drop_lead_caption(lines, body, head_index)
    kept = [i for i, b in enumerate(body) if b and i != head_index and i not in credits
            and not (headline and same_headline(lines[i], headline))]
    paragraphs = [lines[i].strip() for i in kept]
    dateline, agency = match_dateline(paragraphs[0]) if paragraphs else (None, None)
    sources: list[str] = list(unwrapped.credited_sources)
    for named in credits.values():
        sources.extend(s for s in named if s not in sources)
    return CleanText(
        body="\n".join(paragraphs),
        headline=headline or None,
        dateline=dateline,
        published=find_published(lines, head_index, body) or unwrapped.published,
        outlet=find_outlet(url, site, lines, body, agency) or next(iter(unwrapped.credited_sources), None),
        credits=unwrapped.credits + tuple(" ".join(lines[i].split()) for i in sorted(credits)),
        credited_sources=tuple(sources),
        kept_lines=tuple(numbered[i][0] for i in kept),
        slug=unwrapped.slug,
    )
