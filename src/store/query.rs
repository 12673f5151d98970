//! Reading back what runs stored: claims by filter (with full-text search
//! on either engine) and the end-of-run summary.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::ToSql;

use crate::claims::{Claim, ClaimKind};
use crate::tone::ToneLabel;
use crate::verify::{Check, CheckedClaim, Verdict};
use crate::gazetteer::Holder;

use super::backend::{DbError, Dialect, Row};
use super::types::FiguresJson;
use super::{Store, StoreError};

/// Filters for [`Store::query_claims`]; `None` means "any". All filters
/// combine with AND.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClaimQuery {
    /// Claims about this holder (canonical name; build it with
    /// `Holder::named` so aliases such as "UK" work).
    pub holder: Option<Holder>,
    /// Claims of this kind.
    pub kind: Option<ClaimKind>,
    /// Earliest article publication date, inclusive. Articles without a
    /// date are left out when `from` or `to` is set.
    pub from: Option<NaiveDate>,
    /// Latest article publication date, inclusive.
    pub to: Option<NaiveDate>,
    /// Claims that checked out this way.
    pub verdict: Option<Verdict>,
    /// Words to find in the claim's quote or anywhere in its article's title
    /// or text. Taken literally: punctuation and FTS5 operators in it are
    /// matched as text, never parsed as query syntax; every word must occur.
    pub search: Option<String>,
    /// The article's site, exactly as stored.
    pub site: Option<String>,
    /// At most this many rows, newest first.
    pub limit: Option<usize>,
}

/// A stored claim with the article facts a report shows beside it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ClaimRow {
    /// The claim's row id, stable until its article is saved again.
    pub id: i64,
    /// The article's source key (its URL or `file://` path).
    pub url: String,
    /// The article's title, publication date and site, as extracted.
    pub title: Option<String>,
    /// See [`ClaimRow::title`].
    pub published: Option<NaiveDate>,
    /// See [`ClaimRow::title`].
    pub site: Option<String>,
    /// The tone of the whole article the claim comes from.
    pub tone_label: ToneLabel,
    /// The article's polarity, -1 to 1.
    pub tone_score: f64,
    /// The tone stage's alarm score (0 to 1) of the claim's own sentence:
    /// sirens, shouting, panic words.
    pub alarm: f64,
    /// The claim and its check, exactly as saved.
    pub claim: CheckedClaim,
}

/// What a database holds, for the end-of-run summary and `claimscope stats`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Summary {
    /// Pages with a stored article.
    pub pages_stored: usize,
    /// Sources enqueued but not yet processed.
    pub pending: usize,
    /// Sources skipped (robots.txt, duplicates of another page).
    pub skipped: usize,
    /// Sources whose latest attempt failed, oldest failure first.
    pub failed: Vec<FailedSource>,
    /// Claims per holder, most-claimed holder first.
    pub holders: Vec<HolderSummary>,
}

/// A source whose latest attempt failed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FailedSource {
    /// The source key.
    pub key: String,
    /// Attempts so far, failed or not.
    pub attempts: u32,
    /// The latest failure's reason.
    pub reason: String,
    /// When the latest failure happened.
    pub at: DateTime<Utc>,
}

/// How the claims about one holder checked out (a row of `v_holder_summary`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HolderSummary {
    /// The holder the claims are about.
    pub holder: Holder,
    /// Claims about the holder, across all articles.
    pub claims: usize,
    /// Articles with at least one claim about the holder.
    pub articles: usize,
    /// Claims per [`Verdict`], one field per verdict (they add up to `claims`).
    pub consistent: usize,
    /// See [`HolderSummary::consistent`].
    pub inconsistent: usize,
    /// See [`HolderSummary::consistent`].
    pub exaggerated: usize,
    /// See [`HolderSummary::consistent`].
    pub not_checkable: usize,
}


impl Store {
    /// The stored claims matching every filter in `q`, newest article first
    /// (undated articles last). Every value is bound as a parameter; only
    /// fixed SQL fragments are joined, so each filter can use its index.
    pub fn query_claims(&self, q: &ClaimQuery) -> Result<Vec<ClaimRow>, StoreError> {
        let dialect = self.conn.borrow().dialect();
        let search = match (dialect, q.search.as_deref()) {
            (_, None) => None,
            (Dialect::Sqlite, Some(text)) => match fts_literal(text) {
                None => return Ok(Vec::new()),
                some => some,
            },
            (Dialect::Postgres, Some(text)) => Some(text.to_string()),
        };
        let mut filters: Vec<&str> = Vec::new();
        let mut args: Vec<&dyn ToSql> = Vec::new();
        for (sql, arg) in [
            ("holder = ?", bound(&q.holder)),
            ("kind = ?", bound(&q.kind)),
            ("published >= ?", bound(&q.from)),
            ("published <= ?", bound(&q.to)),
            ("verdict = ?", bound(&q.verdict)),
            ("site = ?", bound(&q.site)),
        ] {
            if let Some(arg) = arg {
                filters.push(sql);
                args.push(arg);
            }
        }
        if let Some(s) = &search {
            filters.push(match dialect {
                Dialect::Sqlite => {
                    "(id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)
                      OR article_id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))"
                }
                // plainto_tsquery takes the text literally, every word required,
                // with stemming like FTS5's porter tokenizer; the expressions
                // are those of the GIN indexes in postgres/v1.sql.
                Dialect::Postgres => {
                    "(id IN (SELECT id FROM claims
                             WHERE to_tsvector('english', quote) @@ plainto_tsquery('english', ?))
                      OR article_id IN (SELECT id FROM articles
                             WHERE to_tsvector('english', COALESCE(title, '') || ' ' || text)
                                   @@ plainto_tsquery('english', ?)))"
                }
            });
            args.extend([s as &dyn ToSql, s]);
        }
        let mut sql = String::from("SELECT * FROM v_claims");
        if !filters.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&filters.join(" AND "));
        }
        sql.push_str(" ORDER BY published DESC NULLS LAST, id");
        if let Some(n) = &q.limit {
            sql.push_str(" LIMIT ?");
            args.push(n);
        }
        self.read(|conn| conn.query(&sql, args.as_slice(), claim_row))
    }

    /// Counts for the end-of-run summary: stored pages, pending sources, the
    /// failed sources with their reasons, and claims by holder and verdict.
    pub fn summary(&self) -> Result<Summary, StoreError> {
        self.read(|conn| {
            let pages_stored = conn.query_value("SELECT COUNT(*) FROM articles", &[])?;
            let pending = conn.query_value("SELECT COUNT(*) FROM sources WHERE state IN ('pending', 'fetched')", &[])?;
            let skipped = conn.query_value("SELECT COUNT(*) FROM sources WHERE state = 'skipped'", &[])?;
            let failed = conn.query(
                "SELECT key, attempts, COALESCE(last_error, '') AS reason, updated_at
                 FROM sources WHERE state = 'failed' ORDER BY updated_at, key",
                &[],
                |r| {
                    Ok(FailedSource {
                        key: r.get("key")?,
                        attempts: r.get("attempts")?,
                        reason: r.get("reason")?,
                        at: r.get("updated_at")?,
                    })
                },
            )?;
            let holders = conn.query("SELECT * FROM v_holder_summary ORDER BY claims DESC, holder", &[], |r| {
                Ok(HolderSummary {
                    holder: r.get("holder")?,
                    claims: r.get("claims")?,
                    articles: r.get("articles")?,
                    consistent: r.get("consistent")?,
                    inconsistent: r.get("inconsistent")?,
                    exaggerated: r.get("exaggerated")?,
                    not_checkable: r.get("not_checkable")?,
                })
            })?;
            Ok(Summary { pages_stored, pending, skipped, failed, holders })
        })
    }
}

/// A set filter's value as a statement parameter.
fn bound<T: ToSql>(value: &Option<T>) -> Option<&dyn ToSql> {
    value.as_ref().map(|v| v as &dyn ToSql)
}

/// A `v_claims` row as a [`ClaimRow`].
fn claim_row(r: &Row<'_>) -> Result<ClaimRow, DbError> {
    let claim = Claim {
        holder: r.get("holder")?,
        kind: r.get("kind")?,
        direction: r.get("direction")?,
        level_usd_bn: r.get("level_usd_bn")?,
        change_usd_bn: r.get("change_usd_bn")?,
        change_pct: r.get("change_pct")?,
        period: r.get("period")?,
        base_period: r.get("base_period")?,
        since: r.get("since")?,
        rank: r.get("rank")?,
        bound: r.get("bound")?,
        quote: r.get("quote")?,
        start: r.get("start_byte")?,
        end: r.get("end_byte")?,
        speaker: r.get("speaker")?,
        hedged: r.get("hedged")?,
        level_half_unit: r.get("level_half_unit")?,
        change_half_unit: r.get("change_half_unit")?,
        pct_half_unit: r.get("pct_half_unit")?,
        approx: r.get("approx")?,
        intensity: r.get("intensity")?,
    };
    let FiguresJson(figures) = r.get("figures_json")?;
    let check = Check {
        verdict: r.get("verdict")?,
        figures: figures.into_owned(),
        source: r.get("source")?,
        note: r.get("note")?,
    };
    Ok(ClaimRow {
        id: r.get("id")?,
        url: r.get("url")?,
        title: r.get("title")?,
        published: r.get("published")?,
        site: r.get("site")?,
        tone_label: r.get("tone_label")?,
        tone_score: r.get("tone_score")?,
        alarm: r.get("sentence_alarm")?,
        claim: CheckedClaim { claim, check },
    })
}

/// The user's search text as an FTS5 query that matches it literally: each
/// word becomes a quoted string (inner quotes doubled), so "U.S." or
/// "Treasury's" or `NEAR(` are text, not syntax; the words are ANDed.
/// `None` when no word has a letter or digit, which FTS5 could not match.
pub(super) fn fts_literal(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}
