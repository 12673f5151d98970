//! `ingest` against a real loopback HTTP server serving the corpus, then the
//! queries on the database it wrote.

use rusqlite::Connection;
use serde_json::Value;

use crate::util::{corpus, read_json, Dir, Reply, Server};

fn corpus_server() -> (Server, Vec<String>) {
    let mut routes = Vec::new();
    let mut urls = Vec::new();
    for (stem, html, _) in corpus() {
        let path = format!("/news/{stem}.html");
        routes.push((path.clone(), Reply { status: 200, content_type: "text/html; charset=utf-8", body: std::fs::read(html).unwrap() }));
        urls.push(path);
    }
    routes.push(("/report.pdf".to_string(), Reply { status: 200, content_type: "application/pdf", body: b"%PDF-1.4\n%...".to_vec() }));
    let server = Server::start(routes);
    let urls = urls.iter().map(|p| server.url(p)).collect();
    (server, urls)
}

pub(crate) fn count(db: &std::path::Path, sql: &str) -> i64 {
    count_where(db, sql, "")
}

fn count_where(db: &std::path::Path, sql: &str, param: &str) -> i64 {
    let conn = Connection::open(db).unwrap();
    let params: &[&dyn rusqlite::ToSql] = if param.is_empty() { &[] } else { &[&param] };
    conn.query_row(sql, params, |r| r.get(0)).unwrap()
}

fn expected_claim_count() -> usize {
    corpus().iter().map(|(_, _, e)| read_json(e)["claims"].as_array().unwrap().len()).sum()
}

#[test]
fn ingest_over_http_stores_claims_and_resumes_without_duplicates() {
    let dir = Dir::new();
    let (server, urls) = corpus_server();
    let mut list = urls.join("\n");
    list.push_str(&format!("\n# a comment\n{}\n{}\n", server.url("/missing.html"), server.url("/report.pdf")));
    let list_path = dir.write("urls.txt", &list);
    let db = dir.path("claims.db");
    let args = ["ingest", list_path.to_str().unwrap(), "--db", db.to_str().unwrap(), "--json"];

    let first = dir.run(&args);
    assert!(first.status.success(), "ingest failed: {}", String::from_utf8_lossy(&first.stderr));
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(stderr.contains("/missing.html") && stderr.contains("404"), "404 not reported: {stderr}");
    assert!(stderr.contains("/report.pdf") && stderr.to_lowercase().contains("pdf"), "pdf not reported: {stderr}");
    let summary: Value = serde_json::from_slice(&first.stdout).expect("JSON summary");
    assert_eq!(summary["run"]["stored"], urls.len(), "{stderr}");
    assert_eq!(summary["run"]["failed"], 2, "{stderr}");

    let articles = count(&db, "SELECT count(*) FROM articles");
    let claims = count(&db, "SELECT count(*) FROM claims");
    assert_eq!(articles as usize, urls.len());
    assert_eq!(claims as usize, expected_claim_count());

    // A second run stores nothing twice and retries only the failures.
    let second = dir.run(&args);
    assert!(second.status.success());
    let summary: Value = serde_json::from_slice(&second.stdout).expect("JSON summary");
    assert_eq!(summary["run"]["already_stored"], urls.len());
    assert_eq!(summary["run"]["failed"], 2);
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), articles);
    assert_eq!(count(&db, "SELECT count(*) FROM claims"), claims);
    assert_eq!(count(&db, "SELECT count(*) FROM pages"), articles);
    let attempts = count_where(&db, "SELECT attempts FROM sources WHERE key = ?1", &server.url("/missing.html"));
    assert_eq!(attempts, 2, "the failed URL is retried once per run");

    // Queries on what was stored.
    let db = db.to_str().unwrap();
    let all = dir.json(&["claims", "--db", db, "--format", "json"]);
    assert_eq!(all.as_array().unwrap().len() as i64, claims);
    let china = dir.json(&["claims", "--db", db, "--holder", "Chinese", "--format", "json"]);
    let china = china.as_array().unwrap();
    assert!(!china.is_empty());
    assert!(china.iter().all(|r| r["claim"]["holder"] == "China"), "holder filter leaks");
    for verdict in ["consistent", "inconsistent"] {
        let rows = dir.json(&["claims", "--db", db, "--verdict", verdict, "--format", "json"]);
        let rows = rows.as_array().unwrap();
        assert!(!rows.is_empty(), "the corpus has {verdict} claims");
        assert!(rows.iter().all(|r| r["claim"]["check"]["verdict"] == verdict));
    }
    let levels = dir.json(&["claims", "--db", db, "--kind", "level", "--format", "json"]);
    assert!(levels.as_array().unwrap().iter().all(|r| r["claim"]["kind"] == "level"));
    let found = dir.json(&["claims", "--db", db, "--search", "lowest since", "--format", "json"]);
    let found = found.as_array().unwrap();
    assert!(!found.is_empty(), "full-text search finds 'lowest since'");
    let csv = dir.ok(&["claims", "--db", db, "--format", "csv"]);
    assert_eq!(csv.lines().count() as i64, claims + 1, "CSV has a header and one line per claim");
    let table = dir.ok(&["claims", "--db", db, "--holder", "Japan"]);
    assert!(table.contains("Japan"));
}

#[test]
fn ingest_reports_each_bad_input_and_exits_non_zero_only_when_nothing_worked() {
    let dir = Dir::new();
    let db = dir.path("x.db");
    let db = db.to_str().unwrap();
    // Nothing listens on port 1 of loopback.
    let out = dir.run(&["ingest", "http://127.0.0.1:1/a.html", "missing-file.html", "--db", db]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.lines().any(|l| l.contains("http://127.0.0.1:1/a.html")), "unreachable URL not named: {err}");
    assert!(err.lines().any(|l| l.contains("missing-file.html")), "missing file not named: {err}");

    // One good local file among the bad inputs: exit 0, the good one stored.
    let good = dir.write("good.txt", "Japan trims Treasuries\n\nJapan's holdings of US Treasuries fell to $1.06 trillion in December 2024, Treasury data showed.\n");
    let out = dir.run(&["ingest", "http://127.0.0.1:1/a.html", good.to_str().unwrap(), "--db", db]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = dir.json(&["claims", "--db", db, "--format", "json"]);
    assert!(rows.as_array().unwrap().iter().any(|r| r["claim"]["holder"] == "Japan"));
}

#[test]
fn a_query_on_a_missing_database_says_how_to_make_one() {
    let dir = Dir::new();
    let out = dir.run(&["claims", "--db", "nope.db"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("nope.db") && err.contains("claimscope ingest"), "{err}");
    assert!(!dir.path("nope.db").exists(), "a query must not create an empty database");
}

#[test]
fn ingest_stores_the_figures_claims_are_checked_against() {
    let dir = Dir::new();
    let doc = dir.write("a.txt", "China trims\n\nChina's holdings of US Treasuries fell to $683.5 billion in December 2025.\n");
    let db = dir.path("h.db");
    dir.ok(&["ingest", doc.to_str().unwrap(), "--db", db.to_str().unwrap(), "--quiet"]);
    let china = count_where(&db, "SELECT count(*) FROM holdings WHERE holder = ?1 AND month = '2025-12'", "China");
    assert_eq!(china, 2, "total and long-term figures for China, December 2025");
    let first = count(&db, "SELECT count(*) FROM holdings");
    dir.ok(&["ingest", doc.to_str().unwrap(), "--db", db.to_str().unwrap(), "--quiet"]);
    assert_eq!(count(&db, "SELECT count(*) FROM holdings"), first, "figures are stored once");
}

#[test]
fn reprocess_rederives_stored_pages_without_fetching_or_duplicating() {
    let dir = Dir::new();
    let (_server, urls) = corpus_server();
    let list = dir.write("urls.txt", urls[..3].join("\n"));
    let db = dir.path("r.db");
    let dbs = db.to_str().unwrap();
    dir.ok(&["ingest", list.to_str().unwrap(), "--db", dbs, "--quiet"]);
    let claims = count(&db, "SELECT count(*) FROM claims");
    // Rows made by an older tagger: reprocessing must replace them, not add.
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch("UPDATE claims SET tagger_version = 'claims-0', verdict = 'not_checkable'").unwrap();
    drop(conn);
    let out = dir.ok(&["reprocess", "--db", dbs]);
    assert!(out.contains("reprocessed 3 article(s)"), "{out}");
    assert_eq!(count(&db, "SELECT count(*) FROM claims"), claims);
    assert_eq!(count(&db, "SELECT count(*) FROM claims WHERE tagger_version = 'claims-0'"), 0);
    assert!(count(&db, "SELECT count(*) FROM claims WHERE verdict = 'consistent'") > 0);
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), 3);

    // A bad precision setting is refused in one line before any row changes.
    #[cfg(feature = "transformer")]
    {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_claimscope"))
            .args(["reprocess", "--db", dbs])
            .env("CLAIMSCOPE_PRECISION", "fp16")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.starts_with("error: invalid value 'fp16' for '--precision <PRECISION>'")
                && stderr.contains("[possible values: f32, bf16]"),
            "{stderr}"
        );
        assert_eq!(count(&db, "SELECT count(*) FROM claims"), claims);
        assert_eq!(count(&db, "SELECT count(*) FROM articles"), 3);
    }
}
