//! The one place domain types cross into and out of SQLite.
//!
//! Enums are stored as the same lowercase words serde uses in our JSON
//! ("not_checkable", "down"), months as `YYYY-MM`, so the database, the JSON
//! output and the CLI flags all spell values alike. A value the schema's
//! CHECK constraints let through but these impls do not know (a hand-edited
//! row) fails with rusqlite's conversion error, which names the column.

use std::borrow::Cow;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::claims::{Bound, ClaimKind, Intensity};
use crate::gazetteer::Holder;
use crate::holdings::{Figure, Measure, Series, Unit};
use crate::tone::ToneLabel;
use crate::units::{Direction, Period, Since, UsdBillions};
use crate::verify::Verdict;

use super::{Reason, SourceState};

/// ToSql/FromSql for an enum stored as fixed words, one word per variant.
macro_rules! sql_words {
    ($ty:ty { $($variant:ident => $word:literal),+ $(,)? }) => {
        impl ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(match self { $(<$ty>::$variant => $word),+ }))
            }
        }

        impl FromSql for $ty {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                match value.as_str()? {
                    $($word => Ok(<$ty>::$variant),)+
                    other => Err(FromSqlError::Other(
                        format!("{other:?} is not a {}", stringify!($ty)).into(),
                    )),
                }
            }
        }
    };
}

sql_words!(SourceState {
    Pending => "pending",
    Fetched => "fetched",
    Stored => "stored",
    Failed => "failed",
    Skipped => "skipped",
});
sql_words!(Reason {
    Timeout => "timeout",
    Connect => "connect",
    Transfer => "transfer",
    HttpStatus => "http_status",
    TooLarge => "too_large",
    Redirects => "redirects",
    BadResponse => "bad_response",
    Unreadable => "unreadable",
    Unsupported => "unsupported",
    NoText => "no_text",
    Robots => "robots",
    Duplicate => "duplicate",
    NotRelevant => "not_relevant",
    PrivateAddress => "private_address",
});
sql_words!(Direction { Up => "up", Down => "down", Flat => "flat" });
sql_words!(Intensity { Gradual => "gradual", Steady => "steady", Heavy => "heavy", Flight => "flight" });
sql_words!(ClaimKind {
    Level => "level",
    Change => "change",
    Extremum => "extremum",
    Rank => "rank",
    Intent => "intent",
    Trend => "trend",
    Forecast => "forecast",
});
sql_words!(Bound { Over => "over", Under => "under" });
sql_words!(Verdict {
    Consistent => "consistent",
    Inconsistent => "inconsistent",
    Exaggerated => "exaggerated",
    NotCheckable => "not_checkable",
});
sql_words!(ToneLabel { Negative => "negative", Neutral => "neutral", Positive => "positive" });
sql_words!(Series { MajorForeignHolders => "major_foreign_holders", SltTable1 => "slt_table1" });
sql_words!(Measure { TotalTreasuries => "total_treasuries", LongTermTreasuries => "long_term_treasuries" });
sql_words!(Unit { Billions => "billions", Millions => "millions" });

/// ToSql/FromSql through `Display` and `FromStr`, for types whose text form
/// is already their canonical spelling.
macro_rules! sql_display_fromstr {
    ($($ty:ty),+) => {$(
        impl ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.to_string()))
            }
        }

        impl FromSql for $ty {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                value.as_str()?.parse().map_err(|e| FromSqlError::Other(Box::new(e)))
            }
        }
    )+};
}

sql_display_fromstr!(Period, Since);

/// Stored by canonical name; names are canonical when written, so reading
/// does not resolve aliases again.
impl ToSql for Holder {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.name()))
    }
}

impl FromSql for Holder {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_str().map(Holder::named)
    }
}

impl ToSql for UsdBillions {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.get()))
    }
}

impl FromSql for UsdBillions {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        f64::column_result(value).map(UsdBillions)
    }
}

/// The figures behind a check, stored as one JSON array in
/// `claims.figures_json` (they are evidence to show, never queried by field).
/// Borrows when writing, owns when reading.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct FiguresJson<'a>(pub(super) Cow<'a, [Figure]>);

impl ToSql for FiguresJson<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        serde_json::to_string(&self.0)
            .map(ToSqlOutput::from)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
    }
}

impl FromSql for FiguresJson<'static> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        serde_json::from_str::<Vec<Figure>>(value.as_str()?)
            .map(|figures| FiguresJson(Cow::Owned(figures)))
            .map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

/// An embedding as a BLOB of little-endian `f32`s: compact, and exact on the
/// way back.
pub(super) struct Vector<'a>(pub(super) Cow<'a, [f32]>);

impl ToSql for Vector<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>()))
    }
}

impl FromSql for Vector<'static> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let bytes = value.as_blob()?;
        if bytes.len() % 4 != 0 {
            return Err(FromSqlError::InvalidBlobSize { expected_size: bytes.len() / 4 * 4 + 4, blob_size: bytes.len() });
        }
        let floats = bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
        Ok(Vector(Cow::Owned(floats)))
    }
}
