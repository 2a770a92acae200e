"""Word vectors weighted by how rare each word is in the language at large, not in
the batch at hand: the wording evidence of ``similarity`` (``body``).

Why not the batch's own IDF: in a crawl, the pages on one topic (four US-China trade
pieces, three Hong Kong pieces, two L.A. Auto Show reveals) make their topic words rare
in the batch, so two reports of different events on one topic share many "rare" words.
What two reports of one event share beyond their topic is rarer still in the language
(Doobie, bubonic, duvet, Sondland against tariff, Beijing, keyboard). The weight of a
word is ``CEILING`` minus its Zipf frequency (log10 of its frequency per billion words)
from wordfreq's word lists, which are built from Wikipedia, news, books, subtitles and
the web in 40 languages; it does not depend on which articles arrived together.

Measured at the pair level (logistic model refitted on ECB+ dev alone, average precision
of same-event pairs) with these vectors in place of batch TF-IDF: the crawl's 181 pages
0.688 -> 0.805, ECB+ dev 0.970 -> 0.970, SemEval dev 0.743 -> 0.760, METER dev 0.917 ->
0.915. ``similarity`` mixes the two (``SPECIFICITY_SHARE``, with the clustering figures).

An article of unknown language (``Article.language`` None, as when the API is given
bare articles) is weighed in the language ``nlp.detect_language`` reads in its text.
Languages without a wordfreq list (``nlp.word_frequency_languages``), and texts too short
to tell, weigh every word as a rare one: a plain term-frequency cosine.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import FeatureHasher
from sklearn.preprocessing import normalize

from retold.nlp import detect_language, word_frequency_languages, zipf_frequencies

# Words at least this frequent (Zipf 6: one in a thousand words; "the" is 7.7, "said"
# 6.2, "government" 5.6, "tariff" 3.5, "bubonic" 2.6) weigh nothing. 5, 6 and 7 gave the
# crawl 0.798 / 0.805 / 0.807 and ECB+ 0.972 / 0.970 / 0.969 (average precision as above);
# 7 with the mix of ``similarity`` and refitted: crawl pairwise P 0.529 against 0.554.
CEILING = 6.0
# Words absent from a list (names, typos, new coinages) count as this frequent. 1.5
# instead of 0 (refitted, as above): every dev figure the same or within 0.01.
UNSEEN_ZIPF = 0.0
# Hashed columns: collisions among a few hundred thousand distinct words are rare and
# only blur two words' weights together.
N_FEATURES = 2**20
# Letters and digits (no underscores), with inner apostrophes: "doesn't" and "O'Brien" are
# one word each, as wordfreq lists them (split at the apostrophe, "doesn" and "brien" are
# in no list and would weigh as the rarest words). A possessive "'s" is dropped: "Trump's"
# is "trump".
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_POSSESSIVE = "'s"


def word_weight(word: str, language: str | None) -> float:
    """``CEILING`` minus the word's Zipf frequency in ``language`` (floored at 0);
    ``CEILING`` for a language without a list."""
    return float(_weights([word], language)[0])


def _weights(words_: Sequence[str], language: str | None) -> np.ndarray:
    if language not in word_frequency_languages():
        return np.full(len(words_), CEILING, dtype=np.float32)
    return np.maximum(0.0, CEILING - zipf_frequencies(words_, language, unseen=UNSEEN_ZIPF))


def words(text: str) -> Counter:
    """Lower-cased words of two characters or more (see ``_WORD``), digits-only tokens
    left out."""
    found = _WORD.findall(text.lower().replace("\u2019", "'"))
    counts = Counter(w[:-2] if w.endswith(_POSSESSIVE) else w for w in found)
    for word in [w for w in counts if len(w) < 2 or w.isdigit()]:
        del counts[word]
    return counts


def specificity_matrix(texts: Sequence[str], languages: Sequence[str | None]) -> sparse.csr_matrix:
    """L2-normalised rows: each word of a text at ``(1 + log count) * word_weight``
    (a row of zeros for a text without a weighed word).

    Texts are weighed one language at a time, so each word list is looked up from one
    loaded table (``nlp.zipf_frequencies`` keeps a few; a crawl in 40 languages must not
    hold 40 tables, nor load one again for every other text)."""
    if not texts:
        return sparse.csr_matrix((0, N_FEATURES), dtype=np.float32)
    resolved = [resolved_language(text, language) for text, language in zip(texts, languages)]
    by_language: dict[str | None, list[int]] = {}
    for k, language in enumerate(resolved):
        by_language.setdefault(language, []).append(k)
    hasher = FeatureHasher(n_features=N_FEATURES, input_type="pair", alternate_sign=False, dtype=np.float32)
    order: list[int] = []
    parts = []
    for language, members in by_language.items():
        parts.append(hasher.transform([[(word, (1.0 + math.log(count)) * weight)
                                        for word, count, weight in weighed_words(texts[k], language)]
                                       for k in members]))
        order.extend(members)
    stacked = sparse.vstack(parts, format="csr")
    rows = np.empty(len(order), dtype=np.int64)
    rows[np.asarray(order)] = np.arange(len(order))  # row of each text in ``stacked``
    return normalize(stacked[rows]).tocsr()


def weighed_words(text: str, language: str | None) -> list[tuple[str, int, float]]:
    """``[(word, count, word_weight)]`` of ``text`` read in ``language``, words of weight 0
    left out."""
    counts = words(text)
    found = list(counts)
    return [(w, counts[w], float(x)) for w, x in zip(found, _weights(found, language)) if x > 0]


def resolved_language(text: str, language: str | None) -> str | None:
    """The language a text is weighed in: ``language`` without its region, else the one
    ``nlp.detect_language`` reads (None when the text is too short to tell)."""
    return _base(language or detect_language(text))


def _base(language: str | None) -> str | None:
    """``pt-BR`` -> ``pt``; ``None`` stays ``None``."""
    return language.split("-")[0].lower() if language else None
