//! `claimscope holdings load`, `refresh` and `status`: more vintages of the
//! TIC tables into a database, every vintage kept beside the others (a
//! revision adds rows, it never overwrites), and how current they are.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use url::Url;

use claimscope::fetch::{FetchConfig, Fetcher, Reply, Source};
use claimscope::calendar;
use claimscope::holdings::{Figure, Holdings, Series, Table};
use claimscope::store::{Location, Store};

/// Treasury's TIC directory with the current tables.
pub const TIC_BASE: &str = "https://ticdata.treasury.gov/resource-center/data-chart-center/tic/Documents/";

/// `holdings load FILE... [--vintage DATE]`: parses each file in its layout
/// and stores its figures. A file that fails is reported and the rest go on;
/// the exit code is 1 when none loaded.
pub fn load(files: &[PathBuf], vintage: Option<NaiveDate>, db: &Location, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let mut store = Store::open_at(db)?;
    let mut loaded = 0;
    for file in files {
        let name = file.display().to_string();
        let result = std::fs::read(file)
            .with_context(|| format!("{name}: cannot read the file"))
            .and_then(|bytes| parse(&name, &bytes, vintage));
        match result.and_then(|figures| save(&mut store, &name, &figures, out)) {
            Ok(()) => loaded += 1,
            Err(e) => eprintln!("claimscope: {e:#}"),
        }
    }
    Ok(if loaded == 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// `holdings refresh [--base URL]`: downloads the tables Treasury keeps
/// current (`slt_table5.txt`, `mfhhis01.txt`, `slt_table1.txt`), parses all
/// of them, and stores them only if every one parsed, so a changed layout
/// upstream never leaves the database with half a release.
pub fn refresh(base: &str, db: &Location, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let base = Url::parse(base).with_context(|| format!("{base}: not a URL; give --base as http(s)://host/path/"))?;
    let fetcher = Fetcher::new(&FetchConfig::default())?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let mut tables = Vec::new();
    let mut failed = 0;
    for (file, table) in Table::CURRENT {
        let url = base.join(file).with_context(|| format!("{base}{file}: not a URL"))?;
        let result = runtime
            .block_on(fetcher.fetch(&Source::Url(url.clone()), None))
            .map_err(anyhow::Error::from)
            .and_then(|reply| match reply {
                Reply::Page { page, .. } => Ok(page),
                Reply::NotModified => Err(anyhow::anyhow!("{url}: not modified")),
            })
            .and_then(|page| table.parse(url.as_str(), &text(&page.bytes), None).map_err(anyhow::Error::from));
        match result {
            Ok(figures) => tables.push((url, figures)),
            Err(e) => {
                eprintln!("claimscope: {e:#}");
                failed += 1;
            }
        }
    }
    if failed > 0 {
        eprintln!("claimscope: {failed} of {} table(s) failed; nothing stored", Table::CURRENT.len());
        return Ok(ExitCode::from(1));
    }
    let mut store = Store::open_at(db)?;
    for (url, figures) in &tables {
        save(&mut store, url.as_str(), figures, out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The text of a table: TIC files are ASCII or Latin-1, never invalid for
/// the parsers once lossily decoded.
fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn parse(name: &str, bytes: &[u8], vintage: Option<NaiveDate>) -> anyhow::Result<Vec<Figure>> {
    let text = text(bytes);
    let table = Table::detect(name, &text).with_context(|| {
        format!("{name}: not a TIC table layout claimscope reads; expected slt_table5.txt, mfhhis01.txt, slt_table1.txt or the retired mfh.txt")
    })?;
    if let Some(warning) = table.warning() {
        eprintln!("claimscope: warning: {name}: {warning}");
    }
    Ok(table.parse(name, &text, vintage)?)
}

/// Stores the figures and prints one line: what was read, which vintages,
/// and how many rows were new.
fn save(store: &mut Store, name: &str, figures: &[Figure], out: &mut dyn Write) -> anyhow::Result<()> {
    let added = store.save_holdings(figures)?;
    let months = figures.iter().map(|f| f.month).min().zip(figures.iter().map(|f| f.month).max());
    let vintages = figures.iter().map(|f| f.vintage).min().zip(figures.iter().map(|f| f.vintage).max());
    let span = |a: String, b: String| if a == b { a } else { format!("{a} to {b}") };
    writeln!(
        out,
        "{name}: {} figure(s), months {}, vintage {}; {added} new or changed row(s)",
        figures.len(),
        months.map_or_else(String::new, |(a, b)| span(a.to_string(), b.to_string())),
        vintages.map_or_else(String::new, |(a, b)| span(a.to_string(), b.to_string())),
    )?;
    Ok(())
}

/// `holdings status [--db D] [--today DATE]`: per table, the newest month
/// loaded (bundled and in the database), its vintage, and whether a newer
/// release was due by `today` in the release calendar.
pub fn status(holdings: &Holdings, today: NaiveDate, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    writeln!(out, "{:<30} {:<12} {:<10} newer release due", "table", "newest month", "vintage")?;
    for series in [Series::MajorForeignHolders, Series::SltTable1] {
        let of_series = || holdings.figures().iter().filter(move |f| f.series == series);
        let Some(newest) = of_series().map(|f| f.month).max() else {
            writeln!(out, "{:<30} {:<12} {:<10} yes: nothing loaded; run `claimscope holdings refresh`", series.describe(), "-", "-")?;
            continue;
        };
        let vintage = of_series().filter(|f| f.month == newest).map(|f| f.vintage).max().expect("the newest month has figures");
        let due = if calendar::newer_release_due(newest, today) {
            let latest = calendar::latest_published_on(today);
            format!("yes: {latest} was out on {}; run `claimscope holdings refresh`", calendar::release_date(latest))
        } else {
            let next = newest.add_months(1);
            format!("no: {next} is due on {}", calendar::release_date(next))
        };
        writeln!(out, "{:<30} {:<12} {:<10} {due}", series.describe(), newest.to_string(), vintage.to_string())?;
    }
    Ok(ExitCode::SUCCESS)
}
