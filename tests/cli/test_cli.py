import json
import re

import pytest
from typer.testing import CliRunner

from retold.cli import app

runner = CliRunner()


def test_cli_help_on_every_command():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    commands = ["analyze", "export", "stories", "reuse", "quotes", "outlets", "search", "eval"]
    for cmd in commands:
        assert cmd in result.output
        assert runner.invoke(app, [cmd, "--help"]).exit_code == 0


def test_cli_analyze_and_export(seeds_dir, tmp_path):
    db = tmp_path / "r.db"
    result = runner.invoke(app, ["analyze", str(seeds_dir), "--db", str(db), "--stages", ""])
    assert result.exit_code == 0, result.output
    assert "articles in store" in result.output
    for fmt, name in [("json", "e.json"), ("jsonl", "e.jsonl"), ("csv", "csv"), ("parquet", "pq")]:
        r = runner.invoke(app, ["export", "--db", str(db), "--format", fmt, "-o", str(tmp_path / name)])
        assert r.exit_code == 0, r.output
    assert len(json.loads((tmp_path / "e.json").read_text())["articles"]) == 5
    r = runner.invoke(app, ["outlets", "--db", str(db), "--min-articles", "1"])
    assert r.exit_code == 0 and "4 outlets" in r.output, r.output  # 247 City News, RFE/RL, TASS, unknown
    r = runner.invoke(app, ["search", "optimism", "--db", str(db)])
    assert r.exit_code == 0 and "003_6919b34de9473304" in r.output


def test_cli_analyze_exit_codes(tmp_path, seeds_dir):
    (tmp_path / "empty.txt").write_bytes(b"")
    r = runner.invoke(app, ["analyze", str(tmp_path / "empty.txt"), "--db", str(tmp_path / "r.db")])
    assert r.exit_code == 1 and "no readable articles" in r.output
    r = runner.invoke(app, ["analyze", str(tmp_path / "empty.txt"), str(seeds_dir / "003_6919b34de9473304.txt"),
                            "--db", str(tmp_path / "r.db"), "--stages", ""])
    assert r.exit_code == 3 and "empty file" in " ".join(r.output.split())


@pytest.mark.parametrize("args, message", [
    (["export", "--db", "{tmp}/missing.db", "-o", "{tmp}/x.json"], "no store"),
    (["export", "--db", "{tmp}/r.db", "--format", "xml", "-o", "{tmp}/x"], "unknown format"),
    (["analyze", "{tmp}/x.txt", "--db", "{tmp}/r.db", "--stages", "nonsense"], "unknown stage"),
])
def test_cli_errors_are_one_red_line(tmp_path, args, message):
    (tmp_path / "x.txt").write_text("Some article text that is long enough to be an article body.")
    (tmp_path / "r.db").touch()
    r = runner.invoke(app, [a.format(tmp=tmp_path) for a in args])
    assert r.exit_code == 1
    assert message in " ".join(r.output.split()) and "Traceback" not in r.output


def _warc_gz_with_damaged_tail(pages: int) -> bytes:
    """A .warc.gz of ``pages`` HTML pages whose last gzip member fails its CRC check."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for n in range(pages):
        body = f"<html><body><p>Report {n}: the harbour of Kestrel Bay reopened on Tuesday after repairs.</p>" \
               f"<p>Engineers said the pier's supports had been replaced.</p></body></html>".encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://coast.example/{n}", "response",
                                                      payload=io.BytesIO(body), http_headers=headers))
    data = bytearray(buf.getvalue())
    data[-8] ^= 0xFF  # the last member's CRC-32
    return bytes(data)


def test_cli_analyze_awkward_folder_exits_3_and_prints_no_library_log_lines(tmp_path, seeds_dir):
    """A real process (CliRunner shares pytest's logging): the skips are listed with their reasons,
    and trafilatura's own lines about pages without text ("discarding data: None") stay out of
    the console unless --verbose asks for them."""
    import os
    import shutil
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seeds_dir / "003_6919b34de9473304.txt", folder / "good.txt")
    (folder / "empty-body.html").write_text("<html><body></body></html>")
    (folder / "script-only.html").write_text("<html><body><script>var x = 1;</script></body></html>")
    (folder / "crawl.warc.gz").write_bytes(_warc_gz_with_damaged_tail(3))

    def analyze(*extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", "from retold.cli import app; app()", "analyze", str(folder),
                               "--db", str(tmp_path / f"r{len(extra)}.db"), "--stages", "", *extra],
                              capture_output=True, text=True, timeout=600, env={**os.environ, "COLUMNS": "200"})

    quiet, verbose = analyze(), analyze("--verbose")
    assert quiet.returncode == 3, quiet.stderr
    console = quiet.stdout + quiet.stderr
    assert "discarding data" not in console and "empty HTML tree" not in console, console
    assert "discarding data" in verbose.stdout + verbose.stderr  # the folder does make trafilatura talk
    skips = [line for line in quiet.stderr.splitlines() if line.startswith("skip ")]
    assert len(skips) == 3, quiet.stderr
    assert any("crawl.warc.gz: damaged WARC" in s and "CRC check failed" in s for s in skips)
    stored = re.search(r"articles in store\W+(\d+)", quiet.stdout)
    assert stored and stored.group(1) == "3", quiet.stdout  # good.txt and the crawl's two intact pages


@pytest.mark.parametrize("width, shown, hidden", [
    (80, ["copying and credits", "takes from RT 1", "taken by 247 City News 1", "not in the corpus"], ["derived %"]),
    (200, ["derived %", "credited %", "RT 1 (100% credited)"], ["copying and credits"]),
])
def test_cli_outlets_fits_the_terminal(seeds_dir, tmp_path, monkeypatch, width, shown, hidden):
    """Ten columns in 80 characters were unreadable (`make demo`): a narrow terminal gets the
    outlet, its counts in words and its relations; a wide one the full table."""
    from retold.cli.common import out

    db = tmp_path / "r.db"
    assert runner.invoke(app, ["analyze", str(seeds_dir), "--db", str(db), "--stages", "reuse"]).exit_code == 0
    monkeypatch.setattr(out, "width", width)
    r = runner.invoke(app, ["outlets", "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert all(s in r.output for s in shown) and not any(s in r.output for s in hidden), r.output
