"""The takes of one wire story belong to one story, whatever their words.

An agency sends a story in takes: "Page 1" with the lead, then "Page 2", "Page 3"...
with more testimony, more names, a last line such as "The hearing was adjourned
until tomorrow."; later a "Substitute" or a "Nightlead" rewrites it. Each take
carries the story's catchline in its header ("13:06 26/01/00: Page 3 (HHH) COURTS
Dancer", kept as ``Article.slug`` by ``retold.clean.wrapped``). A continuation take
may share few words with the lead, and a six-word last take shares nothing any
similarity could see, so clustering alone leaves them apart (METER dev: 33 PA files
alone, outside their story); the agency's own catchline says they are one story.

The key (``retold.clean.wrapped.wire_story_key``) is the outlet, the day and the
catchline's first two words. The day is part of it: a catchword recurs while a case runs
("COURTS Doctor" on three days of one trial in METER), and each day's hearing is its own
event.
"""

from __future__ import annotations

from retold.model import Article

# A take of fewer words is a stock line ("The hearing was adjourned until tomorrow.",
# "The trial continues."), clustered on words that many stories share: it follows its
# wire story and never joins two stories (the reuse stage's MIN_PARTIAL_PROSE_WORDS is
# the same "one sentence's worth").
MIN_JOINING_WORDS = 20


def joins_stories(article: Article) -> bool:
    """Whether a take holds enough words (``MIN_JOINING_WORDS``) for its story to join its
    wire story's other stories."""
    return len(article.body.split()) >= MIN_JOINING_WORDS
