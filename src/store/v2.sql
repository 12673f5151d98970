-- claimscope schema, version 2: the sources table becomes a real work queue.
--
-- A source is 'pending' until fetched; 'fetched' once its raw page is saved
-- but its article not yet derived (a run killed there re-analyses the saved
-- bytes without the network); 'stored' with its article; 'failed' after its
-- last attempt in a run failed; 'skipped' when it must not or need not be
-- stored (robots.txt forbids it, or it duplicates another source's body).
-- reason is one word saying why a source is failed or skipped (see
-- store::Reason), last_error the full message, last_status the last HTTP
-- status, next_attempt when a retry may start (Retry-After, backoff).
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt.
CREATE TABLE sources_v2 (
    id            INTEGER PRIMARY KEY,
    key           TEXT    NOT NULL UNIQUE,
    state         TEXT    NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'fetched', 'stored', 'failed', 'skipped')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_status   INTEGER,
    reason        TEXT,
    last_error    TEXT,
    duplicate_of  TEXT,
    next_attempt  TEXT,
    updated_at    TEXT    NOT NULL
);
INSERT INTO sources_v2 (id, key, state, attempts, last_error, updated_at)
    SELECT id, key, state, attempts, last_error, updated_at FROM sources;
DROP TABLE sources;
ALTER TABLE sources_v2 RENAME TO sources;
CREATE INDEX sources_state ON sources (state);

-- Validators for conditional re-fetches (If-None-Match, If-Modified-Since),
-- and an index to find a page with the same body.
ALTER TABLE pages ADD COLUMN etag TEXT;
ALTER TABLE pages ADD COLUMN last_modified TEXT;
CREATE INDEX pages_content_hash ON pages (content_hash);
