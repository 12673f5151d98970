//! What can go wrong in storage, each message naming the database.

use rusqlite::ErrorCode;

use super::backend::{self, DbError};

/// Why a storage operation failed. Every message starts with the database
/// as the user gave it with `--db` (a PostgreSQL password shown as `***`).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process (a second claimscope run, a sqlite3 shell inside a
    /// transaction) held the write lock longer than the busy timeout.
    #[error("{path}: database is locked by another process; wait for it or use another --db")]
    Locked {
        /// The database path, as given.
        path: String,
    },
    /// The file could not be opened or is not an SQLite database.
    #[error("{path}: cannot open the database: {cause}; check the path, that its directory exists and is writable, and that it is a claimscope database")]
    Open {
        /// The database path, as given.
        path: String,
        /// SQLite's reason.
        cause: rusqlite::Error,
    },
    /// The PostgreSQL server could not be reached or refused the login.
    #[error("{path}: cannot connect to the database server: {}; check the host, port, user, password and database name, and that the server is running", backend::pg_message(cause))]
    Connect {
        /// The database URL, as given.
        path: String,
        /// The client's reason.
        cause: postgres::Error,
    },
    /// The database holds no claimscope schema, and a query command will
    /// not create one.
    #[error("{path}: no such database; run `claimscope ingest INPUT --db {path}` first, or `claimscope demo`")]
    Empty {
        /// The database, as given.
        path: String,
    },
    /// The schema could not be brought to the current version.
    #[error("{path}: cannot update the database schema: {cause}; if a newer claimscope wrote this file, use that version or another --db")]
    Migrate {
        /// The database path, as given.
        path: String,
        /// The migration that failed and why.
        cause: rusqlite_migration::Error,
    },
    /// The PostgreSQL schema could not be brought to the current version.
    #[error("{path}: cannot update the database schema to version {version}: {}; if a newer claimscope wrote this database, use that version or another --db", backend::pg_message(cause))]
    MigratePostgres {
        /// The database URL, as given.
        path: String,
        /// The version that failed.
        version: usize,
        /// The server's reason.
        cause: postgres::Error,
    },
    /// The database was written by a newer claimscope.
    #[error("{path}: schema version {found} is newer than this claimscope knows ({known}); use a newer claimscope or another --db")]
    Newer {
        /// The database, as given.
        path: String,
        /// The version found.
        found: i64,
        /// The latest version this build has.
        known: usize,
    },
    /// A statement failed; with the schema in place this means a damaged
    /// file or a row edited by hand into something our types reject.
    #[error("{path}: {cause}; the database may be damaged or edited by hand: re-run with a new --db")]
    Sql {
        /// The database path, as given.
        path: String,
        /// SQLite's reason, naming the column for a value it cannot convert.
        cause: rusqlite::Error,
    },
    /// A shared-queue operation on a SQLite file.
    #[error("{path}: workers share a queue only on PostgreSQL (--db postgres://user@host:port/dbname); a SQLite file is worked by one `claimscope ingest` at a time")]
    SharedQueue {
        /// The database path, as given.
        path: String,
    },
    /// A statement failed on the PostgreSQL server, or the connection broke.
    #[error("{path}: {}", backend::pg_message(cause))]
    Postgres {
        /// The database URL, as given.
        path: String,
        /// The server's or the client's reason.
        cause: postgres::Error,
    },
    /// A PostgreSQL column held a value our types reject (a row edited by hand).
    #[error("{path}: column {column}: {cause}; the row may have been edited by hand")]
    Value {
        /// The database URL, as given.
        path: String,
        /// The column.
        column: String,
        /// Why its value was rejected.
        cause: rusqlite::types::FromSqlError,
    },
}

impl StoreError {
    /// A statement's error, with busy and locked reported as [`StoreError::Locked`].
    pub(super) fn sql(path: &str, cause: DbError) -> StoreError {
        let path = path.to_string();
        match cause {
            DbError::Sqlite(cause) if is_locked(&cause) => StoreError::Locked { path },
            DbError::Sqlite(cause) => StoreError::Sql { path, cause },
            DbError::Postgres(cause) => StoreError::Postgres { path, cause },
            DbError::Value { column, cause } => StoreError::Value { path, column, cause },
        }
    }

    /// An error opening or configuring the connection, with busy and locked
    /// reported as [`StoreError::Locked`].
    pub(super) fn open(path: &str, cause: rusqlite::Error) -> StoreError {
        if is_locked(&cause) {
            return StoreError::Locked { path: path.to_string() };
        }
        StoreError::Open { path: path.to_string(), cause }
    }
}

/// Whether SQLite gave up waiting for another connection's lock.
pub(super) fn is_locked(e: &rusqlite::Error) -> bool {
    matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked))
}
