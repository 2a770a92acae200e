"""Hard-wrapped text (agency wire copy, e-mail) is joined into paragraphs on input."""

from __future__ import annotations

import json
import re
import textwrap
from collections import Counter

from hypothesis import given, settings, strategies as st

from retold import analyze
from retold.clean import clean_article_text, clean_plain_text
from retold.clean.wrapped import unwrap, wire_lines, wrap_evidence
from retold.eval.wrapped import evaluate as evaluate_wrapped
from retold.reuse.quotes import quote_spans

# Written for this test in the Press Association's wire format (as in METER): rule and slug
# lines, a capitals headline, a byline, \x19 at paragraph starts, < at paragraph ends,
# TeX-style quotes, # for the pound sign, _ for a dash, lines wrapped at 80 columns, "end".
PA_TEXT = (
    "  " + "-" * 72 + "\n\n  " + "-" * 72 + "\n\n"
    "                11:02 14/03/00: Page 1 (HHH) COURTS Ferry\n"
    "  " + "-" * 72 + "\n"
    "FERRY FIRM FINED OVER `UNSAFE' GANGWAY<\n"
    "\x19By Alice Turner, PA News<\n"
    "\x19A ferry company was fined #45,000 today after a passenger fell through a gangway\n"
    "that inspectors had twice reported as unsafe, a court heard.<\n"
    "\x19Magistrates in Dover were told the walkway had a broken hinge _ reported in\n"
    "March and again in May _ which the company said it had ``no record'' of having\n"
    "received.<\n"
    "\x19Passenger Tom Hale, 64, said: ``I stepped on to it and the floor simply went from\n"
    "under me. Nobody had put a sign up.''<\n"
    "\x19end<\n\x19\n"
)
PA_PARAGRAPHS = [
    "A ferry company was fined £45,000 today after a passenger fell through a gangway "
    "that inspectors had twice reported as unsafe, a court heard.",
    "Magistrates in Dover were told the walkway had a broken hinge – reported in "
    "March and again in May – which the company said it had “no record” of having received.",
    "Passenger Tom Hale, 64, said: “I stepped on to it and the floor simply went from "
    "under me. Nobody had put a sign up.”",
]

EMAIL_PARAGRAPHS = [
    "The council met on Tuesday evening to discuss the proposed changes to the bus timetable, "
    "which residents say will leave the northern villages without a service after six o'clock.",
    "Several speakers asked why the consultation had lasted only two weeks. The chair replied "
    "that the operator had set the deadline and the council could not extend it.",
    "A final decision is expected next month, after the operator has published its revised figures.",
]
EMAIL_TEXT = "Hi all,\n\n" + "\n\n".join(textwrap.fill(p, 72) for p in EMAIL_PARAGRAPHS) + "\n\nThanks,\nJane\n"


def test_pa_wire_copy_is_unwrapped_with_its_markers_taken_out():
    cleaned = clean_article_text(PA_TEXT)
    assert cleaned.body.split("\n") == PA_PARAGRAPHS
    assert cleaned.headline == "FERRY FIRM FINED OVER ‘UNSAFE’ GANGWAY"
    assert cleaned.credits == ("By Alice Turner, PA News",)
    assert cleaned.outlet == "PA" and cleaned.credited_sources == ("PA",)
    assert cleaned.slug == "COURTS Ferry"
    assert cleaned.published == "2000-03-14"  # the take header's date, day first
    assert not re.search(r"[<\x19`]|''|11:02|---|\bend\b", cleaned.body)


def test_a_given_title_wins_over_the_wire_headline():
    assert clean_article_text(PA_TEXT, title="Ferry fine").headline == "Ferry fine"


def test_unwrapped_tex_quotes_are_found_by_the_reuse_quote_masker():
    body = clean_article_text(PA_TEXT).body
    quoted = [body[s:e] for s, e in quote_spans(body)]
    assert "“no record”" in quoted
    assert "“I stepped on to it and the floor simply went from under me. Nobody had put a sign up.”" in quoted


def test_a_wire_take_without_headline_or_byline_keeps_its_first_paragraph():
    take2 = "16:40 01/03/00: Page 2 (HHH) COURTS Ferry\n" + "-" * 72 + "\n" + PA_TEXT.split("PA News<\n", 1)[1]
    cleaned = clean_article_text(take2)
    assert cleaned.body.split("\n") == PA_PARAGRAPHS
    assert cleaned.headline is None and cleaned.credits == () and cleaned.outlet is None
    assert cleaned.slug == "COURTS Ferry"  # what ties the take to its story


def test_only_wire_copy_has_a_slug():
    assert clean_article_text(EMAIL_TEXT).slug is None
    assert clean_article_text("11:02 14/03/00: Page 1 (HHH) COURTS Ferry\nA plain line of text.").slug is None


def test_wire_copy_through_analyze_is_stored_unwrapped(tmp_path):
    path = tmp_path / "wire.jsonl"
    path.write_text(json.dumps({"id": "PA/ferry1", "text": PA_TEXT}) + "\n", encoding="utf-8")
    article = json.loads(analyze([path], stages=[]).to_json())["articles"][0]
    assert article["body"].split("\n") == PA_PARAGRAPHS
    assert article["outlet"] == "PA" and article["credits"] == ["By Alice Turner, PA News"]
    assert article["headline"] == "FERRY FIRM FINED OVER ‘UNSAFE’ GANGWAY"
    assert article["slug"] == "COURTS Ferry"
    assert article["published"] == "2000-03-14"  # the record gives none: the header's


def test_email_style_text_wrapped_at_72_columns_is_joined_into_paragraphs():
    assert unwrap(EMAIL_TEXT).text.split("\n") == ["Hi all,", *EMAIL_PARAGRAPHS, "Thanks,", "Jane"]


def test_email_paragraphs_without_blank_lines_break_at_short_sentence_ends():
    text = "\n".join(textwrap.fill(p, 72) for p in EMAIL_PARAGRAPHS)
    assert unwrap(text).text.split("\n") == EMAIL_PARAGRAPHS


def test_a_wrapped_txt_page_keeps_its_paragraphs_whole():
    body = clean_plain_text(EMAIL_TEXT).body.split("\n")
    assert all(p in body for p in EMAIL_PARAGRAPHS)


def test_wire_copy_saved_as_txt_gets_the_same_metadata():
    cleaned = clean_plain_text(PA_TEXT)
    assert cleaned.headline == "FERRY FIRM FINED OVER ‘UNSAFE’ GANGWAY"
    assert cleaned.outlet == "PA" and cleaned.credits == ("By Alice Turner, PA News",)
    assert not re.search(r"[<\x19]|11:02", cleaned.body)


def test_the_seed_pages_are_not_wrapped_text(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert not unwrap(text).changed, path.name


def test_meter_dev_pa_copy_is_unwrapped_and_newspapers_are_not(shared_dir):
    """Through analyze, as ``retold eval wrapped`` measures it (381/381 joined, 0/488; 48.6 -> 13.0 sentences)."""
    meter = shared_dir / "eval/reuse/meter-dev"
    groups = evaluate_wrapped(meter)["groups"]
    pa, papers = groups["PA wire copy"], groups["newspapers"]
    assert pa["texts"] == pa["joined"] == 381 and pa["markers_left"] == 0
    assert papers["texts"] == 488 and papers["joined"] == 0
    assert pa["sentences_after"] < 0.4 * pa["sentences_before"]
    assert papers["sentences_after"] == papers["sentences_before"]
    assert pa["headline"] >= 190 and pa["byline"] >= 190  # 213 and 205
    records = [json.loads(line) for line in (meter / "docs.jsonl").read_text(encoding="utf-8").splitlines()]
    unwrapped = [unwrap(r["text"]) for r in records]
    assert sum(u.slug is not None for u in unwrapped) == 381  # every PA file, no newspaper
    # each header's date is the date the corpus gives the file
    assert all(u.published == r.get("published") for u, r in zip(unwrapped, records) if u.slug)
    # Most PA copy is long enough for the line statistics alone (355 of 381; the rest are
    # one- or two-paragraph snaps, recognised by their wire markers).
    texts = [json.loads(line)["text"] for line in (meter / "docs.jsonl").read_text(encoding="utf-8").splitlines()
             if line.startswith('{"id": "PA/')]
    assert len(texts) == 381
    assert sum(wrap_evidence(wire_lines(t.splitlines())).hard_wrapped for t in texts) >= 330


# --- properties ------------------------------------------------------------------------

_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)
_SENTENCE = st.lists(_WORD, min_size=3, max_size=25).map(lambda ws: " ".join(ws).capitalize() + ".")
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=6).map(" ".join)


def _words(text: str) -> Counter:
    return Counter(text.split())


@settings(max_examples=150, deadline=None)
@given(paragraphs=st.lists(_PARAGRAPH, min_size=1, max_size=6), width=st.integers(60, 80))
def test_unwrapping_keeps_every_word_and_restores_wrapped_paragraphs(paragraphs, width):
    text = "\n\n".join(textwrap.fill(p, width) for p in paragraphs)
    result = unwrap(text)
    assert _words(result.text) == _words(text)
    if result.changed:
        assert result.text.split("\n") == paragraphs


@settings(max_examples=150, deadline=None)
@given(paragraphs=st.lists(_PARAGRAPH, min_size=1, max_size=12))
def test_one_paragraph_a_line_is_returned_unchanged(paragraphs):
    text = "\n".join(paragraphs)
    assert unwrap(text).text == text and not unwrap(text).changed


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(st.lists(_WORD, min_size=1, max_size=6).map(" ".join), min_size=1, max_size=20))
def test_short_lines_like_poems_and_lists_are_returned_unchanged(lines):
    text = "\n".join(line[:48] for line in lines)
    assert unwrap(text).text == text
