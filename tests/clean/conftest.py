"""Fixtures for the clean stage: the seed pages cleaned once per session, scrapinghub paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from retold.clean import CleanText, clean_plain_text


@pytest.fixture(scope="session")
def cleaned_seeds(seeds_dir: Path, seeds_gold: dict) -> dict[str, CleanText]:
    return {doc_id: clean_plain_text((seeds_dir / f"{doc_id}.txt").read_text(encoding="utf-8"))
            for doc_id in seeds_gold["docs"]}


@pytest.fixture(scope="session")
def scrapinghub_dir(shared_dir: Path) -> Path:
    return shared_dir / "eval" / "extraction" / "scrapinghub"
