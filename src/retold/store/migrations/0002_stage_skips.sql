-- Version 2: the articles each stage left out and why ("not extracted, language ko"),
-- replaced per stage whenever that stage runs (see retold.registry.split_handled).
CREATE TABLE IF NOT EXISTS stage_skips (
    article  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    stage    TEXT NOT NULL,
    reason   TEXT NOT NULL,
    PRIMARY KEY (stage, article)
);
CREATE INDEX IF NOT EXISTS stage_skips_article ON stage_skips(article);
