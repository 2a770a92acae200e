"""The built-in corpus stages, registered in one place (like spacy/pipeline/factories.py).

Each is a thin adapter from ``StageContext`` to one stage package's public
function; imports are lazy so a stage's models load only when it runs.
"""

from __future__ import annotations

from retold.model import Corpus
from retold.registry import StageContext, stage


@stage("reuse", assigns=("reuse",))
def reuse_stage(ctx: StageContext) -> Corpus:
    from retold.reuse import find_reuse

    return Corpus(reuse=find_reuse(ctx.articles, cache=ctx.cache))


@stage("stories", assigns=("stories",))
def stories_stage(ctx: StageContext) -> Corpus:
    from retold.stories import assign_stories

    return Corpus(stories=assign_stories(ctx.articles, previous=ctx.previous.stories, cache=ctx.cache))


@stage("quotes", requires=("articles", "stories"), assigns=("quotes", "quote_clusters"))
def quotes_stage(ctx: StageContext) -> Corpus:
    from retold.quotes import find_quotes

    quotes, clusters = find_quotes(ctx.articles, ctx.previous.stories, cache=ctx.cache)
    return Corpus(quotes=quotes, quote_clusters=clusters)


@stage("coverage", requires=("articles", "stories"), assigns=("coverage",))
def coverage_stage(ctx: StageContext) -> Corpus:
    from retold.coverage import compare_coverage

    return Corpus(coverage=compare_coverage(ctx.articles, ctx.previous.stories, cache=ctx.cache))
