"""Readers: paths, folders and globs in; ``RawDocument`` or ``Skipped`` out, one per article.

Formats and ids (ids are stable across runs):

========================  ===================================  ==========================
suffix                    what                                 article id
========================  ===================================  ==========================
.txt                      a page saved as plain text           file name without extensions
.html .htm .html.gz       a web page                           file name without extensions
.jsonl (.jsonl.gz)        one article a line                   the record's ``id``
.warc .warc.gz            a web archive (response records)     the record's target URL
========================  ===================================  ==========================

Other suffixes inside a folder are ignored; a file named explicitly with an
unknown suffix is read as plain text. Nothing here cleans text.
"""

from __future__ import annotations

import glob
import io
import json
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Callable, Iterable, Iterator, Literal

from retold.errors import InputError
from retold.ingest.decode import MAX_BYTES, decode_bytes
from retold.model import Skipped

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
WARC_SUFFIXES = (".warc", ".warc.gz")
KNOWN_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES
# Fields a JSONL record may carry besides id/text/html (others are ignored).
JSONL_FIELDS = ("title", "url", "published", "outlet", "language")
# Bytes read (and decompressed) at a time while streaming a WARC.
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One article as read: decoded text or HTML plus whatever metadata the input carried.

    ``kind`` says how to clean ``content``: ``"page"`` (a plain-text page dump with
    furniture), ``"html"``, or ``"article"`` (already the article's text, e.g. a JSONL ``text``).
    """

    id: str
    source: str
    kind: Literal["page", "html", "article"]
    content: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    language: str | None = None


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for suffix in sorted(KNOWN_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    return path.suffix.lower()


def article_id_for_path(path: Path) -> str:
    """A file's name without its extensions: ``abc.html.gz`` -> ``abc``, ``000_91.txt`` -> ``000_91``."""
    name = path.name
    suffix = _suffix(path)
    if suffix and name.lower().endswith(suffix):
        return name[: -len(suffix)] or name
    return name


def expand_paths(paths: Iterable[str | Path]) -> tuple[list[Path], list[Skipped]]:
    """Files named by ``paths`` (files, folders searched recursively, globs), sorted and unique.

    A path that matches nothing is returned as a ``Skipped``.
    """
    found: dict[Path, None] = {}
    missing: list[Skipped] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and _suffix(f) in KNOWN_SUFFIXES and not f.name.startswith("."):
                    found.setdefault(f, None)
        elif p.is_file():
            found.setdefault(p, None)
        else:
            matches = sorted(glob.glob(str(raw), recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                missing.append(Skipped(str(raw), "no such file, folder or matching glob"))
            for f in files:
                found.setdefault(f, None)
    return list(found), missing


def _read_bytes(path: Path) -> bytes:
    """The file's raw bytes (still compressed: ``read_blob`` gunzips, once, for both engines)."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(f"too large: {size:,} bytes (limit {MAX_BYTES:,})")
    if size == 0:
        raise InputError("empty file")
    return path.read_bytes()


def _checked_bytes(name: str, data: bytes) -> bytes:
    """``data`` of a file called ``name``, gunzipped when the name ends in .gz; raises
    ``InputError`` for empty, too large or broken input."""
    if len(data) > MAX_BYTES:
        raise InputError(f"too large: {len(data):,} bytes (limit {MAX_BYTES:,})")
    if not data:
        raise InputError("empty file")
    if name.lower().endswith(".gz"):
        try:
            # Bounded decompression: a gzip bomb stops at the limit instead of filling memory.
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            data = d.decompress(data, MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                raise InputError(f"too large once decompressed (limit {MAX_BYTES:,} bytes)")
            if not d.eof:
                raise InputError("truncated gzip file")
        except zlib.error as e:
            raise InputError(f"not a valid gzip file ({e})") from None
    return data


def read_path(path: Path) -> Iterator[RawDocument | Skipped]:
    """Every article in one file, or a ``Skipped`` for each part that cannot be read."""
    if _suffix(path) in WARC_SUFFIXES:  # streamed: a web archive can be gigabytes
        yield from _read_warc(str(path), path.open)
        return
    try:
        data = _read_bytes(path)
    except InputError as e:
        yield Skipped(str(path), str(e))
        return
    except OSError as e:
        yield Skipped(str(path), f"cannot read: {e.strerror or e}")
        return
    yield from read_blob(str(path), data)


def read_blob(source: str, data: bytes) -> Iterator[RawDocument | Skipped]:
    """Every article in the bytes of one file named ``source`` (a path or URI: its name gives
    the format and the article id), or a ``Skipped`` for each part that cannot be read.

    The one reader behind both engines: the local engine reads files itself, the Spark
    engine gets their bytes from Spark's ``binaryFile`` source (any Hadoop URI)."""
    name = PurePosixPath(source.split("://", 1)[-1])
    suffix = _suffix(name)
    try:
        if suffix in WARC_SUFFIXES:
            yield from _read_warc(source, lambda mode="rb": io.BytesIO(data))
            return
        data = _checked_bytes(name.name, data)
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(source, data)
        else:
            text = decode_bytes(data)
            kind = "html" if suffix in HTML_SUFFIXES or _looks_like_html(text) else "page"
            yield RawDocument(article_id_for_path(name), source, kind, text)
    except InputError as e:
        yield Skipped(source, str(e))


def _looks_like_html(text: str) -> bool:
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


def _read_jsonl(path: str, data: bytes) -> Iterator[RawDocument | Skipped]:
    text = decode_bytes(data)
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        source = f"{path}#L{n}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield Skipped(source, f"malformed JSON ({e.msg} at column {e.colno})")
            continue
        try:
            yield _record_to_document(record, source)
        except InputError as e:
            yield Skipped(source, str(e))


def _record_to_document(record: object, source: str) -> RawDocument:
    if not isinstance(record, dict):
        raise InputError("a JSONL line must be an object")
    rid = record.get("id")
    if rid is None or not str(rid).strip():
        raise InputError("record has no 'id'")
    html, text = record.get("html"), record.get("text")
    if isinstance(html, str) and html.strip():
        kind, content = "html", html
    elif isinstance(text, str) and text.strip():
        kind, content = "article", text
    else:
        raise InputError("record has neither 'text' nor 'html'")
    extra = {k: (str(record[k]) if record.get(k) is not None else None) for k in JSONL_FIELDS}
    return RawDocument(str(rid).strip(), source, kind, content, **extra)


def _read_warc(path: str, open_stream: Callable[..., BinaryIO]) -> Iterator[RawDocument | Skipped]:
    """Every HTML response record of a WARC; a damaged tail costs only the records in it.

    A ``.warc.gz`` is first checked member by member (one gzip member a record, as crawlers
    write them): warcio then reads only the intact members, and whatever lies from the first
    damaged one on (a cut download, a failed CRC) is one ``Skipped`` with the reason.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.limitreader import LimitReader

    found, records = 0, None
    try:
        intact, damage = _intact_gzip_prefix(open_stream) if path.lower().endswith(".gz") else (None, None)
        with open_stream("rb") as fh:
            records = ArchiveIterator(fh if intact is None else LimitReader(fh, intact))
            for n, record in enumerate(records, start=1):
                document = _warc_document(path, n, record)
                if _cut_short(record):  # an uncompressed WARC's cut tail: the file ends inside this record
                    damage, intact = f"cut off inside record {n}", records.offset
                    break
                if document is not None:
                    found += 1
                    yield document
    # warcio raises assorted errors on a malformed record (ArchiveLoadFailed, but also AttributeError
    # on a record cut inside its headers): each ends the file's reading, never the batch's.
    except Exception as e:  # noqa: BLE001
        damage, intact = _warc_error(e), records.offset if records is not None else 0
    if damage is not None and intact == 0:
        yield Skipped(str(path), f"unreadable WARC ({damage}, at its start)")
    elif damage is not None:
        yield Skipped(str(path), f"damaged WARC from byte {intact:,} on ({damage}): "
                                 f"{found} HTML record(s) before it read, the rest skipped")
    elif not found:
        yield Skipped(str(path), "no HTML response records in this WARC")


def _warc_error(error: Exception) -> str:
    from warcio.exceptions import ArchiveLoadFailed

    if isinstance(error, OSError) and error.strerror:
        return f"cannot read: {error.strerror}"
    # warcio quotes a bad line whole (binary junk, kilobytes): the first 80 characters say enough
    return _one_line(str(error) if isinstance(error, ArchiveLoadFailed) else f"malformed record: {error!r}")


def _warc_document(path: str, n: int, record) -> RawDocument | Skipped | None:
    """The HTML document of one WARC record, a ``Skipped`` when it cannot be read, None when
    the record is no HTML response."""
    if record.rec_type != "response":
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or f"{path}#{n}"
    ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
    if "html" not in ctype.lower():
        return None
    source = f"{path}#{uri}"
    try:
        data = record.content_stream().read(MAX_BYTES + 1)
        charset = ctype.lower().split("charset=")[1].split(";")[0].strip() if "charset=" in ctype.lower() else None
        return RawDocument(uri, source, "html", decode_bytes(data, declared=charset), url=uri)
    except InputError as e:
        return Skipped(source, str(e))


def _cut_short(record) -> bool:
    """Whether the file ends before ``record`` does (its declared length); reads it to its end."""
    while record.raw_stream.read(_CHUNK):
        pass
    return getattr(record.raw_stream, "limit", 0) > 0  # warcio's LimitReader: bytes still owed


def _one_line(text: str, limit: int = 80) -> str:
    line = "".join(c if c.isprintable() else "\ufffd" for c in " ".join(text.split()))
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _intact_gzip_prefix(open_stream: Callable[..., BinaryIO]) -> tuple[int, str | None]:
    """(compressed bytes of the whole gzip members that decompress with a valid CRC, from the
    start; why the data after them is unusable, None when nothing is).

    One streaming pass; output is decompressed in bounded pieces and dropped.
    """
    intact = offset = 0  # end of the last verified member; bytes consumed so far
    member = zlib.decompressobj(16 + zlib.MAX_WBITS)
    with open_stream("rb") as fh:
        pending = b""
        while True:
            if not pending:
                pending = fh.read(_CHUNK)
                if not pending:
                    break
            try:
                member.decompress(pending, _CHUNK)
            except zlib.error as e:
                return intact, _gzip_damage(str(e))
            used = len(pending) - len(member.unconsumed_tail) - len(member.unused_data)
            offset += used
            if member.eof:
                intact = offset
                pending = member.unused_data
                member = zlib.decompressobj(16 + zlib.MAX_WBITS)
            else:
                pending = member.unconsumed_tail
    return intact, None if offset == intact else "cut off inside a gzip member"


def _gzip_damage(message: str) -> str:
    if "incorrect data check" in message or "incorrect length check" in message:
        return "CRC check failed"
    if "incorrect header check" in message:
        return "not gzip data"
    return f"corrupt gzip data: {message.split(': ', 1)[-1]}"


def read_inputs(paths: Iterable[str | Path]) -> Iterator[RawDocument | Skipped]:
    """Every article under ``paths``, in a stable order; a later duplicate id is skipped."""
    files, missing = expand_paths(paths)
    yield from missing
    seen: dict[str, str] = {}
    for f in files:
        for item in read_path(f):
            if isinstance(item, RawDocument):
                if item.id in seen:
                    yield Skipped(item.source, f"duplicate article id {item.id!r} (first read from {seen[item.id]})")
                    continue
                seen[item.id] = item.source
            yield item
