"""Where quoted material sits in a text, so shared quotations are not taken for copying.

Two outlets quoting the same minister share his words without copying each
other; only the prose around the quotes is evidence of reuse. Hand-written
because no installed library finds quote spans across typographies and
languages (spaCy and textacy only handle English direct speech, and need a
parse); the rules follow common typesetting conventions.
"""

from __future__ import annotations

import re
from itertools import islice

from retold.segment.words import IDEOGRAPH, WORD

# Opening mark -> the closing marks that may end it. ASCII marks close themselves;
# „ (German/Dutch) closes with “ or ”; « and » are used both ways round (French, Danish).
_CLOSERS: dict[str, str] = {
    '"': '"',
    "“": "”“",  # “…” (English) and “…“ (rare, but seen in scraped text)
    "„": "“”",
    "«": "»",
    "»": "«",
    "‘": "’",
    "'": "'",
    "‹": "›",
    "›": "‹",
    "「": "」",
    "『": "』",
}
# Single marks double as apostrophes (Russia’s, rock 'n' roll); a quote opened by
# them is only taken when it closes, and never runs on to the end of a paragraph.
# Neither do » (Danish opener, French closer) and the CJK brackets.
_NO_RUN_ON = frozenset("‘'‹›»「『")
# Marks that are never apostrophes and may stand apart from the words they enclose
# (French « nous gagnerons »): they need no spacing test.
_UNAMBIGUOUS = frozenset("«»‹›„「」『』")
# A quote left open, or closed with no opening in its paragraph, spans at most this
# many words (a long quoted paragraph of news, ~500 characters of English). A longer
# reach is a lost mark, common where a scraper joined a whole article into one line
# (or cut it): masking up to the line's start or end would hide the article's prose.
MAX_OPEN_QUOTE_WORDS = 80
_MARKS = re.compile("[" + re.escape("".join(set(_CLOSERS) | set("".join(_CLOSERS.values())))) + "]")


def _glued(ch: str) -> bool:
    """Whether a mark next to ``ch`` is glued to a word (an apostrophe's position). Scripts
    written without spaces (ideographs, kana) set quote marks flush against the text."""
    return ch.isalnum() and not IDEOGRAPH.match(ch)


def _opens(text: str, i: int) -> bool:
    """A mark opens a quote when it is not glued to a word on its left and a non-space follows."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not _glued(before) and not after.isspace()


def _closes(text: str, i: int) -> bool:
    """A mark closes a quote when a non-space precedes it and no letter follows (not an apostrophe)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and not _glued(after)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Half-open ``(start, end)`` spans of quoted material in ``text``, marks included, in order.

    A double quote left open runs to the end of its paragraph (news style for
    quotes that continue in the next paragraph), and a paragraph whose first mark
    is a double closing one is quoted from its start (the end of such a quote),
    each only within MAX_OPEN_QUOTE_WORDS.
    Empty text gives ``[]``.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        spans.extend((s + pos, e + pos) for s, e in _paragraph_quote_spans(para))
        pos += len(para) + 1
    return spans


def _paragraph_quote_spans(para: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    i = 0
    while (m := _MARKS.search(para, i)) is not None:
        start = m.start()
        mark = para[start]
        if not spans and _orphan_closer(para, start) and _within_reach(para[:start]):
            # A quote that began in an earlier paragraph or line ends here.
            spans.append((0, start + 1))
            i = start + 1
            continue
        if mark not in _CLOSERS or (mark not in _UNAMBIGUOUS and not _opens(para, start)):
            i = start + 1
            continue
        end = _find_closer(para, start, _CLOSERS[mark])
        if end is None:
            if mark in _NO_RUN_ON or not _within_reach(para[start:]):
                i = start + 1
                continue
            end = len(para)
        spans.append((start, end))
        i = end
    return spans


def _within_reach(text: str) -> bool:
    return sum(1 for _ in islice(WORD.finditer(text), MAX_OPEN_QUOTE_WORDS + 1)) <= MAX_OPEN_QUOTE_WORDS


def _orphan_closer(para: str, i: int) -> bool:
    """A double closing mark (” " ») that closes and is the paragraph's first quote mark."""
    if para[i] not in "”\"»" or not _closes(para, i):
        return False
    return para[i] != '"' or not _opens(para, i)


def _find_closer(para: str, start: int, closers: str) -> int | None:
    for j in range(start + 1, len(para)):
        if para[j] in closers and (para[j] in _UNAMBIGUOUS or _closes(para, j)):
            return j + 1
    return None


def mask_quotes(text: str, placeholder: str = "…") -> str:
    """``text`` with every quote span replaced by ``placeholder`` (offsets are NOT kept).

    For embedding the prose of a sentence. Empty text gives ``""``.
    """
    out: list[str] = []
    pos = 0
    for start, end in quote_spans(text):
        out.append(text[pos:start])
        out.append(placeholder)
        pos = end
    out.append(text[pos:])
    return "".join(out)
