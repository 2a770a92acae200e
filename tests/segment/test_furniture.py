"""Page furniture at the head of a text (retold.segment.furniture.head_furniture) and
notice pages (``notice_pages``: a saved page that is a site's notice and no report), read
by meaning in twelve-word windows."""

from hypothesis import given
from hypothesis import strategies as st

from retold.segment.furniture import HEAD_WORDS, NOTICE_MAX_WORDS, WINDOW_WORDS, closing_lines, head_furniture, \
    notice_pages, read_furniture
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


BRIEF = ("Bridge closed after cracks found in its supports. The city council of Springfield voted on Tuesday to close the old harbour bridge for repairs "
         "after engineers found cracks in two of its steel supports last month. Traffic will be diverted over the "
         "north bridge until the work ends in the spring, the mayor said.")


def test_notice_pages_are_told_from_short_reports(notice_pages_text):
    assert notice_pages([notice_pages_text[k] for k in ("antibot", "paywall", "adblock")]) == [True, True, True]
    # a short report, and one under a consent notice (a notice and then a report's prose)
    assert notice_pages([BRIEF, f"{NOTICE} {REPORT}", REPORT]) == [False, False, False]


def test_a_report_longer_than_a_notice_page_is_read_at_its_head_only():
    long_report = f"{NOTICE} " + " ".join([REPORT] * 12)
    assert len(long_report.split()) > NOTICE_MAX_WORDS
    [(spans, notice)] = read_furniture([long_report])
    assert not notice and spans == head_furniture([long_report])[0] and spans[0][0] == 0


def test_a_notice_page_keeps_its_headline_only(notice_pages_text):
    paywall, antibot = notice_pages_text["paywall"], notice_pages_text["antibot"]
    (spans, notice), (bot_spans, bot) = read_furniture([paywall, antibot])
    assert notice and bot
    left = without_spans(paywall, spans)
    assert left.startswith(notice_pages_text["headline"]) and "subscribe now" not in left and len(left.split()) <= WINDOW_WORDS
    assert without_spans(antibot, bot_spans).split() == []
    # head_furniture still gives the head's furniture windows of a notice page
    assert head_furniture([paywall])[0] and head_furniture([paywall])[0][0][0] > 0


def test_closing_lines_are_a_sites_footer_not_a_reports_last_words():
    footer = "Original content from the police, transmitted by the press release service news aktuell."
    endings = closing_lines([f"{REPORT} {footer}", f"{BRIEF} {footer}", REPORT + " " + REPORT, "Breaking news.", ""])
    assert endings[0] == endings[1] and endings[0].endswith("news aktuell") and endings[0] == endings[0].lower()
    assert endings[2:] == [None, None, None]  # prose, and texts shorter than a window, have none


def test_head_furniture_of_empty_and_short_texts():
    assert head_furniture([]) == []
    assert head_furniture(["", "Breaking news."]) == [(), ()]
    assert notice_pages([]) == [] and notice_pages(["", "Breaking news."]) == [False, False]


@given(st.text(alphabet="ab \n", max_size=60), st.lists(st.integers(0, 60), max_size=6))
def test_without_spans_keeps_every_character_outside_them(text, cuts):
    bounds = sorted({min(c, len(text)) for c in cuts})
    spans = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds) - 1, 2)]
    out = without_spans(text, spans)
    kept = [ch for k, ch in enumerate(text) if not any(a <= k < b for a, b in spans)]
    assert out.replace(" ", "") == "".join(kept).replace(" ", "")
    assert without_spans(text, []) == text
    assert len(spans) * WINDOW_WORDS >= 0
