//! `ch-uid`: Swiss company identification numbers (UID, "CHE-123.456.789"),
//! also as VAT numbers ("CHE-123.456.789 MWST").
//!
//! Why it matters: a UID is public for companies, but a sole trader's UID points
//! to a person, and a UID in a post about a customer or supplier tells who the
//! customer is. Packs usually show it as a gentle hint.
//!
//! Example: "Rechnung an CHE-116.281.710 MWST" flags `CHE-116.281.710 MWST`.
//!
//! A candidate is "CHE" followed by nine digits, with or without the usual
//! hyphen and dots (or spaces), and an optional MWST/TVA/IVA/TPV suffix. It is
//! flagged when the mod 11 check digit (weights 5 4 3 2 7 6 5 4) is right.

use std::sync::LazyLock;

use regex::Regex;

use super::checksums::weighted_sum;
use super::digits::digit_values;
use super::digits::free_after;
use super::scan::has_literal;
use super::{Candidate, Confidence, Detector, DetectorOptions};

/// Finds Swiss UIDs with a valid check digit.
pub struct ChUid;

static UID: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"\bCHE[- .]?([0-9]{3})[. \-]?([0-9]{3})[. \-]?([0-9]{3})(?:[ \x{a0}]?(?:MWST|TVA|IVA|TPV)\b)?").ok()
});

/// Whether the nine digits of a UID have the right check digit.
pub(super) fn is_valid(digits: &[u8]) -> bool {
    let (Some(body), Some(&check)) = (digits.get(..8), digits.get(8)) else {
        return false;
    };
    if digits.len() != 9 {
        return false;
    }
    let c = (11 - weighted_sum(body, &[5, 4, 3, 2, 7, 6, 5, 4]) % 11) % 11;
    c == i32::from(check)
}

impl Detector for ChUid {
    fn id(&self) -> &'static str {
        "ch-uid"
    }

    fn summary(&self) -> &'static str {
        "Swiss company UIDs (mod 11 check digit)"
    }

    fn example(&self) -> &'static str {
        "`CHE-116.281.710 MWST`"
    }

    fn find(&self, text: &str, _: &DetectorOptions, found: &mut Vec<Candidate>) {
        // Every UID starts with "CHE": most drafts are done here.
        if !has_literal(text, "CHE") {
            return;
        }
        let Some(re) = UID.as_ref() else { return };
        for m in re.find_iter(text) {
            if !free_after(text, m.end()) {
                continue;
            }
            let digits = digit_values(m.as_str());
            if is_valid(&digits) {
                found.push(Candidate {
                    span: m.range(),
                    confidence: Confidence::High,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing;

    fn find(text: &str) -> Vec<&str> {
        testing::texts(&ChUid, text)
    }

    #[test]
    fn finds_uids_in_their_written_forms() {
        assert_eq!(
            find("Rechnung an CHE-116.281.710 MWST, bitte."),
            ["CHE-116.281.710 MWST"]
        );
        assert_eq!(find("UID CHE116281710"), ["CHE116281710"]);
        assert_eq!(find("IDE CHE-109.322.551 TVA"), ["CHE-109.322.551 TVA"]);
        assert_eq!(find("(CHE 116 281 710)"), ["CHE 116 281 710"]);
    }

    #[test]
    fn ignores_wrong_check_digits_and_lookalikes() {
        assert!(find("CHE-116.281.711").is_empty());
        assert!(find("CHE-116.218.710").is_empty());
        assert!(find("CHE-116.281.7100").is_empty());
        assert!(find("CHE-116.281").is_empty());
        assert!(find("XCHE-116.281.710").is_empty());
        assert!(find("CHE-116.281.710.5").is_empty());
    }
}
