"""Evaluate translation links on MEANTIME: ``evaluate(path) -> dict``.

``path`` holds ``docs.jsonl`` (English Wikinews articles and their es/it/nl
translations) and ``gold.json`` (``{"translations": [[en, es, it, nl ids]]}``).
The documents go through ``retold.pipeline.analyze`` (the path a user runs,
reuse and stories stages) and the exported reuse links are scored: every pair within a
gold set is a gold link, any other link (translation or not, e.g. between
related articles) is a false positive. The exported stories are read too: a set (a
document and its translations) should be one story.

Run: ``retold eval reuse [PATH]``
"""

from __future__ import annotations

import itertools
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Collection, Sequence

from retold.model import Article


def load_articles(path: Path) -> list[Article]:
    """The JSONL documents as Articles (``text`` is the body), for tests that call stage functions."""
    articles = []
    for line in (path / "docs.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            articles.append(Article(id=d["id"], body=d["text"], headline=d.get("title"),
                                    published=d.get("published"), outlet=d.get("outlet"),
                                    url=d.get("url"), language=d.get("language")))
    return articles


def gold_links(path: Path) -> set[tuple[str, str]]:
    gold = json.loads((path / "gold.json").read_text(encoding="utf-8"))
    return {tuple(sorted(p)) for group in gold["translations"] for p in itertools.combinations(group, 2)}


def analyze_export(docs: Path, keep: Collection[str] | None = None, db: str | Path | None = None,
                   stages: Sequence[str] = ("reuse",)) -> dict:
    """The export dict of ``retold.pipeline.analyze`` (``stages``, by default reuse alone)
    run on the JSONL ``docs``.

    ``keep`` limits the run to those ids (their lines are written to a temporary
    JSONL that analyze reads like any input). ``db`` keeps the store (and its
    cache of embeddings and signatures) between runs; the stages are always re-run.
    """
    from retold.pipeline import analyze

    with tempfile.TemporaryDirectory() as tmp:
        if keep is not None:
            lines = [line for line in docs.read_text(encoding="utf-8").splitlines()
                     if line.strip() and json.loads(line)["id"] in keep]
            docs = Path(tmp) / "docs.jsonl"
            docs.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return analyze([docs], db=db, stages=list(stages), force=True).to_dict()


def evaluate(path: str | Path, limit_sets: int | None = None, db: str | Path | None = None) -> dict:
    """Precision, recall and F1 of the exported reuse links, with counts and timing.

    ``limit_sets`` keeps only the documents of the first N gold sets (for quick runs).
    """
    path = Path(path)
    gold = gold_links(path)
    keep = None
    if limit_sets is not None:
        sets = json.loads((path / "gold.json").read_text(encoding="utf-8"))["translations"][:limit_sets]
        keep = {i for group in sets for i in group}
        gold = {p for p in gold if p[0] in keep}
    start = time.perf_counter()
    export = analyze_export(path / "docs.jsonl", keep, db, stages=("reuse", "stories"))
    seconds = time.perf_counter() - start
    groups = json.loads((path / "gold.json").read_text(encoding="utf-8"))["translations"]
    story = {a: s["id"] for s in export["stories"] for a in s["articles"]}
    groups = [g for g in groups if all(d in story for d in g)]
    links = export["reuse"]
    predicted = {(link["a"], link["b"]) for link in links}
    translations = {(link["a"], link["b"]) for link in links if link["kind"] == "translation"}
    tp = len(predicted & gold)
    wrong = [link for link in links if (link["a"], link["b"]) not in gold]
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(gold) if gold else 0.0
    return {
        "documents": len(export["articles"]),
        "gold_links": len(gold),
        "predicted_links": len(predicted),
        "translation_links": len(translations),
        "true_positives": tp,
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "kind_accuracy": len(translations & gold) / tp if tp else 0.0,
        "seconds": seconds,
        # A document and its translations report one event: the share of gold sets whose
        # documents all end in one story.
        "sets": len(groups),
        "sets_in_one_story": sum(len({story[d] for d in g}) == 1 for g in groups),
        # Links between different sets, by kind: same-language ones are mostly real
        # shared paragraphs between related Wikinews articles (daily stock reports).
        **{f"false_positives_{kind}": sum(link["kind"] == kind for link in wrong)
           for kind in ("verbatim", "partial", "rewrite", "translation")},
    }


def format_report(result: dict) -> str:
    """A few human-readable lines."""
    return (
        f"MEANTIME translation links over {result['documents']} documents, exported by analyze "
        f"({result['seconds']:.1f} s)\n"
        f"  gold {result['gold_links']}  predicted {result['predicted_links']}  "
        f"true positives {result['true_positives']}\n"
        f"  precision {result['precision']:.3f}  recall {result['recall']:.3f}  f1 {result['f1']:.3f}  "
        f"(kind 'translation' on {result['kind_accuracy']:.1%} of true positives)\n"
        f"  false positives by kind: "
        + "  ".join(f"{k[16:]} {v}" for k, v in result.items() if k.startswith("false_positives_"))
        + f"\n  sets (a document and its translations) in one story: {result['sets_in_one_story']} of "
        f"{result['sets']}"
    )


if __name__ == "__main__":
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
    print(format_report(evaluate(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/reuse/meantime", limit)))
