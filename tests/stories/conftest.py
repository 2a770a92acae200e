"""Fixtures for the stories tests: a small ECB+ sample (a few topics), loaded once."""

from __future__ import annotations

import pytest

from retold.eval.stories import load_split
from retold.model import MemoryCache

# Four ECB+ dev topics (each two events of one kind: rehab check-ins, prison escapes,
# navy anti-piracy actions, Iranian earthquakes), ~90 articles: NER in a few seconds.
SAMPLE_TOPICS = ("1", "3", "12", "20")


@pytest.fixture(scope="session")
def ecbplus_dev(shared_dir):
    path = shared_dir / "eval" / "stories" / "ecbplus-dev"
    if not path.is_dir():
        pytest.skip(f"ECB+ dev split not found at {path}")
    return load_split(path)


@pytest.fixture(scope="session")
def ecbplus_sample(ecbplus_dev):
    articles, gold = ecbplus_dev
    keep = [a for a in articles if a.id.split("_")[0] in SAMPLE_TOPICS]
    wanted = {a.id for a in keep}
    return keep, [g for g in gold if g[0] in wanted]


@pytest.fixture(scope="session")
def stories_cache():
    """One feature cache for the session, so each article is parsed once across tests."""
    return MemoryCache()
