"""Hard-wrapped wire copy unwrapped on input, measured on METER (PA copy and newspapers).

The documents of ``<path>/docs.jsonl`` go through ``retold.pipeline.analyze`` with
no corpus stages (read, clean, store: the path a user runs) and the exported
articles are compared with their input records. METER's PA files (ids ``PA/...``)
are hard-wrapped wire copy; its newspaper articles are one paragraph a line.

Figures, per group (PA wire copy, newspapers):

- ``joined``: articles whose body has a line that is no line of the input (lines
  were joined); every PA file should be, no newspaper article;
- ``markers_left``: bodies that still hold a wire marker (``<`` paragraph end,
  ``\\x19``, TeX-style ````quotes''``);
- lines and sentences (:func:`retold.segment.sentences.split_sentences`) per text,
  before (the input's non-blank lines as paragraphs, what JSONL ``text`` gave
  without unwrapping) and after (the exported body);
- PA only: articles with a headline, and with a byline credit line.

Run: ``retold eval wrapped [../shared/eval/reuse/meter-dev]``
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import tempfile
from pathlib import Path

_MARKERS = re.compile(r"<$|\x19|``|''", re.M)


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _sentences(body: str, language: str | None) -> int:
    from retold.model import Article
    from retold.segment.sentences import split_sentences

    return len(split_sentences(Article(id="x", body=body, language=language or "en")))


def evaluate(path: str | Path) -> dict:
    """Run read + clean on ``path``/docs.jsonl and compare each exported article with its input."""
    from retold.pipeline import analyze

    path = Path(path)
    records = {r["id"]: r for r in map(json.loads, (path / "docs.jsonl").read_text(encoding="utf-8").splitlines())}
    with tempfile.TemporaryDirectory() as tmp:
        export = json.loads(analyze([path / "docs.jsonl"], db=Path(tmp) / "wrapped.db", stages=[]).to_json())
    return score(export, records)


def score(export: dict, records: dict[str, dict]) -> dict:
    """The module docstring's figures from an export dict and the input records by id."""
    groups: dict[str, dict] = {}
    for article in export["articles"]:
        record = records[article["id"]]
        group = groups.setdefault("PA wire copy" if article["id"].startswith("PA/") else "newspapers", {
            "texts": 0, "joined": 0, "markers_left": 0, "headline": 0, "byline": 0,
            "lines_before": [], "lines_after": [], "sentences_before": [], "sentences_after": []})
        before, body = _lines(record["text"]), article["body"]
        group["texts"] += 1
        group["joined"] += any(line not in set(before) for line in body.split("\n"))
        group["markers_left"] += bool(_MARKERS.search(body))
        group["headline"] += bool(article.get("headline")) and not record.get("title")
        group["byline"] += any(line.lower().startswith("by ") for line in article.get("credits") or ())
        group["lines_before"].append(len(before))
        group["lines_after"].append(body.count("\n") + 1)
        group["sentences_before"].append(_sentences("\n".join(before), article.get("language")))
        group["sentences_after"].append(_sentences(body, article.get("language")))
    for group in groups.values():
        for key in ("lines_before", "lines_after", "sentences_before", "sentences_after"):
            group[key] = statistics.mean(group[key])
    return {"groups": groups, "read": len(records), "stored": len(export["articles"])}


def format_report(result: dict) -> str:
    """One block per group."""
    lines = [f"Hard-wrapped text on METER: {result['stored']} of {result['read']} texts stored "
             "(read + clean through analyze)"]
    for name, g in result["groups"].items():
        # Only wire copy has markers to leave; a newspaper's own doubled quote ('') is not one.
        left = f", wire markers left in {g['markers_left']}" if name.startswith("PA") else ""
        lines.append(f"  {name}: {g['texts']} texts, lines joined in {g['joined']}{left}")
        lines.append(f"    per text: lines {g['lines_before']:.1f} -> {g['lines_after']:.1f}, "
                     f"sentences {g['sentences_before']:.1f} -> {g['sentences_after']:.1f}")
        if name.startswith("PA"):
            lines.append(f"    headline found in {g['headline']}, byline credit in {g['byline']}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_report(evaluate(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/reuse/meter-dev")))
