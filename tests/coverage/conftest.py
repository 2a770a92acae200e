"""Fixtures for the coverage tests: the seed stories from the answer key."""

from __future__ import annotations

import pytest

from retold.model import Story


@pytest.fixture(scope="session")
def seed_stories(seeds_gold) -> list[Story]:
    """The two gold stories of the seed corpus, ids ``story-0`` and ``story-1``."""
    return [Story(id=f"story-{i}", title=s["about"], articles=tuple(s["docs"]))
            for i, s in enumerate(seeds_gold["stories"])]
