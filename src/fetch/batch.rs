//! Many requests, politely: [`Fetcher::fetch_all`].

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::stream::{self, Stream};
use tokio::sync::{mpsc, AcquireError, OnceCell, Semaphore, SemaphorePermit};
use url::Url;

use super::client::{FetchConfig, Fetcher, Job, Reply};
use super::error::FetchError;
use super::inputs::Source;
use super::robots::Robots;

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

impl Fetcher {
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
        for job in &jobs {
            if let Source::Url(url) = &job.source {
                self.name(url);
            }
        }
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
            Source::File(_) | Source::Archive(_) => None,
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

#[cfg(test)]
mod tests {
    use std::thread;

    use tiny_http::{Response, Server};

    use super::*;
    use crate::fetch::error::parse_retry_after;
    use crate::fetch::testing::*;

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
        // The limit is a bound: how many of the allowed two overlap depends
        // on scheduling, so only "never more than two" is asserted.
        let peak = peak.load(std::sync::atomic::Ordering::SeqCst);
        assert!((1..=2).contains(&peak), "peak {peak} requests at once to one site");
    }
}
