//! `ingest` against a hostile web server: a raw TCP server on loopback that
//! writes every byte itself (slow, stalled, reset, truncated, mislabelled,
//! huge), and a batch killed with SIGKILL mid-run. Each case asserts what
//! the queue recorded (state, reason, attempts) with rusqlite.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use crate::util::{corpus, warc_of, Dir};

/// How long a fault server accepts connections; it stops by itself then.
const SERVER_LIFETIME: Duration = Duration::from_secs(600);

/// A request as the fault server saw it.
struct Request {
    path: String,
    /// Requests for this path so far, this one included (from 1).
    hit: usize,
    /// The request line and headers, as sent.
    head: String,
}

/// A loopback server answering each request with `handler(request, stream)`.
/// One thread per connection; every response closes its connection.
struct FaultServer {
    base: String,
    hits: Arc<Mutex<HashMap<String, Vec<Instant>>>>,
}

impl FaultServer {
    fn start(handler: impl Fn(&Request, &mut TcpStream) + Send + Sync + 'static) -> FaultServer {
        let hits: Arc<Mutex<HashMap<String, Vec<Instant>>>> = Arc::default();
        let (handler, log) = (Arc::new(handler), Arc::clone(&hits));
        let base = serve_raw(move |mut stream| {
            let Some((path, head)) = read_request(&mut stream) else { return };
            let hit = {
                let mut log = log.lock().unwrap();
                let times = log.entry(path.clone()).or_default();
                times.push(Instant::now());
                times.len()
            };
            handler(&Request { path, hit, head }, &mut stream);
        });
        FaultServer { base, hits }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn hits(&self, path: &str) -> Vec<Instant> {
        self.hits.lock().unwrap().get(path).cloned().unwrap_or_default()
    }
}

/// Accepts loopback connections for [`SERVER_LIFETIME`], handing each to
/// `connection` on its own thread; returns the base URL.
fn serve_raw(connection: impl Fn(TcpStream) + Send + Sync + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.set_nonblocking(true).expect("non-blocking listener");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let connection = Arc::new(connection);
    thread::spawn(move || {
        let deadline = Instant::now() + SERVER_LIFETIME;
        while Instant::now() < deadline {
            let Ok((stream, _)) = listener.accept() else {
                thread::sleep(Duration::from_millis(2));
                continue;
            };
            let connection = Arc::clone(&connection);
            thread::spawn(move || {
                if stream.set_nonblocking(false).is_ok() {
                    connection(stream);
                }
            });
        }
    });
    base
}

/// A server that resets every connection: it waits for the request to
/// arrive and closes without reading it, so the kernel answers with RST.
fn resetting_server() -> String {
    serve_raw(|stream| {
        thread::sleep(Duration::from_millis(50));
        drop(stream);
    })
}

/// Reads a request head; returns its path and the head.
fn read_request(stream: &mut TcpStream) -> Option<(String, String)> {
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let path = head.split_whitespace().nth(1)?.to_string();
    Some((path, head))
}

/// Writes a complete response; errors (the client gave up) are ignored.
fn respond(stream: &mut TcpStream, status: &str, headers: &[(&str, &str)], body: &[u8]) {
    let mut head = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body));
}

fn html(stream: &mut TcpStream, body: &[u8]) {
    respond(stream, "200 OK", &[("Content-Type", "text/html; charset=utf-8")], body);
}

/// A small article with claim-bearing text; the given paragraph is padded
/// to prose length so the extractor does not trim it as a scrap.
fn article(title: &str, paragraph: &str) -> String {
    format!(
        "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>\
         <p>{paragraph} Reserve managers in several countries adjusted their positions over the month.</p><p>Japan's holdings of US Treasuries fell to $1.06 trillion in December 2024, \
         Treasury data showed on Tuesday.</p></article></body></html>"
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// One row of the queue.
#[derive(Debug, PartialEq)]
struct Queued {
    state: String,
    reason: Option<String>,
    attempts: i64,
    last_status: Option<i64>,
}

fn queued(db: &Path, key: &str) -> Queued {
    let conn = Connection::open(db).unwrap();
    conn.query_row(
        "SELECT state, reason, attempts, last_status FROM sources WHERE key = ?1",
        [key],
        |r| Ok(Queued { state: r.get(0)?, reason: r.get(1)?, attempts: r.get(2)?, last_status: r.get(3)? }),
    )
    .unwrap_or_else(|e| panic!("{key}: {e}"))
}

fn one<T: rusqlite::types::FromSql>(db: &Path, sql: &str, param: &str) -> T {
    let conn = Connection::open(db).unwrap();
    conn.query_row(sql, [param], |r| r.get(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Short limits so the whole file runs in seconds.
const FAST: [&str; 8] = ["--timeout-ms", "800", "--retry-base-ms", "20", "--max-attempts", "3", "--host-delay-ms", "0"];

/// FAST's 800 ms timeout is for the fault cases; where every page must
/// arrive, even while the transformer tone holds a loaded CPU, wait longer.
const PATIENT: [&str; 6] = ["--timeout-ms", "10000", "--retry-base-ms", "20", "--host-delay-ms", "0"];

/// Every fault case at once.
const WIDE: [&str; 4] = ["--per-host", "16", "--concurrency", "16"];

fn ingest(dir: &Dir, urls: &[String], db: &Path, extra: &[&str]) -> std::process::Output {
    let list = dir.write("urls.txt", urls.join("\n"));
    let mut args = vec!["ingest", list.to_str().unwrap(), "--db", db.to_str().unwrap(), "--quiet"];
    args.extend(FAST);
    args.extend(WIDE);
    args.extend(extra);
    dir.run(&args)
}

const FIFTY_MB: usize = 50 * 1024 * 1024;

fn hostile(request: &Request, stream: &mut TcpStream) {
    let (path, hit) = (request.path.as_str(), request.hit);
    let latin1: Vec<u8> = article("Zurich desk", "Analysts in Z\u{fc}rich said the caf\u{e9} crowd sold.")
        .chars()
        .map(|c| c as u32 as u8)
        .collect();
    match path {
        "/robots.txt" => respond(stream, "200 OK", &[("Content-Type", "text/plain")], b"User-agent: *\nDisallow: /private/\n"),
        "/slow-first-byte.html" => {
            thread::sleep(Duration::from_millis(300));
            html(stream, article("Slow", "A slow but honest server.").as_bytes());
        }
        "/stalled-body.html" => {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<html><body><p>Half");
            thread::sleep(Duration::from_secs(2));
        }
        "/timeout.html" => thread::sleep(Duration::from_secs(2)),
        "/flaky.html" if hit == 1 => respond(stream, "500 Internal Server Error", &[], b"oops"),
        "/flaky.html" => html(stream, article("Flaky", "Second time lucky.").as_bytes()),
        "/busy.html" if hit == 1 => respond(stream, "429 Too Many Requests", &[("Retry-After", "1")], b""),
        "/busy.html" => html(stream, article("Busy", "Worth the wait.").as_bytes()),
        "/chain/1" => respond(stream, "301 Moved Permanently", &[("Location", "/chain/2")], b""),
        "/chain/2" => respond(stream, "302 Found", &[("Location", "/chain/3.html")], b""),
        "/chain/3.html" => html(
            stream,
            article("Chain", "At the end of the chain.")
                .replace("</head>", "<link rel=\"canonical\" href=\"https://news.example/chain\"></head>")
                .as_bytes(),
        ),
        "/loop/a" => respond(stream, "302 Found", &[("Location", "/loop/b")], b""),
        "/loop/b" => respond(stream, "302 Found", &[("Location", "/loop/a")], b""),
        "/huge.html" => {
            // No Content-Length: the cap must cut the stream, which is
            // written 64 KiB at a time, never held whole.
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n");
            let chunk = vec![b'a'; 64 * 1024];
            for _ in 0..FIFTY_MB / chunk.len() {
                if stream.write_all(&chunk).is_err() {
                    break;
                }
            }
        }
        "/report.html" => html(stream, b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n"),
        "/bad-utf8.html" => {
            let mut body = article("Bytes", "Holdings MARK fell.").into_bytes();
            let at = body.windows(4).position(|w| w == b"MARK").unwrap();
            body.splice(at..at + 4, [0xff, 0xfe, 0xc3]);
            html(stream, &body);
        }
        "/latin1.html" => respond(stream, "200 OK", &[("Content-Type", "text/html")], &latin1),
        "/gzip.html" => respond(
            stream,
            "200 OK",
            &[("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
            &gzip(article("Zipped", "Compressed on the wire.").as_bytes()),
        ),
        "/truncated-gzip.html" => {
            let body = gzip(article("Cut", "This body is cut short.").as_bytes());
            respond(stream, "200 OK", &[("Content-Type", "text/html"), ("Content-Encoding", "gzip")], &body[..body.len() / 2]);
        }
        "/missing.html" => respond(stream, "404 Not Found", &[], b"gone"),
        "/copy-a.html" | "/copy-b.html" => html(stream, article("Copy", "Syndicated word for word.").as_bytes()),
        "/tracked.html" => html(stream, article("Tracked", "Shared from a newsletter.").as_bytes()),
        _ => html(stream, article("Private", "Nobody should read this.").as_bytes()),
    }
}

#[test]
fn every_fault_ends_in_a_recorded_outcome() {
    let dir = Dir::new();
    let server = FaultServer::start(hostile);
    let paths = [
        "/slow-first-byte.html",
        "/stalled-body.html",
        "/timeout.html",
        "/flaky.html",
        "/busy.html",
        "/chain/1",
        "/loop/a",
        "/huge.html",
        "/report.html",
        "/bad-utf8.html",
        "/latin1.html",
        "/gzip.html",
        "/truncated-gzip.html",
        "/missing.html",
        "/private/secret.html",
        "/copy-a.html",
        "/copy-b.html",
        "/tracked.html?utm_source=feed&fbclid=abc&id=7#comments",
    ];
    let reset = format!("{}/reset.html", resetting_server());
    let mut urls: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
    urls.push(reset.clone());
    let db = dir.path("faults.db");
    let started = Instant::now();
    let out = ingest(&dir, &urls, &db, &[]);
    let elapsed = started.elapsed();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(elapsed < Duration::from_secs(20), "took {elapsed:?}");

    let q = |path: &str| queued(&db, &server.url(path));
    let stored = |attempts, status| Queued { state: "stored".into(), reason: None, attempts, last_status: Some(status) };
    let failed = |reason: &str, attempts, last_status| Queued {
        state: "failed".into(),
        reason: Some(reason.into()),
        attempts,
        last_status,
    };

    assert_eq!(q("/slow-first-byte.html"), stored(1, 200));
    assert_eq!(q("/stalled-body.html"), failed("timeout", 3, None));
    assert_eq!(q("/timeout.html"), failed("timeout", 3, None));
    assert_eq!(q("/flaky.html"), stored(2, 200));
    assert_eq!(q("/busy.html"), stored(2, 200));
    let busy = server.hits("/busy.html");
    assert!(busy[1] - busy[0] >= Duration::from_millis(950), "Retry-After: 1 not honoured: {:?}", busy[1] - busy[0]);
    assert_eq!(q("/chain/1"), stored(1, 200));
    let final_url: String = one(&db, "SELECT final_url FROM pages WHERE key = ?1", &server.url("/chain/1"));
    assert_eq!(final_url, server.url("/chain/3.html"));
    let canonical: String = one(&db, "SELECT canonical_url FROM articles WHERE url = ?1", &server.url("/chain/1"));
    assert_eq!(canonical, "https://news.example/chain");
    assert_eq!(q("/loop/a"), failed("redirects", 1, None));
    assert_eq!(q("/huge.html"), failed("too_large", 1, None));
    assert!(server.hits("/huge.html").len() == 1, "a too-large body is not retried");
    assert_eq!(q("/report.html"), failed("unsupported", 1, None));
    assert_eq!(q("/bad-utf8.html"), stored(1, 200));
    let text: String = one(&db, "SELECT text FROM articles WHERE url = ?1", &server.url("/bad-utf8.html"));
    assert!(text.contains("Holdings \u{fffd}"), "invalid bytes become U+FFFD: {text}");
    assert_eq!(q("/latin1.html"), stored(1, 200));
    let text: String = one(&db, "SELECT text FROM articles WHERE url = ?1", &server.url("/latin1.html"));
    assert!(text.contains("Zürich said the café crowd"), "Latin-1 detected: {text}");
    assert_eq!(q("/gzip.html"), stored(1, 200));
    let text: String = one(&db, "SELECT text FROM articles WHERE url = ?1", &server.url("/gzip.html"));
    assert!(text.contains("Compressed on the wire"), "{text}");
    assert_eq!(q("/truncated-gzip.html"), failed("bad_response", 1, None));
    let reset = queued(&db, &reset);
    assert_eq!((reset.state.as_str(), reset.attempts), ("failed", 3), "{reset:?}");
    assert!(matches!(reset.reason.as_deref(), Some("transfer" | "connect")), "{reset:?}");
    assert_eq!(q("/missing.html"), failed("http_status", 1, Some(404)));
    let private = q("/private/secret.html");
    assert_eq!((private.state.as_str(), private.reason.as_deref(), private.attempts), ("skipped", Some("robots"), 0));
    assert!(server.hits("/private/secret.html").is_empty(), "a disallowed page is never requested");

    let (a, b) = (q("/copy-a.html"), q("/copy-b.html"));
    let (original, copy) = if a.state == "stored" { ("/copy-a.html", b) } else { ("/copy-b.html", a) };
    assert_eq!((copy.state.as_str(), copy.reason.as_deref()), ("skipped", Some("duplicate")), "{copy:?}");
    let duplicate_of: String =
        one(&db, "SELECT duplicate_of FROM sources WHERE reason = 'duplicate' AND key LIKE ?1", "%/copy-%");
    assert_eq!(duplicate_of, server.url(original));

    assert_eq!(q("/tracked.html?id=7"), stored(1, 200), "tracking parameters and fragment dropped");
    assert_eq!(count(&db, "SELECT count(*) FROM sources"), urls.len() as i64);
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), 9);
}

#[test]
fn refresh_sends_validators_and_a_304_costs_nothing() {
    let dir = Dir::new();
    let server = FaultServer::start(|request, stream| {
        if request.path == "/robots.txt" {
            respond(stream, "404 Not Found", &[], b"");
        } else if request.head.contains("if-none-match: \"v1\"") || request.head.contains("If-None-Match: \"v1\"") {
            respond(stream, "304 Not Modified", &[], b"");
        } else {
            let headers = [
                ("Content-Type", "text/html"),
                ("ETag", "\"v1\""),
                ("Last-Modified", "Tue, 20 Jan 2026 10:00:00 GMT"),
            ];
            respond(stream, "200 OK", &headers, article("Tagged", "An article with validators.").as_bytes());
        }
    });
    let urls = vec![server.url("/tagged.html")];
    let db = dir.path("refresh.db");
    assert!(ingest(&dir, &urls, &db, &[]).status.success());
    let etag: String = one(&db, "SELECT etag FROM pages WHERE key = ?1", &urls[0]);
    assert_eq!(etag, "\"v1\"");

    // Without --refresh a stored page is not requested again.
    assert!(ingest(&dir, &urls, &db, &[]).status.success());
    assert_eq!(server.hits("/tagged.html").len(), 1);

    let out = ingest(&dir, &urls, &db, &["--refresh", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["run"]["unchanged"], 1);
    assert_eq!(server.hits("/tagged.html").len(), 2);
    assert_eq!(queued(&db, &urls[0]), Queued { state: "stored".into(), reason: None, attempts: 2, last_status: Some(304) });
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), 1);
}

/// Serves distinct copies of the corpus articles at /page/N, each
/// answer delayed so a batch takes a few seconds.
fn slow_corpus_server(delay: Duration) -> FaultServer {
    let pages: Vec<Vec<u8>> = corpus().iter().map(|(_, html, _)| std::fs::read(html).unwrap()).collect();
    FaultServer::start(move |request, stream| {
        let Some(n) = request.path.strip_prefix("/page/").and_then(|n| n.parse::<usize>().ok()) else {
            return respond(stream, "404 Not Found", &[], b"");
        };
        thread::sleep(delay);
        // A comment makes each copy's body unique without changing its text.
        let mut body = pages[n % pages.len()].clone();
        body.extend_from_slice(format!("\n<!-- copy {n} -->\n").as_bytes());
        html(stream, &body);
    })
}

#[test]
fn a_batch_killed_with_sigkill_and_restarted_stores_every_url_once() {
    const PAGES: usize = 300;
    let dir = Dir::new();
    let server = slow_corpus_server(Duration::from_millis(40));
    let urls: Vec<String> = (0..PAGES).map(|n| server.url(&format!("/page/{n}"))).collect();
    let list = dir.write("urls.txt", urls.join("\n"));
    let db = dir.path("killed.db");
    let mut args = vec!["ingest", list.to_str().unwrap(), "--db", db.to_str().unwrap(), "--quiet"];
    args.extend(PATIENT);
    // Four at a time: 300 pages take a few seconds, time to kill mid-batch.
    args.extend(["--per-host", "4", "--concurrency", "4"]);

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_claimscope"))
        .args(&args)
        .current_dir(dir.tmp.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill once some pages are stored, mid-batch. Generous: with the
    // transformer tone on one thread, a loaded CI core stores a few pages a
    // second.
    let deadline = Instant::now() + Duration::from_secs(120);
    let stored = |db: &Path| -> i64 {
        Connection::open(db)
            .and_then(|c| c.query_row("SELECT count(*) FROM sources WHERE state = 'stored'", [], |r| r.get(0)))
            .unwrap_or(0)
    };
    while stored(&db) < 40 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let before = stored(&db);
    assert!((40..PAGES as i64).contains(&before), "killed mid-batch, {before} stored");

    let out = dir.run(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    assert_eq!(count(&db, "SELECT count(*) FROM sources"), PAGES as i64);
    let unstored: Vec<String> = Connection::open(&db)
        .unwrap()
        .prepare("SELECT state || ' ' || coalesce(reason, '') || ' ' || coalesce(last_error, '') FROM sources WHERE state <> 'stored'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(unstored.is_empty(), "after the restart: {unstored:?}");
    assert_eq!(count(&db, "SELECT count(*) FROM pages"), PAGES as i64);
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), PAGES as i64);
    assert_eq!(count(&db, "SELECT count(DISTINCT page_id) FROM articles"), PAGES as i64);
    for (table, key) in [
        ("claims", "article_id, holder, kind, start_byte, end_byte"),
        ("sentence_tone", "article_id, start_byte, end_byte"),
    ] {
        let duplicates = count(&db, &format!("SELECT count(*) FROM (SELECT 1 FROM {table} GROUP BY {key} HAVING count(*) > 1)"));
        assert_eq!(duplicates, 0, "duplicate rows in {table}");
    }

    // The same batch uninterrupted gives exactly the same claims.
    let fresh = dir.path("fresh.db");
    let mut args = vec!["ingest", list.to_str().unwrap(), "--db", fresh.to_str().unwrap(), "--quiet"];
    args.extend(PATIENT);
    args.extend(WIDE);
    assert!(dir.run(&args).status.success());
    for table in ["claims", "sentence_tone", "articles_fts", "claims_fts"] {
        let sql = format!("SELECT count(*) FROM {table}");
        assert_eq!(count(&db, &sql), count(&fresh, &sql), "{table} differs from an uninterrupted run");
    }
}

#[test]
fn a_warc_gz_archive_is_ingested_without_fetching() {
    let dir = Dir::new();
    let pages = corpus().iter().take(2).enumerate().map(|(n, (_, html, _))| {
        (format!("https://archive.example/{n}"), std::fs::read(html).unwrap())
    }).collect::<Vec<_>>();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&warc_of(pages)).unwrap();
    let archive = dir.write("crawl.warc.gz", gz.finish().unwrap());
    let db = dir.path("warc.db");
    let args = ["ingest", archive.to_str().unwrap(), "--db", db.to_str().unwrap(), "--json"];
    let summary: serde_json::Value = dir.json(&args);
    assert_eq!(summary["run"]["stored"], 2, "{summary}");
    assert_eq!(queued(&db, "https://archive.example/1"), Queued { state: "stored".into(), reason: None, attempts: 1, last_status: Some(200) });
    let again: serde_json::Value = dir.json(&args);
    assert_eq!(again["run"]["already_stored"], 2);
    assert_eq!(count(&db, "SELECT count(*) FROM articles"), 2);
}
