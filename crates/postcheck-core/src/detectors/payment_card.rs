//! `payment-card`: credit and debit card numbers (PAN).
//!
//! Why it matters: a card number in a post (a screenshot caption, a "test card"
//! from the shop's back office, a customer's complaint) is payment data that PCI
//! DSS says must never be shown in full.
//!
//! Example: "Karte 4111 1111 1111 1111 gesperrt?" flags `4111 1111 1111 1111`.
//!
//! A candidate is a stand-alone run of 13 to 19 digits, written together or in
//! groups with one kind of separator (space or hyphen). It is flagged when the
//! issuer prefix and the length fit a card scheme (Visa, Mastercard, American
//! Express, Diners, Discover, JCB, UnionPay, Maestro, Mir) and the Luhn check
//! digit is right. The confidence is high when the digits are grouped like a
//! printed card (4-4-4-4, 4-6-5 ...) or a word like "Karte", "card", "carte",
//! "carta", "Visa" is near; otherwise medium.
//!
//! Product barcodes: an EAN-13 (GTIN) has 13 digits and its own check digit,
//! and about one in ten also passes the Luhn check with a Visa or Maestro
//! prefix. A number with a valid GTIN check digit is not a card next to a
//! word like "EAN", "GTIN", "barcode", "Artikelnummer", "code-barres",
//! "codice a barre"; and a 13-digit one (a length hardly any card still has)
//! is a card only next to a card word ("Karte", "paid with", "pagato con"
//! ...) or written in a card's groups (4-4-4-1).

use super::around::context_near;
use super::checksums::luhn_valid;
use super::digits::digit_runs_with;
use super::{Candidate, Confidence, Detector, DetectorOptions};

/// Finds payment card numbers with a valid Luhn check.
pub struct PaymentCard;

/// The shortest card numbers (Maestro) have 12 digits.
const MIN_DIGITS: usize = 12;

const CONTEXT: &[&str] = &[
    "card",
    "karte",
    "kreditkarte",
    "carte",
    "carta",
    "visa",
    "mastercard",
    "amex",
    "american express",
    "maestro",
    "cvv",
    "cvc",
    "kk-nr",
    "kartennummer",
    "numéro de carte",
    "numero di carta",
    "pan",
    "paid with",
    "pay with",
    "bezahlt mit",
    "zahlung mit",
    "payé avec",
    "paiement",
    "pagato con",
    "pagamento",
];

/// Words next to a product's barcode number (GTIN, EAN, UPC).
const PRODUCT_CODE_WORDS: &[&str] = &[
    "ean",
    "gtin",
    "upc",
    "barcode",
    "bar code",
    "strichcode",
    "artikelnummer",
    "artikel-nr",
    "artikelnr",
    "art.-nr",
    "art.nr",
    "produktnummer",
    "produktcode",
    "product code",
    "sku",
    "code-barres",
    "code barre",
    "code-barre",
    "codice a barre",
    "codice ean",
    "codice prodotto",
    "référence produit",
];

/// Whether `digits` end with a valid GTIN (EAN-8, UPC-A, EAN-13, GTIN-14)
/// check digit: weights 3 and 1 from the right, the check digit excluded.
fn gtin_valid(digits: &[u8]) -> bool {
    let Some((&check, body)) = digits.split_last() else {
        return false;
    };
    if !matches!(digits.len(), 8 | 12 | 13 | 14) {
        return false;
    }
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| u32::from(d) * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    (10 - sum % 10) % 10 == u32::from(check)
}

/// Whether the issuer prefix fits a known scheme for this length.
fn plausible_scheme(digits: &[u8]) -> bool {
    let len = digits.len();
    let prefix = |n: usize| -> u32 {
        digits
            .iter()
            .take(n)
            .fold(0u32, |acc, &d| acc * 10 + u32::from(d))
    };
    let p1 = prefix(1);
    let p2 = prefix(2);
    let p3 = prefix(3);
    let p4 = prefix(4);
    let p6 = prefix(6);
    // Visa
    (p1 == 4 && matches!(len, 13 | 16 | 19))
        // Mastercard
        || (((51..=55).contains(&p2) || (2221..=2720).contains(&p4)) && len == 16)
        // American Express
        || (matches!(p2, 34 | 37) && len == 15)
        // Diners Club
        || (p2 == 36 && (14..=19).contains(&len))
        || (((300..=305).contains(&p3) || p2 == 38 || p2 == 39) && (14..=19).contains(&len))
        // Discover
        || ((p4 == 6011 || (644..=649).contains(&p3) || p2 == 65 || (622_126..=622_925).contains(&p6))
            && (16..=19).contains(&len))
        // JCB
        || ((3528..=3589).contains(&p4) && (16..=19).contains(&len))
        // UnionPay
        || (p2 == 62 && (16..=19).contains(&len))
        // Mir
        || ((2200..=2204).contains(&p4) && (16..=19).contains(&len))
        // Maestro
        || ((p2 == 50 || (56..=69).contains(&p2)) && (12..=19).contains(&len))
}

/// Whether the groups look like a printed card number.
fn card_grouping(groups: &[usize]) -> bool {
    matches!(
        groups,
        [4, 4, 4, 4] | [4, 6, 5] | [4, 6, 4] | [4, 4, 4, 4, 3] | [4, 4, 4, 1] | [4, 4, 4, 4, 2]
    )
}

impl Detector for PaymentCard {
    fn id(&self) -> &'static str {
        "payment-card"
    }

    fn summary(&self) -> &'static str {
        "payment card numbers (Luhn check, issuer prefixes and lengths)"
    }

    fn example(&self) -> &'static str {
        "Karte `4111 1111 1111 1111` gesperrt?"
    }

    fn find(&self, text: &str, _: &DetectorOptions, found: &mut Vec<Candidate>) {
        for run in digit_runs_with(text, MIN_DIGITS) {
            if run
                .separator
                .is_some_and(|s| !matches!(s, ' ' | '-' | '\u{a0}' | '\u{202f}'))
            {
                continue;
            }
            let digits = run.digits();
            if !(12..=19).contains(&digits.len())
                || !plausible_scheme(&digits)
                || !luhn_valid(&digits)
            {
                continue;
            }
            // A run of one repeated digit is a placeholder, not a card.
            if digits.iter().all(|&d| Some(&d) == digits.first()) {
                continue;
            }
            let groups: Vec<usize> = match run.separator {
                Some(sep) => run.text.split(sep).map(str::len).collect(),
                None => vec![digits.len()],
            };
            let card_context = context_near(text, &run.span, 40, 20, CONTEXT);
            // A 13-digit barcode is printed unspaced (or 1-6-6), never in a card's groups.
            if gtin_valid(&digits)
                && ((digits.len() == 13 && !card_context && !card_grouping(&groups))
                    || context_near(text, &run.span, 40, 20, PRODUCT_CODE_WORDS))
            {
                continue;
            }
            let confidence =
                if card_grouping(&groups) || card_context {
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
        testing::found(&PaymentCard, text)
    }

    #[test]
    fn finds_cards_of_the_main_schemes() {
        assert_eq!(
            find("Karte 4111 1111 1111 1111 gesperrt?"),
            [("4111 1111 1111 1111", Confidence::High)]
        );
        assert_eq!(
            find("MC: 5555-5555-5555-4444."),
            [("5555-5555-5555-4444", Confidence::High)]
        );
        assert_eq!(
            find("Amex 3782 822463 10005"),
            [("3782 822463 10005", Confidence::High)]
        );
        assert_eq!(
            find("num 4012888888881881 ok"),
            [("4012888888881881", Confidence::Medium)]
        );
        assert_eq!(
            find("ma carte 4012888888881881"),
            [("4012888888881881", Confidence::High)]
        );
        assert_eq!(
            find("JCB 3530111333300000"),
            [("3530111333300000", Confidence::Medium)]
        );
        assert_eq!(
            find("2223 0031 2200 3222"),
            [("2223 0031 2200 3222", Confidence::High)]
        );
    }

    #[test]
    fn product_barcodes_are_not_cards() {
        // each passes both the EAN check and the Luhn check with a card prefix
        for text in [
            "EAN 4006380759541 auf der Verpackung.",
            "GTIN: 4260126051362, bitte im Shop scannen.",
            "Barcode 5012347939191 on the back of the box.",
            "Artikelnummer 4012349682980 ist wieder lieferbar.",
            "Le code-barres 5901232830517 figure sur chaque pot.",
            "Il codice a barre 6401234710071 è sul retro.",
            "Neu im Regal: 4260127134514",
            "4443412229724",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
        assert!(gtin_valid(&[4, 0, 0, 6, 3, 8, 1, 3, 3, 3, 9, 3, 1]));
        assert!(!gtin_valid(&[4, 0, 0, 6, 3, 8, 1, 3, 3, 3, 9, 3, 2]));
    }

    #[test]
    fn a_barcode_next_to_a_card_word_is_still_a_card() {
        assert_eq!(
            find("Pagato con 4383 1547 7351 5 ieri sera."),
            [("4383 1547 7351 5", Confidence::High)]
        );
        assert_eq!(find("4970-6561-0167-2"), [("4970-6561-0167-2", Confidence::High)]);
        assert_eq!(
            find("Karte 4006380759541 gesperrt"),
            [("4006380759541", Confidence::High)]
        );
        // 16 digits are no GTIN, even next to a product word
        assert_eq!(
            find("Artikelnummer 4111 1111 1111 1111"),
            [("4111 1111 1111 1111", Confidence::High)]
        );
        assert_eq!(
            find("Kreditkarte 4111 1111 1111 1111"),
            [("4111 1111 1111 1111", Confidence::High)]
        );
    }

    #[test]
    fn ignores_wrong_checks_prefixes_and_other_numbers() {
        // Luhn fails
        assert!(find("4111 1111 1111 1112").is_empty());
        // two digits swapped
        assert!(find("4012 8888 8888 1818").is_empty());
        // valid Luhn but no scheme starts with 1 or 9
        assert!(find("1234 5678 9012 3452").is_empty());
        assert!(find("9999 9999 9999 9995").is_empty());
        // a Visa-valid number glued to letters, or part of a longer number
        assert!(find("REF4111111111111111").is_empty());
        assert!(find("4111 1111 1111 1111 1111 22").is_empty());
        // ISBN, dates, phone numbers, prices
        assert!(
            find("ISBN 978-3-16-148410-0, am 12.03.2026, Tel. 044 668 18 00, CHF 1'250.–")
                .is_empty()
        );
        // mixed separators are not a card
        assert!(find("4111 1111-1111 1111").is_empty());
    }
}
