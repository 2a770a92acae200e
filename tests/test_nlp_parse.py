"""Parsing texts of any length: ``retold.nlp.parse`` cuts what spaCy would refuse (E088) into
pieces at paragraph or sentence ends and joins the parses back into one Doc per text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retold import nlp
from retold.nlp import parse, parse_in_pieces, parse_pieces, spacy_pipeline


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .!?\n\"”"), max_size=400), st.integers(min_value=1, max_value=60))
def test_parse_pieces_join_back_exactly_within_the_limit(text, limit):
    pieces = parse_pieces(text, limit)
    assert "".join(pieces) == text
    assert all(len(p) <= limit for p in pieces)
    assert all(p for p in pieces[:-1])
    assert len(pieces) <= 2 * len(text) // limit + 1  # pieces are at least half the limit: linear


def test_parse_pieces_cut_at_a_paragraph_then_a_sentence_then_a_space():
    assert parse_pieces("One two. Three four\nfive six.", 22) == ["One two. Three four\n", "five six."]
    assert parse_pieces("One two three. Four five six.", 20) == ["One two three. ", "Four five six."]
    assert parse_pieces("one two three four five", 12) == ["one two ", "three four ", "five"]
    assert parse_pieces("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert parse_pieces("short", 100) == ["short"]


@pytest.fixture(scope="module")
def english():
    return spacy_pipeline()


def test_parse_short_texts_exactly_as_nlp_pipe(english):
    texts = ["The minister said on Monday that talks were over.", "", "Officials in Paris disagreed."]
    for mine, theirs in zip(parse(english, texts), english.pipe(texts), strict=True):
        assert [(t.text, t.idx, t.head.i, t.dep_, t.ent_type_) for t in mine] == \
               [(t.text, t.idx, t.head.i, t.dep_, t.ent_type_) for t in theirs]


def test_parse_text_over_max_length_in_pieces_with_offsets_of_the_whole(english, monkeypatch):
    sentence = "Officials in Paris said on Monday that the talks with Berlin were over. "
    text = sentence * 40 + "Angela Merkel disagreed.\n" + sentence * 40
    monkeypatch.setattr(english, "max_length", 1000)
    with pytest.raises(ValueError, match="E088"):
        english(text)
    docs = list(parse(english, ["Short one.", text, "Another short one."]))
    assert [d.text for d in docs] == ["Short one.", text, "Another short one."]
    doc = docs[1]
    assert all(doc.text[t.idx:t.idx + len(t.text)] == t.text for t in doc)
    people = [e for e in doc.ents if e.text == "Angela Merkel"]
    assert people and people[0].start_char == text.index("Angela Merkel")
    assert len(list(doc.sents)) >= 81  # every sentence kept its own parse
    pieces = next(parse_in_pieces(english, [text]))
    assert len(pieces) > 1 and all(len(d.text) < 1000 for _, d in pieces)
    assert all(text[start:start + len(d.text)] == d.text for start, d in pieces)  # offsets into the whole text
    assert [(e.text, start + e.start_char) for start, d in pieces for e in d.ents] == \
           [(e.text, e.start_char) for e in doc.ents]


def test_parse_batches_stay_within_the_character_budget(english, monkeypatch):
    seen: list[int] = []
    pipe = english.pipe

    def recording(texts, **kwargs):
        if kwargs.get("as_tuples"):  # parse's call (spaCy then calls pipe again, on the bare texts)
            texts = list(texts)
            seen.append(sum(len(t) for t, _ in texts))
        return pipe(texts, **kwargs)

    monkeypatch.setattr(english, "pipe", recording)
    monkeypatch.setattr(nlp, "PARSE_PIECE_CHARS", 100)
    monkeypatch.setattr(nlp, "PARSE_BATCH_CHARS", 300)
    text = "Talks were over, officials said. " * 40
    assert next(parse(english, [text])).text == text
    assert len(seen) > 1 and max(seen) <= 300
