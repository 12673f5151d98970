//! The schema as ordered lists of migrations, one per engine, kept side by
//! side: SQLite's `.sql` files beside this one, applied with
//! `rusqlite_migration`, which records the version in `PRAGMA user_version`
//! (no bookkeeping table to confuse people browsing the file); PostgreSQL's
//! in `postgres/`, whose version is kept in the one-row table
//! `schema_version`.
//!
//! Each migration is a plain `.sql` file, so the schema reads the same here,
//! in `sqlite3 claims.db .schema`, in `psql \d` and in Datasette. Never edit
//! a released migration: append a new one to both lists, with the same
//! tables and columns on both engines.

use rusqlite_migration::{Migrations, M};

use super::backend::DbError;
use super::StoreError;

/// Every SQLite migration, oldest first; the schema version is their count.
pub(super) const STEPS: &[M<'static>] = &[
    M::up(include_str!("v1.sql")),
    M::up(include_str!("v2.sql")),
    M::up(include_str!("v3.sql")),
    M::up(include_str!("v4.sql")),
    M::up(include_str!("v5.sql")),
    M::up(include_str!("v6.sql")),
];

/// [`STEPS`] as `rusqlite_migration` applies them.
pub(super) const MIGRATIONS: Migrations<'static> = Migrations::from_slice(STEPS);

/// Every PostgreSQL migration, oldest first. The first is SQLite's first
/// four in one, as the PostgreSQL backend started at SQLite's version 4;
/// from then on PostgreSQL's version N+1 is SQLite's version N+4.
pub(super) const POSTGRES_STEPS: &[&str] =
    &[include_str!("postgres/v1.sql"), include_str!("postgres/v2.sql"), include_str!("postgres/v3.sql")];

/// The key of the advisory lock that serialises migrations, so workers
/// started together do not both create the schema.
const MIGRATION_LOCK: i64 = 0x636c_6169_6d73; // "claims"

/// The schema version of a PostgreSQL database: 0 when it has none.
pub(super) fn postgres_version(client: &mut impl postgres::GenericClient) -> Result<i64, DbError> {
    let exists: bool = client.query_one("SELECT to_regclass('schema_version') IS NOT NULL", &[])?.get(0);
    if !exists {
        return Ok(0);
    }
    Ok(client.query_one("SELECT version FROM schema_version", &[])?.get(0))
}

/// Brings a PostgreSQL database to the latest schema: every missing step and
/// the version it reaches in one transaction, under an advisory lock.
pub(super) fn migrate_postgres(client: &mut postgres::Client, path: &str) -> Result<(), StoreError> {
    let failed = |version: usize| move |cause| StoreError::MigratePostgres { path: path.to_string(), version, cause };
    let mut tx = client.transaction().map_err(failed(0))?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).map_err(failed(0))?;
    let current = postgres_version(&mut tx).map_err(|e| match e {
        DbError::Postgres(cause) => failed(0)(cause),
        other => StoreError::sql(path, other),
    })?;
    let known = POSTGRES_STEPS.len();
    if current > known as i64 {
        return Err(StoreError::Newer { path: path.to_string(), found: current, known });
    }
    for (i, step) in POSTGRES_STEPS.iter().enumerate().skip(current as usize) {
        let version = i + 1;
        tx.batch_execute(step).map_err(failed(version))?;
        tx.batch_execute(&format!(
            "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL);
             DELETE FROM schema_version; INSERT INTO schema_version VALUES ({version});"
        ))
        .map_err(failed(version))?;
    }
    tx.commit().map_err(failed(known))
}
