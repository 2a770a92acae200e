"""Per-line features of a plain-text page dump, for the furniture classifier.

A "page dump" is what a naive scraper writes: every visible block on its own
line. The unit here is a *block*: a non-empty line. Each block gets surface
features (length, punctuation, stop words, capitals, digits, widget and
footer vocabulary), page-level features (position, repetition, distance to
the densest stretch of prose) and the same surface features of its
neighbours, because article paragraphs come in runs and furniture in
clusters.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
from rapidfuzz import fuzz
from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"\w+", re.UNICODE)
_ALPHA_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…](?:[\"'”’)\]]*)(?=\s|$)")
_ENDS_SENTENCE = re.compile(r"[.!?…:][\"'”’)\]]*$")
_URLISH = re.compile(r"https?://|www\.|\.com\b|@\w+\.\w+", re.I)

# Words that mark navigation, widgets, ads, bylines and footers. Matched as
# whole words (case-insensitive); chosen from what page furniture says, not
# from any one site.
_WIDGET = re.compile(
    r"\b(share|shares|shared|tweet|facebook|twitter|whatsapp|linkedin|pinterest|reddit|email|e-mail|print|"
    r"comment|comments|subscribe|subscription|subscribers?|newsletter|sign ?up|sign ?in|log ?in|"
    r"register|follow|click|tap|read more|more from|related|recommended|popular|trending|"
    r"advertisement|advertising|sponsored|promoted|cookies?|privacy|terms|menu|search|home|"
    r"podcasts?|video|videos|watch|photo|photos|gallery|image|images|getty|caption|"
    r"download|app|apps|rss|contact|about us|careers|sitemap|copyright|reserved|"
    r"loading|skip|next|previous|prev|back to top|live|breaking|updated|published|posted|"
    r"min read|listen|author|by)\b",
    re.I,
)
# Photo captions describe a picture in the present tense ("X delivers a speech
# as he attends ...", AP caption style) or name the picture and its credit.
_CAPTION = re.compile(
    r"\b(attends|speaks|delivers|gestures|looks on|arrives|walks|waves|poses|listens|holds|sits|stands|"
    r"smiles|talks|reacts|leaves|meets|visits|addresses|greets|shakes hands|is seen|are seen|pictured|"
    r"file photo|photo|photograph|illustration|handout|via getty|afp|ap photo|reuters/|/reuters)\b",
    re.I,
)
# "Kim Kardashian visits ...", "X delivers a speech as ...": capitalised words, then a
# present-tense verb. Typical of captions and of headlines in link lists, rarer in
# (mostly past-tense) news prose. Auxiliaries ("has told") are not such verbs.
_PRESENT_AFTER_NAME = re.compile(r"^(?:[A-Z][\w.'’-]*\s+){1,8}(?!(?:has|is|was|does|says|as|its)\b)[a-z]{2,}s\s")
_FOOTER = re.compile(r"©|\ball rights reserved\b|\bcopyright\b|\bterms of (use|service)\b|\bprivacy policy\b", re.I)
_SEPARATORS = re.compile(r"\s[|•·»›/]\s|^\s*[•·»›]")
_DATE = re.compile(
    r"\b(19|20)\d\d\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|"
    r"\b\d{1,2}:\d\d\b|\b\d+\s+(minutes?|hours?|days?)\s+ago\b",
    re.I,
)

SURFACE = (
    "log_words", "log_chars", "stop_ratio", "sentence_ends", "ends_sentence", "punct_ratio",
    "comma_ratio", "cap_ratio", "upper_ratio", "digit_ratio", "widget_hits", "footer", "separators",
    "urlish", "datey", "quote_chars", "leading_space", "bullet", "alpha_ratio", "caption_cues", "present_after_name",
)
PAGE = (
    "rel_pos", "mass_before", "mass_after", "dup_count", "title_sim", "dist_peak", "in_peak_run",
    "win3_words", "win10_words", "win3_ends", "win10_ends", "run_len", "rank_len",
    "gap_before", "gap_after", "gap_before_rel", "gap_after_rel",
)
CONTEXT = (-3, -2, -1, 1, 2, 3)


def feature_names() -> list[str]:
    """Names of the columns :func:`line_features` returns, in order."""
    ctx = [f"{name}@{off:+d}" for off in CONTEXT for name in SURFACE]
    return list(SURFACE) + list(PAGE) + ctx


def blocks(text: str) -> list[tuple[int, str]]:
    """(0-based line index, line) for each non-empty line of ``text``; [] for empty text."""
    return [(i, line) for i, line in enumerate(text.split("\n")) if line.strip()]


def _surface(line: str) -> list[float]:
    # Character counts use map(str.isX) rather than generator expressions: same values,
    # about three times faster, and this runs once per line of every page.
    stripped = line.strip()
    words = _WORD.findall(stripped)
    alpha = _ALPHA_WORD.findall(stripped)
    n_words = max(1, len(words))
    n_chars = max(1, len(stripped))
    n_alnum = sum(map(str.isalnum, stripped))
    n_space = sum(map(str.isspace, stripped))
    lower = [w.lower() for w in alpha]
    return [
        np.log1p(len(words)),
        np.log1p(len(stripped)),
        sum(w in STOP_WORDS for w in lower) / max(1, len(alpha)),
        len(_SENTENCE_END.findall(stripped)) / n_words,
        float(bool(_ENDS_SENTENCE.search(stripped))),
        (len(stripped) - n_alnum - n_space) / n_chars,
        stripped.count(",") / n_words,
        sum(w[0].isupper() for w in alpha) / max(1, len(alpha)),
        sum(map(str.isupper, stripped)) / n_chars,
        sum(map(str.isdigit, stripped)) / n_chars,
        min(5, len(_WIDGET.findall(stripped))) / (1 + np.log1p(len(words))),
        float(bool(_FOOTER.search(stripped))),
        float(bool(_SEPARATORS.search(stripped))),
        float(bool(_URLISH.search(stripped))),
        float(bool(_DATE.search(stripped))),
        sum(map(stripped.count, "\"“”«»")) / n_words,
        float(line[:1].isspace()),
        float(stripped[:1] in "•·-–*»›"),
        sum(map(str.isalpha, stripped)) / n_chars,
        min(3, len(_CAPTION.findall(stripped))),
        float(bool(_PRESENT_AFTER_NAME.match(stripped))),
    ]


def _window_mean(values: np.ndarray, radius: int) -> np.ndarray:
    kernel = np.ones(2 * radius + 1)
    padded = np.pad(values, radius)
    counts = np.convolve(np.pad(np.ones_like(values), radius), kernel, mode="valid")
    return np.convolve(padded, kernel, mode="valid") / counts


def _runs(is_prose: np.ndarray) -> np.ndarray:
    """Length of the run of consecutive prose-like blocks each block sits in (0 outside runs)."""
    out = np.zeros(len(is_prose))
    start = 0
    for i in range(len(is_prose) + 1):
        if i == len(is_prose) or not is_prose[i]:
            out[start:i] = i - start if i > start else 0
            start = i + 1
    return out


def _gaps(positions: list[int]) -> np.ndarray:
    """Blank lines before and after each block, and the same relative to the page's usual gap.

    Dumps put an empty line where an element had no text (an image, an ad
    slot), so a wider gap than the page's usual one often separates a
    caption or a footer from the article.
    """
    pos = np.asarray(positions, dtype=float)
    before = np.diff(pos, prepend=pos[0] - 1) - 1 if len(pos) else pos
    after = np.diff(pos, append=pos[-1] + 1) - 1 if len(pos) else pos
    usual = float(np.median(before[1:])) if len(pos) > 1 else 0.0
    return np.column_stack([np.minimum(before, 4), np.minimum(after, 4),
                            np.clip(before - usual, -2, 4), np.clip(after - usual, -2, 4)])


def _page(lines: list[str], surface: np.ndarray, positions: list[int]) -> np.ndarray:
    n = len(lines)
    words = np.array([len(_WORD.findall(x)) for x in lines], dtype=float)
    ends = surface[:, SURFACE.index("ends_sentence")]
    total = max(1.0, words.sum())
    cum = np.cumsum(words) - words
    counts = Counter(x.strip().lower() for x in lines)
    first = lines[0].strip()
    # The densest stretch of prose: where a window of 5 blocks holds most words.
    density = _window_mean(words * (0.5 + ends), 2)
    peak = int(np.argmax(density))
    prose = (words >= 12) & (ends > 0)
    run = _runs(prose)
    order = np.argsort(-words, kind="stable")
    rank = np.empty(n)
    rank[order] = np.arange(n)
    return np.column_stack([
        np.arange(n) / max(1, n - 1),
        cum / total,
        (total - cum - words) / total,
        [min(5, counts[x.strip().lower()] - 1) for x in lines],
        [fuzz.ratio(first, x.strip()) / 100 if i else 1.0 for i, x in enumerate(lines)],
        (np.arange(n) - peak) / max(1, n),
        (run >= 2).astype(float),
        np.log1p(_window_mean(words, 3)),
        np.log1p(_window_mean(words, 10)),
        _window_mean(ends, 3),
        _window_mean(ends, 10),
        np.log1p(run),
        np.log1p(rank),
        _gaps(positions),
    ])


def _shift(matrix: np.ndarray, offset: int) -> np.ndarray:
    """Rows moved by ``offset`` (row i gets row i+offset), -1 beyond the page edges."""
    out = np.full_like(matrix, -1.0)
    n = len(matrix)
    if abs(offset) >= n:
        return out
    if offset > 0:
        out[: n - offset] = matrix[offset:]
    elif offset < 0:
        out[-offset:] = matrix[: n + offset]
    return out


def line_features(numbered: list[tuple[int, str]]) -> np.ndarray:
    """Feature matrix, one row per block of ``numbered`` (:func:`blocks` of one page).

    Columns are :func:`feature_names`. Empty input gives a (0, n_features) array.
    """
    if not numbered:
        return np.zeros((0, len(feature_names())))
    positions = [i for i, _ in numbered]
    lines = [line for _, line in numbered]
    surface = np.array([_surface(x) for x in lines], dtype=float)
    context = [_shift(surface, off) for off in CONTEXT]
    return np.hstack([surface, _page(lines, surface, positions), *context])
