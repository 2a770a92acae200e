"""Comparing one pair of articles: the evidence of shared prose, and the kind of reuse.

Quoted words never count as evidence on their own: word runs count only their
prose words, and sentences are compared on their quote-masked prose.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from retold.model import AlignedPassage, ReuseKind
from retold.reuse.align import MIN_RUN_WORDS, align_sentences, align_words, anchor_band
from retold.reuse.profile import ArticleProfile
from retold.reuse.similarity import GAP_TRANSLATION_COSINE, SAME_CONTENT_PROBABILITY, same_language_scores, \
    translation_scores

# "Nearly all of one is the other's text": share of one side's prose words (all its
# words, when it has almost no prose) inside runs shared with the other.
VERBATIM_COVERAGE = 0.8
# Prose words (outside quotes) in shared runs that make a partial copy: about one
# copied sentence. On MEANTIME, related Wikinews articles share stock phrases of
# 6-8 words ("las Fuerzas Aéreas de los EEUU") and never 20.
MIN_PARTIAL_PROSE_WORDS = 20
# A rewrite or translation follows the other sentence by sentence: at least this
# many aligned prose sentences, holding at least this share of the prose words
# (outside quotes) of the article with fewer of them. Words, not sentences: a
# dateline or a sentence split in two elsewhere weighs little.
MIN_ALIGNED_SENTENCES = 3
MIN_ALIGNED_FRACTION = 0.4
# Translations are whole: with gap filling (similarity.GAP_TRANSLATION_COSINE), chosen
# with it by 5-fold cross-validation over MEANTIME sets, translation pairs hold >= 0.75
# of their prose words in aligned sentences, translations of related articles less.
MIN_TRANSLATION_FRACTION = 0.75
# An aligned sentence pair is a word-for-word copy when its texts (quotes included:
# a copied sentence carries its quotes along) have a rapidfuzz ratio of at least this;
# reworded ones on the seeds score 60-85, copies with a typo fixed 95+.
COPIED_SENTENCE_RATIO = 90.0
# A sentence-by-sentence link is a rewrite when less than this share of its aligned
# sentences are word-for-word copies; otherwise it is a partial copy.
MAX_REWRITE_COPIED_SHARE = 0.5
# Mean P(same content) of a rewrite's aligned sentences. Fitted on ECB+ topics 1-8
# (independent reports of one event that align 3+ sentences without shared wording
# score 0.55-0.62 once quotes are masked) against articles built from MSRP paraphrase
# pairs, 4 sentences each (5th percentile 0.68; the seeds' reworded copy 0.96).
MIN_REWRITE_MEAN_SCORE = 0.65
# Runs separated by at most this many words on both sides form one passage.
MAX_GAP_WORDS = 5
# Text between two aligned sentence pairs (typically a quoted stretch of the same
# report) is shown as a passage when each side's gap is at most this long and the two
# read at least this alike (rapidfuzz ratio); longer or unlike gaps are other material.
MAX_GAP_CHARS = 800
MIN_GAP_LIKENESS = 0.5
# Unaligned sentences between two aligned pairs are shown as one passage when each
# side's gap holds at most this many (a quoted stretch of the same report); longer
# gaps are other material.
MAX_GAP_SENTENCES = 3


@dataclass(frozen=True, slots=True)
class PairEvidence:
    """What two profiles share.

    ``runs`` are word runs ``(i, j, n)`` over all words; ``coverage`` the share of
    each side's prose words (all words for a side with almost no prose) inside
    runs; ``copied_prose`` the prose words inside runs (the smaller side);
    ``sentence_pairs`` the monotonic sentence alignment ``(i, j, score, cosine)``;
    ``aligned_fraction`` the share of prose words in aligned sentences, on the side
    with fewer prose words; ``copied_share`` the share of aligned sentence pairs
    that are word-for-word copies (COPIED_SENTENCE_RATIO).
    """

    same_language: bool
    runs: tuple[tuple[int, int, int], ...]
    coverage: tuple[float, float]
    copied_prose: int
    sentence_pairs: tuple[tuple[int, int, float, float], ...]
    aligned_fraction: float
    copied_share: float


def compare_profiles(pa: ArticleProfile, pb: ArticleProfile) -> PairEvidence:
    """The evidence of shared prose between two profiles (zeros when nothing is shared)."""
    same_language = pa.language == pb.language or pa.language is None or pb.language is None
    # A text shorter than a run counts as copied only when the other holds all of it.
    min_run = min(MIN_RUN_WORDS, len(pa.words), len(pb.words))
    runs = align_words(pa.words, pb.words, min_run) if same_language else []
    in_a, in_b = _covered(len(pa.words), runs, 0), _covered(len(pb.words), runs, 1)
    coverage = (_prose_share(pa, in_a), _prose_share(pb, in_b))
    prose_a = sum(_prose_in_run(pa, i, n) for i, _, n in runs if _prose_in_run(pa, i, n) >= min_run)
    prose_b = sum(_prose_in_run(pb, j, n) for _, j, n in runs if _prose_in_run(pb, j, n) >= min_run)
    pairs = _sentence_pairs(pa, pb, same_language)
    return PairEvidence(
        same_language=same_language,
        runs=tuple(runs),
        coverage=coverage,
        copied_prose=min(prose_a, prose_b),
        sentence_pairs=tuple(pairs),
        aligned_fraction=_aligned_fraction(pa, pb, pairs),
        copied_share=_copied_share(pa, pb, pairs),
    )


def decide_kind(evidence: PairEvidence) -> ReuseKind | None:
    """The kind of reuse the evidence shows, or None for no reuse (shared quotes only, or nothing)."""
    enough = len(evidence.sentence_pairs) >= MIN_ALIGNED_SENTENCES
    if not evidence.same_language:
        return "translation" if enough and evidence.aligned_fraction >= MIN_TRANSLATION_FRACTION else None
    mean_score = sum(s for _, _, s, _ in evidence.sentence_pairs) / max(1, len(evidence.sentence_pairs))
    aligned = (enough and evidence.aligned_fraction >= MIN_ALIGNED_FRACTION
               and mean_score >= MIN_REWRITE_MEAN_SCORE)
    if max(evidence.coverage) >= VERBATIM_COVERAGE:
        return "verbatim"
    if aligned and evidence.copied_share < MAX_REWRITE_COPIED_SHARE:
        return "rewrite"
    if evidence.copied_prose >= MIN_PARTIAL_PROSE_WORDS:
        return "partial"
    return "rewrite" if aligned else None


def passages(pa: ArticleProfile, pb: ArticleProfile, evidence: PairEvidence,
             kind: ReuseKind) -> tuple[AlignedPassage, ...]:
    """Aligned spans for a link of ``kind``: word runs for verbatim and partial copies,
    aligned sentence pairs (and the gaps between them) for rewrites and translations."""
    if kind in ("verbatim", "partial"):
        return _run_passages(pa, pb, evidence.runs)
    return _sentence_passages(pa, pb, evidence.sentence_pairs)


def _covered(n: int, runs, side: int) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    for run in runs:
        mask[run[side]:run[side] + run[2]] = True
    return mask


def _prose_share(p: ArticleProfile, covered: np.ndarray) -> float:
    """Share of the prose words inside runs, or of all words when there are fewer
    prose words than a run (an article that is nearly all quote)."""
    prose = ~np.array(p.quoted, dtype=bool)
    if prose.sum() >= MIN_RUN_WORDS:
        return float(covered[prose].mean())
    return float(covered.mean()) if len(covered) else 0.0


def _prose_in_run(p: ArticleProfile, start: int, n: int) -> int:
    return sum(1 for q in p.quoted[start:start + n] if not q)


def _sentence_pairs(pa: ArticleProfile, pb: ArticleProfile, same_language: bool) -> list[tuple[int, int, float, float]]:
    if not len(pa.embeddings) or not len(pb.embeddings):
        return []
    cosines = pa.embeddings @ pb.embeddings.T
    if same_language:
        scores = same_language_scores(cosines, pa.sentence_words, pb.sentence_words)
    else:
        scores = translation_scores(cosines)
    pairs = align_sentences(scores, SAME_CONTENT_PROBABILITY)
    if not same_language and len(pairs) >= MIN_ALIGNED_SENTENCES:
        # Fill the gaps between sure pairs at a lower cosine, near their diagonal.
        band = anchor_band(scores.shape, pairs)
        scores = np.where(band, translation_scores(cosines, GAP_TRANSLATION_COSINE), scores)
        pairs = align_sentences(scores, SAME_CONTENT_PROBABILITY)
    return [(i, j, float(scores[i, j]), float(cosines[i, j])) for i, j in pairs]


def _aligned_fraction(pa: ArticleProfile, pb: ArticleProfile, pairs) -> float:
    """Share of prose words inside aligned sentences, on the side with fewer prose words."""
    words_a = [len(w) for w in pa.sentence_words]
    words_b = [len(w) for w in pb.sentence_words]
    if not sum(words_a) or not sum(words_b):
        return 0.0
    if sum(words_a) <= sum(words_b):
        return sum(words_a[i] for i, _, _, _ in pairs) / sum(words_a)
    return sum(words_b[j] for _, j, _, _ in pairs) / sum(words_b)


def _copied_share(pa: ArticleProfile, pb: ArticleProfile, pairs) -> float:
    """Share of aligned sentence pairs whose full texts are (nearly) identical."""
    if not pairs:
        return 0.0
    copied = sum(fuzz.ratio(pa.sentences[i].text, pb.sentences[j].text) >= COPIED_SENTENCE_RATIO
                 for i, j, _, _ in pairs)
    return copied / len(pairs)


def _run_passages(pa: ArticleProfile, pb: ArticleProfile, runs) -> tuple[AlignedPassage, ...]:
    groups: list[list[tuple[int, int, int]]] = []
    for run in runs:
        if groups:
            i, j, n = groups[-1][-1]
            if run[0] - (i + n) <= MAX_GAP_WORDS and run[1] - (j + n) <= MAX_GAP_WORDS:
                groups[-1].append(run)
                continue
        groups.append([run])
    out = []
    for g in groups:
        (i0, j0, _), (i1, j1, n1) = g[0], g[-1]
        matched = sum(n for _, _, n in g)
        span = max(i1 + n1 - i0, j1 + n1 - j0)
        out.append(AlignedPassage(a=(pa.tokens[i0][0], pa.tokens[i1 + n1 - 1][1]),
                                  b=(pb.tokens[j0][0], pb.tokens[j1 + n1 - 1][1]),
                                  similarity=matched / span))
    return tuple(out)


def _sentence_passages(pa: ArticleProfile, pb: ArticleProfile, pairs) -> tuple[AlignedPassage, ...]:
    """One passage per aligned sentence pair, in order, plus the gaps between pairs.

    Not merged into one run: a reworded or translated copy is read sentence against
    sentence, and a reader needs to see which sentence became which. Sentences that
    are mostly quotation are never aligned (quotes are masked so shared quotes are
    not taken for copying), yet once two texts are linked, the text sitting between
    two aligned pairs on both sides is the same stretch of the report when it reads
    alike: it becomes a passage too, with the raw texts' likeness as similarity.
    """
    out: list[AlignedPassage] = []
    for k, (i, j, _, cosine) in enumerate(pairs):
        a = (pa.sentences[i].start, pa.sentences[i].end)
        b = (pb.sentences[j].start, pb.sentences[j].end)
        if out:
            out.extend(_gap_passage(pa.article.body, pb.article.body, out[-1].a[1], a[0], out[-1].b[1], b[0]))
        out.append(AlignedPassage(a=a, b=b, similarity=float(np.clip(cosine, 0.0, 1.0))))
    return tuple(out)


def _strip_span(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


def _gap_passage(body_a: str, body_b: str, a0: int, a1: int, b0: int, b1: int) -> list[AlignedPassage]:
    """``body_a[a0:a1]`` and ``body_b[b0:b1]`` (between two aligned pairs) as one passage when
    both hold text, neither is longer than ``MAX_GAP_CHARS`` and they read alike; else []."""
    a0, a1 = _strip_span(body_a, a0, a1)
    b0, b1 = _strip_span(body_b, b0, b1)
    if not (0 < a1 - a0 <= MAX_GAP_CHARS and 0 < b1 - b0 <= MAX_GAP_CHARS):
        return []
    likeness = fuzz.ratio(body_a[a0:a1], body_b[b0:b1]) / 100
    return [AlignedPassage(a=(a0, a1), b=(b0, b1), similarity=likeness)] if likeness >= MIN_GAP_LIKENESS else []
