"""compare_coverage: what every outlet of a story shares, adds and leaves out."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from retold.coverage.group import TextRow, group_sentences, order_units, sentence_matches
from retold.coverage.units import ArticleUnits, article_units, lone_units
from retold.fingerprint import article_digest, cached, code_digest
from retold.model import Article, Cache, Coverage, CoverageUnit, Story
from retold.nlp import blas_threads

# The modules whose code computes one story's coverage (``cover_story``, its units and
# their vectors): their source is part of each cached coverage's key.
_COVERAGE_MODULES = ("retold.coverage.compare", "retold.coverage.group", "retold.coverage.units",
                     "retold.coverage.similarity", "retold.reuse.profile", "retold.segment.sentences")


def _story_articles(story: Story, by_id: dict[str, Article]) -> list[Article]:
    """The story's articles that are present, earliest published first (unknown dates last),
    then in the story's own order: the earliest telling gives a unit its text and place."""
    present = [by_id[i] for i in dict.fromkeys(story.articles) if i in by_id]
    rank = {a.id: k for k, a in enumerate(present)}
    return sorted(present, key=lambda a: (a.published is None, a.published or "", rank[a.id]))


@dataclass
class _Classes:
    """A story's sentences folded by exact text: ``class_of[s]`` for story-wide sentence ``s``,
    ``articles[c]`` the article indices carrying class ``c``, ``first[c]`` its first sentence."""

    class_of: list[int] = field(default_factory=list)
    article_of: list[int] = field(default_factory=list)
    articles: list[set[int]] = field(default_factory=list)
    first: list[int] = field(default_factory=list)


def _fold_duplicates(units: list[ArticleUnits]) -> _Classes:
    """Fold sentences repeated word for word (whitespace and case aside) into one class."""
    classes = _Classes()
    by_text: dict[str, int] = {}
    for a, u in enumerate(units):
        for sentence in u.sentences:
            key = " ".join(sentence.text.split()).casefold()
            if key not in by_text:
                by_text[key] = len(classes.articles)
                classes.articles.append(set())
                classes.first.append(len(classes.class_of))
            classes.articles[by_text[key]].add(a)
            classes.class_of.append(by_text[key])
            classes.article_of.append(a)
    return classes


def _rows(units: list[ArticleUnits], classes: _Classes) -> tuple[list[TextRow], np.ndarray]:
    """The texts of each class's first sentence (sentence and pieces), and their vectors."""
    labels: dict[frozenset[int], int] = {}
    rows: list[TextRow] = []
    picked: list[np.ndarray] = []
    sentence = 0
    for u in units:
        for t, (text, owner) in enumerate(zip(u.texts, u.owner)):
            c = classes.class_of[sentence + owner]
            if classes.first[c] == sentence + owner:
                label = labels.setdefault(frozenset(classes.articles[c]), len(labels))
                rows.append(TextRow(text, c, label, u.article.language))
                picked.append(u.vectors[t])
        sentence += len(u.sentences)
    vectors = np.vstack(picked) if picked else np.zeros((0, 1), dtype=np.float32)
    return rows, vectors


def cover_story(story: Story, units: list[ArticleUnits]) -> Coverage:
    """Coverage of one story from its articles' units (in story order); no articles, no units."""
    classes = _fold_duplicates(units)
    rows, vectors = _rows(units, classes)
    grouping = group_sentences(classes.articles, sentence_matches(rows, vectors))
    unit_of_sentence = [grouping.unit_of[c] for c in classes.class_of]
    sentence_text = [s.text for u in units for s in u.sentences]
    out = []
    for u in order_units(unit_of_sentence, classes.article_of, len(units)):
        # members are classes in order of first sentence: the earliest article's wording
        text = sentence_text[classes.first[grouping.members[u][0]]]
        carriers = tuple(units[a].article.id for a in sorted(grouping.carriers[u]))
        out.append(CoverageUnit(text=text, articles=carriers))
    return Coverage(story=story.id, units=tuple(out))


def compare_coverage(articles: Sequence[Article], stories: Sequence[Story],
                     cache: Cache | None = None) -> list[Coverage]:
    """One ``Coverage`` per story that has at least one of ``articles``, in the stories' order.

    Each unit is a sentence-level piece of content with every article that carries it;
    unit ``articles`` follow the story's article order (earliest published first). A
    single-article story gives one unit per distinct sentence, and embeds nothing
    (``units.lone_units``). Embeddings are cached per article through ``cache``. Empty
    input gives ``[]``.
    """
    by_id = {a.id: a for a in articles}
    out = []
    with blas_threads():
        for story in stories:
            members = _story_articles(story, by_id)
            if members:
                out.append(_cached_cover(story, members, cache))
    return out


def _cached_cover(story: Story, members: list[Article], cache: Cache | None) -> Coverage:
    """``cover_story`` of ``members``, read back from ``cache`` when an earlier run covered the
    same story with the same articles (an incremental run changes few stories)."""
    def cover() -> Coverage:
        units = article_units(members, cache) if len(members) > 1 else [lone_units(members[0])]
        return cover_story(story, units)

    def decode(blob: bytes) -> Coverage:
        d = json.loads(blob.decode("utf-8"))
        return Coverage(d["story"], tuple(CoverageUnit(u["text"], tuple(u["articles"])) for u in d["units"]))

    parts = (story.id, code_digest(_COVERAGE_MODULES), *(article_digest(a) for a in members))
    return cached(cache, "coverage.story", parts, cover,
                  lambda c: json.dumps(c.to_dict(), ensure_ascii=False).encode("utf-8"), decode)


def outlet_view(coverage: Coverage, articles: Sequence[Article]) -> dict:
    """Per article of the story: what it shares with all others, has alone, and leaves out.

    Returns ``{"story", "shared": [texts carried by every article], "articles": {article_id:
    {"outlet", "units", "shared", "only_here", "missing_here"}}}``, articles in unit order of
    first appearance; ``only_here`` is empty for a single-article story (nothing to compare).
    A coverage without units gives empty lists.
    """
    ids = list(dict.fromkeys(i for u in coverage.units for i in u.articles))
    outlets = {a.id: a.outlet for a in articles}
    everyone = set(ids)
    shared = [u.text for u in coverage.units if set(u.articles) == everyone]
    view: dict[str, dict] = {}
    for article_id in ids:
        carried = [u for u in coverage.units if article_id in u.articles]
        view[article_id] = {
            "outlet": outlets.get(article_id),
            "units": len(carried),
            "shared": shared,
            "only_here": [u.text for u in carried if len(u.articles) == 1 and len(ids) > 1],
            "missing_here": [u.text for u in coverage.units if article_id not in u.articles],
        }
    return {"story": coverage.story, "shared": shared, "articles": view}
