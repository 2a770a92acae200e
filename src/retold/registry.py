"""Stage registry: name -> callable, with what each stage reads and writes (after spaCy's
``Language.component(requires=, assigns=)``). A pipeline is a list of stage names.

Corpus stages take a ``StageContext`` and return a ``Corpus`` holding only the
lists they assign; the pipeline stores them. Stages never touch the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from retold.errors import StageError
from retold.model import Article, Cache, Corpus, MemoryCache


@dataclass
class StageContext:
    """What a corpus stage sees: every article (sorted by id), the results so far, a cache."""

    articles: list[Article]
    previous: Corpus  # last stored results of every stage (for incremental work) and this run's earlier stages
    cache: Cache = field(default_factory=MemoryCache)


@dataclass(frozen=True)
class StageSpec:
    name: str
    func: Callable[[StageContext], Corpus]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    version: str


STAGES: dict[str, StageSpec] = {}


def stage(name: str, *, requires: tuple[str, ...] = ("articles",), assigns: tuple[str, ...], version: str = "1"):
    """Register a corpus stage. Bump ``version`` when its output for the same input changes,
    so stores computed by an older version are recomputed."""

    def register(func: Callable[[StageContext], Corpus]) -> Callable[[StageContext], Corpus]:
        STAGES[name] = StageSpec(name, func, requires, assigns, version)
        return func

    return register


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
