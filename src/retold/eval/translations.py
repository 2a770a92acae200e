"""Evaluate links between real news articles and their machine translations:
``evaluate(path) -> dict``.

``path`` holds ``docs.jsonl`` (SemEval-2022 Task 8 articles and translations of
them, each line with its ``language``) and ``gold.json``
(``{"translations": [{"original", "translation", "lang"}]}``, ``lang`` such as
``en-zh``). The documents go through ``retold.pipeline.analyze`` (the path a user
runs, reuse and stories stages) and the exported reuse links are scored per language
pair: recall (the original and its translation are linked), the share linked
with kind ``translation``, and precision. An original with two translations
makes a group of three; every pair within a group is a right link, and any link
between different groups is a false positive. The exported stories are scored too:
the share of (original, translation) pairs in one story (a translation reports its
original's event). Stories joining two groups are not counted against it: the
articles are SemEval pairs, many of them two reports of one event.

Run: ``retold eval translations [PATH]``
"""

from __future__ import annotations

import itertools
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from retold.eval.reuse import analyze_export


def load_gold(path: Path) -> list[dict]:
    return json.loads((path / "gold.json").read_text(encoding="utf-8"))["translations"]


def group_links(gold: list[dict]) -> set[tuple[str, str]]:
    """Every pair of ids within one original's group (the original and all its translations)."""
    groups: dict[str, set[str]] = defaultdict(set)
    for g in gold:
        groups[g["original"]].update((g["original"], g["translation"]))
    return {tuple(sorted(p)) for members in groups.values() for p in itertools.combinations(members, 2)}


def score(export: dict, gold: list[dict]) -> dict:
    """Per-language-pair and overall figures for the exported ``reuse`` links."""
    links = {(link["a"], link["b"]): link["kind"] for link in export["reuse"]}
    story = {a: s["id"] for s in export.get("stories", []) for a in s["articles"]}
    right = group_links(gold)
    lang_of = {d: g["lang"] for g in gold for d in (g["original"], g["translation"])}
    rows: dict[str, dict] = defaultdict(lambda: dict.fromkeys(("gold", "linked", "translation", "one_story",
                                                               "predicted", "wrong"), 0))
    for g in gold:
        row = rows[g["lang"]]
        kind = links.get(tuple(sorted((g["original"], g["translation"]))))
        row["gold"] += 1
        row["linked"] += kind is not None
        row["translation"] += kind == "translation"
        row["one_story"] += g["original"] in story and story[g["original"]] == story.get(g["translation"])
    wrong = []
    for (a, b), kind in links.items():
        # A link counts against the language pair of each of its ends.
        for lang in {lang_of.get(a), lang_of.get(b)} - {None}:
            rows[lang]["predicted"] += 1
            rows[lang]["wrong"] += (a, b) not in right
        if (a, b) not in right:
            wrong.append({"a": a, "b": b, "kind": kind})
    total = {k: sum(r[k] for r in rows.values()) for k in ("gold", "linked", "translation", "one_story")}
    return {
        "documents": len(export["articles"]),
        "pairs": {lang: {**r, **_rates(r)} for lang, r in sorted(rows.items())},
        **total,
        "recall": total["linked"] / max(1, total["gold"]),
        "translation_share": total["translation"] / max(1, total["gold"]),
        "one_story_share": total["one_story"] / max(1, total["gold"]),
        "predicted_links": len(links),
        "precision": sum(p in right for p in links) / len(links) if links else 0.0,
        "false_positives": wrong,
    }


def _rates(row: dict) -> dict:
    return {"recall": row["linked"] / max(1, row["gold"]),
            "translation_share": row["translation"] / max(1, row["gold"]),
            "one_story_share": row["one_story"] / max(1, row["gold"]),
            "precision": 1 - row["wrong"] / row["predicted"] if row["predicted"] else 0.0}


def evaluate(path: str | Path, db: str | Path | None = None) -> dict:
    """Figures of ``score`` for the documents at ``path``, with the run's seconds."""
    path = Path(path)
    start = time.perf_counter()
    export = analyze_export(path / "docs.jsonl", db=db, stages=("reuse", "stories"))
    seconds = time.perf_counter() - start
    return {**score(export, load_gold(path)), "seconds": seconds}


def format_report(result: dict) -> str:
    """A per-language-pair table and the totals."""
    lines = [f"Translations of real news (SemEval-2022 Task 8 sample): {result['documents']} documents, "
             f"reuse links and stories exported by analyze ({result['seconds']:.1f} s)",
             f"  {'pair':<6} {'gold':>5} {'linked':>7} {'recall':>7} {'as translation':>15} {'precision':>10} "
             f"{'one story':>10}"]
    for lang, r in result["pairs"].items():
        lines.append(f"  {lang:<6} {r['gold']:>5} {r['linked']:>7} {r['recall']:>7.3f} "
                     f"{r['translation_share']:>15.3f} {r['precision']:>10.3f} {r['one_story_share']:>10.3f}")
    lines.append(f"  {'all':<6} {result['gold']:>5} {result['linked']:>7} {result['recall']:>7.3f} "
                 f"{result['translation_share']:>15.3f} {result['precision']:>10.3f} "
                 f"{result['one_story_share']:>10.3f}")
    if result["false_positives"]:
        lines.append("  links outside the gold groups: "
                     + ", ".join(f"{w['a']}–{w['b']} ({w['kind']})" for w in result["false_positives"]))
    return "\n".join(lines)


if __name__ == "__main__":
    default = "../shared/eval/reuse/semeval-translations-dev"
    print(format_report(evaluate(sys.argv[1] if len(sys.argv) > 1 else default)))
