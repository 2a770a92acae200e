"""Digests that key cached results: of an article as stored, and of the code that judges.

A stage that caches a result computed from several articles (a reuse pair's judgement,
a story's coverage) keys it by the digests of those articles and of the modules whose
code computes it, so an incremental run reads back exactly what judging anew would
give, and a changed rule or threshold never reads an old result. ``cached`` is the one
read-or-compute-and-keep step every such stage goes through.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

from retold.model import Article, Cache

T = TypeVar("T")


def article_digest(article: Article) -> str:
    """Hash of what is stored for an article (the ``source`` path excluded: moving files
    changes nothing); the store's ``content_hash``."""
    d = article.to_dict()
    d.pop("source", None)
    if d.get("slug") is None:  # added in store version 4: articles without one keep their hash
        d.pop("slug", None)
    return hashlib.sha256(json.dumps(d, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


@cache
def code_digest(modules: tuple[str, ...], extra: str = "") -> str:
    """Hash of the code of ``modules`` (dotted names, with what they import:
    ``source_fingerprint``) and of ``extra`` (settings the code reads, such as an
    environment variable's value). Read once per process."""
    h = hashlib.sha1(extra.encode("utf-8"))
    h.update(source_fingerprint(*modules).encode())
    return h.hexdigest()[:12]


_PACKAGE_DIR = Path(__file__).resolve().parent  # the installed ``retold`` package


@cache
def source_fingerprint(*roots: str) -> str:
    """Hash of the code that decides what the retold modules ``roots`` compute: the source of
    each (every module of it, for a package: its exports may load lazily), of every retold
    module they import, in turn (import statements read from the source, the ones inside
    functions included), the data files beside them (models, lexicons), and the installed
    version of every library retold requires. Read once per process.

    Stages key what they keep for later runs with it (``registry.stage_version``, the
    per-article caches), so that a new retold never reads back what an older one computed:
    a hand-kept version number is forgotten (the stories stage kept "1" through every
    change of its rules). Packages that are only parents of an imported module, and the
    ``retold`` package itself, are hashed but not followed: their own imports run inside
    functions that the roots never call."""
    h = hashlib.sha256()
    if (_PACKAGE_DIR / "__init__.py").is_file():
        for path in sorted(_source_closure(roots)):
            h.update(str(path.relative_to(_PACKAGE_DIR)).encode() + b"\0" + path.read_bytes())
    else:  # imported from a zip (``spark-submit --py-files``): no source files to read
        from retold import __version__

        h.update(f"retold=={__version__}\n{','.join(roots)}\n".encode())
    h.update(requirement_versions().encode())
    return h.hexdigest()[:16]


@cache
def requirement_versions() -> str:
    """``name==version`` of every installed library retold requires, one per line."""
    from importlib import metadata

    lines = []
    for requirement in sorted(metadata.requires("retold") or []):
        name = re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0]
        try:
            lines.append(f"{name}=={metadata.version(name)}\n")
        except metadata.PackageNotFoundError:  # an extra (pyspark) that is not installed
            continue
    return "".join(lines)


def _source_closure(roots: tuple[str, ...]) -> set[Path]:
    """Every file ``source_fingerprint`` hashes for ``roots``."""
    files: set[Path] = set()
    pending = [m for root in roots for m in _package_modules(root)]
    walked: set[str] = set()
    while pending:
        name = pending.pop()
        if name in walked:
            continue
        walked.add(name)
        path = _module_path(name)
        files.add(path)
        if name == "retold":  # the API's front door: its imports run in ``analyze`` and the like
            continue
        files.update(f for f in path.parent.iterdir() if f.is_file() and f.suffix not in (".py", ".pyc"))
        for imported in _retold_imports(name, path):
            parts = imported.split(".")
            files.update(p for p in (_module_path(".".join(parts[:i])) for i in range(1, len(parts))) if p)
            pending.append(imported)
    return files


def _package_modules(name: str) -> list[str]:
    """``name`` and, when it is a package, every module under it."""
    path = _module_path(name)
    if path is None:
        raise ValueError(f"{name!r} is not a retold module")
    if path.name != "__init__.py":
        return [name]
    return [name] + [f"{name}.{'.'.join(f.relative_to(path.parent).with_suffix('').parts)}".removesuffix(".__init__")
                     for f in sorted(path.parent.rglob("*.py")) if f != path]


def _module_path(name: str) -> Path | None:
    """The source file of the retold module ``name`` (a package's ``__init__.py``), or None."""
    parts = name.split(".")
    if parts[0] != "retold":
        return None
    base = _PACKAGE_DIR.joinpath(*parts[1:])
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    return base.with_suffix(".py") if base.with_suffix(".py").is_file() else None


def _retold_imports(name: str, path: Path) -> set[str]:
    """The retold modules that the source of ``name`` imports (``from a import b``: ``a.b``
    when that is a module, else ``a``)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            submodules = {m for m in (f"{base}.{alias.name}" for alias in node.names) if _module_path(m)}
            # ``from retold import nlp`` runs the package only as a parent; ``from retold.model
            # import Article`` runs the module whose names it takes
            found.update(submodules or {base})
    return {m for m in found if _module_path(m) is not None}


def cached(cache: Cache | None, kind: str, parts: Iterable[str], compute: Callable[[], T],
           encode: Callable[[T], bytes] | None = None, decode: Callable[[bytes], T] | None = None) -> T:
    """``compute()``, kept in ``cache`` under ``kind`` and a hash of ``parts`` (everything the
    result depends on: digests of its inputs and of the code, ``code_digest``), and read back
    instead of computed when an earlier run kept it. Values are stored with ``encode`` and
    read with ``decode`` (JSON by default, never pickle: a store file may come from someone
    else). Without a cache, ``compute()``."""
    if cache is None:
        return compute()
    h = hashlib.sha1()
    for part in parts:  # each part length-prefixed: ("a\0", "") and ("a", "\0") differ
        data = part.encode("utf-8")
        h.update(b"%d:" % len(data))
        h.update(data)
    key = f"{kind}:{h.hexdigest()[:24]}"
    blob = cache.get(key)
    if blob is not None:
        return (decode or _from_json)(blob)
    value = compute()
    cache.put(key, (encode or _to_json)(value))
    return value


def _to_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def _from_json(blob: bytes) -> Any:
    return json.loads(blob.decode("utf-8"))
