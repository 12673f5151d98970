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

mod batch;
mod client;
mod error;
mod guard;
mod inputs;
mod members;
mod payload;
mod robots;
mod warc;

pub use batch::Fetched;
pub use client::{FetchConfig, Fetcher, Job, Reply, Validators, MAX_CRAWL_DELAY};
pub use error::{FetchError, InputError, UrlProblem};
pub use inputs::{expand_inputs, Source};
pub use warc::{read_archive, ArchiveCounts, ArchiveReader, Record, Revisits, WarcError};

use chrono::{DateTime, Utc};

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

/// Loopback servers and shorthands shared by the stage's tests.
#[cfg(test)]
mod testing {
    use std::io::Cursor;
    use std::thread;
    use std::time::Duration;

    use futures_util::StreamExt;
    use tiny_http::{Header, Response, Server};
    use url::Url;

    use super::*;

    pub(super) type Canned = Response<Cursor<Vec<u8>>>;

    /// Serves `handler(path)` on a fresh loopback port until the test
    /// process exits; returns the base URL.
    pub(super) fn serve(handler: impl Fn(&str) -> Canned + Send + 'static) -> String {
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

    pub(super) fn header(name: &str, value: &str) -> Header {
        Header::from_bytes(name, value).unwrap()
    }

    pub(super) fn redirect_to(location: &str) -> Canned {
        Response::from_string("")
            .with_status_code(302)
            .with_header(header("Location", location))
    }

    pub(super) fn url(text: &str) -> Source {
        Source::Url(Url::parse(text).unwrap())
    }

    pub(super) fn fetcher(config: FetchConfig) -> Fetcher {
        Fetcher::new(&config).unwrap()
    }

    /// Fetches a source once, unconditionally, expecting a page or an error.
    pub(super) async fn get(fetcher: &Fetcher, source: &Source) -> Result<Page, FetchError> {
        match fetcher.fetch(source, None).await? {
            Reply::Page { page, .. } => Ok(page),
            Reply::NotModified => panic!("304 without validators"),
        }
    }

    /// Fetches a URL that must fail and returns why.
    pub(super) async fn fetch_error(config: FetchConfig, target: String) -> FetchError {
        get(&fetcher(config), &url(&target)).await.unwrap_err()
    }

    /// Runs a batch to the end with no delays between requests.
    pub(super) async fn batch(config: FetchConfig, targets: &[String]) -> Vec<Fetched> {
        let config = FetchConfig { host_delay: Duration::ZERO, retry_base: Duration::from_millis(1), ..config };
        let jobs = targets.iter().map(|target| Job::from(url(target))).collect();
        let mut done: Vec<Fetched> = fetcher(config).fetch_all(jobs).collect().await;
        done.sort_by_key(|fetched| (fetched.source.key(), fetched.attempt));
        done
    }

    pub(super) fn page_of(fetched: &Fetched) -> &Page {
        match &fetched.reply {
            Ok(Reply::Page { page, .. }) => page,
            other => panic!("{}: not a page: {other:?}", fetched.source.key()),
        }
    }
}
