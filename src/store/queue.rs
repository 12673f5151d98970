//! The shared queue: workers on many machines splitting one PostgreSQL
//! database's `sources` between them with leases.
//!
//! A worker registers ([`Store::register_worker`]), then claims batches
//! ([`Store::claim`]): pending sources nobody holds a live lease on, taken
//! with `FOR UPDATE SKIP LOCKED` so concurrent claims never wait on or take
//! each other's rows, and leased to it: `sources.lease_owner` is its id, and
//! its `workers.lease_until` says when its leases run out. Its heartbeat
//! ([`Store::renew`]) pushes that on while it works (one row, so it never
//! waits on the source rows the worker is storing); a source that reaches
//! `stored`, `failed` or `skipped` drops its lease in the same statement
//! that records the outcome. A killed worker stops renewing, its leases run
//! out, and the next claim by anyone takes those sources over.
//!
//! Politeness across the fleet: a site with a live lease is leased to no
//! other worker, so the per-site limits one worker keeps are the fleet's.
//! Each claim takes at most its fair share of the sites with work left, so
//! a second worker is not starved by the first.

use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::params;
use rusqlite::types::ToSql;
use sha2::Digest;

use super::backend::{Conn, Dialect, Row};
use super::{chunked, DbError, SourceState, Store, StoreError, ROWS_PER_BULK};

/// A worker's id in `workers.id` and `sources.lease_owner`: host, process
/// and a random tail, so restarts and machines never collide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerId(pub String);

impl std::fmt::Display for WorkerId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What the queue holds, for `claimscope status`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct QueueStatus {
    /// Sources per state, every state listed (0 included).
    pub sources: Vec<(SourceState, usize)>,
    /// Sources whose lease is live.
    pub leased: usize,
    /// Every worker that worked the queue, first started first.
    pub workers: Vec<WorkerStatus>,
}

/// A row of `workers` with its live leases.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WorkerStatus {
    /// Its id.
    pub id: String,
    /// The machine and process it runs as.
    pub host: String,
    /// See [`WorkerStatus::host`].
    pub pid: u32,
    /// When it started, was last seen (its heartbeat) and stopped.
    pub started_at: DateTime<Utc>,
    /// See [`WorkerStatus::started_at`].
    pub seen_at: DateTime<Utc>,
    /// `None` while it runs, or when it was killed.
    pub stopped_at: Option<DateTime<Utc>>,
    /// Whether it has not stopped and was seen within its lease time.
    pub active: bool,
    /// Pages it stored and sources it failed.
    pub stored: usize,
    /// See [`WorkerStatus::stored`].
    pub failed: usize,
    /// Unfinished sources leased to it: live leases while it is active,
    /// run-out ones waiting to be taken over when it is gone.
    pub leases: usize,
    /// When its leases run out unless renewed.
    pub lease_until: DateTime<Utc>,
}

/// The key of the advisory lock that serialises claims: deciding which
/// sites are free must see the claims committed just before.
const CLAIM_LOCK: i64 = 0x636c_6169_6d71; // "claimq"

/// The sources a claim may take: unfinished, not leased to a live worker,
/// due, and of a site no other live worker holds a source of.
macro_rules! claimable {
    () => {
        "WITH live AS (
            SELECT id FROM workers WHERE stopped_at IS NULL AND lease_until >= now()
        ),
        claimable AS (
            SELECT s.id, COALESCE(s.site, '') AS site FROM sources AS s
            WHERE s.state IN ('pending', 'fetched')
              AND (s.lease_owner IS NULL OR s.lease_owner NOT IN (SELECT id FROM live))
              AND (s.next_attempt IS NULL OR s.next_attempt <= ?2)
              AND (s.site IS NULL OR NOT EXISTS (
                  SELECT 1 FROM sources AS o
                  WHERE o.site = s.site AND o.lease_owner <> ?1 AND o.lease_owner IN (SELECT id FROM live)
                    AND o.state IN ('pending', 'fetched')))
        )"
    };
}

fn seconds(d: Duration) -> f64 {
    d.as_secs_f64()
}

impl Store {
    /// The shared queue needs PostgreSQL: a SQLite file is worked by one
    /// process (`claimscope ingest` as before).
    fn shared_queue(&self) -> Result<(), StoreError> {
        match self.conn.borrow().dialect() {
            Dialect::Postgres => Ok(()),
            Dialect::Sqlite => Err(StoreError::SharedQueue { path: self.path.clone() }),
        }
    }

    /// Enqueues keys for a fleet: new keys as `pending` with their site (a
    /// URL's origin), and known keys that failed or were skipped as `pending`
    /// again, to be retried (their attempts and last error are kept).
    /// Returns how many were added or put back.
    pub fn requeue(&mut self, keys: &[String]) -> Result<usize, StoreError> {
        let now = Utc::now();
        // The fetcher's unit of politeness: scheme, host and port.
        let sites: Vec<Option<String>> = keys
            .iter()
            .map(|key| {
                url::Url::parse(key)
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https"))
                    .map(|u| u.origin().ascii_serialization())
            })
            .collect();
        let rows: Vec<[&dyn ToSql; 2]> = keys.iter().zip(&sites).map(|(key, site)| [key as &dyn ToSql, site]).collect();
        // In input order, which claims follow (oldest id first); workers
        // given the same inputs so lock rows in the same order. Many keys
        // per statement: a fleet's inputs are thousands of keys, and each
        // statement is a round trip that a second worker starting at the
        // same time waits behind.
        self.write(|tx| {
            // Two statements: ON CONFLICT DO UPDATE would lock (and so
            // wait for) every known row, even ones other workers are
            // storing; the UPDATE touches only finished-badly ones.
            let added = chunked(tx, &rows, ROWS_PER_BULK, |values| {
                format!(
                    "INSERT INTO sources (key, site, state, updated_at)
                     SELECT v.key, v.site, 'pending', ?1 FROM (VALUES {values}) AS v (key, site)
                     ON CONFLICT (key) DO NOTHING"
                )
            }, &[&now])?;
            let retried = chunked(tx, &rows, ROWS_PER_BULK, |values| {
                format!(
                    "UPDATE sources SET state = 'pending', site = v.site, next_attempt = NULL, updated_at = ?1
                     FROM (VALUES {values}) AS v (key, site)
                     WHERE sources.key = v.key AND sources.state IN ('failed', 'skipped')"
                )
            }, &[&now])?;
            Ok(added + retried)
        })
    }

    /// Registers this process as a worker whose leases last `lease`, and
    /// makes this store lease the keys it enqueues to it (the pages of an
    /// archive the worker reads, so no other worker takes them).
    pub fn register_worker(&mut self, lease: Duration) -> Result<WorkerId, StoreError> {
        self.shared_queue()?;
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .map(|h| h.trim().to_string())
            .unwrap_or_else(|_| "localhost".to_string());
        let pid = std::process::id();
        let tail = &hex::encode(sha2::Sha256::digest(format!("{host} {pid} {:?}", std::time::SystemTime::now())))[..8];
        let id = WorkerId(format!("{host}-{pid}-{tail}"));
        self.write(|tx| {
            tx.execute(
                "INSERT INTO workers (id, host, pid, started_at, seen_at, lease_until)
                 VALUES (?1, ?2, ?3, now(), now(), now() + make_interval(secs => ?4))",
                params![id.0, host, pid, seconds(lease)],
            )
        })?;
        self.worker = Some(id.clone());
        Ok(id)
    }

    /// Leases up to `max` claimable sources to `worker` for `lease` and
    /// returns their keys, oldest first; from at most `max_sites` sites, and
    /// no more than this worker's share of them (the sites with work left
    /// over the active workers), so N workers split N sites.
    pub fn claim(&mut self, worker: &WorkerId, max: usize, max_sites: usize, lease: Duration) -> Result<Vec<String>, StoreError> {
        self.shared_queue()?;
        let now = Utc::now();
        self.write(|tx| {
            tx.execute("SELECT pg_advisory_xact_lock(?1)", params![CLAIM_LOCK])?;
            // Sites with work left, whoever holds them: a worker's share
            // counts the sites it holds too, or a worker claiming again
            // while it works (as a fleet worker does) would find only its
            // own sites claimable and take one of them at a time.
            let open: i64 = tx.query_value(
                "SELECT COUNT(DISTINCT COALESCE(site, '')) FROM sources WHERE state IN ('pending', 'fetched')",
                &[],
            )?;
            // The sites: the claimer's share of them, those it claimed
            // last first. A worker that claims while its last batches are
            // still in flight holds their sites; were it to take the oldest
            // sources' sites instead, it would move round every site it
            // holds and none would ever drain for another worker (the first
            // worker of a fleet, alone at its first claim, holds them all).
            // The claim renews the claimer's leases, old and new.
            renew(tx, worker, lease)?;
            let active: i64 =
                tx.query_value("SELECT COUNT(*) FROM workers WHERE stopped_at IS NULL AND lease_until >= now()", &[])?;
            let share = (open as usize).div_ceil(active.max(1) as usize).clamp(1, max_sites.max(1));
            let mut claimed: Vec<(i64, String)> = tx.query(
                concat!(
                    claimable!(),
                    ", mine AS (
                        SELECT COALESCE(site, '') AS site, MAX(id) AS newest FROM sources
                        WHERE lease_owner = ?1 AND state IN ('pending', 'fetched')
                        GROUP BY 1
                    ),
                    sites AS (
                        SELECT c.site FROM claimable AS c LEFT JOIN mine AS m ON m.site = c.site
                        GROUP BY c.site
                        ORDER BY MAX(m.newest) DESC NULLS LAST, MIN(c.id)
                        LIMIT ?3
                    ),
                    picked AS (
                        SELECT s.id FROM sources AS s
                        WHERE s.id IN (SELECT id FROM claimable WHERE site IN (SELECT site FROM sites))
                        ORDER BY s.id LIMIT ?4
                        FOR UPDATE SKIP LOCKED
                    )
                    UPDATE sources SET lease_owner = ?1
                    WHERE id IN (SELECT id FROM picked)
                    RETURNING id, key"
                ),
                params![worker.0, now, share, max],
                |r| Ok((r.get("id")?, r.get("key")?)),
            )?;
            claimed.sort();
            Ok(claimed.into_iter().map(|(_, key)| key).collect())
        })
    }

    /// The heartbeat: renews every lease of `worker` for another `lease`.
    pub fn renew(&mut self, worker: &WorkerId, lease: Duration) -> Result<(), StoreError> {
        self.write(|tx| renew(tx, worker, lease)).map(drop)
    }

    /// Adds a batch's outcome to `worker`'s share, and with `stopped`
    /// records that it has finished and holds nothing.
    pub fn worker_report(&mut self, worker: &WorkerId, stored: usize, failed: usize, stopped: bool) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "UPDATE workers SET stored = stored + ?2, failed = failed + ?3, seen_at = now(),
                     stopped_at = CASE WHEN ?4 = 1 THEN now() END
                 WHERE id = ?1",
                params![worker.0, stored, failed, stopped],
            )?;
            if stopped {
                tx.execute("UPDATE sources SET lease_owner = NULL WHERE lease_owner = ?1", params![worker.0])?;
            }
            Ok(())
        })
    }

    /// Sources still to be done by someone: pending or fetched, leased or not.
    pub fn unfinished(&self) -> Result<usize, StoreError> {
        self.read(|conn| conn.query_value("SELECT COUNT(*) FROM sources WHERE state IN ('pending', 'fetched')", &[]))
    }

    /// Marks an archive's own queue entry `stored` once its pages are: the
    /// archive is one job, its pages are sources of their own.
    pub fn archive_done(&mut self, key: &str) -> Result<(), StoreError> {
        let now = Utc::now();
        self.write(|tx| {
            tx.execute(
                "UPDATE sources SET state = 'stored', attempts = attempts + 1, reason = NULL, last_error = NULL,
                     next_attempt = NULL, lease_owner = NULL, updated_at = ?2
                 WHERE key = ?1",
                params![key, now],
            )?;
            Ok(())
        })
    }

    /// Sources by state, live leases and workers. On SQLite, where one
    /// process works the queue, the worker list is empty.
    pub fn queue_status(&self) -> Result<QueueStatus, StoreError> {
        let dialect = self.conn.borrow().dialect();
        self.read(|conn| {
            let counts: Vec<(SourceState, usize)> =
                conn.query("SELECT state, COUNT(*) AS n FROM sources GROUP BY state", &[], |r| Ok((r.get("state")?, r.get("n")?)))?;
            let sources = [SourceState::Pending, SourceState::Fetched, SourceState::Stored, SourceState::Failed, SourceState::Skipped]
                .into_iter()
                .map(|state| (state, counts.iter().find(|(s, _)| *s == state).map_or(0, |(_, n)| *n)))
                .collect();
            if dialect == Dialect::Sqlite {
                return Ok(QueueStatus { sources, leased: 0, workers: Vec::new() });
            }
            let leased = conn.query_value(
                "SELECT COUNT(*) FROM sources AS s JOIN workers AS w ON w.id = s.lease_owner
                 WHERE s.state IN ('pending', 'fetched') AND w.stopped_at IS NULL AND w.lease_until >= now()",
                &[],
            )?;
            let workers = conn.query(
                "SELECT w.id, w.host, w.pid, w.started_at, w.seen_at, w.stopped_at, w.stored, w.failed, w.lease_until,
                     (w.stopped_at IS NULL AND w.lease_until >= now()) AS active, COUNT(s.id) AS leases
                 FROM workers AS w
                 LEFT JOIN sources AS s ON s.lease_owner = w.id AND s.state IN ('pending', 'fetched')
                 GROUP BY w.id
                 ORDER BY w.started_at, w.id",
                &[],
                worker_row,
            )?;
            Ok(QueueStatus { sources, leased, workers })
        })
    }
}

/// Pushes a worker's lease time on and records that it was seen.
fn renew(tx: &mut Conn, worker: &WorkerId, lease: Duration) -> Result<usize, DbError> {
    tx.execute(
        "UPDATE workers SET seen_at = now(), lease_until = now() + make_interval(secs => ?2) WHERE id = ?1",
        params![worker.0, seconds(lease)],
    )
}

fn worker_row(r: &Row<'_>) -> Result<WorkerStatus, DbError> {
    Ok(WorkerStatus {
        id: r.get("id")?,
        host: r.get("host")?,
        pid: r.get("pid")?,
        started_at: r.get("started_at")?,
        seen_at: r.get("seen_at")?,
        stopped_at: r.get("stopped_at")?,
        active: r.get("active")?,
        stored: r.get("stored")?,
        failed: r.get("failed")?,
        leases: r.get("leases")?,
        lease_until: r.get("lease_until")?,
    })
}
