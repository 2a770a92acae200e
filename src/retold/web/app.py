"""The local web UI: ``create_app(db_path)`` gives a read-only FastAPI app over one store.

HTML pages (Jinja2, autoescaped) and their JSON twins under ``/api/`` are thin:
each opens a read-only connection, calls ``retold.store.query`` or the view models
in ``retold.report.data``, and renders. Static files come from a fixed table of
package resources, so no part of a request path ever reaches the file system.
The API docs page (``/docs``) uses a vendored Swagger UI: the UI works offline.
"""

from __future__ import annotations

import re
import sqlite3
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Iterator
from urllib.parse import quote, urlencode

import jinja2
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException as StarletteHTTPException

from retold.outlets.identity import display_name
from retold.report import data as views
from retold.store import connect, query

PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
STORY_MENU_MAX = 300  # above this many stories the story filter is a text box, not a menu
# name -> (package, resource path, media type). Only these can be served.
STATIC_FILES = {
    "retold.css": ("retold.report", "static/retold.css", "text/css; charset=utf-8"),
    "web.js": ("retold.web", "static/web.js", "text/javascript; charset=utf-8"),
    "swagger-ui.css": ("retold.web", "static/swagger-ui/swagger-ui.css", "text/css; charset=utf-8"),
    "swagger-ui-bundle.js": ("retold.web", "static/swagger-ui/swagger-ui-bundle.js", "text/javascript; charset=utf-8"),
    "swagger-init.js": ("retold.web", "static/swagger-init.js", "text/javascript; charset=utf-8"),
    "cytoscape.min.js": ("retold.web", "static/cytoscape/cytoscape.min.js", "text/javascript; charset=utf-8"),
    "outlets.js": ("retold.report", "static/outlets.js", "text/javascript; charset=utf-8"),
}
SECURITY_HEADERS = {
    # Swagger UI sets inline styles, hence 'unsafe-inline' for styles only; no inline scripts anywhere.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
_HIT = re.compile(r"(\[[^\[\]]*\])")


def _connection(request: Request) -> Iterator[sqlite3.Connection]:
    """A read-only connection for one request, closed after it."""
    conn = connect(request.app.state.db_path, read_only=True)
    try:
        yield conn
    finally:
        conn.close()


Conn = Annotated[sqlite3.Connection, Depends(_connection)]


def _templates() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("retold.web", "templates"),
                             autoescape=jinja2.select_autoescape(default=True, default_for_string=True))
    env.filters["q"] = lambda v: quote(str(v), safe="")
    env.filters["hits"] = _mark_hits
    env.filters["outlet"] = display_name  # "unknown" for an article of unknown outlet
    env.globals["qs"] = lambda **kw: urlencode({k: v for k, v in kw.items() if v not in (None, "")})
    return env


def _mark_hits(snippet: str) -> Markup:
    """A search snippet with its ``[hit]`` words in ``<mark>``; everything else escaped."""
    return Markup("").join(Markup("<mark>{}</mark>").format(part[1:-1]) if part.startswith("[") and part.endswith("]")
                           else escape(part) for part in _HIT.split(snippet or ""))


def _static(name: str) -> Response:
    entry = STATIC_FILES.get(name)
    if entry is None:
        raise HTTPException(404, "no such file")
    package, path, media_type = entry
    content = (resources.files(package) / path).read_bytes()
    return Response(content, media_type=media_type, headers={"Cache-Control": "public, max-age=3600"})


def create_app(db_path: str | Path, title: str = "retold") -> FastAPI:
    """A FastAPI app serving the store at ``db_path`` read-only. Raises ``StoreError`` if it cannot be opened."""
    db_path = str(db_path)
    connect(db_path, read_only=True).close()  # fail now, at startup, not on the first request
    env = _templates()
    app = FastAPI(title=f"{title} API", version=_version(), docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Read-only JSON over a retold store: articles, stories, reuse, quotes, coverage.")

    app.state.db_path = db_path

    def page(request: Request, name: str, status: int = 200, headers: dict | None = None,
             **context: Any) -> HTMLResponse:
        html = env.get_template(name).render(request=request, path=request.url.path, app_title=title, **context)
        return HTMLResponse(html, status_code=status, headers=headers)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    @app.exception_handler(StarletteHTTPException)  # also the router's own 404/405
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return page(request, "error.html", status=exc.status_code, message=str(exc.detail), code=exc.status_code,
                    headers=exc.headers)

    # ------------------------------------------------------------------ static and docs

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        return _static(name)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        return page(request, "docs.html")

    # ------------------------------------------------------------------ JSON API

    @app.get("/api/counts", tags=["store"], summary="Rows stored per table (0: stage not run yet)")
    def api_counts(conn: Conn) -> dict[str, int]:
        return query.counts(conn)

    @app.get("/api/facets", tags=["store"], summary="Outlets, languages and date range, for filters")
    def api_facets(conn: Conn) -> dict[str, Any]:
        return views.facets(conn)

    @app.get("/api/articles", tags=["articles"], summary="Article summaries (no bodies), filtered and paginated")
    def api_articles(conn: Conn, outlet: str | None = None, language: str | None = None,
                     date_from: str | None = None, date_to: str | None = None, story: str | None = None,
                     q: Annotated[str | None, Query(description="full-text search words")] = None,
                     limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = PAGE_SIZE,
                     offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
        items, total = views.article_page(conn, outlet=outlet, language=language, date_from=date_from,
                                          date_to=date_to, story=story, text=q, limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/articles/{article_id:path}", tags=["articles"], summary="One article with its body")
    def api_article(article_id: str, conn: Conn) -> dict[str, Any]:
        found = query.article(conn, article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return {**found.to_dict(), "stories": views.story_of(conn, article_id),
                "reuse": [views.link_summary(lk) for lk in query.reuse(conn, article_id)],
                "quotes": [q.to_dict() for q in query.quotes(conn, article_id=article_id)],
                "stage_skips": [s.to_dict() for s in query.stage_skips(conn, article_id)]}

    @app.get("/api/stories", tags=["stories"], summary="Every story: title, size, outlets, dates")
    def api_stories(conn: Conn) -> list[dict[str, Any]]:
        return views.story_summaries(conn)

    @app.get("/api/stories/{story_id:path}", tags=["stories"],
             summary="One story: timeline, provenance graph, reuse, quote clusters with diffs, coverage")
    def api_story(story_id: str, conn: Conn) -> dict[str, Any]:
        detail = views.load_story_detail(conn, story_id)
        if detail is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return detail

    @app.get("/api/reuse", tags=["reuse"], summary="Reuse links (all, or those touching one article)")
    def api_reuse(conn: Conn, article: str | None = None) -> list[dict[str, Any]]:
        return [views.link_summary(lk) for lk in query.reuse(conn, article)]

    @app.get("/api/compare", tags=["reuse"], summary="Two articles side by side, bodies cut into aligned pieces")
    def api_compare(conn: Conn, a: str, b: str) -> dict[str, Any]:
        return _compare(conn, a, b)

    @app.get("/api/quotes", tags=["quotes"], summary="Quotes, optionally by speaker or article")
    def api_quotes(conn: Conn, speaker: str | None = None, article: str | None = None) -> list[dict[str, Any]]:
        return [q.to_dict() for q in query.quotes(conn, speaker=speaker, article_id=article)]

    @app.get("/api/quote_clusters", tags=["quotes"], summary="Quote clusters with word diffs of their variants")
    def api_clusters(conn: Conn, limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = MAX_PAGE_SIZE,
                     offset: Annotated[int, Query(ge=0)] = 0) -> list[dict[str, Any]]:
        return _cluster_views(conn, query.quote_clusters(conn)[offset:offset + limit])

    @app.get("/api/coverage", tags=["coverage"], summary="Coverage matrices (units x outlets), per story")
    def api_coverage(conn: Conn, story: str | None = None) -> list[dict[str, Any]]:
        summaries = views.article_summaries(conn)
        found = [views.story_coverage(conn, story)] if story else query.coverage(conn)
        return [views.coverage_matrix(c, summaries) for c in found if c is not None]

    @app.get("/api/outlets", tags=["outlets"],
             summary="Per outlet: originals, derived by kind, credited share, sources and copiers; and outlet links")
    def api_outlets(conn: Conn, min_articles: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
        rows, links = query.outlets(conn, min_articles=min_articles)
        return {"outlets": [o.to_dict() for o in rows], "outlet_links": [lk.to_dict() for lk in links]}

    @app.get("/api/search", tags=["articles"], summary="Full-text search over headlines and bodies")
    def api_search(conn: Conn, q: str, limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = PAGE_SIZE):
        return query.search(conn, q, limit=limit)

    # ------------------------------------------------------------------ HTML pages

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, conn: Conn, page_no: Annotated[int, Query(alias="page", ge=1)] = 1):
        stories = views.ranked_stories(query.stories(conn))
        shown = views.story_summaries(conn, stories[(page_no - 1) * PAGE_SIZE: page_no * PAGE_SIZE])
        return page(request, "index.html", counts=query.counts(conn), stories=shown, total=len(stories),
                    page_no=page_no, pages=_pages(len(stories)))

    @app.get("/stories/{story_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def story(request: Request, story_id: str, conn: Conn, a: str | None = None, b: str | None = None):
        detail = views.load_story_detail(conn, story_id)
        if detail is None:
            raise HTTPException(404, f"no story {story_id!r}")
        a, b = _default_pair(detail, a, b)
        pair = _compare(conn, a, b) if a and b else None
        return page(request, "story.html", s=detail, pair=pair, counts=query.counts(conn))

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def articles(request: Request, conn: Conn, q: str | None = None, outlet: str | None = None,
                 language: str | None = None, date_from: str | None = None, date_to: str | None = None,
                 story: str | None = None, page_no: Annotated[int, Query(alias="page", ge=1)] = 1):
        filters = {"q": q, "outlet": outlet, "language": language, "date_from": date_from, "date_to": date_to,
                   "story": story}
        items, total = views.article_page(conn, outlet=outlet, language=language, date_from=date_from,
                                          date_to=date_to, story=story, text=q, limit=PAGE_SIZE,
                                          offset=(page_no - 1) * PAGE_SIZE)
        return page(request, "articles.html", items=items, total=total, filters=filters, facets=views.facets(conn),
                    stories=views.story_choices(conn), story_menu_max=STORY_MENU_MAX, page_no=page_no,
                    pages=_pages(total))

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article(request: Request, article_id: str, conn: Conn):
        found = query.article(conn, article_id)
        if found is None:
            raise HTTPException(404, f"no article {article_id!r}")
        quotes = query.quotes(conn, article_id=article_id)
        pieces = views.segments(found.body, [(q.span[0], q.span[1], 1.0) for q in quotes])
        links = query.reuse(conn, article_id)
        others = views.article_summaries(conn, [x for lk in links for x in (lk.a, lk.b)])
        return page(request, "article.html", a=views.article_summary(found), body_pieces=pieces, quotes=quotes,
                    stories=views.story_of(conn, article_id), counts=query.counts(conn),
                    skips=query.stage_skips(conn, article_id),
                    links=[views.link_summary(lk) for lk in links],
                    outlets={k: v["outlet"] for k, v in others.items()})

    @app.get("/outlets", response_class=HTMLResponse, include_in_schema=False)
    def outlets(request: Request, conn: Conn, sort: str = "articles",
                min_articles: Annotated[int, Query(ge=0)] = 0):
        return page(request, "outlets.html", view=views.outlets_view(conn, min_articles, sort),
                    sorts=list(views.OUTLET_SORTS), min_articles=min_articles, counts=query.counts(conn))

    @app.get("/outlets/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def outlet(request: Request, name: str, conn: Conn):
        detail = views.outlet_detail(conn, name)
        if detail is None:
            raise HTTPException(404, f"no outlet {name!r}")
        return page(request, "outlet.html", d=detail, counts=query.counts(conn))

    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare(request: Request, conn: Conn, a: str, b: str):
        return page(request, "compare.html", pair=_compare(conn, a, b), counts=query.counts(conn))

    @app.get("/reuse", response_class=HTMLResponse, include_in_schema=False)
    def reuse(request: Request, conn: Conn, page_no: Annotated[int, Query(alias="page", ge=1)] = 1):
        links, total = views.reuse_page(conn, PAGE_SIZE, (page_no - 1) * PAGE_SIZE)
        shown = [views.link_summary(lk) for lk in links]
        summaries = views.article_summaries(conn, [x for lk in shown for x in (lk["a"], lk["b"])])
        return page(request, "reuse.html", links=shown, total=total, page_no=page_no, pages=_pages(total),
                    outlets={k: v["outlet"] for k, v in summaries.items()}, counts=query.counts(conn))

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    def quotes(request: Request, conn: Conn, page_no: Annotated[int, Query(alias="page", ge=1)] = 1):
        clusters = query.shared_quote_clusters(conn)
        shown = _cluster_views(conn, clusters[(page_no - 1) * PAGE_SIZE: page_no * PAGE_SIZE])
        return page(request, "quotes.html", clusters=shown, total=len(clusters), page_no=page_no,
                    pages=_pages(len(clusters)), counts=query.counts(conn))

    return app


def _version() -> str:
    from retold import __version__

    return __version__


def _pages(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))


def _default_pair(detail: dict[str, Any], a: str | None, b: str | None) -> tuple[str | None, str | None]:
    """The pair the story page opens on: the one asked for, else the link with most passages, else the first two."""
    if a and b:
        return a, b
    linked = sorted(detail["links"], key=lambda lk: -len(lk["passages"]))
    if linked:
        return linked[0]["a"], linked[0]["b"]
    ids = [r["id"] for r in detail["timeline"]]
    return (ids[0], ids[1]) if len(ids) > 1 else (None, None)


def _compare(conn: sqlite3.Connection, a: str, b: str) -> dict[str, Any]:
    """Two articles side by side: each body cut into pieces, shared passages numbered alike."""
    left, right = query.article(conn, a), query.article(conn, b)
    if left is None or right is None:
        raise HTTPException(404, f"no article {a if left is None else b!r}")
    link = views.link_between(query.reuse(conn, a), a, b)
    ours, theirs = views.pair_spans(link, a)
    return {"link": views.link_summary(link) if link else None,
            "sides": [{**views.article_summary(art), "pieces": views.segments(art.body, spans)}
                      for art, spans in ((left, ours), (right, theirs))]}


def _cluster_views(conn: sqlite3.Connection, clusters: list | None = None) -> list[dict[str, Any]]:
    """``cluster_view`` of the given clusters (all when None), each variant diffed against the earliest."""
    clusters = query.quote_clusters(conn) if clusters is None else clusters
    wanted = {q for c in clusters for q in c.quotes}
    by_id = {q.id: q for q in query.quotes(conn) if q.id in wanted}
    summaries = views.article_summaries(conn, [q.article for q in by_id.values()])
    return [views.cluster_view(c, by_id, summaries) for c in clusters]
