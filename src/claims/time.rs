//! Time expressions beyond a single month: the months a relative clause
//! sets aside, the year an undated text stands in, and the window a
//! sentence measures its changes over.

use std::ops::Range;

use super::patterns::*;
use super::segment::*;
use super::words::*;
use crate::units::Period;

/// Marks the months of relative clauses between commas ("Japan, which
/// overtook China last October, sold $20bn in June") as asides, when the
/// main clause names a month of its own that its claims are about.
pub(super) fn mark_asides(s: &str, months: &mut [MonthRef]) {
    if months.len() < 2 || !s.contains(", wh") {
        return;
    }
    let asides: Vec<Range<usize>> = ASIDE.find_iter(s).map(|a| a.range()).collect();
    let inside = |m: &MonthRef| asides.iter().any(|a| a.start < m.range.start && m.range.end < a.end);
    if months.iter().any(|m| m.states_claims() && !inside(m)) {
        for m in months.iter_mut().filter(|m| inside(m)) {
            m.aside = true;
        }
    }
}

/// The month an undated text dates its yearless months by: the latest
/// month it names with a year ("in May 2025"), or the middle of the latest
/// year it names a span of ("the first ten months of 2021"), so that every
/// month of that year is nearest to it. With neither, a month a comparison
/// starts from ("from June 2018", "since November 2020") dates what follows
/// it, a year on. `None` when the text names no year: a month is then never
/// given one.
pub(super) fn text_anchor(text: &str) -> Option<Period> {
    let (mut reported, mut compared) = (None, None);
    for c in MONTH.captures_iter(text) {
        let Some(month) = c.name("y").and_then(|y| Period::new(y.as_str().parse().ok()?, month_number(&c["m"]))) else {
            continue;
        };
        let before = &text[..c.get(0).expect("group 0").start()];
        let slot = if COMPARED_BEFORE.is_match(before) { &mut compared } else { &mut reported };
        *slot = (*slot).max(Some(month));
    }
    let years = YEAR_SPAN_OF.captures_iter(text).filter_map(|c| Period::new(c["y"].parse().ok()?, 6));
    // A month the text reports dates the rest; only without one does a
    // comparison's start say where the text stands.
    reported.max(years.max()).or(compared.map(|m| m.add_months(12)))
}

/// The window a sentence measures its changes over, if it names one.
pub(super) fn window(s: &str, latest: Option<Period>) -> Option<Window> {
    if let Some(c) = WINDOW.captures(s) {
        if c.name("yoy").is_some() {
            return Some(Window::Months(12));
        }
        if c.name("mom").is_some() {
            return Some(Window::Months(1));
        }
        // "a year ago", "in three months ended June", "over the past two years".
        let (n, unit) = match (c.name("ago"), c.name("n2")) {
            (Some(n), _) => (Some(n.as_str()), &c["ago_unit"]),
            (None, Some(n)) => (Some(n.as_str()), &c["unit2"]),
            (None, None) => (c.name("n").map(|n| n.as_str()), &c["unit"]),
        };
        // "a year earlier": `number` knows no "a".
        let n = n.and_then(number).unwrap_or(1);
        return Some(Window::Months(
            if unit.to_ascii_lowercase().starts_with("year") {
                12 * n
            } else {
                n
            },
        ));
    }
    let c = YEAR_SPAN.captures(s)?;
    // "since peaking at $1.32tn in 2013" dates the peak, not a span.
    if PEAK_BEFORE.is_match(&s[..c.get(0).expect("group 0").start()]) {
        return None;
    }
    if let Some(y) = c.name("y").and_then(|y| y.as_str().parse().ok()) {
        return Some(Window::Year(y));
    }
    if let Some(y) = c.name("ey").and_then(|y| y.as_str().parse::<i32>().ok()) {
        let edge = c
            .name("edge")
            .or(c.name("edge2"))
            .map(|e| e.as_str().to_ascii_lowercase());
        let year = if matches!(edge.as_deref(), Some("start" | "beginning")) {
            y - 1
        } else {
            y
        };
        return Period::new(year, 12).map(Window::From);
    }
    latest.map(|l| Window::Year(l.year()))
}
