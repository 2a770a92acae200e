"""find_reuse end to end: seeds, hand-made pairs, properties, cache."""

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from retold import nlp
from retold.eval.reuse import gold_links, load_articles
from retold.eval.seeds_reuse import score_seeds_reuse
from retold.model import Article, MemoryCache
from retold.reuse import find_reuse

REWORDED = "001_c93ca4cd981dbd98"
REPOST = "002_03dd2a587a579764"

STORY = [
    "The city council approved a new budget on Tuesday after months of debate over school funding.",
    "The plan raises spending on road repairs by twelve percent and freezes hiring in most departments.",
    "Opposition members argued that the freeze would leave libraries understaffed during the summer.",
    "The mayor is expected to sign the measure next week, according to officials familiar with the matter.",
    "Residents will be able to comment on the spending plan at a public hearing in the old town hall.",
]
OTHER = [
    "A storm knocked out power to thousands of homes along the coast on Sunday night.",
    "Utility crews worked through the morning to restore electricity to the hardest-hit areas.",
    "Schools in three districts stayed closed while workers cleared fallen trees from the roads.",
    "Forecasters warned that another band of heavy rain could arrive by the end of the week.",
]
SPANISH = [
    "El ayuntamiento aprobó un nuevo presupuesto el martes tras meses de debate sobre la financiación escolar.",
    "El plan aumenta el gasto en reparación de carreteras un doce por ciento y congela las contrataciones en la mayoría de los departamentos.",
    "Los miembros de la oposición argumentaron que la congelación dejaría las bibliotecas sin personal durante el verano.",
    "Se espera que el alcalde firme la medida la próxima semana, según funcionarios conocedores del asunto.",
    "Los vecinos podrán comentar el plan de gastos en una audiencia pública en el antiguo ayuntamiento.",
]


def _article(id, sentences, language="en", **kw):
    return Article(id=id, body="\n".join(sentences), language=language, **kw)


def _link(links, a, b):
    return next((link for link in links if (link.a, link.b) == (a, b)), None)


def test_find_reuse_empty():
    assert find_reuse([]) == []


def test_find_reuse_seeds_all_pairs_right(seed_links, seeds_gold):
    assert score_seeds_reuse(seed_links, seeds_gold)["pairs_right"] == 4


def test_find_reuse_seeds_reworded_copy(seed_links, seed_articles):
    link = _link(seed_links, REWORDED, REPOST)
    assert link is not None
    assert (link.kind, link.source, link.credited, link.basis) == ("rewrite", "RT", False, "credit")
    reworded = next(a for a in seed_articles if a.id == REWORDED).body
    paragraphs, pos = [], 0
    for para in reworded.split("\n"):
        paragraphs.append((pos, pos + len(para)))
        pos += len(para) + 1
    covered = set()
    for p in link.passages:
        covered.update(range(*p.a))
    # Body paragraphs 1-8 (raw lines 3-17) are the RT report; 9-11 (the Arctic) are its own.
    report = [i for s, e in paragraphs[:8] for i in range(s, e)]
    arctic = [i for s, e in paragraphs[8:] for i in range(s, e)]
    assert sum(i in covered for i in report) / len(report) >= 0.8
    assert not any(i in covered for i in arctic)


@pytest.mark.parametrize("pair", [("000_91eabdf53da39405", REWORDED), ("000_91eabdf53da39405", REPOST),
                                  ("003_6919b34de9473304", "004_a59f0c3df0fe176b")])
def test_find_reuse_seeds_shared_quotes_not_linked(seed_links, pair):
    assert _link(seed_links, *pair) is None


@pytest.mark.parametrize(
    "a, b, kind",
    [
        (STORY, STORY[:4] + ["Officials said more details would follow."], "verbatim"),
        (STORY[:2] + OTHER, STORY[:2] + OTHER[::-1][:2] + ["The rest of this report is different."], "partial"),
        (STORY, SPANISH, "translation"),
        (STORY, OTHER, None),
    ],
)
def test_find_reuse_kind_of_hand_made_pairs(a, b, kind):
    links = find_reuse([_article("a", a), _article("b", b, language="es" if b is SPANISH else "en")])
    assert (links[0].kind if links else None) == kind


def test_find_reuse_shared_quotes_only_not_linked():
    quote = "“We will not accept any plan that cuts the number of teachers in our schools this year,”"
    a = [f"{quote} the union leader told reporters outside the council chamber.", *OTHER[:2]]
    b = [f"{quote} she said on local radio while her members gathered in the rain.", *OTHER[2:]]
    assert find_reuse([_article("a", a), _article("b", b)]) == []


def test_find_reuse_quote_heavy_brief_not_verbatim():
    """A brief that is nearly all one quote is not a copy of a report quoting the same words."""
    quote = ("“We will not accept any plan that cuts the number of teachers in our schools, "
             "and we will fight it in every court of this state,”")
    brief = f"{quote} the union leader said on Monday."
    report = "\n".join([STORY[0], f"{quote} she told a crowd of parents at a rally downtown.", *STORY[1:3]])
    assert find_reuse([_article("a", [brief]), _article("b", [report])]) == []


def test_find_reuse_source_by_dates():
    a = _article("a", STORY, published="2024-03-02", outlet="Daily")
    b = _article("b", STORY[:4], published="2024-03-01", outlet="Wire")
    (link,) = find_reuse([a, b])
    assert (link.kind, link.source, link.basis, link.credited) == ("verbatim", "b", "published", False)


def test_find_reuse_uses_cache(monkeypatch):
    articles = [_article("a", STORY), _article("b", STORY[:4])]
    cache = MemoryCache()
    first = find_reuse(articles, cache)

    def cached_only(texts, batch_size=256):
        assert not texts, "embeddings should come from the cache"
        return np.zeros((0, nlp.EMBEDDING_DIM), dtype=np.float32)

    monkeypatch.setattr(nlp, "embed", cached_only)
    assert find_reuse(articles, cache) == first


def test_find_reuse_reads_judged_pairs_back_from_cache(monkeypatch):
    from retold.reuse import find as find_module

    articles = [_article("a", STORY, outlet="Daily"), _article("b", STORY[:4], outlet="Wire"),
                _article("c", OTHER)]
    cache = MemoryCache()
    first = find_reuse(articles, cache)
    judged = []
    real = find_module.link_for_pair
    monkeypatch.setattr(find_module, "link_for_pair",
                        lambda x, y, *memo: judged.append((x.id, y.id)) or real(x, y, *memo))
    assert find_reuse(articles, cache) == first and first
    assert judged == []  # every candidate pair read back
    changed = [articles[0], _article("b", STORY[:4], outlet="Wire", published="2024-01-05"), articles[2]]
    assert find_reuse(changed, cache) == find_reuse(changed)
    assert ("a", "b") in judged  # an article that changed is judged again


def test_find_reuse_compares_one_text_once_however_many_hold_it(monkeypatch):
    """Five copies of one page (each its own outlet and date) and a text that shares a part
    of it: each two distinct texts are compared once, and the links are those of judging
    every pair afresh, each with its own articles' source."""
    from retold.reuse import find as find_module

    copies = [_article(f"c{k}", STORY, outlet=f"Site {k}", published=f"2024-0{k + 1}-15") for k in range(5)]
    articles = copies + [_article("part", STORY[:3] + OTHER, outlet="Other", published="2024-09-15")]
    compared = []
    real = find_module.compare_profiles
    monkeypatch.setattr(find_module, "compare_profiles", lambda x, y: compared.append((x.id, y.id)) or real(x, y))
    links = find_reuse(articles)
    assert compared == [("c0", "c1"), ("c0", "part")]  # a copy with a copy, a copy with "part"
    monkeypatch.setattr(find_module, "SameTextMemo", _NoMemo)
    assert links == find_reuse(articles) and len(compared) == 2 + 15
    assert len(links) == 10 and {(link.a, link.source) for link in links} == {(f"c{k}", f"c{k}") for k in range(4)}


class _NoMemo:
    def __init__(self, profiles):
        from retold.reuse.find import link_for_pair

        self.link_for_pair = link_for_pair


def test_cached_link_round_trip():
    from retold.model import AlignedPassage, ReuseLink
    from retold.reuse.find import link_from_bytes, link_to_bytes

    link = ReuseLink("a", "b", "partial", "TASS", True, (AlignedPassage((0, 10), (5, 15), 0.123456789),), "credit")
    assert link_from_bytes(link_to_bytes(link)) == link
    assert link_from_bytes(link_to_bytes(None)) is None


_WORDS = st.sampled_from("the council mayor budget plan roads schools storm power week rain new old said".split())
_SENTENCE = st.lists(_WORDS, min_size=1, max_size=12).map(lambda ws: " ".join(ws).capitalize() + ".")
_BODY = st.lists(_SENTENCE, min_size=1, max_size=6).map(" ".join)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_BODY)
def test_find_reuse_text_with_itself_is_verbatim(body):
    """Unless it is a few words only: two items that are one stock line ("The hearing was
    adjourned until tomorrow.") are no copy of each other."""
    from retold.reuse.compare import MIN_VERBATIM_WORDS

    links = find_reuse([Article(id="a", body=body, language="en"), Article(id="b", body=body, language="en")])
    expected = ["verbatim"] if len(body.split()) >= MIN_VERBATIM_WORDS else []
    assert [link.kind for link in links] == expected


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_BODY, _BODY, _BODY)
def test_find_reuse_passages_inside_bodies(shared, a_own, b_own):
    a = Article(id="a", body=f"{a_own}\n{shared}", language="en")
    b = Article(id="b", body=f"{shared}\n{b_own}\n{shared}", language="en")
    for link in find_reuse([a, b]):
        for p in link.passages:
            assert 0 <= p.a[0] < p.a[1] <= len(a.body)
            assert 0 <= p.b[0] < p.b[1] <= len(b.body)
            assert 0.0 <= p.similarity <= 1.0


def test_find_reuse_meantime_sample_translations(shared_dir):
    """Three MEANTIME translation sets (12 documents): every pair within a set, nothing across."""
    path = shared_dir / "eval" / "reuse" / "meantime"
    sets = json.loads((path / "gold.json").read_text(encoding="utf-8"))["translations"][:3]
    keep = {i for group in sets for i in group}
    links = find_reuse([a for a in load_articles(path) if a.id in keep])
    gold = {p for p in gold_links(path) if p[0] in keep}
    assert {(link.a, link.b) for link in links} == gold
    assert {link.kind for link in links} == {"translation"}


@pytest.mark.slow
def test_find_reuse_meantime_floors(shared_dir):
    from retold.eval.reuse import evaluate

    result = evaluate(shared_dir / "eval" / "reuse" / "meantime")
    # Measured P 0.925, R 1.000 (`retold eval reuse`). The target is P 0.95: the extra
    # links are mostly real template paragraphs shared by different Wikinews stock
    # reports, plus a few joined by stock phrases only (the shared-phrase rule; see README).
    assert result["precision"] >= 0.92 and result["recall"] >= 0.95
    # each set (a document and its translations) in one story: 118 of 120 (64 before a
    # copy that reuse found was put in its source's story)
    assert result["sets_in_one_story"] >= 0.9 * result["sets"]


def test_find_reuse_same_site_furniture_not_linked():
    # Two different reports from one site that share its standing text (here a house
    # history; a bio or a shop blurb alike): no reuse; the same text on two sites'
    # pages is a shared passage. A sign-up blurb is no reuse on any two pages: it is
    # furniture by what it says (retold.reuse.furniture).
    house = ["The magazine was founded in Peterborough in 1962 by three riders who had met at the Isle of Man races.",
             "Its road tests are still carried out on the same stretch of Lincolnshire lanes that its founders used."]
    blurb = ["Get Motor Cycle Monthly delivered through your letterbox every month, twelve issues for the price of ten.",
             "Click here for more information about our subscription offers and our weekly newsletter for riders."]
    first = STORY[:3] + house
    second = OTHER[:3] + house
    same = [_article("a", first, url="https://www.morebikes.co.uk/a"),
            _article("b", second, url="https://morebikes.co.uk/b")]
    assert find_reuse(same) == []
    apart = [_article("a", first, url="https://www.morebikes.co.uk/a"),
             _article("b", second, url="https://example.com/b")]
    assert [link.kind for link in find_reuse(apart)] == ["partial"]
    blurb_apart = [_article("a", STORY[:3] + blurb, url="https://www.morebikes.co.uk/a"),
                   _article("b", OTHER[:3] + blurb, url="https://example.com/b")]
    assert find_reuse(blurb_apart) == []
    page_twice = [_article("a", STORY, url="https://www.morebikes.co.uk/a"),
                  _article("b", STORY, url="https://www.morebikes.co.uk/a?amp=1")]
    assert [link.kind for link in find_reuse(page_twice)] == ["verbatim"]


def test_two_pages_of_one_site_are_not_aligned_sentence_by_sentence(monkeypatch):
    """Only a verbatim copy can link two pages of one site, and the word runs tell it: the
    full comparison (sentence alignment) runs for the page saved twice, not for two
    reports that share the site's standing text."""
    from retold.reuse import find as find_module

    compared = []
    real = find_module.compare_profiles
    monkeypatch.setattr(find_module, "compare_profiles", lambda x, y: compared.append((x.id, y.id)) or real(x, y))
    house = ["The magazine was founded in Peterborough in 1962 by three riders who had met at the Isle of Man races.",
             "Its road tests are still carried out on the same stretch of Lincolnshire lanes that its founders used."]
    pages = [_article("a", STORY[:3] + house, url="https://www.morebikes.co.uk/a"),
             _article("b", OTHER[:3] + house, url="https://morebikes.co.uk/b"),
             _article("c", STORY[:3] + house, url="https://morebikes.co.uk/c")]
    assert [(link.a, link.b, link.kind) for link in find_reuse(pages)] == [("a", "c", "verbatim")]
    assert ("a", "b") not in compared and ("b", "c") not in compared and ("a", "c") in compared


# A wire take and a newspaper's own report that took from it (METER's "partially
# derived"): no sentence and no long phrase is the agency's, but one in seven of the
# newspaper's three-word runs is ("remanded in custody", "Leeds Crown Court").
WIRE = [
    "A 34-year-old man appeared before magistrates in Leeds today charged with the murder of a pensioner found dead at her home.",
    "Police said the woman, who was 81, had been attacked in the kitchen of her terraced house in Armley on Saturday night.",
    "The man, who lives in the same street, was remanded in custody until a further hearing at Leeds Crown Court next month.",
    "Detectives are still appealing for witnesses who saw anyone near the house between 9pm and midnight.",
    "A post-mortem examination found that she had died from head injuries, West Yorkshire Police said.",
]
TAKEN = [
    "Neighbours in Armley spoke last night of their shock after a pensioner was found dead at her home.",
    "Doris Hall, who was 81, had lived in her terraced house for fifty years and was a familiar figure at the local church.",
    "A man from the same street, aged 34, has been charged and was yesterday remanded in custody by Leeds magistrates.",
    "He will next appear at Leeds Crown Court, where a trial date is expected to be set.",
    "One neighbour said the street had always been quiet and that residents now locked their doors.",
    "Her family described her as a devoted grandmother who loved her garden and never missed a Sunday service.",
    "West Yorkshire Police said she suffered head injuries in the kitchen.",
    "Officers continue appealing for witnesses and have been knocking on doors across the estate.",
]


def test_find_agency_copy_linked_by_trigrams_with_agency_as_source():
    wire = Article(id="pa", body="\n\n".join(WIRE), outlet="Press Association", language="en")
    taken = Article(id="paper", body="\n\n".join(TAKEN), outlet="Daily Mirror", language="en")
    links = find_reuse([wire, taken])
    assert [(link.kind, link.source, link.basis) for link in links] == [("partial", "pa", "agency")]


def test_find_trigrams_alone_link_no_two_newspapers():
    # The same two texts from two newspapers: no agency, so shared trigrams are no evidence.
    first = Article(id="first", body="\n\n".join(WIRE), outlet="The Times", language="en")
    second = Article(id="second", body="\n\n".join(TAKEN), outlet="Daily Mirror", language="en")
    assert find_reuse([first, second]) == []


def test_find_reuse_stock_line_alone_is_no_copy_source():
    """A wire add that is one stock line, held whole by other stories' copy (METER's PA
    "The hearing was adjourned until tomorrow."), links to none of them."""
    add = Article(id="pa-add", body="The hearing was adjourned until tomorrow.", language="en")
    trial = Article(id="trial", language="en", body=(
        "A lorry driver told a jury at Birmingham Crown Court that he could not remember the crash "
        "which killed five members of a pub football team on the A42 last December.\n"
        "The hearing was adjourned until tomorrow."))
    fraud = Article(id="fraud", language="en", body=(
        "A former bank manager stole more than two million pounds from elderly customers over "
        "eleven years, Southwark Crown Court heard today.\nThe hearing was adjourned until tomorrow."))
    assert find_reuse([add, trial, fraud]) == []


def test_find_reuse_shared_keyword_list_alone_not_linked():
    # Two reports on one site template that ends every page with the same keyword line
    # (SemEval's Turkish pages): a list is no copied prose. A shared report still links.
    keywords = ("Türkiye, haber, haberler, gaziosmanşa, eyüp, bayrampaşa, sultangazi, fatih, aranvutköy, "
                "magazin, siyaset, politika, güncel, polis, güvenlik, gündem, spor, ekonomi, dünya")
    a, b = _article("a", [*STORY[:3], keywords]), _article("b", [*OTHER[:3], keywords])
    assert find_reuse([a, b]) == []
    c = _article("c", [*STORY[:3], keywords])
    assert [link.kind for link in find_reuse([a, c])] == ["verbatim"]
