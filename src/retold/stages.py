"""The built-in corpus stages, registered in one place (like spacy/pipeline/factories.py).

Each is a thin adapter from ``StageContext`` to one stage package's public
function; imports are lazy so a stage's models load only when it runs.

Languages (``languages=``; the pipeline leaves other articles out with a recorded reason):

- reuse: any language. Verbatim and partial copies are found from word shingles and word
  runs, which need no model; rewrites and translations are judged by the multilingual
  encoder (``nlp.EMBEDDING_LANGUAGES``), so in other languages they are found only where
  the words themselves are shared.
- stories: any language, with reduced evidence outside English: words (weighed by their
  rarity in the article's language where wordfreq has a list), the opening lines and dates
  everywhere, and names from the English NER model everywhere too (``retold.stories.features``):
  in other languages it finds fewer and noisier names, but the capitalised names it finds
  still tell events apart (on SemEval dev, leaving them out for non-English articles joins
  fewer very similar pairs: 0.835 against 0.854). Across languages the words share little:
  a translation that reuse links to its original is put in the original's story. Page
  furniture at a text's head is read by the multilingual encoder (``segment.furniture``),
  whose examples are in ten languages; in others it finds what the encoder maps near
  them. Leaving an article out would put it in no story at all.
- quotes: English only (``nlp.SPACY_LANGUAGES``): the parse, the cue lexicon and the
  speaker rules are English; an English parser reads other languages' verbs as speech.
  And texts of at most ``QUOTES_MAX_CHARS`` characters (see there).
- coverage: the encoder's languages: units are matched by their embeddings.

An article whose language is unknown (too short to tell) goes to the "any language"
stages only.
"""

from __future__ import annotations

from typing import Sequence

from retold.background import Prefetch
from retold.model import Article, Cache, Corpus
from retold.nlp import EMBEDDING_LANGUAGES, SPACY_LANGUAGES
from retold.registry import StageContext, stage


@stage("reuse", assigns=("reuse",), version="12", code=("retold.reuse",))
def reuse_stage(ctx: StageContext) -> Corpus:
    from retold.reuse import find_reuse

    return Corpus(reuse=find_reuse(ctx.articles, cache=ctx.cache))


# Stories read the reuse links: a copy (verbatim, rewritten or translated) rides with its
# source's story (``stories.assign.COPY_KINDS``), so ``--stages stories`` runs reuse first.
@stage("stories", requires=("articles", "reuse"), assigns=("stories",), code=("retold.stories",))
def stories_stage(ctx: StageContext) -> Corpus:
    from retold.stories import assign_stories

    return Corpus(stories=assign_stories(ctx.articles, previous=ctx.previous.stories, cache=ctx.cache,
                                         links=ctx.previous.reuse))


def _pending_quotes(articles: Sequence[Article], cache: Cache) -> list[Article]:
    from retold.quotes.find import pending_extractions

    return pending_extractions(articles, cache)


def _quote_entries(articles: Sequence[Article]) -> dict[str, bytes]:
    from retold.quotes.find import extraction_entries

    return extraction_entries(articles)


# The longest article body the quotes stage reads; a longer text is left out with its reason
# ("not extracted, text over 200,000 characters"). The parse grows with the length, and the
# extraction rules compare each attribution with the article's others, which grows with the
# square of their count: a 5 MB page dumped on one line (850,000 words of word soup, read as
# tens of thousands of attributions) was still in those rules after several minutes, where
# 100,000 words took 45 s. A news article is far shorter: the longest of the 181 crawl pages
# has 52,991 characters, of METER dev 12,235.
QUOTES_MAX_CHARS = 200_000


# The quote parse is per article and needs no story: a helper process does it while reuse
# and stories run (``retold.background``).
@stage("quotes", requires=("articles", "stories"), assigns=("quotes", "quote_clusters"), languages=SPACY_LANGUAGES,
       prefetch=Prefetch(pending=_pending_quotes, compute=_quote_entries), code=("retold.quotes",),
       max_chars=QUOTES_MAX_CHARS)
def quotes_stage(ctx: StageContext) -> Corpus:
    from retold.quotes import find_quotes

    quotes, clusters = find_quotes(ctx.articles, ctx.previous.stories, cache=ctx.cache)
    return Corpus(quotes=quotes, quote_clusters=clusters)


@stage("coverage", requires=("articles", "stories"), assigns=("coverage",), languages=EMBEDDING_LANGUAGES,
       code=("retold.coverage",))
def coverage_stage(ctx: StageContext) -> Corpus:
    from retold.coverage import compare_coverage

    return Corpus(coverage=compare_coverage(ctx.articles, ctx.previous.stories, cache=ctx.cache))
