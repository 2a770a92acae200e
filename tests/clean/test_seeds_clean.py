from retold.clean import CleanText
from retold.eval.seeds_clean import format_report, score_seeds_clean


def test_seeds_clean_gold_articles_score_full(seeds_gold, seeds_dir, seed_articles):
    # The answer key's own articles must score perfectly: checks the scorer, not the cleaner.
    perfect = {a.id: CleanText(body=a.body, headline=a.headline, outlet=a.outlet, credits=a.credits)
               for a in seed_articles}
    scores = score_seeds_clean(perfect, seeds_gold, seeds_dir)
    assert scores["body_lines_kept"] == scores["body_lines"] == 56
    assert scores["furniture_kept"] == 0 and scores["furniture_lines"] == 27
    assert (scores["headlines"], scores["outlets"], scores["credits"]) == (5, 4, 3)
    assert scores["outlets_wrong"] == 0


def test_seeds_clean_missing_articles_score_zero(seeds_gold, seeds_dir):
    scores = score_seeds_clean({}, seeds_gold, seeds_dir)
    assert scores["body_lines_kept"] == 0 and scores["headlines"] == 0
    assert "0/56" in format_report(scores)


def test_seeds_clean_empty_gold(seeds_dir):
    assert score_seeds_clean({}, {"docs": {}}, seeds_dir) == {}
