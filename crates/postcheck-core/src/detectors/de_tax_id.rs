//! `de-tax-id`: German tax identification numbers (Steuer-IdNr., IdNr).
//!
//! Why it matters: the Steuer-ID identifies a person for life at the German tax
//! office; it is personal data, and together with a name it helps identity
//! theft and fake tax returns.
//!
//! Example: "Meine Steuer-ID: 86 095 742 719" flags `86 095 742 719`.
//!
//! A candidate is a stand-alone run of 11 digits (together or grouped, usually
//! 2-3-3-3) that does not start with 0. It must pass the rule on repeated
//! digits (in the first ten digits exactly one digit occurs two or three times,
//! the others at most once) and the ISO 7064 MOD 11,10 check digit. One in
//! about fifteen random 11-digit numbers passes both, so a bare number is only
//! low confidence: a context word like "Steuer-ID", "IdNr",
//! "Identifikationsnummer", "tax ID" or "Finanzamt" nearby makes it high.

use super::around::context_near;
use super::checksums::mod_11_10_valid;
use super::digits::digit_runs_with;
use super::{Candidate, Confidence, Detector, DetectorOptions};

/// Finds German tax IDs with a valid check digit.
pub struct DeTaxId;

/// A Steuer-ID has 11 digits.
const MIN_DIGITS: usize = 11;

const CONTEXT: &[&str] = &[
    "steuer-id",
    "steuerid",
    "steuer id",
    "steuer-idnr",
    "steueridentifikationsnummer",
    "steuer-identifikationsnummer",
    "steuerliche identifikationsnummer",
    "identifikationsnummer",
    "idnr",
    "id-nr",
    "tin",
    "tax id",
    "finanzamt",
    "steuererklärung",
    "steuerbescheid",
    "elster",
    "tax office",
    "tax return",
    "tax-id",
    "tax identification",
    "taxpayer",
    "identifiant fiscal",
    "numéro fiscal",
    "numero fiscale",
    "codice fiscale tedesco",
];

/// Whether the eleven `digits` form a valid Steuer-ID.
pub(super) fn is_valid(digits: &[u8]) -> bool {
    if digits.len() != 11 || digits.first() == Some(&0) {
        return false;
    }
    let mut counts = [0u8; 10];
    for &d in digits.iter().take(10) {
        if let Some(c) = counts.get_mut(usize::from(d)) {
            *c += 1;
        }
    }
    let repeated: Vec<u8> = counts.iter().copied().filter(|&c| c > 1).collect();
    if !matches!(repeated.as_slice(), [2] | [3]) {
        return false;
    }
    mod_11_10_valid(digits)
}

impl Detector for DeTaxId {
    fn id(&self) -> &'static str {
        "de-tax-id"
    }

    fn summary(&self) -> &'static str {
        r#"German tax IDs (ISO 7064 mod 11,10) near a word like "Steuer-ID""#
    }

    fn example(&self) -> &'static str {
        "Steuer-ID: `86 095 742 719`"
    }

    fn find(&self, text: &str, _: &DetectorOptions, found: &mut Vec<Candidate>) {
        for run in digit_runs_with(text, MIN_DIGITS) {
            if run
                .separator
                .is_some_and(|s| !matches!(s, ' ' | '\u{a0}' | '\u{202f}' | '-' | '/' | '.'))
            {
                continue;
            }
            let digits = run.digits();
            if !is_valid(&digits) {
                continue;
            }
            let confidence = if context_near(text, &run.span, 50, 30, CONTEXT) {
                Confidence::High
            } else {
                Confidence::Low
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
        testing::found(&DeTaxId, text)
    }

    #[test]
    fn the_tax_office_is_context_too() {
        assert_eq!(
            find("Mine took 3 weeks (31956794085, in case the Finanzamt asks again)"),
            [("31956794085", Confidence::High)]
        );
    }

    #[test]
    fn finds_tax_ids_near_a_context_word() {
        assert_eq!(
            find("Meine Steuer-ID: 86 095 742 719"),
            [("86 095 742 719", Confidence::High)]
        );
        assert_eq!(
            find("IdNr 86095742719."),
            [("86095742719", Confidence::High)]
        );
        assert_eq!(
            find("my German tax ID is 47 036 892 816"),
            [("47 036 892 816", Confidence::High)]
        );
    }

    #[test]
    fn a_bare_valid_number_is_only_low() {
        assert_eq!(
            find("Referenz 86095742719"),
            [("86095742719", Confidence::Low)]
        );
    }

    #[test]
    fn ignores_wrong_checks_and_repetition_patterns() {
        // wrong check digit, swapped digits
        assert!(find("Steuer-ID 86 095 742 718").is_empty());
        assert!(find("Steuer-ID 86 095 724 719").is_empty());
        // leading zero, no repeated digit, a digit four times
        assert!(find("Steuer-ID 06 095 742 715").is_empty());
        assert!(find("Steuer-ID 12345678903").is_empty());
        assert!(find("Steuer-ID 11112345678").is_empty());
        // too short or too long
        assert!(find("Steuer-ID 8609574271").is_empty());
        assert!(find("Steuer-ID 860957427190").is_empty());
    }
}
