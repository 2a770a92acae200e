"""Page furniture at the head of a text (retold.segment.furniture.head_furniture), read by
meaning in twelve-word windows."""

from hypothesis import given
from hypothesis import strategies as st

from retold.segment.furniture import HEAD_WORDS, WINDOW_WORDS, head_furniture
from retold.stories.features import without_spans

REPORT = ("The city council of Springfield voted on Tuesday to close the old harbour bridge for repairs after "
          "engineers found cracks in two of its steel supports last month.")
NOTICE = "Wir verwenden Cookies. Wenn Sie die Seite weiter nutzen, stimmen Sie der Verwendung von Cookies zu."


def test_head_furniture_finds_a_notice_before_the_report_in_any_language():
    consent, clean, late = head_furniture([f"{NOTICE} {REPORT}", REPORT, f"{REPORT} {REPORT} {REPORT} {NOTICE}"])
    assert consent and consent[0][0] == 0 and consent[-1][1] <= len(NOTICE) + 40
    assert clean == ()
    assert late == ()  # past the head's HEAD_WORDS words nothing is read
    assert len(f"{REPORT} {REPORT} {REPORT}".split()) > HEAD_WORDS


def test_head_furniture_of_empty_and_short_texts():
    assert head_furniture([]) == []
    assert head_furniture(["", "Breaking news."]) == [(), ()]


@given(st.text(alphabet="ab \n", max_size=60), st.lists(st.integers(0, 60), max_size=6))
def test_without_spans_keeps_every_character_outside_them(text, cuts):
    bounds = sorted({min(c, len(text)) for c in cuts})
    spans = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds) - 1, 2)]
    out = without_spans(text, spans)
    kept = [ch for k, ch in enumerate(text) if not any(a <= k < b for a, b in spans)]
    assert out.replace(" ", "") == "".join(kept).replace(" ", "")
    assert without_spans(text, []) == text
    assert len(spans) * WINDOW_WORDS >= 0
