from hypothesis import given, strategies as st
import pytest

from retold.clean import parse_credits


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
