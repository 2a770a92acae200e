"""Shared fixtures: the read-only data in ../shared, and the seed articles.

``seed_articles`` is built from the hand-made answer key (gold body lines,
headline, outlet, credit) rather than from the cleaner, so later stages are
tested on their own, independent of cleaning quality.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retold.model import Article

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


# The outlets each gold credit line names (the answer key gives the line, not the names).
_CREDITED = {
    "Based on reporting by Interfax and TASS": ("Interfax", "TASS"),
    "Source: RT NEWS": ("RT",),
    "With reporting by Interfax, TASS, and Fars": ("Interfax", "TASS", "Fars"),
}


def _gold_article(doc_id: str, gold: dict, seeds_dir: Path) -> Article:
    lines = (seeds_dir / f"{doc_id}.txt").read_text(encoding="utf-8").split("\n")
    body_lines = [
        lines[i - 1].strip()
        for start, end in gold["body"]
        for i in range(start, end + 1)
        if lines[i - 1].strip()
    ]
    credit = gold.get("credit")
    return Article(
        id=doc_id,
        body="\n".join(body_lines),
        source=str(seeds_dir / f"{doc_id}.txt"),
        outlet=gold.get("outlet"),
        headline=gold.get("headline"),
        dateline=gold.get("dateline"),
        language=gold.get("language"),
        credits=(credit,) if credit else (),
        credited_sources=_CREDITED.get(credit, ()),
    )


@pytest.fixture(scope="session")
def seed_articles(seeds_gold, seeds_dir) -> list[Article]:
    """The five seed articles as the answer key says they should be cleaned, sorted by id."""
    return [_gold_article(doc_id, g, seeds_dir) for doc_id, g in sorted(seeds_gold["docs"].items())]
