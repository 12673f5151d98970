-- claimscope schema, version 1 (PRAGMA user_version = 1 once applied).
--
-- Written to be read in sqlite3 or Datasette: plain column names, dates as
-- ISO text ('2026-01-22', '2025-11'), enums as lowercase words, and the two
-- views at the end for the questions asked most often.

-- Every input the user named, and how far it got. One row per source key
-- (a URL, or file:// plus the canonical path).
CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    key         TEXT    NOT NULL UNIQUE,
    state       TEXT    NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'stored', 'failed', 'skipped')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    updated_at  TEXT    NOT NULL
);
CREATE INDEX sources_state ON sources (state);

-- Every failure, kept after a later success, so flaky sources show up.
CREATE TABLE failures (
    id      INTEGER PRIMARY KEY,
    key     TEXT NOT NULL,
    at      TEXT NOT NULL,
    reason  TEXT NOT NULL
);
CREATE INDEX failures_key ON failures (key);

-- The page as fetched. raw is kept so a better extractor or tagger can
-- reprocess without fetching again; content_hash is its hex SHA-256.
CREATE TABLE pages (
    id            INTEGER PRIMARY KEY,
    key           TEXT    NOT NULL UNIQUE,
    final_url     TEXT    NOT NULL,
    status        INTEGER NOT NULL,
    fetched_at    TEXT    NOT NULL,
    content_type  TEXT,
    content_hash  TEXT    NOT NULL,
    raw           BLOB    NOT NULL
);

-- One article per page, with the tone of the whole article.
CREATE TABLE articles (
    id             INTEGER PRIMARY KEY,
    page_id        INTEGER NOT NULL UNIQUE REFERENCES pages (id) ON DELETE CASCADE,
    url            TEXT    NOT NULL,
    canonical_url  TEXT,
    title          TEXT,
    published      TEXT,
    author         TEXT,
    site           TEXT,
    lang           TEXT,
    text           TEXT    NOT NULL,
    tone_label     TEXT    NOT NULL CHECK (tone_label IN ('negative', 'neutral', 'positive')),
    tone_score     REAL    NOT NULL,
    tone_alarm     REAL    NOT NULL,
    tone_hedging   REAL    NOT NULL,
    tone_sarcasm   REAL    NOT NULL,
    tone_model     TEXT    NOT NULL
);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_site ON articles (site);

-- Tone per sentence; start_byte/end_byte are byte offsets into articles.text.
CREATE TABLE sentence_tone (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    start_byte  INTEGER NOT NULL,
    end_byte    INTEGER NOT NULL,
    label       TEXT    NOT NULL CHECK (label IN ('negative', 'neutral', 'positive')),
    score       REAL    NOT NULL,
    alarm       REAL    NOT NULL,
    hedging     REAL    NOT NULL,
    sarcasm     REAL    NOT NULL,
    model       TEXT    NOT NULL
);
CREATE INDEX sentence_tone_article ON sentence_tone (article_id);

-- One claim with its check. Amounts are billions of USD, change_pct is a
-- signed percent, period/base_period are 'YYYY-MM', since is 'YYYY' or
-- 'YYYY-MM'. figures_json holds the figures the verdict rests on.
CREATE TABLE claims (
    id             INTEGER PRIMARY KEY,
    article_id     INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    holder         TEXT    NOT NULL,
    kind           TEXT    NOT NULL
                   CHECK (kind IN ('level', 'change', 'extremum', 'rank', 'intent', 'trend', 'forecast')),
    direction      TEXT    CHECK (direction IN ('up', 'down', 'flat')),
    level_usd_bn   REAL,
    change_usd_bn  REAL,
    change_pct     REAL,
    period         TEXT,
    base_period    TEXT,
    since          TEXT,
    rank           INTEGER,
    bound          TEXT    CHECK (bound IN ('over', 'under')),
    quote          TEXT    NOT NULL,
    start_byte     INTEGER NOT NULL,
    end_byte       INTEGER NOT NULL,
    speaker        TEXT,
    hedged         INTEGER NOT NULL CHECK (hedged IN (0, 1)),
    -- how precisely the text stated its numbers (half a unit of the last
    -- stated digit) and whether it called them approximate
    level_half_unit  REAL,
    change_half_unit REAL,
    pct_half_unit    REAL,
    approx         INTEGER NOT NULL DEFAULT 0 CHECK (approx IN (0, 1)),
    verdict        TEXT    NOT NULL
                   CHECK (verdict IN ('consistent', 'inconsistent', 'exaggerated', 'not_checkable')),
    source         TEXT    NOT NULL,
    note           TEXT    NOT NULL,
    figures_json   TEXT    NOT NULL DEFAULT '[]'
);
CREATE INDEX claims_article ON claims (article_id);
CREATE INDEX claims_holder ON claims (holder);
CREATE INDEX claims_kind ON claims (kind);
CREATE INDEX claims_period ON claims (period);
CREATE INDEX claims_verdict ON claims (verdict);

-- The official TIC figures, every vintage kept: a revision adds a row.
CREATE TABLE holdings (
    id            INTEGER PRIMARY KEY,
    series        TEXT NOT NULL CHECK (series IN ('major_foreign_holders', 'slt_table1')),
    measure       TEXT NOT NULL CHECK (measure IN ('total_treasuries', 'long_term_treasuries')),
    holder        TEXT NOT NULL,
    month         TEXT NOT NULL,
    value_usd_bn  REAL NOT NULL,
    unit          TEXT NOT NULL CHECK (unit IN ('billions', 'millions')),
    vintage       TEXT NOT NULL,
    UNIQUE (series, holder, month, vintage)
);
CREATE INDEX holdings_holder_month ON holdings (holder, month);
CREATE INDEX holdings_month ON holdings (month);

-- Full-text search over article titles and text, and over claim quotes.
-- External-content tables: the text lives once, in articles and claims; the
-- triggers below keep the indexes in step with every insert, update, delete.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text,
    content = 'articles', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;

CREATE VIRTUAL TABLE claims_fts USING fts5 (
    quote,
    content = 'claims', content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN
    INSERT INTO claims_fts (rowid, quote) VALUES (new.id, new.quote);
END;
CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, quote) VALUES ('delete', old.id, old.quote);
END;
CREATE TRIGGER claims_fts_update AFTER UPDATE OF quote ON claims BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, quote) VALUES ('delete', old.id, old.quote);
    INSERT INTO claims_fts (rowid, quote) VALUES (new.id, new.quote);
END;

-- Each claim with the article it came from: the table to browse.
CREATE VIEW v_claims AS
SELECT
    c.id, c.article_id,
    a.url, a.title, a.published, a.site,
    a.tone_label, a.tone_score,
    c.holder, c.kind, c.direction, c.level_usd_bn, c.change_usd_bn, c.change_pct,
    c.period, c.base_period, c.since, c.rank, c.bound,
    c.quote, c.start_byte, c.end_byte, c.speaker, c.hedged,
    c.level_half_unit, c.change_half_unit, c.pct_half_unit, c.approx,
    c.verdict, c.source, c.note, c.figures_json
FROM claims AS c
JOIN articles AS a ON a.id = c.article_id;

-- Per holder: how many claims, in how many articles, and how they checked out.
CREATE VIEW v_holder_summary AS
SELECT
    holder,
    COUNT(*)                          AS claims,
    COUNT(DISTINCT article_id)        AS articles,
    SUM(verdict = 'consistent')       AS consistent,
    SUM(verdict = 'inconsistent')     AS inconsistent,
    SUM(verdict = 'exaggerated')      AS exaggerated,
    SUM(verdict = 'not_checkable')    AS not_checkable
FROM claims
GROUP BY holder;
