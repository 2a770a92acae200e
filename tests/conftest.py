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
def notice_pages_text() -> dict[str, str]:
    """Notice pages as sites word them (written for the tests, no page copied): an anti-bot
    page in Polish, a paywall under a report's headline (``headline``), an ad-blocker
    notice under a lottery page's title."""
    headline = "Bridge closed after cracks found in its supports"
    return {
        "antibot": "Przepraszamy, ale z Twojego adresu IP odnotowaliśmy bardzo dużą liczbę połączeń. Podejrzewamy, "
                   "że ktoś nadużył adresu IP, z którego korzystasz. Jeśli chcesz dalej korzystać z serwisu, zaznacz "
                   "pole „Nie jestem robotem”. Twój adres IP: 10.0.0.1",
        "headline": headline,
        "paywall": f"{headline} You have reached your limit of free articles this month. Subscribers can log in "
                   "below to continue reading, or subscribe now for unlimited digital access.",
        "adblock": "Lottery results We noticed you are blocking ads. Keep supporting local journalism by turning off "
                   "your ad blocker, or buy a subscription for unlimited access.",
    }


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


# Real crawl pages in languages the quotes stage has no model for (ids are the file names).
MIXED_PAGES = {
    "ko": "0ec95c7261d122f304728e90c983450ef1ce1e0b423546835c397d50aaf0d0f2",
    "pt": "11ea381ad92b5448cf66eae62f52ac565361a244c8881615fc6a7bb523cc0c32",
    "id": "21486419bb109c5a62a68957f528e6ff29c92f58d8d3c1f2837c86ff3f3e11f9",  # outside the encoder's 16 too
}
MIXED_SEEDS = ("001_c93ca4cd981dbd98", "002_03dd2a587a579764")


@pytest.fixture(scope="session")
def mixed_pages() -> dict[str, str]:
    """Article id of each non-English page of ``mixed_inputs``, by language, and the English ids under "en"."""
    return {**MIXED_PAGES, "en": MIXED_SEEDS}


@pytest.fixture(scope="session")
def mixed_inputs(shared_dir, seeds_dir) -> list[str]:
    """Two English seed pages and a Korean, a Portuguese and an Indonesian page of the scrapinghub crawl."""
    pages = shared_dir / "eval" / "extraction" / "scrapinghub" / "text"
    return [str(seeds_dir / f"{s}.txt") for s in MIXED_SEEDS] + [str(pages / f"{p}.txt") for p in MIXED_PAGES.values()]


@pytest.fixture(scope="session")
def mixed_store(tmp_path_factory, mixed_inputs) -> Path:
    """``mixed_inputs`` through ``retold.analyze`` (every stage) into a store file."""
    from retold.pipeline import analyze

    db = tmp_path_factory.mktemp("mixed") / "mixed.db"
    analyze(mixed_inputs, db=db)
    return db
