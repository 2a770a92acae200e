"""stories stage: group articles by the real-world event they report."""

from retold.stories.assign import assign_stories, story_id
from retold.stories.title import story_summary, story_title

__all__ = ["assign_stories", "story_id", "story_summary", "story_title"]
