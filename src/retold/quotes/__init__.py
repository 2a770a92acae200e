"""quotes stage: who said what, and which quotes of a story render the same utterance.

The public functions are imported lazily (PEP 562), so a module that only needs a
light helper such as ``retold.quotes.marks`` does not pay for loading spaCy.
"""

from importlib import import_module

_EXPORTS = {
    "cluster_quotes": "retold.quotes.cluster",
    "diff_words": "retold.quotes.cluster",
    "extract_quotes": "retold.quotes.extract",
    "extract_quotes_batch": "retold.quotes.extract",
    "find_quotes": "retold.quotes.find",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'retold.quotes' has no attribute {name!r}")
