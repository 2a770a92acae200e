"""The kind decision on hand-made evidence."""

import pytest

from retold.reuse.compare import PairEvidence, decide_kind


def _pairs(n, score=0.95):
    return tuple((i, i, score, score) for i in range(n))


@pytest.mark.parametrize(
    "evidence, kind",
    [
        (PairEvidence(True, ((0, 0, 300),), (0.95, 0.5), 300, _pairs(10), 1.0, 1.0), "verbatim"),
        # A whole text that is a stock line ("The hearing was adjourned until tomorrow."):
        # all of it is in the other, but six words are no copied report.
        (PairEvidence(True, ((0, 40, 6),), (1.0, 0.02), 6, (), 0.0, 0.0), None),
        (PairEvidence(True, ((0, 40, 8),), (1.0, 0.1), 8, (), 0.0, 0.0), "verbatim"),
        (PairEvidence(True, (), (0.3, 0.2), 60, _pairs(3), 0.2, 1.0), "partial"),
        (PairEvidence(True, (), (0.1, 0.1), 25, _pairs(8), 0.9, 0.1), "rewrite"),
        # Sentence by sentence, but mostly copied word for word: a partial copy.
        (PairEvidence(True, (), (0.6, 0.6), 200, _pairs(8), 0.9, 0.8), "partial"),
        # Aligned, but weakly: independent reports of one event.
        (PairEvidence(True, (), (0.0, 0.0), 0, _pairs(4, 0.6), 0.8, 0.0), None),
        # Too few aligned sentences, or too small a share of the article.
        (PairEvidence(True, (), (0.0, 0.0), 0, _pairs(2), 1.0, 0.0), None),
        (PairEvidence(True, (), (0.0, 0.0), 0, _pairs(3), 0.1, 0.0), None),
        (PairEvidence(False, (), (0.0, 0.0), 0, _pairs(9), 0.9, 0.0), "translation"),
        (PairEvidence(False, (), (0.0, 0.0), 0, _pairs(4), 0.4, 0.0), None),
        (PairEvidence(True, (), (0.0, 0.0), 0, (), 0.0, 0.0), None),
    ],
)
def test_compare_decide_kind(evidence, kind):
    assert decide_kind(evidence) == kind


@pytest.mark.parametrize("gap_a, gap_b, expected", [
    ("“We keep saying we will do it together,” he said.", "“We keep saying that we’ll do it together.”", 1),
    ("An unrelated paragraph about the Arctic fleet.", "Stock markets fell sharply on Monday in Asia.", 0),
    ("", "Only one side has text here.", 0),
    ("x " * 500, "x " * 500, 0),  # too long to be one stretch
])
def test_compare_gap_passage_between_aligned_pairs(gap_a, gap_b, expected):
    from retold.reuse.compare import _gap_passage

    body_a, body_b = f"First.\n{gap_a}\nLast.", f"First!\n{gap_b}\nLast!"
    found = _gap_passage(body_a, body_b, 6, len(body_a) - 5, 6, len(body_b) - 5)
    assert len(found) == expected
    for p in found:
        assert body_a[p.a[0]:p.a[1]] == gap_a.strip() and body_b[p.b[0]:p.b[1]] == gap_b.strip()


def _agency_pair(trigram_share, trigram_count, phrase_share=(0.0, 0.0), phrase_words=0):
    """Evidence with no aligned sentences and no long runs: only phrases and trigrams."""
    return PairEvidence(True, (), (0.0, 0.0), 0, (), 0.0, 0.0, phrase_share, phrase_words,
                        trigram_share, trigram_count)


@pytest.mark.parametrize("evidence, copy_side, kind", [
    # The copy (side 1) holds 15% of its trigrams in the agency's text: partial.
    (_agency_pair((0.02, 0.15), (3, 40)), 1, "partial"),
    # The same evidence with no agency on either side is not enough.
    (_agency_pair((0.02, 0.15), (3, 40)), None, None),
    # Only the copy's side counts: the agency side's share is no evidence of copying.
    (_agency_pair((0.15, 0.02), (40, 3)), 1, None),
    (_agency_pair((0.15, 0.02), (40, 3)), 0, "partial"),
    # Under the share, or too few trigrams (a two-line text sharing one stock phrase).
    (_agency_pair((0.0, 0.09), (0, 30)), 1, None),
    (_agency_pair((0.0, 0.5), (0, 3)), 1, None),
    # Shared phrases count on the copy's side only: 12% of the agency's short take is a
    # phrase an independent report also uses, 2% of the newspaper's article.
    (_agency_pair((0.0, 0.0), (0, 0), (0.12, 0.02), 10), 1, None),
    (_agency_pair((0.0, 0.0), (0, 0), (0.12, 0.02), 10), None, "partial"),
    # Most of the copy is the agency's text, reworked: a rewrite of the agency's story, not
    # a few passages from it; again only the copy's side counts, and only for agency pairs.
    (_agency_pair((0.05, 0.40), (6, 120)), 1, "rewrite"),
    (_agency_pair((0.40, 0.15), (120, 18)), 1, "partial"),
    (_agency_pair((0.05, 0.40), (6, 120)), None, None),
    (_agency_pair((0.0, 0.6), (0, 3)), 1, None),
])
def test_compare_agency_copy_side(evidence, copy_side, kind):
    assert decide_kind(evidence, copy_side=copy_side) == kind


def test_compare_partial_passages_leave_out_runs_of_quotation_alone():
    from retold.model import Article
    from retold.reuse.find import link_for_pair
    from retold.reuse.profile import profile_articles

    quote = ("“We will not allow the harbour to be closed for a single day, whatever the cost to the "
             "city budget turns out to be,” the mayor said.")
    copied = ("The council voted on Tuesday evening to fund the repair of the northern sea wall after "
              "the January storms flooded two hundred homes near the old fish market.")
    a = Article("a", f"{copied}\nLocal traders met the mayor at the town hall on Monday.\n{quote}", language="en")
    b = Article("b", f"Residents of the coastal town heard the news with relief.\n{copied}\n"
                     f"Critics called the plan too costly.\n{quote}", language="en")
    link = link_for_pair(*profile_articles([a, b]))
    assert link is not None and link.kind == "partial"
    shown = [a.body[p.a[0]:p.a[1]] for p in link.passages]
    assert any("sea wall" in s for s in shown)
    assert not any("harbour" in s for s in shown)  # the remark both quote is no copied prose


def test_compare_partial_copy_of_phrases_shows_the_phrases():
    """Two reports taking phrases of one release, reordered and cut, with no long run: the
    link is judged on the shared phrases, and those are shown beside its runs (one short
    run alone read as no copying at all)."""
    from retold.model import Article
    from retold.reuse.compare import MIN_PARTIAL_PROSE_WORDS
    from retold.reuse.find import link_for_pair
    from retold.reuse.profile import profile_articles

    a = Article("a", "A man from Addison pleaded guilty on Tuesday to threatening to assault and murder a "
                     "federal official and to being a felon in possession of firearms. He faces up to "
                     "ten years in prison and a fine. His sentencing is scheduled for February in Buffalo. "
                     "The county sheriff had arrested him at his home in the spring. Friends who grew up with "
                     "him on the lake shore remember a keen fisherman who fixed boats for the whole street. "
                     "The village has fewer than two thousand residents and one diner, where the news spread "
                     "quickly through the morning crowd. The congresswoman's office thanked the agents.", language="en")
    b = Article("b", "Prosecutors said his sentencing is scheduled for February. The man faces up to ten "
                     "years in prison after he pleaded guilty to threatening to assault and murder a federal "
                     "official. Neighbours described him as quiet. He also admitted being a felon in "
                     "possession of firearms, officials said. Online posts had drawn attention from the bureau "
                     "months earlier, according to court papers filed in the summer. Threats against members "
                     "of Congress have risen sharply, the Capitol Police reported last year, straining a small "
                     "force that protects hundreds of lawmakers across the country.", language="en")
    pa, pb = profile_articles([a, b])
    link = link_for_pair(pa, pb)
    assert link is not None and link.kind == "partial"
    from retold.reuse.compare import compare_profiles

    assert compare_profiles(pa, pb).copied_prose < MIN_PARTIAL_PROSE_WORDS  # judged on phrases, not runs
    shown = [a.body[p.a[0]:p.a[1]] for p in link.passages]
    assert len(shown) >= 3 and any("sentencing is scheduled" in s for s in shown), shown
    assert any("felon in possession of firearms" in s for s in shown), shown


def test_compare_two_texts_of_too_many_sentences_are_judged_on_their_runs(monkeypatch):
    """Past MAX_SENTENCE_PAIRS sentence pairs no sentence is scored (the grid costs the product
    of the two texts' sentences: two 5,000-sentence copies took 118 s); a copy is still found
    by its word runs."""
    import retold.reuse.compare as compare
    from retold.model import Article
    from retold.reuse.find import link_for_pair
    from retold.reuse.profile import profile_articles

    text = " ".join(f"The council met on day {k} and voted on the budget for the new bridge over the river."
                    for k in range(12))
    pa, pb = profile_articles([Article("a", text, language="en"), Article("b", "Copy. " + text, language="en")])
    assert len(pa.sentences) * len(pb.sentences) >= 100
    assert len(compare.compare_profiles(pa, pb).sentence_pairs) > 0
    monkeypatch.setattr(compare, "MAX_SENTENCE_PAIRS", 100)
    monkeypatch.setattr(compare, "same_language_scores", lambda *args: pytest.fail("scored sentences"))
    assert compare.compare_profiles(pa, pb).sentence_pairs == ()
    assert link_for_pair(pa, pb).kind == "verbatim"
