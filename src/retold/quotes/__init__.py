"""quotes stage: who said what, and which quotes of a story render the same utterance."""

from retold.quotes.cluster import cluster_quotes, diff_words
from retold.quotes.extract import extract_quotes, extract_quotes_batch
from retold.quotes.find import find_quotes

__all__ = ["cluster_quotes", "diff_words", "extract_quotes", "extract_quotes_batch", "find_quotes"]
