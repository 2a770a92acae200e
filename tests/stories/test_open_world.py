"""Open-world stories: the figures on real crawls, measured on what ``retold.analyze``
exports (``retold.eval.stories_*``), hold at today's level (the issue's targets are not
reached yet: see README)."""

from __future__ import annotations

import json

import pytest

# A few dozen real crawl pages: the pages of six multi-page events of scrapinghub-events
# and thirty others, read and clustered by ``retold.analyze``. Floors sit clearly below
# the figures measured on this sample (pairwise P 0.85, R 1.00 on 49 pages, 22 of 26 joined
# pairs right; P 0.65, 22 of 34, before two pages of one site were held to topic level;
# P 0.47 before dated pages more than a week apart were ruled out; the targets,
# P 0.90 at R 0.85 on all 181 pages, are not reached yet: see README).
SAMPLE_EVENTS = 6
SAMPLE_OTHERS = 30
SAMPLE_RECALL_FLOOR = 0.85
SAMPLE_PRECISION_FLOOR = 0.75


@pytest.fixture(scope="module")
def events_dir(shared_dir):
    path = shared_dir / "eval" / "stories" / "scrapinghub-events"
    if not (path / "gold.json").is_file():
        pytest.skip(f"scrapinghub-events not found at {path}")
    return path


def test_open_world_crawl_sample_floors(events_dir):
    from retold.eval.stories_events import evaluate

    gold = json.loads((events_dir / "gold.json").read_text(encoding="utf-8"))["stories"]
    multi = [g for g in gold if len(g) > 1][:SAMPLE_EVENTS]
    singles = [g[0] for g in gold if len(g) == 1][:SAMPLE_OTHERS]
    result = evaluate(events_dir, pages=[p for g in multi for p in g] + singles)
    assert result["pairwise_recall"] >= SAMPLE_RECALL_FLOOR
    assert result["pairwise_precision"] >= SAMPLE_PRECISION_FLOOR


@pytest.mark.slow
def test_open_world_crawl_full_floors(events_dir):
    from retold.eval.stories_events import evaluate

    result = evaluate(events_dir)
    assert result["pairwise_recall"] >= 0.95 and result["pairwise_precision"] >= 0.50  # measured 1.000 / 0.554


@pytest.mark.slow
def test_open_world_meter_floor(shared_dir):
    from retold.eval.stories_meter import evaluate

    assert evaluate(shared_dir / "eval" / "reuse" / "meter-dev")["bcubed_f1"] >= 0.95  # measured 0.985


@pytest.mark.slow
def test_open_world_semeval_floors(shared_dir):
    from retold.eval.stories_semeval import evaluate

    result = evaluate(shared_dir / "eval" / "stories" / "semeval-dev")["rates"]
    rates = result["all"]
    # measured 0.105 / 0.867, and 0.727 of the German-English pairs (0.545 before a text's
    # head furniture was left out of its wording)
    assert rates["dissimilar_joined"] <= 0.13 and rates["similar_joined"] >= 0.83
    assert result["de-en"]["similar_joined"] >= 0.65


@pytest.fixture(scope="module")
def mixed_stream(shared_dir):
    from retold.eval.stories_mixed import evaluate

    return evaluate(shared_dir / "eval")


@pytest.mark.slow
@pytest.mark.xfail(strict=False, reason="issue 13 target not reached: 6 of 1,334 stories join two sets (README)")
def test_open_world_mixed_stream_never_joins_two_sets(mixed_stream):
    assert mixed_stream["crossing_stories"] == 0


@pytest.mark.slow
def test_open_world_mixed_stream_keeps_each_sets_figures(mixed_stream):
    """The mixed stream (3,312 articles) is past ``cluster.EXACT_LIMIT``: it is clustered per
    component of the key blocks, and each set must fare as it does alone (SemEval's very
    similar pairs joined 0.867 alone; ECB+ B-cubed 0.928 alone). Measured 0.854 and 0.921;
    with the nearest-neighbour candidates before the key blocks, 0.722 and 0.904."""
    assert mixed_stream["semeval"]["similar_joined"] >= 0.83
    assert mixed_stream["per_set"]["ecbplus-dev"]["bcubed_f1"] >= 0.91
