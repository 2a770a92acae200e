"""Sentence splitting with exact offsets into ``Article.body``.

Uses ``sentencex`` (rule-based, ~300 languages) per paragraph; paragraphs are
the body's ``\\n``-separated lines, and a sentence never crosses one.
"""

from __future__ import annotations

from functools import cache

from retold.model import Article, Sentence


@cache
def _segmenter(language: str):
    from sentencex import segment

    return lambda text: segment(language, text)


def split_sentences(article: Article) -> list[Sentence]:
    """Sentences of ``article.body`` in order; each ``body[start:end] == text`` (stripped).

    Empty body gives ``[]``.
    """
    seg = _segmenter(article.language or "en")
    out: list[Sentence] = []
    body = article.body
    pos = 0
    for para in body.split("\n"):
        para_start = pos
        pos += len(para) + 1
        if not para.strip():
            continue
        cursor = para_start
        for piece in seg(para):
            piece = piece.strip()
            if not piece:
                continue
            start = body.find(piece, cursor, para_start + len(para))
            if start < 0:  # segmenter normalised something; fall back to the paragraph remainder
                continue
            end = start + len(piece)
            out.append(Sentence(article.id, start, end, piece))
            cursor = end
    return out
