"""Speed and size of the report and the web UI over one store (there is no gold to score).

``evaluate(path)`` opens the store at ``path`` read-only, builds the static report
in memory (time, bytes, of which JSON) and times the web UI's main pages and API
calls through FastAPI's TestClient (median and worst of ``repeat`` calls, in ms).
Used by ``bench/bench_report.py`` on synthetic stores of growing size.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

REPEAT = 5


def _urls(conn) -> dict[str, str]:
    """The pages and API calls to time, made from the store's first story, article, link and a word."""
    first = conn.execute("SELECT id FROM stories ORDER BY position LIMIT 1").fetchone()
    article = conn.execute("SELECT id, headline FROM articles ORDER BY id LIMIT 1").fetchone()
    link = conn.execute("SELECT a, b FROM reuse ORDER BY a, b LIMIT 1").fetchone()
    word = next((w for w in (article["headline"] or "").split() if len(w) > 4), "news") if article else "news"
    urls = {"home": "/", "articles": "/articles", "search": "/articles?" + urlencode({"q": word}),
            "reuse": "/reuse", "quotes": "/quotes", "api_articles": "/api/articles",
            "api_search": "/api/search?" + urlencode({"q": word}), "api_stories": "/api/stories"}
    if first:
        urls["story"] = f"/stories/{quote(first[0], safe='')}"
        urls["api_story"] = f"/api/stories/{quote(first[0], safe='')}"
    if article:
        urls["article"] = f"/articles/{quote(article['id'], safe='')}"
    if link:
        urls["compare"] = "/compare?" + urlencode({"a": link[0], "b": link[1]})
    return urls


def evaluate(path: str | Path, repeat: int = REPEAT) -> dict[str, float | int]:
    """Report build time/size and UI response times over the store at ``path``."""
    from fastapi.testclient import TestClient

    from retold.report.html import render_report
    from retold.store import connect, query
    from retold.web import create_app

    conn = connect(path, read_only=True)
    try:
        figures: dict[str, float | int] = {f"n_{k}": v for k, v in query.counts(conn).items()}
        t0 = time.perf_counter()
        page = render_report(conn)
        figures["report_build_s"] = round(time.perf_counter() - t0, 3)
        figures["report_bytes"] = len(page.encode("utf-8"))
        urls = _urls(conn)
    finally:
        conn.close()
    with TestClient(create_app(path)) as client:
        for name, url in urls.items():
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                r = client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
                if r.status_code != 200:
                    raise RuntimeError(f"{url} answered {r.status_code}")
            figures[f"ui_{name}_ms"] = round(statistics.median(times), 1)
            figures[f"ui_{name}_max_ms"] = round(max(times), 1)
    return figures


def format_report(figures: dict[str, float | int]) -> str:
    """The figures as aligned ``name  value`` lines."""
    width = max((len(k) for k in figures), default=0)
    return "\n".join(f"{k.ljust(width)}  {v}" for k, v in figures.items())


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m retold.eval.report STORE.db")
    print(format_report(evaluate(sys.argv[1])))
