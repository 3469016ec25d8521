//! `ahv`: Swiss social security numbers (AHV/AVS number, "neue AHV-Nummer").
//!
//! Why it matters: the AHV number identifies a person for pensions, health
//! insurance and taxes; Swiss law treats it as a protected identifier that may
//! be used only where a law allows it, and never belongs in a public post.
//!
//! Example: "Meine AHV-Nr. ist 756.9217.0769.85" flags `756.9217.0769.85`.
//!
//! A candidate is a stand-alone run of 13 digits that starts with 756 (the
//! country code of Switzerland), written together or in groups (usually
//! 756.xxxx.xxxx.xx). It is flagged when the EAN-13 check digit is right. The
//! confidence is high in the official 3.4.4.2 grouping or near a word like
//! "AHV", "AVS", "Sozialversicherung"; a bare run of 13 digits is medium.

use super::around::context_near;
use super::checksums::ean_valid;
use super::digits::digit_runs_with;
use super::{Candidate, Confidence, Detector, DetectorOptions};

/// Finds AHV numbers with a valid check digit.
pub struct Ahv;

/// An AHV number has 13 digits.
const MIN_DIGITS: usize = 13;

const CONTEXT: &[&str] = &[
    "ahv",
    "avs",
    "sozialversicherung",
    "versichertennummer",
    "versicherungsnummer",
    "social security",
    "ssn",
    "assurance sociale",
    "assicurazione sociale",
    "numero avs",
    "numéro avs",
];

impl Detector for Ahv {
    fn id(&self) -> &'static str {
        "ahv"
    }

    fn summary(&self) -> &'static str {
        "Swiss AHV/AVS numbers (EAN-13 check digit)"
    }

    fn example(&self) -> &'static str {
        "AHV-Nr. `756.9217.0769.85`"
    }

    fn find(&self, text: &str, _: &DetectorOptions, found: &mut Vec<Candidate>) {
        for run in digit_runs_with(text, MIN_DIGITS) {
            if run
                .separator
                .is_some_and(|s| !matches!(s, '.' | ' ' | '-' | '\u{a0}' | '\u{202f}'))
            {
                continue;
            }
            let digits = run.digits();
            if digits.len() != 13 || !digits.starts_with(&[7, 5, 6]) || !ean_valid(&digits) {
                continue;
            }
            let groups: Vec<usize> = match run.separator {
                Some(sep) => run.text.split(sep).map(str::len).collect(),
                None => vec![13],
            };
            let confidence =
                if groups == [3, 4, 4, 2] || context_near(text, &run.span, 40, 10, CONTEXT) {
                    Confidence::High
                } else {
                    Confidence::Medium
                };
            found.push(Candidate {
                span: run.span.clone(),
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
        testing::found(&Ahv, text)
    }

    #[test]
    fn finds_ahv_numbers() {
        assert_eq!(
            find("Meine AHV-Nr. ist 756.9217.0769.85."),
            [("756.9217.0769.85", Confidence::High)]
        );
        assert_eq!(
            find("No AVS : 7569217076985"),
            [("7569217076985", Confidence::High)]
        );
        assert_eq!(
            find("Nummer 7569217076985"),
            [("7569217076985", Confidence::Medium)]
        );
        assert_eq!(
            find("756 9217 0769 85"),
            [("756 9217 0769 85", Confidence::High)]
        );
    }

    #[test]
    fn ignores_wrong_check_digits_and_other_numbers() {
        assert!(find("756.9217.0769.86").is_empty());
        assert!(find("756.9217.0796.85").is_empty());
        // an EAN-13 of another country, too short, too long, glued to a word
        assert!(find("4006381333931").is_empty());
        assert!(find("756.9217.0769").is_empty());
        assert!(find("756.9217.0769.85.1").is_empty());
        assert!(find("X756.9217.0769.85").is_empty());
        // an ordinary 756 at the start of a sentence
        assert!(find("756 Teilnehmende, 12 Workshops").is_empty());
    }
}
