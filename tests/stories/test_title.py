from __future__ import annotations

import pytest

from retold.model import Article
from retold.stories.title import TITLE_MAX_CHARS, story_title


def test_title_empty_input():
    assert story_title([]) == ""


@pytest.mark.parametrize("headlines,expected", [
    (["B headline", None], "B headline"),
    ([None, "Second"], "Second"),
])
def test_title_takes_a_headline(headlines, expected):
    members = [Article(id=f"a{i}", body="Body text here.", headline=h) for i, h in enumerate(headlines)]
    assert story_title(members) == expected


def test_title_falls_back_to_first_sentence_shortened():
    long_sentence = "Word " * 80 + "end."
    members = [Article(id="a", body=long_sentence + " Second sentence.")]
    title = story_title(members)
    assert title.startswith("Word Word") and len(title) <= TITLE_MAX_CHARS + 1
