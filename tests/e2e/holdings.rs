//! `holdings load`, `refresh` and `status` on Treasury's real layouts, and
//! claims about months newer than the loaded data.

use std::path::PathBuf;

use crate::util::{root, shared_file, Dir, Reply, Server};

/// Treasury's `slt_table5.txt` as published (7 of its rows), from
/// `../shared`; missing, the tests fail.
fn table5_sample() -> String {
    let (path, bytes) = shared_file("data/tic/slt_table5-sample.txt");
    String::from_utf8(bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The sample's header, newest month first.
const SAMPLE_MONTHS: &str = "Country\t2026-02\t2026-01\t2025-12\t2025-11\t2025-10\t2025-09\t2025-08\t2025-07\t2025-06\t2025-05\t2025-04\t2025-03\t2025-02";

/// The same layout seven months on: the sample's rows under 2026-09 to
/// 2025-09, so Japan's 1239.3 is its September 2026 figure.
fn table5_later() -> String {
    let later = "Country\t2026-09\t2026-08\t2026-07\t2026-06\t2026-05\t2026-04\t2026-03\t2026-02\t2026-01\t2025-12\t2025-11\t2025-10\t2025-09";
    let text = table5_sample();
    assert!(text.contains(SAMPLE_MONTHS), "the sample's header changed");
    text.replace(SAMPLE_MONTHS, later)
}

fn tic_file(path: &str) -> PathBuf {
    root().join(path)
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_real_table5_layout_loads_as_total_treasuries_in_billions() {
    let dir = Dir::new();
    let t5 = dir.write("slt_table5.txt", table5_sample());
    let out = dir.ok(&["holdings", "load", t5.to_str().unwrap(), "--db", "h.db"]);
    assert!(out.contains("78 figure(s), months 2025-02 to 2026-02, vintage 2026-04-15; 78 new or changed row(s)"), "{out}");
    let again = dir.ok(&["holdings", "load", t5.to_str().unwrap(), "--db", "h.db"]);
    assert!(again.contains("; 0 new or changed row(s)"), "{again}");
    let japan = dir.json(&["holdings", "--db", "h.db", "--holder", "Japan", "--measure", "total", "--from", "2026-01", "--format", "json"]);
    let rows: Vec<(String, f64, String)> = japan
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["month"].as_str().unwrap().to_string(), f["value_usd_bn"].as_f64().unwrap(), f["published_unit"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(rows, [("2026-01".into(), 1225.3, "billions".into()), ("2026-02".into(), 1239.3, "billions".into())]);

    // Other months and rows in the same layout, renamed: found by content.
    let other = dir.write("download.txt", table5_later().replace("Belgium\t", "Taiwan\t"));
    let out = dir.ok(&["holdings", "load", other.to_str().unwrap(), "--db", "h.db"]);
    assert!(out.contains("78 figure(s), months 2025-09 to 2026-09, vintage 2026-11-18"), "{out}");
    let taiwan = dir.ok(&["holdings", "--db", "h.db", "--holder", "Taiwan", "--from", "2026-09", "--measure", "total", "--format", "csv"]);
    assert!(taiwan.contains("454.7"), "{taiwan}");
}

#[test]
fn a_changed_table5_layout_is_one_clear_error() {
    let dir = Dir::new();
    let changed = table5_sample().replace(SAMPLE_MONTHS, "Country\tCountry Code\t2026-02");
    let t5 = dir.write("slt_table5.txt", changed);
    let out = dir.run(&["holdings", "load", t5.to_str().unwrap(), "--db", "h.db"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("slt_table5.txt:6: \"Country Code\" in the \"Country\" header is not a month; expected months such as 2026-02"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    // Nothing but titles and notes: zero figures is an error too.
    let empty: String = table5_sample().lines().filter(|l| !l.starts_with(|c: char| c.is_ascii_uppercase()) || l.starts_with("Country") || l.starts_with("Notes")).map(|l| format!("{l}\n")).collect();
    let t5 = dir.write("slt_table5.txt", empty);
    let out = dir.run(&["holdings", "load", t5.to_str().unwrap(), "--db", "h.db"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("slt_table5.txt: no figures"), "{}", stderr(&out));
}

#[test]
fn the_frozen_mfh_txt_loads_with_a_warning() {
    let dir = Dir::new();
    let mfh = tic_file("tests/fixtures/tic/mfh.txt");
    let out = dir.run(&["holdings", "load", mfh.to_str().unwrap(), "--db", "h.db"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("65 figure(s)"));
    let err = stderr(&out);
    assert!(err.contains("warning: ") && err.contains("Treasury stopped updating it in 2023"), "{err}");
    // The history in the same block layout is current and loads silently.
    let his = tic_file("data/tic/mfhhis01.txt");
    let out = dir.run(&["holdings", "load", his.to_str().unwrap(), "--db", "h.db"]);
    assert!(out.status.success() && stderr(&out).is_empty(), "{}", stderr(&out));
}

fn text_reply(body: Vec<u8>) -> Reply {
    Reply { status: 200, content_type: "text/plain", body }
}

/// A page dated two months after September 2026 quoting Japan's
/// September figure.
fn september_article(dir: &Dir) -> PathBuf {
    dir.write(
        "japan.html",
        r#"<!DOCTYPE html><html lang="en"><head><title>Japan adds</title>
<meta property="article:published_time" content="2026-11-20T09:00:00Z"></head><body><article>
<h1>Japan adds</h1>
<p>Japan's holdings of US Treasuries rose to $1.24 trillion in September, the monthly figures showed on Wednesday.</p>
</article></body></html>"#,
    )
}

fn level_check(dir: &Dir, db: &str) -> serde_json::Value {
    let claims = dir.json(&["claims", "--db", db, "--holder", "Japan", "--format", "json"]);
    let level = claims.as_array().unwrap().iter().find(|c| c["claim"]["kind"] == "level").cloned();
    level.unwrap_or_else(|| panic!("no level claim: {claims}"))["claim"]["check"].clone()
}

#[test]
fn refresh_stores_all_three_tables_and_the_new_month_checks() {
    let file = |p: &str| std::fs::read(tic_file(p)).unwrap();
    let server = Server::start(vec![
        ("/tic/slt_table5.txt".to_string(), text_reply(table5_later().into_bytes())),
        ("/tic/mfhhis01.txt".to_string(), text_reply(file("data/tic/mfhhis01.txt"))),
        ("/tic/slt_table1.txt".to_string(), text_reply(file("data/tic/slt_table1.txt"))),
    ]);
    let dir = Dir::new();
    let article = september_article(&dir);
    let article = article.to_str().unwrap();

    // Before the refresh the month is past the data: a refresh away.
    dir.ok(&["ingest", article, "--db", "old.db", "--quiet"]);
    let check = level_check(&dir, "old.db");
    assert_eq!(check["verdict"], "not_checkable", "{check}");
    let note = check["note"].as_str().unwrap();
    assert!(note.contains("no data for Japan in 2026-09") && note.contains("`claimscope holdings refresh`"), "{note}");

    let out = dir.ok(&["holdings", "refresh", "--base", &server.url("/tic/"), "--db", "h.db"]);
    assert!(out.contains("/tic/slt_table5.txt: 78 figure(s), months 2025-09 to 2026-09, vintage 2026-11-18"), "{out}");
    assert!(out.contains("/tic/mfhhis01.txt: 11391 figure(s)"), "{out}");
    assert!(out.contains("/tic/slt_table1.txt: 4697 figure(s), months 2020-01 to 2026-05, vintage 2026-07-14"), "{out}");
    dir.ok(&["ingest", article, "--db", "h.db", "--quiet"]);
    let check = level_check(&dir, "h.db");
    assert_eq!(check["verdict"], "consistent", "{check}");
    assert!(check["note"].as_str().unwrap().contains("vs $1.239tn for 2026-09"), "{check}");
}

#[test]
fn refresh_stores_nothing_when_one_table_fails() {
    let broken = table5_later().replace("Japan\t1239.3", "Japan\t12,39.3");
    let server = Server::start(vec![
        ("/tic/slt_table5.txt".to_string(), text_reply(broken.into_bytes())),
        ("/tic/mfhhis01.txt".to_string(), text_reply(std::fs::read(tic_file("data/tic/mfhhis01.txt")).unwrap())),
    ]);
    let dir = Dir::new();
    let out = dir.run(&["holdings", "refresh", "--base", &server.url("/tic/"), "--db", "h.db"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("/tic/slt_table5.txt:7: \"12,39.3\" in column 2026-09 of row \"Japan\""), "{err}");
    assert!(err.contains("slt_table1.txt") && err.contains("404"), "{err}");
    assert!(err.contains("2 of 3 table(s) failed; nothing stored"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).is_empty());
}

#[test]
fn status_names_the_newest_month_its_vintage_and_whether_a_release_is_due() {
    let dir = Dir::new();
    let t5 = dir.write("slt_table5.txt", table5_sample());
    dir.ok(&["holdings", "load", t5.to_str().unwrap(), "--db", "h.db"]);
    let row = |out: &str, table: &str| out.lines().find(|l| l.starts_with(table)).unwrap_or_else(|| panic!("{out}")).to_string();
    // The day before February's release: nothing newer is out.
    let before = dir.ok(&["holdings", "status", "--db", "h.db", "--today", "2026-04-14"]);
    let mfh = row(&before, "TIC Major Foreign Holders");
    assert!(mfh.contains("2026-02") && mfh.contains("2026-04-15") && mfh.contains("no: 2026-03 is due on 2026-05-18"), "{mfh}");
    let after = dir.ok(&["holdings", "status", "--db", "h.db", "--today", "2026-06-20"]);
    let mfh = row(&after, "TIC Major Foreign Holders");
    assert!(mfh.contains("yes: 2026-04 was out on 2026-06-18; run `claimscope holdings refresh`"), "{mfh}");
    let t1 = row(&after, "TIC Table 1");
    assert!(t1.contains("2026-05") && t1.contains("2026-07-14") && t1.contains("no: 2026-06 is due on 2026-08-17"), "{t1}");
    let missing = dir.run(&["holdings", "status", "--db", "nope.db"]);
    assert_eq!(missing.status.code(), Some(2), "an error, not a partial run");
    assert!(stderr(&missing).contains("nope.db: no such database"));
}

#[test]
fn the_bundled_early_2026_months_check_offline() {
    let dir = Dir::new();
    let doc = dir.write("feb.txt", "Japan\n\nJapan's holdings of US Treasuries rose to $1.24 trillion in February, data released this week showed.\n");
    let out = dir.json(&["extract", "--published", "2026-04-20", doc.to_str().unwrap()]);
    let check = &out["claims"][0]["check"];
    assert_eq!(check["verdict"], "consistent", "{out}");
    assert_eq!(check["source"], "TIC Major Foreign Holders, vintage 2026-04-15", "{out}");
    assert!(check["note"].as_str().unwrap().contains("for 2026-02"), "{out}");
    // A day before that release the figure was not out yet.
    let early = dir.json(&["extract", "--published", "2026-04-14", doc.to_str().unwrap()]);
    assert_eq!(early["claims"][0]["period"], "2025-02", "{early}");
}
