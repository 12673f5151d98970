//! Why an input, a fetch or a request failed.

use std::io;
use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};

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
    #[error("{url}: more than {limit} redirects; pass the final URL instead")]
    TooManyRedirects {
        /// The source's key.
        url: String,
        /// The limit that was exceeded.
        limit: usize,
    },
    /// A redirect or a DNS answer led to a non-public address (loopback,
    /// private, link-local, ...) of a host the input did not name.
    #[error(
        "{url}: refused to connect to {target}, a non-public address no input named; \
         pass --allow-private-addresses if it is meant"
    )]
    PrivateAddress {
        /// The source's key.
        url: String,
        /// The host, and its address when a DNS answer gave it.
        target: String,
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
    pub(super) fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// A `Retry-After` header: delay seconds or an HTTP date (RFC 9110 10.2.3).
pub(super) fn parse_retry_after(value: &str) -> Option<Duration> {
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
pub(super) fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}
