"""Shared fixtures: the read-only data in ../shared, and the seed articles.

``seed_articles`` is built from the hand-made answer key (gold body lines,
headline, outlet, credit) rather than from the cleaner, so later stages are
tested on their own, independent of cleaning quality.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retold.eval.seeds_gold import gold_articles

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = REPO.parent / "shared"
    if not path.is_dir():
        pytest.skip(f"shared data not found at {path}")
    return path


@pytest.fixture(scope="session")
def seeds_dir(shared_dir) -> Path:
    return shared_dir / "corpus" / "seeds"


@pytest.fixture(scope="session")
def seeds_gold(shared_dir) -> dict:
    return json.loads((shared_dir / "corpus" / "seeds.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_articles(seeds_gold, seeds_dir) -> list[Article]:
    """The five seed articles as the answer key says they should be cleaned, sorted by id."""
    return gold_articles(seeds_dir, seeds_gold)
