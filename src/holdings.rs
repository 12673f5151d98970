//! The official figures: TIC tables in, [`Figure`]s out, with a
//! [`Holdings`] index to look them up by holder, measure and month.
//!
//! Three Treasury tables are bundled (provenance in `data/README.md`):
//! - the Major Foreign Holders history (`mfhhis01.txt`): total Treasuries,
//!   bills included, in billions; the table the news quotes;
//! - the months after it from the current table, TIC Table 5
//!   (`slt_table5.txt`, 2026-01 and 2026-02 for its largest holders);
//! - TIC Table 1 (`slt_table1.txt`): long-term Treasuries only, in millions,
//!   for every country, so holders the first table leaves out (Denmark) can
//!   still be checked, against the narrower measure.
//!
//! Both are compiled in and parsed at every command start, so the parsers
//! are single passes over the lines, and the result is cached per process.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::NaiveDate;
use once_cell::sync::Lazy;
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::calendar;
use crate::gazetteer::{self, Holder, HolderKind};
use crate::months;
use crate::units::{Period, UsdBillions};

mod slt_table5;

/// Which published table a figure comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Series {
    /// Major Foreign Holders of Treasury Securities (`mfhhis01.txt`).
    MajorForeignHolders,
    /// TIC Table 1, long-term securities held by foreign residents (`slt_table1.txt`).
    SltTable1,
}

impl Series {
    /// How notes and `holdings status` name the table.
    pub fn describe(self) -> &'static str {
        match self {
            Series::MajorForeignHolders => "TIC Major Foreign Holders",
            Series::SltTable1 => "TIC Table 1 (long-term only)",
        }
    }
}

/// What a figure measures; claims are only compared within one measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// All Treasury securities: bills, notes and bonds.
    #[value(name = "total")]
    TotalTreasuries,
    /// Long-term Treasuries only (notes and bonds, no bills).
    #[value(name = "long-term", alias = "long_term", alias = "longterm")]
    LongTermTreasuries,
}

impl Measure {
    /// How notes and tables name the measure.
    pub fn describe(self) -> &'static str {
        match self {
            Measure::TotalTreasuries => "total Treasuries",
            Measure::LongTermTreasuries => "long-term Treasuries",
        }
    }
}

/// The unit a table publishes in; values are always converted to billions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// The Major Foreign Holders table.
    Billions,
    /// TIC Table 1.
    Millions,
}

/// One published number: a holder's holdings at the end of a month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub series: Series,
    pub measure: Measure,
    pub holder: Holder,
    pub month: Period,
    /// In billions of USD whatever the table's unit.
    #[serde(rename = "value_usd_bn")]
    pub value: UsdBillions,
    /// The unit the table printed the value in (the value is converted).
    #[serde(rename = "published_unit")]
    pub unit: Unit,
    /// When this value was published (or last revised).
    pub vintage: NaiveDate,
}

/// File names used in error messages: the parsers read text, and the text
/// of each table always comes from the file Treasury publishes under this name.
const MFH_FILE: &str = "mfhhis01.txt";
const SLT_FILE: &str = "slt_table1.txt";

/// Why a TIC table could not be read. Messages start with `file:line` so a
/// changed upstream layout can be found and fixed in the file.
#[derive(Debug, thiserror::Error)]
pub enum HoldingsError {
    /// A value cell is neither a number nor one of the table's no-value
    /// markers (blank, `*`, `n.a.`).
    #[error("{file}:{line}: {cell:?} in column {column} of row {label:?} is not a number; expected a value such as 683.9, a blank, \"*\" or \"n.a.\"")]
    NotANumber { file: String, line: usize, label: String, column: String, cell: String },
    /// A Major Foreign Holders row label that is neither a holder the
    /// gazetteer knows nor an aggregate the parser skips; silently dropping
    /// it could lose a country.
    #[error("{file}:{line}: unknown row label {label:?}; add it to tic_labels in src/gazetteer.rs, or to the table's skipped rows in src/holdings if it is not a holder")]
    UnknownLabel { file: String, line: usize, label: String },
    /// A line is not laid out the way the table's format requires.
    #[error("{file}:{line}: {problem}")]
    Layout { file: String, line: usize, problem: String },
    /// The text lacks a part the table must have.
    #[error("{file}: {problem}")]
    Missing { file: String, problem: String },
}

/// Major Foreign Holders rows that are not holders we track, matched as
/// label prefixes (so footnote markers do not matter): the remainder row,
/// the country groups discontinued after February 2016, and the joint
/// Belgium-Luxembourg row published before June 2002.
const MFH_SKIPPED: &[&str] = &["All Other", "Carib Bnkng Ctrs", "Oil Exporters", "Belgium-Luxembourg"];

/// `(2025 revised March 18, 2026)`: the vintage of one year of the history.
static REVISION_STAMP: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\((\d{4}) revised ([A-Z][a-z]+ \d{1,2}, \d{4})\)").expect("valid regex"));

/// Parses the Major Foreign Holders history (`mfhhis01.txt`): total
/// Treasuries by holder, in billions.
///
/// The file is one block per year, newest first: a row of month names, a
/// `Country` row of years, then one row per holder and an `Of which:` section
/// with the foreign official total. Where a year has a series break the break
/// month appears twice; the first column is the new series and the second an
/// old-series estimate "shown for comparison only", so the second is dropped.
/// Each figure's vintage is its year's revision stamp, or the newest stamp
/// for years that carry none.
pub fn parse_major_foreign_holders(text: &str) -> Result<Vec<Figure>, HoldingsError> {
    parse_mfh(text, MFH_FILE, None)
}

/// Parses a Major Foreign Holders table in the history's block layout: the
/// history itself, or the current table `mfh.txt` (one block of the latest
/// 13 months, which may span two years, over a release date line such as
/// "February 18, 2026"). A figure's vintage is its year's revision stamp,
/// else `vintage`, else the file's release date line, else the newest stamp.
fn parse_mfh(text: &str, file: &str, vintage: Option<NaiveDate>) -> Result<Vec<Figure>, HoldingsError> {
    let stamps = revision_stamps(text, file)?;
    let fallback = vintage.or_else(|| release_date(text)).or_else(|| stamps.values().max().copied());
    let newest = fallback.ok_or_else(|| HoldingsError::Missing {
        file: file.to_string(),
        problem: "no revision stamps such as \"(2025 revised March 18, 2026)\" and no release date line such as \"February 18, 2026\"; give the table's release date with --vintage YYYY-MM-DD".into(),
    })?;
    let mut figures = Vec::new();
    let mut months: Option<Vec<Option<u32>>> = None;
    let mut block: Option<MfhBlock> = None;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let (label, cells) = split_row(line);
        if label.is_empty() {
            if let Some(m) = month_header(&cells) {
                months = Some(m);
                block = None;
            } else if cells.iter().all(|c| c.is_empty()) && block.as_ref().is_some_and(|b| b.of_which) {
                // The blank line after the `Of which:` rows ends the year.
                block = None;
            }
            continue;
        }
        if label == "Country" {
            let header = months.take().ok_or_else(|| HoldingsError::Layout {
                file: file.to_string(),
                line: n,
                problem: "a \"Country\" row of years without a row of month names above it".into(),
            })?;
            block = Some(MfhBlock::new(&header, &cells, file, n)?);
            continue;
        }
        // Outside a block: titles, footnotes and revision stamps.
        let Some(b) = block.as_mut() else { continue };
        if label.eq_ignore_ascii_case("Of which:") {
            b.of_which = true;
            continue;
        }
        let holder = match gazetteer::from_tic_label(label) {
            Some(h) => h,
            // Under `Of which:` only the foreign official total is a holder;
            // its bills / bonds-and-notes split is not.
            None if b.of_which || MFH_SKIPPED.iter().any(|s| label.trim_matches('"').starts_with(s)) => continue,
            None => return Err(HoldingsError::UnknownLabel { file: file.to_string(), line: n, label: label.to_string() }),
        };
        for (col, cell) in cells.iter().enumerate() {
            let month = match b.columns.get(col) {
                Some(Some(month)) => *month,
                Some(None) => continue,
                None if cell.is_empty() => continue,
                None => {
                    return Err(HoldingsError::Layout {
                        file: file.to_string(),
                        line: n,
                        problem: format!("row {label:?} has more values than the block's header has months"),
                    })
                }
            };
            if let Some(v) = value_cell(file, n, label, &month.to_string(), cell)? {
                let vintage = stamps.get(&month.year()).copied().unwrap_or(newest);
                figures.push(total_figure(&holder, month, v, vintage));
            }
        }
    }
    if figures.is_empty() {
        return Err(HoldingsError::Missing {
            file: file.to_string(),
            problem: "no year blocks (a row of month names, then a \"Country\" row of years, then holder rows)".into(),
        });
    }
    Ok(figures)
}

/// One year's block of the Major Foreign Holders history.
struct MfhBlock {
    /// The month of each value column; `None` for a comparison-only column.
    columns: Vec<Option<Period>>,
    /// Inside the `Of which:` section.
    of_which: bool,
}

impl MfhBlock {
    /// Pairs the month-name row with the `Country` row of years (at line `n`).
    fn new(months: &[Option<u32>], years: &[&str], file: &str, n: usize) -> Result<MfhBlock, HoldingsError> {
        let layout = |problem: String| HoldingsError::Layout { file: file.to_string(), line: n, problem };
        let mut columns: Vec<Option<Period>> = Vec::with_capacity(months.len());
        for col in 0..months.len().max(years.len()) {
            let month = months.get(col).copied().flatten();
            let year = years.get(col).copied().unwrap_or("");
            let period = match (month, year.is_empty()) {
                (None, true) => None,
                (Some(m), false) => {
                    let y = year.parse().map_err(|_| layout(format!("{year:?} is not a year")))?;
                    Period::new(y, m)
                }
                _ => return Err(layout(format!("column {} has a month without a year or a year without a month", col + 1))),
            };
            // A repeated month is the old series' estimate at a break.
            columns.push(period.filter(|p| !columns.contains(&Some(*p))));
        }
        Ok(MfhBlock { columns, of_which: false })
    }
}

/// The month numbers of a header row of month names, by value column; `None`
/// when the row is anything else.
fn month_header(cells: &[&str]) -> Option<Vec<Option<u32>>> {
    let mut months = Vec::with_capacity(cells.len());
    for cell in cells {
        if cell.is_empty() {
            months.push(None);
        } else {
            let m = (1..=12).find(|&m| months::abbreviation(m) == Some(cell))?;
            months.push(Some(m));
        }
    }
    months.iter().any(Option::is_some).then_some(months)
}

/// The vintage of each year of the history, from its revision stamp.
fn revision_stamps(text: &str, file: &str) -> Result<HashMap<i32, NaiveDate>, HoldingsError> {
    let mut stamps = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        if !line.contains(" revised ") {
            continue;
        }
        let Some(c) = REVISION_STAMP.captures(line) else { continue };
        let date = NaiveDate::parse_from_str(&c[2], "%B %d, %Y").map_err(|e| HoldingsError::Layout {
            file: file.to_string(),
            line: i + 1,
            problem: format!("revision stamp date {:?} is not a date ({e})", &c[2]),
        })?;
        stamps.insert(c[1].parse().expect("four digits"), date);
    }
    Ok(stamps)
}

/// The release date of the current table: a line that is only a date such
/// as "February 18, 2026" (quotes and tabs around it allowed).
fn release_date(text: &str) -> Option<NaiveDate> {
    text.lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '"'))
        .filter(|l| l.len() <= 20 && l.ends_with(|c: char| c.is_ascii_digit()))
        .find_map(|l| NaiveDate::parse_from_str(l, "%B %d, %Y").ok())
}

/// A tab-separated row: its trimmed label and trimmed value cells.
fn split_row(line: &str) -> (&str, Vec<&str>) {
    let mut cells = line.split('\t').map(str::trim);
    let label = cells.next().unwrap_or("");
    (label, cells.collect())
}

/// The value of a cell in `column` of row `label` at `file:line`, or the
/// error naming them.
fn value_cell(file: &str, line: usize, label: &str, column: &str, cell: &str) -> Result<Option<f64>, HoldingsError> {
    cell_value(cell).map_err(|()| HoldingsError::NotANumber {
        file: file.to_string(),
        line,
        label: label.to_string(),
        column: column.to_string(),
        cell: cell.to_string(),
    })
}

/// A Major Foreign Holders figure: total Treasuries, published in billions.
fn total_figure(holder: &Holder, month: Period, billions: f64, vintage: NaiveDate) -> Figure {
    Figure {
        series: Series::MajorForeignHolders,
        measure: Measure::TotalTreasuries,
        holder: holder.clone(),
        month,
        value: UsdBillions(billions),
        unit: Unit::Billions,
        vintage,
    }
}

/// A value cell: `Ok(None)` for the tables' no-value markers (blank; `*`,
/// more than zero but under the table's rounding; `n.a.`), `Err` when the
/// cell is not a finite number.
fn cell_value(cell: &str) -> Result<Option<f64>, ()> {
    match cell {
        "" | "*" | "n.a." => Ok(None),
        c => c.parse::<f64>().ok().filter(|v| v.is_finite()).map(Some).ok_or(()),
    }
}

/// Parses TIC Table 1 (`slt_table1.txt`): long-term Treasuries
/// (`for_lt_treas_pos`, millions, converted to billions) by holder.
///
/// Only rows whose label the gazetteer knows are kept, so regions, totals and
/// the `Of Which:` breakdowns by type of holder drop out (except the foreign
/// official row the gazetteer lists). "All Countries" and "Grand Total" both
/// mean all foreign holders; the one listed first in the gazetteer's labels
/// (Grand Total, which like the Major Foreign Holders total includes
/// international organizations) wins. The file carries no revision date, so
/// every figure's vintage is the release date of the newest month in the
/// release calendar.
pub fn parse_slt_table1(text: &str) -> Result<Vec<Figure>, HoldingsError> {
    parse_slt(text, SLT_FILE, &SLT_TABLE1, None)
}

/// What to read from a table in the SLT tab-separated layout (title lines,
/// a human header, then a machine header `country<TAB>country_code<TAB>date
/// ...` and one row per country and month, in millions).
struct SltColumns {
    /// The machine name of the value column.
    column: &'static str,
    series: Series,
    measure: Measure,
}

const SLT_TABLE1: SltColumns =
    SltColumns { column: "for_lt_treas_pos", series: Series::SltTable1, measure: Measure::LongTermTreasuries };

/// Parses a table in the SLT long layout; every figure's vintage is
/// `vintage`, else the release date of the newest month (the file states
/// no release date).
fn parse_slt(text: &str, file: &str, spec: &SltColumns, vintage: Option<NaiveDate>) -> Result<Vec<Figure>, HoldingsError> {
    let mut lines = text.lines().enumerate();
    let (header_at, header) = lines.by_ref().find(|(_, l)| split_row(l).0 == "country").ok_or_else(|| HoldingsError::Missing {
        file: file.to_string(),
        problem: "no machine header line starting \"country<TAB>country_code<TAB>date\"; is this a TIC SLT table?".into(),
    })?;
    let names: Vec<&str> = header.split('\t').map(str::trim).collect();
    let column = |name: &str| {
        names.iter().position(|c| *c == name).ok_or_else(|| HoldingsError::Layout {
            file: file.to_string(),
            line: header_at + 1,
            problem: format!("the header has no {name} column"),
        })
    };
    let (c_label, c_date, c_value) = (column("country")?, column("date")?, column(spec.column)?);
    let needed = c_label.max(c_date).max(c_value) + 1;

    let mut figures: Vec<Figure> = Vec::new();
    // Where each holder and month went in `figures`, and the rank of the
    // label it came from (lower wins).
    let mut placed: HashMap<(Holder, Period), (usize, usize)> = HashMap::new();
    // Each label repeats once per month: look it up in the gazetteer once.
    let mut holders: HashMap<&str, Option<(Holder, usize)>> = HashMap::new();
    for (i, line) in lines {
        let n = i + 1;
        let cells: Vec<&str> = line.split('\t').take(needed).map(str::trim).collect();
        let cell = |c: usize| cells.get(c).copied().unwrap_or("");
        let label = cell(c_label);
        if label.is_empty() {
            break; // the data ends at the first blank line; definitions follow
        }
        let Some((holder, rank)) = holders.entry(label).or_insert_with(|| slt_holder(label)).clone() else { continue };
        let month: Period = cell(c_date).parse().map_err(|_| HoldingsError::Layout {
            file: file.to_string(),
            line: n,
            problem: format!("{:?} in the date column of row {label:?} is not a month (YYYY-MM)", cell(c_date)),
        })?;
        let value = value_cell(file, n, label, spec.column, cell(c_value))?;
        let Some(millions) = value else { continue };
        let figure = Figure {
            series: spec.series,
            measure: spec.measure,
            holder: holder.clone(),
            month,
            value: UsdBillions::from_millions(millions),
            unit: Unit::Millions,
            vintage: NaiveDate::MIN, // set below, once the newest month is known
        };
        match placed.get_mut(&(holder, month)) {
            Some((at, best)) if rank < *best => {
                figures[*at] = figure;
                *best = rank;
            }
            Some(_) => {}
            None => {
                placed.insert((figure.holder.clone(), month), (figures.len(), rank));
                figures.push(figure);
            }
        }
    }
    let newest = figures.iter().map(|f| f.month).max().ok_or_else(|| HoldingsError::Missing {
        file: file.to_string(),
        problem: format!("no {} values for any holder the gazetteer knows", spec.column),
    })?;
    let vintage = vintage.unwrap_or_else(|| calendar::release_date(newest));
    for f in &mut figures {
        f.vintage = vintage;
    }
    Ok(figures)
}

/// The TIC tables `claimscope holdings load` and `refresh` read, by layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// The Major Foreign Holders history (`mfhhis01.txt`), block layout.
    MajorForeignHolders,
    /// The retired current Major Foreign Holders table (`mfh.txt`): the
    /// block layout with one block of 13 months. Still readable, but
    /// Treasury stopped updating it in 2023.
    LegacyMfh,
    /// TIC Table 1 (`slt_table1.txt`): long-term Treasuries, millions.
    SltTable1,
    /// TIC Table 5 (`slt_table5.txt`): the current Major Foreign Holders
    /// table, total Treasuries in billions.
    SltTable5,
}

impl Table {
    /// The tables Treasury keeps current on its TIC site, the files
    /// `refresh` downloads, with their layouts.
    pub const CURRENT: [(&'static str, Table); 3] =
        [("slt_table5.txt", Table::SltTable5), ("mfhhis01.txt", Table::MajorForeignHolders), ("slt_table1.txt", Table::SltTable1)];

    /// The layout of a file by its name as Treasury publishes it, or by its
    /// content when renamed: Table 1 has a machine header naming its value
    /// column, Table 5 a `Country` row of months, the block layouts a
    /// `Country` row of years (the history with revision stamps, `mfh.txt`
    /// without).
    pub fn detect(name: &str, text: &str) -> Option<Table> {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name).to_ascii_lowercase();
        for (prefix, table) in [
            ("mfhhis", Table::MajorForeignHolders),
            ("mfh", Table::LegacyMfh),
            ("slt_table1", Table::SltTable1),
            ("slt_table5", Table::SltTable5),
        ] {
            if base.starts_with(prefix) {
                return Some(table);
            }
        }
        if slt_table5::is_table5(text) {
            return Some(Table::SltTable5);
        }
        let row = |name: &str| text.lines().map(split_row).find(|(label, _)| *label == name);
        match row("country") {
            Some((_, cells)) if cells.contains(&SLT_TABLE1.column) => Some(Table::SltTable1),
            Some(_) => None,
            None if row("Country").is_none() => None,
            None if REVISION_STAMP.is_match(text) => Some(Table::MajorForeignHolders),
            None => Some(Table::LegacyMfh),
        }
    }

    /// Parses the table's text; `file` names it in errors, `vintage` is the
    /// release date when the file does not state one (see the parsers).
    pub fn parse(self, file: &str, text: &str, vintage: Option<NaiveDate>) -> Result<Vec<Figure>, HoldingsError> {
        match self {
            Table::MajorForeignHolders | Table::LegacyMfh => parse_mfh(text, file, vintage),
            Table::SltTable1 => parse_slt(text, file, &SLT_TABLE1, vintage),
            Table::SltTable5 => slt_table5::parse(text, file, vintage),
        }
    }

    /// What a user loading this table should know: `mfh.txt` still answers
    /// but its data stopped in 2023.
    pub fn warning(self) -> Option<&'static str> {
        (self == Table::LegacyMfh).then_some(
            "mfh.txt is the retired Major Foreign Holders release: Treasury stopped updating it in 2023 (its data end January 2023); load slt_table5.txt for current months",
        )
    }
}

/// The holder a Table 1 label stands for, with the label's position among
/// the holder's TIC labels (which decides between two rows for one holder).
fn slt_holder(label: &str) -> Option<(Holder, usize)> {
    let holder = gazetteer::from_tic_label(label)?;
    let rank = gazetteer::resolve(holder.name())
        .and_then(|e| e.tic_labels.iter().position(|t| t.eq_ignore_ascii_case(label)))
        .unwrap_or(usize::MAX);
    Some((holder, rank))
}

/// The bundled tables, parsed on first use. They are compiled in and parsed
/// by this module's tests, so a failure here is a build defect, not bad input.
static BUNDLED: Lazy<Holdings> = Lazy::new(|| {
    let mut figures = parse_major_foreign_holders(include_str!("../data/tic/mfhhis01.txt"))
        .unwrap_or_else(|e| panic!("bundled table: {e}"));
    figures.extend(
        parse_slt_table1(include_str!("../data/tic/slt_table1.txt")).unwrap_or_else(|e| panic!("bundled table: {e}")),
    );
    figures.extend(
        slt_table5::parse(include_str!("../data/tic/slt_table5.txt"), "slt_table5.txt", None)
            .unwrap_or_else(|e| panic!("bundled table: {e}")),
    );
    Holdings::from_figures(figures)
});

/// Every loaded figure, indexed for look-ups by holder, measure and month.
///
/// Look-ups see the latest vintage of each figure; every vintage is kept, so
/// [`Holdings::as_of`] can give the figures as they were published on a date.
#[derive(Debug, Clone, Default)]
pub struct Holdings {
    /// The latest vintage of each figure, ordered by series, holder and month.
    figures: Vec<Figure>,
    /// Positions in `figures` by holder and measure, oldest month first, one
    /// per month.
    index: HashMap<Holder, HashMap<Measure, Vec<usize>>>,
    /// Every vintage, ordered by series, holder, month and vintage.
    revisions: Vec<Figure>,
    /// The distinct vintages, oldest first.
    vintages: Vec<NaiveDate>,
    /// [`Holdings::as_of`] by the latest vintage it includes: a run checks
    /// thousands of articles against a handful of vintages, and rebuilding
    /// the index per article was 40% of a lexicon ingest's CPU. Clones
    /// share it, as they share the figures.
    as_of: Arc<Mutex<HashMap<NaiveDate, Arc<Holdings>>>>,
}

impl Holdings {
    /// The TIC tables bundled in `data/` (compiled into the binary, so the
    /// tool runs from any directory). Parsed once per process.
    pub fn bundled() -> Holdings {
        BUNDLED.clone()
    }

    /// An index over the given figures. Every vintage is kept; look-ups use
    /// the latest vintage of each series, holder and month (of two figures
    /// with the same vintage, the one given last). A measure normally comes
    /// from one series; if two series give one measure for the same holder
    /// and month, look-ups use the series listed first in [`Series`].
    pub fn from_figures(mut figures: Vec<Figure>) -> Holdings {
        // Stable, so among equal keys the input order survives and the last
        // one given is the one kept.
        figures.sort_by(|a, b| {
            (a.series, &a.holder, a.month, a.vintage).cmp(&(b.series, &b.holder, b.month, b.vintage))
        });
        let same = |a: &Figure, b: &Figure| (a.series, &a.holder, a.month) == (b.series, &b.holder, b.month);
        let mut revisions: Vec<Figure> = Vec::with_capacity(figures.len());
        for f in figures {
            match revisions.last_mut() {
                Some(last) if same(last, &f) && last.vintage == f.vintage => *last = f,
                _ => revisions.push(f),
            }
        }
        let mut kept: Vec<Figure> = Vec::with_capacity(revisions.len());
        for f in &revisions {
            match kept.last_mut() {
                Some(last) if same(last, f) => *last = f.clone(),
                _ => kept.push(f.clone()),
            }
        }
        let mut index: HashMap<Holder, HashMap<Measure, Vec<usize>>> = HashMap::new();
        for (i, f) in kept.iter().enumerate() {
            let by_measure = match index.get_mut(&f.holder) {
                Some(m) => m,
                None => index.entry(f.holder.clone()).or_default(),
            };
            by_measure.entry(f.measure).or_default().push(i);
        }
        for ids in index.values_mut().flat_map(HashMap::values_mut) {
            ids.sort_by_key(|&i| kept[i].month);
            ids.dedup_by_key(|i| kept[*i].month);
        }
        let mut vintages: Vec<NaiveDate> = revisions.iter().map(|f| f.vintage).collect();
        vintages.sort_unstable();
        vintages.dedup();
        Holdings { figures: kept, index, revisions, vintages, as_of: Arc::default() }
    }

    /// The figures as published on `date`: of each figure, the latest
    /// vintage released on or before it. Months not yet published then, or
    /// whose first release is not loaded, are missing.
    pub fn as_of(&self, date: NaiveDate) -> Arc<Holdings> {
        let released = self.vintages.partition_point(|v| *v <= date);
        let Some(&latest) = released.checked_sub(1).and_then(|i| self.vintages.get(i)) else {
            return Arc::default();
        };
        // A poisoned lock only means another thread panicked while inserting;
        // every value in the map is complete.
        let mut cache = self.as_of.lock().unwrap_or_else(PoisonError::into_inner);
        let built = cache.entry(latest).or_insert_with(|| {
            Arc::new(Holdings::from_figures(self.revisions.iter().filter(|f| f.vintage <= latest).cloned().collect()))
        });
        Arc::clone(built)
    }

    /// Every vintage of every figure, ordered by series, holder, month and
    /// vintage.
    pub fn revisions(&self) -> &[Figure] {
        &self.revisions
    }

    /// Every figure, ordered by series, holder and month.
    pub fn figures(&self) -> &[Figure] {
        &self.figures
    }

    /// Positions of a holder's figures for one measure, oldest month first.
    fn positions(&self, holder: &Holder, measure: Measure) -> &[usize] {
        self.index.get(holder).and_then(|m| m.get(&measure)).map_or(&[], Vec::as_slice)
    }

    /// The measures available for a holder, best first (total Treasuries
    /// before long-term only). A measure is listed if it has any month; see
    /// [`Holdings::measure_for_claim`] for the measure a claim is checked against.
    pub fn measures_for(&self, holder: &Holder) -> Vec<Measure> {
        [Measure::TotalTreasuries, Measure::LongTermTreasuries]
            .into_iter()
            .filter(|m| !self.positions(holder, *m).is_empty())
            .collect()
    }

    /// The measure a claim about `holder` at `month` is checked against.
    ///
    /// A holder that a measure still lists (a figure within a year of the
    /// measure's latest month: Japan or Taiwan in the Major Foreign Holders
    /// table, whose newest months cover fewer holders) is checked against
    /// that measure even when `month` is missing from it, so a missing month
    /// never silently switches a claim to long-term-only figures. Otherwise
    /// the best measure with a figure at `month`: Denmark is in the main
    /// table only for 2010-2019, so a 2025 claim about it is checked against
    /// long-term holdings.
    pub fn measure_for_claim(&self, holder: &Holder, month: Option<Period>) -> Option<Measure> {
        let measures = self.measures_for(holder);
        let best = *measures.first()?;
        let has = |m: Measure, p: Option<Period>| p.is_some_and(|p| self.get(holder, m, p).is_some());
        let current = |m: Measure| {
            let last = self.positions(holder, m).last().map(|&i| self.figures[i].month);
            last.zip(self.latest_month(m)).is_some_and(|(last, latest)| last >= latest.add_months(-12))
        };
        if current(best) {
            return Some(best);
        }
        let fits = |m: &&Measure| if month.is_some() { has(**m, month) } else { current(**m) };
        Some(measures.iter().find(fits).copied().unwrap_or(best))
    }

    /// The figure for one holder, measure and month.
    pub fn get(&self, holder: &Holder, measure: Measure, month: Period) -> Option<&Figure> {
        let ids = self.positions(holder, measure);
        ids.binary_search_by_key(&month, |&i| self.figures[i].month).ok().map(|k| &self.figures[ids[k]])
    }

    /// The value for one holder, measure and month: the number a stated level
    /// is compared with.
    pub fn value(&self, holder: &Holder, measure: Measure, month: Period) -> Option<UsdBillions> {
        self.get(holder, measure, month).map(|f| f.value)
    }

    /// A holder's figures for one measure, oldest month first.
    pub fn series(&self, holder: &Holder, measure: Measure) -> Vec<&Figure> {
        self.at(self.positions(holder, measure))
    }

    /// A holder's figures for one measure from `from` to `to`, both included,
    /// oldest first: the window a "lowest since" or 12-month trend check scans.
    pub fn range(&self, holder: &Holder, measure: Measure, from: Period, to: Period) -> Vec<&Figure> {
        let ids = self.positions(holder, measure);
        let start = ids.partition_point(|&i| self.figures[i].month < from);
        let end = ids.partition_point(|&i| self.figures[i].month <= to);
        self.at(&ids[start..end.max(start)])
    }

    /// The figures at the given positions.
    fn at(&self, ids: &[usize]) -> Vec<&Figure> {
        ids.iter().map(|&i| &self.figures[i]).collect()
    }

    /// Every holder's figure for one measure and month, largest first;
    /// aggregates (all foreign, foreign official) are left out, so the
    /// position in the list is the holder's rank.
    pub fn ranking(&self, measure: Measure, month: Period) -> Vec<&Figure> {
        let mut ranked: Vec<&Figure> = self
            .figures
            .iter()
            .filter(|f| f.measure == measure && f.month == month && f.holder.kind() == HolderKind::Country)
            .collect();
        ranked.sort_by(|a, b| b.value.get().total_cmp(&a.value.get()));
        ranked
    }

    /// The latest month with data for a measure.
    pub fn latest_month(&self, measure: Measure) -> Option<Period> {
        self.figures.iter().filter(|f| f.measure == measure).map(|f| f.month).max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(s: &str) -> Period {
        s.parse().unwrap()
    }

    fn value(h: &Holdings, holder: &str, measure: Measure, m: &str) -> Option<f64> {
        h.value(&Holder::named(holder), measure, month(m)).map(UsdBillions::get)
    }

    const TOTAL: Measure = Measure::TotalTreasuries;
    const LONG: Measure = Measure::LongTermTreasuries;

    #[test]
    fn major_foreign_holders_known_values() {
        let h = Holdings::bundled();
        assert_eq!(value(&h, "Japan", TOTAL, "2025-12"), Some(1185.5));
        assert_eq!(value(&h, "China", TOTAL, "2025-11"), Some(683.9));
        assert_eq!(value(&h, "All foreign", TOTAL, "2025-12"), Some(9271.0));
        assert_eq!(value(&h, "Foreign official", TOTAL, "2025-12"), Some(3887.0));
        // "Korea, South " with a trailing space (2001) and without (2025).
        assert_eq!(value(&h, "South Korea", TOTAL, "2001-12"), Some(32.8));
        assert_eq!(value(&h, "South Korea", TOTAL, "2025-12"), Some(140.6));
        // "United Kingdom 2/" in 2010; "Belgium  5/" in 2002.
        assert_eq!(value(&h, "United Kingdom", TOTAL, "2010-12"), Some(269.0));
        assert_eq!(value(&h, "Belgium", TOTAL, "2002-12"), Some(13.0));
        // "n.a." cells (Luxembourg, first half of 2002) give no figure.
        assert_eq!(value(&h, "Luxembourg", TOTAL, "2002-05"), None);
        assert_eq!(value(&h, "Luxembourg", TOTAL, "2002-07"), Some(22.9));
        let f = h.get(&Holder::named("Japan"), TOTAL, month("2025-12")).unwrap();
        assert_eq!((f.series, f.unit), (Series::MajorForeignHolders, Unit::Billions));
    }

    #[test]
    fn series_breaks_keep_the_new_series_month_once() {
        let h = Holdings::bundled();
        let japan = Holder::named("Japan");
        let y2008 = h.range(&japan, TOTAL, month("2008-01"), month("2008-12"));
        let months: Vec<String> = y2008.iter().map(|f| f.month.to_string()).collect();
        assert_eq!(months.len(), 12, "{months:?}");
        // June 2008: 628 is series IX, 580.4 the series VIII comparison.
        assert_eq!(value(&h, "Japan", TOTAL, "2008-06"), Some(628.0));
        assert_eq!(value(&h, "Japan", TOTAL, "2008-05"), Some(575.3));
        // 2000 repeats March (series II, then series I) and has no Jan/Feb.
        assert_eq!(value(&h, "Japan", TOTAL, "2000-03"), Some(307.6));
        assert_eq!(h.range(&japan, TOTAL, month("2000-01"), month("2000-12")).len(), 10);
    }

    #[test]
    fn vintages_follow_revision_stamps() {
        let h = Holdings::bundled();
        let vintage = |m: &str| h.get(&Holder::named("Japan"), TOTAL, month(m)).unwrap().vintage.to_string();
        assert_eq!(vintage("2025-12"), "2026-03-18");
        assert_eq!(vintage("2022-01"), "2025-03-19");
        assert_eq!(vintage("2010-06"), "2018-08-15");
        // 2012 carries no stamp: the newest one applies.
        assert_eq!(vintage("2012-06"), "2026-03-18");
    }

    #[test]
    fn table1_gives_long_term_holdings_in_billions() {
        let h = Holdings::bundled();
        assert_eq!(value(&h, "Denmark", LONG, "2025-11"), Some(8.293));
        assert_eq!(value(&h, "China", LONG, "2025-11").map(|v| v > 0.0), Some(true));
        // Grand Total (with international organizations), not All Countries.
        assert_eq!(value(&h, "All foreign", LONG, "2025-11"), Some(7911.51));
        let f = h.get(&Holder::named("Denmark"), LONG, month("2025-11")).unwrap();
        assert_eq!((f.series, f.unit), (Series::SltTable1, Unit::Millions));
        assert_eq!(f.vintage.to_string(), "2026-07-14"); // release_date(2026-05)
        assert_eq!(h.latest_month(LONG), Some(month("2026-05")));
        assert_eq!(h.latest_month(TOTAL), Some(month("2026-02")));
    }

    #[test]
    fn measures_prefer_total_and_fall_back_by_month() {
        let h = Holdings::bundled();
        let denmark = Holder::named("Denmark");
        assert_eq!(h.measures_for(&Holder::named("Japan")), vec![TOTAL, LONG]);
        assert_eq!(h.measures_for(&denmark), vec![TOTAL, LONG]);
        let at = |holder: &Holder, m: &str| h.measure_for_claim(holder, Some(month(m)));
        assert_eq!(at(&denmark, "2015-06"), Some(TOTAL));
        assert_eq!(at(&denmark, "2025-11"), Some(LONG));
        // Japan is still in the main table: a month it lacks stays unchecked
        // rather than switching to long-term-only figures.
        assert_eq!(at(&Holder::named("Japan"), "2026-03"), Some(TOTAL));
        // Taiwan is in the history (to 2025-12), not in the bundled 2026
        // months: still the main table's holder.
        assert_eq!(at(&Holder::named("Taiwan"), "2026-01"), Some(TOTAL));
        assert_eq!(h.measure_for_claim(&denmark, None), Some(LONG));
        assert!(h.measures_for(&Holder::named("AkademikerPension")).is_empty());
    }

    #[test]
    fn ranking_counts_countries_only() {
        let h = Holdings::bundled();
        let ranked = h.ranking(TOTAL, month("2025-12"));
        let names: Vec<&str> = ranked.iter().take(3).map(|f| f.holder.name()).collect();
        assert_eq!(names, ["Japan", "United Kingdom", "China"]);
        assert!(ranked.iter().all(|f| f.holder.kind() == HolderKind::Country));
        assert!(ranked.windows(2).all(|w| w[0].value >= w[1].value));
    }

    #[test]
    fn from_figures_keeps_the_later_of_two_equal_figures() {
        let h = Holdings::bundled();
        let mut old = h.get(&Holder::named("Japan"), TOTAL, month("2025-12")).unwrap().clone();
        let mut new = old.clone();
        old.value = UsdBillions(1.0);
        new.value = UsdBillions(2.0);
        let h = Holdings::from_figures(vec![old, new]);
        assert_eq!(h.figures().len(), 1);
        assert_eq!(value(&h, "Japan", TOTAL, "2025-12"), Some(2.0));
    }

    /// A small history in the file's layout, with `row` as Japan's 2025 row.
    fn mfh_with_row(row: &str) -> String {
        format!(
            "\t\tMAJOR FOREIGN HOLDERS\n\tDec\tNov\nCountry\t2025\t2025\n\t------\t------\n{row}\nGrand Total\t9271\t9359.3\n\nOf which:\n  For. Official\t3887\t3921.6\n    Treasury Bills\t388.5\t385.6\n\nDepartment of the Treasury/Federal Reserve Board\n\"(2025 revised March 18, 2026)\"\n"
        )
    }

    #[test]
    fn mfh_errors_name_file_and_line() {
        let ok = parse_major_foreign_holders(&mfh_with_row("Japan\t1185.5\t*")).unwrap();
        assert_eq!(ok.len(), 5); // Japan Dec; Grand Total x2; For. Official x2
        let err = parse_major_foreign_holders(&mfh_with_row("Japan\t1185.5\t12O2.7")).unwrap_err().to_string();
        assert!(err.starts_with("mfhhis01.txt:5: \"12O2.7\" in column 2025-11 of row \"Japan\""), "{err}");
        let err = parse_major_foreign_holders(&mfh_with_row("Atlantis 3/\t1\t2")).unwrap_err().to_string();
        assert!(err.starts_with("mfhhis01.txt:5: unknown row label \"Atlantis 3/\""), "{err}");
        let err = parse_major_foreign_holders(&mfh_with_row("Japan\t1\t2\t3")).unwrap_err().to_string();
        assert!(err.starts_with("mfhhis01.txt:5: row \"Japan\" has more values"), "{err}");
        let err = parse_major_foreign_holders("Japan\t1\n").unwrap_err().to_string();
        assert!(err.starts_with("mfhhis01.txt: no revision stamps"), "{err}");
    }

    #[test]
    fn slt_errors_name_file_and_line() {
        let text = "Table 1\ncountry\tcountry_code\tdate\tfor_lt_treas_pos\nDenmark\t10502\t2025-11\t8293\nDenmark\t10502\t2025-10\t8,1\n";
        let err = parse_slt_table1(text).unwrap_err().to_string();
        assert!(err.starts_with("slt_table1.txt:4: \"8,1\" in column for_lt_treas_pos of row \"Denmark\""), "{err}");
        let err = parse_slt_table1("country\tdate\nDenmark\t2025-11\n").unwrap_err().to_string();
        assert!(err.starts_with("slt_table1.txt:1: the header has no for_lt_treas_pos column"), "{err}");
        let err = parse_slt_table1("Denmark\t10502\t2025-11\t8293\n").unwrap_err().to_string();
        assert!(err.starts_with("slt_table1.txt: no machine header"), "{err}");
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const MFH_CURRENT: &str = include_str!("../tests/fixtures/tic/mfh.txt");

    /// Treasury's `slt_table5.txt` as published (a sample of its rows), from
    /// `../shared`; missing, the test fails.
    fn table5_sample() -> String {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/tic/slt_table5-sample.txt");
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}; the real-layout sample is needed"))
    }

    #[test]
    fn current_mfh_table_takes_its_release_date_as_vintage() {
        let figures = Table::LegacyMfh.parse("mfh.txt", MFH_CURRENT, None).unwrap();
        let h = Holdings::from_figures(figures);
        // 13 months across two years, in billions.
        assert_eq!(value(&h, "China", TOTAL, "2025-11"), Some(682.6));
        assert_eq!(value(&h, "China", TOTAL, "2024-11"), Some(768.6));
        assert_eq!(h.series(&Holder::named("Japan"), TOTAL).len(), 13);
        assert_eq!(value(&h, "Foreign official", TOTAL, "2025-11"), Some(3921.0));
        assert!(h.figures().iter().all(|f| f.vintage == date("2026-01-16")));
        // --vintage wins over the release line.
        let given = Table::LegacyMfh.parse("mfh.txt", MFH_CURRENT, Some(date("2026-01-20"))).unwrap();
        assert!(given.iter().all(|f| f.vintage == date("2026-01-20")));
        let undated = MFH_CURRENT.replace("January 16, 2026", "");
        let err = Table::LegacyMfh.parse("dl/mfh.txt", &undated, None).unwrap_err().to_string();
        assert!(err.starts_with("dl/mfh.txt: no revision stamps") && err.contains("--vintage"), "{err}");
    }

    #[test]
    fn slt_table5_real_layout_is_total_treasuries_in_billions() {
        let text = table5_sample();
        assert!(text.contains("\t\r\n"), "the sample keeps its CRLF and trailing tabs");
        let figures = Table::SltTable5.parse("slt_table5.txt", &text, None).unwrap();
        // 5 countries and Grand Total x 13 months; All Other is not a holder.
        assert_eq!(figures.len(), 6 * 13);
        let h = Holdings::from_figures(figures);
        assert_eq!(value(&h, "Japan", TOTAL, "2026-02"), Some(1239.3));
        assert_eq!(value(&h, "China", TOTAL, "2026-01"), Some(694.4));
        assert_eq!(value(&h, "All foreign", TOTAL, "2026-02"), Some(9487.1));
        assert_eq!(value(&h, "Canada", TOTAL, "2025-02"), Some(406.1));
        let f = h.get(&Holder::named("Belgium"), TOTAL, month("2026-02")).unwrap();
        // The release day of February 2026's data.
        assert_eq!((f.series, f.unit, f.vintage), (Series::MajorForeignHolders, Unit::Billions, date("2026-04-15")));
        let given = Table::SltTable5.parse("slt_table5.txt", &text, Some(date("2026-04-16"))).unwrap();
        assert!(given.iter().all(|f| f.vintage == date("2026-04-16")));
    }

    /// A Table 5 in the published layout with other months and rows,
    /// including the official row and its split.
    const TABLE5_OTHER: &str = "Table 5: Major Foreign Holders of Treasury Securities\t\t\t\r\nBillions of dollars\t\t\t\r\n\t\t\t\r\nCountry\t2026-09\t2026-08\t\r\nKorea, South\t140.0\t*\t\r\nTaiwan\t290.5\t288.1\t\r\nAll Other\t10.0\t10.0\t\r\nGrand Total\t9500.0\t9400.0\t\r\nOf Which: Foreign Official\t3900.0\t3890.0\t\r\nOf Which: Foreign Official Treasury Bills\t400.0\t390.0\t\r\nOf Which: Foreign Official T-Bonds & Notes\t3500.0\t3500.0\t\r\n\t\t\t\r\nNotes:\t\t\t\r\nSome prose, with\ttabs 12.5\r\n";

    #[test]
    fn slt_table5_other_months_and_the_official_rows() {
        let h = Holdings::from_figures(Table::SltTable5.parse("t5.txt", TABLE5_OTHER, None).unwrap());
        assert_eq!(value(&h, "South Korea", TOTAL, "2026-09"), Some(140.0));
        assert_eq!(value(&h, "South Korea", TOTAL, "2026-08"), None, "* is no value");
        assert_eq!(value(&h, "Foreign official", TOTAL, "2026-08"), Some(3890.0));
        // Bills and bonds/notes are parts of the official row, not holders.
        assert_eq!(h.figures().len(), 7);
        assert!(h.figures().iter().all(|f| f.vintage == date("2026-11-18")));
    }

    #[test]
    fn slt_table5_layout_changes_are_errors_naming_the_line() {
        let err = |text: &str| Table::SltTable5.parse("t5.txt", text, None).unwrap_err().to_string();
        let e = err(&TABLE5_OTHER.replace("Country\t2026-09", "Country\tCountry Code"));
        assert!(e.starts_with("t5.txt:4: \"Country Code\" in the \"Country\" header is not a month"), "{e}");
        let e = err(&TABLE5_OTHER.replace("Taiwan\t290.5", "Taiwan\t290,5"));
        assert!(e.starts_with("t5.txt:6: \"290,5\" in column 2026-09 of row \"Taiwan\""), "{e}");
        let e = err(&TABLE5_OTHER.replace("Taiwan", "Atlantis"));
        assert!(e.starts_with("t5.txt:6: unknown row label \"Atlantis\""), "{e}");
        let e = err(&TABLE5_OTHER.replace("288.1\t", "288.1\t7"));
        assert!(e.starts_with("t5.txt:6: row \"Taiwan\" has more values than the header has months (2)"), "{e}");
        let e = err("Table 5\r\nJapan\t1\r\n");
        assert!(e.starts_with("t5.txt: no header line \"Country<TAB>YYYY-MM"), "{e}");
        let e = err("Country\t2026-09\t\r\n\t\t\r\nNotes:\r\n");
        assert!(e.starts_with("t5.txt: no figures"), "{e}");
    }

    #[test]
    fn legacy_mfh_warns_and_the_history_does_not() {
        assert!(Table::LegacyMfh.warning().is_some_and(|w| w.contains("stopped updating it in 2023")));
        assert_eq!(Table::MajorForeignHolders.warning(), None);
        assert_eq!(Table::SltTable5.warning(), None);
    }

    #[test]
    fn layouts_are_detected_by_name_then_content() {
        assert_eq!(Table::detect("x/mfhhis01.txt", ""), Some(Table::MajorForeignHolders));
        assert_eq!(Table::detect("mfh.txt", ""), Some(Table::LegacyMfh));
        assert_eq!(Table::detect("download.txt", &table5_sample()), Some(Table::SltTable5));
        assert_eq!(Table::detect("download.txt", MFH_CURRENT), Some(Table::LegacyMfh));
        assert_eq!(Table::detect("h.txt", include_str!("../data/tic/mfhhis01.txt")), Some(Table::MajorForeignHolders));
        assert_eq!(Table::detect("t1.txt", include_str!("../data/tic/slt_table1.txt")), Some(Table::SltTable1));
        assert_eq!(Table::detect("notes.txt", "hello"), None);
    }

    #[test]
    fn every_vintage_is_kept_and_as_of_gives_what_was_published() {
        let mut figures = Holdings::bundled().figures().to_vec();
        figures.extend(Table::LegacyMfh.parse("mfh.txt", MFH_CURRENT, None).unwrap());
        let h = Holdings::from_figures(figures);
        // The latest revision (2026-03-18) wins look-ups.
        assert_eq!(value(&h, "China", TOTAL, "2025-11"), Some(683.9));
        let china_nov: Vec<f64> = h
            .revisions()
            .iter()
            .filter(|f| f.holder.name() == "China" && f.month == month("2025-11") && f.measure == TOTAL)
            .map(|f| f.value.get())
            .collect();
        assert_eq!(china_nov, [682.6, 683.9]);
        // On 2026-01-22 only the first release was out.
        let then = h.as_of(date("2026-01-22"));
        assert_eq!(value(&then, "China", TOTAL, "2025-11"), Some(682.6));
        assert_eq!(value(&then, "China", TOTAL, "2025-12"), None);
        // Before the file's release nothing of 2025 had been published.
        assert_eq!(value(&h.as_of(date("2026-01-10")), "China", TOTAL, "2025-11"), None);
        // Dates with the same vintages out share one index, built once.
        assert!(Arc::ptr_eq(&then, &h.as_of(date("2026-02-01"))));
        assert!(!Arc::ptr_eq(&then, &h.as_of(date("2026-03-18"))));
        assert_eq!(value(&h.as_of(date("2026-03-18")), "China", TOTAL, "2025-11"), Some(683.9));
        assert!(h.as_of(date("1990-01-01")).figures().is_empty(), "before any vintage");
    }

    #[test]
    fn bundled_tables_parse_completely() {
        let h = Holdings::bundled();
        let count = |series| h.figures().iter().filter(|f| f.series == series).count();
        // 26 years of MFH rows (with the Caribbean banking centers and oil
        // exporters rows, 142 months each, until the table stopped printing
        // them), then Table 5's 6 holders x 2026-01..02; Table 1: 61 known
        // holders x 77 months.
        assert_eq!(count(Series::MajorForeignHolders), 11107 + 2 * 142 + 6 * 2);
        assert_eq!(count(Series::SltTable1), 61 * 77);
        let japan = Holder::named("Japan");
        for year in 2001..=2025 {
            let months = h.range(&japan, TOTAL, month(&format!("{year}-01")), month(&format!("{year}-12")));
            assert_eq!(months.len(), 12, "{year}");
        }
        assert_eq!(h.series(&japan, TOTAL).len(), 25 * 12 + 10 + 2);
        // The months after the history, at the release day of 2026-02.
        let f = h.get(&japan, TOTAL, month("2026-02")).unwrap();
        assert_eq!((f.value.get(), f.vintage), (1239.3, date("2026-04-15")));
        assert_eq!(value(&h, "All foreign", TOTAL, "2026-01"), Some(9289.4));
        // The history keeps the months both have.
        assert_eq!(value(&h, "All foreign", TOTAL, "2025-12"), Some(9271.0));
    }
}
