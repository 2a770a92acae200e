"""Cross-outlet quote clustering, utterance units and the word diff."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retold.model import Article, Quote, QuotePiece, Story
from retold.quotes import cluster_quotes, diff_words, extract_quotes_batch
from retold.quotes.cluster import MIN_CONTAIN_WORDS, _words, containment, containment_matrix, utterance_units


@pytest.mark.parametrize(
    "a, b, ops",
    [
        ("degrading every day", "degrading every year",
         [("equal", "degrading every", "degrading every"), ("replace", "day", "year")]),
        ("not just halted", "not halted", [("equal", "not", "not"), ("delete", "just", ""), ("equal", "halted", "halted")]),
        ("We keep saying", "We keep saying, often", [("equal", "We keep saying", "We keep saying,"), ("insert", "", "often")]),
        ("", "", []),
        ("", "new words", [("insert", "", "new words")]),
    ],
)
def test_cluster_diff_words(a, b, ops):
    assert diff_words(a, b) == ops


@pytest.mark.parametrize("a, b, share", [("very active cooperation", "we had rather active cooperation", 2 / 3),
                                         ("", "anything", 0.0), ("a b", "a b", 1.0)])
def test_cluster_containment(a, b, share):
    assert containment(a, b) == pytest.approx(share)


@settings(deadline=None, max_examples=60)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab c  said,")), max_size=30), max_size=8))
def test_cluster_containment_matrix_matches_pairs(texts):
    matrix = containment_matrix(texts)
    assert matrix.shape == (len(texts), len(texts))
    for i, a in enumerate(texts):
        for j, b in enumerate(texts):
            long_enough = min(len(_words(a)), len(_words(b))) >= MIN_CONTAIN_WORDS
            assert matrix[i, j] == (containment(a, b) if i != j and long_enough else 0.0)


def test_cluster_containment_matrix_empty():
    assert containment_matrix([]).shape == (0, 0)


def test_cluster_units_split_quoted_sentences():
    body = '"We will respond. We have no choice," Shoigu said.'
    quote = Quote("q-a-1", "a", "Sergei Shoigu", "said", "We will respond. We have no choice", "direct", (1, 35))
    units = utterance_units(quote, Article(id="a", body=body))
    assert [u.text for u in units] == ["We will respond", "We have no choice"]
    assert all(body[u.span[0]:u.span[1]] == u.text for u in units)


def test_cluster_units_leave_out_the_cue_of_a_split_quote():
    body = '"We will respond," Shoigu said, "we have no choice."'
    second = body.index("we have")
    quote = Quote("q-a-1", "a", "Shoigu", "said", "We will respond we have no choice", "direct", (1, second + 17),
                  pieces=(QuotePiece((1, 16), "We will respond"), QuotePiece((second, second + 17), "we have no choice")))
    assert [p.text for p in utterance_units(quote, Article(id="a", body=body))] == \
        ["We will respond", "we have no choice"]


_A = ("Defense Minister Sergei Shoigu spoke on Sunday.\n"
      "“Relations are not just halted but degrading every day,” Shoigu said.\n"
      "“We had rather active cooperation with Brussels in the past,” he added.\n"
      "Shoigu also said the army would buy new tanks next year.")
_B = ("Russian Defence Minister Sergey Shoigu gave an interview.\n"
      "“Everything is not only halted, but degrading every year,” Shoigu told Rossiya 1.\n"
      "The weather in Moscow was cold, Anna Petrova said.")
_C = "“Relations are degrading every day,” Sergei Shoigu said in a different story."


@pytest.fixture(scope="module")
def clustered():
    articles = [Article(id="a", body=_A), Article(id="b", body=_B), Article(id="c", body=_C)]
    stories = [Story("s1", "Shoigu", ("a", "b")), Story("s2", "other", ("c",))]
    quotes = extract_quotes_batch(articles)
    return cluster_quotes(quotes, articles, stories)


def test_cluster_same_utterance_grouped(clustered):
    quotes, clusters = clustered
    halted = [p for q in quotes for p in q.pieces if "degrading every" in p.text and q.article in ("a", "b")]
    assert len(halted) == 2
    assert halted[0].cluster == halted[1].cluster


def test_cluster_other_utterances_and_stories_apart(clustered):
    quotes, clusters = clustered
    by_text = {p.text: p.cluster for q in quotes for p in q.pieces}
    halted = by_text["Relations are not just halted but degrading every day"]
    assert by_text["We had rather active cooperation with Brussels in the past"] != halted
    assert by_text["Relations are degrading every day"] != halted  # other story
    assert all(q.cluster and all(p.cluster for p in q.pieces) for q in quotes)


def test_cluster_quotes_stay_whole_and_clusters_list_them(clustered):
    quotes, clusters = clustered
    extracted = extract_quotes_batch([Article(id="a", body=_A), Article(id="b", body=_B), Article(id="c", body=_C)])
    assert [(q.id, q.text, q.span) for q in quotes] == [(q.id, q.text, q.span) for q in extracted]
    members = {c.id: set(c.quotes) for c in clusters}
    for q in quotes:
        assert q.cluster in {p.cluster for p in q.pieces}
        assert all(q.id in members[p.cluster] for p in q.pieces)
    assert set().union(*members.values()) == {q.id for q in quotes}


def test_cluster_reads_a_story_grouping_back_from_cache(clustered, monkeypatch):
    import retold.quotes.cluster as cluster_module
    from retold.model import MemoryCache

    articles = [Article(id="a", body=_A), Article(id="b", body=_B), Article(id="c", body=_C)]
    stories = [Story("s1", "Shoigu", ("a", "b")), Story("s2", "other", ("c",))]
    quotes = extract_quotes_batch(articles)
    cache = MemoryCache()
    assert cluster_quotes(quotes, articles, stories, cache) == clustered
    grouped = []
    real = cluster_module._story_clusters
    monkeypatch.setattr(cluster_module, "_story_clusters", lambda u, v: grouped.append(len(u)) or real(u, v))
    assert cluster_quotes(quotes, articles, stories, cache) == clustered
    assert grouped == []  # both stories read back
    moved = [Story("s1", "Shoigu", ("a",)), Story("s2", "other", ("b", "c"))]
    assert cluster_quotes(quotes, articles, moved, cache) == cluster_quotes(quotes, articles, moved)
    # the changed story of two articles grouped again, with the cache and without; a story of
    # one article needs no grouping (its units never render one utterance)
    assert len(grouped) == 2


def test_cluster_a_story_of_one_article_gives_each_unit_its_own_group_without_embedding(monkeypatch):
    import retold.quotes.cluster as cluster_module

    article = Article(id="a", body=_A)
    quotes = extract_quotes_batch([article])
    units = [u for q in quotes for u in cluster_module._unit_quotes(q, utterance_units(q, article), article.body)]
    assert len(units) >= 3
    full = cluster_module._story_clusters(units, cluster_module.embed([u.text for u in units]))
    monkeypatch.setattr(cluster_module, "embed", lambda texts: pytest.fail("embedded a one-article story"))
    assert cluster_module._cached_story_clusters(units, None) == full == [[i] for i in range(len(units))]
    clustered, clusters = cluster_quotes(quotes, [article], [Story("s", "one page", ("a",))])
    assert len(clusters) == len(units) and all(len(c.quotes) == 1 for c in clusters)


def test_cluster_empty():
    assert cluster_quotes([], [], []) == ([], [])


def _synthetic_story(n: int, articles: int, speakers: list[str | None], seed: int):
    """``n`` units over ``articles`` articles rendering n // 8 utterances, each reworded (some
    words dropped) and embedded as its utterance's vector plus noise."""
    import random

    import numpy as np

    rng, pick = np.random.default_rng(seed), random.Random(seed)
    vocab = "the minister said relations with brussels are degrading every day and we will respond".split()
    said = [" ".join(pick.choices(vocab, k=pick.randint(4, 12))) for _ in range(max(2, n // 8))]
    centre = rng.normal(size=(len(said), 512))
    units, vectors = [], []
    for i in range(n):
        u = pick.randrange(len(said))
        words = said[u].split()[: pick.randint(3, 12)]
        units.append(Quote(id=f"q{i}", article=f"a{pick.randrange(articles)}", speaker=speakers[u % len(speakers)],
                           cue="said", text=" ".join(words), kind="direct", span=(0, 1)))
        vectors.append(centre[u] + rng.normal(scale=pick.choice([0.3, 0.8, 1.5]), size=512))
    v = np.asarray(vectors, dtype=np.float32)
    return units, v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_cluster_a_large_story_is_grouped_component_by_component_as_all_pairs_at_once(seed):
    """Above DENSE_UNITS_LIMIT a story's units are grouped per component of the pairs at or
    above MIN_SAME_PROBABILITY: average linkage never joins across them, so with no tied
    scores (no named speakers: no mutual-best pairs at P = 1) the groups are the same."""
    from retold.quotes.cluster import _story_clusters

    units, vectors = _synthetic_story(240, 24, [None], seed)
    dense = _story_clusters(units, vectors)
    assert sum(len(g) > 1 for g in dense) >= 10  # the test groups something
    assert _story_clusters(units, vectors, dense_limit=1) == dense


def test_cluster_a_large_story_is_average_linkage_per_component_of_likely_pairs():
    """With named speakers the mutual-best rule gives tied pairs (P = 1), which average linkage
    may merge in another order once the story is split: the large path then equals average
    linkage run on each component (pairs at or above MIN_SAME_PROBABILITY) of the all-pairs
    P(same), which is what it promises."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial.distance import squareform

    from retold.quotes.cluster import MIN_SAME_PROBABILITY, _mutual_best, _never_same, _story_clusters, \
        containment_matrix, same_probability

    units, vectors = _synthetic_story(300, 30, ["Sergei Shoigu", "Anna Petrova", None], 7)
    cos = np.clip(vectors @ vectors.T, 0.0, 1.0)
    contain = containment_matrix([u.text for u in units])
    mutual = _mutual_best(units, cos, contain)
    assert mutual.sum() >= 20
    prob = np.maximum(same_probability(cos, contain), mutual)
    prob[_never_same(units)] = 0.0
    prob = np.maximum(prob, prob.T)
    _, component = connected_components(csr_matrix(prob >= MIN_SAME_PROBABILITY), directed=False)
    expected = []
    for k in range(component.max() + 1):
        comp = np.flatnonzero(component == k)
        if len(comp) == 1:
            expected.append([int(comp[0])])
            continue
        dist = 1.0 - prob[np.ix_(comp, comp)]
        np.fill_diagonal(dist, 0.0)
        labels = fcluster(linkage(squareform(dist, checks=False), method="average"),
                          t=1.0 - MIN_SAME_PROBABILITY, criterion="distance")
        expected.extend([int(x) for x in comp[labels == label]] for label in dict.fromkeys(labels))
    assert _story_clusters(units, vectors, dense_limit=1) == sorted(expected, key=lambda g: g[0])
