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
//! 2. [`Fetcher::fetch_all`] yields one [`Fetched`] per source as soon as it
//!    completes, at most [`FetchConfig::concurrency`] at a time. Fetches only
//!    progress while the stream is polled, so a caller that stores each page
//!    before asking for the next holds the fetching back (the same back
//!    pressure a bounded channel gives) and can tick a progress bar per item:
//!
//! ```no_run
//! # async fn run() -> Result<(), claimscope::fetch::FetchError> {
//! use claimscope::fetch::{expand_inputs, FetchConfig, Fetcher};
//! use futures_util::StreamExt;
//!
//! let (sources, input_errors) = expand_inputs(&["https://example.com/a".to_string()]);
//! for err in &input_errors {
//!     eprintln!("{err}");
//! }
//! let fetcher = Fetcher::new(&FetchConfig::default())?;
//! let mut done = fetcher.fetch_all(sources);
//! while let Some(fetched) = done.next().await {
//!     match fetched.page {
//!         Ok(page) => println!("{} bytes from {}", page.bytes.len(), page.final_url),
//!         Err(err) => eprintln!("{err}"),
//!     }
//! }
//! # Ok(())
//! # }
//! ```

use std::collections::HashSet;
use std::io::{self, BufRead};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::stream::{self, Stream, StreamExt};
use reqwest::header::CONTENT_TYPE;
use reqwest::redirect;
use tokio::io::AsyncReadExt;
use url::Url;

/// One thing to ingest, as the user named it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    /// An `http(s)` URL.
    Url(url::Url),
    /// A local `.html`, `.htm` or `.txt` file.
    File(PathBuf),
}

impl Source {
    /// The key a source is stored and de-duplicated under: the URL, or
    /// `file://` plus the canonical path.
    ///
    /// URLs lose their fragment and `utm_*` tracking parameters, which name
    /// the same article; the rest of the query is kept byte for byte because
    /// it can select content. A file that cannot be canonicalised (it has
    /// gone) falls back to its absolute path so the key stays stable enough
    /// to name it in an error.
    pub fn key(&self) -> String {
        match self {
            Source::Url(url) => normalize_url(url).to_string(),
            Source::File(path) => {
                let absolute = std::fs::canonicalize(path)
                    .or_else(|_| std::path::absolute(path))
                    .unwrap_or_else(|_| path.clone());
                format!("file://{}", absolute.display())
            }
        }
    }
}

/// Drops the fragment and `utm_*` parameters from a URL.
fn normalize_url(url: &Url) -> Url {
    let mut url = url.clone();
    url.set_fragment(None);
    let kept = url.query().map(|query| {
        query
            .split('&')
            .filter(|pair| {
                let name = pair.split('=').next().unwrap_or_default();
                !name.to_ascii_lowercase().starts_with("utm_")
            })
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

/// Limits and identity for fetching; built into a [`Fetcher`].
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// Whole-request limit, body included.
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
    /// Fetches in flight at once in [`Fetcher::fetch_all`]; 0 counts as 1.
    pub concurrency: usize,
}

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
            concurrency: 8,
        }
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
    /// failures, 429 Too Many Requests and 5xx. The fetcher does not retry
    /// by itself; the caller decides how often and how long to wait.
    pub fn is_retryable(&self) -> bool {
        match self {
            FetchError::Timeout { .. }
            | FetchError::Connect { .. }
            | FetchError::Transfer { .. } => true,
            FetchError::Status { status, .. } => status_is_retryable(*status),
            _ => false,
        }
    }
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

/// One finished fetch from [`Fetcher::fetch_all`]: the source it was for
/// (kept so the caller can retry it) and its outcome.
#[derive(Debug)]
pub struct Fetched {
    /// The source as expanded.
    pub source: Source,
    /// The page, or why there is none.
    pub page: Result<Page, FetchError>,
}

/// Fetches sources with the limits of a [`FetchConfig`], sharing one
/// connection pool.
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    config: FetchConfig,
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
            config: config.clone(),
        })
    }

    /// Fetches one source: a GET for URLs, a read for files.
    pub async fn fetch(&self, source: &Source) -> Result<Page, FetchError> {
        let key = source.key();
        match source {
            Source::Url(url) => self.fetch_url(url, key).await,
            Source::File(path) => self.fetch_file(path, key).await,
        }
    }

    /// Fetches all sources, [`FetchConfig::concurrency`] at a time, yielding
    /// each as it completes (not in input order). See the module docs for
    /// how to drive it.
    pub fn fetch_all(&self, sources: Vec<Source>) -> impl Stream<Item = Fetched> + '_ {
        stream::iter(sources)
            .map(move |source| async move {
                let page = self.fetch(&source).await;
                Fetched { source, page }
            })
            .buffer_unordered(self.config.concurrency.max(1))
    }

    async fn fetch_url(&self, url: &Url, key: String) -> Result<Page, FetchError> {
        let mut response = self
            .client
            .get(url.clone())
            .send()
            .await
            .map_err(|err| self.classify(&key, err))?;
        let status = response.status();
        if !status.is_success() {
            return Err(FetchError::Status {
                url: key,
                status: status.as_u16(),
            });
        }
        let final_url = response.url().to_string();
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string);
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
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|err| self.classify(&key, err))?
        {
            if (bytes.len() + chunk.len()) as u64 > self.config.max_bytes {
                return Err(too_large(key));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Page {
            url: key,
            final_url,
            status: status.as_u16(),
            fetched_at: Utc::now(),
            content_type,
            bytes,
        })
    }

    async fn fetch_file(&self, path: &Path, key: String) -> Result<Page, FetchError> {
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
        Ok(Page {
            url: key.clone(),
            final_url: key,
            status: 200,
            fetched_at: Utc::now(),
            content_type,
            bytes,
        })
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

#[cfg(test)]
mod tests {
    use std::io::Cursor;
    use std::thread;

    use tiny_http::{Header, Response, Server, StatusCode};

    use super::*;

    type Reply = Response<Cursor<Vec<u8>>>;

    /// Serves `handler(path)` on a fresh loopback port until the test
    /// process exits; returns the base URL.
    fn serve(handler: impl Fn(&str) -> Reply + Send + 'static) -> String {
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

    fn redirect_to(location: &str) -> Reply {
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

    /// Fetches a URL that must fail and returns why.
    async fn fetch_error(config: FetchConfig, target: String) -> FetchError {
        fetcher(config).fetch(&url(&target)).await.unwrap_err()
    }

    #[tokio::test]
    async fn fetches_an_html_page_with_its_content_type() {
        let base = serve(|_| {
            Response::from_string("<html><title>TIC</title></html>")
                .with_header(header("Content-Type", "text/html; charset=utf-8"))
        });
        let page = fetcher(FetchConfig::default())
            .fetch(&url(&format!("{base}/article#top")))
            .await
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
        fetcher(FetchConfig::default())
            .fetch(&url(&format!("http://{addr}/")))
            .await
            .unwrap();
        let agent = seen.join().unwrap().unwrap();
        assert!(agent.starts_with("claimscope/"), "{agent}");
    }

    #[tokio::test]
    async fn not_found_is_a_status_error_that_is_not_retryable() {
        let base = serve(|_| Response::from_string("gone").with_status_code(404));
        let err = fetch_error(FetchConfig::default(), format!("{base}/a")).await;
        assert!(
            matches!(err, FetchError::Status { status: 404, .. }),
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
            let err = fetcher
                .fetch(&url(&format!("{base}{path}")))
                .await
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
        let page = fetcher(FetchConfig::default())
            .fetch(&url(&format!("{base}/a")))
            .await
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
            let err = fetcher
                .fetch(&url(&format!("{base}{path}")))
                .await
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

        let page = fetcher.fetch(&Source::File(text.clone())).await.unwrap();
        let key = format!("file://{}", text.canonicalize().unwrap().display());
        assert_eq!(
            (page.url.as_str(), page.final_url.as_str()),
            (key.as_str(), key.as_str())
        );
        assert_eq!(page.status, 200);
        assert_eq!(page.content_type.as_deref(), Some("text/plain"));
        assert_eq!(page.bytes, b"holdings fell");

        let err = fetcher.fetch(&Source::File(html)).await.unwrap_err();
        assert!(
            matches!(err, FetchError::TooLarge { limit: 13, .. }),
            "{err:?}"
        );
    }

    #[tokio::test]
    async fn a_missing_file_names_its_key_and_the_os_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("gone.html");
        let err = fetcher(FetchConfig::default())
            .fetch(&Source::File(missing.clone()))
            .await
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

    #[tokio::test]
    async fn fetch_all_yields_every_source_once() {
        let base = serve(|path| match path {
            "/missing" => Response::from_string("").with_status_code(404),
            _ => Response::from_string(path.to_string()),
        });
        let sources: Vec<Source> = ["/1", "/2", "/missing", "/3"]
            .iter()
            .map(|path| url(&format!("{base}{path}")))
            .collect();
        let config = FetchConfig {
            concurrency: 2,
            ..FetchConfig::default()
        };
        let fetcher = fetcher(config);
        let mut done: Vec<Fetched> = fetcher.fetch_all(sources.clone()).collect().await;
        done.sort_by_key(|fetched| fetched.source.key());
        assert_eq!(done.len(), 4);
        for fetched in &done {
            match &fetched.page {
                Ok(page) => {
                    assert_eq!(page.url, fetched.source.key());
                    assert!(page
                        .url
                        .ends_with(std::str::from_utf8(&page.bytes).unwrap()));
                }
                Err(err) => assert!(err.to_string().starts_with(&format!("{base}/missing:"))),
            }
        }
        assert_eq!(
            done.iter().filter(|fetched| fetched.page.is_err()).count(),
            1
        );
    }

    #[test]
    fn url_keys_drop_fragments_and_tracking_parameters_only() {
        let key = |text: &str| url(text).key();
        assert_eq!(
            key("HTTPS://Example.com:443/a?id=7&utm_source=x&UTM_Medium=y#s2"),
            "https://example.com/a?id=7"
        );
        assert_eq!(
            key("http://example.com/a?utm_campaign=z"),
            "http://example.com/a"
        );
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
