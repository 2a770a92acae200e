"""Coverage claims on the seed corpus: does each piece of context sit with exactly the right outlets?

The answer key (``seeds.gold.json``, ``coverage``) lists claims such as "the annexation of
Crimea" with the articles that make it (``present_in``) and those that leave it out
(``absent_from``). A claim is right when the unit of the story's coverage that best
expresses it (highest same-content margin from ``retold.coverage.similarity``: embedding
cosine plus word overlap) is carried by every ``present_in`` article and by none of the
``absent_from`` ones.

Run ``python -m retold.eval.seeds_coverage ../shared/corpus/seeds`` (answer key at
``<path>.gold.json``). The articles are built from the key's body lines, as the test
fixtures do, so the figure measures this stage alone.

Given a MEANTIME-style folder instead (``docs.jsonl`` + ``gold.json`` with ``translations``),
it scores cross-language grouping: each English article and one translation form a story,
and ``translation_recall_<lang>`` is the share of the English article's units that the
translation carries too; as a control, the English article is paired with the translation of
another article of the set (``false_sharing_<lang>``, ideally 0). Only the sets after the
first ``CALIBRATION_SETS`` are used: those fitted the cross-language threshold.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Sequence

from retold.eval.seeds_gold import gold_articles
from retold.model import Article, Coverage, CoverageUnit, Story


def _story_coverage(claim_docs: set[str], coverage: list[Coverage], stories: Sequence[Story]) -> Coverage | None:
    """The coverage of the story that shares the most articles with the claim's gold story."""
    members = {s.id: set(s.articles) for s in stories}
    best = max(coverage, key=lambda c: len(members.get(c.story, set()) & claim_docs), default=None)
    if best is None or not members.get(best.story, set()) & claim_docs:
        return None
    return best


def locate_claim(claim: str, units: Sequence[CoverageUnit]) -> CoverageUnit | None:
    """The unit whose text (or one of its clauses: a claim is often one clause of a long
    sentence) best expresses ``claim``; no units give None."""
    from retold.coverage.similarity import content_words, pair_features, same_content_margin
    from retold.coverage.units import clauses
    from retold.nlp import embed

    if not units:
        return None
    texts = [(k, t) for k, u in enumerate(units) for t in [u.text, *clauses(u.text)]]
    vectors = embed([claim, *(t for _, t in texts)])
    claim_words = content_words(claim)
    best = [float("-inf")] * len(units)
    for (k, text), cosine in zip(texts, vectors[1:] @ vectors[0]):
        margin = same_content_margin(pair_features(cosine, claim_words, content_words(text)))
        best[k] = max(best[k], margin)
    return units[max(range(len(units)), key=best.__getitem__)]


def score_seeds_coverage(coverage: list[Coverage], articles: Sequence[Article], gold: dict,
                         stories: Sequence[Story]) -> dict:
    """``coverage_claims_right`` of ``coverage_claims`` (gold ``coverage``), and per claim 0/1.

    ``articles`` is unused beyond the signature every seeds scorer shares. Empty coverage
    gets every claim wrong.
    """
    claims = gold.get("coverage", [])
    out: dict = {"coverage_claims": len(claims)}
    right = 0
    for k, claim in enumerate(claims):
        docs = set(gold["stories"][claim["story"]]["docs"])
        story_cov = _story_coverage(docs, coverage, stories)
        unit = locate_claim(claim["claim"], story_cov.units) if story_cov else None
        ok = unit is not None and set(claim["present_in"]) <= set(unit.articles) \
            and not set(claim["absent_from"]) & set(unit.articles)
        out[f"coverage_claim_{k}_right"] = int(ok)
        right += int(ok)
    out["coverage_claims_right"] = right
    return out


CALIBRATION_SETS = 40  # retold.coverage.calibrate fits on the first 40 MEANTIME sets
TRANSLATION_SETS = 20  # held-out sets scored (kept small: two cores embed ~100 sentences/s)


def _share_carried(article: Article, other: Article, cache) -> float:
    from retold.coverage import compare_coverage

    story = Story(id="pair", title="", articles=(article.id, other.id))
    [coverage] = compare_coverage([article, other], [story], cache=cache)
    own = [u for u in coverage.units if article.id in u.articles]
    return sum(other.id in u.articles for u in own) / len(own) if own else 0.0


def evaluate_translations(path: Path, sets: int = TRANSLATION_SETS) -> dict:
    """Translation recall and false sharing per language on held-out MEANTIME sets."""
    from retold.model import MemoryCache

    lines = (path / "docs.jsonl").read_text(encoding="utf-8").splitlines()
    docs = {d["id"]: Article(id=d["id"], body=d["text"], language=d.get("language"))
            for d in map(json.loads, filter(None, lines))}
    held_out = json.loads((path / "gold.json").read_text(encoding="utf-8"))["translations"][CALIBRATION_SETS:]
    held_out = held_out[:sets]
    cache = MemoryCache()
    figures: dict = {"translation_sets": len(held_out)}
    start = time.perf_counter()
    for k in range(1, len(held_out[0]) if held_out else 1):
        lang = docs[held_out[0][k]].language
        true = [_share_carried(docs[t[0]], docs[t[k]], cache) for t in held_out]
        false = [_share_carried(docs[t[0]], docs[held_out[(n + 1) % len(held_out)][k]], cache)
                 for n, t in enumerate(held_out)]
        figures[f"translation_recall_{lang}"] = round(sum(true) / len(true), 4)
        figures[f"false_sharing_{lang}"] = round(sum(false) / len(false), 4)
    figures["seconds"] = round(time.perf_counter() - start, 2)
    return figures


def evaluate(path: str | Path) -> dict:
    """Coverage of the gold stories of the seed corpus at ``path`` (answer key ``<path>.gold.json``),
    scored claim by claim, with unit counts and the time taken; a MEANTIME folder at ``path``
    gives ``evaluate_translations`` instead."""
    from retold.coverage import compare_coverage

    seeds_dir = Path(path)
    if (seeds_dir / "docs.jsonl").is_file():
        return evaluate_translations(seeds_dir)
    gold = json.loads(seeds_dir.with_name(seeds_dir.name + ".gold.json").read_text(encoding="utf-8"))
    articles = gold_articles(seeds_dir, gold)
    stories = [Story(id=f"story-{i}", title=s.get("about", ""), articles=tuple(s["docs"]))
               for i, s in enumerate(gold["stories"])]
    start = time.perf_counter()
    coverage = compare_coverage(articles, stories)
    seconds = time.perf_counter() - start
    units = [u for c in coverage for u in c.units]
    figures = score_seeds_coverage(coverage, articles, gold, stories)
    figures.update({
        "units": len(units),
        "units_shared_by_several": sum(len(u.articles) > 1 for u in units),
        "seconds": round(seconds, 2),
    })
    return figures


def format_report(figures: dict) -> str:
    """One line per figure, the claims first."""
    if "translation_sets" in figures:
        return "\n".join(f"{k}: {v}" for k, v in figures.items())
    lines = [f"coverage claims right: {figures['coverage_claims_right']}/{figures['coverage_claims']}"]
    lines += [f"  claim {k.split('_')[2]}: {'right' if v else 'WRONG'}"
              for k, v in figures.items() if k.startswith("coverage_claim_") and k.endswith("_right")]
    lines.append(f"units: {figures['units']} ({figures['units_shared_by_several']} carried by several articles)")
    lines.append(f"time: {figures['seconds']} s")
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_report(evaluate(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/seeds")))
