"""Score reuse links against the seed answer key: ``score_seeds_reuse(links, gold) -> dict``.

The key lists pairs that share prose (kind ``rewrite``, ``verbatim``, ...) and pairs
about the same event that share only quotes (``same-event-independent``). A
sharing pair is right when it is linked with passages; an independent pair is
right when it is not linked.

Run: ``.venv/bin/python -m retold.eval.seeds_reuse ../shared``
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from retold.model import ReuseLink

INDEPENDENT = "same-event-independent"


def score_seeds_reuse(links: list[ReuseLink], gold: dict) -> dict:
    """``pairs_right`` of ``pairs`` (gold ``reuse`` entries), with the kind agreement
    of linked sharing pairs and the number of links between pairs the key does not list.
    Empty ``links`` leaves every sharing pair wrong and every independent pair right."""
    by_pair = {(link.a, link.b): link for link in links}
    listed: set[tuple[str, str]] = set()
    right = kind_right = sharing = 0
    for entry in gold.get("reuse", []):
        pair = tuple(sorted(entry["docs"]))
        listed.add(pair)
        link = by_pair.get(pair)
        if entry["kind"] == INDEPENDENT:
            right += link is None
            continue
        sharing += 1
        right += link is not None and bool(link.passages)
        kind_right += link is not None and link.kind == entry["kind"]
    return {
        "pairs": len(listed),
        "pairs_right": right,
        "sharing_pairs": sharing,
        "kind_right": kind_right,
        "unlisted_links": sum(1 for p in by_pair if p not in listed),
    }


def format_report(result: dict) -> str:
    return (f"seed reuse pairs right {result['pairs_right']}/{result['pairs']} "
            f"(kind right {result['kind_right']}/{result['sharing_pairs']}, "
            f"{result['unlisted_links']} links between unlisted pairs)")


if __name__ == "__main__":
    from retold.eval.seeds_gold import gold_articles
    from retold.reuse import find_reuse

    shared = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")
    gold = json.loads((shared / "corpus" / "seeds.gold.json").read_text(encoding="utf-8"))
    print(format_report(score_seeds_reuse(find_reuse(gold_articles(shared / "corpus" / "seeds", gold)), gold)))
