"""Quotation-mark spans in a text, whatever the typography.

Handles straight ``"`` and curly “ ” quotes, German „ “ / „ ”, French « » and
‹ ›, low-9 ‚ ‘, and two apostrophes ``''`` used as a double mark (the New York Times
archive's typography: ``''We will win,'' he said``). Single curly quotes ‘ ’ open a span only when they are not
apostrophes (``Russia’s``). Spans never cross a paragraph (a ``\\n``), except
that a quote left open at a paragraph end is closed there, which is how news
prose runs a long quotation over several paragraphs.

This is hand-written because no installed library finds quotation spans with
offsets (textacy's ``direct_quotations`` is not installed and drops offsets of
unclosed or nested marks).
"""

from __future__ import annotations

from dataclasses import dataclass

# Opening mark -> the closing marks that may end it. “ closes „ in German and opens in English,
# so it appears both as an opener and as a closer.
_PAIRS: dict[str, str] = {
    "“": "”\"",
    "„": "“”\"",
    "«": "»",
    "»": "«",  # Danish/Swedish »...« order
    "‹": "›",
    "‚": "‘’",
    '"': '"”“',
    "‘": "’",
}
_DOUBLE_OPENERS = "“„«‹\""
_SINGLE_OPENERS = "‘‚"
_TWO_APOSTROPHES = "''"


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """Text inside quotation marks: ``start``/``end`` exclude the marks themselves."""

    start: int
    end: int
    closed: bool  # False when the paragraph ended before a closing mark


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


def _single_opens(text: str, i: int) -> bool:
    """‘ opens a quote only after a space/bracket/dash (not inside a word: ``Russia’s``)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not _is_word_char(before) and not after.isspace() and not after.isdigit()  # ‘08 is a year


def _straight_opens(text: str, i: int) -> bool:
    """A straight ``"`` opens when it is not glued to a preceding word."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not _is_word_char(before) and not after.isspace()


def _double_apostrophe_opens(text: str, i: int, end: int) -> bool:
    """``''`` opens a quote when it is not glued to a preceding word and a word follows."""
    before = text[i - 1] if i > 0 else " "
    return text.startswith(_TWO_APOSTROPHES, i) and i + 2 < end and not _is_word_char(before) \
        and not text[i + 2].isspace() and text[i + 2] != "'"


def _double_apostrophe_close(text: str, open_at: int, end: int) -> int | None:
    """Index of the ``''`` closing the one at ``open_at`` (one glued to the text before it)."""
    j = text.find(_TWO_APOSTROPHES, open_at + 2, end)
    while j != -1 and text[j - 1].isspace():
        j = text.find(_TWO_APOSTROPHES, j + 2, end)
    return None if j == -1 else j


def _scan_paragraph(text: str, start: int, end: int) -> list[QuotedSpan]:
    """Outermost quoted spans of ``text[start:end]`` (one paragraph); inner marks are nested quotes."""
    spans: list[QuotedSpan] = []
    i = start
    while i < end:
        ch = text[i]
        if ch == "'" and _double_apostrophe_opens(text, i, end):
            close_at = _double_apostrophe_close(text, i, end)
            if close_at is None:
                spans.append(QuotedSpan(i + 2, end, closed=False))
                break
            spans.append(QuotedSpan(i + 2, close_at, closed=True))
            i = close_at + 2
            continue
        opens = (ch in _DOUBLE_OPENERS and (ch != '"' or _straight_opens(text, i))) or (
            ch in _SINGLE_OPENERS and _single_opens(text, i)
        )
        if ch == "»" and not (i + 1 < end and not text[i + 1].isspace()):
            opens = False  # a closing French mark seen first is stray, not a Danish opener
        if not opens:
            i += 1
            continue
        close_at = _find_close(text, i, end)
        if close_at is None:
            if end - i > 1:
                spans.append(QuotedSpan(i + 1, end, closed=False))
            break
        if close_at > i + 1:
            spans.append(QuotedSpan(i + 1, close_at, closed=True))
        i = close_at + 1
    return spans


def _find_close(text: str, open_at: int, end: int) -> int | None:
    """Index of the mark closing the one at ``open_at``, skipping nested quotes; None if unclosed."""
    closers = _PAIRS[text[open_at]]
    single = text[open_at] in _SINGLE_OPENERS
    depth_single = 0
    j = open_at + 1
    while j < end:
        c = text[j]
        if single:
            if c in closers and not (j + 1 < end and _is_word_char(text[j + 1])):
                return j  # ’ followed by a letter is an apostrophe (‘don’t’)
        else:
            if c in "‘‚" and _single_opens(text, j):
                depth_single += 1
            elif c == "’" and depth_single and not (j + 1 < end and _is_word_char(text[j + 1])):
                depth_single -= 1
            elif c in closers and not (c == '"' and j + 1 < end and _is_word_char(text[j + 1])
                                       and text[open_at] != '"'):
                return j
        j += 1
    return None


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Outermost quotation spans of ``text`` in order, offsets excluding the marks.

    Every span lies inside ``text`` and inside one paragraph; nested quotes stay inside
    their outer span. Empty text gives ``[]``.
    """
    out: list[QuotedSpan] = []
    pos = 0
    for para in text.split("\n"):
        out.extend(_scan_paragraph(text, pos, pos + len(para)))
        pos += len(para) + 1
    return out
