"""The pipeline: ingest -> clean -> store, then the corpus stages, as a list of named, timed steps.

Writes happen in one transaction per step, so a run that fails midway leaves
the store as it was before that step; re-running on the same input changes
nothing (articles are compared by content hash, and a stage whose inputs are
unchanged is not run again).
"""

from __future__ import annotations

import hashlib
import logging
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from retold.background import Helper, Pool
from retold.errors import InputError
from retold.ingest import RawDocument, read_inputs
from retold.model import Article, Corpus, Skipped, StageSkip
from retold.registry import StageContext, StageSpec, resolve, split_handled, stage_version
from retold.store import connect, query, writer

log = logging.getLogger("retold")

# Documents read before they are cleaned, together, and stored: what a run holds in flight
# (raw pages and their articles) while the cleaning processes are kept busy (``ingest``).
_CLEAN_WINDOW = 128
# Cache-table keys of the clean memo (``CleanMemo``).
CLEAN_MEMO_NAMESPACE = "clean.memo.v1"


@dataclass
class RunSummary:
    """What a run did: the CLI prints it, the API returns it with the corpus."""

    read: int = 0
    stored: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)  # stage -> seconds (0.0 when skipped as unchanged)
    timings: dict[str, float] = field(default_factory=dict)
    # stage -> reason -> articles that stage left out ("not extracted, language ko"), stored ones
    stage_skips: dict[str, dict[str, int]] = field(default_factory=dict)
    # rows in the store after the run: articles, stories, reuse, quotes, quote_clusters, coverage, ...
    counts: dict[str, int] = field(default_factory=dict)


def to_article(raw: RawDocument) -> Article:
    """Clean one raw document into an ``Article``; raises ``InputError`` when no article text is found."""
    from retold.clean import clean_article_text, clean_html, clean_plain_text

    if raw.kind == "html":
        cleaned = clean_html(raw.content, url=raw.url)
    elif raw.kind == "page":
        cleaned = clean_plain_text(raw.content, url=raw.url, title=raw.title)
    else:
        cleaned = clean_article_text(raw.content, url=raw.url, title=raw.title)
    if not cleaned.body.strip():
        raise InputError("no article text found")
    return Article(
        id=raw.id,
        body=cleaned.body,
        source=raw.source,
        url=raw.url or cleaned.url,
        outlet=raw.outlet or cleaned.outlet,
        headline=cleaned.headline or raw.title,  # the cleaner strips site suffixes from a given title
        dateline=cleaned.dateline,
        published=normalise_date(raw.published) or cleaned.published,
        language=raw.language or _language(cleaned.body),
        credits=cleaned.credits,
        credited_sources=cleaned.credited_sources,
        slug=cleaned.slug,
    )


def _language(body: str) -> str | None:
    from retold.nlp import detect_language

    return detect_language(body)


def normalise_date(value: str | None) -> str | None:
    """An ISO date (``YYYY-MM-DD``) from a date or timestamp string, or None when it is not one."""
    if not value or not str(value).strip():
        return None
    from dateutil import parser

    try:
        return parser.isoparse(str(value).strip()).date().isoformat()
    except (ValueError, OverflowError):
        try:
            return parser.parse(str(value), fuzzy=False).date().isoformat()
        except (ValueError, OverflowError, parser.ParserError):
            return None


def clean_document(raw: RawDocument) -> Article | Skipped:
    """``to_article(raw)``, or a ``Skipped`` saying why it could not be cleaned (both engines use this)."""
    try:
        return to_article(raw)
    except InputError as e:
        return Skipped(raw.source, str(e))
    except Exception as e:  # a library failing on one page must not sink the batch
        log.debug("clean failed on %s", raw.source, exc_info=True)
        return Skipped(raw.source, f"could not be cleaned ({type(e).__name__}: {e})")


@cache
def clean_fingerprint() -> str:
    """What cleaning a document depends on besides the document: retold's cleaning code and
    models (``retold/clean``, this module, ``nlp``, ``model``) and the installed version of
    every library retold requires. A change to any of them cleans every input again."""
    from importlib import resources

    from retold.fingerprint import requirement_versions

    h = hashlib.sha256()
    package = resources.files("retold")
    files = [package / "pipeline.py", package / "nlp.py", package / "model.py"]
    pending = [package / "clean"]
    while pending:
        for entry in sorted(pending.pop().iterdir(), key=lambda e: e.name):
            if entry.is_dir() and entry.name != "__pycache__":
                pending.append(entry)
            elif entry.is_file() and not entry.name.endswith(".pyc"):
                files.append(entry)
    for entry in files:
        h.update(entry.name.encode() + b"\0" + entry.read_bytes())
    h.update(requirement_versions().encode())
    return h.hexdigest()


def memo_key(raw: RawDocument) -> str:
    """The clean memo's key of a raw document: everything cleaning reads (the ``source``
    path excluded, as in ``writer.content_hash``: moving files changes nothing)."""
    h = hashlib.sha256(clean_fingerprint().encode())
    for value in (raw.id, raw.kind, raw.content, raw.url, raw.title, raw.published, raw.outlet, raw.language):
        h.update(b"\1" if value is None else b"\0" + value.encode("utf-8", "surrogatepass"))
    return f"{CLEAN_MEMO_NAMESPACE}:{h.hexdigest()}"


class CleanMemo:
    """Which raw documents the store already holds exactly as cleaning them would store them.

    Why: cleaning (trafilatura, htmldate, the line classifier, language detection) is most
    of a re-run's cost when few inputs changed; reading and hashing a file is not. An
    entry maps ``memo_key(raw)`` to the article id and content hash that cleaning gave;
    it counts only while the stored article still has that hash (another input with the
    same id may have replaced it since). Entries live in the store's cache table and are
    written in the same transaction as the articles.
    """

    def __init__(self, conn) -> None:
        self._cache = writer.StoreCache(conn)
        self._stored = dict(query.content_fingerprints(conn))
        self.hits = 0

    def known(self, raw: RawDocument) -> bool:
        value = self._cache.get(memo_key(raw))
        if value is None:
            return False
        article_id, _, digest = value.decode("utf-8").partition("\0")
        if article_id != raw.id or self._stored.get(article_id) != digest:
            return False
        self.hits += 1
        return True

    def remember(self, raw: RawDocument, article: Article) -> None:
        self._cache.put(memo_key(raw), f"{article.id}\0{writer.content_hash(article)}".encode("utf-8"))

    def flush(self, conn) -> None:
        self._cache.flush(conn)


def read_articles(paths: Iterable[str | Path], on_item: Callable[[str], None] | None = None,
                  memo: CleanMemo | None = None) -> tuple[list[Article], list[Skipped], int]:
    """Ingest and clean everything under ``paths``: (articles, skipped, documents read); all of
    ``clean_windows`` at once (``ingest`` stores them a window at a time instead)."""
    articles: list[Article] = []
    skipped: list[Skipped] = []
    read = 0
    for window_articles, window_skipped, window_read in clean_windows(paths, on_item, memo):
        articles += window_articles
        skipped += window_skipped
        read += window_read
    return articles, skipped, read


def clean_windows(paths: Iterable[str | Path], on_item: Callable[[str], None] | None = None,
                  memo: CleanMemo | None = None) -> Iterator[tuple[list[Article], list[Skipped], int]]:
    """Ingest and clean everything under ``paths``, ``_CLEAN_WINDOW`` documents at a time:
    per window, (articles, skipped, documents read).

    With ``memo``, a document the store already holds as cleaning would give it is read
    (and counted) but not cleaned again, and left out of ``articles`` (``memo.hits`` counts them).
    Each window is cleaned in as many processes as the machine has cores for
    (``background.Pool``); the results are the same in any number, in input order.
    """
    inputs = iter(read_inputs(paths))
    with Pool() as pool:
        while window := list(islice(inputs, _CLEAN_WINDOW)):
            articles: list[Article] = []
            skipped: list[Skipped] = []
            read = 0
            to_clean = [item for item in window
                        if not isinstance(item, Skipped) and not (memo is not None and memo.known(item))]
            cleaned = dict(zip(map(id, to_clean), pool.map(clean_document, to_clean)))
            for item in window:
                if isinstance(item, Skipped):
                    skipped.append(item)
                else:
                    read += 1
                    result = cleaned.get(id(item))
                    if result is not None:
                        (skipped if isinstance(result, Skipped) else articles).append(result)
                        if memo is not None and isinstance(result, Article):
                            memo.remember(item, result)
                if on_item:
                    on_item(getattr(item, "source", ""))
            for s in skipped:
                log.info("skip %s: %s", s.source, s.reason)
            yield articles, skipped, read


@dataclass
class Ingested:
    """What ``ingest`` did: documents read, articles stored anew or changed, articles the
    store already held, skipped inputs, and the seconds spent writing."""

    read: int = 0
    stored: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    store_seconds: float = 0.0


def ingest(conn, paths: Sequence[str], on_item: Callable[[str], None] | None = None,
           memo: CleanMemo | None = None) -> Ingested:
    """Read, clean and store everything under ``paths``, one window of documents at a time
    (``clean_windows``), in one transaction: a run holds one window of articles, not the
    corpus, and a run that fails midway leaves the store as it was."""
    done = Ingested()
    with writer.transaction(conn):
        run_id = writer.start_run(conn, paths)
        for articles, skipped, read in clean_windows(paths, on_item, memo):
            t0 = time.perf_counter()
            stored, unchanged = writer.upsert_articles(conn, articles)
            done.stored, done.unchanged = done.stored + stored, done.unchanged + unchanged
            done.store_seconds += time.perf_counter() - t0
            done.read += read
            done.skipped += skipped
        if memo is not None:
            done.unchanged += memo.hits
            memo.flush(conn)
        writer.finish_run(conn, run_id, read=done.read, stored=done.stored, unchanged=done.unchanged,
                          skipped=done.skipped)
    return done


def _fingerprint(spec: StageSpec, article_hashes: list[tuple[str, str]], upstream: list[str]) -> str:
    # its version covers its languages (a stage given more must run again) and its code
    h = hashlib.sha256(stage_version(spec).encode())
    for aid, ch in article_hashes:
        h.update(f"{aid}\0{ch}\n".encode())
    for u in upstream:
        h.update(u.encode())
    return h.hexdigest()


def run_stages(conn, stages: Sequence[StageSpec], progress: Callable[[str], object] | None = None,
               force: bool = False) -> dict[str, float]:
    """Run corpus stages over every stored article, storing each result in its own transaction.

    A stage's per-article work that can be done ahead (``StageSpec.prefetch``) is handed to
    a helper process while the stages before it run (``retold.background``).
    """
    timings: dict[str, float] = {}
    articles = query.articles(conn)
    hashes = query.content_fingerprints(conn)
    previous = query.StoredCorpus(conn)  # stages read the stored stories only: tables load when asked for
    cache = writer.StoreCache(conn)
    to_run = _stages_to_run(conn, stages, hashes, force)
    helper = Helper()
    after_first = list(to_run)[1:]  # the first stage to run starts at once: nothing to do ahead
    try:
        for spec in stages:
            if spec.name in after_first and spec.prefetch is not None:
                handled, _ = split_handled(spec, articles)
                helper.start(spec.name, spec.prefetch, spec.prefetch.pending(handled, cache))
        for spec in stages:
            if spec.name not in to_run:
                timings[spec.name] = 0.0
                continue
            if progress:
                progress(spec.name)
            t0 = time.perf_counter()
            handled, skips = split_handled(spec, articles)
            helper.collect(spec.name, cache)
            result = spec.func(StageContext(articles=handled, previous=previous, cache=cache))
            with writer.transaction(conn):
                _store_result(conn, spec, result)
                writer.replace_stage_skips(conn, spec.name, skips)
                cache.flush(conn)
                writer.record_stage(conn, spec.name, to_run[spec.name])
            for name in spec.assigns:
                setattr(previous, name, getattr(result, name))
            timings[spec.name] = time.perf_counter() - t0
    finally:
        helper.close()
    return timings


def _stages_to_run(conn, stages: Sequence[StageSpec], hashes: list[tuple[str, str]], force: bool) -> dict[str, str]:
    """Name -> input fingerprint of each stage whose stored result does not match its inputs
    (all of them with ``force``), in pipeline order. A stage's fingerprint covers its
    upstream stages' fingerprints, so a change reruns everything downstream of it."""
    fingerprints: dict[str, str] = {}
    to_run: dict[str, str] = {}
    for spec in stages:
        upstream = [fingerprints.get(r, "") for r in spec.requires if r != "articles"]
        fp = fingerprints[spec.name] = _fingerprint(spec, hashes, upstream)
        if force or query.stage_fingerprint(conn, spec.name) != fp:
            to_run[spec.name] = fp
    return to_run


def _store_result(conn, spec: StageSpec, result: Corpus) -> None:
    if "reuse" in spec.assigns:
        writer.replace_reuse(conn, result.reuse)
    if "stories" in spec.assigns:
        writer.replace_stories(conn, result.stories)
    if "quotes" in spec.assigns:
        writer.replace_quotes(conn, result.quotes, result.quote_clusters)
    if "coverage" in spec.assigns:
        writer.replace_coverage(conn, result.coverage)


def analyze(paths: Iterable[str | Path], db: str | Path | None = None, stages: Sequence[str] | None = None,
            progress: bool = False, force: bool = False) -> Corpus:
    """Read ``paths``, store clean articles, run ``stages`` (default: all) and return the whole ``Corpus``.

    ``db=None`` works in a private in-memory store. The returned corpus's
    ``skipped`` lists this run's skipped inputs; ``analyze_with_summary`` also returns timings.
    """
    corpus, _ = analyze_with_summary(paths, db=db, stages=stages, progress=progress, force=force)
    return corpus


def analyze_with_summary(paths: Iterable[str | Path], db: str | Path | None = None,
                         stages: Sequence[str] | None = None, progress: bool = False,
                         force: bool = False, load: bool = True) -> tuple[Corpus | None, RunSummary]:
    """``analyze``, also returning what the run did. With ``load=False`` the corpus is not read
    back (None; the summary's ``counts`` say what the store holds): the CLI prints counts,
    and reading a large store whole costs memory in proportion to it."""
    paths = [str(p) for p in paths]
    specs = resolve(list(stages) if stages is not None else None)
    conn = connect(":memory:" if db is None else db)
    summary = RunSummary()
    try:
        with _progress(progress) as bar:
            t0 = time.perf_counter()
            task = bar.add_task("read + clean", total=None) if bar else None
            memo = None if force else CleanMemo(conn)  # --force cleans every input again
            done = ingest(conn, paths, on_item=(lambda _src: bar.advance(task)) if bar else None, memo=memo)
            summary.timings["read+clean"] = time.perf_counter() - t0 - done.store_seconds
            summary.timings["store"] = done.store_seconds
            summary.read, summary.skipped = done.read, done.skipped
            summary.stored, summary.unchanged = done.stored, done.unchanged
            if bar:
                bar.update(task, total=done.read, completed=done.read)
            stage_task = bar.add_task("stages", total=len(specs)) if bar else None

            def on_stage(name: str) -> None:
                if bar:
                    bar.update(stage_task, description=f"stage: {name}")

            summary.stages = run_stages(conn, specs, progress=on_stage, force=force)
            if bar:
                bar.update(stage_task, completed=len(specs), description="stages")
        summary.counts = query.counts(conn)
        summary.stage_skips = count_stage_skips(query.stage_skips(conn), [s.name for s in specs])
        if not load:
            return None, summary
        corpus = query.corpus(conn)
        corpus.skipped = summary.skipped
        return corpus, summary
    finally:
        conn.close()


def count_stage_skips(skips: Iterable[StageSkip], stages: Sequence[str]) -> dict[str, dict[str, int]]:
    """stage -> reason -> how many articles that stage left out, for the ``stages`` given."""
    counts: dict[str, dict[str, int]] = {}
    for s in skips:
        if s.stage in stages:
            by_reason = counts.setdefault(s.stage, {})
            by_reason[s.reason] = by_reason.get(s.reason, 0) + 1
    return {stage: dict(sorted(counts[stage].items())) for stage in stages if stage in counts}


def _progress(enabled: bool):
    if not enabled:
        return nullcontext(None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), transient=False)
