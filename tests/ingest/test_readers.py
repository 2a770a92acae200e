import gzip
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retold.ingest import RawDocument, article_id_for_path, read_inputs
from retold.model import Skipped


@pytest.mark.parametrize(
    "name, expected",
    [
        ("000_91eabdf53da39405.txt", "000_91eabdf53da39405"),
        ("abc.html.gz", "abc"),
        ("page.htm", "page"),
        ("dump.warc.gz", "dump"),
        ("noext", "noext"),
        ("a.b.c.html", "a.b.c"),
    ],
)
def test_readers_article_id_for_path(name, expected):
    assert article_id_for_path(Path(name)) == expected


def _split(items):
    docs = [i for i in items if isinstance(i, RawDocument)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    return docs, skipped


def test_readers_seeds_folder(seeds_dir):
    docs, skipped = _split(list(read_inputs([seeds_dir])))
    assert [d.id for d in docs] == sorted(p.stem for p in seeds_dir.glob("*.txt"))
    assert not skipped and all(d.kind == "page" for d in docs)


def test_readers_glob_and_missing(seeds_dir, tmp_path):
    docs, skipped = _split(list(read_inputs([str(seeds_dir / "00[34]*.txt"), str(tmp_path / "nothing*")])))
    assert [d.id for d in docs] == ["003_6919b34de9473304", "004_a59f0c3df0fe176b"]
    assert len(skipped) == 1 and "no such file" in skipped[0].reason


def test_readers_bad_files_are_skipped_not_fatal(tmp_path):
    (tmp_path / "good.txt").write_text("A perfectly good article line.\n" * 3)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "broken.html.gz").write_bytes(gzip.compress(b"<html><body>" + b"x" * 5000)[:40])
    (tmp_path / "notgzip.html.gz").write_bytes(b"plain bytes, not gzip")
    docs, skipped = _split(list(read_inputs([tmp_path])))
    assert [d.id for d in docs] == ["good"]
    reasons = {Path(s.source).name: s.reason for s in skipped}
    assert reasons.keys() == {"empty.txt", "binary.txt", "broken.html.gz", "notgzip.html.gz"}
    assert "empty" in reasons["empty.txt"] and "binary" in reasons["binary.txt"]
    assert "gzip" in reasons["broken.html.gz"] or "truncated" in reasons["broken.html.gz"]


def test_readers_jsonl_records_and_bad_lines(tmp_path):
    lines = [
        json.dumps({"id": "a1", "text": "Body one.", "title": "T", "outlet": "O", "published": "2019-12-08"}),
        "{not json",
        json.dumps({"id": "a2", "html": "<html><body><p>Hi</p></body></html>"}),
        json.dumps({"text": "no id"}),
        json.dumps({"id": "a3"}),
        json.dumps(["not", "an", "object"]),
        "",
    ]
    (tmp_path / "x.jsonl").write_text("\n".join(lines))
    docs, skipped = _split(list(read_inputs([tmp_path / "x.jsonl"])))
    assert [(d.id, d.kind) for d in docs] == [("a1", "article"), ("a2", "html")]
    assert docs[0].title == "T" and docs[0].outlet == "O" and docs[0].published == "2019-12-08"
    assert [s.source.rsplit("#", 1)[1] for s in skipped] == ["L2", "L4", "L5", "L6"]


def test_readers_duplicate_ids_skip_the_later(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "same.txt").write_text("first version of the page")
    (tmp_path / "b" / "same.html").write_text("<html><body>second</body></html>")
    docs, skipped = _split(list(read_inputs([tmp_path])))
    assert len(docs) == 1 and len(skipped) == 1 and "duplicate" in skipped[0].reason


def _warc(records, compressed=True, ends=None):
    """A WARC of ``(uri, body, content type)`` response records; ``ends`` gets where each record ends."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=compressed)
    for uri, body, ctype in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
        if ends is not None:
            ends.append(buf.tell())
    return buf.getvalue()


def test_readers_warc(tmp_path):
    data = _warc([
        ("https://example.org/a", "<html><body><p>Привет</p></body></html>".encode("cp1251"), "text/html; charset=windows-1251"),
        ("https://example.org/img.png", b"\x89PNG", "image/png"),
        ("https://example.org/b", b"", "text/html"),
    ])
    (tmp_path / "crawl.warc.gz").write_bytes(data)
    docs, skipped = _split(list(read_inputs([tmp_path])))
    assert [d.id for d in docs] == ["https://example.org/a"]
    assert "Привет" in docs[0].content and docs[0].url == "https://example.org/a"
    assert len(skipped) == 1 and "empty" in skipped[0].reason


def test_readers_truncated_warc_is_reported(tmp_path):
    data = _warc([("https://example.org/a", b"<html><body>" + b"word " * 2000 + b"</body></html>", "text/html")])
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) // 2])
    docs, skipped = _split(list(read_inputs([tmp_path])))
    assert not docs and skipped and skipped[0].reason


def _crawl(n, compressed=True):
    """A WARC of ``n`` HTML pages (one gzip member each when compressed) and where each record ends."""
    records = [(f"https://example.org/{i}", f"<html><body><p>Page {i}: ".encode() + b"word " * 3000
                + b"</p></body></html>", "text/html") for i in range(n)]
    ends: list[int] = []
    return _warc(records, compressed, ends), ends


def _flip(data, at):
    out = bytearray(data)
    out[at] ^= 0xFF
    return bytes(out)


@pytest.mark.parametrize("damage, reason", [
    (lambda data, ends: data[: ends[1] + (ends[2] - ends[1]) // 2], "cut off inside a gzip member"),  # cut download
    (lambda data, ends: _flip(data, ends[2] - 8), "CRC check failed"),  # the last member's CRC-32
    # its data: a flipped byte inside deflate data is caught by the CRC, or earlier by the
    # inflater itself ("invalid distance too far back"), depending on where it falls; the WARC
    # carries the time it was written, so the compressed bytes differ from run to run
    (lambda data, ends: _flip(data, ends[1] + (ends[2] - ends[1]) // 2), ("CRC check failed", "corrupt gzip data")),
    (lambda data, ends: data[: ends[1]] + b"\x00garbage" * 50, "not gzip data"),
])
def test_readers_damaged_warc_gz_keeps_every_record_before_the_damage(tmp_path, damage, reason):
    data, ends = _crawl(3)
    (tmp_path / "crawl.warc.gz").write_bytes(damage(data, ends))
    docs, skipped = _split(list(read_inputs([tmp_path])))
    assert [d.id for d in docs] == ["https://example.org/0", "https://example.org/1"]
    assert all(d.content.count("word") == 3000 for d in docs)
    assert len(skipped) == 1 and skipped[0].source == str(tmp_path / "crawl.warc.gz")
    reasons = (reason,) if isinstance(reason, str) else reason
    assert any(r in skipped[0].reason for r in reasons) and f"from byte {ends[1]:,}" in skipped[0].reason
    assert "2 HTML record(s) before it read" in skipped[0].reason


def test_readers_warc_gz_damaged_at_its_start_is_unreadable(tmp_path):
    data, ends = _crawl(2)
    (tmp_path / "a.warc.gz").write_bytes(data[: ends[0] // 2])
    (tmp_path / "b.warc.gz").write_bytes(b"not a gzip file at all, " * 20)
    docs, skipped = _split(list(read_inputs([tmp_path])))
    assert not docs
    assert [(Path(s.source).name, s.reason) for s in skipped] == [
        ("a.warc.gz", "unreadable WARC (cut off inside a gzip member, at its start)"),
        ("b.warc.gz", "unreadable WARC (not gzip data, at its start)")]


def test_readers_cut_uncompressed_warc_keeps_the_whole_records(tmp_path):
    data, ends = _crawl(3, compressed=False)
    for cut in (100, 400, 2000):  # inside the WARC headers, the HTTP headers, the page
        (tmp_path / "cut.warc").write_bytes(data[: ends[1] + cut])
        docs, skipped = _split(list(read_inputs([tmp_path / "cut.warc"])))
        assert [d.id for d in docs] == ["https://example.org/0", "https://example.org/1"]
        assert [s.source for s in skipped] == [str(tmp_path / "cut.warc")], cut
        assert skipped[0].reason.startswith(f"damaged WARC from byte {ends[1]:,} on (")
        assert skipped[0].reason.endswith("): 2 HTML record(s) before it read, the rest skipped")
    (tmp_path / "junk.warc").write_bytes(data[: ends[0]] + bytes(range(256)) * 40)
    docs, skipped = _split(list(read_inputs([tmp_path / "junk.warc"])))
    assert [d.id for d in docs] == ["https://example.org/0"] and len(skipped) == 1
    reason = skipped[0].reason
    assert reason.startswith(f"damaged WARC from byte {ends[0]:,} on (Invalid WARC record")
    assert len(reason) < 200 and reason.isprintable()  # warcio's quote of the junk, shortened


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=50), st.dictionaries(st.sampled_from(["id", "text", "html", "title"]),
                                                                  st.one_of(st.text(max_size=20), st.integers(), st.none()))),
                max_size=8))
def test_readers_jsonl_never_crashes(tmp_path_factory, records):
    path = tmp_path_factory.mktemp("j") / "r.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n")
    for item in read_inputs([path]):
        assert isinstance(item, (RawDocument, Skipped))
        if isinstance(item, Skipped):
            assert item.reason
        else:
            assert item.id and item.content.strip()
