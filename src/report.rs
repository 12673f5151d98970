//! Reporting: stored rows and analysis results out as tables, JSON and CSV
//! ([`rhetoric`] builds the rhetoric index, [`html`] the HTML report,
//! [`article`] prints an extracted article).
//!
//! Every output goes through serde (JSON, CSV), comfy-table (terminal
//! tables) or the HTML writer; nothing here touches the database or the
//! network.

pub mod article;
pub mod html;
pub mod rhetoric;

use std::io::Write;

use chrono::NaiveDate;
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use serde::Serialize;

use crate::claims::ClaimKind;
use crate::extract::Article;
use crate::holdings::Figure;
use crate::store::{ClaimRow, Summary};
use crate::tone::{ArticleTone, Tone};
use crate::units::UsdBillions;
use crate::verify::{CheckedClaim, Verdict};

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The output could not be written (a closed pipe, a full disk).
    #[error("cannot write the output")]
    Write(#[from] std::io::Error),
    /// A row could not be written as JSON.
    #[error("cannot write JSON")]
    Json(#[from] serde_json::Error),
    /// A row could not be written as CSV.
    #[error("cannot write CSV")]
    Csv(#[from] csv::Error),
    /// The chart of a holder could not be drawn.
    #[error("cannot draw the chart of {holder}: {message}")]
    Chart { holder: String, message: String },
}

/// How a query prints its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A table for people, sized to the terminal.
    #[default]
    Table,
    /// One JSON array.
    Json,
    /// CSV with a header row.
    Csv,
}

/// The JSON document `claimscope extract` prints for one input: the article's
/// metadata, its tone and its checked claims.
#[derive(Debug, Serialize)]
pub struct ExtractDoc {
    pub id: String,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub url: String,
    pub author: Option<String>,
    pub site: Option<String>,
    pub canonical_url: Option<String>,
    pub tone: Tone,
    pub claims: Vec<CheckedClaim>,
}

impl ExtractDoc {
    /// Assembles the document from the stages' outputs.
    pub fn new(id: String, article: &Article, tone: &ArticleTone, claims: Vec<CheckedClaim>) -> ExtractDoc {
        ExtractDoc {
            id,
            title: article.title.clone(),
            published: article.published,
            url: article.url.clone(),
            author: article.author.clone(),
            site: article.site.clone(),
            canonical_url: article.canonical_url.clone(),
            tone: tone.overall.clone(),
            claims,
        }
    }
}

/// What one `ingest` or `demo` run did, for its summary.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RunCounts {
    /// Distinct inputs after expansion.
    pub inputs: usize,
    /// Inputs that could not be read or parsed (each printed as it happened).
    pub input_errors: usize,
    /// Inputs skipped because an earlier run stored them.
    pub already_stored: usize,
    /// Pages fetched, analysed and stored by this run.
    pub stored: usize,
    /// Pages that failed in this run (recorded, retried next run).
    pub failed: usize,
    /// Pages skipped in this run: robots.txt, or a duplicate body.
    pub skipped: usize,
    /// Stored pages re-fetched with `--refresh` that had not changed.
    pub unchanged: usize,
    /// Claims stored by this run.
    pub claims: usize,
}

/// One claim row flattened for CSV and tables.
#[derive(Debug, Serialize)]
struct FlatClaim<'a> {
    id: i64,
    published: Option<NaiveDate>,
    site: Option<&'a str>,
    holder: &'a str,
    kind: ClaimKind,
    direction: Option<&'static str>,
    level_usd_bn: Option<f64>,
    change_usd_bn: Option<f64>,
    change_pct: Option<f64>,
    period: Option<String>,
    base_period: Option<String>,
    since: Option<String>,
    rank: Option<u32>,
    hedged: bool,
    verdict: Verdict,
    note: &'a str,
    quote: &'a str,
    url: &'a str,
}

impl<'a> FlatClaim<'a> {
    fn of(row: &'a ClaimRow) -> FlatClaim<'a> {
        let c = &row.claim.claim;
        FlatClaim {
            id: row.id,
            published: row.published,
            site: row.site.as_deref(),
            holder: c.holder.name(),
            kind: c.kind,
            direction: c.direction.map(|d| d.as_str()),
            level_usd_bn: c.level_usd_bn.map(UsdBillions::get),
            change_usd_bn: c.change_usd_bn.map(UsdBillions::get),
            change_pct: c.change_pct,
            period: c.period.map(|p| p.to_string()),
            base_period: c.base_period.map(|p| p.to_string()),
            since: c.since.map(|s| s.to_string()),
            rank: c.rank,
            hedged: c.hedged,
            verdict: row.claim.check.verdict,
            note: &row.claim.check.note,
            quote: &c.quote,
            url: &row.url,
        }
    }
}

/// Writes claim rows in the chosen format.
pub fn write_claims(out: &mut dyn Write, rows: &[ClaimRow], format: Format) -> Result<(), ReportError> {
    match format {
        Format::Json => write_json(out, rows)?,
        Format::Csv => write_csv(out, rows.iter().map(FlatClaim::of))?,
        Format::Table => {
            let mut t = new_table(&["id", "published", "holder", "kind", "stated", "period", "verdict", "quote"]);
            for row in rows {
                let c = &row.claim.claim;
                t.add_row(vec![
                    row.id.to_string(),
                    row.published.map(|d| d.to_string()).unwrap_or_default(),
                    c.holder.to_string(),
                    c.kind.as_str().to_string(),
                    stated(c),
                    c.period.map(|p| p.to_string()).unwrap_or_default(),
                    row.claim.check.verdict.as_str().to_string(),
                    shorten(&c.quote, 90),
                ]);
            }
            writeln!(out, "{t}")?;
            writeln!(out, "{} claim(s)", rows.len())?;
        }
    }
    Ok(())
}

/// Writes official figures in the chosen format.
pub fn write_figures(out: &mut dyn Write, figures: &[Figure], format: Format) -> Result<(), ReportError> {
    match format {
        Format::Json => write_json(out, figures)?,
        Format::Csv => write_csv(out, figures.iter())?,
        Format::Table => {
            let mut t = new_table(&["holder", "month", "usd_bn", "measure", "series", "vintage"]);
            for f in figures {
                t.add_row(vec![
                    f.holder.to_string(),
                    f.month.to_string(),
                    format!("{:.1}", f.value.get()),
                    f.measure.describe().to_string(),
                    format!("{:?}", f.series),
                    f.vintage.to_string(),
                ]);
            }
            writeln!(out, "{t}")?;
            writeln!(out, "{} figure(s)", figures.len())?;
        }
    }
    Ok(())
}

/// Prints the end-of-run summary: what this run did, what failed and why,
/// and the database's claims by holder and verdict. `json` prints one object
/// `{"db", "run", "database"}` for scripts instead.
pub fn write_summary(
    out: &mut dyn Write,
    db: &str,
    run: &RunCounts,
    summary: &Summary,
    json: bool,
) -> Result<(), ReportError> {
    if json {
        return write_json(out, &serde_json::json!({ "db": db, "run": run, "database": summary }));
    }
    writeln!(
        out,
        "{}: stored {} page(s) with {} claim(s); {} already stored; {} unchanged; {} skipped; {} failed{}",
        db,
        run.stored,
        run.claims,
        run.already_stored,
        run.unchanged,
        run.skipped,
        run.failed,
        if run.input_errors > 0 { format!("; {} bad input(s)", run.input_errors) } else { String::new() },
    )?;
    if !summary.failed.is_empty() {
        writeln!(out, "\nFailed (retried on the next run):")?;
        for f in &summary.failed {
            writeln!(out, "  {} (attempt {})", f.reason, f.attempts)?;
        }
    }
    if !summary.holders.is_empty() {
        writeln!(out, "\nClaims in the database by holder and verdict ({} page(s)):", summary.pages_stored)?;
        let mut t = new_table(&["holder", "articles", "claims", "consistent", "inconsistent", "exaggerated", "unchecked"]);
        for h in &summary.holders {
            t.add_row(vec![
                h.holder.to_string(),
                h.articles.to_string(),
                h.claims.to_string(),
                h.consistent.to_string(),
                h.inconsistent.to_string(),
                h.exaggerated.to_string(),
                h.not_checkable.to_string(),
            ]);
        }
        writeln!(out, "{t}")?;
    }
    Ok(())
}

/// One pretty-printed JSON document and a newline: every `--format json`.
pub fn write_json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> Result<(), ReportError> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

fn write_csv<T: Serialize>(out: &mut dyn Write, rows: impl Iterator<Item = T>) -> Result<(), ReportError> {
    let mut w = csv::Writer::from_writer(out);
    for row in rows {
        w.serialize(row)?;
    }
    w.flush()?;
    Ok(())
}

fn new_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.to_vec());
    t
}

/// The numbers a claim states, in one short cell.
fn stated(c: &crate::claims::Claim) -> String {
    let mut parts = Vec::new();
    if let Some(l) = c.level_usd_bn {
        parts.push(l.to_string());
    }
    if let Some(d) = c.change_usd_bn {
        let sign = if d.get() >= 0.0 { "+" } else { "-" };
        parts.push(format!("{sign}{}", UsdBillions(d.get().abs())));
    }
    if let Some(p) = c.change_pct {
        parts.push(format!("{p:+.1}%"));
    }
    if let Some(s) = c.since {
        parts.push(format!("since {s}"));
    } else if c.kind == ClaimKind::Extremum {
        parts.push("record".to_string());
    }
    if let Some(r) = c.rank {
        parts.push(format!("#{r}"));
    }
    if parts.is_empty() {
        if let Some(d) = c.direction {
            parts.push(d.as_str().to_string());
        }
    }
    parts.join(" ")
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max - 1).collect();
    format!("{cut}…")
}
