//! Workers sharing a PostgreSQL queue, against one worker and against
//! SQLite, over the same loopback pages: pages per second of one and two
//! workers on PostgreSQL and of one on SQLite, the two-to-one ratio and the
//! PostgreSQL-to-SQLite ratio, all from one run on one machine.
//!
//! `cargo bench --bench workers` (PAGES=1200 by default, over SITES=4
//! loopback sites; CLAIM sets the workers' `--claim`). Each worker runs the release binary with one analysis
//! thread and the lexicon tone, so N workers use N analysis threads, as N
//! machines would. The server is the one named by CLAIMSCOPE_TEST_PG, else a
//! throwaway cluster started here with scripts/pg-cluster and stopped at the
//! end. Each measurement gets a fresh database, with durable commits
//! (`synchronous_commit = on`) whatever the server's setting.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

#[path = "support/corpus.rs"]
mod corpus;
#[path = "../tests/support/loopback.rs"]
mod loopback;

fn main() {
    let pages: usize = env_number("PAGES", 1200);
    let sites: usize = env_number("SITES", 4);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let templates = Arc::new(corpus::corpus_pages());
    let bases: Vec<String> = (0..sites).map(|_| serve(Arc::clone(&templates))).collect();
    // Interleaved, as a crawl list of several sites is.
    let urls: Vec<String> = (0..pages).map(|n| format!("{}/page/{n}", bases[n % sites])).collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let list = dir.path().join("urls.txt");
    std::fs::write(&list, urls.join("\n")).expect("url list");
    let list = list.to_str().expect("path");

    let server = Server::start(root, dir.path());
    let cores = thread::available_parallelism().map_or(0, |n| n.get());
    println!("{pages} pages from {} corpus templates on {sites} loopback sites, {cores} cores, tone: lexicon, one analysis thread per worker", templates.len());
    let sqlite = dir.path().join("one.db");
    let lite = run(dir.path(), list, &[sqlite.to_str().expect("path")]);
    report("SQLite, 1 worker", pages, lite);
    let one = server.database("bench_one");
    let pg1 = run(dir.path(), list, &[&one]);
    report("PostgreSQL, 1 worker", pages, pg1);
    let two = server.database("bench_two");
    let pg2 = run(dir.path(), list, &[&two, &two]);
    report("PostgreSQL, 2 workers", pages, pg2);
    for db in [&one, &two] {
        let stored = server.stored(db);
        assert_eq!(stored, pages as i64, "{db}: every page stored once");
    }
    println!("2 workers / 1 worker on PostgreSQL: {:.2}x pages/s", pg1.as_secs_f64() / pg2.as_secs_f64());
    println!("1 PostgreSQL worker / 1 SQLite worker: {:.2}x pages/s", lite.as_secs_f64() / pg1.as_secs_f64());
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

/// Runs one worker per database given, all at once on the same list, and
/// returns the wall time until the last one ends.
fn run(dir: &Path, list: &str, dbs: &[&str]) -> Duration {
    let started = Instant::now();
    let children: Vec<_> = dbs
        .iter()
        .map(|db| {
            Command::new(env!("CARGO_BIN_EXE_claimscope"))
                .args(["ingest", list, "--db", db, "--quiet", "--analysis-threads", "1", "--tone", "lexicon"])
                .args(["--concurrency", "8", "--per-host", "2", "--host-delay-ms", "0"])
                .args(std::env::var("CLAIM").map(|n| vec!["--claim".to_string(), n]).unwrap_or_default())
                .current_dir(dir)
                .stdout(Stdio::null())
                .spawn()
                .expect("spawn claimscope")
        })
        .collect();
    for mut child in children {
        assert!(child.wait().expect("wait").success(), "a worker failed");
    }
    started.elapsed()
}

fn report(label: &str, pages: usize, elapsed: Duration) {
    println!("{label:>22}: {:>7.1} pages/s ({:.1} s)", pages as f64 / elapsed.as_secs_f64(), elapsed.as_secs_f64());
}

/// A loopback site serving copy N of the corpus at /page/N (and 404
/// elsewhere, robots.txt included); one thread per connection.
fn serve(templates: Arc<Vec<Vec<u8>>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let site = base.clone();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (templates, site) = (Arc::clone(&templates), site.clone());
            thread::spawn(move || answer(stream, &templates, &site));
        }
    });
    base
}

fn answer(stream: TcpStream, templates: &[Vec<u8>], site: &str) {
    let _ = stream.set_nodelay(true);
    let Some(path) = loopback::request_path(&stream) else { return };
    match path.strip_prefix("/page/").and_then(|n| n.parse::<usize>().ok()) {
        Some(n) => loopback::respond(&stream, "200 OK", &copy(templates, n, site)),
        None => loopback::respond(&stream, "404 Not Found", b""),
    }
}

/// Copy `n` of the corpus: its sentences carry the copy number, so no copy
/// duplicates another by content and no sentence repeats across copies.
fn copy(templates: &[Vec<u8>], n: usize, site: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(&templates[n % templates.len()]).into_owned();
    let tag = format!(" ({n}). ");
    let mut body = text.replace(". ", &tag).into_bytes();
    body.extend(format!("\n<!-- {site} -->\n").as_bytes());
    body
}

/// The PostgreSQL server the bench uses, and the cluster it started (if any).
struct Server {
    admin: String,
    cluster: Option<(std::path::PathBuf, std::path::PathBuf)>,
}

impl Server {
    fn start(root: &Path, tmp: &Path) -> Server {
        if let Some(admin) = std::env::var("CLAIMSCOPE_TEST_PG").ok().filter(|u| !u.is_empty()) {
            return Server { admin, cluster: None };
        }
        let script = root.join("scripts/pg-cluster");
        let data = tmp.join("pg");
        let out = Command::new(&script).arg("start").arg(&data).output().expect("run scripts/pg-cluster");
        assert!(
            out.status.success(),
            "no PostgreSQL for the bench: set CLAIMSCOPE_TEST_PG, or install postgresql: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let admin = String::from_utf8(out.stdout).expect("URL").trim().to_string();
        Server { admin, cluster: Some((script, data)) }
    }

    /// A fresh, empty database; its URL.
    fn database(&self, name: &str) -> String {
        let mut client = postgres::Client::connect(&self.admin, postgres::NoTls).expect("connect");
        client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).expect("drop");
        client.batch_execute(&format!("CREATE DATABASE {name}")).expect("create");
        // Durable commits, as a server's default is: the throwaway cluster
        // turns them off for the tests' speed, which would flatter the figures.
        client.batch_execute(&format!("ALTER DATABASE {name} SET synchronous_commit = on")).expect("synchronous_commit");
        let (server, _) = self.admin.rsplit_once('/').expect("a postgres:// URL");
        format!("{server}/{name}")
    }

    fn stored(&self, db: &str) -> i64 {
        let mut client = postgres::Client::connect(db, postgres::NoTls).expect("connect");
        client.query_one("SELECT count(*) FROM articles", &[]).expect("count").get(0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some((script, data)) = &self.cluster {
            let _ = Command::new(script).arg("stop").arg(data).status();
        }
    }
}
