"""Body/furniture labels for the lines of a page dump, from a human-written gold body.

Training-time only. A block is body when most of its tokens are matched, in
order, against the gold body: the page's token sequence is aligned to the
gold's with difflib (longest matching blocks first, so the article's run
anchors the alignment and a stray "Share" near the footer cannot borrow a
gold token), and a block is body if at least ``BODY_SHARE`` of its tokens
fall in matched runs of at least ``MIN_RUN`` tokens. Short runs are ignored
because one-or-two-word coincidences ("More", "Video") are furniture even
when the words occur in the article.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_TOKEN = re.compile(r"\w+", re.UNICODE)

BODY_SHARE = 0.5  # "most of its tokens", as the brief defines a body line
MIN_RUN = 3  # shortest aligned run that counts; shorter ones are chance matches


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text)]


def label_blocks(lines: list[str], gold_body: str) -> list[int]:
    """1 for each block of ``lines`` that is article body under ``gold_body``, else 0.

    A block of one or two tokens is body only when the whole block lies inside
    a longer matched run (e.g. a short paragraph such as "All..."). Empty
    input gives [].
    """
    owner: list[int] = []
    page: list[str] = []
    for i, line in enumerate(lines):
        toks = _tokens(line)
        page.extend(toks)
        owner.extend([i] * len(toks))
    matched = [0] * len(lines)
    gold = _tokens(gold_body)
    matcher = SequenceMatcher(None, page, gold, autojunk=False)
    for a, _b, size in matcher.get_matching_blocks():
        spanned = {owner[k] for k in range(a, a + size)}
        if size < MIN_RUN and not (size > 0 and len(spanned) == 1 and size == len(_tokens(lines[owner[a]]))):
            continue
        for k in range(a, a + size):
            matched[owner[k]] += 1
    return [int(bool(n) and matched[i] >= BODY_SHARE * n) for i, n in
            enumerate(len(_tokens(x)) for x in lines)]
