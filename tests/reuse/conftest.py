"""Fixtures for the reuse tests: the seeds' links, computed once per session."""

import pytest

from retold.reuse import find_reuse


@pytest.fixture(scope="session")
def seed_links(seed_articles):
    return find_reuse(seed_articles)
