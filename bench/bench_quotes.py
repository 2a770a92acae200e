"""Scaling benchmark for the quotes stage: articles/s and peak memory.

One unit (1x) is UNIT_ARTICLES ECB+ dev articles, taken story by story (ECB+ gold events)
so that cross-outlet matching has real stories to work on, plus UNIT_POLNEAR PolNeAR dev
articles (long US political news, quote-heavy) as stories of one. Sizes 10x and 100x reuse the
material with article ids made unique per copy (the per-article work is the same; matching
works per story, so copies never meet). Two steps are measured, each in a fresh process
(``bench/measure.py``):

- ``quotes.extract``: ``extract_quotes_batch`` over all articles;
- ``quotes.cluster``: ``cluster_quotes`` over the extracted quotes (units, embeddings,
  per-story average linkage).

Run: ``.venv/bin/python bench/bench_quotes.py --sizes 1,10,100`` (``--sizes 1,10`` for a quick run).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import HEADER, measure, parse_sizes, print_row  # noqa: E402

from retold.model import Article, Story  # noqa: E402

UNIT_ARTICLES = 20
UNIT_POLNEAR = 5
SHARED = Path(__file__).resolve().parents[2] / "shared"


def _unit() -> tuple[list[Article], list[Story]]:
    root = SHARED / "eval" / "stories" / "ecbplus-dev"
    docs = {d["id"]: d for d in map(json.loads, (root / "docs.jsonl").read_text(encoding="utf-8").splitlines())}
    gold = json.loads((root / "gold.json").read_text(encoding="utf-8"))["stories"]
    articles, stories = [], []
    for n, ids in enumerate(gold):
        take = [i for i in ids if i in docs][: UNIT_ARTICLES - len(articles)]
        articles += [Article(id=i, body=docs[i]["text"], language="en") for i in take]
        stories.append(Story(f"ecb{n}", "", tuple(take)))
        if len(articles) >= UNIT_ARTICLES:
            break
    polnear = sorted((SHARED / "eval" / "quotes" / "polnear-dev" / "articles").glob("*.txt"))[:UNIT_POLNEAR]
    for p in polnear:
        articles.append(Article(id=p.stem, body=p.read_text(encoding="utf-8"), language="en"))
        stories.append(Story(f"pn-{p.stem}", "", (p.stem,)))
    return articles, stories


def corpus(size: int) -> tuple[list[Article], list[Story]]:
    """``size`` copies of the unit, ids suffixed ``#k`` per copy."""
    articles, stories = _unit()
    out_a, out_s = [], []
    for k in range(size):
        out_a += [replace(a, id=f"{a.id}#{k}") for a in articles]
        out_s += [Story(f"{s.id}#{k}", s.title, tuple(f"{i}#{k}" for i in s.articles)) for s in stories]
    return out_a, out_s


def _extract(size: int) -> int:
    from retold.quotes import extract_quotes_batch

    articles, _ = corpus(size)
    return len(extract_quotes_batch(articles))


def _cluster(size: int, quotes_path: str) -> int:
    from retold.model import Quote
    from retold.quotes import cluster_quotes

    articles, stories = corpus(size)
    raw = json.loads(Path(quotes_path).read_text(encoding="utf-8"))
    quotes = [Quote(**{**d, "span": tuple(d["span"])}) for d in raw]
    return len(cluster_quotes(quotes, articles, stories)[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="unit multiples, comma-separated")
    args = parser.parse_args()
    print(HEADER)
    import tempfile

    from retold.quotes import extract_quotes_batch

    for size in parse_sizes(args.sizes):
        n = len(corpus(size)[0])
        seconds, peak, n_quotes = measure(lambda: _extract(size))
        print_row("quotes.extract", f"{size}x", n, seconds, peak, f"{n_quotes} quotes")
        # Quotes for the clustering step are computed outside the measured process.
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
            unit_quotes = extract_quotes_batch(corpus(1)[0])
            copies = [replace(q, id=f"{q.id}#{k}", article=f"{q.article}#{k}")
                      for k in range(size) for q in unit_quotes]
            json.dump([q.to_dict() for q in copies], fh)
        seconds, peak, n_clusters = measure(lambda: _cluster(size, fh.name))
        print_row("quotes.cluster", f"{size}x", n, seconds, peak, f"{len(copies)} quotes, {n_clusters} clusters")
        Path(fh.name).unlink()


if __name__ == "__main__":
    main()
