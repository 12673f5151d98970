//! Workers sharing one PostgreSQL queue: the real binary, several at once,
//! on a real server (the throwaway cluster `scripts/test` starts) and real
//! loopback sites; one worker SIGKILLed mid-run and started again.

use std::collections::HashMap;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::util::{corpus, warc_of, Dir};

#[path = "../support/loopback.rs"]
mod loopback;

/// A fresh database on the test server, dropped when the test ends; `None`
/// (after saying why, past the harness's capture) when there is no server.
struct PgDatabase {
    admin: String,
    name: String,
    url: String,
}

impl PgDatabase {
    fn new(test: &str) -> Option<PgDatabase> {
        let Some(admin) = std::env::var("CLAIMSCOPE_TEST_PG").ok().filter(|u| !u.is_empty()) else {
            let why = std::env::var("CLAIMSCOPE_TEST_PG_SKIP")
                .unwrap_or_else(|_| "CLAIMSCOPE_TEST_PG is not set (scripts/test starts a server and sets it)".into());
            let _ = writeln!(std::io::stderr(), "SKIPPED: {test}: {why}");
            return None;
        };
        let name = format!("claimscope_e2e_{}_{test}", std::process::id());
        let mut client = postgres::Client::connect(&admin, postgres::NoTls).expect("connect to CLAIMSCOPE_TEST_PG");
        client.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).unwrap();
        client.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        let url = match admin.rsplit_once('/') {
            Some((server, _)) => format!("{server}/{name}"),
            None => panic!("CLAIMSCOPE_TEST_PG={admin}: not a postgres:// URL"),
        };
        Some(PgDatabase { admin, name, url })
    }

    fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).expect("connect to the test database")
    }

    fn count(&self, sql: &str) -> i64 {
        self.client().query_one(sql, &[]).unwrap().get(0)
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}

/// A loopback site serving distinct copies of the corpus at /page/N, each
/// answer delayed so a run lasts long enough to kill a worker in it. It
/// keeps the most requests it ever had in flight at once.
struct Site {
    base: String,
    most: Arc<AtomicUsize>,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl Site {
    fn start(delay: Duration) -> Site {
        let pages: Arc<Vec<Vec<u8>>> = Arc::new(corpus().iter().map(|(_, html, _)| std::fs::read(html).unwrap()).collect());
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (in_flight, most, hits) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)), Arc::default());
        let site_tag = base.clone();
        let site = Site { base, most: Arc::clone(&most), hits: Arc::clone(&hits) };
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (pages, in_flight, most, hits) = (Arc::clone(&pages), Arc::clone(&in_flight), Arc::clone(&most), Arc::clone(&hits));
                let tag = site_tag.clone();
                thread::spawn(move || {
                    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    // Out of flight before the answer is written: once the
                    // client has it, it may rightly start its next request
                    // while this thread has not yet counted this one done.
                    serve(stream, &pages, &tag, delay, &hits, || {
                        in_flight.fetch_sub(1, Ordering::SeqCst);
                    });
                });
            }
        });
        site
    }

    fn urls(&self, n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{}/page/{i}", self.base)).collect()
    }
}

/// Answers one request; `answered` runs just before the answer is written.
fn serve(
    stream: TcpStream,
    pages: &[Vec<u8>],
    site: &str,
    delay: Duration,
    hits: &Mutex<HashMap<String, usize>>,
    answered: impl FnOnce(),
) {
    let Some(path) = loopback::request_path(&stream) else { return answered() };
    *hits.lock().unwrap().entry(path.clone()).or_default() += 1;
    match path.strip_prefix("/page/").and_then(|n| n.parse::<usize>().ok()) {
        Some(n) => {
            thread::sleep(delay);
            // A comment makes each copy's body unique, across sites too,
            // without changing its text.
            let mut body = pages[n % pages.len()].clone();
            body.extend_from_slice(format!("\n<!-- {site} copy {n} -->\n").as_bytes());
            answered();
            loopback::respond(&stream, "200 OK", &body);
        }
        None => {
            answered();
            loopback::respond(&stream, "404 Not Found", b"");
        }
    }
}

/// Politeness as a fleet keeps it: two requests at a time per site, no
/// delay between them (the test is about sharing, not waiting). The lexicon
/// tone, as the SQLite run it is compared with: the transformer's scores
/// move in the last digits with how pages happen to be batched. Leases of
/// a few seconds: a killed worker's sources wait that long, and a live
/// worker's heartbeat (every third of it) still renews them on a loaded
/// machine; a lease that lapsed would hand a live worker's site to another.
const WORKER: [&str; 14] = [
    "--quiet", "--per-host", "2", "--concurrency", "6", "--host-delay-ms", "0", "--analysis-threads", "1",
    "--tone", "lexicon", "--lease-secs", "6", "--claim",
];

/// Sources a worker claims at once.
const CLAIM: i64 = 12;

fn worker(dir: &Dir, list: &Path, db: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_claimscope"))
        .args(["ingest", list.to_str().unwrap(), "--db", db])
        .args(WORKER)
        .arg(CLAIM.to_string())
        .current_dir(dir.tmp.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn a worker")
}

fn finish(child: Child) {
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "a worker failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// The claims as `claims --format csv` prints them, without the row ids
/// (which depend on the order pages were stored in), sorted.
fn claims_csv(dir: &Dir, db: &str) -> Vec<String> {
    let csv = dir.ok(&["claims", "--db", db, "--format", "csv"]);
    let mut rows: Vec<String> = csv.lines().skip(1).map(|l| l.split_once(',').map_or(l, |(_, rest)| rest).to_string()).collect();
    rows.sort();
    rows
}

#[test]
fn two_workers_one_killed_and_restarted_store_every_source_once_with_the_claims_of_one_sqlite_run() {
    const PER_SITE: usize = 40;
    let Some(pg) = PgDatabase::new("fleet_kill") else { return };
    let dir = Dir::new();
    let sites: Vec<Site> = (0..3).map(|_| Site::start(Duration::from_millis(30))).collect();
    // Interleaved, as a crawl list of several sites is.
    let urls: Vec<String> = (0..PER_SITE).flat_map(|i| sites.iter().map(move |s| s.urls(PER_SITE)[i].clone())).collect();
    let list = dir.write("urls.txt", urls.join("\n"));
    let total = urls.len() as i64;

    // 0 until a worker has made the schema.
    let stored = || {
        pg.client().query_one("SELECT count(*) FROM sources WHERE state = 'stored'", &[]).map_or(0, |r| r.get::<_, i64>(0))
    };
    // Sources a worker holds a live lease on, unfinished.
    let held = |pid: u32| {
        pg.client()
            .query_one(
                "SELECT count(*) FROM sources AS s JOIN workers AS w ON w.id = s.lease_owner
                 WHERE w.pid = $1 AND s.state IN ('pending', 'fetched') AND w.lease_until >= now()",
                &[&i64::from(pid)],
            )
            .map_or(0, |r| r.get::<_, i64>(0))
    };
    let deadline = Instant::now() + Duration::from_secs(180);
    let wait_for = |done: &dyn Fn() -> bool| {
        while !done() && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(10));
        }
    };
    // The second starts once the first works, so both have work when the
    // first is killed: mid-run, holding leases, its sources wait for them
    // to run out.
    let mut first = worker(&dir, &list, &pg.url);
    wait_for(&|| held(first.id()) > 0);
    let second = worker(&dir, &list, &pg.url);
    wait_for(&|| stored() >= 20 && held(first.id()) > 0);
    let held_before_kill = held(first.id());
    let killed = first.id();
    first.kill().unwrap(); // SIGKILL
    first.wait().unwrap();
    let before = stored();
    assert!((20..total).contains(&before), "killed mid-run, {before} of {total} stored");
    let restarted = worker(&dir, &list, &pg.url);
    finish(second);
    finish(restarted);

    // Every source stored exactly once.
    assert_eq!(pg.count("SELECT count(*) FROM sources"), total);
    let unstored: Vec<String> = pg
        .client()
        .query("SELECT key || ' ' || state || ' ' || coalesce(last_error, '') FROM sources WHERE state <> 'stored'", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(unstored.is_empty(), "after the restart: {unstored:?}");
    assert_eq!(pg.count("SELECT count(*) FROM pages"), total);
    assert_eq!(pg.count("SELECT count(*) FROM articles"), total);
    assert_eq!(pg.count("SELECT count(DISTINCT page_id) FROM articles"), total);
    for (table, key) in [
        ("claims", "article_id, holder, kind, start_byte, end_byte"),
        ("sentence_tone", "article_id, start_byte, end_byte"),
    ] {
        let duplicates = pg.count(&format!("SELECT count(*) FROM (SELECT 1 FROM {table} GROUP BY {key} HAVING count(*) > 1) AS d"));
        assert_eq!(duplicates, 0, "duplicate rows in {table}");
    }
    assert_eq!(pg.count("SELECT count(*) FROM sources WHERE lease_owner IS NOT NULL"), 0, "no lease outlives the run");

    // Three workers ran; the two that finished say so, the killed one does not.
    let workers: Vec<(bool, bool, i64)> = pg
        .client()
        .query("SELECT pid = $1, stopped_at IS NOT NULL, stored FROM workers ORDER BY pid = $1 DESC", &[&i64::from(killed)])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    assert_eq!(workers.iter().map(|w| (w.0, w.1)).collect::<Vec<_>>(), [(true, false), (false, true), (false, true)], "{workers:?}");
    // A worker reports its share after each claimed batch: the killed one
    // stored part of a batch it never reported.
    let shares: i64 = workers.iter().map(|w| w.2).sum();
    assert!((total - CLAIM..=total).contains(&shares), "the workers' shares: {workers:?}");
    let status = dir.ok(&["status", "--db", &pg.url]);
    assert!(status.contains(&format!("{total} stored")) && status.contains("0 pending"), "{status}");
    assert!(held_before_kill > 0, "the killed worker held leases");

    // Politeness across the fleet: never more than one worker's per-site limit at a site.
    for site in &sites {
        let most = site.most.load(Ordering::SeqCst);
        assert!((1..=2).contains(&most), "{}: {most} requests at once", site.base);
        let hits = site.hits.lock().unwrap();
        let pages = hits.keys().filter(|path| path.starts_with("/page/")).count();
        assert_eq!(pages, PER_SITE, "{}: every page fetched", site.base);
    }

    // One worker on SQLite, uninterrupted, over the same pages: the same
    // claims (row ids aside: they follow the order pages were stored in)
    // and the same rhetoric.
    let lite = dir.path("one.db");
    let lite = lite.to_str().unwrap();
    dir.ok(&["ingest", list.to_str().unwrap(), "--db", lite, "--quiet", "--per-host", "2", "--host-delay-ms", "0", "--tone", "lexicon"]);
    let claims = claims_csv(&dir, lite);
    assert!(claims.len() > total as usize, "{} claims", claims.len());
    assert_eq!(claims_csv(&dir, &pg.url), claims);
    assert_eq!(dir.ok(&["rhetoric", "--db", &pg.url]), dir.ok(&["rhetoric", "--db", lite]));
}

/// An archive of distinct copies of the corpus pages, as a crawler writes
/// one: read in record order, so one analysis thread stores its pages in
/// the same order on any engine.
fn corpus_archive(dir: &Dir, copies: usize) -> std::path::PathBuf {
    let pages: Vec<Vec<u8>> = corpus().iter().map(|(_, html, _)| std::fs::read(html).unwrap()).collect();
    let copies = (0..copies * pages.len()).map(|n| {
        let mut html = pages[n % pages.len()].clone();
        html.extend(format!("\n<!-- copy {n} -->\n").as_bytes());
        (format!("https://archive.example/{n}"), html)
    });
    dir.write("crawl.warc", warc_of(copies))
}

/// The same pages stored in the same order read the same on either engine,
/// byte for byte, row ids included.
#[test]
fn claims_rhetoric_and_the_report_read_the_same_on_either_engine() {
    let Some(pg) = PgDatabase::new("same_output") else { return };
    let dir = Dir::new();
    let archive = corpus_archive(&dir, 2);
    let lite = dir.path("same.db");
    let lite = lite.to_str().unwrap();
    for db in [lite, &pg.url] {
        // --all: every corpus page, those the relevance gate would pass over too.
        // --tone lexicon: the transformer's scores move in the last digits
        // with how pages are batched, which differs between the two runs;
        // this test is about the engines, not the tone model.
        dir.ok(&["ingest", archive.to_str().unwrap(), "--all", "--db", db, "--quiet", "--analysis-threads", "1", "--tone", "lexicon"]);
    }
    assert_eq!(pg.count("SELECT count(*) FROM articles"), 2 * corpus().len() as i64);
    assert_eq!(pg.count("SELECT count(*) FROM sources WHERE key LIKE 'file://%' AND state = 'stored'"), 1, "the archive is one job, done");
    for query in [
        &["claims"][..],
        &["claims", "--format", "json"],
        &["claims", "--format", "csv", "--holder", "China", "--from", "2025-06-01"],
        &["claims", "--format", "csv", "--verdict", "inconsistent", "--kind", "level"],
        &["claims", "--format", "csv", "--search", "lowest since"],
        &["rhetoric"],
        &["rhetoric", "--format", "json", "--holder", "Japan"],
    ] {
        let on = |db: &str| dir.ok(&[query, &["--db", db]].concat());
        let expected = on(lite);
        assert!(expected.lines().count() > 2, "{query:?} on SQLite: {expected}");
        assert_eq!(on(&pg.url), expected, "{query:?}");
    }
    dir.ok(&["report", "--db", &pg.url, "--out", "pg.html"]);
    dir.ok(&["report", "--db", lite, "--out", "lite.html"]);
    let (pg_html, lite_html) = (std::fs::read_to_string(dir.path("pg.html")).unwrap(), std::fs::read_to_string(dir.path("lite.html")).unwrap());
    assert!(lite_html.len() > 10_000, "{} bytes", lite_html.len());
    assert!(pg_html == lite_html, "the reports differ");
}

#[test]
fn enqueue_fills_the_queue_for_workers_started_without_inputs() {
    let Some(pg) = PgDatabase::new("fleet_enqueue") else { return };
    let dir = Dir::new();
    let site = Site::start(Duration::ZERO);
    let list = dir.write("urls.txt", site.urls(20).join("\n"));
    let out = dir.ok(&["enqueue", list.to_str().unwrap(), "--db", &pg.url]);
    assert!(out.contains("20 queued"), "{out}");
    assert_eq!(pg.count("SELECT count(*) FROM sources WHERE state = 'pending'"), 20);
    assert!(site.hits.lock().unwrap().is_empty(), "enqueue fetches nothing");
    let status = dir.ok(&["status", "--db", &pg.url]);
    assert!(status.contains("20 pending") && status.contains("no workers"), "{status}");

    let out = dir.json(&["ingest", "--db", &pg.url, "--json", "--host-delay-ms", "0"]);
    assert_eq!(out["run"]["stored"], 20, "{out}");
    assert_eq!(pg.count("SELECT count(*) FROM articles"), 20);
    // Nothing is left to do: a second worker stores nothing and ends.
    let again = dir.json(&["ingest", "--db", &pg.url, "--json"]);
    assert_eq!(again["run"]["stored"], 0, "{again}");
    let status = dir.json(&["status", "--db", &pg.url, "--format", "json"]);
    let workers = status["workers"].as_array().unwrap();
    assert_eq!(workers.len(), 2);
    assert!(workers.iter().all(|w| w["active"] == false && w["leases"] == 0), "{status}");

    // A SQLite file has no shared queue to work without inputs.
    let lite = dir.path("x.db");
    let out = dir.run(&["ingest", "--db", lite.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("give at least one INPUT"));
}
