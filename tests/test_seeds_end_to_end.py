"""The whole pipeline on the seed corpus, cleaned by retold itself, against the answer key.

This is the integration floor of every issue: each stage's own tests use the
answer key's clean articles; here every stage runs on what the cleaner produced.
"""

import pytest

from retold.eval.seeds import HEADLINE_FIGURES, evaluate


@pytest.fixture(scope="module")
def figures(seeds_dir):
    return evaluate(seeds_dir)


@pytest.mark.parametrize("label, key, total, floor", HEADLINE_FIGURES, ids=[h[0] for h in HEADLINE_FIGURES])
def test_seeds_end_to_end_floor(figures, label, key, total, floor):
    value = figures[key]
    if floor == "all":
        assert value == figures[total], f"{label}: {value}/{figures[total]}"
    elif floor == "0":
        assert value == 0, f"{label}: {value}/{figures[total]}"
    else:
        assert value >= float(floor), f"{label}: {value}"
