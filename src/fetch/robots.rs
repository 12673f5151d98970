//! robots.txt: read once per site, obeyed.

use std::time::Duration;

use url::Url;

use super::client::{Fetcher, MAX_CRAWL_DELAY};
use super::error::FetchError;

/// Largest robots.txt read; RFC 9309 asks crawlers to read at least 500 KiB.
const MAX_ROBOTS_BYTES: usize = 512 * 1024;

/// What a site's robots.txt lets us do.
#[derive(Debug)]
pub(super) enum Robots {
    /// No usable robots.txt (404, unreachable, unparsable): everything.
    AllowAll,
    /// The rules of the group for our agent.
    Rules(texting_robots::Robot),
    /// robots.txt answered 5xx: nothing, for now (RFC 9309 2.3.1.4).
    DisallowAll { status: u16 },
}

impl Robots {
    pub(super) fn check(&self, url: &Url, key: &str) -> Result<(), FetchError> {
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

    pub(super) fn crawl_delay(&self) -> Duration {
        match self {
            Robots::Rules(robot) => robot
                .delay
                .filter(|seconds| seconds.is_finite() && *seconds > 0.0)
                .map_or(Duration::ZERO, |seconds| Duration::from_secs_f32(seconds).min(MAX_CRAWL_DELAY)),
            _ => Duration::ZERO,
        }
    }
}

impl Fetcher {
    /// Reads a site's robots.txt. Only a server error forbids the site; a
    /// missing file, any 4xx, a network failure or garbage allow it (the
    /// brief's reading of RFC 9309: an unreachable robots.txt must not
    /// stop a batch of news pages).
    pub(super) async fn robots(&self, url: &Url) -> Robots {
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
    use tiny_http::Response;

    use crate::fetch::testing::*;
    use crate::fetch::FetchConfig;

    #[tokio::test]
    pub(super) async fn robots_txt_rules_and_server_errors_are_obeyed() {
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
}
