//! What the relevance gate saves on bulk input: a generated crawl of 2,000
//! pages in a WARC.gz, 100 of them about Treasury holdings, ingested by the
//! release binary (gate on, as by default), against an archive of those
//! 100 pages alone, in the same run, and the crawl with `--all` (no gate).
//! Prints the CPU time (user + system) of each ingest, the best of three,
//! and the ratio; the target is at most 3x.
//! CPU rather than wall time, because the machine is shared.
//!
//! `cargo bench --bench archive` (RECORDS=... and EVERY=... to vary it).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "support/cpu.rs"]
mod cpu;
#[path = "../tests/e2e/warc_gen.rs"]
mod warc_gen;

fn main() {
    let records: usize = std::env::var("RECORDS").ok().and_then(|n| n.parse().ok()).unwrap_or(2000);
    let every: usize = std::env::var("EVERY").ok().and_then(|n| n.parse().ok()).unwrap_or(20);
    let dir = tempfile::tempdir().expect("temp dir");
    let crawl: Vec<(String, String)> = (0..records).map(|n| warc_gen::crawl_page(n, every)).collect();
    let relevant: Vec<(String, String)> = crawl.iter().filter(|(url, _)| url.contains("/markets/")).cloned().collect();
    warc_gen::write_archive(&dir.path().join("crawl.warc.gz"), &crawl);
    warc_gen::write_archive(&dir.path().join("relevant.warc.gz"), &relevant);
    println!("{records} records, {} about Treasury holdings; best of 3 runs each", relevant.len());

    let best = |archive: &str, all: bool, expect_articles: usize| {
        (0..3)
            .map(|round| ingest(dir.path(), archive, all, &format!("{archive}-{all}-{round}.db"), expect_articles))
            .min_by_key(|(cpu, _)| *cpu)
            .expect("three runs")
    };
    let (alone_cpu, alone_wall) = best("relevant.warc.gz", false, relevant.len());
    let (crawl_cpu, crawl_wall) = best("crawl.warc.gz", false, relevant.len());
    let (all_cpu, all_wall) = best("crawl.warc.gz", true, records);
    let line = |label: &str, n: usize, cpu: Duration, wall: Duration| {
        println!("{label:>28}: CPU {:>7.3} s ({:.2} ms/record), wall {:.2} s", cpu.as_secs_f64(), cpu.as_secs_f64() * 1000.0 / n as f64, wall.as_secs_f64());
    };
    line("the relevant records alone", relevant.len(), alone_cpu, alone_wall);
    line("the whole crawl", records, crawl_cpu, crawl_wall);
    line("the whole crawl, --all", records, all_cpu, all_wall);
    let ratio = crawl_cpu.as_secs_f64() / alone_cpu.as_secs_f64();
    println!("cost ratio, crawl / relevant alone: {ratio:.2}x (target <= 3x): {}", if ratio <= 3.0 { "met" } else { "NOT met" });
}

/// One ingest of `archive` into a fresh database (every page analysed
/// with `all`): its CPU and wall time. Checks the number of articles.
fn ingest(dir: &Path, archive: &str, all: bool, db: &str, expect_articles: usize) -> (Duration, Duration) {
    let before = cpu::children_cpu();
    let started = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_claimscope"))
        .args(["ingest", archive, "--db", db, "--quiet"])
        .args(all.then_some("--all"))
        .env("CLAIMSCOPE_TONE", "lexicon")
        .current_dir(dir)
        .stdout(Stdio::null())
        .status()
        .expect("run claimscope");
    let wall = started.elapsed();
    assert!(status.success(), "ingest of {archive} failed");
    let articles: i64 = rusqlite::Connection::open(dir.join(db))
        .and_then(|c| c.query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0)))
        .expect("count articles");
    assert_eq!(articles, expect_articles as i64, "{archive}: the gate (or --all) let through what it should");
    (cpu::children_cpu() - before, wall)
}
