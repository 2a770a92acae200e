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


@pytest.mark.parametrize(
    "body, speaker, text",
    [
        # mid-sentence cue clause between commas
        ("Mary Smith runs a club in Florida. The golf industry, she said, is doing much better.",
         "Mary Smith", "The golf industry is doing much better"),
        # quoted words in the object's phrase
        ("Sen. Ted Cruz slammed Marco Rubio for his “amnesty plan” on Tuesday.", "Ted Cruz",
         "Marco Rubio for his “amnesty plan” on Tuesday"),
        # a trailing participle aside is the reporter's, not the speaker's
        ("Ted Cruz said that Donald Trump represents New York values, drawing boos from the crowd.", "Ted Cruz",
         "Donald Trump represents New York values"),
        # a fronted participle clause is not content
        ("Criticizing the plan, Jeb Bush said it would fail.", "Jeb Bush", "it would fail"),
        # NYT typography: two apostrophes as quotation marks
        ("''We are ready,'' Mr. Obama said.", "Obama", "We are ready"),
        # a speech noun
        ("Donald Trump repeated his claim that the election was rigged.", "Donald Trump", "the election was rigged"),
    ],
)
def test_extract_polnear_forms(body, speaker, text):
    assert any((q.speaker, q.text) == (speaker, text) for q in _quotes(body)), _quotes(body)


@pytest.mark.parametrize(
    "body",
    [
        # a verb with a subject is not speech
        "Ford opted to write a new chapter for the Mustang.",
        "Other features include a larger battery and a faster charger.",
        "Donald Trump endorsed tougher rules on trade.",
        # attitudes and findings are not quotes
        "Republican leaders are confident that the bill will pass.",
        "Another study found that eating late increased blood sugar.",
        "Schiff never expected that Trump would release the transcript.",
        # the writer's own voice, speech that did not happen, an unnamed passive speaker
        "We confirmed that you do still receive the credit.",
        "Words cannot describe how much I love this company.",
        "His mother, Queen Elizabeth, was said to have been disapproving of the idea.",
        "People will ask you to write blog posts for them.",
        # headings, list lines and an advice column's addressee
        "Portion Fix Containers: 1 Purple, 1 Red, 1 tsp",
        "DEAR FEELING: Of course you should be happy that you will be visiting a beautiful country.",
        # a document's own parts and demonstratives speak for no one (a manual's pages in a crawl)
        "Chapter 1 explains how to install the compiler and write a first program.",
        "This warns that the struct update syntax uses the same fields.",
    ],
)
def test_extract_not_quotes(body):
    assert _quotes(body) == []


def test_extract_cue_inside_quotation_is_not_the_cue():
    """Seed 002: “We keep saying ...” is one quote by the minister of the sentence before."""
    body = ("Defense Minister Sergei Shoigu spoke on Sunday.\n"
            "NATO is reluctant to work with Russia, the minister said. “We keep saying that we’ll do everything "
            "faster and more effective together. But all we could agree upon is avoiding some kind of incident.”")
    quotes = _quotes(body)
    [quote] = [q for q in quotes if "We keep saying" in q.text]
    assert quote.text.startswith("We keep saying that we’ll do everything faster")
    assert quote.text.endswith("avoiding some kind of incident")
    assert quote.speaker == "Sergei Shoigu" and quote.cue is None
    assert not any(q.cue == "saying" for q in quotes)


def test_extract_person_named_next_to_a_quotation_is_its_speaker():
    body = ("Tim Cook spoke with Marc Benioff on stage.\n"
            "“We really took that challenge to heart,” Cook said.\n"
            "“We all miss Steve so much,” Benioff weighed in.")
    assert _quotes(body)[-1].speaker == "Marc Benioff"


@pytest.mark.parametrize(
    "body, speaker",
    [
        # a person's title tells a pronoun's gender
        ("Hillary Clinton met Mr. Trump on Monday.\nMr. Trump spoke first.\nShe said the plan would hurt families.",
         "Hillary Clinton"),
        # the name dictionary (or the article's titles) tells it too
        ("Hillary Clinton debated Donald Trump.\nHe said the plan would help families.", "Donald Trump"),
        # "I" inside someone's quotation is that speaker
        ("“I think the plan will fail,” Jeb Bush said.", "Jeb Bush"),
    ],
)
def test_extract_speaker_rules(body, speaker):
    assert _quotes(body)[-1].speaker == speaker


def test_extract_strips_role_words_before_a_first_name():
    """Role and organisation words before a name that NER filed as an organisation (needs the
    first-name dictionary of the optional gender-guesser package)."""
    pytest.importorskip("gender_guesser")
    body = "The commander of the Northern Fleet Aleksandr Moiseev said the drills were routine."
    assert _quotes(body)[-1].speaker == "Aleksandr Moiseev"


def test_extract_quotes_after_cue_in_one_paragraph_are_one_quote():
    body = "“I am very disappointed in the RNC,” Donald Trump said. “The room has been stacked with donors.”"
    [quote] = _quotes(body)
    assert quote.text == "I am very disappointed in the RNC The room has been stacked with donors"
    assert quote.speaker == "Donald Trump"


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
    """First 12 dev articles through ``retold.analyze``, the exported quotes scored one to one
    (full split: the slow test below)."""
    from retold.eval.quotes import evaluate

    result = evaluate(shared_dir / "eval" / "quotes" / "polnear-dev", limit=12)
    assert result["speech_f1"] >= 0.64  # measured 0.708
    assert result["speaker_named_accuracy"] >= 0.82  # measured 0.881


@pytest.mark.slow
def test_extract_polnear_dev_full_floor(shared_dir):
    from retold.eval.quotes import evaluate

    result = evaluate(shared_dir / "eval" / "quotes" / "polnear-dev")
    assert result["speech_f1"] >= 0.66  # measured 0.698
    assert result["direct_f1"] >= 0.74  # measured 0.784
    assert result["speaker_named_accuracy"] >= 0.88  # measured 0.907


def test_extract_skips_languages_the_parser_does_not_read():
    korean = Article(id="ko", body="“그것은 최근 일이다,” 김 장관이 말했다.", language="ko")
    english = Article(id="en", body="“Relations are getting worse,” Sergei Shoigu said.", language="en")
    assert [q.article for q in extract_quotes_batch([korean, english])] == ["en"]
