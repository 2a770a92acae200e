from hypothesis import given, settings, HealthCheck, strategies as st
import pytest

from retold.clean import CleanText, clean_plain_text
from retold.eval.seeds_clean import score_seeds_clean

# Floors on the seed pages, from the brief; the seeds are not training data.
SEED_FLOORS = {"body_lines_kept": 56, "headlines": 5, "outlets": 4, "credits": 3}
SEED_CEILINGS = {"furniture_kept": 0, "outlets_wrong": 0, "credit_lines_in_body": 0}


@pytest.fixture(scope="module")
def seed_scores(cleaned_seeds, seeds_gold, seeds_dir):
    return score_seeds_clean(cleaned_seeds, seeds_gold, seeds_dir)


@pytest.mark.parametrize(("name", "floor"), sorted(SEED_FLOORS.items()))
def test_plain_seed_floors(seed_scores, name, floor):
    assert seed_scores[name] >= floor


@pytest.mark.parametrize(("name", "ceiling"), sorted(SEED_CEILINGS.items()))
def test_plain_seed_ceilings(seed_scores, name, ceiling):
    assert seed_scores[name] <= ceiling


@pytest.mark.parametrize(
    ("doc_id", "outlet", "dateline", "sources"),
    [
        ("000_91eabdf53da39405", "RFE/RL", None, ("Interfax", "TASS")),
        ("001_c93ca4cd981dbd98", None, "MOSCOW –", ()),
        ("002_03dd2a587a579764", "247 City News", None, ("RT",)),
        ("003_6919b34de9473304", "TASS", "MOSCOW, April 27. /TASS/.", ()),
        ("004_a59f0c3df0fe176b", "RFE/RL", None, ("Interfax", "TASS", "Fars")),
    ],
)
def test_plain_seed_metadata(cleaned_seeds, doc_id, outlet, dateline, sources):
    cleaned = cleaned_seeds[doc_id]
    assert (cleaned.outlet, cleaned.dateline, cleaned.credited_sources) == (outlet, dateline, sources)
    assert cleaned.published is None  # no seed states a full date: none is guessed
    if dateline:
        assert cleaned.body.startswith(dateline)  # the dateline stays in the first paragraph


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n"])
def test_plain_empty_input(text):
    assert clean_plain_text(text) == CleanText(body="")


def test_plain_title_hint_gives_headline():
    cleaned = clean_plain_text("", title="Oil prices fall | Reuters")
    assert cleaned.body == "" and cleaned.headline == "Oil prices fall"


def test_plain_url_gives_outlet(seeds_dir):
    text = (seeds_dir / "001_c93ca4cd981dbd98.txt").read_text(encoding="utf-8")
    assert clean_plain_text(text, url="https://www.rt.com/news/x").outlet == "RT"


def test_plain_kept_lines_are_the_body(cleaned_seeds, seeds_dir):
    for doc_id, cleaned in cleaned_seeds.items():
        lines = (seeds_dir / f"{doc_id}.txt").read_text(encoding="utf-8").split("\n")
        assert cleaned.body == "\n".join(lines[i].strip() for i in cleaned.kept_lines)


def test_plain_cleaning_a_clean_body_keeps_it(cleaned_seeds):
    for cleaned in cleaned_seeds.values():
        assert clean_plain_text(cleaned.body).body == cleaned.body


_LINE = st.one_of(
    st.just(""),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"), max_size=80),
    st.sampled_from(["Share", "Comments (0)", "Source: RT NEWS", "© 2020 Example News",
                     "The minister said the talks had failed and that new ones would follow next week."]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, max_size=30))
def test_plain_kept_lines_in_range(lines):
    text = "\n".join(lines)
    cleaned = clean_plain_text(text)
    # kept_lines index the input's lines, or the joined lines when the text was unwrapped
    # first: hard-wrapped text, or wire copy (a line opening with PA's \x19 paragraph mark)
    all_lines = unwrap(text).text.split("\n")
    assert list(cleaned.kept_lines) == sorted(set(cleaned.kept_lines))
    assert all(0 <= i < len(all_lines) and all_lines[i].strip() for i in cleaned.kept_lines)
    assert cleaned.body == "\n".join(all_lines[i].strip() for i in cleaned.kept_lines)


from retold.clean.plain import cut_after_closing_credit, drop_lead_caption, find_headline  # noqa: E402
from retold.clean.wrapped import unwrap  # noqa: E402

_PROSE = "The minister said the talks had failed and that new ones would follow next week in Geneva."


@pytest.mark.parametrize(
    ("body", "credit_at", "expected"),
    [
        # a credit after most of the body closes it: the footer prose after it goes
        ([True] * 6 + [False, True], 6, [True] * 6 + [False, False]),
        # an early "Source:" line cuts nothing
        ([True, False] + [True] * 6, 1, [True, False] + [True] * 6),
        ([False] * 3, 1, [False] * 3),
    ],
)
def test_plain_cut_after_closing_credit(body, credit_at, expected):
    lines = [_PROSE] * len(body)
    assert cut_after_closing_credit(lines, body, {credit_at: ("TASS",)}) == expected


@pytest.mark.parametrize(
    ("first", "dropped"),
    [
        ("Russian Defense Minister Sergei Shoigu delivers a speech as he attends a conference in Moscow.", True),
        ("Russian Defense Minister Sergei Shoigu has told a security conference in Moscow that talks failed.", False),
        ("MOSCOW – Russia is ready to work with NATO, the minister said on Sunday in an interview.", False),
    ],
)
def test_plain_drop_lead_caption(first, dropped):
    lines = ["Kremlin Not Optimistic About Relations With NATO", first, _PROSE, _PROSE]
    body = [False, True, True, True]
    assert drop_lead_caption(lines, body, 0) == [False, not dropped, True, True]


def test_plain_drop_lead_caption_needs_a_headline():
    assert drop_lead_caption(["x", "y"], [True, True], None) == [True, True]


@pytest.mark.parametrize(
    ("lines", "body", "title", "expected"),
    [
        (["Talks fail – Example News", "Menu", "Talks fail", _PROSE], [False, False, False, True], None,
         (2, "Talks fail", "Example News")),
        (["Accessibility links", "Breaking News", "Kremlin Not Optimistic About NATO", _PROSE],
         [False, False, False, True], None, (2, "Kremlin Not Optimistic About NATO", None)),
        ([_PROSE], [True], "Talks fail | Reuters", (None, "Talks fail", "Reuters")),
        ([], [], None, (None, None, None)),
    ],
)
def test_plain_find_headline(lines, body, title, expected):
    assert find_headline(lines, body, title) == expected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, max_size=25))
def test_plain_recleaning_never_adds_text(lines):
    once = clean_plain_text("\n".join(lines)).body
    twice = clean_plain_text(once).body
    assert {x for x in twice.split("\n") if x} <= set(once.split("\n"))
