"""The digests and the read-or-compute step every cached stage result goes through."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from retold.fingerprint import cached, code_digest
from retold.model import MemoryCache


def test_cached_computes_once_and_reads_back():
    cache, calls = MemoryCache(), []

    def compute():
        calls.append(1)
        return {"groups": [[0, 2], [1]]}

    first = cached(cache, "test.kind", ("v1", "a"), compute)
    second = cached(cache, "test.kind", ("v1", "a"), compute)
    assert first == second == {"groups": [[0, 2], [1]]}
    assert len(calls) == 1


def test_cached_keys_on_every_part_and_the_kind():
    cache = MemoryCache()
    assert cached(cache, "test.kind", ("v1", "a"), lambda: 1) == 1
    assert cached(cache, "test.kind", ("v2", "a"), lambda: 2) == 2  # changed code digest
    assert cached(cache, "test.kind", ("v1", "b"), lambda: 3) == 3  # changed input
    assert cached(cache, "test.other", ("v1", "a"), lambda: 4) == 4  # another stage
    assert cached(cache, "test.kind", ("v1", "a"), lambda: 5) == 1


@given(st.lists(st.text(), max_size=4), st.lists(st.text(), max_size=4))
def test_cached_parts_do_not_run_together(first, second):
    """("ab", "c") and ("a", "bc") are different inputs and never share a key."""
    cache = MemoryCache()
    cached(cache, "k", first, lambda: "first")
    assert cached(cache, "k", second, lambda: "second") == ("first" if first == second else "second")


def test_cached_none_is_kept_and_read_back_with_codecs():
    cache, calls = MemoryCache(), []

    def compute():
        calls.append(1)
        return None

    for _ in range(2):
        assert cached(cache, "k", ("x",), compute, lambda v: b"null" if v is None else b"x",
                      lambda b: None if b == b"null" else "x") is None
    assert len(calls) == 1


def test_cached_without_a_cache_computes_every_time():
    calls = []
    for _ in range(2):
        cached(None, "k", ("x",), lambda: calls.append(1))
    assert len(calls) == 2


def test_code_digest_follows_the_modules_and_extra():
    one = code_digest(("retold.fingerprint",))
    assert one == code_digest(("retold.fingerprint",))
    assert one != code_digest(("retold.model",))
    assert one != code_digest(("retold.fingerprint",), "RETOLD_SETTING=1")


def test_cached_parts_with_separators_in_them_stay_apart():
    cache = MemoryCache()
    cached(cache, "k", ["a\0"], lambda: "first")
    assert cached(cache, "k", ["a", ""], lambda: "second") == "second"


def test_article_digest_of_an_article_without_slug_is_as_before_slugs():
    """Stores written before ``slug`` existed keep their content hashes (nothing re-analysed)."""
    import hashlib
    import json

    from retold.fingerprint import article_digest
    from retold.model import Article

    article = Article(id="a", body="Text.", source="x.txt", outlet="TASS", credits=("Source: RT",))
    d = article.to_dict()
    d.pop("source")
    d.pop("slug")
    before = hashlib.sha256(json.dumps(d, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]
    assert article_digest(article) == before
    assert article_digest(Article(id="a", body="Text.", outlet="TASS", credits=("Source: RT",), slug="X")) != before


def _package(root, files: dict[str, str]):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_source_fingerprint_follows_what_the_code_imports_and_nothing_else(tmp_path, monkeypatch):
    """A stage's fingerprint changes with the source of any retold module its code imports
    (in a function too), and with the data files beside them; not with modules it does not
    import, nor with what the ``retold`` package itself imports inside its functions."""
    from retold import fingerprint

    root = tmp_path / "retold"
    _package(root, {
        "__init__.py": "def analyze():\n    from retold.pipeline import run\n",
        "pipeline.py": "RUN = 1\n",
        "nlp.py": "MODEL = 'a'\n",
        "unrelated.py": "X = 1\n",
        "stage/__init__.py": "",
        "stage/rules.py": "from retold import nlp\n\ndef judge():\n    from .weights import W\n",
        "stage/weights.py": "W = 0.5\n",
        "stage/lazy.py": "# exported lazily, imported by no one\nY = 1\n",
        "stage/model.json": "{}",
    })
    monkeypatch.setattr(fingerprint, "_PACKAGE_DIR", root)

    def digest(*roots):
        fingerprint.source_fingerprint.cache_clear()
        return fingerprint.source_fingerprint(*roots)

    stage, rules = digest("retold.stage"), digest("retold.stage.rules")
    # (file changed, moves the package's fingerprint, moves the fingerprint of stage.rules)
    for changed, moves_stage, moves_rules in [
            ("nlp.py", True, True), ("stage/weights.py", True, True), ("stage/model.json", True, True),
            ("stage/lazy.py", True, False), ("unrelated.py", False, False), ("pipeline.py", False, False)]:
        (root / changed).write_text((root / changed).read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
        assert (digest("retold.stage") != stage, digest("retold.stage.rules") != rules) == (moves_stage, moves_rules), \
            changed
        stage, rules = digest("retold.stage"), digest("retold.stage.rules")
    fingerprint.source_fingerprint.cache_clear()


def test_source_fingerprint_of_the_stages_reads_their_own_code():
    """The real closures: a stage's per-article features depend on nlp and the data model,
    not on the pipeline or the web app."""
    from retold.fingerprint import _source_closure

    names = {str(p.relative_to(p.parents[1])) for p in _source_closure(("retold.stories.features",))}
    assert {"retold/nlp.py", "retold/model.py", "stories/features.py"} <= names
    assert not {"retold/pipeline.py", "web/app.py", "stories/assign.py"} & names
