//! `internal-url`: links to the company's internal systems (intranet, wiki,
//! ticket system, dashboards).
//!
//! Why it matters: an internal link tells outsiders which tools and hosts
//! exist, often carries project names or ticket numbers in its path, and is
//! useless to the readers anyway.
//!
//! Example: with `internal_hosts: ["*.corp.example.com"]`,
//! `"Details: https://wiki.corp.example.com/x/Projekt-Falke"` flags the link.
//!
//! Finds links with a scheme (`https://`, `http://`, `ftp://`, `ws://` ...) and,
//! for hosts named in the rule's `internal_hosts`, also bare host names
//! (`jira.corp.example.com/browse/ABC-12`). `internal_hosts` entries are host
//! names (`intranet`, `wiki.acme.ch`) or wildcards (`*.corp.example.com`, which
//! matches `corp.example.com` and every name below it), compared without case.
//! Without any configuration it still flags links to single-label hosts
//! (`http://wiki/`, `https://intranet/start`) and to names under internal-only
//! suffixes (`.local`, `.lan`, `.internal`, `.intranet`, `.corp`, `.home.arpa`)
//! at medium confidence; configured hosts are high; `localhost` is low. Links
//! to IP addresses are left to `private-ip`.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::around::char_before;
use super::scan::has_case_exotic;
use super::{Candidate, Confidence, Detector, DetectorOptions};

/// Finds links to internal hosts.
pub struct InternalUrl;

static URL: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r#"(?i)\b(?:https?|ftps?|wss?)://[^\s<>"'`{}|\\^\[\]]+"#).ok());

static BARE_HOST: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?)+(?::[0-9]{1,5})?(?:/[^\s<>"'`{}|\\^\[\]]*)?"#).ok()
});

const INTERNAL_SUFFIXES: &[&str] = &[
    ".local",
    ".lan",
    ".internal",
    ".intranet",
    ".corp",
    ".home.arpa",
    ".localdomain",
    ".intra",
];

/// Whether `host` (lower case) matches one of the configured patterns.
fn matches_configured(host: &str, patterns: &[String]) -> bool {
    let host = host.trim_end_matches('.');
    patterns.iter().any(|p| {
        let p = p.trim().trim_end_matches('.').to_lowercase();
        match p.strip_prefix("*.") {
            Some(domain) => {
                !domain.is_empty()
                    && (host == domain
                        || host
                            .strip_suffix(domain)
                            .is_some_and(|head| head.ends_with('.')))
            }
            None => !p.is_empty() && host == p,
        }
    })
}

/// The host of a URL written after its `scheme://`, in lower case, without user info and port.
fn host_of(after_scheme: &str) -> String {
    let authority = after_scheme.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if host_port.starts_with('[') {
        host_port
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    host.to_lowercase()
}

fn is_ip_literal(host: &str) -> bool {
    host.starts_with('[')
        || (!host.is_empty() && host.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// Trims sentence punctuation and an unbalanced closing bracket off a link's end.
fn trim_link(text: &str, span: Range<usize>) -> Range<usize> {
    let Some(s) = text.get(span.clone()) else {
        return span;
    };
    let mut t = s.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '"', '»', '”']);
    while t.ends_with(')') && t.matches(')').count() > t.matches('(').count() {
        t = t
            .strip_suffix(')')
            .unwrap_or(t)
            .trim_end_matches(['.', ',', ';', ':', '!', '?']);
    }
    span.start..span.start + t.len()
}

fn classify(host: &str, options: &DetectorOptions) -> Option<Confidence> {
    let host = host.trim_end_matches('.');
    if host.is_empty() || is_ip_literal(host) {
        return None;
    }
    if matches_configured(host, &options.internal_hosts) {
        Some(Confidence::High)
    } else if host == "localhost" {
        Some(Confidence::Low)
    } else if !host.contains('.') || INTERNAL_SUFFIXES.iter().any(|s| host.ends_with(s)) {
        Some(Confidence::Medium)
    } else {
        None
    }
}

/// Whether `text` may hold a bare host name this detector reports: one of
/// [`INTERNAL_SUFFIXES`] or a configured name in it, ignoring case. A draft
/// without is not searched for host names (its words with dots are many).
fn may_name_internal_host(text: &str, options: &DetectorOptions) -> bool {
    let has_suffix = text.match_indices('.').any(|(dot, _)| {
        let rest = text.as_bytes().get(dot..).unwrap_or(&[]);
        INTERNAL_SUFFIXES.iter().any(|s| {
            rest.get(..s.len())
                .is_some_and(|r| r.eq_ignore_ascii_case(s.as_bytes()))
        })
    });
    if has_suffix || options.internal_hosts.is_empty() {
        return has_suffix;
    }
    let names: Vec<String> = options
        .internal_hosts
        .iter()
        .map(|p| {
            let p = p.trim().trim_end_matches('.').to_lowercase();
            p.strip_prefix("*.").map(str::to_owned).unwrap_or(p)
        })
        .collect();
    // A host is matched in lower case: the Kelvin sign is a `k` then.
    if has_case_exotic(text) || names.iter().any(|n| !n.is_ascii()) {
        return true;
    }
    let lower = text.to_ascii_lowercase();
    names
        .iter()
        .any(|n| !n.is_empty() && lower.contains(n.as_str()))
}

impl Detector for InternalUrl {
    fn id(&self) -> &'static str {
        "internal-url"
    }

    fn summary(&self) -> &'static str {
        "links to internal hosts: those a rule lists in `options.internal_hosts` (`*.corp.example.com`, `intranet`), single-label hosts (`http://wiki/`) and `.local`, `.internal`, `.corp` names"
    }

    fn example(&self) -> &'static str {
        "siehe `https://wiki.corp.example.com/x/Projekt`"
    }

    fn find(&self, text: &str, options: &DetectorOptions, found: &mut Vec<Candidate>) {
        let mut links: Vec<Range<usize>> = Vec::new();
        // Every link has "://": most drafts have none, and then URL is not even compiled.
        if let Some(re) = text.contains("://").then(|| URL.as_ref()).flatten() {
            for m in re.find_iter(text) {
                links.push(m.range());
                let after = m
                    .as_str()
                    .find("://")
                    .map_or("", |i| m.as_str().get(i + 3..).unwrap_or(""));
                if let Some(confidence) = classify(&host_of(after), options) {
                    found.push(Candidate {
                        span: trim_link(text, m.range()),
                        confidence,
                    });
                }
            }
        }
        // Bare host names count only when configured (or under an internal-only suffix with a path).
        let Some(re) = may_name_internal_host(text, options)
            .then(|| BARE_HOST.as_ref())
            .flatten()
        else {
            found.sort_by_key(|c| c.span.start);
            return;
        };
        let mut next_link = 0;
        for m in re.find_iter(text) {
            while links.get(next_link).is_some_and(|l| l.end <= m.start()) {
                next_link += 1;
            }
            if links.get(next_link).is_some_and(|l| l.start <= m.start()) {
                continue;
            }
            if matches!(
                char_before(text, m.start()),
                Some('@' | '.' | '/' | ':' | '-')
            ) {
                continue;
            }
            let host = host_of(m.as_str());
            let confidence = if matches_configured(&host, &options.internal_hosts) {
                Confidence::High
            } else if INTERNAL_SUFFIXES.iter().any(|s| host.ends_with(s))
                && m.as_str().len() > host.len()
            {
                Confidence::Medium
            } else {
                continue;
            };
            found.push(Candidate {
                span: trim_link(text, m.range()),
                confidence,
            });
        }
        found.sort_by_key(|c| c.span.start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find_with(text: &str, hosts: &[&str]) -> Vec<(String, Confidence)> {
        let options = DetectorOptions {
            internal_hosts: hosts.iter().map(|h| (*h).to_owned()).collect(),
        };
        let mut found = Vec::new();
        InternalUrl.find(text, &options, &mut found);
        found
            .iter()
            .filter_map(|c| Some((text.get(c.span.clone())?.to_owned(), c.confidence)))
            .collect()
    }

    fn shown(text: &str, hosts: &[&str]) -> Vec<String> {
        find_with(text, hosts)
            .into_iter()
            .filter(|(_, c)| *c >= Confidence::Medium)
            .map(|(s, _)| s)
            .collect()
    }

    #[test]
    fn finds_configured_hosts_with_and_without_scheme() {
        let hosts = ["*.corp.example.com", "intranet", "wiki.acme.ch"];
        assert_eq!(
            shown(
                "Details: https://wiki.corp.example.com/x/Projekt-Falke.",
                &hosts
            ),
            ["https://wiki.corp.example.com/x/Projekt-Falke"]
        );
        assert_eq!(
            shown("siehe jira.corp.example.com/browse/FALKE-12", &hosts),
            ["jira.corp.example.com/browse/FALKE-12"]
        );
        assert_eq!(
            shown("(https://intranet/hr/ferien)", &hosts),
            ["https://intranet/hr/ferien"]
        );
        assert_eq!(
            shown("Doku: WIKI.ACME.CH/start", &hosts),
            ["WIKI.ACME.CH/start"]
        );
        assert_eq!(
            shown("http://user@corp.example.com:8443/x", &hosts),
            ["http://user@corp.example.com:8443/x"]
        );
    }

    #[test]
    fn finds_single_label_and_internal_suffix_hosts_without_configuration() {
        assert_eq!(
            find_with("Alles auf http://wiki/ nachlesen", &[]),
            [("http://wiki/".to_owned(), Confidence::Medium)]
        );
        assert_eq!(
            shown("https://grafana.monitoring.internal/d/abc", &[]),
            ["https://grafana.monitoring.internal/d/abc"]
        );
        assert_eq!(shown("nas.home.arpa/share", &[]), ["nas.home.arpa/share"]);
        assert_eq!(
            find_with("http://localhost:3000", &[]),
            [("http://localhost:3000".to_owned(), Confidence::Low)]
        );
    }

    #[test]
    fn ignores_public_links_and_lookalikes() {
        let hosts = ["*.corp.example.com", "intranet"];
        assert!(
            shown(
                "https://www.acme.ch/karriere und https://example.com/corp.example.com",
                &hosts
            )
            .is_empty()
        );
        assert!(
            shown(
                "https://notcorp.example.com/ und mail an anna@corp.example.com",
                &hosts
            )
            .is_empty()
        );
        assert!(shown("Unser Intranet ist neu! intranet-Relaunch", &hosts).is_empty());
        assert!(shown("http://10.0.0.5/admin", &hosts).is_empty());
        assert!(shown("Acme.corp und example.local ohne Pfad", &[]).is_empty());
    }

    #[test]
    fn wildcards_match_the_domain_and_below() {
        let p = vec!["*.corp.example.com".to_owned()];
        assert!(matches_configured("corp.example.com", &p));
        assert!(matches_configured("a.b.corp.example.com", &p));
        assert!(!matches_configured("xcorp.example.com", &p));
        assert!(!matches_configured("example.com", &p));
        assert!(!matches_configured("anything", &["*.".to_owned()]));
    }
}
