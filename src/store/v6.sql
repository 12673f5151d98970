-- Workers sharing the queue (`claimscope ingest --db postgres://...` on many
-- machines). A worker leases the sources it works on: lease_owner is its id,
-- a row of workers whose lease_until says when all its leases run out unless
-- its heartbeat renews them; a killed worker's leases run out and other
-- workers take its sources over.
-- site is the host the politeness limits are kept for (NULL for local files
-- and archives): a site's sources are leased to one worker at a time.
-- On SQLite one process works the queue, so these stay NULL and workers
-- empty; they are here so both engines have the same tables and columns.
ALTER TABLE sources ADD COLUMN site TEXT;
ALTER TABLE sources ADD COLUMN lease_owner TEXT;
CREATE INDEX sources_lease_owner ON sources (lease_owner);
CREATE INDEX sources_site ON sources (site);

-- One row per worker process that ever worked the queue: which machine
-- and process, when it started, when it was last seen (its heartbeat),
-- when it stopped (NULL while running or after a kill), its share, and
-- when its leases run out (it is active until then, unless stopped).
CREATE TABLE workers (
    id          TEXT    PRIMARY KEY,
    host        TEXT    NOT NULL,
    pid         INTEGER NOT NULL,
    started_at  TEXT    NOT NULL,
    seen_at     TEXT    NOT NULL,
    stopped_at  TEXT,
    stored      INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    lease_until TEXT    NOT NULL
);
