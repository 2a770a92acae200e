"""Quote spans across typographies, and their offsets."""

import pytest
from hypothesis import given, strategies as st

from retold.reuse.quotes import mask_quotes, quote_spans


@pytest.mark.parametrize(
    "text, quoted",
    [
        ('He said "we will win" today.', ['"we will win"']),
        ("He said “we will win” today.", ["“we will win”"]),
        ("Er sagte „wir gewinnen“ heute.", ["„wir gewinnen“"]),
        ("Il a dit « nous gagnerons » hier.", ["« nous gagnerons »"]),
        ("She called it ‘brain dead’ last month.", ["‘brain dead’"]),
        ("Russia’s minister and the alliance’s chief met.", []),
        ("Western countries ‘ policies, said the admiral.", []),
        ("“The first paragraph of a long quote\nHe went on.", ["“The first paragraph of a long quote"]),
        ("the third time’s the charm,” DeGeneres said.", ["the third time’s the charm,”"]),
        ('the charm," she said. Then "more".', ['the charm,"', '"more"']),
        ("", []),
        # Chinese sets quote marks flush against the words on both sides.
        ("他说，“总统将获胜。”高迪补充说。", ["“总统将获胜。”"]),
        # A whole article on one line (scraped and cut): a closer far into the line, or
        # an opener near its start that never closes, is a lost mark, not a line-long quote.
        (" ".join(["word"] * 100) + ',” he said.', []),
        ('He said "' + " ".join(["word"] * 100), []),
    ],
)
def test_quotes_spans_by_typography(text, quoted):
    assert [text[s:e] for s, e in quote_spans(text)] == quoted


@pytest.mark.parametrize("text, masked", [
    ("“Not only halted,” Shoigu told Rossiya 1.", "… Shoigu told Rossiya 1."),
    ("No quotes at all.", "No quotes at all."),
    ("", ""),
])
def test_quotes_mask(text, masked):
    assert mask_quotes(text) == masked


@given(st.text(alphabet=st.sampled_from(list("ab ,.\n\"“”„«»‘’'")), max_size=80))
def test_quotes_spans_inside_text_and_ordered(text):
    spans = quote_spans(text)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(spans, spans[1:]))
    assert all("\n" not in text[s:e] for s, e in spans)
