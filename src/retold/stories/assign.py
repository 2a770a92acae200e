"""Group articles into stories: one real-world event each, not one topic.

``assign_stories`` runs in two modes. Without ``previous`` it clusters every article
(same-event probability, see ``similarity``, clustered in two levels, topic then
event, see ``cluster.cluster_two_level``).
With ``previous`` it keeps every earlier story as it is and only places the new
articles: each joins an earlier story or opens a new one, and only the earlier
stories that share a salient name with a new article are looked at, so the cost
follows the number of new articles, not the size of the store. Placing is plain
average linkage at ``cluster.MERGE_THRESHOLD`` with the earlier stories locked: a
spectral cut would need every member of a story, which an incremental run does not
look at.

In both modes a near-copy of another article (a republished wire story) is not
clustered itself: it joins whatever story its original joins.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from typing import Any, Callable, Sequence

import numpy as np

from retold.model import Article, Cache, Story
from retold.stories import cluster
from retold.stories.features import ArticleFeatures, article_features, article_text
from retold.stories.similarity import (
    PairEvidence,
    build_evidence,
    duplicate_signatures,
    fit_idf,
    idf_sample,
    near_duplicate_of,
    score_pairs,
    scored_block,
)
from retold.stories.title import story_title

# In incremental runs, a name shared by more than this share of the store (and
# more than POSTING_MIN_CAP articles) is too common to point at one event
# ("u.s.", "police") and is not used to find candidate stories.
POSTING_SHARE_CAP = 0.02
POSTING_MIN_CAP = 200
# Earlier stories looked at per new article: those sharing the most such names with it.
# An article's own event, when it is in the store, shares its main people and places.
CANDIDATE_STORIES = 5
# An earlier story takes part in an incremental run through at most this many members,
# so the cost follows the number of new articles even when stories hold thousands.
STORY_SAMPLE = 20
# Scores below this are dropped from the (pure-Python) locked clustering: an unrelated
# pair scores ~0.007 (the logistic bias), and thousands of such pairs change no mean
# near MERGE_THRESHOLD but cost most of the time.
EDGE_MIN = 0.02


def story_id(founding_article_id: str) -> str:
    """Stable story id derived from the id of the article that founded it."""
    return "s-" + hashlib.sha1(founding_article_id.encode("utf-8")).hexdigest()[:12]


def assign_stories(articles: Sequence[Article], previous: Sequence[Story] = (), cache: Cache | None = None,
                   idf: tuple | None = None) -> list[Story]:
    """Stories covering every article of ``articles`` exactly once.

    ``previous`` are stories of an earlier run over a subset of these articles:
    they keep their id and articles (ids not in ``articles`` are dropped, and so is a
    story left with none), new articles join them or found new stories, whose id is
    ``story_id`` of their first article by id. Per-article features go through
    ``cache``. ``idf`` is ``similarity.fit_idf``'s result to use instead of learning IDF
    from these articles (the Spark engine learns it once from the whole corpus and
    clusters each connected block of articles on its own). Empty ``articles`` gives ``[]``.
    """
    unique: dict[str, Article] = {}
    for article in articles:
        unique.setdefault(article.id, article)  # the first of a repeated id wins
    articles = list(unique.values())
    if not articles:
        return []
    position = {a.id: i for i, a in enumerate(articles)}
    kept = _kept_previous(previous, position)
    locked = np.full(len(articles), -1, dtype=np.int64)
    for k, story in enumerate(kept):
        locked[[position[a] for a in story.articles]] = k
    if (locked >= 0).all():
        return kept
    features = article_features(articles, cache)
    texts = [article_text(a) for a in articles]
    signature = duplicate_signatures(texts, cache)
    if idf is None:
        idf = corpus_idf(texts, list(position), features, signature)
    if not kept:
        return _full_run(articles, texts, features, idf, signature)
    return _incremental_run(articles, texts, features, idf, kept, locked, signature)


def corpus_idf(texts: Sequence[str], ids: Sequence[str], features: Sequence[ArticleFeatures],
               signature: Callable[[int], Any] | None = None) -> tuple:
    """The fitted (body, lede) IDF of a corpus: learnt from its ``idf_sample``."""
    sample = idf_sample(texts, ids, signature=signature)
    return fit_idf([texts[i] for i in sample], [features[i].lede for i in sample])


def _kept_previous(previous: Sequence[Story], position: dict[str, int]) -> list[Story]:
    seen: set[str] = set()
    kept = []
    for story in previous:
        ids = tuple(a for a in story.articles if a in position and a not in seen)
        seen.update(ids)
        if ids:
            kept.append(Story(story.id, story.title, ids))
    return kept


def _full_run(articles, texts, features, idf, signature) -> list[Story]:
    labels, ev, ev_rows = _label_with_copies(texts, features, idf, np.arange(len(articles)), None, signature)
    return [_new_story(articles, ev, idx, ev_rows[idx]) for idx in _groups(labels)]


def _label_with_copies(texts, features, idf, rows: np.ndarray, locked: np.ndarray | None, signature):
    """Cluster ``texts[rows]``; a near-copy of another article rides with its original.

    Why: a wire story republished 50 times would fill every approximate-neighbour list
    with its own copies (at 100x ECB+ dev, B-cubed fell to 0.16) and weigh 50-fold in
    average linkage. ``locked`` (per row, -1 for new) keeps stored articles as originals.
    Returns the label per row, the evidence over originals, and each row's line in it.
    """
    fixed = [int(r) for r, lock in zip(rows, locked) if lock >= 0] if locked is not None else []
    original = near_duplicate_of(texts, [int(r) for r in rows], fixed, [f.anchor for f in features], signature)
    originals = sorted(set(original.values()))
    line = {o: k for k, o in enumerate(originals)}
    ev = build_evidence([texts[o] for o in originals], [features[o] for o in originals], fitted=idf)
    original_locked = None
    if locked is not None:
        lock_of = {int(r): int(lock) for r, lock in zip(rows, locked)}
        original_locked = np.array([lock_of[o] for o in originals], dtype=np.int64)
    labels = _cluster_all(ev, len(originals), original_locked)
    ev_rows = np.array([line[original[int(r)]] for r in rows], dtype=np.int64)
    return labels[ev_rows], ev, ev_rows


def _cluster_all(ev: PairEvidence, n: int, locked: np.ndarray | None = None) -> np.ndarray:
    everyone = np.arange(n)
    if n <= cluster.EXACT_LIMIT:
        scores, names = scored_block(ev, everyone, everyone)
        if locked is None:
            return cluster.cluster_two_level(scores, ev.body, names=names)
        return cluster.cluster_sparse(n, _dense_edges(scores), locked=locked)
    edges = cluster.candidate_edges(ev.body, lambda i, j: score_pairs(ev, i, j))
    labels = np.empty(n, dtype=np.int64)
    offset = 0
    for comp in cluster.components(n, edges):
        sub_locked = locked[comp] if locked is not None else None
        if len(comp) <= cluster.EXACT_LIMIT:
            scores, names = scored_block(ev, comp, comp)
            sub = cluster.cluster_two_level(scores, ev.body[comp], names=names) if sub_locked is None else \
                cluster.cluster_sparse(len(comp), _dense_edges(scores), locked=sub_locked)
        else:
            local = {int(x): k for k, x in enumerate(comp)}
            sub_edges = {(local[i], local[j]): s for (i, j), s in edges.items() if i in local}
            sub = cluster.cluster_sparse(len(comp), sub_edges, locked=sub_locked)
        labels[comp] = sub + offset
        offset += int(sub.max()) + 1
    return labels


def _dense_edges(scores: np.ndarray) -> dict[tuple[int, int], float]:
    """Pairs of a score matrix as sparse edges; scores under ``EDGE_MIN`` count as 0."""
    i, j = np.nonzero(np.triu(scores, k=1) >= EDGE_MIN)
    return {(int(a), int(b)): float(scores[a, b]) for a, b in zip(i, j)}


def _groups(labels: np.ndarray) -> list[np.ndarray]:
    """Index groups by label, ordered by their first member."""
    by_label: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        by_label[int(label)].append(i)
    return [np.array(v) for v in sorted(by_label.values(), key=lambda v: v[0])]


def _new_story(articles: Sequence[Article], ev: PairEvidence, idx: np.ndarray, rows: np.ndarray) -> Story:
    """A story of ``articles[idx]``; ``rows`` are their lines in ``ev``."""
    members = [articles[i] for i in idx]
    founder = min(a.id for a in members)
    return Story(story_id(founder), story_title(members, ev.body[rows]), tuple(a.id for a in members))


def _candidate_context(features: Sequence[ArticleFeatures], locked: np.ndarray) -> np.ndarray:
    """New articles plus every member of the earlier stories that share the most salient,
    not too common, names with one of them (at most ``CANDIDATE_STORIES`` per new article,
    each represented by at most ``STORY_SAMPLE`` members)."""
    ids = [f.article_id for f in features]
    members: dict[int, list[int]] = defaultdict(list)
    stories_naming: dict[str, set[int]] = defaultdict(set)
    articles_naming: Counter[str] = Counter()
    for i, f in enumerate(features):
        if locked[i] >= 0:
            members[int(locked[i])].append(i)
            for key in f.salient:
                stories_naming[key].add(int(locked[i]))
            articles_naming.update(f.salient)
    cap = max(POSTING_MIN_CAP, int(POSTING_SHARE_CAP * len(features)))
    touched: set[int] = set()
    new = np.flatnonzero(locked < 0)
    for i in new:
        shared: Counter[int] = Counter()
        for key in features[i].salient:
            if 0 < articles_naming[key] <= cap:
                shared.update(stories_naming[key])
        touched.update(k for k, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:CANDIDATE_STORIES])
    old = [_story_sample(np.array(members[k]), ids) for k in sorted(touched)]
    return np.concatenate(old + [new]).astype(np.int64)


def _story_sample(members: np.ndarray, ids: Sequence[str]) -> np.ndarray:
    """At most ``STORY_SAMPLE`` members of a story, picked by a hash of their id: a new
    article's mean score to them estimates its mean score to the whole story."""
    if len(members) <= STORY_SAMPLE:
        return members
    ranked = sorted(members, key=lambda i: hashlib.sha1(ids[i].encode("utf-8")).digest())
    return np.sort(np.array(ranked[:STORY_SAMPLE]))


def _incremental_run(articles, texts, features, idf, kept: list[Story], locked: np.ndarray,
                     signature) -> list[Story]:
    ctx = _candidate_context(features, locked)
    labels, ev, ev_rows = _label_with_copies(texts, features, idf, ctx, locked[ctx], signature)
    stories = list(kept)
    for rows in _groups(labels):
        idx = ctx[rows]
        old = {int(locked[i]) for i in idx if locked[i] >= 0}
        if not old:
            stories.append(_new_story(articles, ev, idx, ev_rows[rows]))
            continue
        (k,) = old  # cluster_sparse never merges two locked stories
        added = tuple(articles[i].id for i in idx if locked[i] < 0)
        if added:
            title = story_title([articles[i] for i in idx], ev.body[ev_rows[rows]])
            stories[k] = Story(kept[k].id, title, kept[k].articles + added)
    return stories
