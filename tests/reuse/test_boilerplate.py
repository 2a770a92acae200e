"""Boilerplate: sentences three or more articles share are no evidence of copying."""

from retold.model import Article
from retold.reuse import find_reuse
from retold.reuse.boilerplate import BOILERPLATE_MIN_ARTICLES, frequent_sentences, without_boilerplate
from retold.reuse.profile import profile_articles

FOOTER = [
    "This story has not been edited by our staff and is auto-generated from a syndicated feed of partners.",
    "Subscribe to our daily newsletter to get the latest headlines delivered to your inbox every morning.",
]
REPORTS = [
    ["Silver futures slumped on Wednesday as participants cut down their positions on weak demand.",
     "Traders said the fall was largely due to offloading of positions by speculators at the counter.",
     "In the international market, silver was trading lower at sixteen dollars an ounce in New York."],
    ["Three people including two brothers were arrested for duping job seekers with fake visas.",
     "The accused promised work permits in Europe and took large advance payments from the victims.",
     "Police said the gang had cheated more than forty people over the past two years in the city."],
    ["A state legislator condemned the attack by his supporters on the party office in the capital.",
     "Windows were smashed and furniture was thrown out of the building before police arrived there.",
     "The legislator said he had not been given a cabinet post but that violence was never acceptable."],
]


def _article(i, sentences, **kw):
    return Article(id=f"a{i}", body="\n".join(sentences), language="en", **kw)


def test_footer_in_three_unrelated_articles_links_nothing():
    articles = [_article(i, report + FOOTER) for i, report in enumerate(REPORTS)]
    assert BOILERPLATE_MIN_ARTICLES <= len(articles)
    assert find_reuse(articles) == []


def test_passage_in_two_articles_is_not_boilerplate():
    # Two articles are what reuse looks for: no corpus evidence that the text is the sites'.
    shared = ["The regional fire service said crews from four stations fought the blaze at the warehouse overnight.",
              "A spokesman said nobody was injured but the building and the lorries parked beside it were destroyed."]
    articles = [_article(i, report + shared) for i, report in enumerate(REPORTS[:2])]
    assert [link.kind for link in find_reuse(articles)] == ["partial"]


def test_footer_in_two_articles_is_furniture_by_what_it_says():
    # Too few holders for boilerplate; the disclaimer and sign-up line are furniture by
    # meaning (retold.reuse.furniture), so the pair rests on nothing.
    articles = [_article(i, report + FOOTER) for i, report in enumerate(REPORTS[:2])]
    assert find_reuse(articles) == []


def test_report_reposted_whole_by_three_sites_stays_linked():
    articles = [_article(i, REPORTS[0], url=f"https://site{i}.example.com/a") for i in range(3)]
    links = find_reuse(articles)
    assert len(links) == 3 and {link.kind for link in links} == {"verbatim"}


def test_report_reposted_by_five_sites_each_with_its_own_lines_stays_linked():
    # What a crawl holds: each site runs the wire report under its masthead and above its
    # own sign-off. Every sentence of the report is then held by five articles (boilerplate
    # to the masking) and each copy's own lines were its only evidence: no link at all.
    own = [("The Valley Courier", "Share your news tips with our newsroom."),
           ("Eastside Daily Post", "Copyright Eastside Media Group."),
           ("Harbour Town Gazette, your community paper since 1921", "Letters to the editor: see page two."),
           ("NewsNow Network", "Filed under: crime, immigration, police."),
           ("Metro Evening Star", "More stories from the Star's crime desk tomorrow.")]
    report = REPORTS[1] + REPORTS[2]  # one report of six sentences
    articles = [_article(i, [head] + report + [tail], url=f"https://www.site{i}news.com/story")
                for i, (head, tail) in enumerate(own)]
    links = find_reuse(articles)
    assert len(links) == 10 and {link.kind for link in links} == {"verbatim"}
    shown = {articles[0].body[p.a[0]:p.a[1]] for link in links if link.a == "a0" for p in link.passages}
    assert any(REPORTS[1][0][:40] in text for text in shown)  # the passages are the report's
    # Undated copies that each add a line or two: none holds the others, so no source is
    # named (masked, one copy's own lines were its only prose, and it "held" the other).
    assert all(link.source is None for link in links)


def test_agency_report_half_taken_by_two_sites_is_linked_to_both():
    # The report's sentences are held by three articles (the agency's and the two copies):
    # boilerplate to the masking, and each copy's own paragraphs were all its evidence.
    taken = REPORTS[1] + REPORTS[2]  # about 100 words, word for word
    agency = Article(id="ap", body="\n".join(taken + REPORTS[0]), language="en", outlet="AP",
                     url="https://apnews.com/article/visas")
    own = [["Our reporter spoke to two families in the northern suburbs who said they had paid for visas.",
            "Both said they would go to the consumer court if the money was not returned by the end of the year.",
            "The local council has promised a helpline for anyone who believes they were cheated."],
           ["In an editorial, the paper asks why the licensing office let the agency trade for so long.",
            "Inspectors visited the premises twice last year and found nothing wrong, records show.",
            "The minister for home affairs is due to answer questions on the case in parliament next week."]]
    sites = [Article(id=f"s{i}", body="\n".join(taken + lines), language="en", outlet=f"Site {i}",
                     url=f"https://www.site{i}news.com/visas") for i, lines in enumerate(own)]
    links = {(link.a, link.b): link for link in find_reuse([agency, *sites])}
    assert {("ap", "s0"), ("ap", "s1"), ("s0", "s1")} <= set(links)
    assert links["ap", "s0"].source == links["ap", "s1"].source == "ap"  # the agency is the source
    assert all(link.kind in ("partial", "rewrite") for link in links.values())


def test_report_posted_in_translation_by_three_sites_is_linked_to_its_original():
    # The Spanish sentences are held by the three copies (boilerplate to the masking in
    # Spanish), and the English original was then linked to none of them.
    english = ["The city council voted on Tuesday to close the old harbour bridge for repairs.",
               "Engineers found cracks in two of its steel supports during an inspection last month.",
               "The bridge carries twelve thousand cars a day and will stay shut for at least six months.",
               "A ferry will run every twenty minutes from Monday, the mayor told reporters.",
               "Bus routes will also be changed so that passengers can reach the ferry landing."]
    spanish = ["El ayuntamiento votó el martes cerrar el viejo puente del puerto para repararlo.",
               "Los ingenieros encontraron grietas en dos de sus soportes de acero durante una inspección el mes pasado.",
               "El puente soporta doce mil coches al día y permanecerá cerrado al menos seis meses.",
               "Un transbordador saldrá cada veinte minutos a partir del lunes, dijo el alcalde a los periodistas.",
               "También se cambiarán las rutas de autobús para que los pasajeros puedan llegar al embarcadero."]
    own = [("Diario del Sur, noticias de la región", "Comparte esta noticia con tus amigos."),
           ("El Informador Digital", "Síguenos en nuestras redes sociales."),
           ("Noticias al Minuto", "Todos los derechos reservados.")]
    original = Article(id="en", body="\n".join(english), language="en", outlet="AP", url="https://apnews.com/a")
    copies = [Article(id=f"es{i}", body="\n".join([head, *spanish, tail]), language="es",
                      url=f"https://www.sitio{i}.es/a") for i, (head, tail) in enumerate(own)]
    links = {(link.a, link.b): link.kind for link in find_reuse([original, *copies])}
    assert all(links.get(("en", c.id)) == "translation" for c in copies), links


def test_without_boilerplate_masks_only_frequent_sentences():
    articles = [_article(i, report + FOOTER) for i, report in enumerate(REPORTS)]
    profiles = profile_articles(articles)
    frequent = frequent_sentences(profiles)
    assert all(f == frozenset({3, 4}) for f in frequent)
    masked = without_boilerplate(profiles[0], frequent[0])
    assert len(masked.sentences) == 3
    footer_start = articles[0].body.index(FOOTER[0])
    assert all(q == (start >= footer_start) for q, (start, _) in zip(masked.quoted, masked.tokens))
    assert without_boilerplate(profiles[0], frozenset()) is profiles[0]
    assert masked.unmasked is profiles[0] and profiles[0].unmasked is None  # a pair may read it whole
