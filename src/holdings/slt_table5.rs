//! TIC Table 5 (`slt_table5.txt`): the Major Foreign Holders table as
//! Treasury has published it since the standalone release was retired in
//! 2023.
//!
//! Layout: title lines, then one header `Country<TAB>2026-02<TAB>2026-01...`
//! (a rolling 13 months, newest first), one row per holder in **billions**,
//! then a blank line and `Notes:` with prose to the end. Cells carry trailing
//! tabs and lines end in CRLF. `Grand Total` is all foreign holders and
//! `Of Which: Foreign Official` the official row (both via the gazetteer);
//! the official row's bills and bonds/notes split and `All Other` are
//! checked but are not holders.

use chrono::NaiveDate;

use super::{split_row, total_figure, value_cell, Figure, HoldingsError};
use crate::calendar;
use crate::gazetteer;
use crate::units::Period;

/// Rows that are not holders: the remainder, and the split of the foreign
/// official row into bills and bonds/notes (parts of a holder, not holders).
const SKIPPED: &[&str] =
    &["All Other", "Of Which: Foreign Official Treasury Bills", "Of Which: Foreign Official T-Bonds & Notes"];

/// Whether `text` has Table 5's header: a `Country` row of months.
pub(super) fn is_table5(text: &str) -> bool {
    text.lines().map(split_row).any(|(label, cells)| {
        label == "Country" && cells.first().is_some_and(|c| c.parse::<Period>().is_ok())
    })
}

/// Parses Table 5; every figure's vintage is `vintage`, else the release
/// date of the newest month (the file states none).
pub(super) fn parse(text: &str, file: &str, vintage: Option<NaiveDate>) -> Result<Vec<Figure>, HoldingsError> {
    let layout = |line: usize, problem: String| HoldingsError::Layout { file: file.to_string(), line, problem };
    let mut lines = text.lines().enumerate();
    let (at, header) = lines.by_ref().find(|(_, l)| split_row(l).0 == "Country").ok_or_else(|| {
        HoldingsError::Missing {
            file: file.to_string(),
            problem: "no header line \"Country<TAB>YYYY-MM<TAB>...\" (the months, newest first); is this Treasury's slt_table5.txt?".into(),
        }
    })?;
    let months = header_months(&split_row(header).1).map_err(|p| layout(at + 1, p))?;
    let mut figures = Vec::new();
    for (i, line) in lines {
        let n = i + 1;
        let (label, cells) = split_row(line);
        if label.starts_with("Notes") {
            break; // prose to the end
        }
        if label.is_empty() {
            if cells.iter().all(|c| c.is_empty()) {
                break; // the blank line before `Notes:` ends the data
            }
            return Err(layout(n, "a row of values without a label; expected a holder such as \"Japan\"".into()));
        }
        if cells.iter().skip(months.len()).any(|c| !c.is_empty()) {
            return Err(layout(n, format!("row {label:?} has more values than the header has months ({})", months.len())));
        }
        let holder = if SKIPPED.iter().any(|s| label.eq_ignore_ascii_case(s)) {
            None
        } else {
            let h = gazetteer::from_tic_label(label).ok_or_else(|| HoldingsError::UnknownLabel {
                file: file.to_string(),
                line: n,
                label: label.to_string(),
            })?;
            Some(h)
        };
        for (month, cell) in months.iter().zip(&cells) {
            let value = value_cell(file, n, label, &month.to_string(), cell)?;
            let (Some(holder), Some(v)) = (&holder, value) else { continue };
            // The vintage is set below, once the newest month is known.
            figures.push(total_figure(holder, *month, v, NaiveDate::MIN));
        }
    }
    if figures.is_empty() {
        return Err(HoldingsError::Missing {
            file: file.to_string(),
            problem: format!("no figures: no holder rows with values under the header at line {}", at + 1),
        });
    }
    let newest = *months.iter().max().expect("the header has at least one month");
    let vintage = vintage.unwrap_or_else(|| calendar::release_date(newest));
    for f in &mut figures {
        f.vintage = vintage;
    }
    Ok(figures)
}

/// The months of the header's cells; trailing empty cells are the file's
/// trailing tabs.
fn header_months(cells: &[&str]) -> Result<Vec<Period>, String> {
    let used = cells.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
    let months = cells[..used]
        .iter()
        .map(|c| c.parse::<Period>().map_err(|_| format!("{c:?} in the \"Country\" header is not a month; expected months such as 2026-02, newest first")))
        .collect::<Result<Vec<_>, _>>()?;
    if months.is_empty() {
        return Err("the \"Country\" header has no months; expected \"Country<TAB>2026-02<TAB>2026-01...\"".into());
    }
    Ok(months)
}
