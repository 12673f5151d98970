//! Helpers shared by the end-to-end tests: a temporary directory per test,
//! the binary under test, and a loopback HTTP server.



use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::thread;

/// The repository root (where `corpus/` and `Cargo.toml` are).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/` beside the repository, where CI and developers keep the
/// read-only test material.
fn shared() -> PathBuf {
    root().join("../shared")
}

/// A file of `../shared/` (`rel` below it), read whole. A test that needs
/// one fails when it is missing rather than passing without checking.
pub fn shared_file(rel: &str) -> (PathBuf, Vec<u8>) {
    let path = shared().join(rel);
    match std::fs::read(&path) {
        Ok(bytes) => (path, bytes),
        Err(e) => panic!("{}: {e}; this test reads the shared test material beside the checkout", path.display()),
    }
}

/// A directory of `../shared/` (`rel` below it). A test that needs one
/// fails when it is missing rather than passing without checking.
pub fn shared_dir(rel: &str) -> PathBuf {
    let path = shared().join(rel);
    assert!(path.is_dir(), "{}: missing; this test reads the shared test material beside the checkout", path.display());
    path
}

/// A test's own temporary directory and a way to run the binary in it.
pub struct Dir {
    pub tmp: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        Dir { tmp: tempfile::tempdir().expect("temp dir") }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, contents).expect("write test file");
        p
    }

    /// Runs `claimscope ARGS` in this directory.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with_stdin(args, None)
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: Option<&[u8]>) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_claimscope"));
        cmd.args(args).current_dir(self.tmp.path());
        cmd.stdin(if stdin.is_some() { std::process::Stdio::piped() } else { std::process::Stdio::null() });
        cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().expect("spawn claimscope");
        if let Some(input) = stdin {
            child.stdin.take().expect("stdin").write_all(input).expect("write stdin");
        }
        child.wait_with_output().expect("wait for claimscope")
    }

    /// Runs and requires success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "claimscope {args:?} failed with {:?}\nstdout:\n{}\nstderr:\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    /// Runs and parses stdout as JSON.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let s = self.ok(args);
        serde_json::from_str(&s).unwrap_or_else(|e| panic!("claimscope {args:?}: not JSON ({e}):\n{s}"))
    }
}

/// A canned response the loopback server sends for a path.
#[derive(Clone)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

/// A real HTTP/1.1 server on 127.0.0.1 serving fixed replies by path;
/// unknown paths get 404. One thread per connection and `Connection: close`,
/// so any number of concurrent fetches are served at once. It stops when the
/// test process ends.
pub struct Server {
    pub base: String,
}

impl Server {
    pub fn start(routes: Vec<(String, Reply)>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let addr = listener.local_addr().expect("local address");
        let routes: Arc<HashMap<String, Reply>> = Arc::new(routes.into_iter().collect());
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let routes = Arc::clone(&routes);
                thread::spawn(move || serve(stream, &routes));
            }
        });
        Server { base: format!("http://{addr}") }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// Answers one request on `stream` from `routes`.
fn serve(stream: TcpStream, routes: &HashMap<String, Reply>) {
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Drain the headers; the replies do not depend on them.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let not_found = Reply { status: 404, content_type: "text/html", body: b"<html><body>not found</body></html>".to_vec() };
    let reply = routes.get(path).unwrap_or(&not_found);
    let reason = match reply.status {
        200 => "OK",
        404 => "Not Found",
        _ => "Status",
    };
    let head = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        reply.status,
        reply.content_type,
        reply.body.len()
    );
    let mut out = &stream;
    let _ = out.write_all(head.as_bytes()).and_then(|()| out.write_all(&reply.body));
}

/// Every corpus article: (file stem, path of the .html, path of the
/// .expected.json).
pub fn corpus() -> Vec<(String, PathBuf, PathBuf)> {
    let dir = root().join("corpus");
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            let expected = dir.join(format!("{stem}.expected.json"));
            (stem, p, expected)
        })
        .collect();
    out.sort();
    out
}

/// An uncompressed WARC of HTTP 200 `response` records, one per (target
/// URL, HTML body), in order, as a crawler writes them.
pub fn warc_of(pages: impl IntoIterator<Item = (String, Vec<u8>)>) -> Vec<u8> {
    let mut writer = warc::WarcWriter::new(std::io::BufWriter::new(Vec::new()));
    for (target, html) in pages {
        let mut body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".to_vec();
        body.extend(html);
        let record = warc::RecordBuilder::default()
            .warc_type(warc::RecordType::Response)
            .header(warc::WarcHeader::TargetURI, target.into_bytes())
            .body(body)
            .build()
            .expect("a WARC record");
        writer.write(&record).expect("write a WARC record");
    }
    writer.into_inner().expect("the WARC bytes")
}

pub fn read_json(path: &Path) -> serde_json::Value {
    let s = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&s).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
