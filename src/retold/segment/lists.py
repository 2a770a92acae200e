"""Where a text is a bare list (names, places, keywords): no evidence of copying (reuse) or of one event (stories).

Scraped pages carry lists that no reporter wrote as prose: a site's keyword line
("Türkiye, haber, haberler, gaziosmanşa, eyüp, bayrampaşa, ..."), a cast or
guest list, the districts of a city, the states of a country. Two pages holding
the same list share no report: the list is a site's template, or the same
facts that every report of an event names (as with the names and titles that
``compare._phrases`` already refuses as evidence). On the 1,490 real pages of the
SemEval sample, keyword lists and cast lists made 5 of the 28 furniture links in
the judged sample (``tests/reuse/data/README.md``).

A list is a run of at least ``MIN_LIST_ITEMS`` items on one line, separated by a
comma or semicolon (Latin, Arabic or ideographic), each item one to
``MAX_ITEM_WORDS`` words with no sentence end and not a bare number. Hand-written
because no installed library marks enumerations in plain text of any language
(spaCy's parser is English and would need a parse of every page).
"""

from __future__ import annotations

import re

from retold.segment.words import WORD

# Items in a run that make a list. Prose enumerates a handful ("Britain, France,
# Germany and Italy"); court reports chain a defendant's name, age and address
# ("Wilson, 25, of Caernarvon Close, Grangetown, Middlesbrough") in runs of up to 7
# short items on METER dev, and newspapers copy those chains from PA copy. Keyword
# lines and cast lists run to 8 and far beyond (SemEval dev: 19 runs of 8+ items,
# METER dev none, ECB+ dev 3, the 181 scrapinghub pages 2).
MIN_LIST_ITEMS = 8
MAX_ITEM_WORDS = 3
_SEPARATOR = re.compile(r"\s*[,;،؛、；，]\s*")
_LINE = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"[.!?。؟！？](?:\s|$)")


def list_spans(text: str) -> list[tuple[int, int]]:
    """Ordered, disjoint ``(start, end)`` character spans of the lists in ``text``."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        run: list[tuple[int, int]] = []
        line_text = line.group()
        for start, end in _items(line_text):
            if _is_item(line_text[start:end]):
                run.append((start, end))
                continue
            _close(run, line.start(), spans)
            run = []
        _close(run, line.start(), spans)
    return spans


def _items(line: str) -> list[tuple[int, int]]:
    """The separator-delimited pieces of ``line`` as ``(start, end)`` offsets in it."""
    pieces, pos = [], 0
    for sep in _SEPARATOR.finditer(line):
        pieces.append((pos, sep.start()))
        pos = sep.end()
    pieces.append((pos, len(line)))
    return pieces


def _is_item(piece: str) -> bool:
    words = WORD.findall(piece)
    return 1 <= len(words) <= MAX_ITEM_WORDS and not _SENTENCE_END.search(piece) \
        and not all(w.isdigit() for w in words)


def _close(run: list[tuple[int, int]], offset: int, spans: list[tuple[int, int]]) -> None:
    if len(run) >= MIN_LIST_ITEMS:
        spans.append((offset + run[0][0], offset + run[-1][1]))
