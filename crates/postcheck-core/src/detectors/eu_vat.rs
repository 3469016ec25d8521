//! `eu-vat`: EU VAT identification numbers (USt-IdNr., n° TVA, partita IVA).
//!
//! Why it matters: a VAT number names a business; for sole traders and
//! freelancers it is personal data, and in a post about a deal it tells who the
//! customer or supplier is.
//!
//! Example: "USt-IdNr. DE136695976" flags `DE136695976`.
//!
//! A candidate is an upper-case country prefix followed by that country's
//! number, with or without spaces, dots or hyphens. It is flagged only when the
//! number has the country's length and its check digits are right. Countries
//! with a check: Austria (ATU), Belgium, Croatia, Denmark, Estonia, Finland,
//! France (numeric and letter keys), Germany, Greece (EL), Hungary, Italy (with
//! the office code), Luxembourg, the Netherlands (both the BSN-based and the
//! newer mod 97 numbers), Poland, Portugal, Slovenia and Sweden. Countries whose
//! numbers have no usable check are left out, so nothing is flagged for them.

use std::sync::LazyLock;

use regex::Regex;

use super::around::char_after;
use super::checksums::{digits_mod, luhn_sum, luhn_valid, mod_11_10_valid, mod97, weighted_sum};
use super::digits::digit_stretches;
use super::{Candidate, Confidence, Detector, DetectorOptions};

/// Finds EU VAT numbers with valid check digits.
pub struct EuVat;

static START: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\b(?:AT|BE|DE|DK|EE|EL|FI|FR|HR|HU|IT|LU|NL|PL|PT|SE|SI)").ok());

/// Country prefix and length of the number after it (without separators).
const LENGTHS: &[(&str, &[usize])] = &[
    ("AT", &[9]),
    ("BE", &[10, 9]),
    ("DE", &[9]),
    ("DK", &[8]),
    ("EE", &[9]),
    ("EL", &[9, 8]),
    ("FI", &[8]),
    ("FR", &[11]),
    ("HR", &[11]),
    ("HU", &[8]),
    ("IT", &[11]),
    ("LU", &[8]),
    ("NL", &[12]),
    ("PL", &[10]),
    ("PT", &[9]),
    ("SE", &[12]),
    ("SI", &[8]),
];

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '.' | '-' | '/')
}

/// Reads up to the longest length for the country; returns every (length, end)
/// at which the number could end.
fn read_number(text: &str, mut pos: usize, max: usize) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut compact = String::new();
    while compact.len() < max {
        let Some(mut c) = char_after(text, pos) else {
            break;
        };
        if is_separator(c) {
            pos += c.len_utf8();
            match char_after(text, pos) {
                Some(d) => c = d,
                None => break,
            }
        }
        if !c.is_ascii_alphanumeric() {
            break;
        }
        compact.push(c);
        pos += 1;
        out.push((compact.clone(), pos));
    }
    out
}

/// Whether a number ending at `pos` really ends there.
fn ends_at(text: &str, pos: usize) -> bool {
    match char_after(text, pos) {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '_' => false,
        Some(c) if is_separator(c) => {
            !super::around::second_char_after(text, pos).is_some_and(|d| d.is_ascii_digit())
        }
        Some(_) => true,
    }
}

fn all_digits(s: &str) -> Option<Vec<u8>> {
    s.bytes()
        .map(|b| {
            if b.is_ascii_digit() {
                Some(b - b'0')
            } else {
                None
            }
        })
        .collect()
}

/// Whether `number` (after the prefix, no separators) is a valid VAT number of `cc`.
pub(super) fn is_valid(cc: &str, number: &str) -> bool {
    match cc {
        "AT" => {
            let Some(rest) = number.strip_prefix('U') else {
                return false;
            };
            let Some(d) = all_digits(rest) else {
                return false;
            };
            let (Some(body), Some(&check)) = (d.get(..7), d.get(7)) else {
                return false;
            };
            d.len() == 8 && (6 + 10 - luhn_sum(body) % 10) % 10 == u32::from(check)
        }
        "BE" => {
            let Some(mut d) = all_digits(number) else {
                return false;
            };
            if d.len() == 9 {
                d.insert(0, 0);
            }
            let (Some(body), Some(check)) = (d.get(..8), d.get(8..)) else {
                return false;
            };
            d.len() == 10
                && matches!(d.first(), Some(0 | 1))
                && d.iter().any(|&x| x != 0)
                && (digits_mod(body, 97) + digits_mod(check, 97)).is_multiple_of(97)
        }
        "DE" => all_digits(number)
            .is_some_and(|d| d.len() == 9 && d.first() != Some(&0) && mod_11_10_valid(&d)),
        "DK" => all_digits(number).is_some_and(|d| {
            d.len() == 8
                && d.first() != Some(&0)
                && weighted_sum(&d, &[2, 7, 6, 5, 4, 3, 2, 1]) % 11 == 0
        }),
        "EE" => all_digits(number).is_some_and(|d| {
            d.len() == 9 && weighted_sum(&d, &[3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 == 0
        }),
        "EL" => {
            let Some(mut d) = all_digits(number) else {
                return false;
            };
            if d.len() == 8 {
                d.insert(0, 0);
            }
            let (Some(body), Some(&check)) = (d.get(..8), d.get(8)) else {
                return false;
            };
            let sum = body.iter().fold(0u64, |acc, &x| acc * 2 + u64::from(x));
            d.len() == 9 && sum * 2 % 11 % 10 == u64::from(check)
        }
        "FI" => all_digits(number).is_some_and(|d| {
            d.len() == 8 && weighted_sum(&d, &[7, 9, 10, 5, 8, 4, 2, 1]) % 11 == 0
        }),
        "FR" => french(number),
        "HR" => all_digits(number).is_some_and(|d| d.len() == 11 && mod_11_10_valid(&d)),
        "HU" => all_digits(number)
            .is_some_and(|d| d.len() == 8 && weighted_sum(&d, &[9, 7, 3, 1, 9, 7, 3, 1]) % 10 == 0),
        "IT" => all_digits(number).is_some_and(|d| {
            let office = d
                .get(7..10)
                .map_or(0, |o| o.iter().fold(0u32, |a, &x| a * 10 + u32::from(x)));
            d.len() == 11
                && d.iter().take(7).any(|&x| x != 0)
                && ((1..=100).contains(&office) || matches!(office, 120 | 121 | 888 | 999))
                && luhn_valid(&d)
        }),
        "LU" => all_digits(number).is_some_and(|d| {
            let (Some(body), Some(check)) = (d.get(..6), d.get(6..)) else {
                return false;
            };
            d.len() == 8 && digits_mod(body, 89) == digits_mod(check, 100)
        }),
        "NL" => dutch(number),
        "PL" => all_digits(number).is_some_and(|d| {
            d.len() == 10 && weighted_sum(&d, &[6, 5, 7, 2, 3, 4, 5, 6, 7, -1]).rem_euclid(11) == 0
        }),
        "PT" => all_digits(number).is_some_and(|d| {
            let (Some(body), Some(&check)) = (d.get(..8), d.get(8)) else {
                return false;
            };
            let s = weighted_sum(body, &[9, 8, 7, 6, 5, 4, 3, 2]);
            d.len() == 9
                && d.first() != Some(&0)
                && (11 - s).rem_euclid(11) % 10 == i32::from(check)
        }),
        "SE" => all_digits(number).is_some_and(|d| {
            d.len() == 12 && d.ends_with(&[0, 1]) && d.get(..10).is_some_and(luhn_valid)
        }),
        "SI" => all_digits(number).is_some_and(|d| {
            let (Some(body), Some(&check)) = (d.get(..7), d.get(7)) else {
                return false;
            };
            let c = 11 - weighted_sum(body, &[8, 7, 6, 5, 4, 3, 2]) % 11;
            let c = if c == 10 { 0 } else { c };
            d.len() == 8 && d.first() != Some(&0) && c == i32::from(check)
        }),
        _ => false,
    }
}

const FR_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

fn french(number: &str) -> bool {
    let (Some(key), Some(siren)) = (number.get(..2), number.get(2..)) else {
        return false;
    };
    let Some(d) = all_digits(siren) else {
        return false;
    };
    if d.len() != 9 {
        return false;
    }
    if !d.starts_with(&[0, 0, 0]) && !luhn_valid(&d) {
        return false;
    }
    let mut idx = key.chars().map(|c| FR_ALPHABET.find(c));
    let (Some(Some(k0)), Some(Some(k1))) = (idx.next(), idx.next()) else {
        return false;
    };
    let (Ok(k0), Ok(k1)) = (u64::try_from(k0), u64::try_from(k1)) else {
        return false;
    };
    let siren_value = d.iter().fold(0u64, |a, &x| a * 10 + u64::from(x));
    if k0 < 10 && k1 < 10 {
        // numeric key: (12 + 3 × (SIREN mod 97)) mod 97, as stdnum computes it
        let mut with12 = d.clone();
        with12.extend_from_slice(&[1, 2]);
        return k0 * 10 + k1 == u64::from(digits_mod(&with12, 97));
    }
    let check = if k0 < 10 {
        k0 * 24 + k1 - 10
    } else {
        k0 * 34 + k1 - 100
    };
    (siren_value + 1 + check / 11) % 11 == check % 11
}

fn dutch(number: &str) -> bool {
    let (Some(head), Some(b), Some(tail)) = (number.get(..9), number.get(9..10), number.get(10..))
    else {
        return false;
    };
    let (Some(d), Some(t)) = (all_digits(head), all_digits(tail)) else {
        return false;
    };
    if b != "B" || t.len() != 2 || t == [0, 0] || d.iter().all(|&x| x == 0) {
        return false;
    }
    let bsn = (weighted_sum(d.get(..8).unwrap_or(&[]), &[9, 8, 7, 6, 5, 4, 3, 2])
        - d.get(8).map_or(0, |&x| i32::from(x)))
    .rem_euclid(11)
        == 0;
    bsn || mod97("NL".chars().chain(number.chars())) == Some(1)
}

impl Detector for EuVat {
    fn id(&self) -> &'static str {
        "eu-vat"
    }

    fn summary(&self) -> &'static str {
        "EU VAT numbers with valid check digits (AT, BE, DE, DK, EE, EL, FI, FR, HR, HU, IT, LU, NL, PL, PT, SE, SI)"
    }

    fn example(&self) -> &'static str {
        "USt-IdNr. `DE136695976`"
    }

    fn find(&self, text: &str, _: &DetectorOptions, found: &mut Vec<Candidate>) {
        // Every valid number has eight or more digits in a row (with single
        // separators; the nine of a French SIREN, the eight after ATU ...): a
        // draft without is done before the expression.
        if !digit_stretches(text).any(|(_, digits)| digits >= 8) {
            return;
        }
        let Some(re) = START.as_ref() else { return };
        let mut done = 0;
        for m in re.find_iter(text) {
            if m.start() < done {
                continue;
            }
            let cc = m.as_str();
            let Some(&(_, lengths)) = LENGTHS.iter().find(|(c, _)| *c == cc) else {
                continue;
            };
            let max = lengths.iter().copied().max().unwrap_or(0);
            let hit = read_number(text, m.end(), max)
                .into_iter()
                .rev()
                .filter(|(n, _)| lengths.contains(&n.len()))
                .find(|(n, end)| ends_at(text, *end) && is_valid(cc, n));
            if let Some((_, end)) = hit {
                found.push(Candidate {
                    span: m.start()..end,
                    confidence: Confidence::High,
                });
                done = end;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detectors::testing;

    fn find(text: &str) -> Vec<&str> {
        testing::texts(&EuVat, text)
    }

    #[test]
    fn finds_vat_numbers_of_several_countries() {
        assert_eq!(find("USt-IdNr. DE136695976."), ["DE136695976"]);
        assert_eq!(
            find("UID ATU13585627 / FR 40 303 265 045"),
            ["ATU13585627", "FR 40 303 265 045"]
        );
        assert_eq!(find("P.IVA IT00743110157"), ["IT00743110157"]);
        assert_eq!(
            find("BE 0776.091.951 und NL004495445B01"),
            ["BE 0776.091.951", "NL004495445B01"]
        );
        assert_eq!(
            find("DK 13585628, SE556188840401, PL 8567346215"),
            ["DK 13585628", "SE556188840401", "PL 8567346215"]
        );
        assert_eq!(find("FRK7399859412"), ["FRK7399859412"]);
    }

    #[test]
    fn ignores_wrong_checks_and_lookalikes() {
        assert!(find("DE136695977").is_empty());
        assert!(find("DE136696976").is_empty());
        assert!(find("ATU13585626").is_empty());
        assert!(find("FR 41 303 265 045").is_empty());
        // Italian number with an office code that does not exist
        assert!(find("IT00743112157").is_empty());
        // too long, glued to letters, lower case, part of an IBAN
        assert!(find("DE1366959761").is_empty());
        assert!(find("XDE136695976").is_empty());
        assert!(find("de136695976").is_empty());
        assert!(find("DE89 3704 0044 0532 0130 00").is_empty());
        // ordinary words that begin like prefixes
        assert!(find("DE 2026 und IT 42").is_empty());
    }
}
