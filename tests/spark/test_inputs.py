"""Every input kind, good and bad, through both engines: ``retold.pipeline.analyze`` (the local
engine, into a store) and one Spark job over the same folder.

A good file of each kind the README lists (.txt, .html, .htm, .html.gz, .jsonl, .jsonl.gz,
.warc, .warc.gz) must come out as a stored article with its text; awkward files (empty,
binary, a cut .html.gz, a .warc.gz whose tail is damaged) are skipped with a reason, and
nothing readable in them is lost. The local-engine tests need no Spark and always run.
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from retold.pipeline import analyze

# One distinct article per input kind: (article id, the sentence its stored body must contain).
_SENTENCES = (
    "The harbour authority of {town} said on Tuesday that the {kind} ferry would resume sailing next week.",
    "Engineers had inspected the pier at {town} after a storm damaged two of its concrete supports.",
    "Local traders in {town} told reporters the closure had cost them most of the summer season.",
    "The council of {town} will publish the full inspection report on its website on Friday.",
)
_TOWNS = {".txt": "Kestrel Bay", ".html": "Amberford", ".htm": "Wrenmouth", ".html.gz": "Tallow Cove",
          ".jsonl": "Harwick", ".jsonl.gz": "Stonemere", ".warc": "Ferrisham", ".warc.gz": "Dunmarrow"}


def _article(kind: str) -> list[str]:
    return [s.format(town=_TOWNS[kind], kind=kind) for s in _SENTENCES]


def _html(kind: str) -> str:
    paragraphs = "".join(f"<p>{s}</p>" for s in _article(kind))
    return (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>Ferry returns to {_TOWNS[kind]}</title>"
            f"</head><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav><article>"
            f"<h1>Ferry returns to {_TOWNS[kind]}</h1>{paragraphs}</article>"
            f"<footer>© 2024 Coast News</footer></body></html>")


def _warc(records: list[tuple[str, bytes]], compressed: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=compressed)
    for uri, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
    return buf.getvalue()


def write_every_kind(folder: Path) -> dict[str, str]:
    """A good file of every input kind under ``folder``: article id -> a sentence of its body."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kestrel.txt").write_text(f"Ferry returns to {_TOWNS['.txt']}\n" + "\n".join(_article(".txt")) + "\n")
    (folder / "amberford.html").write_text(_html(".html"))
    (folder / "wrenmouth.htm").write_text(_html(".htm"))
    (folder / "tallow.html.gz").write_bytes(gzip.compress(_html(".html.gz").encode()))
    (folder / "harwick.jsonl").write_text(json.dumps({"id": "harwick", "text": "\n".join(_article(".jsonl"))}) + "\n")
    (folder / "stonemere.jsonl.gz").write_bytes(gzip.compress(
        (json.dumps({"id": "stonemere", "html": _html(".jsonl.gz")}) + "\n").encode()))
    (folder / "ferrisham.warc").write_bytes(_warc([("https://coast.example/ferrisham", _html(".warc").encode())],
                                                  compressed=False))
    (folder / "dunmarrow.warc.gz").write_bytes(_warc([("https://coast.example/dunmarrow",
                                                       _html(".warc.gz").encode())], compressed=True))
    ids = ["kestrel", "amberford", "wrenmouth", "tallow", "harwick", "stonemere",
           "https://coast.example/ferrisham", "https://coast.example/dunmarrow"]
    return {aid: _article(kind)[0] for aid, kind in zip(ids, _TOWNS)}


def write_awkward(folder: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Bad inputs beside a .warc.gz whose tail is damaged: (article id -> a sentence of each
    record before the damage, file name -> a word its skip reason must contain)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "cut.html.gz").write_bytes(gzip.compress(_html(".html.gz").encode())[:60])
    (folder / "no-text.html").write_text("<html><body><script>var x = 1;</script></body></html>")
    records = [(f"https://coast.example/crawl/{n}", _html(kind).encode()) for n, kind in enumerate(_TOWNS)]
    damaged = bytearray(_warc(records, compressed=True))
    damaged[-8] ^= 0xFF  # the last gzip member's CRC-32 (its trailer: CRC-32, then the length)
    (folder / "crawl.warc.gz").write_bytes(bytes(damaged))
    kept = {uri: _article(kind)[0] for (uri, _), kind in zip(records[:-1], _TOWNS)}
    reasons = {"empty.txt": "empty", "binary.txt": "binary", "cut.html.gz": "gzip", "no-text.html": "no article text",
               "crawl.warc.gz": "damaged WARC"}
    return kept, reasons


def _stored(corpus) -> dict[str, str]:
    return {a["id"]: a["body"] for a in json.loads(corpus.to_json())["articles"]}


def _reasons(skipped) -> dict[str, str]:
    return {Path(s.source.split("#", 1)[0]).name: s.reason for s in skipped}


def test_inputs_every_kind_stored_by_the_local_engine(tmp_path):
    expected = write_every_kind(tmp_path / "in")
    corpus = analyze([tmp_path / "in"], db=tmp_path / "r.db", stages=[])
    bodies = _stored(corpus)
    assert not corpus.skipped and bodies.keys() == expected.keys()
    for aid, sentence in expected.items():
        assert sentence in bodies[aid], (aid, bodies[aid])


def test_inputs_awkward_files_skipped_with_reasons_and_nothing_readable_lost(tmp_path):
    kept, reasons = write_awkward(tmp_path / "in")
    corpus = analyze([tmp_path / "in"], db=tmp_path / "r.db", stages=[])
    bodies = _stored(corpus)
    assert bodies.keys() == kept.keys()
    assert all(sentence in bodies[aid] for aid, sentence in kept.items())
    got = _reasons(corpus.skipped)
    assert got.keys() == reasons.keys(), got
    for name, word in reasons.items():
        assert word in got[name], (name, got[name])
    assert "CRC check failed" in got["crawl.warc.gz"] and f"{len(kept)} HTML record(s)" in got["crawl.warc.gz"]


@pytest.fixture
def small_spacy_limit(monkeypatch):
    """spaCy pipelines that refuse texts over 2,000 characters (E088), as they refuse 1,000,000
    by default: a long article's test stays fast. Reloaded as usual afterwards."""
    import spacy

    from retold.nlp import spacy_pipeline

    load = spacy.load

    def small(*args, **kwargs):
        nlp = load(*args, **kwargs)
        nlp.max_length = 2000
        return nlp

    monkeypatch.setattr(spacy, "load", small)
    spacy_pipeline.cache_clear()
    yield 2000
    spacy_pipeline.cache_clear()


def test_inputs_article_longer_than_spacys_limit_goes_through_every_parsing_stage(tmp_path, small_spacy_limit):
    """One line of text longer than ``nlp.max_length`` (a page dumped on one line) is stored, and
    stories and quotes parse it in pieces: no E088, and a quote past the first piece is found
    with offsets into the whole body."""
    filler = " ".join(_article(".txt")[1:]) + " "
    quote = '"We will not close the harbour again," the mayor of Kestrel Bay said.'
    line = filler * 10 + quote + " " + filler * 10
    assert len(line) > 2 * small_spacy_limit
    (tmp_path / "long.txt").write_text(line + "\n")
    corpus = analyze([tmp_path / "long.txt"], db=tmp_path / "r.db", stages=["stories", "quotes"])
    assert [a.id for a in corpus.articles] == ["long"] and len(corpus.articles[0].body) > small_spacy_limit
    body = corpus.articles[0].body
    found = [q for q in corpus.quotes if "close the harbour" in q.text]
    assert found and body.index("We will not") > small_spacy_limit
    assert "close the harbour" in body[found[0].span[0]:found[0].span[1]]
    assert len(corpus.stories) == 1


# -- the Spark engine: one job over a folder of every kind, good and bad --------------------------
def test_inputs_every_kind_and_awkward_files_on_spark_equal_the_local_engine(spark, tmp_path):
    from retold.spark.job import run_spark
    from retold.spark.load import read_result

    expected = write_every_kind(tmp_path / "in" / "good")
    kept, reasons = write_awkward(tmp_path / "in" / "bad")
    summary = run_spark([str(tmp_path / "in")], str(tmp_path / "out"), stages=[], spark=spark)
    bodies = _stored(read_result(tmp_path / "out"))
    assert bodies.keys() == expected.keys() | kept.keys()
    for aid, sentence in {**expected, **kept}.items():
        assert sentence in bodies[aid], (aid, bodies[aid])
    got = _reasons(summary.skipped)
    assert got.keys() == reasons.keys(), got
    local = analyze([tmp_path / "in"], stages=[])
    assert _stored(local) == bodies
    assert sorted((s.source, s.reason) for s in local.skipped) == sorted((s.source, s.reason) for s in summary.skipped)
