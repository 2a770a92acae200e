"""The web UI and JSON API (retold.web.app) through FastAPI's TestClient, and `retold serve`."""

from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from retold.cli import app as cli_app
from retold.cli.web import is_loopback
from retold.errors import StoreError
from retold.web import create_app

PAIR = ("001_c93ca4cd981dbd98", "002_03dd2a587a579764")


@pytest.fixture(scope="module")
def client(seed_store):
    with TestClient(create_app(seed_store)) as c:
        yield c


@pytest.fixture(scope="module")
def hostile(hostile_store):
    with TestClient(create_app(hostile_store)) as c:
        yield c


@pytest.mark.parametrize("url, needle", [
    ("/", "Shoigu on Rossiya 1"),
    ("/stories/story-0", "Provenance: who copied whom"),
    ("/stories/story-0", "Why these articles are one story"),
    ("/stories/story-0", "Shoigu · 3"),
    ("/stories/story-1", "Kremlin Not Optimistic"),
    ("/articles", "5 articles"),
    ("/articles?q=Shoigu", "matching"),
    ("/articles?outlet=TASS", "1 article</p>"),
    ("/articles?language=en&date_from=2019-01-01", "3 articles"),
    ("/articles?story=story-1", "2 articles"),
    ("/articles/000_91eabdf53da39405", "Degrading Every Day"),
    (f"/compare?a={PAIR[0]}&b={PAIR[1]}", 'class="passage'),
    ("/reuse", "compare →"),
    ("/quotes", "Andrei Kelin"),
    ("/docs", "/static/swagger-ui-bundle.js"),
])
def test_app_pages(client, url, needle):
    r = client.get(url)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert needle in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]


@pytest.mark.parametrize("url", ["/stories/nope", "/articles/nope", "/compare?a=nope&b=nope", "/nothing/here",
                                 "/api/articles/nope", "/api/stories/nope"])
def test_app_missing_is_404(client, url):
    r = client.get(url)
    assert r.status_code == 404
    if url.startswith("/api/"):
        assert "detail" in r.json()
    else:
        assert "<h1>Not found</h1>" in r.text and "/static/retold.css" in r.text


def test_app_api_articles_filters_and_pages(client):
    r = client.get("/api/articles", params={"limit": 2, "offset": 1}).json()
    assert r["total"] == 5 and len(r["items"]) == 2 and "body" not in r["items"][0]
    assert client.get("/api/articles", params={"outlet": "RFE/RL"}).json()["total"] == 2
    assert client.get("/api/articles", params={"q": "Arctic"}).json()["total"] >= 1
    assert client.get("/api/articles", params={"limit": 0}).status_code == 422


def test_app_api_article_story_and_reuse(client):
    a = client.get(f"/api/articles/{PAIR[0]}").json()
    assert a["body"].startswith("MOSCOW") and a["stories"] == ["story-0"]
    assert [lk["b"] for lk in a["reuse"]] == [PAIR[1]]
    stories = client.get("/api/stories").json()
    assert [s["size"] for s in stories] == [3, 2]
    s = client.get("/api/stories/story-0").json()
    assert {"timeline", "graph", "links", "clusters", "coverage"} <= set(s)
    assert len(s["clusters"]) >= 5 and s["coverage"]["outlets"]
    reuse = client.get("/api/reuse", params={"article": PAIR[1]}).json()
    assert len(reuse) == 1 and reuse[0]["passages"]


def test_app_api_compare_aligns_passages(client):
    c = client.get("/api/compare", params={"a": PAIR[1], "b": PAIR[0]}).json()
    left, right = c["sides"]
    assert left["id"] == PAIR[1]
    marked_left = {p["passage"] for p in left["pieces"] if p["passage"] is not None}
    marked_right = {p["passage"] for p in right["pieces"] if p["passage"] is not None}
    assert len(marked_left) >= 5 and marked_left == marked_right


def test_app_api_quotes_search_counts_docs(client):
    assert len(client.get("/api/quotes", params={"speaker": "Kelin"}).json()) >= 4
    clusters = client.get("/api/quote_clusters").json()
    assert any(op == "insert" for c in clusters for v in c["variants"] for op, _ in v["diff"])
    assert client.get("/api/quote_clusters", params={"offset": 2, "limit": 3}).json() == clusters[2:5]
    hits = client.get("/api/search", params={"q": "Shoigu"}).json()
    assert len(hits) >= 4 and all("[" in h["snippet"] for h in hits)
    assert client.get("/api/search", params={"q": '" OR NEAR('}).status_code == 200
    assert client.get("/api/counts").json()["articles"] == 5
    assert client.get("/api/coverage", params={"story": "story-1"}).json()[0]["story"] == "story-1"
    spec = client.get("/api/openapi.json").json()
    assert {"/api/articles", "/api/stories/{story_id}", "/api/search"} <= set(spec["paths"])


@pytest.mark.parametrize("url", [
    "/static/retold.css", "/static/web.js", "/static/swagger-ui-bundle.js", "/static/swagger-ui.css",
])
def test_app_static_from_package(client, url):
    r = client.get(url)
    assert r.status_code == 200 and len(r.content) > 100


@pytest.mark.parametrize("url", [
    "/static/..%2fapp.py", "/static/..%2f..%2fstore%2fschema.sql", "/static/%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/static/../../etc/passwd", "/static/..%5c..%5capp.py", "/static/swagger-ui%2fLICENSE",
    "/static/%2fetc%2fpasswd", "/static//etc/passwd", "/static/retold.css%00.py", "/static/",
])
def test_app_static_traversal_is_refused(client, url):
    r = client.get(url)
    assert r.status_code == 404
    assert "root:" not in r.text and "CREATE TABLE" not in r.text and "def " not in r.text


def test_app_docs_work_offline(client):
    page = client.get("/docs").text
    assert "http://" not in page and "https://" not in page
    assert "cdn" not in client.get("/static/swagger-init.js").text
    assert client.get("/redoc").status_code == 404


HTML_PAGES = ["/", "/stories/evil-story", "/articles", "/articles/evil-0", "/articles/evil-1",
              "/compare?a=evil-0&b=evil-1", "/reuse", "/quotes", "/articles?q=alert"]


@pytest.mark.parametrize("url", HTML_PAGES)
def test_app_escapes_hostile_text(hostile, url):
    r = hostile.get(url)
    assert r.status_code == 200
    page = r.text
    for bad in ('<script>alert', '<img src=x', '" onmouseover="alert', "<b>bold</b>", "<i>stuff</i>"):
        assert bad not in page, bad
    assert "&lt;script&gt;" in page or "&#34;" in page or "&lt;" in page
    assert page.count("<script") == 1  # only our own /static/web.js
    assert 'href="javascript:' not in page


def test_app_escapes_hostile_text_in_json(hostile):
    a = hostile.get("/api/articles/evil-0").json()
    assert a["headline"].startswith("Headline 0 <script>")  # data stays data in JSON
    assert hostile.get("/api/articles/evil-0").headers["content-type"] == "application/json"


def test_app_says_what_is_not_computed_yet(bare_store):
    with TestClient(create_app(bare_store)) as c:
        assert "no stories computed yet" in c.get("/").text
        assert "no reuse links computed yet" in c.get("/reuse").text
        assert "no quotes computed yet" in c.get("/quotes").text
        assert "no reuse links computed yet" in c.get(f"/compare?a={PAIR[0]}&b={PAIR[1]}").text
        assert c.get("/articles").status_code == 200
        assert c.get("/api/stories").json() == [] and c.get("/api/coverage").json() == []


def test_app_empty_store(empty_store):
    with TestClient(create_app(empty_store)) as c:
        for url in ("/", "/articles", "/reuse", "/quotes", "/api/articles", "/api/facets", "/api/search?q=x"):
            assert c.get(url).status_code == 200, url


def test_app_never_writes_the_store(seed_store, client):
    before = (os.stat(seed_store).st_mtime_ns, seed_store.read_bytes())
    for url in ("/", "/stories/story-0", "/articles?q=NATO", "/api/stories/story-0"):
        client.get(url)
    assert (os.stat(seed_store).st_mtime_ns, seed_store.read_bytes()) == before
    assert client.post("/api/articles").status_code == 405


def test_app_refuses_a_missing_store(tmp_path):
    with pytest.raises(StoreError):
        create_app(tmp_path / "none.db")


@pytest.mark.parametrize("host, loopback", [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("127.8.0.1", True),
    ("0.0.0.0", False), ("192.168.1.4", False), ("::", False), ("example.org", False), ("", False),
])
def test_app_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_app_serve_refuses_remote_host(seed_store):
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(seed_store), "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "--allow-remote" in result.output and "Traceback" not in result.output


def test_app_url_like_ids_round_trip(hostile):
    from urllib.parse import quote, urlencode

    from retold.report.sample import URL_ID

    r = hostile.get("/articles/" + quote(URL_ID, safe=""))
    assert r.status_code == 200 and "A URL-like id" in r.text
    assert hostile.get("/api/articles/" + quote(URL_ID, safe="")).json()["id"] == URL_ID
    story = hostile.get("/stories/evil-story").text
    assert 'href="/articles/' + quote(URL_ID, safe="") + '"' in story
    assert hostile.get("/compare?" + urlencode({"a": URL_ID, "b": "evil-0"})).status_code == 200


@pytest.mark.parametrize("snippet, html", [
    ("plain", "plain"),
    ("a [hit] b", "a <mark>hit</mark> b"),
    ("<script>[x]</script>", "&lt;script&gt;<mark>x</mark>&lt;/script&gt;"),
    ("[<b>]", "<mark>&lt;b&gt;</mark>"),
    ("", ""),
])
def test_app_search_hits_are_marked_and_escaped(snippet, html):
    from retold.web.app import _mark_hits

    assert str(_mark_hits(snippet)) == html


@pytest.mark.parametrize("args, host", [([], "127.0.0.1"), (["--host", "::1", "--port", "8123"], "::1"),
                                        (["--host", "0.0.0.0", "--allow-remote"], "0.0.0.0")])
def test_app_serve_runs_uvicorn(seed_store, monkeypatch, args, host):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(seed_store), *args])
    assert result.exit_code == 0, result.output
    assert calls and calls[0][1]["host"] == host
    assert calls[0][1]["port"] == (8123 if "8123" in args else 8000)


def test_article_page_shows_wire_catchline(wire_store):
    with TestClient(create_app(wire_store)) as c:
        page = c.get("/articles/pa-take")
    assert page.status_code == 200
    assert "wire catchline COURTS Mother" in page.text


def test_app_lists_the_stories_told_most_first(tmp_path, seed_articles):
    """The story list opens on the stories with most articles (stored order breaks ties),
    not on the singles that a crawl's stored order puts first; counts read "1 article"."""
    from retold.model import Corpus, Quote, QuoteCluster, Story
    from retold.report.sample import write_corpus
    from retold.store import connect

    ids = [a.id for a in seed_articles]
    stories = [Story("s-single", "Alone", (ids[0],)), Story("s-other", "Also alone", (ids[1],)),
               Story("s-three", "Told three times", tuple(ids[2:5]))]
    quotes = [Quote(f"q{k}", aid, who, "said", "Words.", "direct", (0, 6), None)
              for k, (aid, who) in enumerate([(ids[0], "Lone Speaker"), (ids[2], "Shared Speaker"),
                                              (ids[3], "Shared Speaker")])]
    clusters = [QuoteCluster("c-lone", "Lone Speaker", ("q0",)), QuoteCluster("c-shared", "Shared Speaker", ("q1", "q2"))]
    conn = connect(tmp_path / "r.db")
    write_corpus(conn, Corpus(articles=list(seed_articles), stories=stories, quotes=quotes, quote_clusters=clusters))
    conn.close()
    with TestClient(create_app(tmp_path / "r.db")) as c:
        page, quotes_page = c.get("/").text, c.get("/quotes").text
        assert [c.get("/api/stories").json()[k]["id"] for k in range(3)] == ["s-single", "s-other", "s-three"]
    assert page.index("Told three times") < page.index("Alone") < page.index("Also alone")
    assert "1 article ·" in page and "1 articles" not in page and "3 articles ·" in page
    # the quotes page shows what two or more articles carry, not every lone quote
    assert "Shared Speaker" in quotes_page and "2 versions" in quotes_page and "Lone Speaker" not in quotes_page
