"""Aligning two articles: word-for-word runs, and sentences in order.

``align_words`` finds shared runs of words (difflib's SequenceMatcher on word
tokens, as text-reuse tools commonly do). ``align_sentences`` is a monotonic
dynamic-programming alignment over a sentence-pair score matrix, in the spirit
of bilingual sentence aligners (Gale & Church, Vecalign) and passim: pairs are
kept in order on both sides, any sentence may stay unaligned (gaps are free),
and a pair is worth its score above the decision point.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from difflib import SequenceMatcher
from typing import Sequence

import numpy as np

# Shared word runs shorter than this are stock phrases ("the Russian Defense Minister
# said on", "las Fuerzas Aéreas de los EEUU"), not copying: independent reports on
# the seeds and related MEANTIME articles share runs of up to 6-7 words.
MIN_RUN_WORDS = 8
# Texts longer than this many words (either side) are aligned from anchors (``_anchored_runs``),
# not by difflib. SequenceMatcher without its junk heuristic (which would keep the commonest
# words out of every match) looks at each occurrence of each word, so its time grows with the
# square of a long text where a few words make up most of it: two copies of a 1 MB page of
# word soup (170,000 words of twelve) took 210 s in the reuse stage, and 5 MB would take
# hours. Articles are far shorter: the longest of the 181 crawl pages has about 9,000 words.
EXACT_ALIGN_WORDS = 20_000


def align_words(a: Sequence[str], b: Sequence[str], min_run: int = MIN_RUN_WORDS) -> list[tuple[int, int, int]]:
    """Runs ``(i, j, n)`` where ``a[i:i+n] == b[j:j+n]`` and ``n >= min_run``, in order, not crossing:
    difflib's matching blocks, or ``_anchored_runs`` when a text has over EXACT_ALIGN_WORDS words.

    Empty input gives ``[]``.
    """
    if not a or not b or not _share_run(a, b, min_run):
        return []
    if max(len(a), len(b)) > EXACT_ALIGN_WORDS:
        return _anchored_runs(a, b, max(1, min_run))
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return [(m.a, m.b, m.size) for m in matcher.get_matching_blocks() if m.size >= min_run]


def _anchored_runs(a: Sequence[str], b: Sequence[str], min_run: int) -> list[tuple[int, int, int]]:
    """Shared runs found from their first ``min_run`` words, in one pass over each text: a run
    of ``a`` starts where its opening words first occur in ``b`` after the previous run, and
    goes on while the words agree. Greedy (a run is not traded for a longer one further on, as
    difflib's longest-first search would), so for texts too long for difflib only."""
    starts: defaultdict[int, list[int]] = defaultdict(list)  # hash of b's opening words -> positions
    for j in range(len(b) - min_run + 1):
        starts[hash(tuple(b[j:j + min_run]))].append(j)
    runs: list[tuple[int, int, int]] = []
    i, floor = 0, 0
    while i <= len(a) - min_run:
        opening = tuple(a[i:i + min_run])
        found = starts.get(hash(opening), [])
        k = bisect_left(found, floor)
        while k < len(found) and tuple(b[found[k]:found[k] + min_run]) != opening:
            k += 1  # another run with the same hash
        if k == len(found):
            i += 1
            continue
        j, n = found[k], min_run
        while i + n < len(a) and j + n < len(b) and a[i + n] == b[j + n]:
            n += 1
        runs.append((i, j, n))
        i, floor = i + n, j + n
    return runs


def _share_run(a: Sequence[str], b: Sequence[str], n: int) -> bool:
    """Whether ``a`` and ``b`` share any run of ``n`` words. Without one no matching block
    can reach ``n`` words, so the answer is ``[]`` whatever SequenceMatcher would do:
    most candidate pairs share none, and difflib was an eighth of the reuse stage's time
    on 181 crawl pages."""
    if n < 1:
        return True
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    runs = {tuple(shorter[i:i + n]) for i in range(len(shorter) - n + 1)}
    return any(tuple(longer[i:i + n]) in runs for i in range(len(longer) - n + 1))


def align_sentences(scores: np.ndarray, threshold: float = 0.5) -> list[tuple[int, int]]:
    """The monotonic one-to-one alignment maximising the sum of ``scores[i, j] - threshold``
    over aligned pairs; only pairs scoring above ``threshold`` are ever aligned.

    ``scores`` is an ``(n, m)`` matrix (e.g. P(same content) of sentence i of one
    article and sentence j of the other). Returns ``(i, j)`` pairs with both indices
    increasing. An empty matrix gives ``[]``.
    """
    n, m = scores.shape
    if n == 0 or m == 0:
        return []
    gain = np.where(scores > threshold, scores - threshold, -np.inf)
    best = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        row, prev, g = best[i], best[i - 1], gain[i - 1]
        for j in range(1, m + 1):
            row[j] = max(prev[j], row[j - 1], prev[j - 1] + g[j - 1])
    return _trace(best, gain)


def _trace(best: np.ndarray, gain: np.ndarray) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    i, j = best.shape[0] - 1, best.shape[1] - 1
    while i > 0 and j > 0:
        if best[i, j] == best[i - 1, j]:
            i -= 1
        elif best[i, j] == best[i, j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    return pairs[::-1]


def anchor_band(shape: tuple[int, int], anchors: Sequence[tuple[int, int]], width: int = 1) -> np.ndarray:
    """Boolean ``shape`` mask of the cells within ``width`` of the diagonal through the
    nearest anchor (by row), as in Bleualign's gap filling: once sure pairs are known,
    the sentences between them are looked for near the same diagonal. No anchors
    give an all-False mask."""
    n, m = shape
    mask = np.zeros(shape, dtype=bool)
    if not anchors or n == 0 or m == 0:
        return mask
    rows = np.array([i for i, _ in anchors])
    offsets = np.array([j - i for i, j in anchors])
    for i in range(n):
        offset = offsets[np.argmin(np.abs(rows - i))]
        lo, hi = max(0, i + offset - width), min(m, i + offset + width + 1)
        mask[i, lo:hi] = True
    return mask
