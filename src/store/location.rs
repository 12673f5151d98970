//! Where a database lives, as `--db` names it, and how it is shown.

use std::path::PathBuf;

/// Where a database lives, as `--db` (or `CLAIMSCOPE_DB`) names it: a
/// SQLite file, or a PostgreSQL server for a database many workers share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A `postgres://` or `postgresql://` URL.
    Postgres(String),
}

impl Location {
    /// A `postgres://`/`postgresql://` URL is a server; anything else a file.
    pub fn parse(db: &str) -> Location {
        if db.starts_with("postgres://") || db.starts_with("postgresql://") {
            Location::Postgres(db.to_string())
        } else {
            Location::Sqlite(PathBuf::from(db))
        }
    }
}

impl std::str::FromStr for Location {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Location, Self::Err> {
        Ok(Location::parse(s))
    }
}

/// The path, or the URL with its password as `***`, so messages and
/// summaries never print it.
impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Sqlite(path) => path.display().fmt(f),
            Location::Postgres(url) => match url::Url::parse(url) {
                Ok(mut parsed) if parsed.password().is_some() => {
                    let _ = parsed.set_password(Some("***"));
                    parsed.as_str().fmt(f)
                }
                _ => url.fmt(f),
            },
        }
    }
}
