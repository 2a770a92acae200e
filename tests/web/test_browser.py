"""Headless Chromium through the static report and the served UI, as a reader would go:
story → article pair with aligned passages → quote variants → coverage. Screenshots go
to build/screenshots/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from retold.report.html import render_report
from retold.store import connect

pytestmark = pytest.mark.browser

PAIR = ("001_c93ca4cd981dbd98", "002_03dd2a587a579764")


def _report(store, path):
    conn = connect(store, read_only=True)
    try:
        path.write_text(render_report(conn), encoding="utf-8")
    finally:
        conn.close()
    return path


def test_browser_static_report_story_pair_quotes(page, seed_store, tmp_path, screenshots):
    report = _report(seed_store, tmp_path / "report.html")
    page.goto(report.as_uri())
    page.get_by_role("link", name="Shoigu on Rossiya 1").click()
    page.wait_for_selector("#app[data-route^='#/story/']")
    assert page.locator("h1").inner_text().startswith("Shoigu on Rossiya 1")
    assert page.locator("#timeline tbody tr").count() == 3
    assert page.locator("#timeline").get_by_text("RFE/RL").is_visible()
    assert page.locator("svg.graph path.edge.uncredited").count() == 1
    # why they are one story: the fixture store holds no stories-stage features, and the report parses none
    why = page.locator("#why")
    assert why.get_by_text("1 reuse link between them").is_visible()
    assert why.get_by_text("names they share are not known").is_visible()
    # ...but the words they share are read from the texts: "Rossiya" is rare in English, "said" is not
    expect(why.locator(".chip").get_by_text("rossiya · 3", exact=True)).to_be_visible()
    expect(why.locator(".chip").get_by_text("said · 3", exact=True)).to_have_count(0)
    page.screenshot(path=str(screenshots / "report-story.png"), full_page=True)

    page.locator("#provenance").get_by_role("link", name="compare →").first.click()
    page.wait_for_selector("#app[data-route*='/pair/']")
    marks = page.locator("#reader mark.passage")
    assert marks.count() >= 10
    assert marks.first.is_visible()
    sides = page.locator("#reader .side")
    assert {sides.nth(0).get_attribute("data-article"), sides.nth(1).get_attribute("data-article")} == set(PAIR)
    marks.first.click()
    expect(page.locator("#reader mark.active")).to_have_count(2)  # the passage and its counterpart
    page.locator("#reader").screenshot(path=str(screenshots / "report-pair.png"))

    quotes = page.locator("#quotes")
    quotes.scroll_into_view_if_needed()
    assert quotes.get_by_text("Andrei Kelin").first.is_visible()
    assert quotes.locator("ins").count() > 0 and quotes.locator("del").count() > 0
    quotes.screenshot(path=str(screenshots / "report-quotes.png"))
    assert page.locator("#coverage td.cell.on").count() > 0
    assert page.locator("#coverage .per-outlet .card").count() == 3
    assert page.problems == []


def test_browser_static_report_lists_and_article(page, seed_store, tmp_path):
    report = _report(seed_store, tmp_path / "report.html")
    page.goto(report.as_uri() + "#/articles")
    assert page.locator("table.timeline tbody tr").count() == 5
    page.get_by_role("link", name="Kremlin Not Optimistic About Relations With NATO, EU").click()
    page.wait_for_selector("#app[data-route^='#/article/']")
    assert page.locator(".body").inner_text().strip() != ""
    page.goto(report.as_uri() + "#/reuse")
    expect(page.get_by_role("link", name="compare →")).to_have_count(1)
    for bad in ("#/story/constructor", "#/article/__proto__", "#/story/nope%2F..%2F"):
        page.goto(report.as_uri() + bad)
        expect(page.locator("h1")).to_contain_text("No such")
    assert page.problems == []


def test_browser_static_report_article_says_which_stages_left_it_out(page, mixed_store, mixed_pages, tmp_path):
    report = _report(mixed_store, tmp_path / "mixed.html")
    page.goto(report.as_uri() + "#/article/" + mixed_pages["ko"])
    page.wait_for_selector("#app[data-route^='#/article/']")
    expect(page.locator(".stage-skips .chip")).to_have_text(["quotes: not extracted, language ko"])
    page.goto(report.as_uri() + "#/article/" + mixed_pages["en"][0])
    page.wait_for_selector("#app[data-route^='#/article/']")
    expect(page.locator("h1")).not_to_contain_text("No such")
    expect(page.locator(".stage-skips .chip")).to_have_count(0)
    assert page.problems == []


def test_browser_static_report_article_shows_wire_catchline(page, wire_store, tmp_path):
    report = _report(wire_store, tmp_path / "wire.html")
    page.goto(report.as_uri() + "#/article/pa-take")
    page.wait_for_selector("#app[data-route^='#/article/']")
    expect(page.locator("#app .muted").first).to_have_text("PA · 2000-04-03 · en · wire catchline COURTS Mother")
    assert page.problems == []


def test_browser_hostile_report_runs_no_injected_code(page, hostile_store, tmp_path, screenshots):
    report = _report(hostile_store, tmp_path / "hostile.html")
    page.goto(report.as_uri() + "#/story/evil-story")
    page.wait_for_selector("#reader mark.passage")
    assert "<script>" in page.locator("h1").inner_text()  # shown as text
    page.goto(report.as_uri() + "#/article/evil-0")
    page.wait_for_timeout(100)
    page.screenshot(path=str(screenshots / "report-hostile.png"), full_page=True)
    assert page.problems == []


def test_browser_served_ui_story_pair_quotes(page, served, screenshots):
    page.goto(served + "/")
    page.get_by_role("link", name="Shoigu on Rossiya 1").click()
    assert page.locator("#timeline tbody tr").count() == 3
    assert page.locator("svg.graph").is_visible()
    # the story page parses its few articles for the names they share (the fixture store has no features)
    assert page.locator("#why .chip").get_by_text("Shoigu · 3", exact=True).is_visible()
    expect(page.locator("#why .chip").get_by_text("rossiya · 3", exact=True)).to_be_visible()
    assert page.locator("#why").get_by_text("1 reuse link between them").is_visible()
    page.screenshot(path=str(screenshots / "ui-story.png"), full_page=True)

    page.locator("#provenance").get_by_role("link", name="compare →").first.click()
    page.wait_for_load_state()
    marks = page.locator("#reader mark.passage")
    assert marks.count() >= 10 and marks.first.is_visible()
    marks.first.click()
    expect(page.locator("#reader mark.active")).to_have_count(2)
    page.locator("#reader").screenshot(path=str(screenshots / "ui-pair.png"))

    page.select_option("select[name=b]", "000_91eabdf53da39405")
    page.wait_for_url("**b=000_91eabdf53da39405**")
    assert page.locator("#reader").get_by_text("share no prose").is_visible()

    page.get_by_role("link", name="Quotes", exact=True).first.click()
    assert page.locator(".cluster").count() >= 5
    assert page.locator(".cluster ins").count() > 0
    page.screenshot(path=str(screenshots / "ui-quotes.png"))
    assert page.problems == []


def test_browser_served_ui_search_filters_docs(page, served, screenshots):
    page.goto(served + "/")
    page.fill("header input[name=q]", "Arctic")
    page.press("header input[name=q]", "Enter")
    # Enter starts a navigation; wait for the results page before counting its rows.
    page.wait_for_url("**/articles?q=Arctic*")
    page.locator("main table tbody tr").first.wait_for()
    assert page.locator("main table tbody tr").count() >= 1
    assert page.locator(".snippet").first.is_visible()
    page.goto(served + "/articles?outlet=RFE%2FRL")
    assert page.locator("main table tbody tr").count() == 2
    page.screenshot(path=str(screenshots / "ui-articles.png"))
    page.goto(served + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=10_000)
    assert page.locator(".opblock").count() >= 8
    page.screenshot(path=str(screenshots / "ui-docs.png"))
    assert page.problems == []


SEED_OUTLETS = 7  # 247 City News, RFE/RL, TASS, unknown; Fars, Interfax, RT credited only


def _graph_drawn(page, timeout: int = 5_000):
    # Polled from here with page.evaluate: wait_for_function polls a string predicate by
    # evaluating it in the page, which the report's Content-Security-Policy (no 'unsafe-eval')
    # refuses whenever the first check is not yet true.
    for _ in range(timeout // 50):
        if page.evaluate("!!(window.retoldOutletGraph && window.retoldOutletGraph.nodes().length > 0)"):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"the outlets graph was not drawn within {timeout} ms")


def _open_the_copying_edge(page):
    """Tap the seeds' one copying edge (247 City News -> the unnamed site, not credited) and
    follow its pair link to the side-by-side view (web UI and report alike)."""
    page.evaluate("window.retoldOutletGraph.edges().filter(e => e.data('line') === 'solid')[0].emit('tap')")
    expect(page.locator("#edge-pairs h3")).to_contain_text("247 City News → unknown: 1 article, 0% credited")
    page.locator("#edge-pairs a").first.click()


def test_browser_served_ui_outlets_graph_and_pairs(page, served, screenshots):
    page.goto(served + "/")
    page.get_by_role("link", name="Outlets", exact=True).click()
    page.wait_for_url("**/outlets")
    rows = page.locator("table.outlets tbody tr")
    assert rows.count() == SEED_OUTLETS
    _graph_drawn(page)
    nodes = page.evaluate("window.retoldOutletGraph.nodes().map(n => n.data('label')).sort()")
    assert {"247 City News", "unknown", "RFE/RL", "TASS", "Interfax", "RT"} <= set(nodes)
    assert page.locator("#outlet-graph canvas").first.is_visible()
    page.screenshot(path=str(screenshots / "ui-outlets.png"), full_page=True)
    _open_the_copying_edge(page)
    page.wait_for_url("**/compare?**")
    assert page.locator("#reader mark.passage").count() >= 10
    page.goto(served + "/outlets?sort=name")
    assert rows.first.get_attribute("data-outlet") == "247 City News"
    page.get_by_role("link", name="RFE/RL").first.click()
    expect(page.locator("main")).to_contain_text("Its credit lines name: Interfax (2), TASS (2), Fars (1)")
    expect(page.locator("main")).to_contain_text("nothing taken from another outlet")
    assert page.problems == []


@pytest.mark.slow
def test_browser_served_ui_outlets_at_10000_articles(page, served_large, screenshots):
    page.goto(served_large + "/outlets")
    _graph_drawn(page, timeout=30_000)
    assert page.locator("table.outlets tbody tr").count() >= 5
    page.screenshot(path=str(screenshots / "ui-outlets-large.png"))
    assert page.problems == []


def test_browser_static_report_outlets(page, seed_store, tmp_path, screenshots):
    report = _report(seed_store, tmp_path / "report.html")
    page.goto(report.as_uri() + "#/outlets")
    _graph_drawn(page)
    assert page.locator("table.outlets tbody tr").count() == SEED_OUTLETS
    page.screenshot(path=str(screenshots / "report-outlets.png"), full_page=True)
    _open_the_copying_edge(page)
    # Polled by Playwright's own injected script: a string predicate is evaluated in the page,
    # where the report's Content-Security-Policy (no 'unsafe-eval') refused it in one CI run.
    expect(page.locator("#app")).to_have_attribute("data-route", re.compile(r"^#/pair/"))
    assert page.locator("mark.passage").count() >= 10
    page.goto(report.as_uri() + "#/outlets?sort=credited_share")
    assert page.locator("table.outlets tbody tr").first.get_attribute("data-outlet").startswith("unknown:")
    page.goto(report.as_uri() + "#/outlet/RFE%2FRL")
    expect(page.locator("#app")).to_contain_text("Its credit lines name: Interfax (2), TASS (2), Fars (1).")
    assert page.problems == []
