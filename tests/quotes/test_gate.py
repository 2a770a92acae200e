"""The attribution gate: features of a candidate and the fitted keep/drop decision."""

import pytest

import retold.quotes.gate as gate
from retold.nlp import spacy_pipeline
from retold.quotes.cues import is_cue


@pytest.fixture(scope="module")
def nlp():
    return spacy_pipeline()


def _verb(nlp, text, lemma):
    doc = nlp(text)
    return next(t for t in doc if t.lemma_ == lemma), doc


@pytest.mark.parametrize(
    "text, lemma, expected",
    [
        ("Sergei Shoigu said relations were degrading.", "say", {"lemma=say", "subj=PERSON", "lexicon=True"}),
        ("The report shows that wages rose.", "show", {"lemma=show", "subj_lemma=report", "content_side=after",
                                                        "subj=NOUN"}),
    ],
)
def test_gate_features(nlp, text, lemma, expected):
    cue, doc = _verb(nlp, text, lemma)
    subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    content = [t for t in doc if t.i > cue.i and not t.is_punct]
    feats = gate.candidate_features(cue, "ccomp", content, subject, lexicon=is_cue(cue))
    assert expected <= set(feats)


def test_gate_features_empty_content(nlp):
    cue, _ = _verb(nlp, "He said.", "say")
    feats = gate.candidate_features(cue, "adjacent", [], None, lexicon=True)
    assert "subj=none" in feats and not any(k.startswith("content_side") for k in feats)


@pytest.mark.parametrize(
    "text, lemma, kept",
    [
        ("Sergei Shoigu said relations were degrading.", "say", True),
        ("Donald Trump endorsed tougher rules on trade.", "endorse", True),
        ("The company built a factory in Ohio.", "build", False),
    ],
)
def test_gate_keeps_attributions(nlp, text, lemma, kept):
    cue, doc = _verb(nlp, text, lemma)
    subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    obj = next(c for c in cue.children if c.dep_ in ("ccomp", "dobj"))
    step = "ccomp" if obj.dep_ == "ccomp" else "object"
    feats = gate.candidate_features(cue, step, list(obj.subtree), subject, lexicon=is_cue(cue))
    assert gate.keep(feats) is kept


def test_gate_without_model_falls_back_to_lexicon(monkeypatch):
    monkeypatch.setattr(gate, "_model", lambda: None)
    assert gate.attribution_probability({"lemma=say": 1.0}) is None
    assert gate.keep({"lexicon=True": 1.0}) and not gate.keep({"lexicon=False": 1.0})
