"""Hard-wrapped text (wire copy, e-mail, plain-text archives) joined back into paragraphs.

Downstream stages read ``Article.body`` as paragraphs, one a line. Text that a
program wrapped at a fixed width breaks every paragraph into lines of about
that width, so each line would pass for a paragraph and sentences would be cut
mid-line. :func:`unwrap` detects such text and joins its lines.

**Detection** (:func:`wrap_evidence`). A greedy wrapper moves a word to the next
line only when it does not fit, so in wrapped text a line followed by another
line is *full*: its length plus a space plus the next line's first word exceeds
the wrap width. The width is estimated as the 95th percentile of line lengths
(a greedy wrapper never exceeds its width, so the estimate is never above it
and full lines stay full; a few over-long lines, such as URLs, are ignored).
The text is hard-wrapped when

- the width is one a wrapper would use (``WRAP_WIDTHS``: 50–100 columns;
  wire copy and e-mail use 69–80, RFCs 72),
- there are at least ``MIN_PAIRS`` pairs of adjacent non-blank lines,
- at least ``FULL_SHARE`` of those pairs are full, and
- at least ``MID_SENTENCE_SHARE`` of the full lines end mid-sentence.

Text with one paragraph a line fails the last two tests (its lines are of
every length, and each ends a sentence); short lines (poems, lists, the page
dumps of a scraper with one visible block a line) fail the width test.

**Wire copy** (:func:`is_wire_copy`) is recognised by its markers: ``\\x19`` at
paragraph starts and ``<`` at paragraph ends (IPTC 7901-style agency copy, as
the Press Association sent it). There the markers give the paragraphs, so it
is unwrapped even when too short for the statistical test.

**Paragraph breaks**: a blank line; a ``<`` end marker (wire copy); a line that
ends a sentence and is short (the next line's first word would have fitted);
a line shorter than ``SHORT_LINE`` of the width (a signature, a salutation);
and a line before a list item. Lines are joined with one space.

**Taken out of the body** of unwrapped text: dashed rule lines; wire slug lines
(``16:54 01/03/00: Page 1 (ZSM) COURTS Burstein``: its catchline, ``COURTS Burstein``,
the agency's name for the story on every take of it, goes to ``slug``, and its date,
day first as PA writes it, to ``published`` when the input gives none), editorial notes before the
story (``(reopens)``, ``(with pic)``) and end-of-take markers (``end``,
``mfl``); a byline that names an outlet (``By Stephen Howard, PA News``) goes
to ``credits``; a first paragraph in capitals goes to ``headline``. TeX-style
quotes (````…''`` and ```…'``, how 7-bit wire copy writes “…” and ‘…’) become
typographic ones, which :func:`retold.reuse.quotes.quote_spans` recognises. In
wire copy ``#`` before a figure is ``£`` (the UK 7-bit character set,
BS 4730, puts ``£`` where ASCII has ``#``) and a spaced ``_`` is a dash.

Text that is neither hard-wrapped nor wire copy is returned unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from retold.clean.credits import parse_byline
from retold.model import Article

WRAP_WIDTHS = (50, 100)  # columns a hard wrapper uses; below are poems and lists, above paragraphs
WIDTH_QUANTILE = 0.95
MIN_PAIRS = 3  # fewer adjacent lines than this are too little evidence
FULL_SHARE = 0.5  # share of adjacent-line pairs whose first line is full
MID_SENTENCE_SHARE = 0.5  # share of full lines that end mid-sentence
SHORT_LINE = 0.5  # a line under half the width ends its paragraph whatever its last character
HEADLINE_MAX_WORDS = 20
CAPITALS_SHARE = 0.8  # of a headline's letters, at least this share are capitals
BYLINE_REACH = 3  # a byline is among the first paragraphs after the headline

_SENTENCE_END = re.compile(r"[.!?:…][\"'”’)\]]*$|''$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•–]\s|\d{1,3}[.)]\s|\([a-z0-9]{1,3}\)\s)")
_RULE = re.compile(r"^\s*[-=_*~#+]{3,}\s*$")
_SLUG = re.compile(r"^\s*\d{1,2}:\d{2}\s+\d{1,2}/\d{1,2}/\d{2,4}:?\s")
# A take header's catchline: what follows "Page <n> (<desk>)" on the slug line.
_CATCHLINE = re.compile(r"^\s*\d{1,2}:\d{2}\s+(\d{1,2})/(\d{1,2})/(\d{2,4}):?\s+Page\s+\d+\s+\([A-Z0-9]+\)\s+(\S.*?)\s*$")
# Notes to editors above the story: "(reopens)", "(with pic)", "(corrected repetition, ...)",
# "(MEM TO CSEs: ...)", "Embargoed to 1000 Tuesday August 10".
_NOTE = re.compile(r"^(?:\([^()]*(?:\([^()]*\)[^()]*)*\)|embargoed\b.*)$", re.I)
NOTE_MAX_WORDS = 40
_END_OF_TAKE = re.compile(r"^(?:end|ends|endit|more|mfl|mf)(?:\s+[a-z]{1,3})?$", re.I)
_TRAILING_END = re.compile(r"(?<=[.!?'\"”’])\s+(?:end|ends)$", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_POUND = re.compile(r"#(?=\d)")
# `…' with apostrophes inside; bounded, so a stray backtick costs little in a long paragraph.
_SINGLE_TEX_QUOTE = re.compile(r"`((?:[^`'\n]|'(?=\w)){0,300})'(?!\w)")
_DASH = re.compile(r"(?<= )_(?= )")  # 7-bit wire copy writes a spaced dash as "_"


@dataclass(frozen=True, slots=True)
class Unwrapped:
    """``text`` as paragraphs, one a line (the input itself when ``changed`` is False)."""

    text: str
    changed: bool = False
    headline: str | None = None
    credits: tuple[str, ...] = ()  # byline lines taken out of the body
    credited_sources: tuple[str, ...] = ()  # the outlets those bylines name
    slug: str | None = None  # wire copy: the take header's catchline ("COURTS Dancer")
    published: str | None = None  # wire copy: the take header's date (ISO)


@dataclass(frozen=True, slots=True)
class WrapEvidence:
    """What :func:`wrap_evidence` measured over a text's lines."""

    width: int
    pairs: int  # adjacent non-blank lines
    full: int  # of those, pairs whose first line is full
    mid_sentence: int  # of those, full lines that end mid-sentence

    @property
    def hard_wrapped(self) -> bool:
        return (WRAP_WIDTHS[0] <= self.width <= WRAP_WIDTHS[1] and self.pairs >= MIN_PAIRS
                and self.full >= FULL_SHARE * self.pairs and self.mid_sentence >= MID_SENTENCE_SHARE * self.full)


def _first_word(line: str) -> str:
    words = line.split(maxsplit=1)
    return words[0] if words else ""


def _full(line: str, following: str, width: int) -> bool:
    """Whether ``following``'s first word would not have fitted at the end of ``line``."""
    return len(line.rstrip()) + 1 + len(_first_word(following)) > width


def wrap_width(lines: list[str]) -> int:
    """The wrap width estimated from ``lines`` (``WIDTH_QUANTILE`` of non-blank line lengths); 0 for none."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if not lengths:
        return 0
    return lengths[min(len(lengths) - 1, int(WIDTH_QUANTILE * len(lengths)))]


def wrap_evidence(lines: list[str]) -> WrapEvidence:
    """Counts for the hard-wrap test over ``lines`` (see the module docstring)."""
    width = wrap_width(lines)
    pairs = full = mid = 0
    for line, following in zip(lines, lines[1:]):
        if not line.strip() or not following.strip():
            continue
        pairs += 1
        if _full(line, following, width):
            full += 1
            mid += not _SENTENCE_END.search(line.rstrip())
    return WrapEvidence(width, pairs, full, mid)


def is_wire_copy(lines: list[str]) -> bool:
    """Whether ``lines`` carry agency wire markers: ``\\x19`` paragraph starts, or ``<`` paragraph ends
    in lines of a wrap width (a ``<`` ends a line of other text only by chance: "Previous <")."""
    if any(line.startswith("\x19") for line in lines):
        return True
    return (sum(line.rstrip().endswith("<") for line in lines) >= 2
            and WRAP_WIDTHS[0] <= wrap_width(lines) <= WRAP_WIDTHS[1])


def _ends_paragraph(line: str, following: str, width: int) -> bool:
    """Whether a writer, not the wrapper, ended ``line`` (``following`` is the next non-blank line)."""
    length = len(line.rstrip())
    if length < SHORT_LINE * width or _LIST_ITEM.match(following):
        return True
    if line.lstrip().startswith(">") != following.lstrip().startswith(">"):
        return True  # an e-mail quotation starts or ends
    return not _full(line, following, width) and bool(_SENTENCE_END.search(line.rstrip()))


def wire_lines(lines: list[str]) -> list[str]:
    """Wire copy's lines as plain wrapped text: markers and control characters removed, a blank
    line before each ``\\x19`` paragraph start and after each ``<`` end, rule and slug lines blank."""
    out: list[str] = []
    for line in lines:
        if line.startswith("\x19"):
            out.append("")  # a paragraph start
        text = _CONTROL.sub("", line).rstrip()
        if _RULE.match(text) or _SLUG.match(text):
            out.append("")
        elif text.endswith("<"):
            out.extend((text.rstrip("<").rstrip(), ""))
        else:
            out.append(text)
    return out


def take_header(lines: list[str]) -> tuple[str | None, str | None]:
    """(catchline, ISO date) of the first take header in ``lines``, or (None, None).

    "13:06 26/01/00: Page 1 (HHH) COURTS Dancer" gives ("COURTS Dancer", "2000-01-26"): the
    date day first, as the Press Association writes it (None when it is no date). Every
    take of one wire story carries the catchline (with "Substitute", "Nightlead" and the
    like added on rewrites of the story)."""
    for line in lines:
        match = _CATCHLINE.match(_CONTROL.sub("", line))
        if match:
            return " ".join(match.group(4).split()), _header_date(*match.groups()[:3])
    return None, None


def _header_date(day: str, month: str, year: str) -> str | None:
    full_year = int(year) + (2000 if int(year) < 69 else 1900 if int(year) < 100 else 0)  # as strptime's %y
    try:
        return date(full_year, int(month), int(day)).isoformat()
    except ValueError:
        return None


def _blank_separated(lines: list[str]) -> list[str]:
    """Paragraphs of ``lines`` where only blank lines separate paragraphs, each joined into one line."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return paragraphs


def _wrapped_paragraphs(lines: list[str], width: int) -> list[str]:
    """Paragraphs of hard-wrapped text: lines joined up to each break (see :func:`_ends_paragraph`)."""
    lines = [line for line in lines if not _RULE.match(line)]
    paragraphs: list[str] = []
    current: list[str] = []
    for i, line in enumerate(lines):
        if line.strip():
            current.append(line.strip())
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if current and (not following.strip() or _ends_paragraph(line, following, width)):
            paragraphs.append(" ".join(current))
            current = []
    return paragraphs


def _tex_quotes(text: str) -> str:
    """````…''`` -> “…”, and ```…'`` -> ‘…’ (an apostrophe inside, as in ```Bond's girl'``, stays)."""
    text = text.replace("``", "“").replace("''", "”")
    return _SINGLE_TEX_QUOTE.sub(r"‘\1’", text)


def _is_capitals_headline(paragraph: str) -> bool:
    """A short paragraph in capitals ("DJ's DESCENT INTO ..." and "ATTACKED Pcs" keep a few lower-case letters)."""
    letters = [c for c in paragraph if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    return (len(letters) >= 3 and upper >= CAPITALS_SHARE * len(letters)
            and 1 <= len(paragraph.split()) <= HEADLINE_MAX_WORDS and not paragraph.endswith((".", ",")))


def _strip_wire_furniture(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` without editorial notes before the story and end-of-take markers after it."""
    while paragraphs and _NOTE.match(paragraphs[0]) and len(paragraphs[0].split()) <= NOTE_MAX_WORDS:
        paragraphs = paragraphs[1:]
    while paragraphs and _END_OF_TAKE.match(paragraphs[-1]):
        paragraphs = paragraphs[:-1]
    if paragraphs:
        paragraphs = paragraphs[:-1] + [_TRAILING_END.sub("", paragraphs[-1])]
    return paragraphs


def _take_metadata(paragraphs: list[str]) -> tuple[list[str], str | None, list[str], list[str]]:
    """(body paragraphs, headline, byline lines, outlets they name) from unwrapped paragraphs."""
    headline = None
    if len(paragraphs) > 1 and _is_capitals_headline(paragraphs[0]):
        headline, paragraphs = paragraphs[0], paragraphs[1:]
    credits: list[str] = []
    sources: list[str] = []
    body: list[str] = []
    for i, paragraph in enumerate(paragraphs):
        named = parse_byline(paragraph) if i < BYLINE_REACH else None
        if named is None:
            body.append(paragraph)
            continue
        credits.append(paragraph)
        sources.extend(s for s in named if s not in sources)
    return body, headline, credits, sources


def unwrap(text: str) -> Unwrapped:
    """``text`` with hard-wrapped lines joined into paragraphs and wire markers taken out.

    Returns ``Unwrapped(text)`` (unchanged) for text that is neither
    hard-wrapped nor wire copy. Never raises.
    """
    lines = (text or "").splitlines()
    wire = is_wire_copy(lines)
    if wire:
        paragraphs = _strip_wire_furniture(_blank_separated(wire_lines(lines)))
    else:
        evidence = wrap_evidence(lines)
        if not evidence.hard_wrapped:
            return Unwrapped(text or "")
        paragraphs = _wrapped_paragraphs(lines, evidence.width)
    paragraphs = [_tex_quotes(p) for p in paragraphs]
    if wire:
        paragraphs = [_DASH.sub("–", _POUND.sub("£", p)) for p in paragraphs]
    body, headline, credits, sources = _take_metadata(paragraphs)
    slug, published = take_header(lines) if wire else (None, None)
    return Unwrapped("\n".join(body), True, headline, tuple(credits), tuple(sources), slug, published)


def wire_story_key(article: Article) -> tuple[str, ...] | None:
    """``(outlet, day, category, catchword)`` of a wire take (lower case), or None for an
    article without a catchline of two words or more (``Article.slug``). Takes and versions
    of one wire story share it: PA writes a catchline as a desk category and a catchword
    ("COURTS Dancer") and marks versions after them ("COURTS Dancer Substitute", "COURTS GM
    Nightlead"); the day tells one day's story from the next under the same catchword. A
    bare category ("COURTS") names no story."""
    words = (article.slug or "").lower().split()
    if len(words) < 2:
        return None
    return ((article.outlet or "").lower(), article.published or "", *words[:2])
