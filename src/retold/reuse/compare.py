"""Comparing one pair of articles: the evidence of shared prose, and the kind of reuse.

Quoted words never count as evidence on their own: word runs count only their
prose words, and sentences are compared on their quote-masked prose.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from rapidfuzz import fuzz

from retold.model import AlignedPassage, ReuseKind
from retold.reuse.align import MIN_RUN_WORDS, align_sentences, align_words, anchor_band
from retold.reuse.profile import ArticleProfile
from retold.reuse.similarity import GAP_TRANSLATION_COSINE, SAME_CONTENT_PROBABILITY, length_in_words, \
    same_language_scores, translation_scores

# "Nearly all of one is the other's text": share of one side's prose words (all its
# words, when it has almost no prose) inside runs shared with the other.
VERBATIM_COVERAGE = 0.8
# Prose words (outside quotes) in shared runs that make a partial copy: about one
# copied sentence. On MEANTIME, related Wikinews articles share stock phrases of
# 6-8 words ("las Fuerzas Aéreas de los EEUU") and never 20.
MIN_PARTIAL_PROSE_WORDS = 20
# Words in shared runs that make a verbatim copy, however short the copied text: a
# whole text of a few words is a stock line, not a report. METER dev's PA wire sends
# "The hearing was adjourned until tomorrow." (6 words) as an add of its own to many
# court stories; held whole in other stories' copy, it made 14 verbatim links between
# PA files and papers of different stories. Stock lines run 3-7 words ("The trial
# continues."); a reworded copy is asked for 8 phrase words (MIN_PHRASE_WORDS), so a
# copy word for word is asked for as many.
MIN_VERBATIM_WORDS = 8
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
# A short text (a headline and a sentence or two) is a translation with this many
# aligned sentences when they hold MIN_TRANSLATION_FRACTION of it. Gaps are filled
# (similarity.GAP_TRANSLATION_COSINE) between MIN_ALIGNED_SENTENCES sure pairs, or
# between two that make half the sentences of a text of four or fewer: two sure
# pairs and filled gaps in longer texts link related MEANTIME articles (stock reports).
MIN_TRANSLATION_SENTENCES = 2
# Unaligned text between two aligned translation pairs counts as translated when one
# side holds one sentence, the other some, and neither more than this many times the
# other's words (one sentence that the translation split in several). At 1.5, and
# without the one-sentence condition, related MEANTIME articles were linked.
MAX_GAP_LENGTH_RATIO = 1.25
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
# Shared phrases, in any order: prose words of one side inside a prose word
# PHRASE_WORDS-gram that the other side's prose also holds. Newspapers that take
# from an agency shorten, reorder and lightly reword its sentences, so the copy
# keeps the agency's phrases but few long runs in order. On METER dev (the
# newspaper article's share against its PA copy; see ``retold eval meter``) 4-grams
# separate derived from non-derived best (3-grams: stock phrases; 5+: lost to
# light rewording). Only phrases with wording count, not bare names and titles
# ("the U.S. Attorney's Office for the Western District", which every report of the
# case names): a phrase needs a lower-case word of 4+ letters. A pair is a partial
# copy when at least MIN_PHRASE_WORDS such words (two phrases: the wire's short items
# run to 30-60 words) make at least PARTIAL_PHRASE_SHARE of one side's prose;
# independently written reports of the same court case or match share 2-12% of
# their prose in stock phrases. Chosen on METER dev (derived P 0.86, R 0.70; 12 words:
# 0.88 / 0.66; no name rule: 0.85 / 0.82 but links between reports that share only
# names) together with the 181 scrapinghub pages (5 links between different sites).
# It is a rewrite when they make REWRITE_PHRASE_SHARE of it (most of the text is the
# other's, reworked: METER's wholly derived articles have a median of 0.46, partially
# derived ones 0.14, and 90% of those stay under 0.38).
PHRASE_WORDS = 4
MIN_PHRASE_PLAIN_WORDS = 1
MIN_PHRASE_WORDS = 8
PARTIAL_PHRASE_SHARE = 0.1
REWRITE_PHRASE_SHARE = 0.4
# A news agency's copy is sold to be reprinted: when one side of a pair is an agency and
# the other is not, copying is the expected relation, the copy's side is known, and less
# evidence decides. Such a pair is a partial copy when at least this share of the copy's
# distinct prose word TRIGRAM_WORDS-grams (outside quotes and boilerplate) are in the
# agency's text, and at least MIN_AGENCY_TRIGRAMS of them. On METER dev, the share of a
# newspaper article's trigrams in its best PA version has a median of 0.39 for wholly
# derived, 0.15 for partially and 0.08 for non-derived articles (independent reports of
# the same court case or match); 0.10 kept derived precision near 0.90 (on every
# newspaper-PA pair of a story: 0.06 gives P 0.85, R 0.88; 0.10 P 0.89, R 0.75; macro F1
# 0.70 / 0.69 with the rules above, 0.62 without). The count keeps a two-line text from
# being a copy by one shared trigram; 4 costs nothing on METER, 8 cost 0.02 macro F1.
# Word trigrams with stop words are a weak signal between any two texts (ECB+ reports
# of one event by different outlets: median share 0.03, 17% at 0.10 or more), so this
# rule is for agency pairs only; other pairs need the phrase evidence above.
TRIGRAM_WORDS = 3
AGENCY_COPY_TRIGRAM_SHARE = 0.10
MIN_AGENCY_TRIGRAMS = 4
# An agency copy is the agency's story reworked (kind rewrite), not a few passages taken
# from it (partial), when at least this share of its trigrams are in the agency's text.
# Newspapers shorten and reword the wire, so a copy that is wholly the agency's keeps a
# third or more of its trigrams, one that took some paragraphs far fewer. On METER dev
# (the kind of each derived article's strongest link, ``retold eval meter``), 0.35 puts
# wholly derived articles in verbatim or rewrite 0.62 of the time (0.34 without the rule:
# 92 of 139 were partial) and keeps partially derived ones partial 0.84 (0.90 without);
# chosen from the stored evidence, where 0.30 gave 0.61 / 0.82, 0.35 0.58 / 0.85 and 0.40
# 0.53 / 0.86. Only agency pairs: between other outlets trigrams are weak evidence
# (above), so they need the phrase share.
AGENCY_REWRITE_TRIGRAM_SHARE = 0.35
# Sentence pairs scored for one pair of articles at most. A rewrite or translation is looked
# for sentence by sentence, at the cost of the product of the two texts' sentences (each
# pair's lexical features, then a dynamic programme over the grid): two copies of a page of
# 5,000 sentences (378,000 characters) took 118 s and 1.2 GB, and longer ones would take
# hours. Past this a pair is judged on its word runs and phrases alone, so verbatim and
# partial copies are still found. Articles are far shorter: the crawl's two longest have 642
# and 219 sentences, METER's 95.
MAX_SENTENCE_PAIRS = 1_000_000
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
    that are word-for-word copies (COPIED_SENTENCE_RATIO); ``phrase_share`` each side's
    share of prose words inside shared phrases (``_phrases``), ``phrase_words`` the
    fewer such words; ``trigram_share`` and ``trigram_count`` each side's distinct prose
    word trigrams that the other text holds, as a share and as a count.
    """

    same_language: bool
    runs: tuple[tuple[int, int, int], ...]
    coverage: tuple[float, float]
    copied_prose: int
    sentence_pairs: tuple[tuple[int, int, float, float], ...]
    aligned_fraction: float
    copied_share: float
    phrase_share: tuple[float, float] = (0.0, 0.0)
    phrase_words: int = 0
    trigram_share: tuple[float, float] = (0.0, 0.0)
    trigram_count: tuple[int, int] = (0, 0)


def same_language(pa: ArticleProfile, pb: ArticleProfile) -> bool:
    """Whether two profiles are compared word for word (one language, or one side's unknown)."""
    return pa.language == pb.language or pa.language is None or pb.language is None


def word_runs(pa: ArticleProfile, pb: ArticleProfile) -> tuple[list[tuple[int, int, int]], tuple[float, float]]:
    """The word runs two profiles share (``align_words``; none across languages) and each
    side's share of prose words inside them (``PairEvidence.coverage``)."""
    runs = align_words(pa.words, pb.words, _min_run(pa, pb)) if same_language(pa, pb) else []
    in_a, in_b = _covered(len(pa.words), runs, 0), _covered(len(pb.words), runs, 1)
    return runs, (_prose_share(pa, in_a), _prose_share(pb, in_b))


def is_verbatim(runs: Sequence[tuple[int, int, int]], coverage: tuple[float, float]) -> bool:
    """Whether word runs and their coverage (``word_runs``) make a verbatim copy: nearly all
    of one text inside them, and at least MIN_VERBATIM_WORDS words."""
    return max(coverage) >= VERBATIM_COVERAGE and sum(n for _, _, n in runs) >= MIN_VERBATIM_WORDS


def _min_run(pa: ArticleProfile, pb: ArticleProfile) -> int:
    # A text shorter than a run counts as copied only when the other holds all of it.
    return min(MIN_RUN_WORDS, len(pa.words), len(pb.words))


def compare_profiles(pa: ArticleProfile, pb: ArticleProfile) -> PairEvidence:
    """The evidence of shared prose between two profiles (zeros when nothing is shared)."""
    one_language = same_language(pa, pb)
    min_run = _min_run(pa, pb)
    runs, coverage = word_runs(pa, pb)
    prose_a = sum(k for k in (unmarked_words(pa.quoted, i, n) for i, _, n in runs) if k >= min_run)
    prose_b = sum(k for k in (unmarked_words(pb.quoted, j, n) for _, j, n in runs) if k >= min_run)
    pairs = _sentence_pairs(pa, pb, one_language)
    phrases_a, phrases_b = _phrase_masks(pa, pb)[:2] if one_language else (None, None)
    overlap = _trigram_overlap(pa, pb) if one_language else ((0.0, 0.0), (0, 0))
    return PairEvidence(
        same_language=one_language,
        runs=tuple(runs),
        coverage=coverage,
        copied_prose=min(prose_a, prose_b),
        sentence_pairs=tuple(pairs),
        aligned_fraction=(_aligned_fraction if one_language else _translated_fraction)(pa, pb, pairs),
        copied_share=_copied_share(pa, pb, pairs),
        phrase_share=(_share_of_prose(pa, phrases_a), _share_of_prose(pb, phrases_b)),
        phrase_words=min(_count(phrases_a), _count(phrases_b)),
        trigram_share=overlap[0],
        trigram_count=overlap[1],
    )


def decide_kind(evidence: PairEvidence, copy_side: int | None = None) -> ReuseKind | None:
    """The kind of reuse the evidence shows, or None for no reuse (shared quotes only, or nothing).

    ``copy_side`` (0 or 1) is given when the other side is a news agency and this one is
    not: only the copy's side of the shared phrases counts (an agency's short take is
    mostly phrases that an independent report of the same case also uses), and its word
    trigrams in the agency's text are evidence on their own (AGENCY_COPY_TRIGRAM_SHARE).
    """
    enough = len(evidence.sentence_pairs) >= MIN_ALIGNED_SENTENCES
    if not evidence.same_language:
        enough = len(evidence.sentence_pairs) >= MIN_TRANSLATION_SENTENCES
        return "translation" if enough and evidence.aligned_fraction >= MIN_TRANSLATION_FRACTION else None
    mean_score = sum(s for _, _, s, _ in evidence.sentence_pairs) / max(1, len(evidence.sentence_pairs))
    aligned = (enough and evidence.aligned_fraction >= MIN_ALIGNED_FRACTION
               and mean_score >= MIN_REWRITE_MEAN_SCORE)
    if is_verbatim(evidence.runs, evidence.coverage):
        return "verbatim"
    if aligned and evidence.copied_share < MAX_REWRITE_COPIED_SHARE:
        return "rewrite"
    sides = (0, 1) if copy_side is None else (copy_side,)
    phrases = evidence.phrase_words >= MIN_PHRASE_WORDS
    # Reworked: most of one side is the other's phrases, and less than half of those sit
    # in long word-for-word runs (else it is a copy of some passages: partial).
    if phrases and any(evidence.phrase_share[k] >= REWRITE_PHRASE_SHARE
                       and evidence.coverage[k] < evidence.phrase_share[k] / 2 for k in sides):
        return "rewrite"
    if _agency_copy_share(evidence, copy_side) >= AGENCY_REWRITE_TRIGRAM_SHARE:
        return "rewrite"
    if evidence.copied_prose >= MIN_PARTIAL_PROSE_WORDS:
        return "partial"
    if aligned:
        return "rewrite"
    if phrases and max(evidence.phrase_share[k] for k in sides) >= PARTIAL_PHRASE_SHARE:
        return "partial"
    if _agency_copy_share(evidence, copy_side) >= AGENCY_COPY_TRIGRAM_SHARE:
        return "partial"
    return None


def _agency_copy_share(evidence: PairEvidence, copy_side: int | None) -> float:
    """The share of the agency copy's prose trigrams that are in the agency's text; 0 when
    neither side is the copy of an agency, or the copy holds under MIN_AGENCY_TRIGRAMS of them."""
    if copy_side is None or evidence.trigram_count[copy_side] < MIN_AGENCY_TRIGRAMS:
        return 0.0
    return evidence.trigram_share[copy_side]


def passages(pa: ArticleProfile, pb: ArticleProfile, evidence: PairEvidence,
             kind: ReuseKind) -> tuple[AlignedPassage, ...]:
    """Aligned spans for a link of ``kind``: word runs for verbatim and partial copies (and
    the shared phrases beside the runs of a partial copy judged on its phrases), aligned
    sentence pairs (and the gaps between them) for rewrites and translations, shared
    phrases otherwise."""
    if kind == "partial" and evidence.runs:
        # A partial copy was judged on the prose it shares (shared quotations are no
        # copying): its passages are the runs holding a run's worth of words outside
        # quotation marks. A run that is the same remark both outlets quote, with at most
        # its attribution ("the mayor said"), is left out unless nothing else is shared.
        # (Not ``quoted``: that also masks sentences three or more articles hold, which
        # are copied prose a reader must see, as in every paper that took one PA story.)
        prose_runs = tuple(r for r in evidence.runs
                           if min(unmarked_words(pa.in_quotes, r[0], r[2]), unmarked_words(pb.in_quotes, r[1], r[2])) >= MIN_RUN_WORDS)
        shown = _run_passages(pa, pb, prose_runs or evidence.runs)
        if evidence.copied_prose >= MIN_PARTIAL_PROSE_WORDS:
            return shown
        # Judged on its shared phrases (its runs hold fewer than MIN_PARTIAL_PROSE_WORDS
        # prose words): the phrases are shown beside the runs. The Hill and NBC News took 42
        # words of phrases from one Justice Department release, and the link showed one
        # run, "the U.S. Attorney's Office for the Western District of New York", which a
        # reader rightly took for no copying at all. Showing the phrases alone lost the
        # runs a newspaper took from PA copy (METER: its witnesses' words) for stock
        # fragments ("She told the jury").
        return _beside(shown, _phrase_passages(pa, pb))
    if kind == "verbatim" and evidence.runs:
        return _run_passages(pa, pb, evidence.runs)
    if kind == "translation" or (kind == "rewrite" and len(evidence.sentence_pairs) >= MIN_ALIGNED_SENTENCES):
        return _sentence_passages(pa, pb, evidence.sentence_pairs)
    # A link judged on word trigrams alone (an agency copy, AGENCY_COPY_TRIGRAM_SHARE) may
    # share no worded 4-gram: its shared worded trigrams are then what a reader is shown,
    # and failing those its shared trigrams of names and numbers (what the rule counted).
    return (_phrase_passages(pa, pb) or _phrase_passages(pa, pb, TRIGRAM_WORDS)
            or _phrase_passages(pa, pb, TRIGRAM_WORDS, plain_words=0))


def _beside(runs: tuple[AlignedPassage, ...], phrases: tuple[AlignedPassage, ...]) -> tuple[AlignedPassage, ...]:
    """``runs`` with the ``phrases`` that overlap none of them on side a, in side a's order."""
    extra = [p for p in phrases if not any(p.a[0] < r.a[1] and r.a[0] < p.a[1] for r in runs)]
    return tuple(sorted((*runs, *extra), key=lambda p: p.a))


def _trigram_overlap(pa: ArticleProfile, pb: ArticleProfile) -> tuple[tuple[float, float], tuple[int, int]]:
    """Per side: the share and the number of its distinct prose word trigrams (wholly outside
    quotes) that occur anywhere in the other text (``PairEvidence.trigram_share``)."""
    prose_a, prose_b = trigrams(pa, prose_only=True), trigrams(pb, prose_only=True)
    in_b, in_a = prose_a & trigrams(pb), prose_b & trigrams(pa)
    return ((_ratio(len(in_b), len(prose_a)), _ratio(len(in_a), len(prose_b))), (len(in_b), len(in_a)))


def trigrams(p: ArticleProfile, prose_only: bool = False) -> set[tuple[str, ...]]:
    """The distinct word TRIGRAM_WORDS-grams of ``p``; with ``prose_only``, only those wholly
    outside quotes (a copy's evidence: ``AGENCY_COPY_TRIGRAM_SHARE``)."""
    n, words, quoted = TRIGRAM_WORDS, p.words, p.quoted
    return {words[i:i + n] for i in range(len(words) - n + 1) if not (prose_only and any(quoted[i:i + n]))}


def _ratio(x: int, n: int) -> float:
    return x / n if n else 0.0


def _prose_grams(p: ArticleProfile, starts: list[int], n: int) -> dict[tuple[str, ...], int]:
    """Each phrase of ``p`` starting at ``starts`` (``_phrases``) -> where it first starts."""
    grams: dict[tuple[str, ...], int] = {}
    for start in starts:
        grams.setdefault(p.words[start:start + n], start)
    return grams


def _phrases(p: ArticleProfile, n: int, plain_words: int = MIN_PHRASE_PLAIN_WORDS) -> list[int]:
    """Start positions of the word n-grams that can be evidence of copying: wholly outside
    quotes, and worded, not only named: at least ``plain_words`` (MIN_PHRASE_PLAIN_WORDS) of their words
    is a lower-case word of 4+ letters. Two reports of one event share the names and titles
    of what they report ("the U.S. Attorney's Office for the Western District of New
    York", "NASA's Goddard Space Flight Center"); a copy shares the wording around them."""
    body = p.article.body
    plain = [len(w) >= 4 and not w.isdigit() and not body[s].isupper() for w, s in zip(p.words, p.tokens[:, 0].tolist())]
    starts, run = [], 0
    for i, q in enumerate(p.quoted):
        run = 0 if q else run + 1
        if run >= n and sum(plain[i - n + 1:i + 1]) >= plain_words:
            starts.append(i - n + 1)
    return starts


def _phrase_length(pa: ArticleProfile, pb: ArticleProfile, words: int = PHRASE_WORDS) -> int:
    """``words`` (PHRASE_WORDS), doubled when either text is written without spaces (its
    "words" are single ideographs or kana, about half a word each)."""
    def ideographic(p: ArticleProfile) -> bool:
        return bool(p.words) and sum(len(w) == 1 for w in p.words) > len(p.words) / 2
    return words * 2 if ideographic(pa) or ideographic(pb) else words


def _phrase_masks(pa: ArticleProfile, pb: ArticleProfile, words: int = PHRASE_WORDS,
                  plain_words: int = MIN_PHRASE_PLAIN_WORDS) -> tuple[np.ndarray, np.ndarray, int]:
    """Masks over ``pa.words`` and ``pb.words``: the words inside a phrase (``_phrases``, of
    ``words`` words, ``plain_words`` of them plain) that the other holds too; and the phrase
    length used. Each side's phrases are found once."""
    n = _phrase_length(pa, pb, words)
    starts_a, starts_b = _phrases(pa, n, plain_words), _phrases(pb, n, plain_words)
    return (_shared_mask(pa, starts_a, _prose_grams(pb, starts_b, n), n),
            _shared_mask(pb, starts_b, _prose_grams(pa, starts_a, n), n), n)


def _shared_mask(p: ArticleProfile, starts: list[int], theirs: dict, n: int) -> np.ndarray:
    mask = np.zeros(len(p.words), dtype=bool)
    for start in starts:
        if p.words[start:start + n] in theirs:
            mask[start:start + n] = True
    return mask


def _share_of_prose(p: ArticleProfile, mask: np.ndarray | None) -> float:
    if mask is None or not len(mask):
        return 0.0
    prose = ~np.array(p.quoted, dtype=bool)
    return float(mask[prose].mean()) if prose.any() else 0.0


def _count(mask: np.ndarray | None) -> int:
    return int(mask.sum()) if mask is not None else 0


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


def unmarked_words(flags: Sequence[bool], start: int, n: int) -> int:
    """Words of the run ``start .. start + n`` not marked in ``flags`` (a profile's
    ``quoted``: no evidence; or its ``in_quotes``: inside quotation marks)."""
    return sum(1 for flag in flags[start:start + n] if not flag)


def _sentence_pairs(pa: ArticleProfile, pb: ArticleProfile, same_language: bool) -> list[tuple[int, int, float, float]]:
    if not len(pa.embeddings) or not len(pb.embeddings) or len(pa.embeddings) * len(pb.embeddings) > MAX_SENTENCE_PAIRS:
        return []
    cosines = pa.embeddings @ pb.embeddings.T
    if same_language:
        scores = same_language_scores(cosines, pa.sentence_words, pb.sentence_words)
    else:
        scores = translation_scores(cosines)
    pairs = align_sentences(scores, SAME_CONTENT_PROBABILITY)
    if not same_language and len(pairs) >= _gap_anchors(pa, pb):
        # Fill the gaps between sure pairs at a lower cosine, near their diagonal.
        band = anchor_band(scores.shape, pairs)
        scores = np.where(band, translation_scores(cosines, GAP_TRANSLATION_COSINE), scores)
        pairs = align_sentences(scores, SAME_CONTENT_PROBABILITY)
    return [(i, j, float(scores[i, j]), float(cosines[i, j])) for i, j in pairs]


def _gap_anchors(pa: ArticleProfile, pb: ArticleProfile) -> int:
    """Sure translation pairs needed before the gaps between them are filled."""
    half = -(-min(len(pa.sentences), len(pb.sentences)) // 2)
    return min(MIN_ALIGNED_SENTENCES, max(MIN_TRANSLATION_SENTENCES, half))


def _aligned_fraction(pa: ArticleProfile, pb: ArticleProfile, pairs) -> float:
    """Share of prose words inside aligned sentences, on the side with fewer prose words."""
    words_a = [len(w) for w in pa.sentence_words]
    words_b = [len(w) for w in pb.sentence_words]
    if not sum(words_a) or not sum(words_b):
        return 0.0
    if sum(words_a) <= sum(words_b):
        return sum(words_a[i] for i, _, _, _ in pairs) / sum(words_a)
    return sum(words_b[j] for _, j, _, _ in pairs) / sum(words_b)


def _translated_fraction(pa: ArticleProfile, pb: ArticleProfile, pairs) -> float:
    """Share of prose words inside aligned sentences, on the shorter side, lengths taken
    in words of any script (a token here is one Chinese character, not one word)."""
    in_a, in_b = {i for i, _, _, _ in pairs}, {j for _, j, _, _ in pairs}
    for (i0, j0, _, _), (i1, j1, _, _) in zip(pairs, pairs[1:]):
        gap_a, gap_b = range(i0 + 1, i1), range(j0 + 1, j1)
        # One sentence on one side, text of like length on the other, between two aligned
        # pairs: the same sentence, split differently (one long sentence rendered as three).
        if 1 in (len(gap_a), len(gap_b)) and gap_a and gap_b \
                and _alike_length(_length(pa, gap_a), _length(pb, gap_b)):
            in_a.update(gap_a)
            in_b.update(gap_b)
    if _length(pa) <= _length(pb):
        return _share_in(pa.sentence_words, in_a)
    return _share_in(pb.sentence_words, in_b)


def _length(p: ArticleProfile, sentences=None) -> float:
    rows = p.sentence_words if sentences is None else [p.sentence_words[k] for k in sentences]
    return sum(length_in_words(w) for w in rows)


def _alike_length(a: float, b: float) -> bool:
    return min(a, b) >= max(a, b) / MAX_GAP_LENGTH_RATIO


def _share_in(sentence_words, aligned: set[int]) -> float:
    total = sum(len(w) for w in sentence_words)
    return sum(len(sentence_words[k]) for k in aligned) / total if total else 0.0


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
        out.append(AlignedPassage(a=(int(pa.tokens[i0, 0]), int(pa.tokens[i1 + n1 - 1, 1])),
                                  b=(int(pb.tokens[j0, 0]), int(pb.tokens[j1 + n1 - 1, 1])),
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


def _phrase_passages(pa: ArticleProfile, pb: ArticleProfile, words: int = PHRASE_WORDS,
                     plain_words: int = MIN_PHRASE_PLAIN_WORDS) -> tuple[AlignedPassage, ...]:
    """Shared phrases as passages, in ``pa``'s order: each stretch of ``pa``'s words inside
    shared ``words``-grams (PHRASE_WORDS), against the stretch of ``pb`` from the first to
    the last place those grams sit there (a reordered copy's phrases are shown where each
    side has them). ``similarity`` is the share of the ``pb`` stretch's words the grams cover."""
    mask, _, n = _phrase_masks(pa, pb, words, plain_words)
    theirs = _prose_grams(pb, _phrases(pb, n, plain_words), n)
    out: list[AlignedPassage] = []
    i = 0
    while i < len(mask):
        if not mask[i]:
            i += 1
            continue
        end = i
        while end < len(mask) and mask[end]:
            end += 1
        starts = [theirs[pa.words[k:k + n]] for k in range(i, end - n + 1) if pa.words[k:k + n] in theirs]
        j0, j1 = min(starts), max(starts) + n
        out.append(AlignedPassage(a=(int(pa.tokens[i, 0]), int(pa.tokens[end - 1, 1])),
                                  b=(int(pb.tokens[j0, 0]), int(pb.tokens[j1 - 1, 1])),
                                  similarity=min(1.0, (end - i) / (j1 - j0))))
        i = end
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
