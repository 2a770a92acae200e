"""Bytes to text: honour a declared charset, otherwise detect it (charset-normalizer).

Raises ``InputError`` with a one-line reason for empty, binary, undecodable and
oversized input, so the batch runner can report the file and move on.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from retold.errors import InputError

# Larger than any real article page (the biggest scrapinghub page is ~1.5 MB of HTML);
# anything bigger is almost surely a dump or a binary mislabelled as text.
MAX_BYTES = 50 * 1024 * 1024

# Share of control characters (other than \t \n \r \f) above which decoded text is binary.
_MAX_CONTROL_RATIO = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag within its first 4 KB, if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "ignore").lower() if m else None


def _known(encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def decode_bytes(data: bytes, declared: str | None = None, max_bytes: int = MAX_BYTES) -> str:
    """Decode ``data`` to ``str``.

    Order: a BOM; strict UTF-8 when the bytes hold multi-byte sequences; the
    ``declared`` charset (HTTP header, JSON field) or an HTML ``<meta charset>``;
    strict UTF-8; charset-normalizer's best guess.

    Valid UTF-8 with multi-byte sequences wins over a declaration because the bytes
    are the better witness: pages are often re-saved as UTF-8 under a stale
    ``ISO-8859-1`` header, a single-byte charset "decodes" any bytes (into mojibake
    such as ``Ã©``), and text in another charset is almost never valid UTF-8 by chance.
    Raises ``InputError`` when the input is empty, over ``max_bytes``, binary
    (NUL bytes or control characters), or cannot be decoded.
    """
    if len(data) > max_bytes:
        raise InputError(f"too large: {len(data):,} bytes (limit {max_bytes:,})")
    if not data.strip():
        raise InputError("empty file")
    if data.startswith(codecs.BOM_UTF8):
        return _check_text(data[3:].decode("utf-8", errors="replace"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _check_text(data.decode("utf-16", errors="replace"))
    if b"\x00" in data[:8192]:
        raise InputError("binary file (NUL bytes)")
    if not data.isascii():
        try:
            return _check_text(data.decode("utf-8"))
        except UnicodeDecodeError:
            pass
    for enc in (_known(declared), _known(declared_charset(data))):
        if enc:
            try:
                return _check_text(data.decode(enc))
            except UnicodeDecodeError:
                pass  # a wrong declaration is common; fall through to detection
    try:
        return _check_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    best = _best_guess(data)
    if best is None:
        raise InputError("undecodable: no text encoding fits these bytes")
    return _check_text(best)


# Legacy charsets by how common they are on the web (W3Techs): charset-normalizer often scores
# several single-byte code pages exactly alike on Western text, and then its first pick
# (cp1250 for French, say) is arbitrary. Among tied candidates we take the most common.
_WEB_PREVALENCE = ("utf_8", "cp1252", "latin_1", "cp1251", "iso8859_15", "cp1250", "euc_jp", "gb2312", "shift_jis")


def _best_guess(data: bytes) -> str | None:
    matches = list(from_bytes(data))
    if not matches:
        return None
    top = matches[0]
    tied = [m for m in matches if m.chaos == top.chaos and m.coherence == top.coherence]
    tied.sort(key=lambda m: _WEB_PREVALENCE.index(m.encoding) if m.encoding in _WEB_PREVALENCE else len(_WEB_PREVALENCE))
    return str(tied[0])


def _check_text(text: str) -> str:
    sample = text[:100_000]
    if not sample.strip():
        raise InputError("empty file")
    controls = len(_CONTROL.findall(sample))
    if controls > _MAX_CONTROL_RATIO * len(sample):
        raise InputError("binary file (control characters)")
    return text
