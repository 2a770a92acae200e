"""retold: one news story through every outlet that told it."""

from retold.model import (
    AlignedPassage,
    Article,
    Corpus,
    Coverage,
    CoverageUnit,
    Quote,
    QuoteCluster,
    ReuseLink,
    Story,
)

__version__ = "0.1.0"

__all__ = [
    "AlignedPassage", "Article", "Corpus", "Coverage", "CoverageUnit", "Quote",
    "QuoteCluster", "ReuseLink", "Story", "analyze",
]


def analyze(paths, db=None, stages=None, progress=False):
    """Read ``paths`` (files, folders, globs), run every stage and return the ``Corpus``.

    With ``db`` the results are also kept in that SQLite store (re-runs are idempotent).
    """
    from retold.pipeline import analyze as _analyze

    return _analyze(paths, db=db, stages=stages, progress=progress)
