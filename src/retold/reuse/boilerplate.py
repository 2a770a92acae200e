"""Boilerplate: text that recurs across the corpus is no evidence of copying.

A newsletter sign-up line, a syndication disclaimer ("This story has not been
edited by ... and is auto-generated from a syndicated feed"), a paywall offer, a
publisher's footer on all its regional sites: scrapers keep such lines, and two
unrelated articles that both carry one are no report copied. As passim does with
frequently repeated passages, a sentence that BOILERPLATE_MIN_ARTICLES or more
articles hold (near-identical: the reuse stage's MinHash band buckets,
``blocking.band_keys``, so both engines agree) is masked before any pair is
judged: its words count as quoted (no evidence, like a shared quotation) and it
leaves sentence alignment.

Sentences, not word n-grams: wire copy recurs too, phrase by phrase, in every
paper that took it and in each version of the wire story (METER's stories have
2-5 PA versions), so masking frequent 5-grams cut METER dev's derived recall from
0.676 to 0.449; whole sentences are rarely taken unchanged by three or more
(recall 0.658, precision 0.861 -> 0.869). A story that several outlets republish
whole, or a paragraph of it, or in translation, is not lost: two texts that are a
verbatim copy of each other before masking, that share a run of ``find.LONG_RUN_WORDS``
prose words, or that are in two languages are judged as they are
(``find.link_for_pair``, reading ``ArticleProfile.unmasked``), whatever lines each site
adds; and an article with almost no evidence left is judged on all of its words
(``compare._prose_share``). Boilerplate that a scraper ran into the article's own
sentence (no line or sentence break between them) is not a sentence of its own and stays here, as
do pages that are nothing but furniture (an anti-bot page saved twice is a verbatim
pair): a link that rests on such text is dropped after its decision by what the text
says (``retold.reuse.furniture``), whoever holds it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

import numpy as np

from retold.reuse.candidates import chunk_band_keys, key_holders
from retold.reuse.profile import ArticleProfile

# Articles holding a sentence that make it boilerplate. Two outlets sharing a passage
# is what reuse looks for; a third holding the same sentence is evidence of a site's
# or a syndicator's standing text (on 1,490 real pages of the SemEval sample, 3
# removes 12 of 28 furniture links in a judged sample of 40 and 1 of 12 right ones).
BOILERPLATE_MIN_ARTICLES = 3


def frequent_sentences(profiles: Sequence[ArticleProfile],
                       chunk_keys: Sequence[Sequence[list[bytes]]] | None = None) -> list[frozenset[int]]:
    """Per profile, the indices of its sentences (``profile.sentences``) that share a MinHash
    band bucket with sentences of at least BOILERPLATE_MIN_ARTICLES articles, itself counted
    (the bucket of one band is how near-identical sentences meet; the Spark engine counts
    the same buckets). ``chunk_keys``: ``candidates.chunk_band_keys(profiles)``, when the
    caller has them."""
    # Every blocking chunk counts (sentences and the whole body, ``candidates.chunk_rows``),
    # as in the Spark engine; only sentences are masked.
    keys = chunk_band_keys(profiles) if chunk_keys is None else chunk_keys
    holders = key_holders(keys)
    return [frozenset(k for k, sentence_keys in enumerate(per_sentence[:len(p.sentences)])
                      if any(holders[key] >= BOILERPLATE_MIN_ARTICLES for key in sentence_keys))
            for p, per_sentence in zip(profiles, keys)]


def without_boilerplate(profile: ArticleProfile, frequent: frozenset[int] | set[int]) -> ArticleProfile:
    """``profile`` with the words of its ``frequent`` sentences marked as quoted (no evidence)
    and those sentences left out of alignment; the profile itself when there are none.
    Indices past the last sentence (the whole-body chunk) are ignored."""
    frequent = {k for k in frequent if k < len(profile.sentences)}
    if not frequent:
        return profile
    starts = profile.tokens[:, 0]
    quoted = np.array(profile.quoted, dtype=bool)
    for k in frequent:
        sentence = profile.sentences[k]
        quoted[np.searchsorted(starts, sentence.start):np.searchsorted(starts, sentence.end)] = True
    keep = [k for k in range(len(profile.sentences)) if k not in frequent]
    return replace(profile, unmasked=profile, quoted=tuple(bool(q) for q in quoted),
                   sentences=tuple(profile.sentences[k] for k in keep),
                   sentence_words=tuple(profile.sentence_words[k] for k in keep),
                   embeddings=profile.embeddings[keep] if len(profile.embeddings) else profile.embeddings)
