//! End-to-end ingest throughput: 10,000 pages generated from the corpus
//! templates, served on loopback, ingested by the release binary into a
//! fresh database. Prints pages/s and peak RSS, then the same pages read
//! from local files, so the gap shows what HTTP costs beside analysis and
//! storage.
//!
//! `cargo bench --bench ingest` (PAGES=2000 for a quicker run). One site
//! serves everything, so politeness is set as for many sites: 8 requests
//! at once and no per-site delay. Tone is the rule scorer as built; the
//! transformer scorer is measured when it lands.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

fn main() {
    let pages: usize = std::env::var("PAGES").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut templates: Vec<Vec<u8>> = std::fs::read_dir(root.join("corpus"))
        .expect("corpus/")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "html"))
        .map(|path| std::fs::read(path).expect("corpus page"))
        .collect();
    templates.sort();
    let templates = Arc::new(templates);

    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind loopback"));
    let base = format!("http://{}", server.server_addr().to_ip().expect("ip"));
    for _ in 0..4 {
        let (server, templates) = (Arc::clone(&server), Arc::clone(&templates));
        thread::spawn(move || {
            while let Ok(Some(request)) = server.recv_timeout(Duration::from_secs(600)) {
                let n: Option<usize> = request.url().strip_prefix("/page/").and_then(|n| n.parse().ok());
                let response = match n {
                    Some(n) => tiny_http::Response::from_data(copy(&templates, n)).with_header(
                        tiny_http::Header::from_bytes("Content-Type", "text/html; charset=utf-8").expect("header"),
                    ),
                    None => tiny_http::Response::from_data(Vec::new()).with_status_code(404),
                };
                let _ = request.respond(response);
            }
        });
    }

    let dir = tempfile::tempdir().expect("temp dir");
    let list = dir.path().join("urls.txt");
    let urls: Vec<String> = (0..pages).map(|n| format!("{base}/page/{n}")).collect();
    std::fs::write(&list, urls.join("\n")).expect("url list");
    let files = dir.path().join("files");
    std::fs::create_dir(&files).expect("files dir");
    for n in 0..pages {
        std::fs::write(files.join(format!("{n:05}.html")), copy(&templates, n)).expect("page file");
    }

    println!("{pages} pages from {} corpus templates, 2 cores", templates.len());
    let http = run(dir.path(), list.to_str().expect("path"), "http.db");
    report("over loopback HTTP", pages, http);
    let local = run(dir.path(), files.to_str().expect("path"), "files.db");
    report("from local files", pages, local);
}

/// Copy `n` of the corpus: a template with a unique comment, so no copy is
/// a duplicate of another by content.
fn copy(templates: &[Vec<u8>], n: usize) -> Vec<u8> {
    let mut body = templates[n % templates.len()].clone();
    body.extend_from_slice(format!("\n<!-- copy {n} -->\n").as_bytes());
    body
}

/// Runs one ingest; returns its wall time and peak RSS in KiB.
fn run(dir: &Path, input: &str, db: &str) -> (Duration, u64) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimscope"))
        .args(["ingest", input, "--db", db, "--quiet"])
        .args(["--concurrency", "8", "--per-host", "8", "--host-delay-ms", "0"])
        .current_dir(dir)
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn claimscope");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "ingest failed");
            break;
        }
        // VmHWM is the process's own high-water mark, so sampling it
        // misses nothing but the last few milliseconds.
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            if let Some(kib) = text.lines().find_map(|l| l.strip_prefix("VmHWM:")) {
                peak = peak.max(kib.trim().trim_end_matches("kB").trim().parse().unwrap_or(0));
            }
        }
        thread::sleep(Duration::from_millis(20));
    }
    (started.elapsed(), peak)
}

fn report(label: &str, pages: usize, (elapsed, peak_kib): (Duration, u64)) {
    println!(
        "{label:>20}: {:>7.1} pages/s ({:.1} s), peak RSS {:.0} MiB",
        pages as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64(),
        peak_kib as f64 / 1024.0
    );
}
