//! One request or file read, with limits: [`Fetcher::fetch`].

use std::io;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::{CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, RETRY_AFTER};
use reqwest::redirect;
use tokio::io::AsyncReadExt;
use url::Url;

use super::error::{parse_retry_after, root_cause, FetchError};
use super::guard::{Named, Refused};
use super::inputs::{article_extension, Source};
use super::Page;

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
    /// Connect to non-public addresses reached through a redirect or a DNS
    /// answer even when no input named the host (off: such a request is
    /// [`FetchError::PrivateAddress`]).
    pub allow_private_addresses: bool,
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
            allow_private_addresses: false,
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

/// Why the redirect policy stopped following; found again in the error
/// chain to pick the [`FetchError`] variant.
#[derive(Debug, thiserror::Error)]
enum RedirectStop {
    #[error("redirect loop")]
    Loop,
    #[error("too many redirects")]
    TooMany,
}

fn redirect_policy(max_redirects: usize, named: Named) -> redirect::Policy {
    redirect::Policy::custom(move |attempt| {
        // `previous` starts with the original URL, so it holds one more
        // entry than the redirects followed so far.
        if attempt.previous().contains(attempt.url()) {
            attempt.error(RedirectStop::Loop)
        } else if attempt.previous().len() > max_redirects {
            attempt.error(RedirectStop::TooMany)
        } else if let Err(refused) = named.check_redirect(attempt.url()) {
            attempt.error(refused)
        } else {
            attempt.follow()
        }
    })
}

/// Fetches sources with the limits of a [`FetchConfig`], sharing one
/// connection pool.
#[derive(Debug, Clone)]
pub struct Fetcher {
    pub(super) client: reqwest::Client,
    pub(super) config: Arc<FetchConfig>,
    /// The hosts the input named, which may be private.
    named: Named,
}

impl Fetcher {
    /// Builds the HTTP client once; it is cheap to clone and reuses
    /// connections across fetches.
    pub fn new(config: &FetchConfig) -> Result<Fetcher, FetchError> {
        let named = Named::new(config.allow_private_addresses);
        let client = reqwest::Client::builder()
            .user_agent(config.user_agent.as_str())
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .redirect(redirect_policy(config.max_redirects, named.clone()))
            .dns_resolver(Arc::new(named.clone()))
            .build()
            .map_err(|err| FetchError::Client {
                cause: root_cause(&err),
            })?;
        Ok(Fetcher { client, config: Arc::new(config.clone()), named })
    }

    /// Fetches one source once: a GET for URLs (conditional when
    /// `validators` are given), a read for files. No robots.txt, no retries,
    /// no per-site limits: [`Fetcher::fetch_all`] adds those.
    pub async fn fetch(&self, source: &Source, validators: Option<&Validators>) -> Result<Reply, FetchError> {
        let key = source.key();
        match source {
            Source::Url(url) => {
                self.name(url);
                self.fetch_url(url, key, validators).await
            }
            Source::File(path) => self.fetch_file(path, key).await,
            Source::Archive(_) => Err(FetchError::Unreadable {
                url: key,
                cause: io::Error::other("an archive holds many pages: read it with read_archive, not fetch"),
            }),
        }
    }


    /// Records that the input named `url`'s host, so a redirect or a DNS
    /// answer may lead to it even if its address is private.
    pub(super) fn name(&self, url: &Url) {
        self.named.add(url);
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
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&err);
        while let Some(current) = cause {
            if let Some(refused) = current.downcast_ref::<Refused>() {
                return FetchError::PrivateAddress { url, target: refused.target.clone() };
            }
            cause = current.source();
        }
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

#[cfg(test)]
mod tests {
    use std::io::Cursor;
    use std::thread;

    use tiny_http::{Response, Server, StatusCode};

    use super::*;
    use crate::fetch::testing::*;

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
    async fn redirects_to_unnamed_private_hosts_are_refused_by_address_and_by_dns_answer() {
        // 127.0.0.2 and `localhost` are loopback, and no input names them.
        let target = Server::http("127.0.0.2:0").expect("bind 127.0.0.2 (Linux routes all of 127/8)");
        let port = target.server_addr().to_ip().unwrap().port();
        thread::spawn(move || {
            for request in target.incoming_requests() {
                let _ = request.respond(Response::from_string("inside"));
            }
        });
        let base = serve(move |path| match path {
            "/literal" => redirect_to(&format!("http://127.0.0.2:{port}/")),
            "/name" => redirect_to(&format!("http://localhost:{port}/")),
            _ => Response::from_string("named"),
        });
        let guarded = fetcher(FetchConfig::default());
        let err = get(&guarded, &url(&format!("{base}/literal"))).await.unwrap_err();
        assert!(matches!(&err, FetchError::PrivateAddress { target, .. } if target == "127.0.0.2"), "{err:?}");
        assert!(!err.is_retryable());
        let err = get(&guarded, &url(&format!("{base}/name"))).await.unwrap_err();
        assert!(matches!(&err, FetchError::PrivateAddress { target, .. } if target.starts_with("localhost (")), "{err:?}");
        assert_eq!(get(&guarded, &url(&format!("{base}/named"))).await.unwrap().bytes, b"named", "the named host is fine");

        let allowed = fetcher(FetchConfig { allow_private_addresses: true, ..FetchConfig::default() });
        assert_eq!(get(&allowed, &url(&format!("{base}/literal"))).await.unwrap().bytes, b"inside");
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
}
