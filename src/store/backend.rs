//! The two database engines behind [`Store`](super::Store): SQLite (the
//! embedded default) and PostgreSQL (a shared server for a fleet of
//! workers), with one way to run a statement on either.
//!
//! Statements are written once, in the SQL both engines accept, with
//! SQLite's `?N` placeholders; PostgreSQL gets them as `$N`. Values cross
//! through rusqlite's `ToSql`/`FromSql` impls in [`types`](super::types)
//! on both engines, so each domain type is mapped in one place: for
//! PostgreSQL a SQLite value is sent as the type the server expects for
//! that parameter, and a column is read back as the SQLite value it holds.

use std::collections::HashMap;
use std::error::Error;
use std::fmt;

use postgres::types::{to_sql_checked, IsNull, ToSql as PgToSql, Type};
use rusqlite::types::{FromSql, FromSqlError, ToSql, ToSqlOutput, Value, ValueRef};
use rusqlite::Connection;

/// A statement's failure on either engine.
#[derive(Debug)]
pub(super) enum DbError {
    Sqlite(rusqlite::Error),
    Postgres(postgres::Error),
    /// A PostgreSQL column whose value our types reject (a row edited by
    /// hand), or a parameter a statement cannot take.
    Value { column: String, cause: FromSqlError },
}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> DbError {
        DbError::Sqlite(e)
    }
}

impl From<postgres::Error> for DbError {
    fn from(e: postgres::Error) -> DbError {
        DbError::Postgres(e)
    }
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbError::Sqlite(e) => e.fmt(f),
            DbError::Postgres(e) => f.write_str(&pg_message(e)),
            DbError::Value { column, cause } => write!(f, "column {column}: {cause}"),
        }
    }
}

impl Error for DbError {}

/// A PostgreSQL error with its cause: the client's own Display is only
/// "db error" for what the server said.
pub(super) fn pg_message(e: &postgres::Error) -> String {
    match (e.as_db_error(), e.source()) {
        (Some(db), _) => format!("{}: {}", db.severity(), db.message()),
        (None, Some(cause)) => format!("{e}: {cause}"),
        (None, None) => e.to_string(),
    }
}

/// An open connection to one engine.
pub(super) enum Conn {
    Sqlite(Connection),
    Postgres(Pg),
}

impl fmt::Debug for Conn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Conn::Sqlite(c) => c.fmt(f),
            Conn::Postgres(_) => f.write_str("Conn::Postgres"),
        }
    }
}

/// A PostgreSQL connection with its prepared statements, kept for the
/// connection's life as rusqlite's `prepare_cached` keeps SQLite's (a
/// fresh prepare is a round trip to the server).
pub(super) struct Pg {
    pub(super) client: postgres::Client,
    statements: HashMap<String, postgres::Statement>,
    in_transaction: bool,
}

impl Pg {
    pub(super) fn new(client: postgres::Client) -> Pg {
        Pg { client, statements: HashMap::new(), in_transaction: false }
    }

    fn statement(&mut self, sql: &str) -> Result<postgres::Statement, postgres::Error> {
        if let Some(stmt) = self.statements.get(sql) {
            return Ok(stmt.clone());
        }
        let stmt = self.client.prepare(&dollar_placeholders(sql))?;
        self.statements.insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }
}

/// Which engine a statement runs on, for the few statements whose SQL
/// differs (full-text search, leases, a new page stored in one statement).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    Sqlite,
    Postgres,
}

/// Statement parameters, as rusqlite takes them.
pub(super) type Params<'a> = &'a [&'a dyn ToSql];

impl Conn {
    pub(super) fn dialect(&self) -> Dialect {
        match self {
            Conn::Sqlite(_) => Dialect::Sqlite,
            Conn::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Runs a statement and returns how many rows it changed.
    pub(super) fn execute(&mut self, sql: &str, params: Params<'_>) -> Result<usize, DbError> {
        match self {
            Conn::Sqlite(c) => Ok(c.prepare_cached(sql)?.execute(params)?),
            Conn::Postgres(pg) => {
                let stmt = pg.statement(sql)?;
                let values = pg_params(params)?;
                let values = pg_values(&values);
                Ok(pg.client.execute(&stmt, &pg_refs(&values))? as usize)
            }
        }
    }

    /// Every row a query returns, each through `f`.
    pub(super) fn query<T>(
        &mut self,
        sql: &str,
        params: Params<'_>,
        mut f: impl FnMut(&Row<'_>) -> Result<T, DbError>,
    ) -> Result<Vec<T>, DbError> {
        match self {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let mut rows = stmt.query(params)?;
                let mut out = Vec::new();
                while let Some(row) = rows.next()? {
                    out.push(f(&Row::Sqlite(row))?);
                }
                Ok(out)
            }
            Conn::Postgres(pg) => {
                let stmt = pg.statement(sql)?;
                let values = pg_params(params)?;
                let values = pg_values(&values);
                let rows = pg.client.query(&stmt, &pg_refs(&values))?;
                rows.iter().map(|row| f(&Row::Postgres(row))).collect()
            }
        }
    }

    /// The first row a query returns, if any.
    pub(super) fn query_opt<T>(
        &mut self,
        sql: &str,
        params: Params<'_>,
        f: impl FnMut(&Row<'_>) -> Result<T, DbError>,
    ) -> Result<Option<T>, DbError> {
        Ok(self.query(sql, params, f)?.into_iter().next())
    }

    /// The one value of a query that always returns a row (a count, an id
    /// from `RETURNING`).
    pub(super) fn query_value<T: FromSql>(&mut self, sql: &str, params: Params<'_>) -> Result<T, DbError> {
        self.query_opt(sql, params, |r| r.get(0))?.ok_or(DbError::Sqlite(rusqlite::Error::QueryReturnedNoRows))
    }

    /// PostgreSQL only: the one value of a statement that takes `params`
    /// and then, as the parameters after them, one array per column of
    /// `columns` (for `unnest`), so rows of any number go in one statement
    /// of one shape instead of one per chunk of rows.
    pub(super) fn query_value_with_columns<T: FromSql>(
        &mut self,
        sql: &str,
        params: Params<'_>,
        columns: &[Vec<&dyn ToSql>],
    ) -> Result<T, DbError> {
        let Conn::Postgres(pg) = self else {
            return Err(DbError::Value { column: "arrays".into(), cause: FromSqlError::Other("array parameters are PostgreSQL's".into()) });
        };
        let stmt = pg.statement(sql)?;
        let scalars = pg_params(params)?;
        let scalars = pg_values(&scalars);
        let columns: Vec<Vec<ToSqlOutput<'_>>> =
            columns.iter().map(|column| pg_params(column)).collect::<Result<_, _>>()?;
        let columns: Vec<Vec<PgParam<'_>>> = columns.iter().map(|column| pg_values(column)).collect();
        let mut refs = pg_refs(&scalars);
        refs.extend(columns.iter().map(|column| column as &(dyn PgToSql + Sync)));
        let row = pg.client.query_one(&stmt, &refs)?;
        let value = pg_column(&row, 0)?;
        T::column_result(ValueRef::from(&value)).map_err(|cause| DbError::Value { column: "0".into(), cause })
    }

    /// Opens a transaction that takes the write lock at once (SQLite's
    /// `IMMEDIATE`), so a competing writer is met at the start.
    pub(super) fn begin(&mut self) -> Result<(), DbError> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch("BEGIN IMMEDIATE")?),
            Conn::Postgres(pg) => {
                pg.client.batch_execute("BEGIN")?;
                pg.in_transaction = true;
                Ok(())
            }
        }
    }

    pub(super) fn commit(&mut self) -> Result<(), DbError> {
        self.end("COMMIT")
    }

    pub(super) fn rollback(&mut self) -> Result<(), DbError> {
        self.end("ROLLBACK")
    }

    fn end(&mut self, sql: &str) -> Result<(), DbError> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Conn::Postgres(pg) => {
                // Closed either way: a failed COMMIT on PostgreSQL rolls back.
                pg.in_transaction = false;
                Ok(pg.client.batch_execute(sql)?)
            }
        }
    }

    pub(super) fn in_transaction(&self) -> bool {
        match self {
            Conn::Sqlite(c) => !c.is_autocommit(),
            Conn::Postgres(pg) => pg.in_transaction,
        }
    }
}

/// A result row from either engine.
pub(super) enum Row<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Postgres(&'a postgres::Row),
}

/// A column by position or name, on either engine.
pub(super) trait Column: rusqlite::RowIndex + Copy + fmt::Display {
    fn position(self, row: &postgres::Row) -> Option<usize>;
}

impl Column for usize {
    fn position(self, row: &postgres::Row) -> Option<usize> {
        (self < row.len()).then_some(self)
    }
}

impl Column for &str {
    fn position(self, row: &postgres::Row) -> Option<usize> {
        row.columns().iter().position(|c| c.name() == self)
    }
}

impl Row<'_> {
    /// A column as a domain type, through its rusqlite `FromSql`.
    pub(super) fn get<T: FromSql>(&self, col: impl Column) -> Result<T, DbError> {
        match self {
            Row::Sqlite(r) => Ok(r.get(col)?),
            Row::Postgres(r) => {
                let bad = |cause| DbError::Value { column: col.to_string(), cause };
                let i = col.position(r).ok_or_else(|| bad(FromSqlError::Other("no such column".into())))?;
                let value = pg_column(r, i)?;
                T::column_result(ValueRef::from(&value)).map_err(bad)
            }
        }
    }
}

/// A PostgreSQL column as the SQLite value it stands for.
fn pg_column(row: &postgres::Row, i: usize) -> Result<Value, DbError> {
    let ty = row.columns()[i].type_();
    let value = match *ty {
        Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Value::Integer),
        Type::INT4 => row.try_get::<_, Option<i32>>(i)?.map(|v| Value::Integer(v.into())),
        Type::INT2 => row.try_get::<_, Option<i16>>(i)?.map(|v| Value::Integer(v.into())),
        Type::BOOL => row.try_get::<_, Option<bool>>(i)?.map(|v| Value::Integer(v.into())),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map(Value::Real),
        Type::FLOAT4 => row.try_get::<_, Option<f32>>(i)?.map(|v| Value::Real(v.into())),
        Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Blob),
        // As rusqlite writes a DateTime<Utc>, so both engines read alike.
        Type::TIMESTAMPTZ => row
            .try_get::<_, Option<chrono::DateTime<chrono::Utc>>>(i)?
            .map(|t| Value::Text(t.format("%F %T%.f%:z").to_string())),
        _ => row.try_get::<_, Option<String>>(i)?.map(Value::Text),
    };
    Ok(value.unwrap_or(Value::Null))
}

/// A parameter's SQLite value, sent as whatever type PostgreSQL inferred
/// for its placeholder.
#[derive(Debug)]
struct PgParam<'a>(ValueRef<'a>);

fn pg_params<'a>(params: Params<'a>) -> Result<Vec<ToSqlOutput<'a>>, DbError> {
    params.iter().map(|p| p.to_sql().map_err(DbError::Sqlite)).collect()
}

fn pg_refs<'a>(values: &'a [PgParam<'a>]) -> Vec<&'a (dyn PgToSql + Sync)> {
    values.iter().map(|v| v as &(dyn PgToSql + Sync)).collect()
}

fn pg_values<'a>(values: &'a [ToSqlOutput<'a>]) -> Vec<PgParam<'a>> {
    values
        .iter()
        .map(|v| {
            PgParam(match v {
                ToSqlOutput::Borrowed(v) => *v,
                ToSqlOutput::Owned(v) => ValueRef::from(v),
                // Our types only produce plain values.
                _ => ValueRef::Null,
            })
        })
        .collect()
}

impl postgres::types::ToSql for PgParam<'_> {
    fn to_sql(&self, ty: &Type, out: &mut postgres::types::private::BytesMut) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        match self.0 {
            ValueRef::Null => Ok(IsNull::Yes),
            ValueRef::Integer(v) => match *ty {
                Type::INT8 => PgToSql::to_sql(&v, ty, out),
                Type::INT4 => PgToSql::to_sql(&i32::try_from(v)?, ty, out),
                Type::INT2 => PgToSql::to_sql(&i16::try_from(v)?, ty, out),
                Type::FLOAT8 => PgToSql::to_sql(&(v as f64), ty, out),
                Type::BOOL => PgToSql::to_sql(&(v != 0), ty, out),
                _ => Err(format!("an integer cannot be sent as {ty}").into()),
            },
            ValueRef::Real(v) => match *ty {
                Type::FLOAT8 => PgToSql::to_sql(&v, ty, out),
                Type::FLOAT4 => PgToSql::to_sql(&(v as f32), ty, out),
                _ => Err(format!("a real cannot be sent as {ty}").into()),
            },
            ValueRef::Text(v) => PgToSql::to_sql(&std::str::from_utf8(v)?, ty, out),
            ValueRef::Blob(v) => PgToSql::to_sql(&v, ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// PostgreSQL's `$N` for SQLite's `?N`, and `$1, $2, ...` in turn for bare
/// `?`; string literals are left alone.
fn dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut next = 0;
    let mut in_string = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_string = !in_string;
                out.push(c);
            }
            '?' if !in_string => {
                out.push('$');
                if chars.peek().is_some_and(char::is_ascii_digit) {
                    while let Some(d) = chars.next_if(char::is_ascii_digit) {
                        out.push(d);
                    }
                } else {
                    next += 1;
                    out.push_str(&next.to_string());
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::dollar_placeholders;

    #[test]
    fn placeholders_become_dollars_outside_strings() {
        assert_eq!(dollar_placeholders("a = ?1 AND b = ?12"), "a = $1 AND b = $12");
        assert_eq!(dollar_placeholders("a = ? AND b = ? LIMIT ?"), "a = $1 AND b = $2 LIMIT $3");
        assert_eq!(dollar_placeholders("a = '?' AND b = ?2"), "a = '?' AND b = $2");
    }
}
