"""Why a story's articles are one story, in the terms the stage judged them by.

The stage joins articles on their wording, their ledes, the salient names (people, places,
organisations) each names and the other mentions, and their dates (``similarity``). The
wording is a cosine a reader cannot check at a glance; the names can be: ``shared_names``
lists the salient names that two or more of a story's articles name, most widely named
first, so a reader sees "Shoigu, NATO, Moscow" across five outlets, or sees that a group
rests on nothing but "Apple" and "Black Friday". ``shared_words`` does the same for the
wording: the words two or more of them use that are rare in their language (half of the
wording evidence weighs words so, ``specificity``): "bubonic, rabbit, Mongolia" for one
event, "tariff, negotiators" for a topic.

Both read the text the stage read: without the furniture it found at a text's head
(``features.article_text`` with the article's features), so a sign-up line or a consent
notice that several pages open with is never shown as what joined them.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from retold.clean.wrapped import wire_story_key
from retold.model import Article, Cache
from retold.nlp import word_frequency_languages
from retold.stories.features import ArticleFeatures, article_features, article_text, cache_key, mentioned_keys
from retold.stories.specificity import resolved_language, weighed_words

# Names shown per story: the most widely named; the rest add little to a reader's judgement.
SHOWN_NAMES = 12
# Words shown per story, and the rarity a word needs to be shown (``specificity``'s weight:
# 1.5 is a Zipf frequency of 4.5, one word in 30,000 or rarer, as "hunter", "rabbit",
# "tariff"; "officials", "government" and "said" weigh less and say nothing about which
# event).
SHOWN_WORDS = 10
MIN_SHOWN_WEIGHT = 1.5


def shared_names(articles: Sequence[Article], cache: Cache | None = None, limit: int = SHOWN_NAMES,
                 compute_at_most: int | None = None) -> list[dict[str, object]] | None:
    """``[{"name", "articles"}]``: each salient name of any of ``articles`` that at least two
    of them mention, with how many do, most first (ties by name); ``name`` is the form the
    first article naming it uses ("NATO", not the key "nato"). Fewer than two articles give
    ``[]``.

    Salient names come from the features the stories stage cached (``cache``); at most
    ``compute_at_most`` articles without cached features are parsed again (None: all), so a
    view over a store the stage did not fill (a Spark result) stays quick: the names of the
    articles read are still counted in every article's text. None when no article could
    be read (nothing cached and nothing to parse): the names are unknown, not absent."""
    if len(articles) < 2:
        return []
    if compute_at_most is not None and cache is not None:
        found = _cached_features(articles, cache)
        missing = [a for a, f in zip(articles, found) if f is None][:compute_at_most]
        features = [f for f in found if f is not None] + article_features(missing, cache)
        if not features:
            return None
    else:
        features = article_features(articles, cache)
    keys = {key for f in features for key in f.salient}
    first_tokens = {key.split()[0] for key in keys}
    read = {f.article_id: f for f in features}
    texts = [article_text(a, read.get(a.id)) for a in articles]
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(mentioned_keys(text, keys, first_tokens))
    ranked = sorted((k for k, n in counts.items() if n >= 2), key=lambda k: (-counts[k], k))[:limit]
    return [{"name": _surface(key, texts), "articles": counts[key]} for key in ranked]


def shared_words(articles: Sequence[Article], limit: int = SHOWN_WORDS,
                 cache: Cache | None = None) -> list[dict[str, object]]:
    """``[{"word", "articles"}]``: the words that at least two of ``articles`` use and that
    are rare in their language (weight at least ``MIN_SHOWN_WEIGHT``), most widely used
    first, then rarest (ties by word). Fewer than two articles give ``[]``; texts in a
    language without a word list count for nothing (how rare their words are is unknown).
    With ``cache``, an article's text is read without the head furniture the stage's
    cached features hold (nothing is computed: an article without them is read whole)."""
    if len(articles) < 2:
        return []
    counts: Counter[str] = Counter()
    rarity: dict[str, float] = {}
    for article, features in zip(articles, _cached_features(articles, cache)):
        text = article_text(article, features)
        language = resolved_language(text, article.language)
        if language not in word_frequency_languages():
            continue
        for word, _, weight in weighed_words(text, language):
            counts[word] += 1
            rarity[word] = max(rarity.get(word, 0.0), weight)
    shown = [w for w, n in counts.items() if n >= 2 and rarity[w] >= MIN_SHOWN_WEIGHT]
    ranked = sorted(shown, key=lambda w: (-counts[w], -rarity[w], w))[:limit]
    return [{"word": w, "articles": counts[w]} for w in ranked]


def _cached_features(articles: Sequence[Article], cache: Cache | None) -> list[ArticleFeatures | None]:
    """Each article's features as the stories stage left them in ``cache``, None where it
    left none; computes nothing."""
    found = [cache.get(cache_key(a)) if cache is not None else None for a in articles]
    return [None if data is None else ArticleFeatures.from_bytes(data) for data in found]


def _surface(key: str, texts: Sequence[str]) -> str:
    """How the texts write the entity key ``key`` (its first occurrence); the key itself when
    no text has it as written words (the key was normalised from a possessive or a surname)."""
    pattern = re.compile(r"(?<!\w)" + r"\W+".join(re.escape(t) for t in key.split()) + r"(?!\w)", re.IGNORECASE)
    for text in texts:
        found = pattern.search(text)
        if found:
            return found.group(0)
    return key


def wire_stories(articles: Sequence[Article]) -> list[dict[str, object]]:
    """``[{"slug", "outlet", "takes"}]``: each wire story (``retold.stories.wire``) that two or
    more of ``articles`` are takes of, as the first of them by id writes its catchline; the
    stage joins such takes whatever their words, so a reader is told so."""
    takes: dict[tuple[str, ...], list[Article]] = {}
    for article in sorted(articles, key=lambda a: a.id):
        key = wire_story_key(article)
        if key is not None:
            takes.setdefault(key, []).append(article)
    return [{"slug": group[0].slug, "outlet": group[0].outlet, "takes": len(group)}
            for group in takes.values() if len(group) >= 2]
