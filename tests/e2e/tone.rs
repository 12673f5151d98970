//! The transformer tone through its worker process, `claimscope-tone`, as
//! the shipped build runs it: found beside the binary, restarted once when
//! it dies mid-run, and named with the fix when it is missing. Only in a
//! build with the `transformer` feature (cargo builds the worker with the
//! test binary then).

#![cfg(feature = "transformer")]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;

use crate::util::{corpus, Dir};

fn count(db: &Path, sql: &str) -> i64 {
    let conn = Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// `copies` copies of the corpus pages in `dir`/pages, each sentence
/// carrying its copy's number so no sentence repeats and the sentence cache
/// cannot answer for the worker.
fn corpus_copies(dir: &Dir, copies: usize) -> usize {
    let pages = dir.path("pages");
    std::fs::create_dir(&pages).unwrap();
    let templates: Vec<String> = corpus().iter().map(|(_, html, _)| std::fs::read_to_string(html).unwrap()).collect();
    for n in 0..copies {
        let text = templates[n % templates.len()].replace(". ", &format!(" ({n}). "));
        std::fs::write(pages.join(format!("{n:03}.html")), text).unwrap();
    }
    copies
}

/// The worker's pid once `parent` has started it.
fn worker_of(parent: u32) -> Option<u32> {
    let children = std::fs::read_to_string(format!("/proc/{parent}/task/{parent}/children")).ok()?;
    children.split_whitespace().next()?.parse().ok()
}

#[test]
fn ingest_scores_corpus_pages_through_the_worker() {
    let dir = Dir::new();
    let db = dir.path("t.db");
    let dbs = db.to_str().unwrap();
    let pages = corpus_copies(&dir, 17);
    let out = dir.ok(&["ingest", "pages", "--db", dbs, "--quiet"]);
    assert_eq!(out, "", "--quiet prints nothing");
    assert_eq!(count(&db, "SELECT count(*) FROM articles") as usize, pages);
    let transformer = "SELECT count(*) FROM articles WHERE tone_model LIKE 'all-MiniLM-L6-v2%+head-v4+framing-v2'";
    assert_eq!(count(&db, transformer) as usize, pages);
    // The polarity model read the framing sentences; a page's claim sentences are among them.
    assert!(count(&db, "SELECT count(*) FROM sentence_tone WHERE score != 0") > 0);
    // The pages' story embeddings came back from the worker too.
    assert_eq!(count(&db, "SELECT count(*) FROM articles WHERE story_vector IS NOT NULL") as usize, pages);
}

#[test]
fn a_worker_killed_mid_run_is_restarted_and_the_run_completes() {
    let dir = Dir::new();
    let db = dir.path("t.db");
    let pages = corpus_copies(&dir, 48);
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimscope"))
        .args(["ingest", "pages", "--db", db.to_str().unwrap(), "--quiet", "--analysis-threads", "1"])
        .current_dir(dir.tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn claimscope");
    // Kill the worker once the first articles are stored: it has answered.
    let started = Instant::now();
    let (killed, stored_then) = loop {
        assert!(started.elapsed() < Duration::from_secs(300), "no article stored in 300 s");
        assert!(child.try_wait().unwrap().is_none(), "the ingest ended before its worker could be killed");
        let stored = db
            .exists()
            .then(|| Connection::open(&db).ok()?.query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0)).ok())
            .flatten();
        if let (Some(stored @ 1..), Some(worker)) = (stored, worker_of(child.id())) {
            let status = Command::new("kill").args(["-KILL", &worker.to_string()]).status().unwrap();
            assert!(status.success());
            break (worker, stored as usize);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stored_then < pages, "the worker {killed} was killed after the run's last page");
    assert_eq!(count(&db, "SELECT count(*) FROM articles") as usize, pages, "{stderr}");
    assert_eq!(count(&db, "SELECT count(*) FROM articles WHERE tone_model LIKE 'all-MiniLM%'") as usize, pages);
    // Reaped: no zombie left behind.
    assert!(!Path::new(&format!("/proc/{killed}")).exists(), "the killed worker {killed} is still there");
}

#[test]
fn a_missing_worker_is_named_with_the_fix() {
    let dir = Dir::new();
    let doc = dir.write("a.txt", "Japan\n\nJapan's holdings of US Treasuries fell to $1.19 trillion in December 2025.\n");
    let out = Command::new(env!("CARGO_BIN_EXE_claimscope"))
        .args(["extract", doc.to_str().unwrap()])
        .env("CLAIMSCOPE_TONE_WORKER", "/nonexistent/claimscope-tone")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr.trim_end(),
        "claimscope: /nonexistent/claimscope-tone: the transformer tone worker is not there; build it with \
         `cargo build --release --features transformer --bins`, point CLAIMSCOPE_TONE_WORKER at it, or use --tone lexicon"
    );
    assert!(out.stdout.is_empty());
    // The lexicon needs no worker.
    let lexicon = Command::new(env!("CARGO_BIN_EXE_claimscope"))
        .args(["extract", "--tone", "lexicon", doc.to_str().unwrap()])
        .env("CLAIMSCOPE_TONE_WORKER", "/nonexistent/claimscope-tone")
        .output()
        .unwrap();
    assert!(lexicon.status.success(), "{}", String::from_utf8_lossy(&lexicon.stderr));
}
