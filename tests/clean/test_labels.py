import pytest

from retold.clean.features import blocks
from retold.clean.labels import label_blocks
from retold.eval.extraction import aggregate, load_gold, read_text


@pytest.mark.parametrize(
    ("lines", "gold", "expected"),
    [
        (["Home", "News", "The minister said talks failed today.", "Share"],
         "The minister said talks failed today.", [0, 0, 1, 0]),
        (["Share this", "All...", "Subscribe"], "Paragraph one is here.\n\nAll...", [0, 1, 0]),
        # one gold word in a furniture line is a coincidence, not body
        (["More news", "He said more would come."], "He said more would come.", [0, 1]),
        ([], "anything", []),
        (["Home"], "", [0]),
    ],
)
def test_labels_label_blocks(lines, gold, expected):
    assert label_blocks(lines, gold) == expected


def test_labels_match_gold_on_scrapinghub_sample(scrapinghub_dir):
    gold = load_gold(scrapinghub_dir)
    pages = sorted(gold)[:30]
    preds = []
    for page in pages:
        lines = [x for _, x in blocks(read_text(scrapinghub_dir, page))]
        preds.append("\n".join(x for x, y in zip(lines, label_blocks(lines, gold[page]["body"])) if y))
    assert aggregate([gold[p]["body"] for p in pages], preds, "oracle")["oracle_token_f1"] >= 0.99


from hypothesis import given, strategies as st  # noqa: E402


@given(st.lists(st.text(max_size=40), max_size=15), st.text(max_size=200))
def test_labels_one_binary_label_per_block(lines, gold):
    labels = label_blocks(lines, gold)
    assert len(labels) == len(lines) and set(labels) <= {0, 1}
