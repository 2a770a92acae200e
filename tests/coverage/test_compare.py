"""compare_coverage and outlet_view on hand-made stories, a multilingual pair and the seeds."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retold.coverage import compare_coverage, outlet_view
from retold.eval.seeds_coverage import score_seeds_coverage
from retold.model import Article, Coverage, MemoryCache, Story

QUAKE = "The earthquake struck the coastal town of Palu on Friday evening, killing at least 30 people."
QUAKE_REWORDED = "A quake hit the seaside town of Palu on Friday night and killed at least 30 people."
QUAKE_ES = "El terremoto sacudió la ciudad costera de Palu el viernes por la noche y mató al menos a 30 personas."
RESCUE = "Rescue teams are searching the rubble for survivors."
RESCUE_ES = "Los equipos de rescate buscan supervivientes entre los escombros."
AIRPORT = "The airport was closed after its control tower collapsed."
BUDGET = "Separately, the finance minister said the national budget would be cut by ten percent next year."
FOOTBALL = "The local football club postponed its weekend match against the league leaders."


@pytest.fixture(scope="module")
def quake_story() -> tuple[list[Article], Story]:
    """Three articles: one sentence in all (verbatim or reworded), one in two, one unique each."""
    articles = [
        Article(id="a", body=f"{QUAKE} {RESCUE}\n{AIRPORT}", outlet="Wire", published="2018-09-28", language="en"),
        Article(id="b", body=f"{QUAKE_REWORDED}\n{RESCUE}\n{BUDGET}", outlet="Daily", published="2018-09-29",
                language="en"),
        Article(id="c", body=f"{QUAKE}\n{FOOTBALL}", outlet="Local", published="2018-09-29", language="en"),
    ]
    return articles, Story(id="quake", title="Palu earthquake", articles=("a", "b", "c"))




def _unit(coverage: Coverage, text: str):
    return next(u for u in coverage.units if u.text == text)


@pytest.mark.parametrize("articles, stories", [
    ([], []),
    ([Article(id="x", body="Some text here.")], []),
    ([], [Story(id="s", title="", articles=("missing",))]),
])
def test_compare_empty_input(articles, stories):
    assert compare_coverage(articles, stories) == []


@pytest.fixture(scope="module")
def quake_coverage(quake_story) -> Coverage:
    articles, story = quake_story
    return compare_coverage(articles, [story])[0]


@pytest.mark.parametrize("text, carriers", [
    (QUAKE, ("a", "b", "c")),  # verbatim in a and c, reworded in b
    (RESCUE, ("a", "b")),
    (AIRPORT, ("a",)),
    (BUDGET, ("b",)),
    (FOOTBALL, ("c",)),
])
def test_compare_groups_shared_reworded_and_unique(quake_coverage, text, carriers):
    assert _unit(quake_coverage, text).articles == carriers


def test_compare_one_unit_per_content(quake_coverage):
    assert len(quake_coverage.units) == 5
    assert quake_coverage.story == "quake"


def test_compare_orders_units_by_first_appearance(quake_coverage):
    texts = [u.text for u in quake_coverage.units]
    assert texts.index(QUAKE) < texts.index(RESCUE) < texts.index(AIRPORT)
    assert texts.index(RESCUE) < texts.index(BUDGET)


def test_compare_single_article_story():
    article = Article(id="solo", body=f"{QUAKE} {RESCUE}\n{AIRPORT}", language="en")
    [coverage] = compare_coverage([article], [Story(id="s", title="", articles=("solo",))])
    assert [u.text for u in coverage.units] == [QUAKE, RESCUE, AIRPORT]
    assert all(u.articles == ("solo",) for u in coverage.units)


def test_compare_single_article_story_embeds_nothing_and_matches_the_full_path(monkeypatch):
    """A lone article's coverage is one unit per distinct sentence, as the full path (every
    text embedded and matched) gives it; a repeated sentence is one unit."""
    import retold.coverage.units as units
    from retold.coverage.compare import cover_story

    article = Article(id="solo", body=f"{QUAKE} {RESCUE}\n{AIRPORT}\n{QUAKE}", language="en")
    story = Story(id="s", title="", articles=("solo",))
    full = cover_story(story, units.article_units([article]))
    monkeypatch.setattr(units, "embed", lambda texts: pytest.fail("a lone article was embedded"))
    [coverage] = compare_coverage([article], [story], cache=MemoryCache())
    assert coverage == full and [u.text for u in coverage.units] == [QUAKE, RESCUE, AIRPORT]


def test_compare_groups_a_translation():
    articles = [
        Article(id="en", body=f"{QUAKE} {RESCUE}\n{BUDGET}", language="en"),
        Article(id="es", body=f"{QUAKE_ES} {RESCUE_ES}", language="es"),
    ]
    [coverage] = compare_coverage(articles, [Story(id="s", title="", articles=("en", "es"))])
    assert _unit(coverage, QUAKE).articles == ("en", "es")
    assert _unit(coverage, RESCUE).articles == ("en", "es")
    assert _unit(coverage, BUDGET).articles == ("en",)


def test_compare_reuses_cached_embeddings(quake_story, monkeypatch):
    articles, story = quake_story
    cache = MemoryCache()
    first = compare_coverage(articles, [story], cache=cache)
    import retold.coverage.units as units

    monkeypatch.setattr(units, "embed", lambda texts: pytest.fail("embedded again despite the cache"))
    # another story of the same articles: covered anew, from the cached sentence vectors
    renamed = Story(id="quake-2", title=story.title, articles=story.articles)
    again = compare_coverage(articles, [renamed], cache=cache)
    assert again[0].units == first[0].units


def test_compare_reads_an_unchanged_story_back_from_cache(quake_story, monkeypatch):
    from dataclasses import replace

    import retold.coverage.compare as compare

    articles, story = quake_story
    cache = MemoryCache()
    first = compare_coverage(articles, [story], cache=cache)
    covered = []
    real = compare.cover_story
    monkeypatch.setattr(compare, "cover_story", lambda s, u: covered.append(s.id) or real(s, u))
    assert compare_coverage(articles, [story], cache=cache) == first
    assert covered == []
    edited = [articles[0], replace(articles[1], body=articles[1].body.replace(BUDGET, FOOTBALL)), articles[2]]
    assert compare_coverage(edited, [story], cache=cache) == compare_coverage(edited, [story])
    assert covered == ["quake", "quake"]  # an article changed: covered again


@pytest.mark.parametrize("article_id, only_here, missing", [
    ("a", [AIRPORT], [BUDGET, FOOTBALL]),
    ("b", [BUDGET], [AIRPORT, FOOTBALL]),
    ("c", [FOOTBALL], [RESCUE, AIRPORT, BUDGET]),
])
def test_outlet_view_per_article(quake_story, quake_coverage, article_id, only_here, missing):
    view = outlet_view(quake_coverage, quake_story[0])
    assert view["shared"] == [QUAKE]
    entry = view["articles"][article_id]
    assert entry["only_here"] == only_here
    assert sorted(entry["missing_here"]) == sorted(missing)
    assert entry["outlet"] == {"a": "Wire", "b": "Daily", "c": "Local"}[article_id]


def test_outlet_view_empty_coverage():
    assert outlet_view(Coverage(story="s", units=()), []) == {"story": "s", "shared": [], "articles": {}}


@pytest.fixture(scope="module")
def seed_coverage(seed_articles, seed_stories) -> list[Coverage]:
    return compare_coverage(seed_articles, seed_stories)


def test_compare_seed_claims_floor(seed_coverage, seed_articles, seeds_gold, seed_stories):
    coverage = seed_coverage
    figures = score_seeds_coverage(coverage, seed_articles, seeds_gold, seed_stories)
    assert figures["coverage_claims_right"] == 5 == figures["coverage_claims"], figures


def test_compare_seed_quotes_grouped_across_outlets(seed_coverage):
    # TASS and RFE/RL render Shoigu's "cooperation is frozen, not our fault" differently.
    coverage = seed_coverage[1]
    unit = next(u for u in coverage.units if "not through our fault" in u.text or "not our fault" in u.text)
    assert len(unit.articles) == 2


def _fake_embed(texts):
    """Deterministic stand-in for the encoder (a hash per word, summed), so the property
    test runs thousands of articles in seconds; repeated words give similar vectors."""
    out = np.zeros((len(texts), 512), dtype=np.float32)
    for i, text in enumerate(texts):
        for word in text.lower().split():
            out[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % 512] += 1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1.0, norms)


_WORDS = st.sampled_from("quake town rescue rubble minister budget club match tower airport".split())
_SENTENCE = st.lists(_WORDS, min_size=3, max_size=8).map(lambda ws: " ".join(ws).capitalize() + ".")
_BODY = st.lists(_SENTENCE, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(bodies=st.lists(_BODY, min_size=1, max_size=4))
def test_compare_every_article_carries_a_unit_of_its_story(bodies, monkeypatch):
    import retold.coverage.units as units

    monkeypatch.setattr(units, "embed", _fake_embed)
    articles = [Article(id=f"n{i}", body=b, language="en") for i, b in enumerate(bodies)]
    story = Story(id="s", title="", articles=tuple(a.id for a in articles))
    [coverage] = compare_coverage(articles, [story])
    carried = {i for u in coverage.units for i in u.articles}
    assert carried == set(story.articles)
    assert all(set(u.articles) <= set(story.articles) and u.articles for u in coverage.units)


def test_compare_folds_verbatim_reprints(quake_story):
    articles, story = quake_story
    copies = [Article(id=f"{a.id}-{k}", body=a.body, language=a.language) for k in range(3) for a in articles]
    reprinted = Story(id="many", title="", articles=tuple(a.id for a in copies))
    [coverage] = compare_coverage(copies, [reprinted])
    assert len(coverage.units) == 5
    assert _unit(coverage, AIRPORT).articles == ("a-0", "a-1", "a-2")


def test_compare_large_story_path_matches_small(quake_story, quake_coverage, monkeypatch):
    # Past DENSE_LIMIT texts, candidates come from the usearch index instead of the full matrix.
    import retold.coverage.group as group

    monkeypatch.setattr(group, "DENSE_LIMIT", 2)
    articles, story = quake_story
    assert compare_coverage(articles, [story]) == [quake_coverage]
