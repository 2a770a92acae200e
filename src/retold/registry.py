"""Stage registry: name -> callable, with what each stage reads and writes (after spaCy's
``Language.component(requires=, assigns=)``). A pipeline is a list of stage names.

Corpus stages take a ``StageContext`` and return a ``Corpus`` holding only the
lists they assign; the pipeline stores them. Stages never touch the store.

Each stage declares the languages it has models for (``languages``; None = any) and, where its
cost grows faster than a text's length, the longest text it reads (``max_chars``). The
pipeline (both engines) hands a stage only the articles it handles and records a
``StageSkip`` with the reason for each other one (``split_handled``): a stage never guesses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from retold.background import Prefetch
from retold.errors import StageError
from retold.model import Article, Cache, Corpus, MemoryCache, StageSkip


@dataclass
class StageContext:
    """What a corpus stage sees: every article (sorted by id), the results so far, a cache."""

    articles: list[Article]  # only those in the stage's languages
    previous: Corpus  # last stored results of every stage (for incremental work) and this run's earlier stages
    cache: Cache = field(default_factory=MemoryCache)


@dataclass(frozen=True)
class StageSpec:
    name: str
    func: Callable[[StageContext], Corpus]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    version: str
    languages: frozenset[str] | None = None  # ISO 639-1 codes it has models for; None = any language
    prefetch: Prefetch | None = None  # per-article work another process may do ahead (``retold.background``)
    code: tuple[str, ...] = ()  # the retold modules whose code decides its output (``stage_version``)
    max_chars: int | None = None  # the longest body it reads; None = any length


STAGES: dict[str, StageSpec] = {}


def stage(name: str, *, requires: tuple[str, ...] = ("articles",), assigns: tuple[str, ...], version: str = "1",
          languages: Iterable[str] | None = None, prefetch: Prefetch | None = None, code: Iterable[str] = (),
          max_chars: int | None = None):
    """Register a corpus stage. ``code``: the retold modules (or packages) that compute its
    output, by default the module defining ``func``; a change to their source (or to what
    they import) recomputes stores made before it (``stage_version``), as does bumping
    ``version``, which is for what the code does not show. ``languages``: the ISO 639-1 codes
    the stage has models for (None: any language, the articles' language unknown included).
    ``prefetch``: its per-article work, which the pipeline may have a helper process do
    while earlier stages run (``retold.background``). ``max_chars``: the longest article body
    the stage reads (None: any); a longer one is left out with a recorded reason."""

    def register(func: Callable[[StageContext], Corpus]) -> Callable[[StageContext], Corpus]:
        langs = None if languages is None else frozenset(languages)
        STAGES[name] = StageSpec(name, func, requires, assigns, version, langs, prefetch,
                                 tuple(code) or (func.__module__,), max_chars)
        return func

    return register


def stage_version(spec: StageSpec) -> str:
    """What a stored result of ``spec`` must have been made with to stand for this retold: its
    name, ``version``, languages, length limit and the fingerprint of its code
    (``source_fingerprint``). Both engines keep it beside what they store for later runs."""
    from retold.fingerprint import source_fingerprint

    langs = "any" if spec.languages is None else ",".join(sorted(spec.languages))
    limit = "" if spec.max_chars is None else f":max{spec.max_chars}"  # absent: versions of before stand
    code = source_fingerprint(*spec.code) if all(m.split(".")[0] == "retold" for m in spec.code) else "plugin"
    return f"{spec.name}:{spec.version}:{langs}{limit}:{code}"


def language_code(language: str | None) -> str | None:
    """The primary language subtag, lower-cased ("pt-BR" -> "pt", "EN" -> "en"); None when blank."""
    if not language or not language.strip():
        return None
    return language.strip().replace("_", "-").split("-")[0].lower() or None


def skip_reason(spec: StageSpec, language: str | None, chars: int = 0) -> str | None:
    """Why ``spec`` leaves out an article in ``language`` whose body has ``chars`` characters,
    or None when it handles it. An article whose language is unknown (too short to tell) is
    left out by every stage that declares languages: no model can be said to fit it."""
    if spec.max_chars is not None and chars > spec.max_chars:
        return f"not extracted, text over {spec.max_chars:,} characters"
    if spec.languages is None:
        return None
    code = language_code(language)
    if code in spec.languages:
        return None
    return f"not extracted, language {code or 'unknown'}"


def stage_skip(spec: StageSpec, article_id: str, language: str | None, chars: int) -> StageSkip | None:
    """The ``StageSkip`` of an article (its id, language and body length) that ``spec`` leaves
    out (``skip_reason``), or None when the stage handles it. Both engines judge through this."""
    reason = skip_reason(spec, language, chars)
    return None if reason is None else StageSkip(article_id, spec.name, reason)


def split_handled(spec: StageSpec, articles: Sequence[Article]) -> tuple[list[Article], list[StageSkip]]:
    """(articles ``spec`` handles, one ``StageSkip`` per other article, ``stage_skip``), both
    in input order."""
    handled: list[Article] = []
    skips: list[StageSkip] = []
    for a in articles:
        skip = stage_skip(spec, a.id, a.language, len(a.body))
        if skip is None:
            handled.append(a)
        else:
            skips.append(skip)
    return handled, skips


def get_stage(name: str) -> StageSpec:
    import retold.stages  # noqa: F401  (registers the built-in stages)

    if name not in STAGES:
        raise StageError(f"unknown stage {name!r}; known: {', '.join(STAGES)}")
    return STAGES[name]


def resolve(names: list[str] | tuple[str, ...] | None) -> list[StageSpec]:
    """The stages to run, in pipeline order, each one's required stages included."""
    import retold.stages  # noqa: F401

    wanted = list(DEFAULT_PIPELINE if names is None else names)
    for n in wanted:
        get_stage(n)
    closure: set[str] = set()

    def add(n: str) -> None:
        if n in closure or n == "articles":
            return
        for r in get_stage(n).requires:
            add(r)
        closure.add(n)

    for n in wanted:
        add(n)
    return [STAGES[n] for n in DEFAULT_PIPELINE if n in closure]


# Order matters: quotes are matched across the articles of one story; coverage is per story.
DEFAULT_PIPELINE = ("reuse", "stories", "quotes", "coverage")
