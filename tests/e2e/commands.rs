//! `extract`, `holdings` and `demo` on real inputs, and errors on bad ones.

use serde_json::Value;

use crate::util::{shared_file, Dir};

fn claims_of<'a>(doc: &'a Value, holder: &str, kind: &str) -> Vec<&'a Value> {
    doc["claims"].as_array().unwrap().iter().filter(|c| c["holder"] == holder && c["kind"] == kind).collect()
}

fn near(v: &Value, want: f64, tol: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - want).abs() <= tol)
}

/// The commentary piece that motivated the project, read from ../shared at
/// run time (its sentences are not ours to copy).
#[test]
fn seed_article_yields_its_headline_claims_with_verdicts() {
    let (seed, _) = shared_file("seed/great-treasury-exodus.txt");
    let dir = Dir::new();
    let doc = dir.json(&["extract", "--published", "2026-01-22", seed.to_str().unwrap()]);
    let has = |holder: &str, kind: &str, pred: &dyn Fn(&Value) -> bool| -> bool {
        claims_of(&doc, holder, kind).into_iter().any(pred)
    };
    assert!(has("Denmark", "level", &|c| near(&c["level_usd_bn"], 9.0, 0.01)), "Denmark ~$9bn");
    assert!(has("Denmark", "change", &|c| near(&c["change_usd_bn"], -4.0, 0.01)), "Denmark -$4bn");
    assert!(has("Denmark", "change", &|c| near(&c["change_pct"], -30.0, 0.01)), "Denmark -30%");
    assert!(has("Denmark", "extremum", &|c| c["direction"] == "down" && c["since"] == "2011"), "Denmark 14-year low");
    assert!(has("AkademikerPension", "intent", &|c| c["direction"] == "down" && near(&c["level_usd_bn"], 0.1, 0.001)), "fund intent to sell $100m");
    assert!(has("China", "level", &|c| near(&c["level_usd_bn"], 682.6, 0.01) && c["period"] == "2025-11"), "China $682.6bn Nov 2025");
    assert!(has("China", "change", &|c| near(&c["change_usd_bn"], -6.1, 0.01)), "China -6.1");
    assert!(has("China", "extremum", &|c| c["since"] == "2008" && c["direction"] == "down"), "China lowest since 2008");
    assert!(has("India", "level", &|c| near(&c["level_usd_bn"], 190.0, 0.01) && c["period"] == "2025-10"), "India ~$190bn Oct 2025");
    assert!(has("Japan", "change", &|c| near(&c["change_usd_bn"], 2.6, 0.01)), "Japan +2.6");
    assert!(has("Japan", "level", &|c| near(&c["level_usd_bn"], 1200.0, 0.01)), "Japan $1.2tn");
    assert!(has("United Kingdom", "change", &|c| near(&c["change_usd_bn"], 10.6, 0.01)), "UK +10.6");
    assert!(has("United Kingdom", "level", &|c| near(&c["level_usd_bn"], 888.5, 0.01)), "UK $888.5bn");
    for c in doc["claims"].as_array().unwrap() {
        let check = &c["check"];
        let verdict = check["verdict"].as_str().unwrap();
        assert!(["consistent", "inconsistent", "exaggerated", "not_checkable"].contains(&verdict));
        assert!(!check["note"].as_str().unwrap().is_empty(), "every verdict explains itself: {c}");
        let country = !["AkademikerPension"].contains(&c["holder"].as_str().unwrap());
        let numeric = ["level", "change", "extremum"].contains(&c["kind"].as_str().unwrap());
        if country && numeric {
            assert!(!check["figures"].as_array().unwrap().is_empty(), "checked against the bundled data: {c}");
        }
    }
    let fund = claims_of(&doc, "AkademikerPension", "intent");
    assert_eq!(fund[0]["check"]["verdict"], "not_checkable", "institutions have no TIC row");
    let tone = &doc["tone"];
    assert_eq!(tone["label"], "negative");
    assert!(tone["alarm"].as_f64().unwrap() > 0.3);
    assert!(!tone["model"].as_str().unwrap().is_empty());
}

#[test]
fn extract_jsonl_reports_bad_lines_by_id_and_goes_on() {
    let dir = Dir::new();
    let input = concat!(
        r#"{"id": "a", "text": "China's holdings of US Treasuries fell to $759.0 billion in December 2024.", "published": "2025-02-20"}"#, "\n",
        r#"{"id": "b", "text": 12}"#, "\n",
        "not json at all\n",
        r#"{"id": 7, "html": "<html><head><title>Gold</title></head><body><article><p>Gold reserves rose again in March as central banks bought bullion.</p></article></body></html>"}"#, "\n",
    );
    let out = dir.run_with_stdin(&["extract", "--jsonl", "-"], Some(input.as_bytes()));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["id"], "a");
    let china = &lines[0]["claims"][0];
    assert_eq!(china["holder"], "China");
    assert!(near(&china["level_usd_bn"], 759.0, 0.001));
    assert_eq!(china["period"], "2024-12");
    assert_eq!(china["check"]["verdict"], "consistent");
    assert!(lines[1]["error"].as_str().unwrap().contains(":2:"));
    assert_eq!(lines[1]["id"], Value::Null, "a line that does not parse has no id to report");
    assert!(lines[2]["error"].is_string());
    assert_eq!(lines[3]["id"], 7);
    assert_eq!(lines[3]["claims"].as_array().unwrap().len(), 0, "gold reserves are not Treasury holdings");
}

#[test]
fn holdings_prints_the_bundled_figures() {
    let dir = Dir::new();
    let csv = dir.ok(&["holdings", "--holder", "Chinese", "--from", "2025-10", "--to", "2025-11", "--measure", "total", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "header and two months: {csv}");
    assert!(lines.iter().any(|l| l.contains("2025-11") && l.contains("683.9")), "{csv}");
    assert!(lines.iter().any(|l| l.contains("2025-10") && l.contains("687.7")), "{csv}");
    let denmark = dir.json(&["holdings", "--holder", "Denmark", "--from", "2025-11", "--to", "2025-11", "--format", "json"]);
    let denmark = denmark.as_array().unwrap();
    assert_eq!(denmark.len(), 1, "Denmark is only in Table 1");
    assert_eq!(denmark[0]["measure"], "long_term_treasuries");
    assert!(near(&denmark[0]["value_usd_bn"], 8.293, 0.0005));
    assert_eq!(denmark[0]["published_unit"], "millions");
    let bad = dir.run(&["holdings", "--from", "November"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("YYYY-MM"));
}

#[test]
fn demo_prints_summary_and_rhetoric_table() {
    let dir = Dir::new();
    let out = dir.ok(&["demo", "--db", "demo.db"]);
    assert!(out.contains("Rhetoric against data"), "{out}");
    for holder in ["China", "Japan", "Denmark"] {
        assert!(out.contains(holder), "demo mentions {holder}:\n{out}");
    }
    // The demo's database is a normal one the queries can read.
    let rows = dir.json(&["claims", "--db", "demo.db", "--format", "json"]);
    assert!(rows.as_array().unwrap().len() >= 30);
    // Running it again replaces the database rather than doubling it.
    dir.ok(&["demo", "--db", "demo.db"]);
    let again = dir.json(&["claims", "--db", "demo.db", "--format", "json"]);
    assert_eq!(again.as_array().unwrap().len(), rows.as_array().unwrap().len());
}

#[test]
fn a_locked_database_gets_a_clear_error_and_keeps_its_rows() {
    let dir = Dir::new();
    let doc = dir.write("a.txt", "UK adds Treasuries\n\nBritain's holdings of US Treasuries rose to $866.0 billion in December 2025.\n");
    let db = dir.path("locked.db");
    dir.ok(&["ingest", doc.to_str().unwrap(), "--db", db.to_str().unwrap(), "--quiet"]);
    let lock = rusqlite::Connection::open(&db).unwrap();
    lock.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let other = dir.write("b.txt", "Japan\n\nJapan's holdings of US Treasuries fell to $1.19 trillion in December 2025.\n");
    let out = dir.run(&["ingest", other.to_str().unwrap(), "--db", db.to_str().unwrap()]);
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("locked.db") && err.contains("locked"), "{err}");
    lock.execute_batch("ROLLBACK").unwrap();
    let rows = dir.json(&["claims", "--db", db.to_str().unwrap(), "--format", "json"]);
    assert!(rows.as_array().unwrap().iter().any(|r| r["claim"]["holder"] == "United Kingdom"));
}

#[test]
fn article_prints_what_the_extractor_sees_over_http() {
    use crate::util::{corpus, read_json, Reply, Server};
    let (_, html, expected) = corpus().into_iter().next().expect("a corpus article");
    let server = Server::start(vec![(
        "/story".to_string(),
        Reply { status: 200, content_type: "text/html", body: std::fs::read(&html).unwrap() },
    )]);
    let dir = Dir::new();
    let out = dir.ok(&["article", &server.url("/story"), "--format", "jsonl"]);
    let article: Value = serde_json::from_str(out.trim()).expect("one JSON line");
    let want = read_json(&expected);
    assert_eq!(article["title"], want["title"]);
    assert_eq!(article["published"], want["published"]);
    assert!(!article["text"].as_str().unwrap().contains("cookies"), "the cookie banner is not article text");
    let missing = dir.run(&["article", &server.url("/gone")]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/gone: HTTP 404"));
}

#[test]
fn tone_flag_picks_the_model_and_a_missing_one_is_an_error() {
    let dir = Dir::new();
    let doc = dir.write("a.txt", "Japan\n\nJapan's holdings of US Treasuries fell to $1.19 trillion in December 2025.\n");
    let lexicon = dir.json(&["extract", "--tone", "lexicon", doc.to_str().unwrap()]);
    assert!(lexicon["tone"]["model"].as_str().unwrap().starts_with("lexicon"), "{lexicon}");
    let bad = dir.run(&["extract", "--tone", "vader", doc.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("possible values: lexicon, transformer"));
    if cfg!(feature = "transformer") {
        let transformer = dir.json(&["extract", "--tone", "transformer", doc.to_str().unwrap()]);
        assert!(transformer["tone"]["model"].as_str().unwrap().contains("MiniLM"), "{transformer}");
    } else {
        let missing = dir.run(&["extract", "--tone", "transformer", doc.to_str().unwrap()]);
        assert_eq!(missing.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&missing.stderr).contains("this build has no transformer"));
    }
}
