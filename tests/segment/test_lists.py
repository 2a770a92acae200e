"""Bare lists (keywords, names, places) in a text: ``segment.lists.list_spans``."""

from hypothesis import given, strategies as st

from retold.segment.lists import MIN_LIST_ITEMS, list_spans

KEYWORDS = ("Türkiye, haber, haberler, gaziosmanşa, eyüp, bayrampaşa, sultangazi, fatih, aranvutköy, "
            "magazin, siyaset, politika, güncel, polis")
CAST = "عبير صبري، هبة مجدي، دينا فؤاد، محمد عز، أشرف زكي، محمود حجازي، إيهاب فهمي، راندا البحيري"


def _texts(text: str) -> list[str]:
    return [text[a:b] for a, b in list_spans(text)]


def test_keyword_line_is_a_list():
    text = f"Police closed the road on Monday.\n{KEYWORDS}\nThe driver was taken to hospital."
    assert _texts(text) == [KEYWORDS]


def test_arabic_cast_list_is_a_list():
    assert _texts(CAST) == [CAST]


def test_list_inside_a_sentence_leaves_the_sentence_around_it():
    text = ("The festival will bring Viki Gabor, Zenon Martyniuk, Maryla Rodowicz, Weekend, Golec Uorkiestra, "
            "Boys, Gromee, Kombi, Bajer Full, Stefano Tarrazzino and many others to the main stage in Gdynia.")
    [found] = _texts(text)
    assert found.startswith("Zenon Martyniuk") and found.endswith("Bajer Full")


def test_prose_enumeration_is_no_list():
    assert list_spans("Britain, France, Germany and Italy agreed on Monday to a plan, officials said.") == []


def test_court_report_chain_of_name_age_and_address_is_no_list():
    # Newspapers copy these chains from wire copy (METER): they stay evidence.
    text = ("Charles McFall, aged nine, of Woodview, Viewpark, Uddingston, Lanarkshire, in "
            "a case heard yesterday; Wilson, 25, of Caernarvon Close, Grangetown, Middlesbrough, had admitted it.")
    assert list_spans(text) == []


def test_list_does_not_run_across_lines():
    seven = ", ".join(["Paris", "Lyon", "Nice", "Lille", "Metz", "Brest", "Dijon"])
    assert list_spans(f"{seven}\n{seven}") == []
    assert _texts(f"{seven}, Tours") == [f"{seven}, Tours"]


@given(st.lists(st.sampled_from(["Paris", "Lyon 3", "New York", "x", "12", "said on Monday that it", ".", "\n", ""]),
                max_size=40),
       st.sampled_from([", ", "، ", "; ", " "]))
def test_spans_are_ordered_disjoint_lists_of_enough_items(pieces, sep):
    text = sep.join(pieces)
    spans = list_spans(text)
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
    for a, b in spans:
        assert "\n" not in text[a:b]
        assert sum(text[a:b].count(c) for c in ",;،") >= MIN_LIST_ITEMS - 1
