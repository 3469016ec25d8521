//! `private-key`: private keys in PEM and similar armoured text form.
//!
//! Why it matters: a private key pasted into a post (a screenshot of a terminal,
//! a "look what I found in our repo") gives anyone the server, the signing
//! identity or the VPN it belongs to. It must be revoked at once.
//!
//! Example: "-----BEGIN RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----"
//! flags the whole block.
//!
//! Finds `-----BEGIN ... PRIVATE KEY-----` headers (PKCS#1 RSA, EC, DSA,
//! PKCS#8, encrypted PKCS#8, OpenSSH, PGP private key blocks) and PuTTY key
//! files. The span runs to the matching END line, or, when that is missing
//! (a truncated paste), over the base64 lines after the header. A header with
//! key material is high confidence; a bare header with nothing after it (for
//! example in a post that explains the format) is low.

use std::sync::LazyLock;

use regex::Regex;

use super::scan::has_literal;
use super::{Candidate, Confidence, Detector, DetectorOptions};
use crate::pack::model::Category;

/// Finds private key blocks.
pub struct PrivateKey;

static BEGIN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"-----BEGIN[ ]?(?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |SSH2 |OPENVPN )?PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-[0-9]+:",
    )
    .ok()
});

static END: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"-----END[ ]?(?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP |SSH2 |OPENVPN )?PRIVATE KEY(?: BLOCK)?-----|Private-MAC: ?[0-9a-fA-F]+").ok()
});

fn is_base64_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_')
}

/// The end of the key material right after `from`: lines of base64 (and
/// armour headers like `Proc-Type:`), up to the first line that is neither.
/// Also returns how many base64 characters were seen.
fn body_end(text: &str, from: usize) -> (usize, usize) {
    let Some(rest) = text.get(from..) else {
        return (from, 0);
    };
    let mut end = from;
    let mut material = 0;
    let mut offset = from;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        let is_header = trimmed.contains(": ") || trimmed.ends_with(':');
        let is_b64 = !trimmed.is_empty()
            && (trimmed.len() >= 16 || material > 0)
            && trimmed.chars().all(is_base64_char);
        if i == 0 && trimmed.is_empty() {
            // the rest of the header line
        } else if is_b64 {
            material += trimmed.len();
            end = offset + line.trim_end().len();
        } else if !(is_header || trimmed.is_empty() && material == 0) {
            break;
        }
        offset += line.len();
    }
    (end, material)
}

impl Detector for PrivateKey {
    fn id(&self) -> &'static str {
        "private-key"
    }

    fn category(&self) -> Category {
        Category::Secret
    }

    fn summary(&self) -> &'static str {
        "private key blocks (-----BEGIN ... PRIVATE KEY-----, PuTTY key files)"
    }

    fn find(&self, text: &str, _: &DetectorOptions, found: &mut Vec<Candidate>) {
        // Every header holds one of these: without one, there is nothing to find.
        if !(has_literal(text, "-----BEGIN") || has_literal(text, "PuTTY-User-Key-File-")) {
            return;
        }
        let (Some(begin), Some(end_re)) = (BEGIN.as_ref(), END.as_ref()) else {
            return;
        };
        // All END markers, found once, so that each header looks its END up in order.
        let ends: Vec<(usize, usize)> = end_re
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect();
        let mut next_end = 0;
        let mut done = 0;
        for m in begin.find_iter(text) {
            if m.start() < done {
                continue;
            }
            while ends.get(next_end).is_some_and(|&(s, _)| s < m.end()) {
                next_end += 1;
            }
            // The next header, if any: an END after it belongs to that one.
            let next_begin = begin
                .find_at(text, m.end())
                .map_or(usize::MAX, |n| n.start());
            let (span_end, material) = match ends.get(next_end) {
                Some(&(s, e)) if s < next_begin => {
                    let material = text
                        .get(m.end()..s)
                        .map_or(0, |b| b.chars().filter(|&c| is_base64_char(c)).count());
                    (e, material)
                }
                _ => body_end(text, m.end()),
            };
            let span_end = span_end.max(m.end());
            found.push(Candidate {
                span: m.start()..span_end,
                confidence: if material >= 32 {
                    Confidence::High
                } else {
                    Confidence::Low
                },
            });
            done = span_end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing;

    fn find(text: &str) -> Vec<(&str, Confidence)> {
        testing::found(&PrivateKey, text)
    }

    const KEY: &str = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n-----END RSA PRIVATE KEY-----";

    #[test]
    fn finds_whole_blocks() {
        let post = format!("Oops, das war im Screenshot:\n{KEY}\nSorry!");
        assert_eq!(find(&post), [(KEY, Confidence::High)]);
        let openssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----";
        assert_eq!(find(openssh), [(openssh, Confidence::High)]);
    }

    #[test]
    fn a_truncated_block_runs_over_its_base64_lines() {
        let post = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n\nund dann kam der Rest";
        let found = find(post);
        assert_eq!(found.len(), 1);
        assert!(
            found
                .iter()
                .all(|(s, c)| s.ends_with("SuYEvu") && *c == Confidence::High),
            "{found:?}"
        );
    }

    #[test]
    fn a_bare_header_is_low_and_ordinary_text_is_nothing() {
        assert_eq!(
            find("Never paste a line like -----BEGIN PRIVATE KEY----- anywhere."),
            [("-----BEGIN PRIVATE KEY-----", Confidence::Low)]
        );
        assert!(find("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----").is_empty());
        assert!(find("Wir sprechen über Private Keys und PKI.").is_empty());
    }

    #[test]
    fn many_headers_without_end_stay_fast() {
        let text = "-----BEGIN PRIVATE KEY-----\n".repeat(20_000);
        assert_eq!(find(&text).len(), 20_000);
    }
}
