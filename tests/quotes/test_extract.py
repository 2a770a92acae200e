"""Attribution extraction on hand-written paragraphs, the polnear dev split and random text."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retold.model import Article
from retold.quotes import extract_quotes, extract_quotes_batch


def _quotes(body: str):
    return extract_quotes(Article(id="t", body=body))


@pytest.mark.parametrize(
    "body, speaker, text, kind",
    [
        ('"Relations are getting worse," Sergei Shoigu said.', "Sergei Shoigu", "Relations are getting worse", "direct"),
        ("“Relations are getting worse,” Sergei Shoigu said.", "Sergei Shoigu", "Relations are getting worse", "direct"),
        ("«Relations are getting worse», Sergei Shoigu said.", "Sergei Shoigu", "Relations are getting worse", "direct"),
        ("„Relations are getting worse“, Sergei Shoigu said.", "Sergei Shoigu", "Relations are getting worse", "direct"),
        ("‹Relations are getting worse›, Sergei Shoigu said.", "Sergei Shoigu", "Relations are getting worse", "direct"),
        ("Sergei Shoigu said that relations were degrading.", "Sergei Shoigu", "relations were degrading", "indirect"),
        ('Sergei Shoigu called the claims "unfounded".', "Sergei Shoigu", "unfounded", "mixed"),
        ('Sergei Shoigu said it was "not our fault" that ties froze.', "Sergei Shoigu",
         'it was "not our fault" that ties froze', "mixed"),
        ('Sergei Shoigu said: "We are ready to talk."', "Sergei Shoigu", "We are ready to talk", "direct"),
        ("According to the Russian Defence Ministry, the drills were routine.", "Russian Defence Ministry",
         "the drills were routine", "indirect"),
        ("The Russian Defence Ministry said the drills were routine.", "Russian Defence Ministry",
         "the drills were routine", "indirect"),
        ("“He told me ‘we are ready’ yesterday,” Sergei Shoigu said.", "Sergei Shoigu",
         "He told me ‘we are ready’ yesterday", "direct"),
    ],
)
def test_extract_forms(body, speaker, text, kind):
    quote = _quotes(body)[0]
    assert (quote.speaker, quote.text, quote.kind) == (speaker, text, kind)
    assert body[quote.span[0]:quote.span[1]] == text


@pytest.mark.parametrize(
    "body, speaker",
    [
        ("Russian Defence Minister Sergei Shoigu spoke on Sunday.\nHe said relations were degrading.", "Sergei Shoigu"),
        ("Defense Minister Sergei Shoigu visited Minsk.\nThe minister said the talks had failed.", "Sergei Shoigu"),
        ("Sergei Shoigu visited Minsk on Monday.\nShoigu said the talks had failed.", "Sergei Shoigu"),
        ("Russia's new ambassador to the UK, Andrei Kelin, spoke on Monday.\n“NATO has inertia,” he said.",
         "Andrei Kelin"),
    ],
)
def test_extract_resolves_speaker_across_sentences(body, speaker):
    assert _quotes(body)[-1].speaker == speaker


def test_extract_split_quote_is_one_quote():
    body = 'Sergei Shoigu spoke in Minsk.\n"Unfortunately," he said, "relations are getting worse."'
    [quote] = _quotes(body)
    assert quote.text == "Unfortunately relations are getting worse"
    assert quote.speaker == "Sergei Shoigu"
    assert body[quote.span[0]:quote.span[1]] == 'Unfortunately," he said, "relations are getting worse'


def test_extract_multi_sentence_quote_and_continuation():
    body = ('Sergei Shoigu met Sergei Lavrov. "We will respond. We have no choice," Shoigu said.\n'
            '"The West has left us no other option."')
    quotes = _quotes(body)
    assert [q.text for q in quotes] == ["We will respond. We have no choice", "The West has left us no other option"]
    assert {q.speaker for q in quotes} == {"Sergei Shoigu"}


def test_extract_ids_and_article():
    quotes = _quotes('"A," Shoigu said. "B is the case," Lavrov said.')
    assert [q.id for q in quotes] == ["q-t-1", "q-t-2"]
    assert all(q.article == "t" and q.cluster is None for q in quotes)


@pytest.mark.parametrize("body", ["", "\n\n", "No one spoke today."])
def test_extract_empty(body):
    assert _quotes(body) == []


def test_extract_batch_empty():
    assert extract_quotes_batch([]) == []


_SENTENCES = [
    '"We are ready," Shoigu said.', "He said relations were bad.", "“Unfortunately,” he said, “no.”",
    "According to the ministry, drills ended.", "Rain fell on Moscow.", "«Nous sommes prêts», dit-il.",
    "She called it “brain dead”.", "“", '"', "\n", "Shoigu said:", "It’s NATO’s ‘fault’.",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_SENTENCES), max_size=6))
def test_extract_spans_inside_body(parts):
    body = " ".join(parts)
    for quote in _quotes(body):
        start, end = quote.span
        assert 0 <= start < end <= len(body)
        inside = body[start:end]
        if quote.text == inside.strip():
            assert inside == quote.text
        else:  # a split quote: every fragment of the text lies inside the span, in order
            for word in quote.text.split():
                assert word in inside


def test_extract_polnear_dev_floor(shared_dir):
    """First 12 dev articles: content F1 and speaker accuracy floors (full split: make eval)."""
    from retold.eval.quotes import evaluate

    result = evaluate(shared_dir / "eval" / "quotes" / "polnear-dev", limit=12)
    assert result["content_f1"] >= 0.50
    assert result["speaker_accuracy"] >= 0.80


@pytest.mark.slow
def test_extract_polnear_dev_full_floor(shared_dir):
    from retold.eval.quotes import evaluate

    result = evaluate(shared_dir / "eval" / "quotes" / "polnear-dev")
    assert result["content_f1"] >= 0.55
    assert result["speaker_accuracy"] >= 0.85
