//! End-to-end ingest throughput: 10,000 pages generated from the corpus
//! templates, served on loopback, ingested by the release binary into a
//! fresh database. Prints pages/s, the binary's CPU time per page and its
//! peak RSS, then the same pages read from local files, so the gap shows
//! what HTTP costs beside analysis and storage. CPU per page is the figure
//! to compare on a shared machine, where wall time depends on the
//! neighbours.
//!
//! `cargo bench --bench ingest` (PAGES=2000 for a quicker run) measures
//! the lexicon tone. `cargo bench --features transformer --bench ingest`
//! measures the same with the lexicon (`--tone lexicon`) and then
//! TONE_PAGES (default 500) pages over HTTP with the transformer tone,
//! all in one run. One site serves everything, so politeness is set as for
//! many sites: 8 requests at once and no per-site delay.
//!
//! Then the cost of tone, in the same binary and run: COST_PAGES (default
//! 400) of those pages as local files, extracted (`claimscope article`)
//! and ingested with the lexicon and with the transformer tone (through
//! its worker, model loading included), as wall and CPU time, each ingest
//! against the extraction. `ONLY=cost` runs that part alone.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/cpu.rs"]
mod cpu;
use cpu::children_cpu;

fn main() {
    let pages: usize = std::env::var("PAGES").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let templates = Arc::new(corpus::corpus_pages());

    let listener = no_delay_listener();
    let base = format!("http://{}", listener.local_addr().expect("loopback address"));
    serve(listener, Arc::clone(&templates));

    let dir = tempfile::tempdir().expect("temp dir");
    if std::env::var("ONLY").is_ok_and(|only| only == "cost") {
        return tone_cost(dir.path(), &templates);
    }
    let list = dir.path().join("urls.txt");
    let urls: Vec<String> = (0..pages).map(|n| format!("{base}/page/{n}")).collect();
    std::fs::write(&list, urls.join("\n")).expect("url list");
    let files = dir.path().join("files");
    std::fs::create_dir(&files).expect("files dir");
    for n in 0..pages {
        std::fs::write(files.join(format!("{n:05}.html")), copy(&templates, n)).expect("page file");
    }

    let cores = thread::available_parallelism().map_or(0, |n| n.get());
    println!("{pages} pages from {} corpus templates, {cores} cores, tone: lexicon", templates.len());
    let list = list.to_str().expect("path");
    let http = run(dir.path(), list, "http.db", "lexicon");
    report("over loopback HTTP", pages, http);
    let local = run(dir.path(), files.to_str().expect("path"), "files.db", "lexicon");
    report("from local files", pages, local);

    if cfg!(feature = "transformer") {
        let tone_pages: usize =
            std::env::var("TONE_PAGES").ok().and_then(|n| n.parse().ok()).unwrap_or(500).min(pages);
        let tone_list = dir.path().join("tone-urls.txt");
        std::fs::write(&tone_list, urls[..tone_pages].join("\n")).expect("url list");
        println!("{tone_pages} of those pages, tone: transformer");
        let tone = run(dir.path(), tone_list.to_str().expect("path"), "tone.db", "transformer");
        report("over loopback HTTP", tone_pages, tone);
    }
    tone_cost(dir.path(), &templates);
}

/// What tone costs beside extraction, on COST_PAGES pages from local
/// files: `article` extracts them (one thread), `ingest` extracts, tags,
/// scores and stores them (a thread per core), with each tone model this
/// build has.
fn tone_cost(dir: &Path, templates: &[Vec<u8>]) {
    let pages: usize = std::env::var("COST_PAGES").ok().and_then(|n| n.parse().ok()).unwrap_or(400);
    let files = dir.join("cost");
    std::fs::create_dir(&files).expect("cost dir");
    for n in 0..pages {
        std::fs::write(files.join(format!("{n:05}.html")), copy(templates, n)).expect("page file");
    }
    let files = files.to_str().expect("path");
    println!("tone cost: {pages} pages from local files, the same binary");
    let extract = measure(dir, &["article", files, "--format", "jsonl"]);
    report("extraction (article)", pages, extract.clone());
    let mut tones = vec!["lexicon"];
    if cfg!(feature = "transformer") {
        tones.push("transformer");
    }
    for tone in tones {
        let db = format!("cost-{tone}.db");
        let ingest = measure(dir, &["ingest", files, "--db", &db, "--quiet", "--tone", tone]);
        println!(
            "{:>20}: {:.1} s, CPU {:.1} s: {:.2}x extraction's wall time, {:.2}x its CPU time, peak RSS {:.0} MiB",
            format!("ingest, {tone}"),
            ingest.elapsed.as_secs_f64(),
            ingest.cpu.as_secs_f64(),
            ingest.elapsed.as_secs_f64() / extract.elapsed.as_secs_f64(),
            ingest.cpu.as_secs_f64() / extract.cpu.as_secs_f64(),
            ingest.peak_kib as f64 / 1024.0
        );
    }
}

/// A loopback listener whose connections send without Nagle's delay, as
/// production web servers do (nginx's `tcp_nodelay on`). The tiny_http
/// server this bench used before wrote each response in two parts, and on
/// a kept-alive connection the second waited for the client's delayed ACK,
/// 40 ms per page, which capped 8 connections at about 180 pages/s whatever
/// the ingest did. Linux passes the option on to accepted sockets.
fn no_delay_listener() -> TcpListener {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let on: libc::c_int = 1;
    // SAFETY: a valid socket and an int option of the size given.
    let set = unsafe {
        libc::setsockopt(
            listener.as_raw_fd(),
            libc::IPPROTO_TCP,
            libc::TCP_NODELAY,
            (&on as *const libc::c_int).cast(),
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    assert_eq!(set, 0, "TCP_NODELAY on the loopback listener");
    listener
}

/// Serves copy N of the corpus at `/page/N` (404 elsewhere, robots.txt
/// included) with HTTP/1.1 keep-alive, a thread per connection, until the
/// bench exits. Not tiny_http: its pool (0.12) hands a new connection to a
/// thread it counts as idle, and a burst of connections at the start of a
/// run finds that count stale, so a kept-alive connection or two waited
/// unserved until the ingest's 30 s timeout and retry. That was the 30 s
/// stall of one run in two (3,000 pages: 31 s instead of 10).
fn serve(listener: TcpListener, templates: Arc<Vec<Vec<u8>>>) {
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let templates = Arc::clone(&templates);
            thread::spawn(move || keep_alive(stream, &templates));
        }
    });
}

/// Answers the requests of one connection in turn until the client closes
/// it (or it breaks: the bench is over).
fn keep_alive(stream: TcpStream, templates: &[Vec<u8>]) {
    let Ok(mut reader) = stream.try_clone().map(BufReader::new) else { return };
    let mut out = stream;
    let mut line = String::new();
    loop {
        line.clear();
        if !reader.read_line(&mut line).is_ok_and(|n| n > 0) {
            return;
        }
        let n: Option<usize> =
            line.split_whitespace().nth(1).and_then(|path| path.strip_prefix("/page/")).and_then(|n| n.parse().ok());
        // The headers, to the blank line; a GET has no body.
        let mut header = String::new();
        while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
            header.clear();
        }
        let (status, body) = match n {
            Some(n) => ("200 OK", copy(templates, n)),
            None => ("404 Not Found", Vec::new()),
        };
        let mut response = format!(
            "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        response.extend_from_slice(&body);
        if out.write_all(&response).is_err() {
            return;
        }
    }
}

/// Copy `n` of the corpus: a template whose sentences each carry the copy
/// number, so no copy is a duplicate of another by content and no sentence
/// repeats across copies. Real news repeats few sentences; identical copies
/// would let the tone stage's sentence cache answer nearly every sentence
/// and make the transformer figure meaningless.
fn copy(templates: &[Vec<u8>], n: usize) -> Vec<u8> {
    let text = String::from_utf8_lossy(&templates[n % templates.len()]).into_owned();
    text.replace(". ", &format!(" ({n}). ")).replace(".</p>", &format!(" ({n}).</p>")).into_bytes()
}

/// One run's wall time, CPU time (user + system) and peak RSS in KiB.
#[derive(Clone)]
struct Measured {
    elapsed: Duration,
    cpu: Duration,
    peak_kib: u64,
}

/// Runs one ingest with the tone model given (`--tone`; `transformer`
/// only in a `transformer` build).
fn run(dir: &Path, input: &str, db: &str, tone: &str) -> Measured {
    let politeness = ["--concurrency", "8", "--per-host", "8", "--host-delay-ms", "0"];
    measure(dir, &[&["ingest", input, "--db", db, "--quiet", "--tone", tone][..], &politeness].concat())
}

/// Runs `claimscope ARGS` in `dir`, output discarded, and measures it (its
/// tone worker, a child it waits for, included in the CPU time).
fn measure(dir: &Path, args: &[&str]) -> Measured {
    let cpu_before = children_cpu();
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimscope"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn claimscope");
    let pid = child.id();
    // The peak of claimscope and of each child it started (the tone
    // worker), summed: together they hold that much at their peaks.
    let mut peaks: std::collections::HashMap<u32, u64> = std::collections::HashMap::new();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "claimscope {args:?} failed");
            break;
        }
        let children = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
        for p in std::iter::once(pid).chain(children.split_whitespace().filter_map(|p| p.parse().ok())) {
            let peak = peaks.entry(p).or_default();
            *peak = (*peak).max(high_water_kib(p));
        }
        thread::sleep(Duration::from_millis(20));
    }
    Measured { elapsed: started.elapsed(), cpu: children_cpu() - cpu_before, peak_kib: peaks.values().sum() }
}

/// A process's VmHWM, its own high-water mark, so sampling it misses
/// nothing but the last few milliseconds; 0 once it is gone.
fn high_water_kib(pid: u32) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    text.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|kib| kib.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn report(label: &str, pages: usize, m: Measured) {
    println!(
        "{label:>20}: {:>7.1} pages/s ({:.1} s), CPU {:.2} ms/page, peak RSS {:.0} MiB",
        pages as f64 / m.elapsed.as_secs_f64(),
        m.elapsed.as_secs_f64(),
        m.cpu.as_secs_f64() * 1000.0 / pages as f64,
        m.peak_kib as f64 / 1024.0
    );
}
