from hypothesis import given, strategies as st
import pytest

from retold.clean import parse_credits
from retold.clean.credits import parse_byline


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Source: RT NEWS", ("RT",)),
        ("Based on reporting by Interfax and TASS", ("Interfax", "TASS")),
        ("With reporting by Interfax, TASS, and Fars", ("Interfax", "TASS", "Fars")),
        ("With reporting by AP, AFP, and Reuters", ("AP", "AFP", "Reuters")),
        ("The Associated Press contributed to this report.", ("Associated Press",)),
        ("Reporting by Reuters in Moscow", ("Reuters",)),
        ("Via: BBC News", ("BBC",)),
        # Wire staff credits name people, not outlets: a credit line crediting no source.
        ("(Reporting by Jane Doe; Editing by John Roe)", ()),
        # an outlet's people credit the outlet (found on crawled pages: The Hill, Fox News)
        ("Associated Press writers Alan Fram, Zeke Miller and Jill Colvin contributed to this report.",
         ("Associated Press",)),
        ("Fox News’ Jessica Napoli contributed to this report.", ("Fox News",)),
        ("Reuters correspondent Jane Doe contributed to this report.", ("Reuters",)),
        # a known outlet with a generic word is that outlet (Al Jazeera's "SOURCE: Al Jazeera News")
        ("SOURCE: Al Jazeera News", ("Al Jazeera",)),
        # what first published the article is an outlet whatever its name (ScienceAlert reposts)
        ("This article was originally published by Futurism. Read the original article.", ("Futurism",)),
        ("Originally published on Live Science.", ("Live Science",)),
    ],
)
def test_credits_parses_credit_lines(line, expected):
    assert parse_credits(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "",
        "   ",
        "Sources said the talks failed.",
        "Sources familiar with the matter said on Tuesday",
        "Russian Defense Minister Sergei Shoigu",
        "Comments (0)",
        "According to Reuters, the talks failed.",
        "Source: " + "word " * 40,
    ],
)
def test_credits_rejects_other_lines(line):
    assert parse_credits(line) is None


@given(st.text(max_size=300))
def test_credits_never_crashes(line):
    result = parse_credits(line)
    assert result is None or (isinstance(result, tuple) and all(isinstance(x, str) and x for x in result))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Stephen Howard, PA News", ("PA",)),
        ("By Jan Colley and Cathy Gordon, PA News", ("PA",)),
        ("By Jo Butler, Legal Affairs Correspondent, PA News", ("PA",)),
        ("By Joe Quinn, PA News, in Zeist, Netherlands", ("PA",)),
        ("By PA News Reporter", ("PA",)),
        ("By Jane Doe, Associated Press", ("Associated Press",)),
        # Not bylines that name an outlet: a writer alone, or prose that starts with "By".
        ("By Jane Doe", None),
        ("By day, Smith, a lorry driver, was a polite, softly spoken employee.", None),
        ("By next May, it will be more than a year since the handover.", None),
        ("", None),
    ],
)
def test_bylines_name_the_writers_outlet(line, expected):
    assert parse_byline(line) == expected
