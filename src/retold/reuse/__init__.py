"""reuse stage: provenance, who copied whom (verbatim, partial, rewrite, translation)."""

from retold.reuse.align import align_sentences, align_words
from retold.reuse.compare import PairEvidence, compare_profiles, decide_kind
from retold.reuse.find import find_reuse
from retold.reuse.provenance import judge_source, names_outlet
from retold.reuse.quotes import mask_quotes, quote_spans

__all__ = [
    "PairEvidence", "align_sentences", "align_words", "compare_profiles", "decide_kind",
    "find_reuse", "judge_source", "mask_quotes", "names_outlet", "quote_spans",
]
