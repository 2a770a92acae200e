"""Scaling benchmark for the reuse stage: articles/s, peak memory and recall of injected links.

Builds corpora of 1x, 10x, 100x one unit of articles from the shared eval data
and runs ``find_reuse`` over each in a fresh process (so peak memory is that
run's own). One unit holds:

- BACKGROUND ECB+ news articles (no injected links; ECB+ has real wire copies
  among them, which are found but not scored);
- VERBATIM pairs: an ECB+ article and a copy with its last line dropped and a
  line of furniture added;
- PARTIAL pairs: an ECB+ article, and another ECB+ article with its two
  longest lines spliced in (copied paragraphs, not a title and a date line);
- REWORDED pairs: MSRP paraphrase pairs (label 1), the ``a`` sentences as one
  article and their ``b`` sentences, in the same order, as the other;
- TRANSLATED pairs: a MEANTIME article and one of its translations, each
  document used once.

ECB+ material is reused across units under a per-unit word cipher (every word
mapped to another vocabulary word by a seeded hash), so units never share
wording; MSRP and MEANTIME material is drawn without replacement, which is what
caps the largest size. ECB+ articles are cut to LINES_PER_ARTICLE lines so the
100x run takes minutes here.

Run: ``.venv/bin/python bench/bench_reuse.py --sizes 1,10,100`` (``--sizes 1,10`` for a quick run).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

from retold.model import Article

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
LINES_PER_ARTICLE = 6
BACKGROUND, VERBATIM, PARTIAL, REWORDED, TRANSLATED = 30, 4, 4, 4, 2
MSRP_SENTENCES = 4
WORD = re.compile(r"\w+")


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()][:LINES_PER_ARTICLE]


class _Cipher:
    """Maps each word to a vocabulary word by a seeded hash: same unit, same mapping."""

    def __init__(self, vocabulary: list[str], unit: int) -> None:
        self.vocabulary, self.unit = vocabulary, unit

    def __call__(self, text: str) -> str:
        if self.unit == 0:
            return text
        return WORD.sub(self._word, text)

    def _word(self, m: re.Match) -> str:
        h = int.from_bytes(hashlib.blake2b(f"{self.unit}:{m.group().lower()}".encode(), digest_size=8).digest(), "big")
        return self.vocabulary[h % len(self.vocabulary)]


def build_corpus(units: int, seed: int = 0) -> tuple[list[Article], set[tuple[str, str, str]]]:
    """``units`` units of articles and the injected links ``(a, b, kind)`` with ``a < b``."""
    rng = random.Random(seed)
    ecb = [d for d in _jsonl(SHARED / "eval/stories/ecbplus-dev/docs.jsonl") if len(_lines(d["text"])) >= 4]
    vocabulary = sorted({w for d in ecb for w in WORD.findall(d["text"].lower()) if w.isalpha()})
    msrp = [r for r in _jsonl(SHARED / "eval/paraphrase/msrp-train.jsonl") if r["label"] == 1]
    meantime = {d["id"]: d for d in _jsonl(SHARED / "eval/reuse/meantime/docs.jsonl")}
    sets = json.loads((SHARED / "eval/reuse/meantime/gold.json").read_text(encoding="utf-8"))["translations"]
    translation_pairs = [(s[0], s[1]) for s in sets] + [(s[2], s[3]) for s in sets]
    rng.shuffle(msrp)
    rng.shuffle(translation_pairs)
    articles: list[Article] = []
    gold: set[tuple[str, str, str]] = set()

    def add(id: str, lines: list[str], language: str = "en") -> str:
        articles.append(Article(id=id, body="\n".join(lines), language=language))
        return id

    def link(a: str, b: str, kind: str) -> None:
        gold.add((min(a, b), max(a, b), kind))

    for u in range(units):
        cipher = _Cipher(vocabulary, u)
        docs = rng.sample(ecb, BACKGROUND + 2 * VERBATIM + 3 * PARTIAL)
        text = [[cipher(line) for line in _lines(d["text"])] for d in docs]
        for k in range(BACKGROUND):
            add(f"u{u}-bg{k}", text[k])
        pos = BACKGROUND
        for k in range(VERBATIM):
            original = text[pos + k]
            link(add(f"u{u}-vo{k}", original), add(f"u{u}-vc{k}", original[:-1] + ["Share this article"]), "verbatim")
        pos += VERBATIM
        for k in range(PARTIAL):
            donor, host = text[pos + 2 * k], text[pos + 2 * k + 1]
            copied = sorted(donor, key=len)[-2:]
            link(add(f"u{u}-pd{k}", donor), add(f"u{u}-ph{k}", host[:2] + copied + host[2:]), "partial")
        for k in range(REWORDED):
            rows = [msrp.pop() for _ in range(MSRP_SENTENCES)]
            link(add(f"u{u}-ra{k}", [r["a"] for r in rows]), add(f"u{u}-rb{k}", [r["b"] for r in rows]), "rewrite")
        for k in range(TRANSLATED):
            x, y = translation_pairs.pop()
            # Whole documents: line breaks differ between a MEANTIME article and its
            # translation, so cutting both at N lines would leave them different texts.
            link(add(f"u{u}-t{k}-{x}", meantime[x]["text"].split("\n"), x[:2]),
                 add(f"u{u}-t{k}-{y}", meantime[y]["text"].split("\n"), y[:2]), "translation")
    return articles, gold


def run_size(units: int) -> dict:
    """Build and run one size in this process; the figures as a dict."""
    from retold.model import MemoryCache
    from retold.reuse import find_reuse

    articles, gold = build_corpus(units)
    cache = MemoryCache()
    start = time.perf_counter()
    links = find_reuse(articles, cache)
    seconds = time.perf_counter() - start
    # Again with every embedding and signature cached: the cost of candidates and comparison alone.
    start = time.perf_counter()
    find_reuse(articles, cache)
    warm_seconds = time.perf_counter() - start
    found = {(link.a, link.b) for link in links}
    by_kind: dict[str, list[bool]] = {}
    for a, b, kind in gold:
        by_kind.setdefault(kind, []).append((a, b) in found)
    result = {
        "size": units, "articles": len(articles), "links": len(links), "injected": len(gold),
        "seconds": seconds, "warm_seconds": warm_seconds, "articles_per_s": len(articles) / seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "recall": sum(hit for hits in by_kind.values() for hit in hits) / len(gold),
    }
    result.update({f"recall_{k}": sum(v) / len(v) for k, v in sorted(by_kind.items())})
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,10,100", help="comma-separated multiples of one unit")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: run one size, print JSON
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(run_size(args.one)))
        return
    base = None
    for size in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(size)], check=True,
                             capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        base = base or r
        cost = r["seconds"] / base["seconds"] * base["size"]
        kinds = "  ".join(f"{k[7:]} {v:.2f}" for k, v in r.items() if k.startswith("recall_"))
        print(f"{size:>4}x  {r['articles']:>6} articles  {r['seconds']:8.1f} s (cached {r['warm_seconds']:6.1f} s)  "
              f"{r['articles_per_s']:7.1f} art/s  "
              f"peak {r['peak_rss_mb']:7.0f} MB  cost {cost:6.1f}x  links {r['links']:>6}  "
              f"recall {r['recall']:.3f} ({kinds})", flush=True)


if __name__ == "__main__":
    main()
