"""segment: split article bodies into sentences with offsets (shared by reuse, quotes, coverage)."""

from retold.segment.sentences import split_sentences

__all__ = ["split_sentences"]
