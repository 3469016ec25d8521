//! `private-ip`: IP addresses of internal networks.
//!
//! Why it matters: private addresses (with ports and subnets) sketch the
//! company's internal network, which helps an attacker plan; in a screenshot
//! caption or a "how we set up our lab" post they are easy to overlook.
//!
//! Example: "Der Build-Server läuft auf 10.20.30.40:8080" flags `10.20.30.40:8080`.
//!
//! IPv4 addresses with four valid octets (0 to 255, no leading zeros) in the
//! RFC 1918 ranges (10/8, 172.16/12, 192.168/16) and link-local 169.254/16,
//! with an optional `/prefix` or `:port`; IPv6 unique local (fc00::/7) and
//! link-local (fe80::/10) addresses, parsed in full. Three-part numbers
//! (`10.2.3`) and longer dotted runs (`1.10.0.0.1`) are not addresses.
//! Confidence: medium; high with a `/prefix`, a `:port` or a context word
//! (IP, Server, Host, VPN, SSH, Gateway, Subnetz, réseau, rete ...); low right
//! after "Version", "Release", "Firmware" or "v" (a version number that looks
//! like an address), for loopback addresses (127/8), and for the factory
//! addresses of home routers (`192.168.0.1`, `192.168.1.1`, `192.168.178.1`
//! ... without a port or prefix), which are the same in every home and reveal
//! nothing about a company's network ("Den Router erreicht ihr unter
//! 192.168.1.1").

use std::net::{Ipv4Addr, Ipv6Addr};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::around::{char_after, char_before, context_near, second_char_after, second_char_before};
use super::scan::digit_groups;
use super::{Candidate, Confidence, Detector, DetectorOptions};

/// Finds private IPv4 and IPv6 addresses.
pub struct PrivateIp;

static V4: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\b(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?:/[0-9]{1,2}\b|:[0-9]{1,5}\b)?").ok()
});

static V6: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:f[cd][0-9a-f]{2}|fe[89ab][0-9a-f]):[0-9a-f:]{1,40}(?:%[0-9a-z]{1,16})?(?:/[0-9]{1,3}\b)?").ok()
});

const CONTEXT: &[&str] = &[
    "ip",
    "server",
    "host",
    "vpn",
    "ssh",
    "rdp",
    "gateway",
    "router",
    "subnet",
    "netz",
    "network",
    "réseau",
    "rete",
    "dns",
    "proxy",
    "firewall",
    "intranet",
    "lan",
    "vlan",
    "adresse",
    "address",
    "indirizzo",
    "http",
    "ping",
    "nas",
];

const VERSION_WORDS: &[&str] = &[
    "version", "release", "firmware", "v", "ver", "patch", "os", "ios", "android", "kernel",
];

fn is_loopback_or_private(ip: Ipv4Addr) -> Option<bool> {
    let [a, b, ..] = ip.octets();
    let private = a == 10
        || (a == 172 && (16..=31).contains(&b))
        || (a == 192 && b == 168)
        || (a == 169 && b == 254);
    if private {
        Some(false)
    } else if a == 127 {
        Some(true)
    } else {
        None
    }
}

/// The addresses home routers ship with (and that how-tos name): the same in
/// every household, so they say nothing about anyone's network.
const ROUTER_DEFAULTS: &[[u8; 4]] = &[
    [192, 168, 0, 1],
    [192, 168, 1, 1],
    [192, 168, 1, 254],
    [192, 168, 2, 1],
    [192, 168, 178, 1],
    [192, 168, 100, 1],
    [10, 0, 0, 1],
    [10, 0, 0, 138],
];

fn v4_confidence(
    text: &str,
    span: &Range<usize>,
    ip: Ipv4Addr,
    suffix: bool,
    loopback: bool,
) -> Confidence {
    if loopback || (!suffix && ROUTER_DEFAULTS.contains(&ip.octets())) {
        Confidence::Low
    } else if suffix {
        Confidence::High
    } else if context_near(text, span, 12, 0, VERSION_WORDS) {
        Confidence::Low
    } else if context_near(text, span, 40, 20, CONTEXT) {
        Confidence::High
    } else {
        Confidence::Medium
    }
}

/// Whether `text` has the digits of an IPv4 address: three groups of one to
/// three digits, each followed by a dot and the next group. Every address `V4`
/// finds has them; most drafts have none, and then `V4` is not run.
fn has_dotted_quad(text: &str) -> bool {
    let dot_at = |pos: usize| text.as_bytes().get(pos) == Some(&b'.');
    let mut chain = 0;
    let mut last_end = None;
    for group in digit_groups(text) {
        let joined = last_end.is_some_and(|end| dot_at(end) && group.start == end + 1);
        chain = if joined { chain + 1 } else { 1 };
        if chain == 4 {
            return true;
        }
        // only a short group can go on, and only with a dot after it
        if group.len() > 3 {
            chain = 0;
        }
        last_end = Some(group.end);
    }
    false
}

/// Whether `text` has the start of a unique local or link-local IPv6 address:
/// a colon after four hex digits that begin with `f` (`fd12:`, `fe80:`). Every
/// address `V6` finds has one.
fn has_private_v6_start(text: &str) -> bool {
    text.match_indices(':').any(|(colon, _)| {
        colon
            .checked_sub(4)
            .and_then(|start| text.as_bytes().get(start..colon))
            .is_some_and(|head| {
                head.first().is_some_and(|b| b.eq_ignore_ascii_case(&b'f'))
                    && head.iter().all(u8::is_ascii_hexdigit)
            })
    })
}

impl Detector for PrivateIp {
    fn id(&self) -> &'static str {
        "private-ip"
    }

    fn summary(&self) -> &'static str {
        "private and link-local IP addresses (10.x, 172.16-31.x, 192.168.x, 169.254.x, fc00::/7, fe80::/10); loopback (127.x) at low confidence"
    }

    fn example(&self) -> &'static str {
        "Server auf `10.20.30.40:8080`"
    }

    fn find(&self, text: &str, _: &DetectorOptions, found: &mut Vec<Candidate>) {
        if let Some(re) = has_dotted_quad(text).then(|| V4.as_ref()).flatten() {
            for m in re.find_iter(text) {
                // Not part of a longer dotted number, and not "1.2.3.4.5".
                if char_before(text, m.start()) == Some('.')
                    && second_char_before(text, m.start()).is_some_and(|c| c.is_ascii_digit())
                {
                    continue;
                }
                if matches!(char_after(text, m.end()), Some('.' | ',' | ':'))
                    && second_char_after(text, m.end()).is_some_and(|c| c.is_ascii_digit())
                {
                    continue;
                }
                let s = m.as_str();
                let addr_len = s.find(['/', ':']).unwrap_or(s.len());
                let Some(addr) = s.get(..addr_len) else {
                    continue;
                };
                if addr.split('.').any(|o| o.len() > 1 && o.starts_with('0')) {
                    continue;
                }
                let Ok(ip) = addr.parse::<Ipv4Addr>() else {
                    continue;
                };
                let Some(loopback) = is_loopback_or_private(ip) else {
                    continue;
                };
                let suffix_ok = match s.get(addr_len..) {
                    Some(rest) if rest.starts_with('/') => rest
                        .get(1..)
                        .and_then(|p| p.parse::<u8>().ok())
                        .is_some_and(|p| p <= 32),
                    Some(rest) if rest.starts_with(':') => {
                        rest.get(1..).and_then(|p| p.parse::<u16>().ok()).is_some()
                    }
                    _ => false,
                };
                let span = if suffix_ok {
                    m.range()
                } else {
                    m.start()..m.start() + addr_len
                };
                let confidence = v4_confidence(text, &span, ip, suffix_ok, loopback);
                found.push(Candidate { span, confidence });
            }
        }
        if let Some(re) = has_private_v6_start(text).then(|| V6.as_ref()).flatten() {
            for m in re.find_iter(text) {
                if char_before(text, m.start()).is_some_and(|c| c == ':' || c.is_ascii_hexdigit()) {
                    continue;
                }
                let s = m.as_str();
                let addr_len = s.find(['%', '/']).unwrap_or(s.len());
                let Some(addr) = s.get(..addr_len) else {
                    continue;
                };
                // A sentence may end with a colon right after the address.
                let addr = if addr.ends_with(':') && !addr.ends_with("::") {
                    addr.trim_end_matches(':')
                } else {
                    addr
                };
                let Ok(ip) = addr.parse::<Ipv6Addr>() else {
                    continue;
                };
                let first = ip.segments().first().copied().unwrap_or(0);
                if first & 0xfe00 != 0xfc00 && first & 0xffc0 != 0xfe80 {
                    continue;
                }
                let end = if addr.len() < addr_len {
                    m.start() + addr.len()
                } else {
                    m.end()
                };
                let span = m.start()..end;
                let confidence = if context_near(text, &span, 40, 20, CONTEXT) || addr_len < s.len()
                {
                    Confidence::High
                } else {
                    Confidence::Medium
                };
                found.push(Candidate { span, confidence });
            }
        }
        found.sort_by_key(|c| c.span.start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing;

    fn find(text: &str) -> Vec<(&str, Confidence)> {
        testing::found(&PrivateIp, text)
    }

    #[test]
    fn home_router_defaults_are_low_unless_a_port_or_prefix_says_more() {
        assert_eq!(
            find("Die meisten Router erreicht ihr unter 192.168.1.1 oder 192.168.0.1."),
            [
                ("192.168.1.1", Confidence::Low),
                ("192.168.0.1", Confidence::Low)
            ]
        );
        assert_eq!(
            find("Fritzbox: 192.168.178.1:8443"),
            [("192.168.178.1:8443", Confidence::High)]
        );
        assert_eq!(
            find("Unser Server 192.168.1.2"),
            [("192.168.1.2", Confidence::High)]
        );
    }

    #[test]
    fn finds_private_ipv4_addresses() {
        assert_eq!(
            find("Der Build-Server läuft auf 10.20.30.40:8080."),
            [("10.20.30.40:8080", Confidence::High)]
        );
        assert_eq!(
            find("Subnetz 172.16.0.0/12 und 192.168.1.20"),
            [
                ("172.16.0.0/12", Confidence::High),
                ("192.168.1.20", Confidence::High)
            ]
        );
        assert_eq!(
            find("Drucker: 192.168.178.31 (2. Stock)"),
            [("192.168.178.31", Confidence::Medium)]
        );
        assert_eq!(
            find("link-local 169.254.10.1"),
            [("169.254.10.1", Confidence::Medium)]
        );
    }

    #[test]
    fn finds_private_ipv6_addresses() {
        assert_eq!(
            find("ULA fd12:3456:789a:1::1 im Labor"),
            [("fd12:3456:789a:1::1", Confidence::Medium)]
        );
        assert_eq!(
            find("Ping fe80::1ff:fe23:4567:890a%eth0"),
            [("fe80::1ff:fe23:4567:890a%eth0", Confidence::High)]
        );
    }

    #[test]
    fn loopback_and_versions_are_low() {
        assert_eq!(
            find("localhost 127.0.0.1"),
            [("127.0.0.1", Confidence::Low)]
        );
        assert_eq!(
            find("Version 10.0.0.1 ist da"),
            [("10.0.0.1", Confidence::Low)]
        );
    }

    #[test]
    fn ignores_public_addresses_and_lookalikes() {
        assert!(find("DNS 8.8.8.8 und 1.1.1.1").is_empty());
        assert!(find("Release 10.2.3 und Halle 4.2").is_empty());
        assert!(find("10.256.1.1 und 192.168.01.1").is_empty());
        assert!(find("1.10.0.0.1 und 10.0.0.1.5").is_empty());
        assert!(find("am 10.12.2026 um 9.30").is_empty());
        assert!(find("Zeit 10:30:00 und fe80 Punkte").is_empty());
        assert!(find("2001:db8::1 ist Doku").is_empty());
    }
}
