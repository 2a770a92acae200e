"""Group the sentences of one story that say the same thing (pure functions over arrays).

The grouping works on *sentence classes*: ``compare.py`` first folds sentences repeated word
for word (wire copy reprinted by many outlets) into one class carried by all their articles,
so a story of a thousand reprints costs about what one copy does. Candidate pairs come from
the embedding cosine (a matrix product while the story is small, a usearch nearest-neighbour
index beyond ``DENSE_LIMIT`` texts, so the cost stays linear-ish in story size); each
candidate is then judged by the calibrated same-content model in ``similarity.py``. Accepted
pairs are merged greedily, best first, under one rule: a unit holds at most one sentence per
article (classes merge only while their article sets are disjoint). A pair that cannot merge
because of that rule (an outlet folded two of another's sentences into one) still counts:
the articles of each side are recorded as also carrying the other side's unit."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from retold.coverage.similarity import batch_features, content_words, min_cosine_for_match, same_content_margins

# Up to this many texts (sentences + pieces) in a story, candidates come from the full cosine
# matrix (2,048^2 float32 = 16 MiB, at most 2.1 M pairs); beyond it from a nearest-neighbour index.
DENSE_LIMIT = 2048
# Neighbours fetched per text from the index in large stories: a sentence is rarely reworded by
# more than a few dozen outlets, and the greedy merge only needs its best match per article.
NEIGHBOURS = 48


@dataclass(frozen=True, slots=True)
class TextRow:
    """One embedded text of a story: the sentence class it belongs to, and a label shared by
    exactly the classes with the same article set (texts with equal labels are never paired)."""

    text: str
    sentence: int  # sentence class index
    label: int  # id of the class's article set
    language: str | None


@dataclass
class Grouping:
    """Result of the merge: ``unit_of[c]`` is the unit of sentence class ``c``; ``carriers[u]``
    the article indices that carry unit ``u``; ``members[u]`` its classes in story order."""

    unit_of: list[int]
    members: list[list[int]] = field(default_factory=list)
    carriers: list[set[int]] = field(default_factory=list)


def candidate_pairs(vectors: np.ndarray, labels: np.ndarray, floor: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of texts with different ``labels`` and cosine >= ``floor``, as three aligned arrays
    ``(first, second, cosine)`` with ``first < second``, sorted. Fewer than two texts give empty arrays.
    """
    n = len(vectors)
    if n < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    if n <= DENSE_LIMIT:
        sims = vectors @ vectors.T
        first, second = np.nonzero(np.triu(sims >= floor, k=1) & (labels[:, None] != labels[None, :]))
        return first, second, sims[first, second].astype(np.float64)
    return _index_pairs(vectors, labels, floor)


def _index_pairs(vectors: np.ndarray, labels: np.ndarray, floor: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from usearch.index import Index

    index = Index(ndim=vectors.shape[1], metric="cos", dtype="f32")
    index.add(np.arange(len(vectors)), vectors)
    found = index.search(vectors, min(NEIGHBOURS, len(vectors)))
    first = np.repeat(np.arange(len(vectors)), found.keys.shape[1])
    second = found.keys.ravel().astype(np.int64)
    cosine = 1.0 - found.distances.ravel().astype(np.float64)
    keep = (cosine >= floor) & (second >= 0) & (second < len(vectors)) & (first != second)
    first, second, cosine = first[keep], second[keep], cosine[keep]
    keep = labels[first] != labels[second]
    lo, hi = np.minimum(first, second)[keep], np.maximum(first, second)[keep]
    pairs, at = np.unique(lo * len(vectors) + hi, return_index=True)  # each pair once (found both ways)
    return pairs // len(vectors), pairs % len(vectors), cosine[keep][at]


def sentence_matches(rows: list[TextRow], vectors: np.ndarray) -> dict[tuple[int, int], float]:
    """Best same-content margin (> 0 only) per pair of sentence classes ``(s, t)``, ``s < t``,
    over the pairs of their texts; empty input gives ``{}``. Only texts of different labels
    (article sets) are compared, so rows of one label (a lone article's) give ``{}`` at once."""
    if len({r.label for r in rows}) < 2:
        return {}
    first, second, cosine = candidate_pairs(vectors, np.asarray([r.label for r in rows]), min_cosine_for_match())
    if not len(first):
        return {}
    features = batch_features(cosine, first, second, [content_words(r.text, r.language) for r in rows])
    margins = same_content_margins(**features, same_language=_same_language(rows, first, second))
    classes = np.asarray([r.sentence for r in rows])
    lo = np.minimum(classes[first], classes[second])
    hi = np.maximum(classes[first], classes[second])
    keep = (margins > 0) & (lo != hi)
    lo, hi, margins = lo[keep], hi[keep], margins[keep]
    by_margin = np.argsort(-margins, kind="stable")
    _, best = np.unique((lo * (classes.max() + 1) + hi)[by_margin], return_index=True)
    picked = by_margin[best]
    return {(int(lo[k]), int(hi[k])): float(margins[k]) for k in picked}


def _same_language(rows: list[TextRow], first: np.ndarray, second: np.ndarray) -> np.ndarray:
    # Unknown languages count as the same: the word-overlap model is then the stricter one.
    codes: dict[str | None, int] = {None: -1}
    lang = np.asarray([codes.setdefault(r.language, len(codes)) for r in rows])
    a, b = lang[first], lang[second]
    return (a == b) | (a < 0) | (b < 0)


def group_sentences(articles_of_class: list[set[int]], matches: dict[tuple[int, int], float]) -> Grouping:
    """Merge matched sentence classes into units, best match first, while their article sets
    stay disjoint. Every class ends in exactly one unit; no classes give an empty grouping."""
    parent = list(range(len(articles_of_class)))
    articles = [set(a) for a in articles_of_class]

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    blocked: list[tuple[int, int]] = []
    for (s, t), _ in sorted(matches.items(), key=lambda kv: (-kv[1], kv[0])):
        rs, rt = root(s), root(t)
        if rs == rt:
            continue
        if articles[rs] & articles[rt]:
            blocked.append((s, t))
            continue
        parent[rt] = rs
        articles[rs] |= articles[rt]
    return _collect(articles_of_class, [root(s) for s in range(len(parent))], blocked)


def _collect(articles_of_class: list[set[int]], roots: list[int], blocked: list[tuple[int, int]]) -> Grouping:
    unit_ids: dict[int, int] = {}
    grouping = Grouping(unit_of=[])
    for s, r in enumerate(roots):
        if r not in unit_ids:
            unit_ids[r] = len(grouping.members)
            grouping.members.append([])
            grouping.carriers.append(set())
        u = unit_ids[r]
        grouping.unit_of.append(u)
        grouping.members[u].append(s)
        grouping.carriers[u] |= articles_of_class[s]
    for s, t in blocked:
        grouping.carriers[grouping.unit_of[s]] |= articles_of_class[t]
        grouping.carriers[grouping.unit_of[t]] |= articles_of_class[s]
    return grouping


def order_units(unit_of_sentence: list[int], article_of_sentence: list[int], n_articles: int) -> list[int]:
    """Units by first appearance: the first article's units in its order; each later article's
    new units go right after the placed unit that precedes them in that article, or, before
    its first placed unit, right before that one. Every unit appears once; none give ``[]``."""
    order: list[int] = []
    by_article: list[list[int]] = [[] for _ in range(n_articles)]
    for u, a in zip(unit_of_sentence, article_of_sentence):
        by_article[a].append(u)
    for units in by_article:
        _merge_article(order, set(order), list(dict.fromkeys(units)))
    return order


def _merge_article(order: list[int], placed: set[int], units: list[int]) -> None:
    pending: list[int] = []  # new units seen before this article's first placed unit
    at = None
    for u in units:
        if u in placed:
            at = max(at if at is not None else -1, order.index(u))
            if pending:
                order[at:at] = pending
                at += len(pending)
                pending = []
        elif at is None:
            pending.append(u)
        else:
            at += 1
            order.insert(at, u)
        placed.add(u)
    order.extend(pending)
