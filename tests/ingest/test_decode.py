import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retold.errors import InputError
from retold.ingest.decode import declared_charset, decode_bytes


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"   \n\t  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (bytes(range(1, 32)) * 50, "binary"),
    ],
)
def test_decode_rejects_bad_input_with_reason(data, reason):
    with pytest.raises(InputError, match=reason):
        decode_bytes(data)


def test_decode_rejects_oversized():
    with pytest.raises(InputError, match="too large"):
        decode_bytes(b"a" * 101, max_bytes=100)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1251", "latin-1", "utf-16"])
def test_decode_detects_encodings(encoding):
    text = {"cp1251": "Министр обороны России Сергей Шойгу заявил, что отношения с НАТО ухудшаются каждый день.",
            # Long enough for detection to tell Latin-1/cp1252 from its Central European cousins.
            "latin-1": "Le ministre a déclaré à la télévision que les relations se dégradaient. " * 3
                       + "Selon l'agence, la coopération militaire reste gelée « à cause de l'OTAN » et l'été sera tendu.",
            }.get(encoding, "Russia’s cooperation with NATO “remains frozen”, Shoigu said — «not our fault».")
    assert decode_bytes(text.encode(encoding)) == text


def test_decode_honours_declared_charset():
    html = '<html><head><meta charset="windows-1252"></head><body>caf\xe9 na\xefve r\xe9sum\xe9</body></html>'
    assert decode_bytes(html.encode("cp1252")) == html
    assert declared_charset(html.encode("cp1252")) == "windows-1252"


@pytest.mark.parametrize("where", ["header", "meta"])
def test_decode_utf8_bytes_win_over_a_contradicting_declaration(where):
    """A page declaring ISO-8859-1 whose bytes are valid UTF-8 with multi-byte sequences is UTF-8
    (decoding it as declared would give "cafÃ©")."""
    meta = '<meta charset="iso-8859-1">' if where == "meta" else ""
    html = f'<html><head>{meta}</head><body>Café crème, naïve résumé — «Zürich»</body></html>'
    declared = "ISO-8859-1" if where == "header" else None
    assert decode_bytes(html.encode("utf-8"), declared=declared) == html


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1)
       .filter(lambda s: s.strip() and not s.isascii()),
       st.sampled_from(["iso-8859-1", "windows-1252", "cp1251", "iso-8859-15", "koi8-r", "cp1250"]))
def test_decode_valid_utf8_with_multibyte_beats_any_declared_single_byte_charset(text, declared):
    assert decode_bytes(text.encode("utf-8"), declared=declared) == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0xA0, max_codepoint=0xFF), min_size=1, max_size=40)
       .filter(lambda s: s.strip()))
def test_decode_declared_latin1_is_kept_when_the_bytes_are_not_utf8(text):
    data = ("Prix: " + text).encode("latin-1")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        assert decode_bytes(data, declared="iso-8859-1") == "Prix: " + text
    else:  # a Latin-1 run that happens to be valid UTF-8 (such as "Ã©") reads as UTF-8: the rule's price
        assert decode_bytes(data, declared="iso-8859-1") == data.decode("utf-8")


def test_decode_strips_utf8_bom():
    assert decode_bytes(codecs.BOM_UTF8 + "hello world".encode()) == "hello world"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1).filter(lambda s: s.strip()))
def test_decode_utf8_roundtrip(text):
    assert decode_bytes(text.encode("utf-8")) == text


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_decode_never_crashes_on_bytes(data):
    try:
        out = decode_bytes(data)
    except InputError as e:
        assert str(e)  # always a reason
    else:
        assert isinstance(out, str) and out.strip()
