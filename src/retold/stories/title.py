"""What a story is called and what it spans: its most representative headline, its
outlets and its first and last publication dates."""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from retold.model import Article, Story
from retold.segment.sentences import split_sentences
from retold.stories.dates import parse_iso
from retold.stories.similarity import row_products

# An extractive title (used when no member has a headline) is cut at a word boundary here.
TITLE_MAX_CHARS = 140


def _central_order(members: Sequence[Article], body_rows) -> list[int]:
    """Member positions, most central first: highest mean cosine to the others, ties by article id."""
    if body_rows is None or body_rows.shape[0] != len(members) or len(members) < 3:
        centrality = np.zeros(len(members))
    else:
        centrality = row_products(body_rows, body_rows).sum(axis=1)
    return sorted(range(len(members)), key=lambda i: (-round(float(centrality[i]), 6), members[i].id))


def _shorten(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-") + "…"


def story_title(members: Sequence[Article], body_rows=None) -> str:
    """The headline of the most central member that has one; else the first sentence
    of the most central member's body, shortened. ``body_rows``: the members' L2-normalised
    TF-IDF rows, in order (None: take members in id order). No members gives ``""``."""
    order = _central_order(members, body_rows)
    for i in order:
        if members[i].headline and members[i].headline.strip():
            return _shorten(members[i].headline)
    for i in order:
        sentences = split_sentences(members[i])
        if sentences:
            return _shorten(sentences[0].text)
    return ""


def story_summary(story: Story, articles: Sequence[Article]) -> dict[str, Any]:
    """Outlets, article count and first/last publication date (ISO, None when unknown) of ``story``.

    ``articles`` may hold more than the story; ids not found are skipped.
    """
    wanted = set(story.articles)
    members = [a for a in articles if a.id in wanted]
    dates = sorted(d for d in (parse_iso(a.published) for a in members) if d is not None)
    return {
        "id": story.id,
        "title": story.title,
        "articles": len(story.articles),
        "outlets": sorted({a.outlet for a in members if a.outlet}),
        "first_published": dates[0].isoformat() if dates else None,
        "last_published": dates[-1].isoformat() if dates else None,
    }
