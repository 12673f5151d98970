//! Stage 1: URL or local file in, [`Page`] out.
//!
//! Owns everything that touches the network or the file system for input:
//! expanding the user's INPUT arguments into [`Source`]s, and fetching each
//! with limits (timeouts, redirects, body size, a clear user agent).
//!
//! The caller drives it in two steps:
//!
//! 1. [`expand_inputs`] turns arguments into de-duplicated [`Source`]s plus
//!    the [`InputError`]s to report; bad inputs never stop the good ones.
//! 2. [`Fetcher::fetch_all`] fetches them politely (bounded concurrency per
//!    batch and per site, a delay between a site's requests, robots.txt,
//!    retries with backoff and `Retry-After`) and yields a [`Fetched`] report
//!    per attempt as soon as it finishes. A request's slot is only freed
//!    once its report is taken, so a caller that stores each page before
//!    asking for the next holds the fetching back (the back pressure a
//!    bounded channel gives) and can record every attempt:
//!
//! ```no_run
//! # async fn run() -> Result<(), claimscope::fetch::FetchError> {
//! use claimscope::fetch::{expand_inputs, FetchConfig, Fetcher, Job, Reply};
//! use futures_util::StreamExt;
//!
//! let (sources, input_errors) = expand_inputs(&["https://example.com/a".to_string()]);
//! for err in &input_errors {
//!     eprintln!("{err}");
//! }
//! let fetcher = Fetcher::new(&FetchConfig::default())?;
//! let mut done = std::pin::pin!(fetcher.fetch_all(sources.into_iter().map(Job::from).collect()));
//! while let Some(fetched) = done.next().await {
//!     match fetched.reply {
//!         Ok(Reply::Page { page, .. }) => println!("{} bytes from {}", page.bytes.len(), page.final_url),
//!         Ok(Reply::NotModified) => println!("unchanged"),
//!         Err(err) if fetched.retry_at.is_some() => eprintln!("{err} (will retry)"),
//!         Err(err) => eprintln!("{err}"),
//!     }
//! }
//! # Ok(())
//! # }
//! ```

use std::collections::{HashMap, HashSet};
use std::io::{self, BufRead};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::stream::{self, Stream};
use reqwest::header::{CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, RETRY_AFTER};
use reqwest::redirect;
use tokio::io::AsyncReadExt;
use tokio::sync::{mpsc, AcquireError, OnceCell, Semaphore, SemaphorePermit};
use url::Url;

/// One thing to ingest, as the user named it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    /// An `http(s)` URL.
    Url(url::Url),
    /// A local `.html`, `.htm` or `.txt` file.
    File(PathBuf),
    /// A WARC or WARC.gz archive: many pages, read with [`read_warc`] and
    /// never fetched; each page is keyed by its record's target URL.
    Warc(PathBuf),
}

impl Source {
    /// The key a source is stored and de-duplicated under: the URL, or
    /// `file://` plus the canonical path.
    ///
    /// URLs lose their fragment and click-tracking parameters (`utm_*`,
    /// `fbclid`, `gclid`, ...), which name the same article; the rest of the query is kept byte for byte because
    /// it can select content. A file that cannot be canonicalised (it has
    /// gone) falls back to its absolute path so the key stays stable enough
    /// to name it in an error.
    pub fn key(&self) -> String {
        match self {
            Source::Url(url) => normalize_url(url).to_string(),
            Source::File(path) | Source::Warc(path) => {
                let absolute = std::fs::canonicalize(path)
                    .or_else(|_| std::path::absolute(path))
                    .unwrap_or_else(|_| path.clone());
                format!("file://{}", absolute.display())
            }
        }
    }
}

/// Query parameters that only say where a click came from (ad and mail
/// campaign ids); `utm_*` is matched as a prefix.
const TRACKING_PARAMETERS: [&str; 6] = ["fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid"];

/// Whether a query parameter only tracks the click, so dropping it keeps
/// the same article.
fn is_tracking_parameter(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("utm_") || TRACKING_PARAMETERS.contains(&name.as_str())
}

/// Drops the fragment and tracking parameters from a URL.
fn normalize_url(url: &Url) -> Url {
    let mut url = url.clone();
    url.set_fragment(None);
    let kept = url.query().map(|query| {
        query
            .split('&')
            .filter(|pair| !is_tracking_parameter(pair.split('=').next().unwrap_or_default()))
            .collect::<Vec<_>>()
            .join("&")
    });
    match kept {
        Some(query) if !query.is_empty() => url.set_query(Some(&query)),
        _ => url.set_query(None),
    }
    url
}

/// The raw result of fetching a [`Source`].
#[derive(Debug, Clone)]
pub struct Page {
    /// The source's key ([`Source::key`]).
    pub url: String,
    /// Where redirects ended; equal to `url` for files.
    pub final_url: String,
    /// HTTP status; 200 for files.
    pub status: u16,
    /// When the body finished arriving, so stored pages can be re-fetched
    /// when stale and claims dated against what was online then.
    pub fetched_at: DateTime<Utc>,
    /// The `Content-Type` header, or one guessed from a file's extension.
    pub content_type: Option<String>,
    /// The body as received (decompressed, not decoded).
    pub bytes: Vec<u8>,
}

impl Page {
    /// A page read now from a file or from the binary, not over HTTP: its
    /// final URL is its key and its status 200.
    pub fn local(key: String, content_type: Option<String>, bytes: Vec<u8>) -> Page {
        Page { final_url: key.clone(), url: key, status: 200, fetched_at: Utc::now(), content_type, bytes }
    }
}

/// Why an INPUT argument (or a line of a URL list) yielded no source.
///
/// Reported per input; the other inputs are still expanded.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// A path that does not exist or cannot be read (the OS error says which).
    #[error("{}: cannot read: {cause}", path.display())]
    Unreadable {
        /// The path as given or as found while walking a directory.
        path: PathBuf,
        /// The OS error.
        cause: io::Error,
    },
    /// An argument that names a URL but not a usable one.
    #[error("{input}: {problem}; give an http(s) URL or a file path")]
    BadUrl {
        /// The argument as given.
        input: String,
        /// What is wrong with it.
        problem: UrlProblem,
    },
    /// A line of a URL list (a file or stdin) that is not an http(s) URL.
    #[error("{origin}:{line}: {problem}; put one URL per line (# starts a comment)")]
    BadLine {
        /// The list's path, or `<stdin>`.
        origin: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with the line.
        problem: UrlProblem,
    },
    /// A file that is neither an article (.html, .htm, .txt) nor a URL list.
    #[error(
        "{}: neither an .html, .htm or .txt file nor a URL list (its first line is not a URL); \
         rename it or fix its first line",
        path.display()
    )]
    NotAnInput {
        /// The path as given.
        path: PathBuf,
    },
}

/// Why a string is not an http(s) URL we can fetch.
#[derive(Debug, thiserror::Error)]
pub enum UrlProblem {
    /// The URL parser rejected it.
    #[error("not a URL ({0})")]
    Parse(#[from] url::ParseError),
    /// It parsed, but with a scheme we do not fetch (`ftp`, `file`, ...).
    #[error("unsupported scheme {0:?} (only http and https)")]
    Scheme(String),
}

/// Parses an http(s) URL.
fn parse_web_url(text: &str) -> Result<Url, UrlProblem> {
    let url = Url::parse(text)?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(UrlProblem::Scheme(other.to_string())),
    }
}

/// Expands INPUT arguments into sources to fetch, de-duplicated by
/// [`Source::key`] in first-seen order, plus one error per bad input.
///
/// Each input is one of:
/// - an http(s) URL (anything containing `://` is taken as a URL);
/// - `-`: URLs from stdin, one per line (read once, however often given);
/// - a `.html` or `.htm` file: an article;
/// - a `.txt` file: a URL list if every line is a URL, else an article;
/// - a `.warc` or `.warc.gz` file: an archive of pages ([`read_warc`]);
/// - a directory: its `.html`, `.htm` and `.txt` files, recursively, in
///   sorted path order; other files are ignored;
/// - any other file: a URL list (one per line, blank lines and `#` comments
///   skipped) if its first non-comment line is a URL, otherwise an error.
///
/// Files are keyed by canonical path, so `a.html` and `./a.html` are one
/// source.
pub fn expand_inputs(inputs: &[String]) -> (Vec<Source>, Vec<InputError>) {
    expand_inputs_with_stdin(inputs, &mut io::stdin().lock())
}

/// [`expand_inputs`] with stdin supplied, so tests can feed it.
fn expand_inputs_with_stdin(
    inputs: &[String],
    stdin: &mut dyn BufRead,
) -> (Vec<Source>, Vec<InputError>) {
    let mut expansion = Expansion::default();
    for input in inputs {
        expansion.input(input, stdin);
    }
    (expansion.sources, expansion.errors)
}

/// The extensions of files read as articles rather than URL lists.
const ARTICLE_EXTENSIONS: [&str; 3] = ["html", "htm", "txt"];

/// The article extension of a path, lowercased, if it has one.
fn article_extension(path: &Path) -> Option<String> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    ARTICLE_EXTENSIONS
        .contains(&extension.as_str())
        .then_some(extension)
}

/// Whether a path names a WARC archive (`.warc` or `.warc.gz`).
fn is_warc(path: &Path) -> bool {
    let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default().to_ascii_lowercase();
    name.ends_with(".warc") || name.ends_with(".warc.gz")
}

/// Accumulates sources and errors while inputs are expanded.
#[derive(Default)]
struct Expansion {
    sources: Vec<Source>,
    errors: Vec<InputError>,
    seen: HashSet<String>,
    stdin_read: bool,
}

impl Expansion {
    fn push(&mut self, source: Source) {
        if self.seen.insert(source.key()) {
            self.sources.push(source);
        }
    }

    fn input(&mut self, input: &str, stdin: &mut dyn BufRead) {
        if input == "-" {
            if !std::mem::replace(&mut self.stdin_read, true) {
                self.stdin(stdin);
            }
        } else if input.contains("://") {
            match parse_web_url(input) {
                Ok(url) => self.push(Source::Url(url)),
                Err(problem) => self.errors.push(InputError::BadUrl {
                    input: input.to_string(),
                    problem,
                }),
            }
        } else {
            self.path(Path::new(input));
        }
    }

    fn stdin(&mut self, stdin: &mut dyn BufRead) {
        let mut bytes = Vec::new();
        match stdin.read_to_end(&mut bytes) {
            Ok(_) => self.url_list("<stdin>", &String::from_utf8_lossy(&bytes)),
            Err(cause) => self.errors.push(InputError::Unreadable {
                path: PathBuf::from("<stdin>"),
                cause,
            }),
        }
    }

    fn path(&mut self, path: &Path) {
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(cause) => return self.unreadable(path, cause),
        };
        if metadata.is_dir() {
            let mut files = Vec::new();
            self.walk(path, &mut HashSet::new(), &mut files);
            files.sort();
            for file in files {
                self.file(&file);
            }
        } else if is_warc(path) {
            match std::fs::canonicalize(path) {
                Ok(canonical) => self.push(Source::Warc(canonical)),
                Err(cause) => self.unreadable(path, cause),
            }
        } else if matches!(article_extension(path).as_deref(), Some("html" | "htm")) {
            self.file(path);
        } else {
            match std::fs::read(path) {
                Ok(bytes) => {
                    let text = String::from_utf8_lossy(&bytes);
                    let mut lines = list_lines(&text).peekable();
                    let first_is_url = lines.peek().is_some_and(|(_, line)| parse_web_url(line).is_ok());
                    // `urls.txt` is the usual name for a URL list: a .txt
                    // file is a list when every line is a URL.
                    let all_urls = first_is_url && lines.all(|(_, line)| parse_web_url(line).is_ok());
                    let is_text = article_extension(path).is_some();
                    if all_urls || (first_is_url && !is_text) {
                        self.url_list(&path.display().to_string(), &text);
                    } else if is_text {
                        self.file(path);
                    } else {
                        self.errors.push(InputError::NotAnInput {
                            path: path.to_path_buf(),
                        });
                    }
                }
                Err(cause) => self.unreadable(path, cause),
            }
        }
    }

    /// Adds an article file under its canonical path.
    fn file(&mut self, path: &Path) {
        match std::fs::canonicalize(path) {
            Ok(canonical) => self.push(Source::File(canonical)),
            Err(cause) => self.unreadable(path, cause),
        }
    }

    /// Collects the article files under `dir`; `visited` holds canonical
    /// directories already walked so symlink cycles end.
    fn walk(&mut self, dir: &Path, visited: &mut HashSet<PathBuf>, files: &mut Vec<PathBuf>) {
        match std::fs::canonicalize(dir) {
            Ok(canonical) => {
                if !visited.insert(canonical) {
                    return;
                }
            }
            Err(cause) => return self.unreadable(dir, cause),
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(cause) => return self.unreadable(dir, cause),
        };
        for entry in entries {
            let path = match entry {
                Ok(entry) => entry.path(),
                Err(cause) => return self.unreadable(dir, cause),
            };
            match std::fs::metadata(&path) {
                Ok(metadata) if metadata.is_dir() => self.walk(&path, visited, files),
                Ok(_) if article_extension(&path).is_some() => files.push(path),
                Ok(_) => {}
                Err(cause) => self.unreadable(&path, cause),
            }
        }
    }

    fn url_list(&mut self, origin: &str, text: &str) {
        for (line, entry) in list_lines(text) {
            match parse_web_url(entry) {
                Ok(url) => self.push(Source::Url(url)),
                Err(problem) => self.errors.push(InputError::BadLine {
                    origin: origin.to_string(),
                    line,
                    problem,
                }),
            }
        }
    }

    fn unreadable(&mut self, path: &Path, cause: io::Error) {
        self.errors.push(InputError::Unreadable {
            path: path.to_path_buf(),
            cause,
        });
    }
}

/// The entries of a URL list with their 1-based line numbers: trimmed,
/// without blank lines and `#` comments.
fn list_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
}

/// Limits, politeness and identity for fetching; built into a [`Fetcher`].
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Whole-request limit, body included, so a server that stalls before
    /// the first byte or mid-body cannot hold a slot for ever.
    pub timeout: Duration,
    /// Limit on establishing a connection (DNS, TCP, TLS).
    pub connect_timeout: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// Largest body accepted, in bytes (after decompression); protects
    /// memory and the store from runaway pages.
    pub max_bytes: u64,
    /// Sent with every request, so site owners can see who we are.
    pub user_agent: String,
    /// The product token robots.txt groups are matched against.
    pub robots_agent: String,
    /// Fetches in flight at once in [`Fetcher::fetch_all`]; 0 counts as 1.
    pub concurrency: usize,
    /// Fetches in flight at once to one site (scheme, host and port); 0
    /// counts as 1. Sites are shared, our batch is not the only visitor.
    pub per_host: usize,
    /// Least time between the starts of two requests to one site; a longer
    /// robots.txt `Crawl-delay` (up to [`MAX_CRAWL_DELAY`]) wins.
    pub host_delay: Duration,
    /// Tries per source in one batch, the first included; only retryable
    /// failures ([`FetchError::is_retryable`]) are tried again.
    pub max_attempts: u32,
    /// The first retry waits about this long, each later one twice as long
    /// as the one before, with random jitter so retries do not arrive in
    /// step.
    pub retry_base: Duration,
    /// The longest wait a `Retry-After` header (or a stored next attempt) can
    /// impose; a server asking for hours is not worth stalling a batch for.
    pub max_retry_after: Duration,
}

/// The longest robots.txt `Crawl-delay` honoured; longer ones are cut to it
/// so a single site cannot stall a batch for hours.
pub const MAX_CRAWL_DELAY: Duration = Duration::from_secs(10);

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_redirects: 10,
            max_bytes: 10 * 1024 * 1024,
            user_agent: format!(
                "claimscope/{} (+https://github.com/claimscope/claimscope)",
                env!("CARGO_PKG_VERSION")
            ),
            robots_agent: "claimscope".to_string(),
            concurrency: 8,
            per_host: 2,
            host_delay: Duration::from_millis(250),
            max_attempts: 3,
            retry_base: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

/// The validators a server sent with a page, sent back on a re-fetch so an
/// unchanged page costs a `304 Not Modified` and nothing else.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` header, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` header, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

impl Validators {
    fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// What a successful request brought back.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A page, with the validators to re-fetch it conditionally.
    Page {
        /// The page as received.
        page: Page,
        /// Its `ETag` and `Last-Modified`.
        validators: Validators,
    },
    /// The server confirmed that the copy we hold is current (HTTP 304).
    NotModified,
}

/// One source for [`Fetcher::fetch_all`], with what the queue knows of it.
#[derive(Debug, Clone)]
pub struct Job {
    /// What to fetch.
    pub source: Source,
    /// The validators of the copy already stored, for a conditional request.
    pub validators: Option<Validators>,
    /// Do not start before this time (a stored backoff or `Retry-After`),
    /// waited for at most [`FetchConfig::max_retry_after`].
    pub not_before: Option<DateTime<Utc>>,
}

impl From<Source> for Job {
    fn from(source: Source) -> Job {
        Job { source, validators: None, not_before: None }
    }
}

/// Why a [`Source`] yielded no [`Page`]. Every message starts with the
/// source's key.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The HTTP client could not be set up (e.g. a user agent that is not a
    /// valid header value).
    #[error("cannot set up the HTTP client: {cause}; check the fetch settings")]
    Client {
        /// The underlying error's message.
        cause: String,
    },
    /// The server answered with a non-2xx status (after redirects).
    #[error("{url}: HTTP {status}{}", status_hint(*status))]
    Status {
        /// The source's key.
        url: String,
        /// The final status code.
        status: u16,
        /// How long the server asked us to wait (`Retry-After`), if it did.
        retry_after: Option<Duration>,
    },
    /// The body is not text we can read (a PDF, an image, an archive),
    /// known from its `Content-Type` or its first bytes; it is not
    /// downloaded further.
    #[error("{url}: not an article: content type {content_type}; save the text as a .txt file and pass that instead")]
    Unsupported {
        /// The source's key.
        url: String,
        /// The declared type, or the one its first bytes show.
        content_type: String,
    },
    /// The site's robots.txt disallows the URL for our user agent.
    #[error("{url}: disallowed by robots.txt; leave it out or ask the site owner")]
    Disallowed {
        /// The source's key.
        url: String,
    },
    /// The site's robots.txt answered with a server error, which RFC 9309
    /// says to read as "disallow everything" for now.
    #[error("{url}: robots.txt answered HTTP {status}, so the site is off limits for now (RFC 9309); try again later")]
    RobotsUnavailable {
        /// The source's key.
        url: String,
        /// The robots.txt status.
        status: u16,
    },
    /// The body is larger than [`FetchConfig::max_bytes`].
    #[error("{url}: body larger than {limit} bytes; raise --max-bytes")]
    TooLarge {
        /// The source's key.
        url: String,
        /// The limit that was exceeded.
        limit: u64,
    },
    /// Connecting or the whole request took longer than its limit.
    #[error("{url}: timed out after {}; try again later or raise the timeout", seconds(*after))]
    Timeout {
        /// The source's key.
        url: String,
        /// The limit that ran out.
        after: Duration,
    },
    /// A redirect led back to a URL already visited.
    #[error("{url}: redirect loop at {at}; the site is misconfigured, try the final URL directly")]
    RedirectLoop {
        /// The source's key.
        url: String,
        /// The URL whose redirect closed the loop.
        at: String,
    },
    /// More redirects than [`FetchConfig::max_redirects`].
    #[error("{url}: more than {limit} redirects; raise --max-redirects or use the final URL")]
    TooManyRedirects {
        /// The source's key.
        url: String,
        /// The limit that was exceeded.
        limit: usize,
    },
    /// No connection could be made (refused, DNS failure, TLS failure).
    #[error("{url}: cannot connect: {cause}; check the URL and the network")]
    Connect {
        /// The source's key.
        url: String,
        /// The root cause's message.
        cause: String,
    },
    /// The connection failed mid-request or mid-body.
    #[error("{url}: transfer failed: {cause}; try again later")]
    Transfer {
        /// The source's key.
        url: String,
        /// The root cause's message.
        cause: String,
    },
    /// The response could not be decoded (e.g. corrupt gzip).
    #[error("{url}: bad response: {cause}")]
    BadResponse {
        /// The source's key.
        url: String,
        /// The root cause's message.
        cause: String,
    },
    /// A local file could not be read.
    #[error("{url}: cannot read: {cause}")]
    Unreadable {
        /// The source's key (`file://...`).
        url: String,
        /// The OS error.
        cause: io::Error,
    },
}

impl FetchError {
    /// Whether the same request may succeed later: timeouts, connection
    /// failures, 429 Too Many Requests and 5xx. [`Fetcher::fetch_all`]
    /// retries these; [`Fetcher::fetch`] does not.
    pub fn is_retryable(&self) -> bool {
        match self {
            FetchError::Timeout { .. }
            | FetchError::Connect { .. }
            | FetchError::Transfer { .. } => true,
            FetchError::Status { status, .. } => status_is_retryable(*status),
            _ => false,
        }
    }

    /// The HTTP status the failure came with, if it came with one.
    pub fn status(&self) -> Option<u16> {
        match self {
            FetchError::Status { status, .. } | FetchError::RobotsUnavailable { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// How long the server asked us to wait before trying again.
    fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// A `Retry-After` header: delay seconds or an HTTP date (RFC 9110 10.2.3).
fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?.with_timezone(&Utc);
    Some((at - Utc::now()).to_std().unwrap_or(Duration::ZERO))
}

fn status_is_retryable(status: u16) -> bool {
    status == 429 || (500..600).contains(&status)
}

/// The reason phrase and, for statuses that may pass, what to do.
fn status_hint(status: u16) -> String {
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason())
        .map(|reason| format!(" {reason}"))
        .unwrap_or_default();
    if status_is_retryable(status) {
        format!("{reason}; try again later")
    } else {
        reason
    }
}

/// `30s`, or `300ms` for limits that are not whole seconds.
fn seconds(duration: Duration) -> String {
    if duration.subsec_nanos() == 0 {
        format!("{}s", duration.as_secs())
    } else {
        format!("{}ms", duration.as_millis())
    }
}

/// The innermost message of an error chain: the part a user can act on
/// ("Connection refused (os error 111)") without the wrappers.
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// Why the redirect policy stopped following; found again in the error
/// chain to pick the [`FetchError`] variant.
#[derive(Debug, thiserror::Error)]
enum RedirectStop {
    #[error("redirect loop")]
    Loop,
    #[error("too many redirects")]
    TooMany,
}

fn redirect_policy(max_redirects: usize) -> redirect::Policy {
    redirect::Policy::custom(move |attempt| {
        // `previous` starts with the original URL, so it holds one more
        // entry than the redirects followed so far.
        if attempt.previous().contains(attempt.url()) {
            attempt.error(RedirectStop::Loop)
        } else if attempt.previous().len() > max_redirects {
            attempt.error(RedirectStop::TooMany)
        } else {
            attempt.follow()
        }
    })
}

/// One attempt finished by [`Fetcher::fetch_all`]: every attempt is
/// reported, so the caller can record each failure as it happens.
#[derive(Debug)]
pub struct Fetched {
    /// The source as expanded.
    pub source: Source,
    /// Which try this was, from 1.
    pub attempt: u32,
    /// What came back, or why nothing did.
    pub reply: Result<Reply, FetchError>,
    /// Set when the failure will be retried in this batch, at about this
    /// time; `None` means this is the source's last report.
    pub retry_at: Option<DateTime<Utc>>,
}

/// Fetches sources with the limits of a [`FetchConfig`], sharing one
/// connection pool.
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    config: Arc<FetchConfig>,
}

impl Fetcher {
    /// Builds the HTTP client once; it is cheap to clone and reuses
    /// connections across fetches.
    pub fn new(config: &FetchConfig) -> Result<Fetcher, FetchError> {
        let client = reqwest::Client::builder()
            .user_agent(config.user_agent.as_str())
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .redirect(redirect_policy(config.max_redirects))
            .build()
            .map_err(|err| FetchError::Client {
                cause: root_cause(&err),
            })?;
        Ok(Fetcher {
            client,
            config: Arc::new(config.clone()),
        })
    }

    /// Fetches one source once: a GET for URLs (conditional when
    /// `validators` are given), a read for files. No robots.txt, no retries,
    /// no per-site limits: [`Fetcher::fetch_all`] adds those.
    pub async fn fetch(&self, source: &Source, validators: Option<&Validators>) -> Result<Reply, FetchError> {
        let key = source.key();
        match source {
            Source::Url(url) => self.fetch_url(url, key, validators).await,
            Source::File(path) => self.fetch_file(path, key).await,
            Source::Warc(_) => Err(FetchError::Unreadable {
                url: key,
                cause: io::Error::other("a WARC archive holds many pages: read it with read_warc, not fetch"),
            }),
        }
    }

    /// Fetches every job politely and reports each attempt as it finishes
    /// (not in input order):
    ///
    /// - at most [`FetchConfig::concurrency`] requests in flight, at most
    ///   [`FetchConfig::per_host`] to one site, their starts at least
    ///   [`FetchConfig::host_delay`] apart;
    /// - robots.txt read once per site and obeyed;
    /// - retryable failures tried again up to [`FetchConfig::max_attempts`]
    ///   times, with exponential backoff and jitter, or after the server's
    ///   `Retry-After` (capped by [`FetchConfig::max_retry_after`]).
    ///
    /// A request's slot is held until its report is taken from the stream,
    /// so a consumer that stores each page before asking for the next holds
    /// the fetching back and memory stays bounded. Must be called inside a
    /// Tokio runtime; dropping the stream stops the batch.
    pub fn fetch_all(&self, jobs: Vec<Job>) -> impl Stream<Item = Fetched> + Send + 'static {
        let concurrency = self.config.concurrency.max(1);
        let batch = Arc::new(Batch {
            fetcher: self.clone(),
            slots: Semaphore::new(concurrency),
            sites: std::sync::Mutex::new(HashMap::new()),
        });
        let (sender, receiver) = mpsc::channel(concurrency);
        // Jobs wait for a site or a retry without holding a request slot;
        // this bounds how many wait at once (each is a parked task).
        let waiting = Arc::new(Semaphore::new(concurrency * 8));
        tokio::spawn(async move {
            for job in jobs {
                let Ok(ticket) = Arc::clone(&waiting).acquire_owned().await else { return };
                if sender.is_closed() {
                    return;
                }
                let (batch, sender) = (Arc::clone(&batch), sender.clone());
                tokio::spawn(async move {
                    batch.run(job, &sender).await;
                    drop(ticket);
                });
            }
        });
        stream::unfold(receiver, |mut receiver| async move {
            receiver.recv().await.map(|fetched| (fetched, receiver))
        })
    }

    async fn fetch_url(&self, url: &Url, key: String, validators: Option<&Validators>) -> Result<Reply, FetchError> {
        let mut request = self.client.get(url.clone());
        let validators = validators.filter(|v| !v.is_empty());
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(date) = &v.last_modified {
                request = request.header(IF_MODIFIED_SINCE, date);
            }
        }
        let mut response = request.send().await.map_err(|err| self.classify(&key, err))?;
        let status = response.status();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|value: &reqwest::header::HeaderValue| value.to_str().ok())
                .map(str::to_string)
        };
        if status == reqwest::StatusCode::NOT_MODIFIED && validators.is_some() {
            return Ok(Reply::NotModified);
        }
        if !status.is_success() {
            return Err(FetchError::Status {
                url: key,
                status: status.as_u16(),
                retry_after: header(RETRY_AFTER).as_deref().and_then(parse_retry_after),
            });
        }
        let final_url = response.url().to_string();
        let content_type = header(CONTENT_TYPE);
        let validators = Validators {
            etag: header(ETAG),
            last_modified: header(LAST_MODIFIED),
        };
        if let Some(refused) = content_type.as_deref().filter(|ct| is_binary_type(ct)) {
            return Err(FetchError::Unsupported {
                url: key,
                content_type: refused.to_string(),
            });
        }
        let too_large = |url: String| FetchError::TooLarge {
            url,
            limit: self.config.max_bytes,
        };
        if response
            .content_length()
            .is_some_and(|length| length > self.config.max_bytes)
        {
            return Err(too_large(key));
        }
        let mut bytes = Vec::new();
        let mut sniffed = false;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|err| self.classify(&key, err))?
        {
            if (bytes.len() + chunk.len()) as u64 > self.config.max_bytes {
                return Err(too_large(key));
            }
            bytes.extend_from_slice(&chunk);
            if !sniffed && bytes.len() >= SNIFF_LEN {
                sniffed = true;
                refuse_binary(&key, &bytes)?;
            }
        }
        if !sniffed {
            refuse_binary(&key, &bytes)?;
        }
        let page = Page {
            url: key,
            final_url,
            status: status.as_u16(),
            fetched_at: Utc::now(),
            content_type,
            bytes,
        };
        Ok(Reply::Page { page, validators })
    }

    async fn fetch_file(&self, path: &Path, key: String) -> Result<Reply, FetchError> {
        let unreadable = |url: &str, cause| FetchError::Unreadable {
            url: url.to_string(),
            cause,
        };
        let file = tokio::fs::File::open(path)
            .await
            .map_err(|cause| unreadable(&key, cause))?;
        // One byte past the cap tells "exactly at the cap" from "over it"
        // without reading the rest of a huge file.
        let mut bytes = Vec::new();
        file.take(self.config.max_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .await
            .map_err(|cause| unreadable(&key, cause))?;
        if bytes.len() as u64 > self.config.max_bytes {
            return Err(FetchError::TooLarge {
                url: key,
                limit: self.config.max_bytes,
            });
        }
        let content_type = match article_extension(path).as_deref() {
            Some("txt") => Some("text/plain".to_string()),
            Some(_) => Some("text/html".to_string()),
            None => None,
        };
        Ok(Reply::Page { page: Page::local(key, content_type, bytes), validators: Validators::default() })
    }

    /// Maps a client error to the variant that says what to do about it.
    fn classify(&self, key: &str, err: reqwest::Error) -> FetchError {
        let url = key.to_string();
        if err.is_redirect() {
            let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&err);
            while let Some(current) = cause {
                match current.downcast_ref::<RedirectStop>() {
                    Some(RedirectStop::Loop) => {
                        let at = err.url().map(Url::to_string).unwrap_or_default();
                        return FetchError::RedirectLoop { url, at };
                    }
                    Some(RedirectStop::TooMany) => {
                        return FetchError::TooManyRedirects {
                            url,
                            limit: self.config.max_redirects,
                        }
                    }
                    None => cause = current.source(),
                }
            }
        }
        let cause = root_cause(&err);
        if err.is_timeout() {
            let after = if err.is_connect() {
                self.config.connect_timeout
            } else {
                self.config.timeout
            };
            FetchError::Timeout { url, after }
        } else if err.is_connect() {
            FetchError::Connect { url, cause }
        } else if err.is_decode() {
            FetchError::BadResponse { url, cause }
        } else if err.is_body() || err.is_request() {
            FetchError::Transfer { url, cause }
        } else {
            FetchError::BadResponse { url, cause }
        }
    }
}

/// Why a WARC record yielded no page. Messages start with the archive's
/// path and the record's target URL when it has one.
#[derive(Debug, thiserror::Error)]
pub enum WarcError {
    /// The archive could not be opened or its gzip stream is corrupt.
    #[error("{}: cannot read the WARC archive: {cause}; check the file", path.display())]
    Open {
        /// The archive.
        path: PathBuf,
        /// The OS or gzip error.
        cause: io::Error,
    },
    /// A record that could not be parsed; the rest of the archive is not
    /// read, since its record boundaries are lost.
    #[error("{}: damaged WARC record ({cause}); records after it are not read", path.display())]
    Record {
        /// The archive.
        path: PathBuf,
        /// The parser's reason.
        cause: String,
    },
    /// A response record whose HTTP payload cannot be read.
    #[error("{}: {target}: {problem}", path.display())]
    Payload {
        /// The archive.
        path: PathBuf,
        /// The record's `WARC-Target-URI`.
        target: String,
        /// What is wrong with it.
        problem: String,
    },
}

/// The pages archived in a WARC or WARC.gz file: one per `response`
/// record whose HTTP status is 2xx and whose payload is HTML (declared, or
/// untyped); other records (requests, metadata, images, redirects) are
/// passed over. Records are read one at a time, so an archive of any size
/// takes the memory of its largest record. Each page's key is its target
/// URL normalised as [`Source::key`] does, so an archived copy and a
/// fetched one are the same source.
pub fn read_warc(path: &Path) -> Result<impl Iterator<Item = Result<Page, WarcError>>, WarcError> {
    // Opened here rather than with warc's own from_path helpers, which ask
    // for create-or-open and so fail on a read-only file.
    let file = std::fs::File::open(path).map_err(|cause| WarcError::Open { path: path.to_path_buf(), cause })?;
    let records: Box<dyn Iterator<Item = _>> = if path.to_string_lossy().to_ascii_lowercase().ends_with(".gz") {
        // .warc.gz is one gzip member per record: read them all.
        let members = flate2::read::MultiGzDecoder::new(io::BufReader::new(file));
        Box::new(warc::WarcReader::new(io::BufReader::new(members)).iter_records())
    } else {
        Box::new(warc::WarcReader::new(io::BufReader::new(file)).iter_records())
    };
    let path = path.to_path_buf();
    let mut damaged = false;
    Ok(records.map_while(move |record| {
        if damaged {
            return None;
        }
        Some(match record {
            Ok(record) => warc_page(&path, &record).transpose(),
            Err(err) => {
                damaged = true;
                Some(Err(WarcError::Record { path: path.clone(), cause: err.to_string() }))
            }
        })
    })
    .flatten())
}

/// The page in one WARC record, if it is an HTML response.
fn warc_page(path: &Path, record: &warc::Record<warc::BufferedBody>) -> Result<Option<Page>, WarcError> {
    if *record.warc_type() != warc::RecordType::Response {
        return Ok(None);
    }
    let target = record.header(warc::WarcHeader::TargetURI).map(|t| t.trim().to_string()).unwrap_or_default();
    let payload = |problem: &str| WarcError::Payload {
        path: path.to_path_buf(),
        target: target.clone(),
        problem: problem.to_string(),
    };
    let url = parse_web_url(&target).map_err(|problem| payload(&problem.to_string()))?;
    let body = record.body();
    let split = body.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| payload("no HTTP header in the record"))?;
    let head = String::from_utf8_lossy(&body[..split]);
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| payload("no HTTP status line in the record"))?;
    let header = |name: &str| {
        head.lines()
            .skip(1)
            .filter_map(|line| line.split_once(':'))
            .find(|(field, _)| field.trim().eq_ignore_ascii_case(name))
            .map(|(_, value)| value.trim().to_string())
    };
    let content_type = header("content-type");
    let is_html = content_type.as_deref().is_none_or(|ct| ct.to_ascii_lowercase().contains("html"));
    if !(200..300).contains(&status) || !is_html {
        return Ok(None);
    }
    if header("content-encoding").is_some_and(|e| !e.eq_ignore_ascii_case("identity")) {
        return Err(payload("compressed HTTP payload (Content-Encoding); re-archive without compression"));
    }
    let raw = &body[split + 4..];
    let bytes = if header("transfer-encoding").is_some_and(|e| e.to_ascii_lowercase().contains("chunked")) {
        dechunk(raw).ok_or_else(|| payload("damaged chunked payload"))?
    } else {
        raw.to_vec()
    };
    let key = normalize_url(&url).to_string();
    Ok(Some(Page {
        final_url: url.to_string(),
        url: key,
        status,
        fetched_at: *record.date(),
        content_type,
        bytes,
    }))
}

/// Joins the chunks of an HTTP/1.1 chunked body as archived verbatim.
fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(raw.len());
    loop {
        let line_end = raw.windows(2).position(|w| w == b"\r\n")?;
        let size = std::str::from_utf8(&raw[..line_end]).ok()?.split(';').next()?.trim();
        let size = usize::from_str_radix(size, 16).ok()?;
        raw = &raw[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(raw.get(..size)?);
        raw = raw.get(size + 2..)?;
    }
}

/// Bytes looked at to recognise a binary body whatever its header says.
const SNIFF_LEN: usize = 8;

/// Leading bytes of the binary formats news sites serve in place of
/// articles, with the type they show.
const MAGIC: [(&[u8], &str); 5] = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG", "image/png"),
    (b"GIF8", "image/gif"),
    (b"\xFF\xD8\xFF", "image/jpeg"),
    (b"PK\x03\x04", "application/zip"),
];

/// Whether a `Content-Type` names a format with no article text in it, so
/// the body is not worth downloading. Anything else is left to the
/// extractor, which also reads text served under odd types.
fn is_binary_type(content_type: &str) -> bool {
    let mime = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    ["image/", "audio/", "video/", "font/"].iter().any(|prefix| mime.starts_with(prefix))
        || ["application/pdf", "application/zip", "application/gzip"].contains(&mime.as_str())
}

/// Refuses a body whose first bytes show a binary format (a PDF at an
/// `.html` URL, served as `text/html`).
fn refuse_binary(key: &str, bytes: &[u8]) -> Result<(), FetchError> {
    match MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        Some((_, shown)) => Err(FetchError::Unsupported {
            url: key.to_string(),
            content_type: format!("{shown} (by its first bytes)"),
        }),
        None => Ok(()),
    }
}

/// Largest robots.txt read; RFC 9309 asks crawlers to read at least 500 KiB.
const MAX_ROBOTS_BYTES: usize = 512 * 1024;

/// What a site's robots.txt lets us do.
#[derive(Debug)]
enum Robots {
    /// No usable robots.txt (404, unreachable, unparsable): everything.
    AllowAll,
    /// The rules of the group for our agent.
    Rules(texting_robots::Robot),
    /// robots.txt answered 5xx: nothing, for now (RFC 9309 2.3.1.4).
    DisallowAll { status: u16 },
}

impl Robots {
    fn check(&self, url: &Url, key: &str) -> Result<(), FetchError> {
        let allowed = match self {
            Robots::AllowAll => true,
            Robots::Rules(robot) => robot.allowed(url.as_str()),
            Robots::DisallowAll { status } => {
                return Err(FetchError::RobotsUnavailable {
                    url: key.to_string(),
                    status: *status,
                })
            }
        };
        if allowed {
            Ok(())
        } else {
            Err(FetchError::Disallowed { url: key.to_string() })
        }
    }

    fn crawl_delay(&self) -> Duration {
        match self {
            Robots::Rules(robot) => robot
                .delay
                .filter(|seconds| seconds.is_finite() && *seconds > 0.0)
                .map_or(Duration::ZERO, |seconds| Duration::from_secs_f32(seconds).min(MAX_CRAWL_DELAY)),
            _ => Duration::ZERO,
        }
    }
}

/// One site's share of a batch: its request slots, when the next request
/// may start, and its robots.txt (fetched by the first request).
#[derive(Debug)]
struct Site {
    slots: Semaphore,
    next_start: tokio::sync::Mutex<tokio::time::Instant>,
    robots: OnceCell<Robots>,
}

/// The state a [`Fetcher::fetch_all`] batch shares between its jobs.
#[derive(Debug)]
struct Batch {
    fetcher: Fetcher,
    /// Requests in flight, across sites.
    slots: Semaphore,
    /// Per site, keyed by origin (`https://host:port`).
    sites: std::sync::Mutex<HashMap<String, Arc<Site>>>,
}

impl Batch {
    fn site(&self, url: &Url) -> Arc<Site> {
        let origin = url.origin().ascii_serialization();
        // A poisoned lock only means another job panicked; the map is intact.
        let mut sites = self.sites.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let site = sites.entry(origin).or_insert_with(|| {
            Arc::new(Site {
                slots: Semaphore::new(self.fetcher.config.per_host.max(1)),
                next_start: tokio::sync::Mutex::new(tokio::time::Instant::now()),
                robots: OnceCell::new(),
            })
        });
        Arc::clone(site)
    }

    /// Runs one job's attempts, sending a report after each.
    async fn run(&self, job: Job, sender: &mpsc::Sender<Fetched>) {
        let config = &self.fetcher.config;
        if let Some(at) = job.not_before {
            let wait = (at - Utc::now()).to_std().unwrap_or(Duration::ZERO);
            tokio::time::sleep(wait.min(config.max_retry_after)).await;
        }
        let site = match &job.source {
            Source::Url(url) => Some((url, self.site(url))),
            Source::File(_) | Source::Warc(_) => None,
        };
        for attempt in 1..=config.max_attempts.max(1) {
            let (reply, slot) = match &site {
                Some((url, site)) => self.fetch_politely(&job, url, site).await,
                None => {
                    let slot = self.slots.acquire().await;
                    (self.fetcher.fetch(&job.source, None).await, slot)
                }
            };
            let retry = match &reply {
                Err(err) if err.is_retryable() && attempt < config.max_attempts => {
                    Some(retry_delay(config, attempt, err.retry_after()))
                }
                _ => None,
            };
            let fetched = Fetched {
                source: job.source.clone(),
                attempt,
                reply,
                retry_at: retry.and_then(|wait| chrono::Duration::from_std(wait).ok()).map(|wait| Utc::now() + wait),
            };
            if sender.send(fetched).await.is_err() {
                return;
            }
            drop(slot);
            match retry {
                Some(wait) => tokio::time::sleep(wait).await,
                None => return,
            }
        }
    }

    /// One request to a site within its limits and robots.txt; returns the
    /// batch-wide slot still held, to be released once the report is taken.
    async fn fetch_politely(
        &self,
        job: &Job,
        url: &Url,
        site: &Site,
    ) -> (Result<Reply, FetchError>, Result<SemaphorePermit<'_>, AcquireError>) {
        let site_slot = site.slots.acquire().await;
        let robots = site.robots.get_or_init(|| self.fetcher.robots(url)).await;
        let key = job.source.key();
        if let Err(err) = robots.check(url, &key) {
            return (Err(err), self.slots.acquire().await);
        }
        {
            let mut next_start = site.next_start.lock().await;
            let start = (*next_start).max(tokio::time::Instant::now());
            *next_start = start + self.fetcher.config.host_delay.max(robots.crawl_delay());
            drop(next_start);
            tokio::time::sleep_until(start).await;
        }
        let slot = self.slots.acquire().await;
        let reply = self.fetcher.fetch(&job.source, job.validators.as_ref()).await;
        drop(site_slot);
        (reply, slot)
    }
}

/// How long to wait before try `attempt + 1`: exponential backoff from
/// [`FetchConfig::retry_base`] with "equal jitter" (half fixed, half
/// random), or the server's `Retry-After` if that is longer, capped.
fn retry_delay(config: &FetchConfig, attempt: u32, retry_after: Option<Duration>) -> Duration {
    let backoff = config.retry_base.saturating_mul(1 << (attempt - 1).min(16));
    let jittered = backoff.mul_f64(0.5 + 0.5 * random_unit());
    jittered.max(retry_after.unwrap_or(Duration::ZERO)).min(config.max_retry_after)
}

/// A random number in [0, 1) from the standard library's randomly keyed
/// hasher: enough to spread retries, no extra dependency.
fn random_unit() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos());
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

impl Fetcher {
    /// Reads a site's robots.txt. Only a server error forbids the site; a
    /// missing file, any 4xx, a network failure or garbage allow it (the
    /// brief's reading of RFC 9309: an unreachable robots.txt must not
    /// stop a batch of news pages).
    async fn robots(&self, url: &Url) -> Robots {
        let Ok(robots_url) = url.join("/robots.txt") else { return Robots::AllowAll };
        let Ok(mut response) = self.client.get(robots_url).send().await else { return Robots::AllowAll };
        let status = response.status();
        if status.is_server_error() {
            return Robots::DisallowAll { status: status.as_u16() };
        }
        if !status.is_success() {
            return Robots::AllowAll;
        }
        let mut body = Vec::new();
        while let Ok(Some(chunk)) = response.chunk().await {
            body.extend_from_slice(&chunk);
            if body.len() >= MAX_ROBOTS_BYTES {
                body.truncate(MAX_ROBOTS_BYTES);
                break;
            }
        }
        texting_robots::Robot::new(&self.config.robots_agent, &body).map_or(Robots::AllowAll, Robots::Rules)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;
    use std::thread;

    use tiny_http::{Header, Response, Server, StatusCode};

    use futures_util::StreamExt;

    use super::*;

    type Canned = Response<Cursor<Vec<u8>>>;

    /// Serves `handler(path)` on a fresh loopback port until the test
    /// process exits; returns the base URL.
    fn serve(handler: impl Fn(&str) -> Canned + Send + 'static) -> String {
        let server = Server::http("127.0.0.1:0").unwrap();
        let addr = server.server_addr().to_ip().unwrap();
        thread::spawn(move || {
            for request in server.incoming_requests() {
                let reply = handler(request.url());
                let _ = request.respond(reply);
            }
        });
        format!("http://{addr}")
    }

    fn header(name: &str, value: &str) -> Header {
        Header::from_bytes(name, value).unwrap()
    }

    fn redirect_to(location: &str) -> Canned {
        Response::from_string("")
            .with_status_code(302)
            .with_header(header("Location", location))
    }

    fn url(text: &str) -> Source {
        Source::Url(Url::parse(text).unwrap())
    }

    fn fetcher(config: FetchConfig) -> Fetcher {
        Fetcher::new(&config).unwrap()
    }

    /// Fetches a source once, unconditionally, expecting a page or an error.
    async fn get(fetcher: &Fetcher, source: &Source) -> Result<Page, FetchError> {
        match fetcher.fetch(source, None).await? {
            Reply::Page { page, .. } => Ok(page),
            Reply::NotModified => panic!("304 without validators"),
        }
    }

    /// Fetches a URL that must fail and returns why.
    async fn fetch_error(config: FetchConfig, target: String) -> FetchError {
        get(&fetcher(config), &url(&target)).await.unwrap_err()
    }

    #[tokio::test]
    async fn fetches_an_html_page_with_its_content_type() {
        let base = serve(|_| {
            Response::from_string("<html><title>TIC</title></html>")
                .with_header(header("Content-Type", "text/html; charset=utf-8"))
        });
        let page = get(&fetcher(FetchConfig::default()), &url(&format!("{base}/article#top"))).await
            .unwrap();
        assert_eq!(page.url, format!("{base}/article"));
        assert_eq!(page.final_url, format!("{base}/article"));
        assert_eq!(page.status, 200);
        assert_eq!(
            page.content_type.as_deref(),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(page.bytes, b"<html><title>TIC</title></html>");
    }

    #[tokio::test]
    async fn sends_the_configured_user_agent() {
        let server = Server::http("127.0.0.1:0").unwrap();
        let addr = server.server_addr().to_ip().unwrap();
        let seen = thread::spawn(move || {
            let request = server.recv().unwrap();
            let agent = request
                .headers()
                .iter()
                .find(|h| h.field.equiv("User-Agent"))
                .map(|h| h.value.to_string());
            let _ = request.respond(Response::from_string("ok"));
            agent
        });
        get(&fetcher(FetchConfig::default()), &url(&format!("http://{addr}/"))).await
            .unwrap();
        let agent = seen.join().unwrap().unwrap();
        assert!(agent.starts_with("claimscope/"), "{agent}");
    }

    #[tokio::test]
    async fn not_found_is_a_status_error_that_is_not_retryable() {
        let base = serve(|_| Response::from_string("gone").with_status_code(404));
        let err = fetch_error(FetchConfig::default(), format!("{base}/a")).await;
        assert!(
            matches!(err, FetchError::Status { status: 404, retry_after: None, .. }),
            "{err:?}"
        );
        assert_eq!(err.to_string(), format!("{base}/a: HTTP 404 Not Found"));
        assert!(!err.is_retryable());
    }

    #[tokio::test]
    async fn server_errors_and_rate_limits_are_retryable() {
        let base = serve(|path| {
            let code = if path == "/busy" { 429 } else { 503 };
            Response::from_string("").with_status_code(code)
        });
        let fetcher = fetcher(FetchConfig::default());
        for path in ["/busy", "/down"] {
            let err = get(&fetcher, &url(&format!("{base}{path}"))).await
                .unwrap_err();
            assert!(err.is_retryable(), "{err}");
            assert!(err.to_string().ends_with("; try again later"), "{err}");
        }
    }

    #[tokio::test]
    async fn follows_a_redirect_chain_to_the_final_url() {
        let base = serve(|path| match path {
            "/a" => redirect_to("/b"),
            "/b" => redirect_to("/c"),
            _ => Response::from_string("final"),
        });
        let page = get(&fetcher(FetchConfig::default()), &url(&format!("{base}/a"))).await
            .unwrap();
        assert_eq!(page.url, format!("{base}/a"));
        assert_eq!(page.final_url, format!("{base}/c"));
        assert_eq!(page.bytes, b"final");
    }

    #[tokio::test]
    async fn a_redirect_loop_is_an_error() {
        let base = serve(|path| match path {
            "/ping" => redirect_to("/pong"),
            _ => redirect_to("/ping"),
        });
        let err = fetch_error(FetchConfig::default(), format!("{base}/ping")).await;
        assert!(matches!(err, FetchError::RedirectLoop { .. }), "{err:?}");
        assert!(
            err.to_string()
                .starts_with(&format!("{base}/ping: redirect loop")),
            "{err}"
        );
    }

    #[tokio::test]
    async fn redirects_past_the_limit_are_an_error() {
        let base = serve(|path| {
            let hop: u32 = path.trim_start_matches('/').parse().unwrap_or(0);
            redirect_to(&format!("/{}", hop + 1))
        });
        let config = FetchConfig {
            max_redirects: 3,
            ..FetchConfig::default()
        };
        let err = fetch_error(config, format!("{base}/0")).await;
        assert!(
            matches!(err, FetchError::TooManyRedirects { limit: 3, .. }),
            "{err:?}"
        );
        assert!(!err.is_retryable());
    }

    #[tokio::test]
    async fn a_body_over_the_cap_is_too_large_with_or_without_content_length() {
        let body = vec![b'x'; 2 * 1024 * 1024];
        let base = serve(move |path| {
            if path == "/chunked" {
                // No length: the cap must be enforced while streaming.
                Response::new(
                    StatusCode(200),
                    vec![],
                    Cursor::new(body.clone()),
                    None,
                    None,
                )
            } else {
                Response::from_data(body.clone())
            }
        });
        let config = FetchConfig {
            max_bytes: 1024 * 1024,
            ..FetchConfig::default()
        };
        let fetcher = fetcher(config);
        for path in ["/sized", "/chunked"] {
            let err = get(&fetcher, &url(&format!("{base}{path}"))).await
                .unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("{base}{path}: body larger than 1048576 bytes; raise --max-bytes")
            );
        }
    }

    #[tokio::test]
    async fn a_slow_server_times_out() {
        let base = serve(|_| {
            thread::sleep(Duration::from_secs(2));
            Response::from_string("late")
        });
        let config = FetchConfig {
            timeout: Duration::from_millis(300),
            ..FetchConfig::default()
        };
        let err = fetch_error(config, format!("{base}/slow")).await;
        assert!(matches!(err, FetchError::Timeout { .. }), "{err:?}");
        assert!(
            err.to_string()
                .starts_with(&format!("{base}/slow: timed out after 300ms")),
            "{err}"
        );
        assert!(err.is_retryable());
    }

    #[tokio::test]
    async fn a_refused_connection_is_a_retryable_connect_error() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        // The listener is dropped, so nothing accepts on the port.
        let err = fetch_error(FetchConfig::default(), format!("http://127.0.0.1:{port}/")).await;
        assert!(matches!(err, FetchError::Connect { .. }), "{err:?}");
        assert!(err.is_retryable());
    }

    #[tokio::test]
    async fn reads_local_files_with_a_guessed_content_type_and_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let html = dir.path().join("a.HTML");
        std::fs::write(&html, "<p>holdings</p>").unwrap();
        let text = dir.path().join("b.txt");
        std::fs::write(&text, "holdings fell").unwrap();
        let fetcher = fetcher(FetchConfig {
            max_bytes: 13,
            ..FetchConfig::default()
        });

        let page = get(&fetcher, &Source::File(text.clone())).await.unwrap();
        let key = format!("file://{}", text.canonicalize().unwrap().display());
        assert_eq!(
            (page.url.as_str(), page.final_url.as_str()),
            (key.as_str(), key.as_str())
        );
        assert_eq!(page.status, 200);
        assert_eq!(page.content_type.as_deref(), Some("text/plain"));
        assert_eq!(page.bytes, b"holdings fell");

        let err = get(&fetcher, &Source::File(html)).await.unwrap_err();
        assert!(
            matches!(err, FetchError::TooLarge { limit: 13, .. }),
            "{err:?}"
        );
    }

    #[tokio::test]
    async fn a_missing_file_names_its_key_and_the_os_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("gone.html");
        let err = get(&fetcher(FetchConfig::default()), &Source::File(missing.clone())).await
            .unwrap_err();
        let expected = format!(
            "file://{}: cannot read: ",
            std::path::absolute(&missing).unwrap().display()
        );
        assert!(err.to_string().starts_with(&expected), "{err}");
        assert!(
            err.to_string().contains("No such file or directory"),
            "{err}"
        );
        assert!(!err.is_retryable());
    }

    /// Runs a batch to the end with no delays between requests.
    async fn batch(config: FetchConfig, targets: &[String]) -> Vec<Fetched> {
        let config = FetchConfig { host_delay: Duration::ZERO, retry_base: Duration::from_millis(1), ..config };
        let jobs = targets.iter().map(|target| Job::from(url(target))).collect();
        let mut done: Vec<Fetched> = fetcher(config).fetch_all(jobs).collect().await;
        done.sort_by_key(|fetched| (fetched.source.key(), fetched.attempt));
        done
    }

    fn page_of(fetched: &Fetched) -> &Page {
        match &fetched.reply {
            Ok(Reply::Page { page, .. }) => page,
            other => panic!("{}: not a page: {other:?}", fetched.source.key()),
        }
    }

    #[tokio::test]
    async fn fetch_all_reports_every_source_and_retries_only_what_may_pass() {
        let calls = Arc::new(std::sync::Mutex::new(HashMap::<String, u32>::new()));
        let seen = Arc::clone(&calls);
        let base = serve(move |path| {
            let mut calls = seen.lock().unwrap();
            let n = calls.entry(path.to_string()).or_default();
            *n += 1;
            match (path, *n) {
                ("/missing", _) => Response::from_string("").with_status_code(404),
                ("/flaky", 1) => Response::from_string("").with_status_code(503),
                ("/down", _) => Response::from_string("").with_status_code(500),
                _ => Response::from_string(path.to_string()),
            }
        });
        let targets: Vec<String> = ["/1", "/2", "/missing", "/flaky", "/down"].iter().map(|p| format!("{base}{p}")).collect();
        let done = batch(FetchConfig { concurrency: 2, ..FetchConfig::default() }, &targets).await;
        let summary: Vec<(String, u32, bool, bool)> = done
            .iter()
            .map(|f| (f.source.key().replace(&base, ""), f.attempt, f.reply.is_ok(), f.retry_at.is_some()))
            .collect();
        let row = |path: &str, attempt, ok, retry| (path.to_string(), attempt, ok, retry);
        assert_eq!(
            summary,
            vec![
                row("/1", 1, true, false),
                row("/2", 1, true, false),
                row("/down", 1, false, true),
                row("/down", 2, false, true),
                row("/down", 3, false, false),
                row("/flaky", 1, false, true),
                row("/flaky", 2, true, false),
                row("/missing", 1, false, false),
            ]
        );
        assert_eq!(page_of(&done[0]).bytes, b"/1");
        assert_eq!(calls.lock().unwrap()["/down"], 3, "max_attempts bounds the tries");
    }

    #[tokio::test]
    async fn retry_after_is_honoured_before_the_next_try() {
        let times = Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = Arc::clone(&times);
        let base = serve(move |path| {
            if path == "/robots.txt" {
                return Response::from_string("").with_status_code(404);
            }
            let mut times = seen.lock().unwrap();
            times.push(std::time::Instant::now());
            if times.len() == 1 {
                Response::from_string("").with_status_code(429).with_header(header("Retry-After", "1"))
            } else {
                Response::from_string("ok")
            }
        });
        let done = batch(FetchConfig::default(), &[format!("{base}/busy")]).await;
        assert_eq!(done.len(), 2);
        assert!(matches!(done[0].reply, Err(FetchError::Status { status: 429, retry_after: Some(_), .. })));
        let times = times.lock().unwrap();
        let waited = times[1] - times[0];
        assert!(waited >= Duration::from_millis(950), "retried after {waited:?}");
    }

    #[test]
    fn retry_delays_grow_with_jitter_and_respect_retry_after_and_the_cap() {
        let config = FetchConfig { retry_base: Duration::from_millis(100), ..FetchConfig::default() };
        for _ in 0..20 {
            let first = retry_delay(&config, 1, None);
            assert!((Duration::from_millis(50)..=Duration::from_millis(100)).contains(&first), "{first:?}");
            let third = retry_delay(&config, 3, None);
            assert!((Duration::from_millis(200)..=Duration::from_millis(400)).contains(&third), "{third:?}");
        }
        assert_eq!(retry_delay(&config, 1, Some(Duration::from_secs(5))), Duration::from_secs(5));
        assert_eq!(retry_delay(&config, 1, Some(Duration::from_secs(3600))), config.max_retry_after);
        assert_eq!(parse_retry_after(" 7 "), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO), "a past date");
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[tokio::test]
    async fn robots_txt_rules_and_server_errors_are_obeyed() {
        let open = serve(|path| match path {
            "/robots.txt" => Response::from_string(
                "User-agent: *\nDisallow: /\n\nUser-agent: claimscope\nDisallow: /private/\nAllow: /\n",
            ),
            _ => Response::from_string("article"),
        });
        let broken = serve(|path| match path {
            "/robots.txt" => Response::from_string("").with_status_code(503),
            _ => Response::from_string("article"),
        });
        let missing = serve(|path| match path {
            "/robots.txt" => Response::from_string("").with_status_code(404),
            _ => Response::from_string("article"),
        });
        let targets = [
            format!("{open}/news/a"),
            format!("{open}/private/b"),
            format!("{broken}/news/c"),
            format!("{missing}/news/d"),
        ];
        let done = batch(FetchConfig::default(), &targets).await;
        let outcome = |target: &str| {
            let fetched = done.iter().find(|f| f.source.key() == target).unwrap();
            assert!(fetched.retry_at.is_none(), "robots outcomes are not retried");
            fetched.reply.as_ref().map(|_| ()).map_err(ToString::to_string)
        };
        assert_eq!(outcome(&targets[0]), Ok(()), "our group allows /news/");
        assert_eq!(outcome(&targets[1]), Err(format!("{}: disallowed by robots.txt; leave it out or ask the site owner", targets[1])));
        assert!(outcome(&targets[2]).unwrap_err().contains("robots.txt answered HTTP 503"));
        assert_eq!(outcome(&targets[3]), Ok(()), "no robots.txt allows everything");
        assert_eq!(done.len(), 4);
    }

    #[tokio::test]
    async fn a_site_gets_at_most_per_host_requests_at_once() {
        let server = Arc::new(Server::http("127.0.0.1:0").unwrap());
        let addr = server.server_addr().to_ip().unwrap();
        let in_flight = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let peak = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        for _ in 0..6 {
            let (server, in_flight, peak) = (Arc::clone(&server), Arc::clone(&in_flight), Arc::clone(&peak));
            thread::spawn(move || {
                for request in server.incoming_requests() {
                    use std::sync::atomic::Ordering::SeqCst;
                    let now = in_flight.fetch_add(1, SeqCst) + 1;
                    peak.fetch_max(now, SeqCst);
                    thread::sleep(Duration::from_millis(60));
                    in_flight.fetch_sub(1, SeqCst);
                    let _ = request.respond(Response::from_string("x"));
                }
            });
        }
        let targets: Vec<String> = (0..8).map(|i| format!("http://{addr}/{i}")).collect();
        let config = FetchConfig { concurrency: 6, per_host: 2, ..FetchConfig::default() };
        let done = batch(config, &targets).await;
        assert_eq!(done.iter().filter(|f| f.reply.is_ok()).count(), 8);
        assert_eq!(peak.load(std::sync::atomic::Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_conditional_request_answered_304_is_not_modified() {
        let base = serve(|_| Response::from_string("v1").with_header(header("ETag", "\"v1\"")));
        let fetcher = fetcher(FetchConfig::default());
        let source = url(&format!("{base}/a"));
        let Reply::Page { validators, .. } = fetcher.fetch(&source, None).await.unwrap() else { panic!("a page") };
        assert_eq!(validators.etag.as_deref(), Some("\"v1\""));

        let server = Server::http("127.0.0.1:0").unwrap();
        let addr = server.server_addr().to_ip().unwrap();
        thread::spawn(move || {
            for request in server.incoming_requests() {
                let matches = request
                    .headers()
                    .iter()
                    .any(|h| h.field.equiv("If-None-Match") && h.value.as_str() == "\"v1\"");
                let reply = if matches { Response::from_string("").with_status_code(304) } else { Response::from_string("v2") };
                let _ = request.respond(reply);
            }
        });
        let source = url(&format!("http://{addr}/a"));
        assert!(matches!(fetcher.fetch(&source, Some(&validators)).await, Ok(Reply::NotModified)));
        let stale = Validators { etag: Some("\"v0\"".to_string()), last_modified: None };
        assert!(matches!(fetcher.fetch(&source, Some(&stale)).await, Ok(Reply::Page { .. })));
    }

    #[tokio::test]
    async fn binary_bodies_are_unsupported_by_header_or_by_first_bytes() {
        let base = serve(|path| match path {
            "/report.pdf" => Response::from_string("%PDF-1.7").with_header(header("Content-Type", "application/pdf")),
            "/disguised.html" => Response::from_string("%PDF-1.7 ...").with_header(header("Content-Type", "text/html")),
            _ => Response::from_string("<p>%PDF- is how PDFs start</p>").with_header(header("Content-Type", "text/html")),
        });
        let fetcher = fetcher(FetchConfig::default());
        for (path, shown) in [("/report.pdf", "application/pdf"), ("/disguised.html", "application/pdf (by its first bytes)")] {
            let err = get(&fetcher, &url(&format!("{base}{path}"))).await.unwrap_err();
            assert!(matches!(&err, FetchError::Unsupported { content_type, .. } if content_type == shown), "{err:?}");
            assert!(!err.is_retryable());
        }
        assert!(get(&fetcher, &url(&format!("{base}/article.html"))).await.is_ok());
    }

    #[test]
    fn url_keys_drop_fragments_and_tracking_parameters_only() {
        let key = |text: &str| url(text).key();
        assert_eq!(
            key("HTTPS://Example.com:443/a?id=7&utm_source=x&UTM_Medium=y#s2"),
            "https://example.com/a?id=7"
        );
        assert_eq!(
            key("http://example.com/a?utm_campaign=z&fbclid=1&GCLID=2"),
            "http://example.com/a"
        );
        assert_eq!(key("http://example.com/a?fbclid_note=1"), "http://example.com/a?fbclid_note=1");
        assert_eq!(
            key("http://example.com/a?q=a%20b&b"),
            "http://example.com/a?q=a%20b&b"
        );
    }

    #[test]
    fn expands_urls_lists_files_directories_and_stdin_without_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(
            root.join("urls.list"),
            "# reading list\nhttps://example.com/a\n\nnot a url\nftp://example.com/f\nhttps://example.com/a#again\n",
        )
        .unwrap();
        std::fs::write(root.join("lone.html"), "<p>x</p>").unwrap();
        let corpus = root.join("corpus");
        std::fs::create_dir_all(corpus.join("z")).unwrap();
        std::fs::create_dir_all(corpus.join("b")).unwrap();
        std::fs::write(corpus.join("z/1.txt"), "x").unwrap();
        std::fs::write(corpus.join("b/2.htm"), "x").unwrap();
        std::fs::write(corpus.join("a.html"), "x").unwrap();
        std::fs::write(corpus.join("notes.md"), "x").unwrap();
        std::fs::write(root.join("data.csv"), "holder,amount\n").unwrap();

        let arg = |path: &Path| path.display().to_string();
        let inputs = vec![
            arg(&root.join("urls.list")),
            arg(&root.join("lone.html")),
            arg(&corpus),
            // The same file again, by another spelling.
            arg(&corpus.join("b/../a.html")),
            "-".to_string(),
            "https://example.com/b?utm_source=feed".to_string(),
            "mailto://someone".to_string(),
            arg(&root.join("data.csv")),
            arg(&root.join("missing.html")),
        ];
        let mut stdin = Cursor::new(b"https://example.com/b\nhttps://example.com/c\n".to_vec());
        let (sources, errors) = expand_inputs_with_stdin(&inputs, &mut stdin);

        let canonical = |path: PathBuf| Source::File(path.canonicalize().unwrap());
        assert_eq!(
            sources,
            vec![
                url("https://example.com/a"),
                canonical(root.join("lone.html")),
                canonical(corpus.join("a.html")),
                canonical(corpus.join("b/2.htm")),
                canonical(corpus.join("z/1.txt")),
                url("https://example.com/b"),
                url("https://example.com/c"),
            ]
        );
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let list = arg(&root.join("urls.list"));
        assert_eq!(messages.len(), 5, "{messages:#?}");
        assert!(
            messages[0].starts_with(&format!("{list}:4: not a URL")),
            "{}",
            messages[0]
        );
        assert!(
            messages[1].starts_with(&format!("{list}:5: unsupported scheme \"ftp\"")),
            "{}",
            messages[1]
        );
        assert!(
            messages[2].starts_with("mailto://someone: unsupported scheme"),
            "{}",
            messages[2]
        );
        assert!(
            matches!(errors[3], InputError::NotAnInput { .. }),
            "{}",
            messages[3]
        );
        assert!(
            messages[4].starts_with(&format!(
                "{}: cannot read: No such file or directory",
                arg(&root.join("missing.html"))
            )),
            "{}",
            messages[4]
        );
    }

    /// A WARC archive of `records` (type, target, HTTP response bytes).
    fn warc_bytes(records: &[(warc::RecordType, &str, &[u8])]) -> Vec<u8> {
        let mut writer = warc::WarcWriter::new(std::io::BufWriter::new(Vec::new()));
        for (kind, target, body) in records {
            let record = warc::RecordBuilder::default()
                .warc_type(kind.clone())
                .header(warc::WarcHeader::TargetURI, target.as_bytes().to_vec())
                .body(body.to_vec())
                .build()
                .unwrap();
            writer.write(&record).unwrap();
        }
        writer.into_inner().unwrap()
    }

    #[test]
    fn a_warc_archive_yields_its_html_responses_plain_or_gzipped() {
        use std::io::Write;
        use warc::RecordType::{Request, Response};
        let html = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Japan sold.</p>";
        let chunked = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>Ch\r\n8\r\nina.</p>\r\n0\r\n\r\n";
        let image = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG";
        let moved = b"HTTP/1.1 301 Moved\r\nLocation: /b\r\n\r\n";
        let archive = warc_bytes(&[
            (Request, "https://news.example/a", b"GET /a HTTP/1.1\r\n\r\n"),
            (Response, "https://news.example/a?utm_source=rss", html),
            (Response, "https://news.example/b", chunked),
            (Response, "https://news.example/logo.png", image),
            (Response, "https://news.example/old", moved),
            (Response, "not a url", html),
        ]);
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("crawl.warc");
        std::fs::write(&plain, &archive).unwrap();
        let zipped = dir.path().join("crawl.warc.gz");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&archive).unwrap();
        std::fs::write(&zipped, gz.finish().unwrap()).unwrap();

        for path in [&plain, &zipped] {
            let read: Vec<Result<Page, WarcError>> = read_warc(path).unwrap().collect();
            assert_eq!(read.len(), 3, "{read:?}");
            let page = read[0].as_ref().unwrap();
            assert_eq!((page.url.as_str(), page.status), ("https://news.example/a", 200));
            assert_eq!(page.final_url, "https://news.example/a?utm_source=rss");
            assert_eq!(page.content_type.as_deref(), Some("text/html; charset=utf-8"));
            assert_eq!(page.bytes, b"<p>Japan sold.</p>");
            assert_eq!(read[1].as_ref().unwrap().bytes, b"<p>China.</p>", "chunks joined");
            let err = read[2].as_ref().unwrap_err().to_string();
            assert!(err.starts_with(&format!("{}: not a url: not a URL", path.display())), "{err}");
        }
        let (sources, errors) = expand_inputs_with_stdin(&[zipped.display().to_string()], &mut Cursor::new(Vec::new()));
        assert!(errors.is_empty());
        assert_eq!(sources, vec![Source::Warc(zipped.canonicalize().unwrap())]);
    }

    #[test]
    fn reading_stdin_twice_adds_nothing_new() {
        let mut stdin = Cursor::new(b"https://example.com/a\n".to_vec());
        let inputs = vec!["-".to_string(), "-".to_string()];
        let (sources, errors) = expand_inputs_with_stdin(&inputs, &mut stdin);
        assert_eq!(sources, vec![url("https://example.com/a")]);
        assert!(errors.is_empty());
    }

    #[test]
    fn a_txt_file_of_urls_is_a_list_and_prose_is_an_article() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("urls.txt");
        std::fs::write(&list, "# feed\nhttps://example.com/a\n\nhttps://example.com/b\n").unwrap();
        let prose = dir.path().join("note.txt");
        std::fs::write(&prose, "https://example.com/c\nChina trimmed its holdings.\n").unwrap();
        let inputs = [list, prose.clone()].map(|p| p.display().to_string());
        let (sources, errors) = expand_inputs_with_stdin(&inputs, &mut Cursor::new(Vec::new()));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            sources,
            vec![
                url("https://example.com/a"),
                url("https://example.com/b"),
                Source::File(prose.canonicalize().unwrap()),
            ]
        );
    }
}
