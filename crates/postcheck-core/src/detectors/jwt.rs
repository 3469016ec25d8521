//! `jwt`: JSON Web Tokens (session and API bearer tokens).
//!
//! Why it matters: a JWT copied out of a browser's developer tools or a log is
//! a live credential until it expires; its payload often holds names, e-mail
//! addresses and internal ids in plain (base64) text.
//!
//! Example: "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl"
//! flags the token.
//!
//! A candidate is three base64url parts joined by dots, the first starting with
//! `eyJ` (which is how `{"` encodes). It is flagged when the first part decodes
//! to a JSON object with an `"alg"` member: high when the second part decodes to
//! a JSON object too, medium otherwise (an encrypted or unusual payload).

use std::sync::LazyLock;

use regex::Regex;

use super::around::char_before;
use super::scan::has_literal;
use super::{Candidate, Confidence, Detector, DetectorOptions};

/// Finds JSON Web Tokens.
pub struct Jwt;

static JWT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"eyJ[A-Za-z0-9_\-]{8,}={0,2}\.[A-Za-z0-9_\-]{4,}={0,2}\.[A-Za-z0-9_\-]*={0,2}").ok()
});

/// Decodes base64url (or standard base64) text; `None` on any other character.
pub(super) fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).ok()?);
        }
    }
    Some(out)
}

fn json_object(part: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    if part.len() > 8192 {
        return None;
    }
    let bytes = base64url_decode(part)?;
    match serde_json::from_slice::<serde_json::Value>(&bytes).ok()? {
        serde_json::Value::Object(map) => Some(map),
        _ => None,
    }
}

impl Detector for Jwt {
    fn id(&self) -> &'static str {
        "jwt"
    }

    fn summary(&self) -> &'static str {
        r#"JSON Web Tokens: three base64url parts whose header names an "alg""#
    }

    fn example(&self) -> &'static str {
        "Bearer `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl`"
    }

    fn find(&self, text: &str, _: &DetectorOptions, found: &mut Vec<Candidate>) {
        // Every token starts with "eyJ": most drafts are done here.
        if !has_literal(text, "eyJ") {
            return;
        }
        let Some(re) = JWT.as_ref() else { return };
        for m in re.find_iter(text) {
            if char_before(text, m.start())
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                continue;
            }
            let mut parts = m.as_str().split('.');
            let (Some(header), Some(payload)) = (parts.next(), parts.next()) else {
                continue;
            };
            let Some(h) = json_object(header) else {
                continue;
            };
            if !h.get("alg").is_some_and(serde_json::Value::is_string) {
                continue;
            }
            let confidence = if json_object(payload).is_some() {
                Confidence::High
            } else {
                Confidence::Medium
            };
            found.push(Candidate {
                span: m.range(),
                confidence,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing;

    fn find(text: &str) -> Vec<(&str, Confidence)> {
        testing::found(&Jwt, text)
    }

    const TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    #[test]
    fn finds_tokens() {
        let post = format!("Authorization: Bearer {TOKEN} – warum 401?");
        assert_eq!(find(&post), [(TOKEN, Confidence::High)]);
        // unsigned token (alg none) with an empty signature
        let unsigned = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.";
        assert_eq!(find(unsigned), [(unsigned, Confidence::High)]);
    }

    #[test]
    fn a_payload_that_is_no_json_is_medium() {
        let t = "eyJhbGciOiJIUzI1NiJ9.c29tZXRoaW5nIGVsc2U.c2ln";
        assert_eq!(find(t), [(t, Confidence::Medium)]);
    }

    #[test]
    fn ignores_lookalikes() {
        // header without "alg"
        assert!(find("eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxIn0.c2ln").is_empty());
        // not base64 JSON at all
        assert!(find("eyJabcdefghijk.lmnop.qrstu").is_empty());
        // a dotted host name or version
        assert!(find("www.example.com und v1.2.3").is_empty());
        // glued to a word
        assert!(find(&format!("x{TOKEN}")).is_empty());
    }

    #[test]
    fn decodes_base64url() {
        assert_eq!(base64url_decode("eyJhIjoxfQ"), Some(br#"{"a":1}"#.to_vec()));
        assert_eq!(base64url_decode("ab!c"), None);
    }
}
