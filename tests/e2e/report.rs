//! `rhetoric` and `report` on a database, and the HTML report rendered in
//! a real browser (Debian's chromium, headless): the charts draw and an
//! article title or quote holding markup is shown as text, never run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{root, Dir};

/// An article whose title, site and one quote hold markup that would mark
/// the page (`data-pwned`) if it ever ran.
fn injected() -> PathBuf {
    root().join("tests/fixtures/report/injected.html")
}

/// A database with the injected article in it, and the report written.
fn report_of_injected(dir: &Dir) -> PathBuf {
    dir.ok(&["ingest", injected().to_str().unwrap(), "--db", "r.db", "--quiet"]);
    let out = dir.ok(&["report", "--db", "r.db", "--out", "report.html"]);
    assert!(out.contains("report.html"), "{out}");
    dir.path("report.html")
}

#[test]
fn report_is_self_contained_and_escapes_article_text() {
    let dir = Dir::new();
    let html = std::fs::read_to_string(report_of_injected(&dir)).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    // No scripts at all, and nothing fetched from elsewhere.
    assert!(!html.to_lowercase().contains("<script"), "a script element in the report");
    assert!(!html.contains("<img"), "an img element in the report");
    assert!(!html.contains("src=\"http") && !html.contains("@import"), "an external resource");
    assert!(html.contains("default-src 'none'"), "no Content-Security-Policy");
    // The markup survives as text.
    assert!(html.contains("Beijing dumps Treasuries &lt;script&gt;document.body"), "title not escaped as text");
    assert!(html.contains("&lt;img src=x onerror=&quot;document.body"), "quote not escaped as text");
    assert!(html.contains("Injection Test &lt;b&gt;Wire&lt;/b&gt;"), "site not escaped as text");
    // A chart for each holder with figures.
    assert_eq!(html.matches("<svg").count(), 2, "charts for China and Japan");
}

#[test]
fn rhetoric_prints_the_index_per_holder_and_month() {
    let dir = Dir::new();
    dir.ok(&["ingest", injected().to_str().unwrap(), "--db", "r.db", "--quiet"]);
    let rows = dir.json(&["rhetoric", "--db", "r.db", "--format", "json"]);
    let rows = rows.as_array().unwrap();
    let china = rows.iter().find(|r| r["holder"] == "China" && r["month"] == "2025-11").expect("China 2025-11");
    assert_eq!(china["stories"], 1);
    assert_eq!(china["claims"], 1);
    assert_eq!(china["refuted"], 1);
    // 687.7 -> 683.9 in the bundled Major Foreign Holders table.
    assert!((china["change_usd_bn"].as_f64().unwrap() + 3.8).abs() < 1e-6, "{china}");
    assert!(china["change_z"].as_f64().is_some() && china["hype_ratio"].as_f64().is_some(), "{china}");
    let japan: Vec<_> = rows.iter().filter(|r| r["holder"] == "Japan").collect();
    // "dumping" grades heavy: that story is alarmist about Japan.
    assert!(japan.iter().any(|r| r["share_alarmist"] == 1.0), "{japan:?}");
    let csv = dir.ok(&["rhetoric", "--db", "r.db", "--holder", "Japan", "--format", "csv"]);
    assert!(csv.starts_with("holder,month,stories,articles,claims"), "{csv}");
    assert!(csv.lines().skip(1).all(|l| l.starts_with("Japan,")), "{csv}");
    let table = dir.ok(&["rhetoric", "--db", "r.db", "--from", "2025-11", "--to", "2025-11"]);
    assert!(table.contains("China") && !table.contains("2025-12"), "{table}");
}

/// Debian's chromium, where installed (`.ci/run` installs it).
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join("chromium")).find(|p| p.is_file())
}

/// Runs headless chromium on `page` with `extra` arguments and a fresh
/// profile, killed after a minute; returns its stdout.
fn chromium_run(chromium: &Path, dir: &Dir, page: &Path, extra: &[&str]) -> String {
    let profile = tempfile::tempdir().expect("profile dir");
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--hide-scrollbars",
            "--window-size=1100,1400",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .current_dir(dir.tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("wait for chromium").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().expect("chromium output");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Pixels in rows `top..bottom` that are clearly coloured (not white, grey
/// or black): chart lines, markers and bars, not text or table rules.
fn coloured_pixels(png_path: &Path, top: u32, bottom: u32) -> usize {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(png_path).expect("screenshot")));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("buffer size")];
    let info = reader.next_frame(&mut buf).expect("PNG frame");
    let channels = match info.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        other => panic!("unexpected screenshot colour type {other:?}"),
    };
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let mut n = 0;
    for y in top..bottom.min(info.height) {
        let row = &buf[(y * info.line_size as u32) as usize..][..info.line_size];
        for px in row.chunks(channels) {
            let (max, min) = (px[..3].iter().max().unwrap(), px[..3].iter().min().unwrap());
            if max - min > 60 {
                n += 1;
            }
        }
    }
    n
}

#[test]
fn report_renders_in_chromium_with_charts_and_no_injected_script() {
    let Some(chromium) = chromium() else {
        eprintln!("skipping the browser test: chromium is not installed (`apt-get install -y chromium`; .ci/run does this)");
        return;
    };
    let dir = Dir::new();
    let page = report_of_injected(&dir);

    let shot = dir.path("shot.png");
    chromium_run(&chromium, &dir, &page, &[&format!("--screenshot={}", shot.display())]);
    // The first chart sits below the heading and legend, within the first
    // 700 pixels; its line and markers are coloured, text is not.
    let drawn = coloured_pixels(&shot, 0, 700);
    assert!(drawn > 500, "the chart area looks blank: {drawn} coloured pixels");
    // A page of plain text has almost none: the count measures the chart.
    let blank = dir.write("blank.html", "<!DOCTYPE html><html><body><h1>claimscope</h1><p>text only</p></body></html>");
    let blank_shot = dir.path("blank.png");
    chromium_run(&chromium, &dir, &blank, &[&format!("--screenshot={}", blank_shot.display())]);
    assert!(coloured_pixels(&blank_shot, 0, 700) < 50, "the blank page counts as coloured");

    let dom = chromium_run(&chromium, &dir, &page, &["--dump-dom"]);
    assert!(dom.contains("<title>claimscope report</title>"), "DOM not dumped: {}", &dom[..dom.len().min(500)]);
    assert!(!dom.contains("data-pwned="), "an injected script ran");
    assert!(!dom.to_lowercase().contains("<script"), "a script element reached the DOM");
    assert!(dom.contains("&lt;script&gt;document.body.setAttribute"), "the title is not shown as text");
}

fn tic_fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/tic").join(name)
}

/// A first release that Treasury later revised by far more than the 1%
/// revision allowance: China's November 2025 at $650.1bn instead of 682.6.
fn first_release(dir: &Dir) -> PathBuf {
    let text = std::fs::read_to_string(tic_fixture("mfh.txt")).unwrap();
    assert!(text.contains("682.6\t688.7"), "the fixture changed");
    dir.write("first-release.txt", text.replace("682.6\t688.7", "650.1\t688.7"))
}

fn china_article(dir: &Dir) -> PathBuf {
    dir.write(
        "china.html",
        r#"<!DOCTYPE html><html lang="en"><head><title>China trims again</title>
<meta property="article:published_time" content="2026-01-20T09:00:00Z"></head><body><article>
<h1>China trims again</h1>
<p>Fresh Treasury data out this week show China's holdings of US government debt fell to $650.1 billion in November, the figure every desk was quoting by lunchtime.</p>
<p>Beijing has been dumping Treasuries for a year now, and strategists expect little change in the months ahead.</p>
</article></body></html>"#,
    )
}

fn china_checks(dir: &Dir, db: &str) -> (serde_json::Value, serde_json::Value) {
    let claims = dir.json(&["claims", "--db", db, "--holder", "China", "--format", "json"]);
    let of_kind = |kind: &str| {
        let row = claims.as_array().unwrap().iter().find(|c| c["claim"]["kind"] == kind);
        row.unwrap_or_else(|| panic!("no {kind}: {claims}"))["claim"].clone()
    };
    (of_kind("level"), of_kind("trend"))
}

#[test]
fn checks_use_the_vintages_loaded_into_the_database() {
    let dir = Dir::new();
    let (release, article) = (first_release(&dir), china_article(&dir));
    let (release, article) = (release.to_str().unwrap(), article.to_str().unwrap());

    // Without the first release, only the revised 683.9 is known.
    dir.ok(&["ingest", article, "--db", "a.db", "--quiet"]);
    let (level, _) = china_checks(&dir, "a.db");
    assert_eq!(level["check"]["verdict"], "inconsistent", "{level}");

    // Loaded afterwards, `holdings --db` lists it beside the revision ...
    dir.ok(&["holdings", "load", release, "--vintage", "2026-01-16", "--db", "a.db"]);
    let list = ["holdings", "--db", "a.db", "--holder", "China", "--from", "2025-11", "--to", "2025-11"];
    let args = [&list[..], &["--measure", "total", "--format", "csv", "--vintages"]].concat();
    let both = dir.ok(&args);
    assert!(both.contains("650.1") && both.contains("2026-01-16") && both.contains("683.9"), "{both}");
    let latest = dir.ok(&args[..args.len() - 1]);
    assert!(!latest.contains("650.1") && latest.contains("683.9"), "{latest}");

    // ... and reprocess sees it ...
    dir.ok(&["reprocess", "--db", "a.db", "--quiet"]);
    let (level, _) = china_checks(&dir, "a.db");
    assert_eq!(level["check"]["verdict"], "consistent", "{level}");
    let note = level["check"]["note"].as_str().unwrap();
    assert!(note.starts_with("consistent with the figure published at the time, revised since"), "{note}");

    // ... and so does an ingest into a database that has it already.
    dir.ok(&["holdings", "load", release, "--vintage", "2026-01-16", "--db", "b.db"]);
    dir.ok(&["ingest", article, "--db", "b.db", "--quiet"]);
    assert_eq!(china_checks(&dir, "b.db").0["check"]["verdict"], "consistent");
}

#[test]
fn the_trend_window_is_a_flag() {
    let dir = Dir::new();
    let article = china_article(&dir);
    dir.ok(&["ingest", article.to_str().unwrap(), "--db", "w.db", "--quiet"]);
    let (_, trend) = china_checks(&dir, "w.db");
    let note = trend["check"]["note"].as_str().unwrap();
    assert!(note.contains("trend over 12 months from 2024-11 to 2025-11"), "{note}");
    assert_eq!(trend["check"]["verdict"], "consistent", "{note}");

    dir.ok(&["reprocess", "--db", "w.db", "--window", "1", "--quiet"]);
    let (_, trend) = china_checks(&dir, "w.db");
    let note = trend["check"]["note"].as_str().unwrap();
    assert!(note.contains("trend over 1 months from 2025-10 to 2025-11"), "{note}");
    assert_eq!(trend["check"]["verdict"], "inconsistent", "{note}");

    let out = dir.run(&["reprocess", "--db", "w.db", "--window", "0"]);
    assert_eq!(out.status.code(), Some(2), "clap rejects a window of 0");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--window"));
}

#[test]
fn sirens_make_a_story_alarmist_without_move_words() {
    let dir = Dir::new();
    let page = |title: &str, body: &str| {
        format!(
            r#"<!DOCTYPE html><html><head><title>{title}</title>
<meta property="article:published_time" content="2026-01-21"></head><body><article><h1>{title}</h1><p>{body}</p>
<p>Dealers said the auction calendar for February looked routine and demand at recent sales had been steady.</p></article></body></html>"#
        )
    };
    let calm = dir.write(
        "calm.html",
        page("UK holdings edge lower", "Britain's holdings of Treasuries edged down to $888.5 billion in November."),
    );
    let loud = dir.write(
        "loud.html",
        page("BREAKING", "🚨🚨 BREAKING: Britain's Treasury pile SHRINKS to $888.5 billion in November!!"),
    );
    dir.ok(&["ingest", calm.to_str().unwrap(), loud.to_str().unwrap(), "--db", "s.db", "--quiet"]);
    let claims = dir.json(&["claims", "--db", "s.db", "--holder", "United Kingdom", "--format", "json"]);
    let alarms: Vec<f64> = claims.as_array().unwrap().iter().map(|c| c["alarm"].as_f64().unwrap()).collect();
    assert_eq!(alarms.len(), 2, "{claims}");
    assert!(alarms.iter().any(|&a| a >= 0.5) && alarms.iter().any(|&a| a < 0.5), "{alarms:?}");
    let rows = dir.json(&["rhetoric", "--db", "s.db", "--holder", "United Kingdom", "--format", "json"]);
    let row = &rows[0];
    assert_eq!((row["month"].as_str(), row["stories"].as_u64()), (Some("2025-11"), Some(2)), "{rows}");
    assert_eq!(row["share_alarmist"], 0.5, "{row}");
}
