"""Quotation-mark spans: typography, nesting, apostrophes, offsets."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retold.quotes.marks import find_quoted_spans


@pytest.mark.parametrize(
    "text, inside",
    [
        ('He said "we are ready" today.', ["we are ready"]),
        ("He said “we are ready” today.", ["we are ready"]),
        ("Er sagte „wir sind bereit“ heute.", ["wir sind bereit"]),
        ("Il a dit « nous sommes prêts » hier.", [" nous sommes prêts "]),
        ("Il a dit ‹ prêts › hier.", [" prêts "]),
        ("“He told me ‘we are ready’ yesterday,” she said.", ["He told me ‘we are ready’ yesterday,"]),
        ("Russia’s minister said ‘no’ to NATO’s plan.", ["no"]),
        ("“Unfortunately,” he said, “relations are worse.”", ["Unfortunately,", "relations are worse."]),
        ("''We will win,'' he said. ''Yes.''", ["We will win,", "Yes."]),
        ("the ''anyone'' he had in mind", ["anyone"]),
        ("Obama's ''red line'' held", ["red line"]),
        ("Johnson said in ‘08 that voters ‘changed’ course.", ["changed"]),
    ],
)
def test_marks_finds_outermost_spans(text, inside):
    assert [text[s.start:s.end] for s in find_quoted_spans(text)] == inside


def test_marks_unclosed_quote_runs_to_paragraph_end():
    text = "“First paragraph of a long quote.\n“Second one,” he said."
    spans = find_quoted_spans(text)
    assert text[spans[0].start:spans[0].end] == "First paragraph of a long quote."
    assert not spans[0].closed
    assert text[spans[1].start:spans[1].end] == "Second one,"


@pytest.mark.parametrize("text", ["", "no quotes here", "Russia’s and NATO’s"])
def test_marks_empty_when_no_quotes(text):
    assert find_quoted_spans(text) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,\n\"“”„«»‹›‘’'")), max_size=80))
def test_marks_spans_inside_text_and_one_paragraph(text):
    last_end = 0
    for span in find_quoted_spans(text):
        assert 0 <= span.start < span.end <= len(text)
        assert "\n" not in text[span.start:span.end]
        assert span.start >= last_end  # ordered, non-overlapping
        last_end = span.end
