"""The kind decision on hand-made evidence."""

import pytest

from retold.reuse.compare import PairEvidence, decide_kind


def _pairs(n, score=0.95):
    return tuple((i, i, score, score) for i in range(n))


@pytest.mark.parametrize(
    "evidence, kind",
    [
        (PairEvidence(True, (), (0.95, 0.5), 300, _pairs(10), 1.0, 1.0), "verbatim"),
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
