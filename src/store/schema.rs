//! The schema as an ordered list of migrations, applied with
//! `rusqlite_migration`, which records the version in `PRAGMA user_version`
//! (no bookkeeping table to confuse people browsing the file).
//!
//! Each migration is a plain `.sql` file beside this one, so the schema reads
//! the same here, in `sqlite3 claims.db .schema` and in Datasette. Never edit
//! a released migration: append a new one.

use rusqlite_migration::{Migrations, M};

/// Every migration, oldest first; the schema version is their count.
pub(super) const STEPS: &[M<'static>] = &[
    M::up(include_str!("v1.sql")),
    M::up(include_str!("v2.sql")),
    M::up(include_str!("v3.sql")),
    M::up(include_str!("v4.sql")),
    M::up(include_str!("v5.sql")),
];

/// [`STEPS`] as `rusqlite_migration` applies them.
pub(super) const MIGRATIONS: Migrations<'static> = Migrations::from_slice(STEPS);
