-- retold store, schema version 1. Later versions add files migrations/NNNN_*.sql.
CREATE TABLE IF NOT EXISTS articles (
    id               TEXT PRIMARY KEY,
    source           TEXT NOT NULL,
    url              TEXT,
    outlet           TEXT,
    headline         TEXT,
    dateline         TEXT,
    published        TEXT,
    language         TEXT,
    credits          TEXT NOT NULL DEFAULT '[]',   -- JSON list
    credited_sources TEXT NOT NULL DEFAULT '[]',   -- JSON list
    body             TEXT NOT NULL,
    content_hash     TEXT NOT NULL,                -- hash of the stored fields: a re-run with equal input changes nothing
    added_at         TEXT NOT NULL
);

-- Full-text search over headlines and bodies, kept in step by triggers.
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    headline, body, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, headline, body) VALUES (new.rowid, new.headline, new.body);
END;
CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, headline, body) VALUES ('delete', old.rowid, old.headline, old.body);
END;
CREATE TRIGGER IF NOT EXISTS articles_au AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, headline, body) VALUES ('delete', old.rowid, old.headline, old.body);
    INSERT INTO articles_fts(rowid, headline, body) VALUES (new.rowid, new.headline, new.body);
END;

CREATE TABLE IF NOT EXISTS stories (
    id       TEXT PRIMARY KEY,
    title    TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS story_articles (
    story_id   TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (story_id, article_id)
);
CREATE INDEX IF NOT EXISTS story_articles_article ON story_articles(article_id);

CREATE TABLE IF NOT EXISTS reuse (
    a        TEXT NOT NULL,
    b        TEXT NOT NULL,
    kind     TEXT NOT NULL,
    source   TEXT,
    credited INTEGER,             -- NULL when unknown
    basis    TEXT,
    passages TEXT NOT NULL,       -- JSON list of {"a": [s, e], "b": [s, e], "similarity"}
    PRIMARY KEY (a, b)
);
CREATE INDEX IF NOT EXISTS reuse_b ON reuse(b);

CREATE TABLE IF NOT EXISTS quotes (
    id         TEXT PRIMARY KEY,
    article    TEXT NOT NULL,
    speaker    TEXT,
    cue        TEXT,
    text       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    span_start INTEGER NOT NULL,
    span_end   INTEGER NOT NULL,
    cluster    TEXT,
    position   INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker);

CREATE TABLE IF NOT EXISTS quote_clusters (
    id       TEXT PRIMARY KEY,
    speaker  TEXT,
    quotes   TEXT NOT NULL,       -- JSON list of quote ids
    position INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS coverage (
    story    TEXT NOT NULL,
    position INTEGER NOT NULL,
    text     TEXT NOT NULL,
    articles TEXT NOT NULL,       -- JSON list of article ids
    PRIMARY KEY (story, position)
);

-- Per-article work computed once (embeddings, signatures, parses), keyed by stage and content hash.
CREATE TABLE IF NOT EXISTS cache (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

-- What each stage last ran on: a stage is skipped when its inputs are unchanged.
CREATE TABLE IF NOT EXISTS stage_runs (
    stage       TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    finished_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    inputs      TEXT NOT NULL,    -- JSON list of the paths given
    read        INTEGER NOT NULL DEFAULT 0,
    stored      INTEGER NOT NULL DEFAULT 0,
    unchanged   INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS skipped (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    reason TEXT NOT NULL
);
