"""The seed articles as the answer key says they should be cleaned.

Used by stage tests and stage evaluations that must not depend on the cleaner's
quality: body lines, headline, outlet and credit line come from the key.
"""

from __future__ import annotations

from pathlib import Path

from retold.model import Article

# The outlets each gold credit line names (the answer key gives the line, not the names).
_CREDITED = {
    "Based on reporting by Interfax and TASS": ("Interfax", "TASS"),
    "Source: RT NEWS": ("RT",),
    "With reporting by Interfax, TASS, and Fars": ("Interfax", "TASS", "Fars"),
}


def gold_article(doc_id: str, gold_doc: dict, seeds_dir: Path) -> Article:
    lines = (seeds_dir / f"{doc_id}.txt").read_text(encoding="utf-8").split("\n")
    body_lines = [
        lines[i - 1].strip()
        for start, end in gold_doc["body"]
        for i in range(start, end + 1)
        if lines[i - 1].strip()
    ]
    credit = gold_doc.get("credit")
    return Article(
        id=doc_id,
        body="\n".join(body_lines),
        source=str(seeds_dir / f"{doc_id}.txt"),
        outlet=gold_doc.get("outlet"),
        headline=gold_doc.get("headline"),
        dateline=gold_doc.get("dateline"),
        language=gold_doc.get("language"),
        credits=(credit,) if credit else (),
        credited_sources=_CREDITED.get(credit, ()),
    )


def gold_articles(seeds_dir: Path, gold: dict) -> list[Article]:
    """The five seed articles from the answer key, sorted by id."""
    return [gold_article(doc_id, g, seeds_dir) for doc_id, g in sorted(gold["docs"].items())]
