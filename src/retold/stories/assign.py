"""Group articles into stories: one real-world event each, not one topic.

``assign_stories`` clusters every article (same-event probability, see ``similarity``,
clustered in two levels, topic then event, see ``cluster.cluster_two_level``). A
near-copy of another article (a republished wire story) is not clustered itself: it
joins whatever story its original joins, and so does a copy that the reuse stage found:
an article linked to another as a ``COPY_KINDS`` copy (verbatim, rewritten sentence by
sentence, or translated) is put in its source's story. The takes of one wire story (one
agency, day and catchline, ``wire``) are then one story.

An incremental run (``previous``: the stories of an earlier run) clusters everything
again and gives each story that continues an earlier one that story's id
(``continue_ids``), as the Spark engine does. Why not place only the new articles
beside the earlier stories, locked: the result must equal one run over everything,
and placing did not (on the 1,000-article bench corpus plus 1%, 380 stories where one
run gives 383; ``bench/bench_incremental.py``). Per-article features and near-copy
signatures come from the cache, so clustering again costs only the IDF, the scores
and the clustering (``bench/bench_stories.py``).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from typing import Any, Callable, Sequence

import numpy as np

from retold.clean.metadata import site_of
from retold.clean.wrapped import wire_story_key
from retold.model import Article, Cache, ReuseLink, Story
from retold.stories import cluster
from retold.stories.blocking import block_order, key_edges, score_keys
from retold.stories.dates import days_apart
from retold.stories.features import ArticleFeatures, article_features, article_text
from retold.stories.similarity import (
    DATE_WINDOW_DAYS,
    PairEvidence,
    build_evidence,
    duplicate_signatures,
    fit_idf,
    idf_sample,
    near_duplicate_of,
    scored_block,
)
from retold.stories.title import story_title
from retold.stories.wire import joins_stories


def story_id(founding_article_id: str) -> str:
    """Stable story id derived from the id of the article that founded it."""
    return "s-" + hashlib.sha1(founding_article_id.encode("utf-8")).hexdigest()[:12]


# Reuse links that say one article is the other's text as a whole, told again: word for
# word, reworded sentence by sentence, or translated. Such a copy reports its source's
# event whatever its wording: a machine translation shares few words with its original,
# and 57 of the 213 real news articles of semeval-translations-dev were in another story
# than their translation before copies were put in their source's story (de-fr 6 of 20
# together, en-ru 9 of 22). A ``partial`` link shares a passage only (a background
# paragraph, an agency's stock line): it is no such evidence. On METER dev every verbatim
# and rewrite link lies within one PA story (150 links), while 17 partial links cross two.
# In the order a copy with several sources picks from (``copy_sources``).
COPY_KINDS = ("verbatim", "rewrite", "translation")


def assign_stories(articles: Sequence[Article], previous: Sequence[Story] = (), cache: Cache | None = None,
                   idf: tuple | None = None, links: Sequence[ReuseLink] = ()) -> list[Story]:
    """Stories covering every article of ``articles`` exactly once.

    A story's id is ``story_id`` of its first article by id or, when it continues one of
    ``previous`` (stories of an earlier run), that story's id (``continue_ids``).
    Per-article features go through ``cache``. ``idf`` is ``similarity.fit_idf``'s result
    to use instead of learning IDF from these articles (the Spark engine learns it once
    from the whole corpus and clusters each connected block of articles on its own).
    ``links``: the reuse stage's links; a ``COPY_KINDS`` copy takes its source's story
    (``copy_sources``). Empty ``articles`` gives ``[]``.
    """
    unique: dict[str, Article] = {}
    for article in articles:
        unique.setdefault(article.id, article)  # the first of a repeated id wins
    articles = list(unique.values())
    if not articles:
        return []
    features = article_features(articles, cache)
    # near-copy signatures read the raw texts (as the Spark engine's link keys do), the
    # rest the texts without their head's furniture (``features.article_text``)
    signature = duplicate_signatures([article_text(a) for a in articles], cache)
    texts = [article_text(a, f) for a, f in zip(articles, features)]
    if idf is None:
        idf = corpus_idf(texts, [a.id for a in articles], features, signature)
    labels, ev, ev_rows = _label_with_copies(articles, texts, features, idf, signature, links)
    labels = _join_wire_takes(articles, labels)
    stories = [_new_story(articles, ev, idx, ev_rows[idx]) for idx in _groups(labels)]
    return continue_ids(stories, previous) if previous else stories


def continue_ids(stories: Sequence[Story], earlier: Sequence[Story]) -> list[Story]:
    """``stories`` with each one's id replaced by the id of the ``earlier`` story it shares
    most articles with (ties: the smaller earlier id); an earlier id goes to one story
    only, the one sharing most with it (ties: the smaller own id). A story whose own id
    is then another's takes ``story_id`` of its sorted article ids, each followed by a
    newline. The
    Spark engine's ``spark.stories._keep_ids`` is the same rule over DataFrames."""
    owner: dict[str, str] = {}
    for story in earlier:
        for a in story.articles:
            owner.setdefault(a, story.id)
    best: dict[int, tuple[str, int]] = {}
    for k, story in enumerate(stories):
        shared = Counter(owner[a] for a in story.articles if a in owner)
        if shared:
            best[k] = min(shared.items(), key=lambda kv: (-kv[1], kv[0]))
    winner: dict[str, int] = {}
    for k, (old, n) in best.items():
        rival = winner.get(old)
        if rival is None or (-n, stories[k].id) < (-best[rival][1], stories[rival].id):
            winner[old] = k
    granted = {k: old for old, k in winner.items()}
    out = []
    for k, story in enumerate(stories):
        new_id = granted.get(k) or story.id
        if k not in granted and story.id in winner:  # its own id went to another story
            # a newline after each article id: never the id of a one-article story
            new_id = story_id("".join(f"{a}\n" for a in sorted(story.articles)))
        out.append(Story(new_id, story.title, story.articles))
    return out


def corpus_idf(texts: Sequence[str], ids: Sequence[str], features: Sequence[ArticleFeatures],
               signature: Callable[[int], Any] | None = None) -> tuple:
    """The fitted (body, lede) IDF of a corpus: learnt from its ``idf_sample``."""
    sample = idf_sample(texts, ids, signature=signature)
    return fit_idf([texts[i] for i in sample], [features[i].lede for i in sample])


def _label_with_copies(articles, texts, features, idf, signature, links=()):
    """Cluster ``articles`` (``texts``: their texts); a near-copy of another article rides
    with its original. Then a copy that ``links`` show takes its source's label
    (``copy_sources``).

    A notice page is no one's near-copy or copy (``ArticleFeatures.notice``).

    Why near-copies are not clustered: a wire story republished 50 times would fill the
    candidate lists with its own copies (at 100x ECB+ dev, B-cubed fell to 0.16, with the
    nearest-neighbour candidates of the time) and weigh 50-fold in average linkage. Why a
    linked copy is clustered all the same and only then moved: leaving ECB+ dev's 79
    rewrites and verbatim copies out of the clustering changed how their events' other
    reports were cut (B-cubed 0.928 -> 0.923, every copy already in its source's story);
    moved afterwards, a copy changes no other article's story. Returns the label per
    text, the evidence over originals, and each text's line in it.
    """
    anchors = [f.anchor for f in features]
    # A notice page (``ArticleFeatures.notice``) is read by its headline only: copies of
    # one anti-bot page are no copies of one report, and a copy link to or from one
    # (the notice copied) moves nothing.
    original = {k: k for k in range(len(texts))}
    original.update(near_duplicate_of(texts, [k for k, f in enumerate(features) if not f.notice], anchors,
                                      signature))
    notices = {a.id for a, f in zip(articles, features) if f.notice}
    links = [link for link in links if link.a not in notices and link.b not in notices]
    originals = sorted(set(original.values()))
    line = {o: k for k, o in enumerate(originals)}
    ev = build_evidence([texts[o] for o in originals], [features[o] for o in originals], fitted=idf,
                        sites=[site_or_closing(articles[o], features[o]) for o in originals],
                        languages=[articles[o].language for o in originals])
    labels = _cluster_all(ev, [features[o] for o in originals], idf)
    ev_rows = np.array([line[original[k]] for k in range(len(texts))], dtype=np.int64)
    sources = copy_sources(original, [a.id for a in articles], anchors, links,
                           [wire_story_key(a) for a in articles])
    return labels[ev_rows][sources], ev, ev_rows


def site_or_closing(article: Article, features: ArticleFeatures) -> tuple:
    """Where ``article`` was published, for ``similarity.SAME_SITE_MAX``: its registered
    domain and outlet (``clean.metadata.site_of``); when it has neither, its closing line
    (``ArticleFeatures.closing``) stands for its site. Why: a pile without addresses or
    outlets (SemEval dev's texts) holds many pages of one site, and what they share
    besides their beat is the site's footer, sign-off or paywall form; a press office's
    releases on different incidents ("Original-Content von: Polizeipräsidium Südosthessen,
    übermittelt durch news aktuell"), one paper's paywalled pages, and Business Standard's
    syndicated pages had been joined. SemEval dev: very dissimilar pairs joined 0.095 ->
    0.082 (de 0.140 -> 0.070, es 0.212 -> 0.182), very similar pairs unchanged; ECB+ dev,
    whose texts carry no address either, unchanged (B-cubed 0.9283). The cost: copies of
    one agency's story on several unaddressed sites under one rights line are held to
    topic level on their own evidence (near-copies still ride with their original)."""
    domain, outlet = site_of(article)
    if domain is None and outlet is None and features.closing:
        return None, ("closing:" + features.closing,)
    return domain, outlet


def copy_sources(original: dict[int, int], ids: Sequence[str], anchors: Sequence[str | None],
                 links: Sequence[ReuseLink], takes: Sequence[tuple | None] = ()) -> np.ndarray:
    """For each article (``ids``, ``anchors``: their ids and anchor dates) the index of the
    article whose story it takes: its source, followed from copy to source while the
    source is a copy too, else itself. A near-copy's source is its original (``original``:
    index -> the index of the text it nearly copies, or itself); the copy of ``COPY_KINDS``
    links takes one of them, the likeliest kind first (verbatim, rewrite, translation),
    then the source first in ``ids`` order. A link's source is its ``source`` when that is
    one of its two articles, else the first of them in ``ids`` order (the near-copy rule's
    choice). Only copies move: a newspaper article rewritten from two PA versions follows
    one of them, and neither version follows the other through it. As for near-copies, two
    articles more than ``DATE_WINDOW_DAYS`` apart (both dated) are not copies of one report.
    ``takes``: each article's wire story key (``clean.wrapped.wire_story_key``), None when it
    is no take. A link between two takes of one wire story moves neither: the wire rule
    joins their stories whole (``_join_wire_takes``), while moving the copy alone left
    behind what was clustered with it (a PA take wholly inside a later lead: the Mirror
    report clustered with the take was cut from its story, METER dev B-cubed 0.985 -> 0.984).
    """
    position = {aid: k for k, aid in enumerate(ids)}
    chosen: dict[int, tuple[int, int]] = {}  # copy -> (kind rank, source)
    for link in links:
        if link.kind not in COPY_KINDS or link.a not in position or link.b not in position:
            continue
        a, b = position[link.a], position[link.b]
        if (days_apart(anchors[a], anchors[b]) or 0) > DATE_WINDOW_DAYS:
            continue
        if takes and takes[a] is not None and takes[a] == takes[b]:
            continue
        source, copy = (b, a) if link.source == link.b else (a, b) if link.source == link.a else sorted((a, b))
        chosen[copy] = min(chosen.get(copy, (len(COPY_KINDS), len(ids))), (COPY_KINDS.index(link.kind), source))
    step = [original[k] if original[k] != k else chosen.get(k, (0, k))[1] for k in range(len(ids))]
    return np.array([_followed(step, k) for k in range(len(ids))], dtype=np.int64)


def _followed(step: Sequence[int], k: int) -> int:
    """Where ``k`` ends following ``step`` (index -> next index, itself at an end); on a
    cycle (sources named both ways round), the cycle's smallest index."""
    seen: list[int] = []
    while step[k] != k and k not in seen:
        seen.append(k)
        k = step[k]
    return min(seen[seen.index(k):]) if k in seen else k


def _join_wire_takes(articles: Sequence[Article], labels: np.ndarray) -> np.ndarray:
    """``labels`` with the stories holding takes of one wire story joined into one
    (``retold.stories.wire``). Only takes with content join stories: a take of fewer than
    ``wire.MIN_JOINING_WORDS`` words ("The case was adjourned until tomorrow.", sent as a
    take of its own in many court stories) was clustered on a stock line, so it follows
    its wire story instead. Each label then stands for its joined group's smallest."""
    takes: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, article in enumerate(articles):
        key = wire_story_key(article)
        if key is not None:
            takes[key].append(i)
    parent: dict[int, int] = {}

    def root(label: int) -> int:
        while parent.get(label, label) != label:
            label = parent[label]
        return label

    leads: dict[tuple[str, ...], list[int]] = {}
    for key, members in takes.items():
        leads[key] = [i for i in members if joins_stories(articles[i])] or members
        for i in leads[key][1:]:
            a, b = sorted((root(int(labels[i])), root(int(labels[leads[key][0]]))))
            if a != b:
                parent[b] = a
    out = np.array([root(int(label)) for label in labels], dtype=labels.dtype)
    for key, members in takes.items():
        out[members] = out[leads[key][0]]  # short takes follow; the others already share it
    return out


def _cluster_all(ev: PairEvidence, features: Sequence[ArticleFeatures], idf: tuple) -> np.ndarray:
    """Labels for the rows of ``ev`` (``features``: theirs; ``idf``: the fitted IDF). Up to
    ``cluster.EXACT_LIMIT`` rows, every pair is scored; above it, the rows are cut into
    the connected components of the Spark engine's blocks (``blocking.key_edges``: rows
    sharing a salient name or a most weighted word, linked at ``blocking.COMPONENT_LINK``),
    each clustered as a whole set is: ``blocking`` says why that gives the same partition."""
    n = len(features)
    if n <= cluster.EXACT_LIMIT:
        return _every_pair(ev, np.arange(n))
    vocabulary = idf[0].get_feature_names_out()
    # The TF-IDF part of ``ev.body`` (scaled by a constant: the same most weighted words).
    tfidf = ev.body[:, : len(vocabulary)]
    keys = [score_keys(tfidf[k], features[k], vocabulary) for k in range(n)]
    edges = key_edges(ev, keys, block_order(features))
    labels = np.empty(n, dtype=np.int64)
    offset = 0
    for comp in cluster.components(n, edges):
        if len(comp) <= cluster.EXACT_LIMIT:
            sub = _every_pair(ev, comp)
        else:
            local = {int(x): k for k, x in enumerate(comp)}
            sub = cluster.cluster_sparse(len(comp), {(local[i], local[j]): s for (i, j), s in edges.items()
                                                     if i in local})
        labels[comp] = sub + offset
        offset += int(sub.max()) + 1
    return labels


def _every_pair(ev: PairEvidence, rows: np.ndarray) -> np.ndarray:
    """Two-level labels for the rows ``rows`` of ``ev``, every pair of them scored."""
    scores, names = scored_block(ev, rows, rows)
    return cluster.cluster_two_level(scores, ev.body[rows], names=names)


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
