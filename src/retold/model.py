"""The core data model that flows between stages (no I/O here).

Every object is a frozen dataclass whose field names are the names of the
JSON export (``retold_export: 1``), the public contract between stages and
users. Offsets (``span``, passage ``a``/``b``) are character offsets into
``Article.body``, half-open ``[start, end)``, so text is never copied or drifts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal, Protocol

EXPORT_VERSION = 1

ReuseKind = Literal["verbatim", "partial", "rewrite", "translation"]
QuoteKind = Literal["direct", "indirect", "mixed"]
Offsets = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Article:
    """One clean article: its own text (``body``, paragraphs joined by ``\\n``) and metadata.

    ``id`` is stable across runs (file name without extensions, JSONL ``id``,
    or WARC record URL). ``source`` is where it was read from (a path, or
    ``path#line`` / ``path#record``).
    """

    id: str
    body: str
    source: str = ""
    url: str | None = None
    outlet: str | None = None
    headline: str | None = None
    dateline: str | None = None
    published: str | None = None  # ISO 8601 date (YYYY-MM-DD) where known
    language: str | None = None  # ISO 639-1 code
    credits: tuple[str, ...] = ()
    credited_sources: tuple[str, ...] = ()
    # A wire take's catchline as the agency sent it ("COURTS Dancer" on each take of one
    # PA story, "COURTS Dancer Substitute" on its rewrites); None for anything else.
    slug: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["credits"] = list(self.credits)
        d["credited_sources"] = list(self.credited_sources)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        known = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in known}
        kw["credits"] = tuple(kw.get("credits") or ())
        kw["credited_sources"] = tuple(kw.get("credited_sources") or ())
        return cls(**kw)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article body, as offsets into ``Article.body``."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class AlignedPassage:
    """Two aligned spans, one in each body of a reuse link, and how alike they are (0..1)."""

    a: Offsets
    b: Offsets
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        return {"a": list(self.a), "b": list(self.b), "similarity": round(float(self.similarity), 4)}


@dataclass(frozen=True, slots=True)
class ReuseLink:
    """Two articles that share prose. ``a < b`` by id; ``source`` is the judged original
    (an article id, an outside outlet named in a credit line, or None when it cannot be told).
    ``credited`` says whether the copy names its source."""

    a: str
    b: str
    kind: ReuseKind
    source: str | None = None
    credited: bool | None = None
    passages: tuple[AlignedPassage, ...] = ()
    basis: str | None = None  # how ``source`` was judged: "dates", "credit", "containment", ...

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "kind": self.kind,
            "source": self.source,
            "credited": self.credited,
            "basis": self.basis,
            "passages": [p.to_dict() for p in self.passages],
        }


@dataclass(frozen=True, slots=True)
class Story:
    """One real-world event and the articles that report it."""

    id: str
    title: str
    articles: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "articles": list(self.articles)}


@dataclass(frozen=True, slots=True)
class QuotePiece:
    """One sentence or quoted stretch of a quote (``span`` into the body, the cue left out):
    outlets quote different parts of one quotation, so each piece joins its own cluster."""

    span: Offsets
    text: str
    cluster: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"span": list(self.span), "text": self.text, "cluster": self.cluster}


@dataclass(frozen=True, slots=True)
class Quote:
    """One attribution, a whole quotation: ``speaker`` said ``text`` (``span`` into the article
    body), introduced by ``cue``. ``cluster`` is the cluster of its main piece; ``pieces``
    (added after export 1's first fields) are its sentences or quoted stretches."""

    id: str
    article: str
    speaker: str | None
    cue: str | None
    text: str
    kind: QuoteKind
    span: Offsets
    cluster: str | None = None
    pieces: tuple[QuotePiece, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "article": self.article, "speaker": self.speaker, "cue": self.cue,
                "text": self.text, "kind": self.kind, "span": list(self.span), "cluster": self.cluster,
                "pieces": [p.to_dict() for p in self.pieces]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        pieces = tuple(QuotePiece(tuple(p["span"]), p["text"], p.get("cluster")) for p in d.get("pieces") or ())
        return cls(d["id"], d["article"], d.get("speaker"), d.get("cue"), d["text"], d["kind"],
                   tuple(d["span"]), d.get("cluster"), pieces)


@dataclass(frozen=True, slots=True)
class QuoteCluster:
    """Quotes from different articles of one story that render the same utterance."""

    id: str
    speaker: str | None
    quotes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "speaker": self.speaker, "quotes": list(self.quotes)}


@dataclass(frozen=True, slots=True)
class CoverageUnit:
    """A unit of content (sentence or claim) and every article of the story that carries it."""

    text: str
    articles: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "articles": list(self.articles)}


@dataclass(frozen=True, slots=True)
class Coverage:
    story: str
    units: tuple[CoverageUnit, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"story": self.story, "units": [u.to_dict() for u in self.units]}


@dataclass(frozen=True, slots=True)
class Outlet:
    """One outlet across the corpus: how much of its copy is taken from other outlets,
    by what kind, whether it says so, and whom it takes from and gives to
    (``retold.outlets.summary``). ``credited_only``: named in credit lines, absent from
    the corpus; ``unknown``: one article whose outlet nothing names (``unknown:<id>``)."""

    name: str
    credited_only: bool
    agency: bool
    unknown: bool
    articles: int
    originals: int
    derived: int
    derived_by_kind: dict[str, int]
    share_derived: float | None
    credited_share: float | None  # of the derived articles, those that credit their source
    undirected: int  # links with another outlet whose direction could not be told
    sources: tuple[dict[str, Any], ...]  # [{"outlet", "articles", "credited_share"}], most first
    copiers: tuple[dict[str, Any], ...]
    credits: dict[str, int]  # outlets its articles name in credit lines -> articles

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["sources"], d["copiers"] = [dict(x) for x in self.sources], [dict(x) for x in self.copiers]
        return d


@dataclass(frozen=True, slots=True)
class OutletLink:
    """Copying from one outlet to another: the copier's articles derived from the source,
    by kind, how many credit it, and the article pairs behind it (``[source article or
    None for an outlet outside the corpus, copy article]``)."""

    source: str
    copier: str
    articles: int
    by_kind: dict[str, int]
    credited: int
    pairs: tuple[tuple[str | None, str], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "copier": self.copier, "articles": self.articles, "by_kind": dict(self.by_kind),
                "credited": self.credited, "pairs": [list(p) for p in self.pairs]}


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that was reported and skipped, with a one-line reason."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class StageSkip:
    """An article a stage left out, with a one-line reason ("not extracted, language ko"): the
    stage has no model for the article's language, or the text is longer than the stage reads
    ("not extracted, text over 200,000 characters"; see ``retold.registry``)."""

    article: str
    stage: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "stage": self.stage, "reason": self.reason}


class Cache(Protocol):
    """Key/value bytes kept in the store so expensive per-article work (embeddings,
    MinHash signatures, parses) is computed once. Keys are namespaced by the stage,
    e.g. ``"reuse.minhash:<article_id>:<content hash>"``."""

    def get(self, key: str) -> bytes | None: ...

    def put(self, key: str, value: bytes) -> None: ...


class MemoryCache:
    """A dict-backed ``Cache`` for tests and one-off runs."""

    def __init__(self) -> None:
        self._d: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self._d.get(key)

    def put(self, key: str, value: bytes) -> None:
        self._d[key] = value


@dataclass
class Corpus:
    """Everything retold knows about a set of articles: the export's top-level lists."""

    articles: list[Article] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    reuse: list[ReuseLink] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quote_clusters: list[QuoteCluster] = field(default_factory=list)
    coverage: list[Coverage] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    stage_skips: list[StageSkip] = field(default_factory=list)  # added after export 1's first tables
    outlets: list[Outlet] = field(default_factory=list)  # added: derived from articles and reuse
    outlet_links: list[OutletLink] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "retold_export": EXPORT_VERSION,
            "articles": [a.to_dict() for a in self.articles],
            "stories": [s.to_dict() for s in self.stories],
            "reuse": [r.to_dict() for r in self.reuse],
            "quotes": [q.to_dict() for q in self.quotes],
            "quote_clusters": [c.to_dict() for c in self.quote_clusters],
            "coverage": [c.to_dict() for c in self.coverage],
            "stage_skips": [s.to_dict() for s in self.stage_skips],
            "outlets": [o.to_dict() for o in self.outlets],
            "outlet_links": [o.to_dict() for o in self.outlet_links],
        }

    def to_json(self, indent: int | None = 2) -> str:
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def article(self, article_id: str) -> Article | None:
        for a in self.articles:
            if a.id == article_id:
                return a
        return None
