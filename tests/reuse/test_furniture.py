"""Page furniture told by its meaning (retold.reuse.furniture): a link that rests on it is no reuse."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from retold.model import Article
from retold.reuse.find import link_for_pair
from retold.reuse.furniture import _windows
from retold.reuse.profile import profile_articles
from retold.segment.furniture import FURNITURE_COSINE, WINDOW_WORDS, furniture_scores

SIGN_UP = ("Morning briefing by email: the day's top stories in your inbox every weekday plus breaking "
           "news alerts. Enter your email address Continue Please enter a valid email address You already "
           "have an account Please log in Register with your social account Update newsletter preferences")
REPORT = ("The council voted on Tuesday evening to fund the repair of the northern sea wall after the "
          "January storms flooded two hundred homes near the old fish market. Engineers said the work "
          "would begin in March and take at least eighteen months, with the harbour road closed at night.")


def test_furniture_scores_read_furniture_in_any_language_and_leave_news_alone():
    furniture = [
        "Wir verwenden Cookies, um Ihnen ein optimales Nutzererlebnis zu bieten und Werbung anzuzeigen.",
        "Przepraszamy, z Twojego adresu IP wykryliśmy nietypowy ruch. Potwierdź, że nie jesteś robotem.",
        "Suscríbete a nuestro boletín y recibe las últimas noticias en tu correo electrónico.",
        "Your browser does not support the audio element.",
    ]
    news = [
        "The minister said the army would receive new air defence systems before the end of the year.",
        "Police arrested a 34-year-old man on Saturday after a car hit three pedestrians in the city centre.",
        "Der Stadtrat beschloss am Dienstag, die Sanierung der Brücke um zwei Jahre zu verschieben.",
        "They ordered the health authority to pay all of her legal costs after a two-week hearing.",
    ]
    assert (furniture_scores(furniture) >= FURNITURE_COSINE).all()
    assert (furniture_scores(news) < FURNITURE_COSINE).all()


def test_a_link_that_rests_on_a_sign_up_form_is_no_reuse():
    a = Article("a", "The mayor opened the new library on Friday, the first in the district for forty years.\n"
                     f"{SIGN_UP}", language="en")
    b = Article("b", "Shares in the carmaker fell by a fifth after it cut its forecast for the third time.\n"
                     f"{SIGN_UP}", language="en")
    assert link_for_pair(*profile_articles([a, b])) is None


def test_a_shared_report_stays_linked_and_its_sign_up_form_is_not_shown():
    a = Article("a", f"{REPORT}\nLocal traders met the mayor at the town hall on Monday.\n{SIGN_UP}", language="en")
    b = Article("b", f"Residents of the coastal town heard the news with relief.\n{REPORT}\n{SIGN_UP}", language="en")
    link = link_for_pair(*profile_articles([a, b]))
    assert link is not None
    shown = " ".join(a.body[p.a[0]:p.a[1]] for p in link.passages)
    assert "sea wall" in shown
    assert "email address" not in shown


@given(st.integers(0, 200), st.integers(1, 60), st.integers(0, 40), st.integers(0, 30), st.integers(0, 30),
       st.booleans())
def test_windows_cover_the_passage_within_the_text(first, length, after, before_s, after_s, in_sentence):
    end, total = first + length, first + length + after
    sentence = (max(0, first - before_s), min(total, end + after_s)) if in_sentence else None
    windows = _windows(first, end, total, sentence)
    covered = np.zeros(total, dtype=bool)
    for a, b in windows:
        assert 0 <= a < b <= total and b - a <= 2 * WINDOW_WORDS
        assert b - a <= WINDOW_WORDS or (a, b) == sentence  # only the sentence is read whole
        covered[a:b] = True
    assert covered[first:end].all()


def test_a_short_passage_is_read_in_its_sentence():
    # "See our privacy policy" alone is a notice; inside a news sentence it is news.
    assert _windows(10, 14, 100, sentence=(8, 16)) == [(8, 16)]
    assert _windows(10, 14, 100, sentence=(0, 40)) == [(6, 18)]  # too long: the words around it


def test_passages_past_the_reading_limit_count_as_news(monkeypatch):
    from retold.reuse import furniture
    from retold.reuse.similarity import WORD

    body = f"{SIGN_UP}\n{SIGN_UP}"
    tokens = np.array([(m.start(), m.end()) for m in WORD.finditer(body)], dtype=np.int64)
    half = len(SIGN_UP)
    monkeypatch.setattr(furniture, "READ_MAX_WORDS", len(tokens) // 2)
    first, second = furniture.furniture_words(tokens, body, [(0, half), (half + 1, len(body))])
    assert first.mean() >= 0.5 and not second.any()


def test_windows_read_before_are_not_embedded_again_and_read_the_same(monkeypatch):
    # A report reposted by many sites is linked pair by pair: its windows are read once.
    from retold.reuse import furniture
    from retold.reuse.similarity import WORD

    body = f"{SIGN_UP}\nThe council voted on Tuesday to close the harbour bridge for repairs after engineers found cracks."
    tokens = np.array([(m.start(), m.end()) for m in WORD.finditer(body)], dtype=np.int64)
    monkeypatch.setattr(furniture, "_SCORED", {})
    embedded: list[str] = []

    def counting(texts):
        embedded.extend(texts)
        return furniture_scores(texts)

    monkeypatch.setattr(furniture, "furniture_scores", counting)
    spans = [(0, len(SIGN_UP)), (len(SIGN_UP) + 1, len(body))]
    first = furniture.furniture_words(tokens, body, spans)
    read = len(embedded)
    again = furniture.furniture_words(tokens, body, spans)
    assert read > 0 and len(embedded) == read  # nothing embedded the second time
    assert all((a == b).all() for a, b in zip(first, again))
    assert first[0].mean() >= 0.5 and not first[1].any()
