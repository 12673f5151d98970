//! Archives as real crawls hold them: warcio's own test files (WARC, ARC,
//! gzipped or not, damaged), a generated crawl killed mid-archive, the
//! relevance gate, and redirects to addresses no input named.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::thread;
use std::time::Duration;

use crate::ingest::count;
use crate::util::{shared_dir, Dir};
use crate::warc_gen::{crawl_page, write_archive};

/// warcio's test files; the tests fail, saying so, when they are missing.
fn warcio_files() -> PathBuf {
    let dir = shared_dir("bench/warc");
    assert!(
        dir.join("example.warc.gz").is_file(),
        "{}: warcio's test files are missing; put them there (see the README) to run the archive tests",
        dir.display()
    );
    dir
}

#[test]
fn every_warcio_file_with_an_html_response_stores_its_page() {
    let dir = warcio_files();
    for name in ["example.warc", "example.warc.gz", "example-wget-bad-target-uri.warc.gz", "example.arc", "example.arc.gz", "example-iana.org-chunked.warc"] {
        let tmp = Dir::new();
        let file = dir.join(name);
        let out = tmp.run(&["ingest", "--all", "--db", "a.db", file.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name}: {stderr}");
        assert_eq!(count(&tmp.path("a.db"), "SELECT COUNT(*) FROM articles"), 1, "{name}: {stderr}");
        assert_eq!(count(&tmp.path("a.db"), "SELECT COUNT(*) FROM failures"), 0, "{name}: {stderr}");
        assert!(stderr.contains(&format!("{name}: ")) && stderr.contains(" 1 stored,"), "{name}: the summary line: {stderr}");
    }
}

#[test]
fn all_warcio_files_in_one_run_finish_and_record_the_damage() {
    let dir = warcio_files();
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "LICENSE"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    assert_eq!(files.len(), 16, "warcio's 16 test files: {files:?}");
    let tmp = Dir::new();
    let mut args = vec!["ingest", "--all", "--db", "all.db"];
    args.extend(files.iter().map(String::as_str));
    let out = tmp.run(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let summaries = stderr.lines().filter(|l| l.contains(" records, ") && l.contains(" HTML pages, ")).count();
    assert_eq!(summaries, 16, "one summary line per archive: {stderr}");
    let db = tmp.path("all.db");
    // Damage is recorded with the file and the byte offset, under the
    // record's key, and retried on the next run.
    for (file, offset) in [("bad.arc", "byte 0:"), ("example-trunc.warc", "byte "), ("example-space-in-url.arc", "byte 151:")] {
        let sql = format!("SELECT COUNT(*) FROM failures WHERE reason LIKE '%/{file}: {offset}%'");
        assert!(count(&db, &sql) >= 1, "{file}: no damage recorded: {stderr}");
        let sql = format!("SELECT COUNT(*) FROM sources WHERE state = 'failed' AND last_error LIKE '%/{file}: byte%'");
        assert!(count(&db, &sql) >= 1, "{file}: no failed source: {stderr}");
    }
    // The ARC record the file ends in is short, yet its page is there.
    let sql = "SELECT COUNT(*) FROM pages WHERE final_url LIKE 'http://example.com/index.cfm%'";
    assert_eq!(count(&db, sql), 1, "{stderr}");
    let failed_before = count(&db, "SELECT SUM(attempts) FROM sources WHERE state = 'failed'");
    let again = tmp.run(&args);
    assert!(again.status.success());
    let failed_after = count(&db, "SELECT SUM(attempts) FROM sources WHERE state = 'failed'");
    assert!(failed_after > failed_before, "failed records are tried again: {failed_before} -> {failed_after}");
}

#[test]
fn pages_not_about_treasury_holdings_are_skipped_unless_all() {
    let tmp = Dir::new();
    let pages: Vec<(String, String)> = (0..6).map(|n| crawl_page(n, 3)).collect();
    let archive = tmp.path("news.warc.gz");
    write_archive(&archive, &pages);
    let archive = archive.to_str().unwrap();
    let out = tmp.run(&["ingest", "--db", "gated.db", archive]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let db = tmp.path("gated.db");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM articles"), 2, "pages 0 and 3 are about holdings");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM claims WHERE article_id NOT IN (SELECT id FROM articles)"), 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM sources WHERE state = 'skipped' AND reason = 'not_relevant'"), 4);
    let skipped: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT last_error FROM sources WHERE key = 'https://news.example/local/1'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(skipped, "https://news.example/local/1: not about Treasury holdings (title: Tampere council approves a new tram line, story 1)");
    assert!(count(&db, "SELECT COUNT(*) FROM claims") >= 2, "the relevant pages have their claims");

    let out = tmp.run(&["ingest", "--all", "--db", "all.db", archive]);
    assert!(out.status.success());
    assert_eq!(count(&tmp.path("all.db"), "SELECT COUNT(*) FROM articles"), 6, "--all analyses everything");
}

#[test]
fn an_archive_killed_mid_way_resumes_without_losing_or_repeating_a_record() {
    const RECORDS: usize = 1500;
    let tmp = Dir::new();
    let pages: Vec<(String, String)> = (0..RECORDS).map(|n| crawl_page(n, 1)).collect();
    let archive = tmp.path("crawl.warc.gz");
    write_archive(&archive, &pages);
    let db = tmp.path("killed.db");
    let args = ["ingest", "--all", "--quiet", "--db", db.to_str().unwrap(), archive.to_str().unwrap()];
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimscope")).args(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let stored = |db: &std::path::Path| {
        rusqlite::Connection::open(db)
            .and_then(|c| c.query_row("SELECT COUNT(*) FROM sources WHERE state = 'stored'", [], |r| r.get::<_, i64>(0)))
            .unwrap_or(0)
    };
    while stored(&db) < 100 {
        assert!(child.try_wait().unwrap().is_none(), "the run ended before it could be killed");
        thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let before = stored(&db);
    assert!(before < RECORDS as i64, "killed mid-archive, {before} stored; raise RECORDS if this machine is faster");
    let out = Command::new(env!("CARGO_BIN_EXE_claimscope")).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(count(&db, "SELECT COUNT(*) FROM pages"), RECORDS as i64);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM articles"), RECORDS as i64);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM sources WHERE state = 'stored'"), RECORDS as i64);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM failures"), 0);
}

/// Serves a redirect to `location` for every request on `listener`.
fn redirect_server(listener: TcpListener, location: String) {
    thread::spawn(move || {
        for request in tiny_http::Server::from_listener(listener, None).unwrap().incoming_requests() {
            let header = tiny_http::Header::from_bytes("Location", location.as_str()).unwrap();
            let _ = request.respond(tiny_http::Response::from_string("").with_status_code(302).with_header(header));
        }
    });
}

#[test]
fn a_redirect_to_an_address_no_input_named_is_refused_and_recorded() {
    // The target listens on 127.0.0.2, which the input never names.
    let target = tiny_http::Server::http("127.0.0.2:0").expect("bind 127.0.0.2 (Linux routes all of 127/8)");
    let target_addr = target.server_addr().to_ip().unwrap();
    thread::spawn(move || {
        for request in target.incoming_requests() {
            let html = "<html><head><title>Inside</title></head><body><p>Japan sold Treasuries: its holdings fell to $1.1 trillion.</p></body></html>";
            let _ = request.respond(tiny_http::Response::from_string(html));
        }
    });
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let start = format!("http://{}/article", listener.local_addr().unwrap());
    redirect_server(listener, format!("http://{target_addr}/internal"));

    let tmp = Dir::new();
    let out = tmp.run(&["ingest", "--db", "r.db", "--max-attempts", "1", &start]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let db = tmp.path("r.db");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM pages"), 0, "{stderr}");
    let (state, reason, error): (String, String, String) = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT state, reason, last_error FROM sources", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    assert_eq!((state.as_str(), reason.as_str()), ("failed", "private_address"));
    assert!(error.contains(&format!("refused to connect to {}", target_addr.ip())), "{error}");
    assert!(error.contains("--allow-private-addresses"), "{error}");

    let out = tmp.run(&["ingest", "--db", "allowed.db", "--allow-private-addresses", &start]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(count(&tmp.path("allowed.db"), "SELECT COUNT(*) FROM articles"), 1, "the flag lifts the refusal");
}
