"""How well cleaning recovers the seed corpus's answer key (``corpus/seeds.gold.json``).

Figures (counts over the five seed pages):

- ``body_lines_kept`` / ``body_lines``: gold body lines whose text appears in the cleaned body;
- ``furniture_kept`` / ``furniture_lines``: furniture lines kept as a paragraph of the body,
  or given as the headline (0 is right). Whole paragraphs, not substrings: a caption such
  as "Russian Defense Minister Sergei Shoigu" is also the start of a body sentence;
- ``headlines`` / ``headlines_total``: headline equal to the key's (spacing aside);
- ``outlets`` / ``outlets_total``: outlet equal to the key's, over pages that have one;
  ``outlets_wrong`` also counts an outlet given where the key says none can be told;
- ``credits`` / ``credits_total``: the key's credit line among the cleaned credits;
  ``credit_lines_in_body`` counts credit lines left in the body (0 is right).

Run: ``python -m retold.eval.seeds_clean [../shared]`` (cleans the seeds with
:func:`retold.clean.clean_plain_text`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from retold.clean import CleanText, clean_plain_text


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def _line_texts(seeds_dir: Path, doc_id: str) -> list[str]:
    return (Path(seeds_dir) / f"{doc_id}.txt").read_text(encoding="utf-8").split("\n")


def _in_body(line: str, body: str) -> bool:
    line = _norm(line)
    return bool(line) and line in _norm(body)


def _score_doc(cleaned: CleanText, key: dict, lines: list[str]) -> dict[str, int]:
    body_numbers = [i for a, b in key["body"] for i in range(a, b + 1) if lines[i - 1].strip()]
    furniture = [lines[i - 1] for i in key.get("furniture_lines", []) if lines[i - 1].strip()]
    credit = key.get("credit")
    paragraphs = {_norm(p) for p in cleaned.body.split("\n")}
    return {
        "body_lines": len(body_numbers),
        "body_lines_kept": sum(_in_body(lines[i - 1], cleaned.body) for i in body_numbers),
        "furniture_lines": len(furniture),
        "furniture_kept": sum(_norm(x) in paragraphs or _norm(x) == _norm(cleaned.headline) for x in furniture),
        "headlines_total": int(bool(key.get("headline"))),
        "headlines": int(bool(key.get("headline")) and _norm(key["headline"]) == _norm(cleaned.headline)),
        "outlets_total": int(key.get("outlet") is not None),
        "outlets": int(key.get("outlet") is not None and key["outlet"] == cleaned.outlet),
        "outlets_wrong": int(key.get("outlet") != cleaned.outlet),
        "credits_total": int(bool(credit)),
        "credits": int(bool(credit) and _norm(credit) in {_norm(c) for c in cleaned.credits}),
        "credit_lines_in_body": int(bool(credit) and _in_body(credit, cleaned.body)),
    }


def score_seeds_clean(articles_by_id: dict[str, CleanText], gold: dict, seeds_dir: Path) -> dict[str, int]:
    """Counts (see module docstring) of cleaned seed pages against the answer key.

    ``gold`` is the parsed seeds.gold.json; pages missing from
    ``articles_by_id`` count as cleaned to nothing. Empty ``gold["docs"]``
    gives all-zero counts.
    """
    totals: dict[str, int] = {}
    for doc_id, key in sorted(gold.get("docs", {}).items()):
        cleaned = articles_by_id.get(doc_id, CleanText(body=""))
        for name, value in _score_doc(cleaned, key, _line_texts(seeds_dir, doc_id)).items():
            totals[name] = totals.get(name, 0) + value
    return totals


def evaluate(shared: Path = Path("../shared")) -> dict[str, int]:
    """Clean the seed pages under ``shared/corpus/seeds`` and score them against the key."""
    seeds_dir = Path(shared) / "corpus" / "seeds"
    gold = json.loads((Path(shared) / "corpus" / "seeds.gold.json").read_text(encoding="utf-8"))
    cleaned = {doc_id: clean_plain_text((seeds_dir / f"{doc_id}.txt").read_text(encoding="utf-8"))
               for doc_id in gold["docs"]}
    return score_seeds_clean(cleaned, gold, seeds_dir)


def format_report(scores: dict[str, int]) -> str:
    """The counts as "x/y" lines."""
    rows = [("body lines kept", "body_lines_kept", "body_lines"),
            ("furniture lines kept", "furniture_kept", "furniture_lines"),
            ("headlines", "headlines", "headlines_total"),
            ("outlets", "outlets", "outlets_total"),
            ("credits", "credits", "credits_total")]
    lines = [f"{label:<22} {scores.get(num, 0)}/{scores.get(den, 0)}" for label, num, den in rows]
    lines.append(f"{'outlets wrong':<22} {scores.get('outlets_wrong', 0)}")
    lines.append(f"{'credit lines in body':<22} {scores.get('credit_lines_in_body', 0)}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_report(evaluate(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared"))))
