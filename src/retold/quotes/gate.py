"""Whether a candidate (verb, content) pair is an attribution: a logistic model over parse features.

The extractor proposes a content for every speech verb or noun (its clause, object, colon or
nearby quotation; see ``retold.quotes.extract``); this gate keeps the pairs that are
attributions. (The weight of the former ``cue_quoted=False`` feature is folded into the
intercept: cues inside quotation marks are no longer candidates, so it was constant.)
It replaces a fixed verb list by weights learnt on PolNeAR's training split: the verb lemma
(so "support", "see", "want" count when their uses are mostly attitudes), whether the lemma
is a fitted cue, which cascade step found the content, who the subject is (a person, an
organisation, a pronoun, a thing), tense, passive, negation, and the content's shape (its
first word and head, which side of the cue it lies on; the extractor adds its final length,
how much of it is quoted, and whether it is split).

The weights live in ``_gate_model.json`` (generated; regenerate with
``python -m retold.eval.quotes --fit-gate ../shared/eval/quotes/polnear-train``). Without that
file every candidate whose verb is a lexicon cue passes, which is the behaviour of a plain
verb list.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

_MODEL_PATH = Path(__file__).with_name("_gate_model.json")
_LENGTH_BUCKETS = (2, 5, 12, 25)
_PERSON_PRONOUNS = frozenset({"he", "she", "i", "we", "they", "you", "who"})


def length_bucket(n: int) -> str:
    """A length (words or tokens) as one of a few bands, for a sparse feature."""
    return str(next((b for b in _LENGTH_BUCKETS if n <= b), "long"))


def _subject_kind(subject: Token | None) -> str:
    """What speaks: PERSON/ORG/... entity, a personal pronoun, another pronoun, a noun, nothing."""
    if subject is None:
        return "none"
    if subject.ent_type_:
        return subject.ent_type_
    if subject.lower_ in _PERSON_PRONOUNS:
        return "ppron"
    return subject.pos_


def candidate_features(cue: Token, step: str, content: list[Token], subject: Token | None,
                       lexicon: bool) -> dict[str, float]:
    """Sparse features of one candidate: ``cue`` verb, cascade ``step`` that found ``content``
    (the content tokens of the cue's own sentence; may be empty for quotation-only steps),
    grammatical ``subject`` (or None) and whether the lemma is a lexicon cue."""
    lemma = cue.lemma_.lower()
    children = list(cue.children)
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in content)
    subj = _subject_kind(subject)
    feats = {
        f"lemma={lemma}": 1.0,
        f"lemma_step={lemma}|{step}": 1.0,
        f"step={step}": 1.0,
        f"lexicon_step={lexicon}|{step}": 1.0,
        f"lexicon={lexicon}": 1.0,
        f"tag={cue.tag_}": 1.0,
        f"dep={cue.dep_}": 1.0,
        f"subj={subj}": 1.0,
        f"subj_step={subj}|{step}": 1.0,
        f"lexicon_subj={lexicon}|{subj}": 1.0,
        f"content_verb={has_verb}": 1.0,
        f"passive={any(c.dep_ in ('nsubjpass', 'auxpass') for c in children)}": 1.0,
        f"neg={any(c.dep_ == 'neg' for c in children)}": 1.0,
        f"modal={any(c.tag_ == 'MD' for c in children)}": 1.0,
    }
    feats[f"pos={cue.pos_}"] = 1.0
    feats[f"lemma_subj={lemma}|{subj}"] = 1.0
    if subject is not None and not subject.ent_type_:
        feats[f"subj_lemma={subject.lemma_.lower()}"] = 1.0
    if content:
        feats[f"content_side={'before' if content[0].i < cue.i else 'after'}"] = 1.0
        inside = {t.i for t in content}
        root = next((t for t in content if t.head.i not in inside or t.head is t), content[0])
        feats[f"content_first={content[0].lower_ if content[0].is_stop else content[0].pos_}"] = 1.0
        feats[f"content_root_pos={root.pos_}"] = 1.0
    return feats


@lru_cache(maxsize=1)
def _model() -> dict | None:
    if not _MODEL_PATH.exists():
        return None
    return json.loads(_MODEL_PATH.read_text(encoding="utf-8"))


def attribution_probability(features: dict[str, float]) -> float | None:
    """The model's probability that the candidate is an attribution; None without a model."""
    model = _model()
    if model is None:
        return None
    weights = model["weights"]
    z = model["intercept"] + sum(weights.get(k, 0.0) * v for k, v in features.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def keep(features: dict[str, float]) -> bool:
    """Whether to keep a candidate: its probability reaches the fitted threshold (the lexicon
    decides when no model is installed)."""
    p = attribution_probability(features)
    if p is None:
        return features.get("lexicon=True", 0.0) > 0
    return p >= _model()["threshold"]
