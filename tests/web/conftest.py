"""Fixture stores for the web UI and report tests, written through ``retold.store.writer``.

``seed_store`` holds the five real seed articles (as the answer key cleans them) with
hand-made stage output taken from the answer key: its two stories, a reuse link for the
one pair that shares prose (passages aligned line by line with rapidfuzz), its quote
clusters (spans found in the bodies) and coverage units (body lines, carried by the
articles with a similar line). It stands in for `retold analyze` while stages land.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from retold.model import AlignedPassage, Corpus, Coverage, CoverageUnit, Quote, QuoteCluster, ReuseLink, Story
from retold.report.sample import hostile_corpus, synthetic_corpus, write_corpus
from retold.store import connect

# Two body lines "carry the same content" above this rapidfuzz token_set_ratio (by eye on the seeds).
SAME_LINE_RATIO = 62
STORY_DATES = ("2019-12-08", "2017-04-27")


def _line_spans(body: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in body.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _aligned(a: str, b: str) -> list[AlignedPassage]:
    out = []
    for sa in _line_spans(a):
        best = max(_line_spans(b), key=lambda sb: fuzz.ratio(a[sa[0]:sa[1]], b[sb[0]:sb[1]]))
        score = fuzz.ratio(a[sa[0]:sa[1]], b[best[0]:best[1]]) / 100
        if score >= SAME_LINE_RATIO / 100:
            out.append(AlignedPassage(sa, best, score))
    return out


def seed_corpus(articles, gold) -> Corpus:
    """The seed articles plus stage output made from the answer key (see module docstring)."""
    date_of = {d: STORY_DATES[i] for i, s in enumerate(gold["stories"]) for d in s["docs"]}
    arts = [dataclasses.replace(a, published=date_of.get(a.id)) for a in articles]
    by_id = {a.id: a for a in arts}
    stories = [Story(f"story-{i}", s["about"], tuple(s["docs"])) for i, s in enumerate(gold["stories"])]
    links = []
    for r in gold["reuse"]:
        if r["kind"] in ("rewrite", "verbatim", "partial"):
            a, b = sorted(r["docs"])
            links.append(ReuseLink(a, b, r["kind"], b, False, tuple(_aligned(by_id[a].body, by_id[b].body)), "credit"))
    quotes, clusters = [], []
    for k, c in enumerate(gold["quote_clusters"]):
        members = []
        for doc, text in c["in"].items():
            start = by_id[doc].body.find(text)
            if start >= 0:
                members.append(Quote(f"q{k}-{doc}", doc, c["speaker"], "said", text, "direct",
                                     (start, start + len(text)), f"cluster-{k}"))
        quotes.extend(members)
        if len(members) > 1:
            clusters.append(QuoteCluster(f"cluster-{k}", c["speaker"], tuple(q.id for q in members)))
    coverage = []
    for s in stories:
        units = []
        for doc in s.articles:
            for line in by_id[doc].body.split("\n")[:6]:
                carriers = tuple(d for d in s.articles if max(
                    fuzz.token_set_ratio(line, other) for other in by_id[d].body.split("\n")) >= SAME_LINE_RATIO)
                units.append(CoverageUnit(line[:160], carriers))
        coverage.append(Coverage(s.id, tuple(units)))
    return Corpus(articles=arts, stories=stories, reuse=links, quotes=quotes, quote_clusters=clusters,
                  coverage=coverage)


def _store(path: Path, corpus: Corpus) -> Path:
    conn = connect(path)
    write_corpus(conn, corpus)
    conn.close()
    return path


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory, seed_articles, seeds_gold) -> Path:
    return _store(tmp_path_factory.mktemp("seeds") / "seeds.db", seed_corpus(seed_articles, seeds_gold))


@pytest.fixture(scope="session")
def hostile_store(tmp_path_factory) -> Path:
    return _store(tmp_path_factory.mktemp("hostile") / "hostile.db", hostile_corpus())


@pytest.fixture(scope="session")
def synthetic_store(tmp_path_factory) -> Path:
    return _store(tmp_path_factory.mktemp("synthetic") / "synthetic.db", synthetic_corpus(2))


@pytest.fixture(scope="session")
def wire_store(tmp_path_factory) -> Path:
    """One wire take with its catchline (``Article.slug``), as ``clean.wrapped`` keeps it."""
    from retold.model import Article

    take = Article(id="pa-take", body="A mother shook her baby son to death, a court was told today.\n"
                   "The case continues.", outlet="PA", published="2000-04-03", language="en",
                   headline="Mother killed baby, court told", slug="COURTS Mother")
    return _store(tmp_path_factory.mktemp("wire") / "wire.db", Corpus(articles=[take]))


@pytest.fixture(scope="session")
def bare_store(tmp_path_factory, seed_articles) -> Path:
    """Articles only: no stage has run yet."""
    return _store(tmp_path_factory.mktemp("bare") / "bare.db", Corpus(articles=list(seed_articles)))


@pytest.fixture(scope="session")
def empty_store(tmp_path_factory) -> Path:
    return _store(tmp_path_factory.mktemp("empty") / "empty.db", Corpus())


# ------------------------------------------------------------------ browser


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("RETOLD_CHROMIUM", "/usr/bin/chromium")
    if not (Path(path).is_file() or shutil.which(path)):
        reason = f"no Chromium at {path} (apt-get install chromium, or set RETOLD_CHROMIUM)"
        print(reason)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    """A fresh page that fails the test on any JS error or dialog (an executed injection)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    problems: list[str] = []
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.problems = problems
    yield pg
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    path = Path(__file__).resolve().parents[2] / "build" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(store: Path):
    """The web UI over ``store`` on a free loopback port, in a background thread; yields its base URL."""
    import uvicorn

    from retold.web import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def served(seed_store):
    yield from _serve(seed_store)


@pytest.fixture(scope="session")
def large_store(tmp_path_factory) -> Path:
    """10,000 made-up articles (2,000 stories of 5, reuse links between them), for the views at scale."""
    return _store(tmp_path_factory.mktemp("large") / "large.db", synthetic_corpus(100))


@pytest.fixture(scope="session")
def served_large(large_store):
    yield from _serve(large_store)
