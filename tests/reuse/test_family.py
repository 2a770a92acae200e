"""The agency source family (``retold.reuse.family``): a copy of several versions of one
wire story together, judged on made-up articles and on METER stories through ``analyze``."""

import json
import random

import pytest

from retold.model import Article
from retold.pipeline import analyze
from retold.reuse import family
from retold.reuse.compare import AGENCY_COPY_TRIGRAM_SHARE, trigrams
from retold.reuse.family import family_link
from retold.reuse.find import link_for_pair
from retold.reuse.profile import profile_articles

_SYLLABLES = ("ka", "lo", "mer", "tis", "van", "dor", "pel", "ru", "sen", "gat", "bri", "nol", "fen", "hut", "zar")


def _words(rng: random.Random, n: int) -> list[str]:
    return ["".join(rng.choice(_SYLLABLES) for _ in range(3)) for _ in range(n)]


def _text(words: list[str], per_sentence: int = 12) -> str:
    return " ".join(" ".join(words[i:i + per_sentence]).capitalize() + "."
                    for i in range(0, len(words), per_sentence))


def _versions_and_copy(shared_between_versions: int):
    """Two PA versions of a story (sharing their first ``shared_between_versions`` words) and a
    newspaper article holding two 7-word stretches of each version in 168 words of its own."""
    rng = random.Random(7)
    first, second = _words(rng, 120), _words(rng, 120)
    second[:shared_between_versions] = first[:shared_between_versions]
    own = _words(rng, 168)
    stretches = [first[40:47], first[80:87], second[60:67], second[100:107]]
    copy = own[:30] + stretches[0] + own[30:70] + stretches[1] + own[70:110] + stretches[2] + own[110:] + stretches[3]
    articles = [Article(id="pa/1", body=_text(first), outlet="PA", language="en"),
                Article(id="pa/2", body=_text(second), outlet="PA", language="en"),
                Article(id="paper/1", body=_text(copy), outlet="The Daily Paper", language="en")]
    return profile_articles(articles)


def test_family_links_a_copy_that_no_single_version_holds():
    v1, v2, copy = _versions_and_copy(shared_between_versions=24)
    # pair by pair, neither version holds enough of the copy, so no pair is linked ...
    assert link_for_pair(copy, v1) is None and link_for_pair(copy, v2) is None
    own = trigrams(copy, prose_only=True)
    assert max(len(own & trigrams(v)) for v in (v1, v2)) < AGENCY_COPY_TRIGRAM_SHARE * len(own)
    # ... but the two versions of the story together do
    link = family_link(copy, [v2, v1], {("pa/1", "pa/2")})
    assert link is not None and link.kind == "partial" and link.basis == "agency"
    assert {link.a, link.b} == {"paper/1", link.source} and link.source in ("pa/1", "pa/2")
    assert link.passages, "the version's shared stretches are shown"
    # the versions in either order give the same link
    assert family_link(copy, [v1, v2], {("pa/1", "pa/2")}) == link


def test_family_needs_versions_of_one_story():
    v1, v2, copy = _versions_and_copy(shared_between_versions=24)
    # not a candidate pair: two separate stories, each judged alone
    assert family_link(copy, [v1, v2], set()) is None
    # a candidate pair sharing under VERSION_SHARED_TRIGRAMS of their text (a stock sentence) is no family
    v1, v2, copy = _versions_and_copy(shared_between_versions=3)
    assert len(trigrams(v1, True) & trigrams(v2, True)) < family.VERSION_SHARED_TRIGRAMS * len(trigrams(v2, True))
    assert family_link(copy, [v1, v2], {("pa/1", "pa/2")}) is None


def test_family_versions_are_told_by_their_wire_catchline_when_both_have_one():
    from dataclasses import replace

    def with_slug(profile, slug):
        article = replace(profile.article, slug=slug, published="2000-03-14")
        return profile.__class__(**{**{f: getattr(profile, f) for f in profile.__slots__}, "article": article})

    # two takes of one wire story sharing only a stock sentence are one family ...
    v1, v2, copy = _versions_and_copy(shared_between_versions=3)
    takes = [with_slug(v1, "COURTS Ferry"), with_slug(v2, "COURTS Ferry Substitute")]
    assert family_link(copy, takes, {("pa/1", "pa/2")}) is not None
    # ... and two wire stories sharing much of their text are not
    v1, v2, copy = _versions_and_copy(shared_between_versions=24)
    stories = [with_slug(v1, "COURTS Ferry"), with_slug(v2, "COURTS Fraud")]
    assert family_link(copy, stories, {("pa/1", "pa/2")}) is None


def test_family_link_needs_an_agency_and_one_language():
    v1, v2, copy = _versions_and_copy(shared_between_versions=24)
    assert family_link(copy, [], {("pa/1", "pa/2")}) is None
    other_language = [p.__class__(**{**{f: getattr(p, f) for f in p.__slots__}, "language": "de"}) for p in (v1, v2)]
    assert family_link(copy, other_language, {("pa/1", "pa/2")}) is None


@pytest.fixture
def meter_stories(shared_dir, tmp_path):
    """Three METER dev stories where a newspaper article took from the PA versions together."""
    path = shared_dir / "eval" / "reuse" / "meter-dev"
    if not path.exists():
        pytest.skip(f"METER dev not found at {path}")
    gold = json.loads((path / "gold.json").read_text(encoding="utf-8"))
    stories = [gold["stories"][k] for k in (23, 27, 51)]
    keep = {d for story in stories for d in story}
    lines = [line for line in (path / "docs.jsonl").read_text(encoding="utf-8").splitlines()
             if json.loads(line)["id"] in keep]
    return lines, stories, gold["labels"]


def test_family_links_on_meter_stories_through_analyze(meter_stories, tmp_path, monkeypatch):
    lines, stories, labels = meter_stories
    docs = tmp_path / "docs.jsonl"
    docs.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with_family = {(link.a, link.b): link for link in analyze([docs], db=tmp_path / "a.db", stages=["reuse"]).reuse}
    monkeypatch.setattr(family, "family_links", lambda *args: [])
    monkeypatch.setattr("retold.reuse.find.family_links", lambda *args: [])
    pairwise = {(link.a, link.b) for link in analyze([docs], db=tmp_path / "b.db", stages=["reuse"]).reuse}
    added = [with_family[k] for k in set(with_family) - pairwise]
    assert added and pairwise <= set(with_family)
    story_of = {d: k for k, story in enumerate(stories) for d in story}
    copies = [link.b if link.source == link.a else link.a for link in added]
    for link, copy in zip(added, copies):
        assert link.kind == "partial" and link.basis == "agency" and link.source.startswith("PA/")
        assert story_of[copy] == story_of[link.source], "a version of the copy's own story"
        # only for a copy that no pair linked to PA
        assert not any(copy in k and any(x.startswith("PA/") for x in k) for k in pairwise)
    assert len(set(copies)) == len(copies), "one family link per copy"
    # the labels call one of the two derived (the other is an independent report). Before
    # versions were told by their catchlines there were three, two derived: the third
    # story's PA copy comes under two catchlines (INQUEST Exams and INQUEST Stowe), which
    # METER counts as one story and the wire key as two (over all of METER dev the
    # catchlines lift macro F1 0.713 -> 0.722: README)
    assert sum(labels[c] != "non_derived" for c in copies) >= 1


def test_agency_copy_sharing_only_trigrams_shows_them_as_passages():
    """A copy judged on word trigrams alone (no shared 4-word phrase, no long run, two long
    sentences: nothing to align) still shows the reader what it shares: its shared
    trigrams, each against a place where the agency has the same words."""
    rng = random.Random(11)
    agency_words, own = _words(rng, 150), _words(rng, 40)
    copy_words = []
    for k in range(40):  # a trigram of the agency's, then a word of its own: no 4-gram in common
        copy_words += agency_words[k * 3:k * 3 + 3] + [own[k]]
    agency, copy = profile_articles([
        Article(id="pa/1", body=_text(agency_words), outlet="PA", language="en"),
        Article(id="paper/1", body=_text(copy_words, per_sentence=80), outlet="The Daily Paper", language="en")])
    link = link_for_pair(copy, agency)
    assert link is not None and link.kind == "partial" and link.source == "pa/1" and link.basis == "agency"
    assert link.passages, "a link always shows what it shares"

    def trigrams_of(body, span):
        words = [w.strip(".").lower() for w in body[span[0]:span[1]].split()]
        return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}

    shown = set().union(*(trigrams_of(agency.article.body, p.a) for p in link.passages))
    there = set().union(*(trigrams_of(copy.article.body, p.b) for p in link.passages))
    copied = {tuple(agency_words[k * 3:k * 3 + 3]) for k in range(40)}
    assert copied <= shown and copied <= there  # every shared trigram lies in a shown stretch on both sides
