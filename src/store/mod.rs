//! Storage: the schema, its migrations, and every SQL statement, on SQLite
//! (one file, the default) or PostgreSQL (one server that many workers on
//! many machines share; see [`Location`]). The same tables, columns and
//! statements serve both; [`backend`] runs a statement on either.
//!
//! One database holds a whole run's results, so it can be browsed in sqlite3,
//! psql or Datasette, shared, and picked up again:
//!
//! - `sources` is the work queue: each input key is `pending`, `fetched`
//!   (raw page saved, article not yet), `stored`, `failed` or `skipped`
//!   ([`SourceState`]), with its attempts, last status, last error, a
//!   one-word [`Reason`] and when it may be tried next. A run killed at any
//!   moment resumes where it stopped: every write is one transaction, and a
//!   page in flight is simply still `pending` ([`Store::enqueue`],
//!   [`Store::queue_entry`]).
//! - `pages` keeps the raw bytes, so a better extractor or tagger can
//!   reprocess everything without fetching again
//!   ([`Store::stored_page`]).
//! - `articles`, `sentence_tone` and `claims` hold what the pipeline derived;
//!   [`Store::save_article`] replaces them in one transaction, so re-running
//!   never duplicates and a crash never leaves half an article.
//! - `holdings` keeps every vintage of the TIC figures.
//!
//! The schema lives in `v1.sql`, `v2.sql`, ... for SQLite and `postgres/` for
//! PostgreSQL (see [`schema`]). Domain types map to columns in [`types`] only.

mod backend;
mod error;
mod location;
mod query;
mod queue;
mod schema;
mod types;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use once_cell::sync::Lazy;
use rusqlite::types::ToSql;
use rusqlite::{params, Connection};
use sha2::{Digest, Sha256};

use crate::fetch::{Page, Validators};
use crate::extract::Article;
use crate::tone::{ArticleTone, SentenceTone};
use crate::holdings::Figure;
use crate::verify::CheckedClaim;

use self::backend::{Conn, DbError, Dialect, Params, Pg, Row};
use self::error::is_locked;
pub use self::error::StoreError;
pub use self::location::Location;
pub use self::query::{ClaimQuery, ClaimRow, FailedSource, HolderSummary, Summary};
pub use self::queue::{QueueStatus, WorkerId, WorkerStatus};
use self::schema::MIGRATIONS;
#[cfg(test)]
use self::schema::STEPS;
use self::types::{FiguresJson, Vector};

/// How long a statement waits for another process's lock before giving up
/// with [`StoreError::Locked`]: long enough to ride out a concurrent commit,
/// short enough that a stuck run is reported rather than waited on forever.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A claimscope database: the only type in the crate that talks SQL.
///
/// Writes take `&mut self` and run in one `IMMEDIATE` transaction each, so a
/// lock held by another process is reported at the start of the write, and
/// a failed write leaves nothing behind.
///
/// On PostgreSQL the same statements run in the same transactions; reads
/// take `&self` on both, so the connection sits in a `RefCell` (a store is
/// used by one thread at a time).
#[derive(Debug)]
pub struct Store {
    conn: RefCell<Conn>,
    /// The path as given, for error messages.
    path: String,
    /// The worker this process works the shared queue as, once
    /// registered ([`Store::register_worker`]).
    worker: Option<WorkerId>,
}

/// Where a source is in the queue (`sources.state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceState {
    /// Known, not yet fetched (or an attempt is in flight or will be retried).
    Pending,
    /// The raw page is saved; its article is not yet.
    Fetched,
    /// Its article is saved.
    Stored,
    /// Its last attempt failed; a later run tries again.
    Failed,
    /// Deliberately not stored ([`Reason::Robots`], [`Reason::Duplicate`]).
    Skipped,
}

/// Why a source is failed or skipped, as one word in `sources.reason`, so
/// outcomes can be counted and filtered without parsing messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The request or the body took longer than the timeout.
    Timeout,
    /// No connection could be made.
    Connect,
    /// The connection broke mid-request or mid-body.
    Transfer,
    /// The server answered with an error status (`last_status` says which).
    HttpStatus,
    /// The body was larger than the size cap.
    TooLarge,
    /// A redirect loop or too many redirects.
    Redirects,
    /// A body that could not be decoded (e.g. corrupt gzip).
    BadResponse,
    /// A local file that could not be read.
    Unreadable,
    /// Not an article format: a PDF, an image, an archive.
    Unsupported,
    /// The page held no readable text.
    NoText,
    /// robots.txt disallows it (or answered 5xx).
    Robots,
    /// Its body is byte for byte another source's (`duplicate_of`).
    Duplicate,
    /// Its article does not mention Treasury holdings (the relevance gate).
    NotRelevant,
    /// A redirect or DNS answer led to a non-public address the input did
    /// not name.
    PrivateAddress,
}

/// What the queue holds for a source when a run starts.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueEntry {
    /// Its state.
    pub state: SourceState,
    /// Attempts so far, across runs.
    pub attempts: u32,
    /// Not to be tried before this (backoff or `Retry-After`).
    pub next_attempt: Option<DateTime<Utc>>,
    /// The stored page's validators, for a conditional re-fetch.
    pub validators: Validators,
}

/// A failed attempt, as [`Store::record_attempt`] records it.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure<'a> {
    /// Its kind; `None` for a failure no [`Reason`] describes.
    pub reason: Option<Reason>,
    /// The HTTP status, if the server answered.
    pub status: Option<u16>,
    /// The full message, starting with the source's key.
    pub message: &'a str,
    /// When it will be retried in this run; `None` makes the source `failed`.
    pub retry_at: Option<DateTime<Utc>>,
}

/// What [`Store::save_page`] did with a fetched page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    /// Saved; the source is `fetched` and its article is to be derived.
    Fetched,
    /// Saved with the article given, in the same statements that would
    /// have saved it alone; the source is `stored`.
    Stored,
    /// The same body as the article already stored under this key; the
    /// source is `stored` again and nothing needs deriving.
    Unchanged,
    /// The same body as another source's page (the key given): the source
    /// is `skipped` as its duplicate and no second page is kept.
    DuplicateOf(String),
}

/// What the pipeline derived from a page, as [`Store::save_article`] stores it.
#[derive(Debug, Clone, Copy)]
pub struct Derived<'a> {
    /// The extracted article.
    pub article: &'a Article,
    /// Its tone and its sentences'.
    pub tone: &'a ArticleTone,
    /// Its checked claims.
    pub claims: &'a [CheckedClaim],
}

/// The hex SHA-256 of a body, the key of de-duplication by content.
fn content_hash(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl Store {
    /// Opens or creates the database at `path` and brings its schema up to
    /// date. Enables foreign keys, WAL (so a report can read while a run
    /// writes) and a 5-second busy timeout.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_with_timeout(path, BUSY_TIMEOUT)
    }

    /// Opens the database `db` names, a SQLite file or a PostgreSQL server,
    /// and brings its schema up to date (creating it in an empty one).
    pub fn open_at(db: &Location) -> Result<Store, StoreError> {
        match db {
            Location::Sqlite(path) => Store::open(path),
            Location::Postgres(url) => Store::open_postgres(url, &db.to_string()),
        }
    }

    /// Opens a database that a query expects to hold claimscope data:
    /// [`StoreError::Empty`] for a SQLite file that does not exist or a
    /// PostgreSQL database without the schema, rather than creating one.
    pub fn open_existing(db: &Location) -> Result<Store, StoreError> {
        let empty = || StoreError::Empty { path: db.to_string() };
        match db {
            Location::Sqlite(path) if !path.exists() => Err(empty()),
            Location::Sqlite(path) => Store::open(path),
            Location::Postgres(url) => {
                let shown = db.to_string();
                let mut client = pg_connect(url, &shown)?;
                if schema::postgres_version(&mut client).map_err(|e| StoreError::sql(&shown, e))? == 0 {
                    return Err(empty());
                }
                Store::init_postgres(client, shown)
            }
        }
    }

    fn open_postgres(url: &str, shown: &str) -> Result<Store, StoreError> {
        Store::init_postgres(pg_connect(url, shown)?, shown.to_string())
    }

    fn init_postgres(mut client: postgres::Client, path: String) -> Result<Store, StoreError> {
        schema::migrate_postgres(&mut client, &path)?;
        Ok(Store { conn: RefCell::new(Conn::Postgres(Pg::new(client))), path, worker: None })
    }

    /// A private database for tests and one-off runs that keep nothing.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = ":memory:";
        let conn = Connection::open_in_memory().map_err(|e| StoreError::open(path, e))?;
        Store::init(conn, path.to_string(), BUSY_TIMEOUT)
    }

    fn open_with_timeout(path: &Path, timeout: Duration) -> Result<Store, StoreError> {
        let shown = path.display().to_string();
        let conn = Connection::open(path).map_err(|e| StoreError::open(&shown, e))?;
        Store::init(conn, shown, timeout)
    }

    fn init(mut conn: Connection, path: String, timeout: Duration) -> Result<Store, StoreError> {
        let configure = |conn: &Connection| -> rusqlite::Result<()> {
            conn.busy_timeout(timeout)?;
            conn.pragma_update(None, "foreign_keys", true)?;
            // Answers "wal", or "memory" for in-memory databases; either is fine.
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))?;
            // In WAL mode NORMAL still survives a killed process (only an OS
            // crash may lose the last commits) and spares an fsync per page.
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            Ok(())
        };
        configure(&conn).map_err(|e| StoreError::open(&path, e))?;
        // Room for every statement, the chunked INSERTs' sizes included.
        conn.set_prepared_statement_cache_capacity(128);
        MIGRATIONS.to_latest(&mut conn).map_err(|cause| match &cause {
            rusqlite_migration::Error::RusqliteError { err, .. } if is_locked(err) => {
                StoreError::Locked { path: path.clone() }
            }
            _ => StoreError::Migrate { path: path.clone(), cause },
        })?;
        Ok(Store { conn: RefCell::new(Conn::Sqlite(conn)), path, worker: None })
    }

    /// The database as given (a URL without its password), for messages.
    pub fn name(&self) -> &str {
        &self.path
    }

    /// Runs `f` in one transaction (IMMEDIATE on SQLite), committed only if
    /// `f` succeeds; inside [`Store::batch`], in the batch's transaction,
    /// which is rolled back as a whole if it fails (a savepoint per write
    /// would make FTS5 flush its index at every write, which is what
    /// batching saves).
    fn write<T>(&mut self, f: impl FnOnce(&mut Conn) -> Result<T, DbError>) -> Result<T, StoreError> {
        let conn = self.conn.get_mut();
        let run = || {
            if conn.in_transaction() {
                return f(conn);
            }
            conn.begin()?;
            match f(conn) {
                Ok(out) => {
                    conn.commit()?;
                    Ok(out)
                }
                Err(e) => {
                    // The statement's error is the one to report.
                    let _ = conn.rollback();
                    Err(e)
                }
            }
        };
        run().map_err(|e| StoreError::sql(&self.path, e))
    }

    /// Runs `f`'s writes in one transaction, committed only if `f` returns
    /// `Ok`; `f` must pass on the error of any write that fails, so the
    /// batch is rolled back and no write is left half done.
    ///
    /// A run that stores many pages groups them, so the commit (WAL frames,
    /// full-text index flush) is paid once per group, not once per page; a
    /// killed run loses at most the open group, whose sources are then
    /// still pending and are fetched again.
    pub fn batch<T, E: From<StoreError>>(&mut self, f: impl FnOnce(&mut Store) -> Result<T, E>) -> Result<T, E> {
        self.conn.get_mut().begin().map_err(|e| StoreError::sql(&self.path, e))?;
        match f(self) {
            Ok(out) => {
                self.conn.get_mut().commit().map_err(|e| StoreError::sql(&self.path, e))?;
                Ok(out)
            }
            Err(err) => {
                // The error that stopped the batch is the one to report.
                let _ = self.conn.get_mut().rollback();
                Err(err)
            }
        }
    }

    fn read<T>(&self, f: impl FnOnce(&mut Conn) -> Result<T, DbError>) -> Result<T, StoreError> {
        f(&mut self.conn.borrow_mut()).map_err(|e| StoreError::sql(&self.path, e))
    }

    /// Adds the keys not seen before as `pending` and returns how many were
    /// new. Known keys keep their state: a failed source stays failed (with
    /// its error) until it is processed again. A registered worker holds
    /// the lease on the keys it adds.
    pub fn enqueue(&mut self, keys: &[String]) -> Result<usize, StoreError> {
        let now = Utc::now();
        let worker = self.worker.as_ref().map(|id| id.0.clone());
        self.write(|tx| {
            let mut added = 0;
            for key in keys {
                added += match &worker {
                    None => tx.execute(
                        "INSERT INTO sources (key, state, updated_at) VALUES (?1, 'pending', ?2)
                         ON CONFLICT (key) DO NOTHING",
                        params![key, now],
                    )?,
                    Some(id) => tx.execute(
                        "INSERT INTO sources (key, state, updated_at, lease_owner) VALUES (?1, 'pending', ?2, ?3)
                         ON CONFLICT (key) DO NOTHING",
                        params![key, now, id],
                    )?,
                };
            }
            Ok(added)
        })
    }

    /// The queue's record of a source, with its stored page's validators;
    /// `None` for a key never enqueued.
    pub fn queue_entry(&self, key: &str) -> Result<Option<QueueEntry>, StoreError> {
        self.read(|conn| conn.query_opt(&format!("{QUEUE_ENTRY} WHERE s.key = ?1"), params![key], queue_entry_row))
            .map(|entry| entry.map(|(_, entry)| entry))
    }

    /// [`Store::queue_entry`] of many keys at once (in a few statements, not
    /// one per key), by key; keys never enqueued are missing.
    pub fn queue_entries(&self, keys: &[String]) -> Result<HashMap<String, QueueEntry>, StoreError> {
        self.read(|conn| {
            let mut entries = HashMap::with_capacity(keys.len());
            for chunk in keys.chunks(ROWS_PER_BULK) {
                let params: Vec<&dyn ToSql> = chunk.iter().map(|key| key as &dyn ToSql).collect();
                let sql = format!("{QUEUE_ENTRY} WHERE s.key IN {}", tuples(1, chunk.len(), 0));
                entries.extend(conn.query(&sql, &params, queue_entry_row)?);
            }
            Ok(entries)
        })
    }

    /// Records a failed attempt: the attempt count goes up, the status,
    /// reason and message are kept as the source's last and appended to the
    /// `failures` log. With `retry_at` the source stays `pending` until
    /// then; without, it becomes `failed` (even if an earlier run stored it).
    pub fn record_attempt(&mut self, key: &str, failure: &Failure<'_>) -> Result<(), StoreError> {
        let now = Utc::now();
        let state = if failure.retry_at.is_some() { SourceState::Pending } else { SourceState::Failed };
        self.write(|tx| {
            tx.execute(
                "INSERT INTO sources (key, state, attempts, last_status, reason, last_error, next_attempt, updated_at)
                 VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (key) DO UPDATE SET
                     state = excluded.state, attempts = sources.attempts + 1, last_status = excluded.last_status,
                     reason = excluded.reason, last_error = excluded.last_error, duplicate_of = NULL,
                     next_attempt = excluded.next_attempt, updated_at = excluded.updated_at,
                     lease_owner = CASE WHEN excluded.state = 'pending' THEN sources.lease_owner END",
                params![key, state, failure.status, failure.reason, failure.message, failure.retry_at, now],
            )?;
            tx.execute("INSERT INTO failures (key, at, reason) VALUES (?1, ?2, ?3)", params![key, now, failure.message])?;
            Ok(())
        })
    }

    /// Marks a source `skipped` without a request having been made (robots.txt
    /// forbids it), keeping the message as its last error.
    pub fn record_skip(&mut self, key: &str, reason: Reason, message: &str) -> Result<(), StoreError> {
        let now = Utc::now();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO sources (key, state, reason, last_error, updated_at) VALUES (?1, 'skipped', ?2, ?3, ?4)
                 ON CONFLICT (key) DO UPDATE SET
                     state = 'skipped', reason = excluded.reason, last_error = excluded.last_error,
                     duplicate_of = NULL, next_attempt = NULL, updated_at = excluded.updated_at,
                     lease_owner = NULL",
                params![key, reason, message, now],
            )?;
            Ok(())
        })
    }

    /// Saves a fetched page and its validators in one transaction, as the
    /// first of two steps (then [`Store::save_article`]), so a run killed
    /// between them re-analyses the saved bytes instead of fetching again.
    /// A body identical to another source's page makes this source that
    /// page's duplicate instead; one identical to this source's stored page
    /// leaves it stored. Either way the attempt is counted.
    ///
    /// Given what was derived from the page, both steps are one: the
    /// article is stored with the page ([`Saved::Stored`]), which spares
    /// the source's `fetched` update and the page's look-up (on PostgreSQL,
    /// two statements and a round trip each per page).
    pub fn save_page(&mut self, page: &Page, validators: &Validators, derived: Option<Derived<'_>>) -> Result<Saved, StoreError> {
        let now = Utc::now();
        let hash = content_hash(&page.bytes);
        self.write(|tx| {
            let mark = |tx: &mut Conn, state: SourceState, duplicate_of: Option<&str>| {
                tx.execute(
                    "INSERT INTO sources (key, state, attempts, last_status, duplicate_of, updated_at)
                     VALUES (?1, ?2, 1, ?3, ?4, ?5)
                     ON CONFLICT (key) DO UPDATE SET
                         state = excluded.state, attempts = sources.attempts + 1, last_status = excluded.last_status,
                         reason = CASE WHEN excluded.duplicate_of IS NULL THEN NULL ELSE 'duplicate' END,
                         last_error = NULL, duplicate_of = excluded.duplicate_of, next_attempt = NULL,
                         updated_at = excluded.updated_at,
                         lease_owner = CASE WHEN excluded.state = 'fetched' THEN sources.lease_owner END",
                    params![page.url, state, page.status, duplicate_of, now],
                )
            };
            let page_params = params![
                page.url, page.final_url, page.status, page.fetched_at, page.content_type, hash, page.bytes,
                validators.etag, validators.last_modified,
            ];
            // Most pages are new: on PostgreSQL they are stored in one
            // statement, which stores nothing when the key or the body is
            // known, for the questions below to settle.
            if let (Some(derived), Dialect::Postgres) = (derived, tx.dialect()) {
                if store_new_page(tx, page_params, derived, now)? {
                    return Ok(Saved::Stored);
                }
            }
            // Every question in one statement: one round trip on PostgreSQL.
            let (first, unchanged, replace): (Option<String>, bool, bool) = tx
                .query_opt(
                    "SELECT (SELECT key FROM pages WHERE content_hash = ?1 AND key <> ?2 ORDER BY id LIMIT 1) AS first,
                         EXISTS (SELECT 1 FROM pages AS p JOIN sources AS s ON s.key = p.key
                                 WHERE p.key = ?2 AND p.content_hash = ?1 AND s.state = 'stored') AS unchanged,
                         EXISTS (SELECT 1 FROM pages AS p JOIN articles AS a ON a.page_id = p.id
                                 WHERE p.key = ?2) AS derived",
                    params![hash, page.url],
                    |r| Ok((r.get("first")?, r.get("unchanged")?, r.get("derived")?)),
                )?
                .unwrap_or((None, false, false));
            if let Some(first) = first {
                mark(tx, SourceState::Skipped, Some(&first))?;
                return Ok(Saved::DuplicateOf(first));
            }
            let page_id: i64 = tx.query_value(&format!("{PAGE_UPSERT} RETURNING id"), page_params)?;
            if unchanged {
                mark(tx, SourceState::Stored, None)?;
                return Ok(Saved::Unchanged);
            }
            let Some(derived) = derived else {
                mark(tx, SourceState::Fetched, None)?;
                return Ok(Saved::Fetched);
            };
            put_article(tx, page_id, replace, derived)?;
            mark_stored(tx, page, now)?;
            Ok(Saved::Stored)
        })
    }

    /// The saved page of a source left `fetched` by an interrupted run.
    pub fn fetched_page(&self, key: &str) -> Result<Option<Page>, StoreError> {
        self.read(|conn| {
            conn.query_opt(
                "SELECT p.key, p.final_url, p.status, p.fetched_at, p.content_type, p.raw
                 FROM pages AS p JOIN sources AS s ON s.key = p.key
                 WHERE p.key = ?1 AND s.state = 'fetched'",
                params![key],
                page_row,
            )
        })
    }

    /// Records that the server confirmed the stored copy is current (HTTP
    /// 304): the source is `stored`, with one more attempt and nothing else
    /// changed.
    pub fn mark_not_modified(&mut self, key: &str) -> Result<(), StoreError> {
        let now = Utc::now();
        self.write(|tx| {
            tx.execute(
                "UPDATE sources SET state = 'stored', attempts = attempts + 1, last_status = 304, reason = NULL,
                     last_error = NULL, next_attempt = NULL, updated_at = ?2, lease_owner = NULL
                 WHERE key = ?1",
                params![key, now],
            )?;
            Ok(())
        })
    }

    /// Stores one processed page in one transaction and returns the
    /// article's id: upserts the page (by `page.url`, the source key) and
    /// the article, replaces the article's sentence tones and claims, and
    /// marks the source `stored` (counting an attempt unless
    /// [`Store::save_page`] already did). Saving the same page again
    /// replaces rather than duplicates, so re-runs and reprocessing are safe.
    pub fn save_article(
        &mut self,
        page: &Page,
        article: &Article,
        tone: &ArticleTone,
        claims: &[CheckedClaim],
    ) -> Result<i64, StoreError> {
        let now = Utc::now();
        let hash = content_hash(&page.bytes);
        self.write(|tx| {
            // The raw page is usually stored already (by save_page, or when
            // reprocessing): rewriting its bytes would double the writes.
            // With whether it has an article already: a first article has no
            // rows to replace, which spares two statements per new page.
            let same: Option<(i64, bool)> = tx.query_opt(
                "SELECT p.id, EXISTS (SELECT 1 FROM articles AS a WHERE a.page_id = p.id) AS derived
                 FROM pages AS p WHERE p.key = ?1 AND p.content_hash = ?2",
                params![page.url, hash],
                |r| Ok((r.get(0)?, r.get("derived")?)),
            )?;
            let derived = same.is_none_or(|(_, derived)| derived);
            let page_id: i64 = match same {
                Some((id, _)) => id,
                None => tx.query_value(
                    "INSERT INTO pages (key, final_url, status, fetched_at, content_type, content_hash, raw)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (key) DO UPDATE SET
                         final_url = excluded.final_url, status = excluded.status,
                         fetched_at = excluded.fetched_at, content_type = excluded.content_type,
                         content_hash = excluded.content_hash, raw = excluded.raw
                     RETURNING id",
                    params![page.url, page.final_url, page.status, page.fetched_at, page.content_type, hash, page.bytes],
                )?,
            };
            let article_id = put_article(tx, page_id, derived, Derived { article, tone, claims })?;
            mark_stored(tx, page, now)?;
            Ok(article_id)
        })
    }

    /// Stores TIC figures in one transaction and returns how many rows were
    /// added or changed: 0 when every figure is already stored, so loading
    /// the same tables twice is harmless. A figure with a new vintage is a
    /// revision and is kept beside the older one.
    pub fn save_holdings(&mut self, figures: &[Figure]) -> Result<usize, StoreError> {
        // Every run saves the bundled tables (thousands of figures): compare
        // with what is stored in one read, so only news is written (on
        // PostgreSQL each statement is a round trip to the server).
        let stored = self.holdings_vintages()?;
        let key = |f: &Figure| (f.series, f.holder.name().to_string(), f.month.to_string(), f.vintage);
        let stored: HashMap<_, &Figure> = stored.iter().map(|f| (key(f), f)).collect();
        // One row per key, the last given winning, as one statement may
        // not update a row twice; in the order given.
        let last: HashMap<_, usize> = figures.iter().enumerate().map(|(i, f)| (key(f), i)).collect();
        let rows: Vec<[&dyn ToSql; 7]> = figures
            .iter()
            .enumerate()
            .filter(|&(i, f)| last.get(&key(f)) == Some(&i) && stored.get(&key(f)) != Some(&f))
            .map(|(_, f)| [&f.series as &dyn ToSql, &f.measure, &f.holder, &f.month, &f.value, &f.unit, &f.vintage])
            .collect();
        if rows.is_empty() {
            return Ok(0);
        }
        self.write(|tx| {
            chunked(tx, &rows, ROWS_PER_BULK, |values| {
                format!(
                    "INSERT INTO holdings (series, measure, holder, month, value_usd_bn, unit, vintage) VALUES {values}
                     ON CONFLICT (series, holder, month, vintage) DO UPDATE SET
                         measure = excluded.measure, value_usd_bn = excluded.value_usd_bn, unit = excluded.unit
                     WHERE holdings.measure <> excluded.measure OR holdings.value_usd_bn <> excluded.value_usd_bn
                         OR holdings.unit <> excluded.unit"
                )
            }, &[])
        })
    }

    /// The story embedding of every article that has one, by source key
    /// (the `url` of [`ClaimRow`]); empty when the tone model had none.
    pub fn story_vectors(&self) -> Result<HashMap<String, Vec<f32>>, StoreError> {
        self.read(|conn| {
            let rows = conn.query("SELECT url, story_vector FROM articles WHERE story_vector IS NOT NULL", &[], |r| {
                Ok((r.get(0)?, r.get::<Vector>(1)?.0.into_owned()))
            })?;
            Ok(rows.into_iter().collect())
        })
    }

    /// Every stored figure in every vintage, for checks that compare a
    /// claim with the figures published on its article's date as well as
    /// the latest revision.
    pub fn holdings_vintages(&self) -> Result<Vec<Figure>, StoreError> {
        self.read(|conn| {
            conn.query(
                "SELECT series, measure, holder, month, value_usd_bn, unit, vintage
                 FROM holdings ORDER BY series, holder, month, vintage",
                &[],
                figure_row,
            )
        })
    }

    /// The keys of every page with a stored article, in the order first
    /// stored: what `claimscope reprocess` runs the pipeline on again. Keys
    /// only, so a large database is not read into memory at once.
    pub fn stored_keys(&self) -> Result<Vec<String>, StoreError> {
        self.read(|conn| {
            conn.query(
                "SELECT p.key FROM pages AS p JOIN articles AS a ON a.page_id = p.id ORDER BY p.id",
                &[],
                |r| r.get(0),
            )
        })
    }

    /// A stored page with its raw bytes, as fetched, so the pipeline can run
    /// again from extraction without the network.
    pub fn stored_page(&self, key: &str) -> Result<Option<Page>, StoreError> {
        self.read(|conn| {
            conn.query_opt(
                "SELECT key, final_url, status, fetched_at, content_type, raw FROM pages WHERE key = ?1",
                params![key],
                page_row,
            )
        })
    }
}

/// The upsert of a page (the nine values of [`Store::save_page`]'s
/// statement), before its `RETURNING`.
const PAGE_UPSERT: &str =
    "INSERT INTO pages (key, final_url, status, fetched_at, content_type, content_hash, raw, etag, last_modified)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
     ON CONFLICT (key) DO UPDATE SET
         final_url = excluded.final_url, status = excluded.status, fetched_at = excluded.fetched_at,
         content_type = excluded.content_type, content_hash = excluded.content_hash, raw = excluded.raw,
         etag = excluded.etag, last_modified = excluded.last_modified";

/// The types of [`PAGE_UPSERT`]'s values on PostgreSQL.
const PAGE_TYPES: [&str; 9] = ["text", "text", "bigint", "text", "text", "text", "bytea", "text", "text"];

/// The columns of an article after `page_id`, in [`article_values`]' order,
/// and their types on PostgreSQL.
const ARTICLE_TYPES: [&str; 16] = [
    "text", "text", "text", "text", "text", "text", "text", "text", "text", "float8", "float8", "float8", "float8",
    "text", "text", "bytea",
];
const ARTICLE_COLUMNS: &str = "url, canonical_url, title, published, author, site, lang, text,
     tone_label, tone_score, tone_alarm, tone_hedging, tone_sarcasm, tone_model, extract_version, story_vector";

/// What saving an article again changes.
const ARTICLE_UPDATE: &str = "ON CONFLICT (page_id) DO UPDATE SET
     url = excluded.url, canonical_url = excluded.canonical_url, title = excluded.title,
     published = excluded.published, author = excluded.author, site = excluded.site,
     lang = excluded.lang, text = excluded.text,
     tone_label = excluded.tone_label, tone_score = excluded.tone_score,
     tone_alarm = excluded.tone_alarm, tone_hedging = excluded.tone_hedging,
     tone_sarcasm = excluded.tone_sarcasm, tone_model = excluded.tone_model,
     extract_version = excluded.extract_version, story_vector = excluded.story_vector";

/// The columns of a sentence tone after `article_id`, in [`tone_values`]' order,
/// and their types on PostgreSQL.
const TONE_COLUMNS: &str = "start_byte, end_byte, label, score, alarm, hedging, sarcasm, model";
const TONE_TYPES: [&str; 8] = ["bigint", "bigint", "text", "float8", "float8", "float8", "float8", "text"];

/// The columns of a claim after `article_id`, in [`claim_values`]' order,
/// and their types on PostgreSQL.
const CLAIM_COLUMNS: &str = "holder, kind, direction, level_usd_bn, change_usd_bn, change_pct,
     period, base_period, since, rank, bound, quote, start_byte, end_byte, speaker, hedged,
     level_half_unit, change_half_unit, pct_half_unit, approx, intensity,
     verdict, source, note, figures_json, tagger_version, verify_version";
const CLAIM_TYPES: [&str; 27] = [
    "text", "text", "text", "float8", "float8", "float8", "text", "text", "text", "bigint", "text", "text", "bigint",
    "bigint", "text", "bigint", "float8", "float8", "float8", "bigint", "text", "text", "text", "text", "text", "text",
    "text",
];

fn article_values<'a>(article: &'a Article, tone: &'a ArticleTone, story: &'a Option<Vector<'a>>) -> [&'a dyn ToSql; 16] {
    let t = &tone.overall;
    [
        &article.url, &article.canonical_url, &article.title, &article.published, &article.author, &article.site,
        &article.lang, &article.text, &t.label, &t.score, &t.alarm, &t.hedging, &t.sarcasm, &t.model,
        &crate::extract::VERSION, story,
    ]
}

fn tone_values(s: &SentenceTone) -> [&dyn ToSql; 8] {
    let t = &s.tone;
    [&s.start, &s.end, &t.label, &t.score, &t.alarm, &t.hedging, &t.sarcasm, &t.model]
}

fn claim_values<'a>(claim: &'a CheckedClaim, figures: &'a FiguresJson<'a>) -> [&'a dyn ToSql; 27] {
    let CheckedClaim { claim: c, check } = claim;
    [
        &c.holder, &c.kind, &c.direction, &c.level_usd_bn, &c.change_usd_bn, &c.change_pct, &c.period,
        &c.base_period, &c.since, &c.rank, &c.bound, &c.quote, &c.start, &c.end, &c.speaker, &c.hedged,
        &c.level_half_unit, &c.change_half_unit, &c.pct_half_unit, &c.approx, &c.intensity, &check.verdict,
        &check.source, &check.note, figures, &crate::claims::VERSION, &crate::verify::VERSION,
    ]
}

/// Each claim's figures as the JSON column stores them.
fn figures_of(claims: &[CheckedClaim]) -> Vec<FiguresJson<'_>> {
    claims.iter().map(|c| FiguresJson(Cow::Borrowed(&c.check.figures))).collect()
}

/// `row` after `first`: a row of a table whose first column is its parent's id.
fn led_by<'a, const N: usize, const M: usize>(first: &'a dyn ToSql, row: [&'a dyn ToSql; N]) -> [&'a dyn ToSql; M] {
    debug_assert_eq!(M, N + 1);
    std::array::from_fn(|i| if i == 0 { first } else { row[i - 1] })
}

/// Upserts a page's article and writes its sentence tones and claims,
/// first deleting the rows an earlier save of the article left (`replace`);
/// returns the article's id.
fn put_article(tx: &mut Conn, page_id: i64, replace: bool, derived: Derived<'_>) -> Result<i64, DbError> {
    let Derived { article, tone, claims } = derived;
    let story = tone.story.as_deref().map(|v| Vector(Cow::Borrowed(v)));
    let values: [&dyn ToSql; 17] = led_by(&page_id, article_values(article, tone, &story));
    static SQL: Lazy<String> = Lazy::new(|| {
        format!("INSERT INTO articles (page_id, {ARTICLE_COLUMNS}) VALUES {} {ARTICLE_UPDATE} RETURNING id", tuples(1, 17, 0))
    });
    let article_id: i64 = tx.query_value(&SQL, &values)?;
    if replace {
        tx.execute("DELETE FROM sentence_tone WHERE article_id = ?1", params![article_id])?;
        tx.execute("DELETE FROM claims WHERE article_id = ?1", params![article_id])?;
    }
    let tones: Vec<[&dyn ToSql; 9]> = tone.sentences.iter().map(|s| led_by(&article_id, tone_values(s))).collect();
    insert_rows(tx, &format!("INSERT INTO sentence_tone (article_id, {TONE_COLUMNS})"), &tones, "")?;
    let figures = figures_of(claims);
    let rows: Vec<[&dyn ToSql; 28]> =
        claims.iter().zip(&figures).map(|(c, figures)| led_by(&article_id, claim_values(c, figures))).collect();
    insert_rows(tx, &format!("INSERT INTO claims (article_id, {CLAIM_COLUMNS})"), &rows, "")?;
    Ok(article_id)
}

/// What marks a page's source `stored` when its row exists: counting an
/// attempt unless the page was saved `fetched` before (that counted it),
/// and dropping its lease.
const STORED_ON_CONFLICT: &str = "ON CONFLICT (key) DO UPDATE SET
     state = 'stored',
     attempts = sources.attempts + CASE WHEN sources.state = 'fetched' THEN 0 ELSE 1 END,
     last_status = excluded.last_status, reason = NULL, last_error = NULL, duplicate_of = NULL,
     next_attempt = NULL, updated_at = excluded.updated_at, lease_owner = NULL";

fn mark_stored(tx: &mut Conn, page: &Page, now: DateTime<Utc>) -> Result<(), DbError> {
    static SQL: Lazy<String> = Lazy::new(|| {
        format!(
            "INSERT INTO sources (key, state, attempts, last_status, updated_at) VALUES (?1, 'stored', 1, ?2, ?3)
             {STORED_ON_CONFLICT}"
        )
    });
    tx.execute(&SQL, params![page.url, page.status, now])?;
    Ok(())
}

/// PostgreSQL: a page neither whose key nor whose body is stored yet, with
/// its article, sentence tones and claims, and its source marked stored,
/// in one statement (one round trip, where the checks and writes one by one
/// take seven or more); `false`, having written nothing, for any other page.
/// `page` is the nine values of [`PAGE_UPSERT`]; each table's rows go as
/// one array per column.
fn store_new_page(tx: &mut Conn, page: Params<'_>, derived: Derived<'_>, now: DateTime<Utc>) -> Result<bool, DbError> {
    static SQL: Lazy<String> = Lazy::new(|| {
        // Placeholders, typed, as values selected are not typed by the
        // columns they go to: the page's nine, the time, the article's
        // sixteen, then the tones' and the claims' arrays.
        let typed = |types: &[&str], first: usize, array: &str| -> String {
            types.iter().enumerate().map(|(i, ty)| format!("?{}::{ty}{array}", first + i)).collect::<Vec<_>>().join(", ")
        };
        let now = PAGE_TYPES.len() + 1;
        let article = now + 1;
        let tones = article + ARTICLE_TYPES.len();
        let claims = tones + TONE_TYPES.len();
        format!(
            "WITH page AS (
                 INSERT INTO pages (key, final_url, status, fetched_at, content_type, content_hash, raw, etag, last_modified)
                 SELECT {} WHERE NOT EXISTS (SELECT 1 FROM pages WHERE key = ?1 OR content_hash = ?6)
                 RETURNING id),
             article AS (
                 INSERT INTO articles (page_id, {ARTICLE_COLUMNS}) SELECT page.id, {} FROM page
                 RETURNING id),
             tones AS (
                 INSERT INTO sentence_tone (article_id, {TONE_COLUMNS})
                 SELECT article.id, t.* FROM article, unnest({}) AS t),
             claims AS (
                 INSERT INTO claims (article_id, {CLAIM_COLUMNS})
                 SELECT article.id, c.* FROM article, unnest({}) AS c),
             source AS (
                 INSERT INTO sources (key, state, attempts, last_status, updated_at)
                 SELECT ?1, 'stored', 1, ?3, ?{now}::text FROM page {STORED_ON_CONFLICT})
             SELECT COUNT(*) FROM article",
            typed(&PAGE_TYPES, 1, ""),
            typed(&ARTICLE_TYPES, article, ""),
            typed(&TONE_TYPES, tones, "[]"),
            typed(&CLAIM_TYPES, claims, "[]"),
        )
    });
    let Derived { article, tone, claims } = derived;
    let story = tone.story.as_deref().map(|v| Vector(Cow::Borrowed(v)));
    let scalars: Vec<&dyn ToSql> =
        page.iter().copied().chain([&now as &dyn ToSql]).chain(article_values(article, tone, &story)).collect();
    let tones: Vec<[&dyn ToSql; 8]> = tone.sentences.iter().map(tone_values).collect();
    let figures = figures_of(claims);
    let claims: Vec<[&dyn ToSql; 27]> = claims.iter().zip(&figures).map(|(c, f)| claim_values(c, f)).collect();
    let mut columns: Vec<Vec<&dyn ToSql>> = (0..TONE_TYPES.len()).map(|i| tones.iter().map(|row| row[i]).collect()).collect();
    columns.extend((0..CLAIM_TYPES.len()).map(|i| claims.iter().map(|row| row[i]).collect::<Vec<_>>()));
    Ok(tx.query_value_with_columns::<i64>(&SQL, &scalars, &columns)? == 1)
}

/// Rows per multi-row INSERT of a page's rows: its sentence tones and
/// claims go in a few statements, not one each (on PostgreSQL each is a
/// round trip). Few enough that the statements of every size up to it stay
/// in the statement caches.
const ROWS_PER_INSERT: usize = 16;

/// Rows per statement when many rows are written at once (the bundled
/// figures, a fleet's inputs): thousands of rows in tens of statements, not
/// thousands, and still far below either engine's limit on parameters
/// (32766 on SQLite, 65535 on PostgreSQL).
const ROWS_PER_BULK: usize = 512;

/// Inserts `rows` with `insert` (`INSERT INTO t (columns)`) and `tail`
/// (an `ON CONFLICT` clause, or nothing), up to [`ROWS_PER_INSERT`] rows per
/// statement; returns how many rows were inserted or changed.
fn insert_rows<const N: usize>(
    tx: &mut Conn,
    insert: &str,
    rows: &[[&dyn ToSql; N]],
    tail: &str,
) -> Result<usize, DbError> {
    chunked(tx, rows, ROWS_PER_INSERT, |values| format!("{insert} VALUES {values} {tail}"), &[])
}

/// Runs one statement per `per_statement` rows: `sql` is given the rows'
/// placeholders as tuples (`(?1, ?2), (?3, ?4)`), numbered after the `lead`
/// parameters every statement takes first; returns how many rows the
/// statements changed.
fn chunked<const N: usize>(
    tx: &mut Conn,
    rows: &[[&dyn ToSql; N]],
    per_statement: usize,
    sql: impl Fn(&str) -> String,
    lead: &[&dyn ToSql],
) -> Result<usize, DbError> {
    let mut changed = 0;
    for chunk in rows.chunks(per_statement) {
        let params: Vec<&dyn ToSql> = lead.iter().chain(chunk.iter().flatten()).copied().collect();
        changed += tx.execute(&sql(&tuples(chunk.len(), N, lead.len())), &params)?;
    }
    Ok(changed)
}

/// `rows` tuples of `columns` placeholders each, numbered from `first + 1`:
/// `(?1, ?2), (?3, ?4)`.
fn tuples(rows: usize, columns: usize, first: usize) -> String {
    (0..rows)
        .map(|row| {
            let row: Vec<String> = (1..=columns).map(|col| format!("?{}", first + row * columns + col)).collect();
            format!("({})", row.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Connects to a PostgreSQL server. Without TLS: the fleet's database is
/// expected on a trusted network (or behind a tunnel).
fn pg_connect(url: &str, shown: &str) -> Result<postgres::Client, StoreError> {
    postgres::Client::connect(url, postgres::NoTls).map_err(|cause| StoreError::Connect { path: shown.to_string(), cause })
}

/// What [`Store::queue_entry`] reads, before its `WHERE`.
const QUEUE_ENTRY: &str = "SELECT s.key, s.state, s.attempts, s.next_attempt, p.etag, p.last_modified
     FROM sources AS s LEFT JOIN pages AS p ON p.key = s.key";

fn queue_entry_row(r: &Row<'_>) -> Result<(String, QueueEntry), DbError> {
    let entry = QueueEntry {
        state: r.get("state")?,
        attempts: r.get("attempts")?,
        next_attempt: r.get("next_attempt")?,
        validators: Validators { etag: r.get("etag")?, last_modified: r.get("last_modified")? },
    };
    Ok((r.get("key")?, entry))
}

/// A `pages` row (key, final_url, status, fetched_at, content_type, raw) as
/// the [`Page`] it was saved from.
fn page_row(r: &Row<'_>) -> Result<Page, DbError> {
    Ok(Page {
        url: r.get("key")?,
        final_url: r.get("final_url")?,
        status: r.get("status")?,
        fetched_at: r.get("fetched_at")?,
        content_type: r.get("content_type")?,
        bytes: r.get("raw")?,
    })
}

/// A `holdings` row as the [`Figure`] it was saved from.
fn figure_row(r: &Row<'_>) -> Result<Figure, DbError> {
    Ok(Figure {
        series: r.get("series")?,
        measure: r.get("measure")?,
        holder: r.get("holder")?,
        month: r.get("month")?,
        value: r.get("value_usd_bn")?,
        unit: r.get("unit")?,
        vintage: r.get("vintage")?,
    })
}
