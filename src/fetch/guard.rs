//! No requests where the user did not send us: a redirect to, or a DNS
//! answer with, a non-public address (loopback, private, link-local,
//! CGNAT, multicast, unspecified, and their IPv4-mapped forms) is refused
//! unless the user's input named that host.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, RwLock};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

/// A connection refused for its address, found again in the error chain to
/// make [`super::FetchError::PrivateAddress`].
#[derive(Debug, thiserror::Error)]
#[error("{target} is a non-public address")]
pub(super) struct Refused {
    /// The host, and the address it resolved to if that is what gave it away.
    pub(super) target: String,
}

/// The hosts the user's input named; shared by the redirect policy and the
/// resolver of one [`super::Fetcher`].
#[derive(Debug, Clone, Default)]
pub(super) struct Named {
    hosts: Arc<RwLock<HashSet<String>>>,
    /// `--allow-private-addresses`: no address is refused.
    allow_all: bool,
}

impl Named {
    pub(super) fn new(allow_all: bool) -> Named {
        Named { hosts: Arc::default(), allow_all }
    }

    /// Adds the host of a URL the input named.
    pub(super) fn add(&self, url: &Url) {
        if let Some(host) = url.host_str() {
            // A poisoned lock only means a panic elsewhere; the set is intact.
            self.hosts.write().unwrap_or_else(|poisoned| poisoned.into_inner()).insert(host.to_ascii_lowercase());
        }
    }

    fn names(&self, host: &str) -> bool {
        self.allow_all
            || self.hosts.read().unwrap_or_else(|poisoned| poisoned.into_inner()).contains(&host.to_ascii_lowercase())
    }

    /// Why a redirect to `url` is refused, if it is: its host is an address
    /// literal that is not public and was not named. Names are checked
    /// when they resolve.
    pub(super) fn check_redirect(&self, url: &Url) -> Result<(), Refused> {
        let ip = match url.host() {
            Some(Host::Ipv4(ip)) => IpAddr::V4(ip),
            Some(Host::Ipv6(ip)) => IpAddr::V6(ip),
            _ => return Ok(()),
        };
        let host = url.host_str().unwrap_or_default();
        if is_public(ip) || self.names(host) {
            Ok(())
        } else {
            Err(Refused { target: host.to_string() })
        }
    }
}

impl Resolve for Named {
    fn resolve(&self, name: Name) -> Resolving {
        let named = self.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if !named.names(&host) {
                if let Some(private) = addrs.iter().find(|addr| !is_public(addr.ip())) {
                    let target = format!("{host} ({})", private.ip());
                    return Err(Box::new(Refused { target }) as Box<dyn std::error::Error + Send + Sync>);
                }
            }
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

/// Whether an address is on the public internet: not loopback, private,
/// link-local, shared (CGNAT), multicast, broadcast, unspecified,
/// documentation or reserved, nor an IPv4-mapped or -compatible form of one.
pub(super) fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(ip) => is_public_v4(ip),
        IpAddr::V6(ip) => match ip.to_ipv4_mapped().or_else(|| ipv4_compatible(ip)) {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(ip),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_unspecified()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0 && ip.octets()[2] == 0)
        || (a == 198 && (18..20).contains(&b))
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || (first == 0x2001 && ip.segments()[1] == 0x0db8)
        || (first == 0x0064 && ip.segments()[1] == 0xff9b))
}

/// The deprecated `::a.b.c.d` form, which some stacks still route to IPv4.
fn ipv4_compatible(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    (s[..6].iter().all(|&x| x == 0) && !ip.is_loopback() && !ip.is_unspecified()).then(|| {
        let [.., a, b, c, d] = ip.octets();
        Ipv4Addr::new(a, b, c, d)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_public() {
        for private in [
            "127.0.0.2", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
            "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd00::1", "ff02::1", "::ffff:127.0.0.1",
            "::ffff:10.0.0.1", "::10.0.0.1", "64:ff9b::7f00:1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["93.184.216.34", "8.8.8.8", "2606:2800:220:1:248:1893:25c8:1946", "::ffff:93.184.216.34"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn a_redirect_to_an_unnamed_private_literal_is_refused() {
        let named = Named::new(false);
        named.add(&Url::parse("http://127.0.0.1:8080/a").unwrap());
        assert!(named.check_redirect(&Url::parse("http://127.0.0.1:9/b").unwrap()).is_ok());
        assert!(named.check_redirect(&Url::parse("http://example.com/b").unwrap()).is_ok(), "names wait for DNS");
        let refused = named.check_redirect(&Url::parse("http://127.0.0.2:8080/b").unwrap()).unwrap_err();
        assert_eq!(refused.target, "127.0.0.2");
        assert!(named.check_redirect(&Url::parse("http://[::ffff:127.0.0.2]/").unwrap()).is_err());
        assert!(Named::new(true).check_redirect(&Url::parse("http://127.0.0.2/").unwrap()).is_ok());
    }
}
