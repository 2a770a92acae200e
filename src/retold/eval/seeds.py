"""`retold eval seeds`: the whole pipeline, end to end, against the seed corpus's answer key.

The seed pages are cleaned by the real cleaner (not the answer key), and every
later stage runs on those cleaned articles, so a cleaning error shows up in
the later figures too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# (label, figure key, total key, floor) — floors from the issues; tests assert them.
HEADLINE_FIGURES = (
    ("body lines kept", "body_lines_kept", "body_lines", "all"),
    ("furniture lines kept", "furniture_kept", "furniture_lines", "0"),
    ("headlines", "headlines", "headlines_total", "all"),
    ("outlets", "outlets", "outlets_total", "all"),
    ("credits", "credits", "credits_total", "all"),
    ("reuse pairs right", "pairs_right", "pairs", "all"),
    ("stories B-cubed F1", "bcubed_f1", None, "1.000"),
    ("quote clusters recovered", "recovered", "gold_clusters", "all"),
    ("coverage claims right", "coverage_claims_right", "coverage_claims", "all"),
    ("outlet checks right", "outlet_checks_right", "outlet_checks", "all"),
)


def gold_path(seeds_dir: Path) -> Path:
    return seeds_dir.parent / f"{seeds_dir.name}.gold.json"


def evaluate(path: str | Path) -> dict[str, Any]:
    """Figures for every stage on the seeds at ``path`` (answer key at ``<path>.gold.json``)."""
    from retold.clean import clean_plain_text
    from retold.eval.seeds_clean import score_seeds_clean
    from retold.pipeline import analyze

    seeds_dir = Path(path)
    gold = json.loads(gold_path(seeds_dir).read_text(encoding="utf-8"))
    cleaned = {p.stem: clean_plain_text(p.read_text(encoding="utf-8")) for p in sorted(seeds_dir.glob("*.txt"))}
    figures: dict[str, Any] = dict(score_seeds_clean(cleaned, gold, seeds_dir))
    corpus = analyze([seeds_dir])
    figures.update(_stage_scores(corpus, gold))
    return figures


def _stage_scores(corpus, gold: dict) -> dict[str, Any]:
    from retold.eval.seeds_coverage import score_seeds_coverage
    from retold.eval.seeds_outlets import score_seeds_outlets
    from retold.eval.seeds_quotes import score_seeds_quotes
    from retold.eval.seeds_reuse import score_seeds_reuse
    from retold.eval.seeds_stories import score_seeds_stories

    figures: dict[str, Any] = {}
    figures.update(score_seeds_reuse(corpus.reuse, gold))
    figures.update(score_seeds_stories(corpus.stories, gold))
    figures.update(score_seeds_quotes(corpus.quotes, corpus.quote_clusters, gold))
    figures.update(score_seeds_coverage(corpus.coverage, corpus.articles, gold, corpus.stories))
    figures.update(score_seeds_outlets(corpus.outlets, corpus.outlet_links, corpus.articles, gold))
    return figures


def format_report(figures: dict[str, Any]) -> str:
    lines = ["seed corpus against seeds.gold.json (whole pipeline, cleaned by retold)", ""]
    shown = set()
    for label, key, total, floor in HEADLINE_FIGURES:
        if key not in figures:
            continue
        value = figures[key]
        text = f"{value:.3f}" if isinstance(value, float) else f"{value}/{figures[total]}" if total else str(value)
        lines.append(f"  {label:<26} {text:>8}   floor {floor}")
        shown.update({key, total})
    details = {k: v for k, v in figures.items() if k not in shown and v not in ("", None)}
    if details:
        lines.append("")
        lines.append("  details: " + ", ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}"
                                               for k, v in details.items()))
    return "\n".join(lines)
