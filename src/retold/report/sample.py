"""Made-up corpora for the report's and web UI's tests and benchmark (no real text).

- ``synthetic_corpus(scale)``: ``scale`` × 20 stories of 5 articles, each story with
  one original, verbatim/partial/rewritten copies (credited or not), quote clusters
  with variant wordings, and coverage units. ``scale=100`` is 10,000 articles.
- ``hostile_corpus()``: a tiny corpus whose every text field carries HTML/JS
  injection attempts, for escaping tests.
- ``write_corpus(conn, corpus)``: stores a ``Corpus`` through ``retold.store.writer``.
"""

from __future__ import annotations

import random
import sqlite3

from retold.model import (
    AlignedPassage, Article, Corpus, Coverage, CoverageUnit, Quote, QuoteCluster, ReuseLink, StageSkip, Story,
)
from retold.store import writer

STORIES_PER_SCALE = 20
ARTICLES_PER_STORY = 5
OUTLETS = ("Daily Ledger", "Northern Wire", "Metro Courier", "Harbor Times", "Capital Dispatch",
           "Evening Post", "Valley Herald", "Global Monitor")
_WORDS = ("minister officials said talks security council agreement border defence meeting spokesman report "
          "government week during statement relations military economic trade plans talks region crisis "
          "ceasefire parliament vote budget energy prices inflation election campaign court ruling police "
          "investigation hospital workers strike union villagers flood storm rescue").split()
INJECTIONS = (
    '<script>alert("x")</script>',
    '" onmouseover="alert(1)" x="',
    "</script><script>alert(2)</script>",
    "<img src=x onerror=alert(3)>",
    "javascript:alert(4)",
    "{{ 7*7 }} ${7*7}",
)
# A WARC-style article id (a URL) holding characters that matter in paths, queries and HTML.
URL_ID = 'https://evil.example/a/../b?c="1"&d=<x>#frag'


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def _rewrite(sentence: str, rng: random.Random) -> str:
    words = sentence.rstrip(".").split()
    for _ in range(max(1, len(words) // 4)):
        words[rng.randrange(len(words))] = rng.choice(_WORDS)
    return " ".join(words).capitalize() + "."


def _story(k: int, rng: random.Random) -> Corpus:
    """One story: an original and copies of it of every kind, with quotes and coverage."""
    paragraphs = [" ".join(_sentence(rng) for _ in range(3)) for _ in range(8)]
    said = [" ".join(rng.choice(_WORDS) for _ in range(10)) for _ in range(3)]
    speaker = f"Official {k}"
    kinds = ("original", "verbatim", "partial", "rewrite", "independent")
    out = Corpus()
    bodies: dict[str, str] = {}
    for j, kind in enumerate(kinds):
        aid = f"s{k:05d}-a{j}"
        if kind in ("original", "verbatim"):
            paras = list(paragraphs)
        elif kind == "partial":
            paras = paragraphs[:4] + [" ".join(_sentence(rng) for _ in range(3)) for _ in range(3)]
        elif kind == "rewrite":
            paras = [" ".join(_rewrite(s + ".", rng) for s in p.split(". ")) for p in paragraphs]
        else:
            paras = [" ".join(_sentence(rng) for _ in range(3)) for _ in range(7)]
        quote_text = said[j % 3] if j != 3 else _rewrite(said[0], rng).rstrip(".").lower()
        paras.insert(2, f'"{quote_text}," {speaker} said.')
        bodies[aid] = "\n".join(paras)
        out.articles.append(Article(
            id=aid, body=bodies[aid], source=f"synthetic#{aid}", url=f"https://example.org/{k}/{j}",
            outlet=OUTLETS[(k + j) % len(OUTLETS)], headline=f"Story {k}: " + _sentence(rng).rstrip("."),
            published=f"2024-{1 + k % 12:02d}-{1 + (k + j) % 27:02d}", language="en",
            credits=("Source: " + OUTLETS[k % len(OUTLETS)],) if j == 1 else (),
            credited_sources=(OUTLETS[k % len(OUTLETS)],) if j == 1 else (),
        ))
        start = bodies[aid].index(quote_text)
        out.quotes.append(Quote(f"q-{aid}", aid, speaker, "said", quote_text, "direct",
                                (start, start + len(quote_text)), f"c{k:05d}-{j % 3 if j != 3 else 0}"))
    ids = [a.id for a in out.articles]
    original = bodies[ids[0]]
    for j, kind in ((1, "verbatim"), (2, "partial"), (3, "rewrite")):
        copy = bodies[ids[j]]
        passages = []
        for p in paragraphs[: 4 if kind == "partial" else 8]:
            if kind == "rewrite":
                break
            a0, b0 = original.index(p), copy.index(p)
            passages.append(AlignedPassage((a0, a0 + len(p)), (b0, b0 + len(p)), 1.0))
        if kind == "rewrite":
            o_lines, c_lines = original.split("\n"), copy.split("\n")
            pos_o = pos_c = 0
            for lo, lc in zip(o_lines, c_lines):
                if not lo.startswith('"'):
                    passages.append(AlignedPassage((pos_o, pos_o + len(lo)), (pos_c, pos_c + len(lc)), 0.72))
                pos_o, pos_c = pos_o + len(lo) + 1, pos_c + len(lc) + 1
        out.reuse.append(ReuseLink(ids[0], ids[j], kind, ids[0], j == 1, tuple(passages), "dates"))
    out.stories.append(Story(f"story-{k:05d}", f"Story {k}: " + paragraphs[0].split(".")[0], tuple(ids)))
    for c in range(3):
        members = tuple(q.id for q in out.quotes if q.cluster == f"c{k:05d}-{c}")
        out.quote_clusters.append(QuoteCluster(f"c{k:05d}-{c}", speaker, members))
    units = [CoverageUnit(p.split(". ")[0], tuple(ids[:4] if i < 4 else ids[:2] + ids[3:4]))
             for i, p in enumerate(paragraphs)]
    units.append(CoverageUnit("A detail only the independent report gives.", (ids[4],)))
    out.coverage.append(Coverage(out.stories[0].id, tuple(units)))
    return out


def synthetic_corpus(scale: int = 1, seed: int = 7) -> Corpus:
    """``scale`` × ``STORIES_PER_SCALE`` made-up stories (5 articles each); scale 0 gives an empty corpus."""
    rng = random.Random(seed)
    out = Corpus()
    for k in range(scale * STORIES_PER_SCALE):
        part = _story(k, rng)
        for name in ("articles", "stories", "reuse", "quotes", "quote_clusters", "coverage"):
            getattr(out, name).extend(getattr(part, name))
    return out


def hostile_corpus() -> Corpus:
    """Two articles, a story, a link, quotes and coverage whose text fields are all injection attempts."""
    bad = " ".join(INJECTIONS)
    bodies = [f"First paragraph {bad}\nSecond <b>bold</b> & more {bad}", f"Copied {bad}\nOwn text & <i>stuff</i>"]
    arts = [Article(id=f"evil-{i}", body=b, source="hostile", url=f"javascript:alert({i})",
                    outlet=f'Outlet {i} <script>alert("o")</script>" onmouseover="alert(1)',
                    headline=f'Headline {i} <script>alert("h")</script>" onmouseover="alert(1)',
                    published=f"2024-01-0{i + 1}", language="en", credits=(bad,), credited_sources=(bad,))
            for i, b in enumerate(bodies)]
    arts.append(Article(id=URL_ID, body="Third body, plain.",
                        source="hostile", outlet="Third", headline="A URL-like id", published="2024-01-03"))
    q = [Quote(f"eq{i}", a.id, f'Speaker <script>alert("s")</script>', "said", a.body[:30], "direct", (0, 30), "ec")
         for i, a in enumerate(arts[:2])]
    return Corpus(
        articles=arts,
        stories=[Story("evil-story", f"Story {bad}", tuple(a.id for a in arts))],
        reuse=[ReuseLink("evil-0", "evil-1", "partial", "evil-0", False,
                         (AlignedPassage((0, 20), (0, 20), 0.9),), f"basis {bad}")],
        quotes=q,
        quote_clusters=[QuoteCluster("ec", f"Speaker {bad}", tuple(x.id for x in q))],
        coverage=[Coverage("evil-story", (CoverageUnit(f"Unit {bad}", ("evil-0",)),
                                          CoverageUnit("Shared unit", ("evil-0", "evil-1"))))],
        stage_skips=[StageSkip("evil-1", "quotes", f"not extracted, language {bad}")],
    )


def write_corpus(conn: sqlite3.Connection, corpus: Corpus) -> None:
    """Store every table of ``corpus`` through the writer, in one transaction."""
    with writer.transaction(conn):
        writer.upsert_articles(conn, corpus.articles)
        writer.replace_stories(conn, corpus.stories)
        writer.replace_reuse(conn, corpus.reuse)
        writer.replace_quotes(conn, corpus.quotes, corpus.quote_clusters)
        writer.replace_coverage(conn, corpus.coverage)
        for stage in sorted({s.stage for s in corpus.stage_skips}):
            writer.replace_stage_skips(conn, stage, [s for s in corpus.stage_skips if s.stage == stage])
