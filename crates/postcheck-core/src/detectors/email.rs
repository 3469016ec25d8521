//! `email`: e-mail addresses.
//!
//! Why it matters: a colleague's or customer's address is personal data; posting
//! it invites spam and breaks data-protection rules (GDPR, Swiss FADP).
//!
//! Example: "Schreibt mir an anna.muster@acme.example" flags `anna.muster@acme.example`.
//!
//! The local part and domain follow the common (not the full RFC 5322) syntax;
//! the domain needs a dot and a top-level part of two or more letters, so
//! `@mentions` and `user@localhost` are not flagged.

use std::sync::LazyLock;

use regex::Regex;

use super::scan::has_literal;
use super::{Candidate, Confidence, Detector, DetectorOptions};

/// Finds e-mail addresses.
pub struct Email;

static EMAIL: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b[a-z0-9](?:[a-z0-9._%+\-]{0,62}[a-z0-9_%+\-])?@(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}\b",
    )
    .ok()
});

impl Detector for Email {
    fn id(&self) -> &'static str {
        "email"
    }

    fn summary(&self) -> &'static str {
        "e-mail addresses"
    }

    fn example(&self) -> &'static str {
        "Fragen an `anna.muster@acme.example`"
    }

    fn find(&self, text: &str, _: &DetectorOptions, found: &mut Vec<Candidate>) {
        // No address without an "@": most drafts are done here.
        if !has_literal(text, "@") {
            return;
        }
        let Some(re) = EMAIL.as_ref() else { return };
        for m in re.find_iter(text) {
            // A dot right before the local part or two dots in a row make it no address.
            if m.as_str().contains("..") {
                continue;
            }
            found.push(Candidate {
                span: m.range(),
                confidence: Confidence::High,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing;

    fn find(text: &str) -> Vec<&str> {
        testing::texts(&Email, text)
    }

    #[test]
    fn finds_addresses() {
        assert_eq!(
            find("Schreibt mir an anna.muster@acme.example oder jobs+ch@acme.co.uk."),
            ["anna.muster@acme.example", "jobs+ch@acme.co.uk"]
        );
        assert_eq!(
            find("Contact: Élodie <e.roux@exemple.fr>"),
            ["e.roux@exemple.fr"]
        );
    }

    #[test]
    fn ignores_mentions_handles_and_local_hosts() {
        assert!(find("Danke @anna_muster und @ACME!").is_empty());
        assert!(find("root@localhost kann das").is_empty());
        assert!(find("Meet us @ booth 4.2").is_empty());
        assert!(find("a..b@example.com").is_empty());
    }
}
