import json

import pytest
from typer.testing import CliRunner

from retold.cli import app

runner = CliRunner()


def test_cli_help_on_every_command():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    commands = ["analyze", "export", "stories", "reuse", "quotes", "search", "eval"]
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
