-- claimscope schema on PostgreSQL, version 3: SQLite's v6.sql, the leases
-- of workers sharing the queue. Lease and heartbeat times are the server's
-- clock (TIMESTAMPTZ, compared with now()), so machines whose clocks
-- disagree still agree on when a lease has run out. A heartbeat renews all
-- of a worker's leases by updating its one workers row, so it never waits
-- on (or deadlocks with) the source rows the worker is storing.
ALTER TABLE sources ADD COLUMN site TEXT COLLATE "C";
ALTER TABLE sources ADD COLUMN lease_owner TEXT COLLATE "C";
CREATE INDEX sources_lease_owner ON sources (lease_owner);
CREATE INDEX sources_site ON sources (site);
-- What a claim scans: the unfinished sources, oldest first.
CREATE INDEX sources_unfinished ON sources (id) WHERE state IN ('pending', 'fetched');

CREATE TABLE workers (
    id          TEXT COLLATE "C" PRIMARY KEY,
    host        TEXT COLLATE "C" NOT NULL,
    pid         BIGINT NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    seen_at     TIMESTAMPTZ NOT NULL,
    stopped_at  TIMESTAMPTZ,
    stored      BIGINT NOT NULL DEFAULT 0,
    failed      BIGINT NOT NULL DEFAULT 0,
    lease_until TIMESTAMPTZ NOT NULL
);
