"""Page furniture, told by its meaning: a link that rests on it is no reuse.

Scrapers keep text that is the site's, not the report's: cookie and consent notices,
newsletter sign-up forms, paywall and login prompts, anti-bot and "enable JavaScript"
pages, "your browser does not support the audio element", follow-us and share lines,
copyright and syndication disclaimers, a press office's contact block. Two unrelated
pages that both carry one share it word for word, so the word evidence calls them a
copy. ``boilerplate`` masks what three or more articles hold; furniture that only two
pages of a crawl share, or that was saved as the whole page (an anti-bot notice
stored as two "articles"), is left to this module.

How: the shared passages of a decided link are read in windows of ``WINDOW_WORDS``
words, each embedded by the multilingual sentence encoder (``nlp.embed``) and compared
with plain examples of each kind of furniture (``segment.furniture``, which the stories
stage reads too). The encoder maps other languages near them (a German cookie notice,
a Polish anti-bot page). A word
is furniture when a window holding it lies at ``FURNITURE_COSINE`` or closer to a
prototype; a passage is furniture when at least half of its words are; a link whose
passages are at least ``FURNITURE_SHARE`` furniture (by words) is no reuse, and a
link that stays shows its news passages only. Why windows, not sentences alone:
scrapers run a form's labels into the article's last sentence ("... Jetzt 30 Tage
kostenlos testen Anmelden Passwort vergessen?"), which as a whole reads as news; a
passage inside a sentence of at most two windows is read whole as well.

Why after the decision, not as a mask before it (as ``boilerplate`` does): only the
passages of a decided link need reading, a few per link, where masking every
sentence of the corpus would embed each again in windows (the encoder is most of the
reuse stage's time). The rule removes links and passages, never adds one.

Measured (``FURNITURE_COSINE``): METER dev's whole texts, 23,108 twelve-word windows
of newspaper and PA prose, 2 at 0.5 or more (0.52, 0.51: a paragraph on contacting
the police and one on rights; neither makes a passage furniture), MEANTIME's 12,527
windows in four languages none; the crawl's and METER dev's exported links are
unchanged. See the README's reuse rows for what it drops on SemEval dev.
"""

from __future__ import annotations

import bisect
from dataclasses import replace
from typing import Sequence

import numpy as np

from retold.model import ReuseLink
from retold.reuse.profile import ArticleProfile
from retold.segment.furniture import FURNITURE_COSINE, WINDOW_WORDS, furniture_scores

# A link whose passages are this much furniture (by words) rests on furniture.
FURNITURE_SHARE = 0.5
# Words of a link's passages read at most, in order; the rest count as news. Furniture
# blocks are short (the longest in the judged SemEval samples: 152 words), and two
# copies of a long page must not embed it window by window (a 5 MB page: 140,000 windows).
READ_MAX_WORDS = 2000


def furniture_words(tokens: np.ndarray, body: str, spans: Sequence[tuple[int, int]],
                    sentences: Sequence[tuple[int, int]] = ()) -> list[np.ndarray]:
    """For each passage span (character offsets in ``body``; ``tokens`` the body's
    ``(start, end)`` word offsets): which of its words, in order, lie in a furniture
    window (an empty array for a passage without words). ``sentences``: the body's
    sentence spans in order, where a short passage is read. Passages past the first
    ``READ_MAX_WORDS`` words are not read (all news). One encoder call for all."""
    sentence_starts = [start for start, _ in sentences]
    ranges, windows = [], []  # per passage: its word range; its windows (first, end, text)
    read = 0
    for start, end in spans:
        bounds = _word_range(tokens, start, end)
        ranges.append(bounds)
        if bounds is None or read + bounds[1] - bounds[0] > READ_MAX_WORDS:
            windows.append([])
            continue
        read += bounds[1] - bounds[0]
        sentence = _sentence_words(tokens, sentences, sentence_starts, start, end)
        windows.append([(a, b, body[tokens[a, 0]:tokens[b - 1, 1]])
                        for a, b in _windows(*bounds, len(tokens), sentence)])
    score = _window_scores(sorted({text for per_span in windows for _, _, text in per_span}))
    out = []
    for bounds, per_span in zip(ranges, windows):
        if bounds is None:
            out.append(np.zeros(0, dtype=bool))
            continue
        first, end = bounds
        flags = np.zeros(end - first, dtype=bool)
        for a, b, text in per_span:
            if score[text] >= FURNITURE_COSINE:
                flags[max(a, first) - first:min(b, end) - first] = True
        out.append(flags)
    return out


# Window scores already read in this process, by the window's text (at most
# ``_SCORED_MAX``, then forgotten at once). Why: a report that many sites repost is linked
# pair by pair, and each link's passages were read afresh, the same windows every time
# (30 copies of one news text: 435 links, 9.5 of the stage's 13.4 s in the encoder).
_SCORED: dict[str, float] = {}
_SCORED_MAX = 200_000


def _window_scores(texts: list[str]) -> dict[str, float]:
    """``furniture_scores`` of each text, as a dict; texts read before are not embedded again."""
    missing = [text for text in texts if text not in _SCORED]
    if len(_SCORED) + len(missing) > _SCORED_MAX:
        _SCORED.clear()
    _SCORED.update(zip(missing, (float(x) for x in furniture_scores(missing))))
    return {text: _SCORED[text] for text in texts}


def _word_range(tokens: np.ndarray, start: int, end: int) -> tuple[int, int] | None:
    """The word indices ``(first, end)`` of the words lying wholly in characters
    ``start .. end`` (``tokens`` in order), or None when no word does."""
    first = int(np.searchsorted(tokens[:, 0], start, side="left"))
    stop = int(np.searchsorted(tokens[:, 1], end, side="right"))
    return (first, stop) if stop > first else None


def _windows(first: int, end: int, total: int, sentence: tuple[int, int] | None = None) -> list[tuple[int, int]]:
    """Word-index windows covering words ``first .. end``: WINDOW_WORDS long, half
    overlapping, and the whole ``sentence`` (word range) holding the passage when that
    is at most two windows long. A passage shorter than a window, outside such a
    sentence, is widened into the words around it. Why the sentence: a short notice
    ("See our privacy policy.") is a sentence of its own, and a few words of news prose
    read as what the sentence holding them says."""
    whole = [sentence] if sentence is not None and sentence[1] - sentence[0] <= 2 * WINDOW_WORDS else []
    if end - first <= WINDOW_WORDS:
        if whole:
            return whole
        start = max(0, min(total - WINDOW_WORDS, first - (WINDOW_WORDS - (end - first)) // 2))
        return [(start, min(total, start + WINDOW_WORDS))]
    starts = list(range(first, end - WINDOW_WORDS + 1, WINDOW_WORDS // 2))
    if starts[-1] != end - WINDOW_WORDS:
        starts.append(end - WINDOW_WORDS)
    return [(s, s + WINDOW_WORDS) for s in starts] + whole


def _sentence_words(tokens: np.ndarray, sentences: Sequence[tuple[int, int]], sentence_starts: list[int],
                    start: int, end: int) -> tuple[int, int] | None:
    """The word range of the sentence (``sentences`` in order, ``sentence_starts`` their first
    characters) holding characters ``start .. end``, or None."""
    k = bisect.bisect_right(sentence_starts, start) - 1
    if k < 0 or end > sentences[k][1]:
        return None
    return _word_range(tokens, *sentences[k])


def without_furniture(link: ReuseLink, profile: ArticleProfile) -> ReuseLink | None:
    """``link`` with its furniture passages left out, or None when it rests on furniture
    (at least FURNITURE_SHARE of its passages' words). ``profile`` is article ``link.a``'s,
    where each passage's ``a`` span lies."""
    if not link.passages:
        return link
    flags = furniture_words(profile.tokens, profile.article.body, [p.a for p in link.passages],
                            [(s.start, s.end) for s in profile.sentences])
    furniture = [len(f) > 0 and f.mean() >= 0.5 for f in flags]
    words = sum(len(f) for f in flags)
    if words and sum(len(f) for f, is_furniture in zip(flags, furniture) if is_furniture) >= FURNITURE_SHARE * words:
        return None
    if not any(furniture):
        return link
    return replace(link, passages=tuple(p for p, is_furniture in zip(link.passages, furniture) if not is_furniture))
