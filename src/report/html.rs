//! The HTML report: one self-contained file (inline CSS and SVG, no
//! scripts, fonts or external requests) that shows, for each holder with
//! claims, its holdings over time with the claims marked by verdict and the
//! coverage's tone by month; the rhetoric index; and the claims the data
//! refutes, with their quotes, sources and evidence.
//!
//! Every string that comes from an article (titles, quotes, sites, URLs,
//! notes that quote them) goes through `html_escape`, and the page carries a
//! Content-Security-Policy that forbids scripts, so a title holding
//! `<script>` is shown as text and could not run even if it slipped through.

use std::collections::BTreeMap;
use std::io::Write;

use plotters::prelude::*;

use crate::gazetteer::Holder;
use crate::holdings::{Holdings, Measure};
use crate::store::ClaimRow;
use crate::units::Period;
use crate::claims::Intensity;
use crate::verify::Verdict;

use super::rhetoric::{month_of, RhetoricRow};
use super::ReportError;

/// How many refuted claims the report lists.
const MOST_REFUTED: usize = 40;

/// Months of history shown before the earliest claim, so a move can be seen
/// against what came before.
const CHART_HISTORY_MONTHS: i32 = 36;

/// Everything the report shows; built by the caller from the store.
pub struct ReportInput<'a> {
    pub claims: &'a [ClaimRow],
    pub holdings: &'a Holdings,
    pub index: &'a [RhetoricRow],
}

/// Writes the report as one HTML document.
pub fn write_html(out: &mut dyn Write, input: &ReportInput<'_>) -> Result<(), ReportError> {
    let mut by_holder: BTreeMap<&Holder, Vec<&ClaimRow>> = BTreeMap::new();
    for row in input.claims {
        by_holder.entry(&row.claim.claim.holder).or_default().push(row);
    }
    // Most-claimed holders first: the charts people came for lead the page.
    let mut holders: Vec<(&Holder, Vec<&ClaimRow>)> = by_holder.into_iter().collect();
    holders.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(b.0)));

    write!(out, "{HEAD}")?;
    writeln!(
        out,
        "<h1>claimscope: rhetoric against data</h1>\n<p class=\"lede\">{} claims from {} articles about {} holders, checked against the US Treasury's TIC figures.</p>",
        input.claims.len(),
        input.claims.iter().map(|c| c.url.as_str()).collect::<std::collections::BTreeSet<_>>().len(),
        holders.len()
    )?;
    writeln!(out, "<h2 id=\"charts\">Holdings and claims</h2>\n{LEGEND}")?;
    for (holder, rows) in &holders {
        let name = text(holder.name());
        writeln!(out, "<section class=\"holder\">\n<h3>{name}</h3>")?;
        let tone: Vec<&RhetoricRow> = input.index.iter().filter(|r| &r.holder == *holder).collect();
        match chart_svg(holder, rows, input.holdings, &tone)? {
            Some(svg) => writeln!(out, "<div class=\"chart\">{svg}</div>")?,
            None => writeln!(out, "<p class=\"nodata\">TIC publishes no figures for {name}: its {} claim(s) are listed below but cannot be charted.</p>", rows.len())?,
        }
        let counts = verdict_counts(rows);
        writeln!(out, "<p class=\"counts\">{counts}</p>\n</section>")?;
    }
    write_index(out, input.index)?;
    write_refuted(out, input.claims)?;
    writeln!(out, "</body>\n</html>")?;
    Ok(())
}

/// The page head: strict CSP (no scripts, no requests), inline CSS only.
const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>claimscope report</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5rem auto; max-width: 980px; color: #222; background: #fff; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
.lede { color: #555; margin-top: 0; }
.holder { margin: 1rem 0 2rem; }
.chart svg { max-width: 100%; height: auto; }
.legend span { display: inline-block; margin-right: 1rem; }
.dot { display: inline-block; width: .8em; height: .8em; border-radius: 50%; vertical-align: middle; margin-right: .3em; }
table { border-collapse: collapse; font-size: .85rem; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .25rem .4rem; text-align: right; }
th:first-child, td:first-child, td.left { text-align: left; }
.claim { border-left: 4px solid #c62828; padding: .3rem .8rem; margin: 1rem 0; }
.claim.exaggerated { border-color: #ef6c00; }
.claim blockquote { margin: .3rem 0; font-style: italic; }
.meta, .evidence, .counts, .nodata { color: #555; font-size: .85rem; }
</style>
</head>
<body>
"#;

const LEGEND: &str = r#"<p class="legend"><span><i class="dot" style="background:#2e7d32"></i>consistent</span><span><i class="dot" style="background:#c62828"></i>inconsistent</span><span><i class="dot" style="background:#ef6c00"></i>exaggerated</span><span><i class="dot" style="background:#9e9e9e"></i>not checkable</span> Line: holdings (USD bn). Bars below: mean tone of the month's coverage (blue positive, red negative).</p>"#;

/// Text for an HTML text node or a double-quoted attribute.
fn text(s: &str) -> String {
    html_escape::encode_double_quoted_attribute(s).into_owned()
}

fn verdict_colour(v: Verdict) -> RGBColor {
    match v {
        Verdict::Consistent => RGBColor(0x2e, 0x7d, 0x32),
        Verdict::Inconsistent => RGBColor(0xc6, 0x28, 0x28),
        Verdict::Exaggerated => RGBColor(0xef, 0x6c, 0x00),
        Verdict::NotCheckable => RGBColor(0x9e, 0x9e, 0x9e),
    }
}

fn verdict_counts(rows: &[&ClaimRow]) -> String {
    let parts: Vec<String> =
        [Verdict::Consistent, Verdict::Inconsistent, Verdict::Exaggerated, Verdict::NotCheckable]
            .into_iter()
            .map(|v| (v, rows.iter().filter(|r| r.claim.check.verdict == v).count()))
            .filter(|(_, n)| *n > 0)
            .map(|(v, n)| format!("{n} {}", v.as_str().replace('_', " ")))
            .collect();
    format!("{} claim(s): {}", rows.len(), parts.join(", "))
}

/// A month as a chart x coordinate (months since year 0).
fn x_of(p: Period) -> f64 {
    f64::from(p.year() * 12) + f64::from(p.month() - 1)
}

fn month_label(x: &f64) -> String {
    let i = x.round() as i32;
    format!("{}-{:02}", i.div_euclid(12), i.rem_euclid(12) + 1)
}

/// The holder's chart as an SVG element, or `None` when TIC has no figures
/// for it around the claimed months.
fn chart_svg(
    holder: &Holder,
    rows: &[&ClaimRow],
    holdings: &Holdings,
    tone: &[&RhetoricRow],
) -> Result<Option<String>, ReportError> {
    let months: Vec<(Period, Verdict)> =
        rows.iter().filter_map(|r| month_of(r).map(|m| (m, r.claim.check.verdict))).collect();
    let (Some(first), Some(last)) = (months.iter().map(|m| m.0).min(), months.iter().map(|m| m.0).max()) else {
        return Ok(None);
    };
    let Some(measure) = holdings.measure_for_claim(holder, Some(last)) else { return Ok(None) };
    let figures = holdings.range(holder, measure, first.add_months(-CHART_HISTORY_MONTHS), last.add_months(2));
    let (Some(start), Some(end)) = (figures.first(), figures.last()) else { return Ok(None) };
    let (x0, x1) = (x_of(start.month) - 1.0, x_of(end.month) + 1.0);
    let values = figures.iter().map(|f| f.value.get());
    let (lo, hi) = values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let pad = ((hi - lo) * 0.08).max(hi.abs() * 0.01).max(0.1);
    let unit = match measure {
        Measure::TotalTreasuries => "USD bn, total Treasuries",
        Measure::LongTermTreasuries => "USD bn, long-term only (no bills)",
    };

    let mut svg = String::new();
    let mut draw = || -> Result<(), Box<dyn std::error::Error>> {
        let root = SVGBackend::with_string(&mut svg, (940, 420)).into_drawing_area();
        root.fill(&WHITE)?;
        let (upper, lower) = root.split_vertically(300);
        let mut chart = ChartBuilder::on(&upper)
            .caption(format!("{holder}: holdings and claims"), ("sans-serif", 18))
            .margin(8)
            .x_label_area_size(24)
            .y_label_area_size(64)
            .build_cartesian_2d(x0..x1, (lo - pad)..(hi + pad))?;
        chart
            .configure_mesh()
            .x_labels(8)
            .x_label_formatter(&month_label)
            .y_desc(unit)
            .light_line_style(WHITE.mix(0.0))
            .draw()?;
        let line = RGBColor(0x15, 0x65, 0xc0);
        chart.draw_series(LineSeries::new(
            figures.iter().map(|f| (x_of(f.month), f.value.get())),
            line.stroke_width(2),
        ))?;
        let marked = months.iter().filter_map(|(m, v)| {
            holdings.value(holder, measure, *m).map(|value| Circle::new((x_of(*m), value.get()), 6, verdict_colour(*v).filled()))
        });
        chart.draw_series(marked)?;

        let mut bars = ChartBuilder::on(&lower)
            .margin(8)
            .x_label_area_size(24)
            .y_label_area_size(64)
            .build_cartesian_2d(x0..x1, -1.0..1.0)?;
        bars.configure_mesh()
            .x_labels(8)
            .x_label_formatter(&month_label)
            .y_labels(3)
            .y_desc("tone")
            .light_line_style(WHITE.mix(0.0))
            .draw()?;
        bars.draw_series(tone.iter().map(|r| {
            let x = x_of(r.month);
            let colour = if r.mean_tone < 0.0 { RGBColor(0xc6, 0x28, 0x28) } else { line };
            // A neutral month still gets a sliver so it reads as "covered".
            let height = if r.mean_tone.abs() < 0.02 { 0.02 } else { r.mean_tone };
            Rectangle::new([(x - 0.4, 0.0), (x + 0.4, height)], colour.filled())
        }))?;
        root.present()?;
        Ok(())
    };
    draw().map_err(|e| ReportError::Chart { holder: holder.to_string(), message: e.to_string() })?;
    Ok(Some(svg))
}

fn write_index(out: &mut dyn Write, index: &[RhetoricRow]) -> Result<(), ReportError> {
    writeln!(out, "<h2 id=\"index\">Rhetoric index</h2>")?;
    writeln!(
        out,
        "<p class=\"meta\">Per holder and data month. Stories count syndicated copies once; alarmist = a claim sentence grades heavy or stronger (\"dumping\", \"exodus\") or its alarm score is 0.5 or more; z = the month's change against the holder's own monthly changes; % of total = the change as a share of all foreign holdings; hype = share alarmist / max(|z|, 1), above 0.5 the coverage is louder than the data. * long-term Treasuries only.</p>"
    )?;
    writeln!(out, "<table>\n<thead><tr>")?;
    for h in [
        "holder", "month", "stories", "claims", "refuted", "negative", "alarmist", "mean tone", "change", "z",
        "% of total", "hype",
    ] {
        write!(out, "<th>{h}</th>")?;
    }
    writeln!(out, "</tr></thead>\n<tbody>")?;
    for r in index {
        write!(out, "<tr>")?;
        for cell in r.cells() {
            write!(out, "<td>{}</td>", text(&cell))?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody>\n</table>")?;
    Ok(())
}

/// The claims the data refutes: inconsistent before exaggerated, the
/// loudest words first, then the newest.
fn write_refuted(out: &mut dyn Write, claims: &[ClaimRow]) -> Result<(), ReportError> {
    let mut refuted: Vec<&ClaimRow> = claims
        .iter()
        .filter(|r| matches!(r.claim.check.verdict, Verdict::Inconsistent | Verdict::Exaggerated))
        .collect();
    let grade = |r: &ClaimRow| r.claim.claim.intensity.map_or(0, Intensity::grade);
    refuted.sort_by(|a, b| {
        let rank = |r: &ClaimRow| (r.claim.check.verdict != Verdict::Inconsistent, std::cmp::Reverse(grade(r)));
        rank(a).cmp(&rank(b)).then_with(|| b.published.cmp(&a.published)).then_with(|| a.id.cmp(&b.id))
    });
    writeln!(out, "<h2 id=\"refuted\">Inconsistent and exaggerated claims</h2>")?;
    if refuted.is_empty() {
        writeln!(out, "<p class=\"meta\">No stored claim is refuted by the data.</p>")?;
    }
    for r in refuted.iter().take(MOST_REFUTED) {
        let c = &r.claim.claim;
        let verdict = r.claim.check.verdict.as_str();
        let title = text(r.title.as_deref().unwrap_or("(untitled)"));
        // Only web addresses become links; file paths and corpus keys are text.
        let source = if r.url.starts_with("https://") || r.url.starts_with("http://") {
            format!("<a href=\"{}\">{title}</a>", text(&r.url))
        } else {
            format!("{title} <span class=\"meta\">({})</span>", text(&r.url))
        };
        let published = r.published.map(|d| d.to_string()).unwrap_or_else(|| "undated".to_string());
        let site = r.site.as_deref().map(|s| format!(", {}", text(s))).unwrap_or_default();
        let figures: Vec<String> =
            r.claim.check.figures.iter().map(|f| format!("{} {}: {}", f.holder, f.month, f.value)).collect();
        writeln!(
            out,
            "<div class=\"claim {verdict}\">\n<p><strong>{}</strong> · {} · {verdict}</p>\n<blockquote>{}</blockquote>\n<p class=\"meta\">{source}{site}, {published}</p>\n<p class=\"evidence\">{}<br>{}{}</p>\n</div>",
            text(c.holder.name()),
            c.kind.as_str(),
            text(&c.quote),
            text(&r.claim.check.note),
            text(&r.claim.check.source),
            if figures.is_empty() { String::new() } else { format!("<br>figures: {}", text(&figures.join("; "))) },
        )?;
    }
    Ok(())
}
