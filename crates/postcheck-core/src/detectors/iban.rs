//! `iban`: International Bank Account Numbers.
//!
//! Why it matters: an account number is personal (or company) financial data;
//! posted next to a name it invites fraud such as fake direct debits.
//!
//! Example: "Spenden bitte an CH93 0076 2011 6238 5295 7" flags
//! `CH93 0076 2011 6238 5295 7`.
//!
//! A candidate starts with an upper-case country code and two check digits and
//! is read with or without single separators (space, no-break space, hyphen)
//! up to the length that country's IBAN has (the SWIFT IBAN registry). It is
//! flagged only when the account part has the registered structure (digits,
//! letters) and the ISO 7064 MOD 97-10 check holds; for Belgium, Spain,
//! Montenegro and Norway the national check digits are verified too. A number
//! with a wrong check digit is not flagged.

use super::around::{char_after, char_before, second_char_after};
use super::checksums::{digits_mod, mod97, weighted_sum};
use super::digits::digit_values;
use super::scan::{digit_groups, is_regex_word_char};
use super::{Candidate, Confidence, Detector, DetectorOptions};

/// Finds IBANs with a valid check.
pub struct Iban;

/// Country, total IBAN length, structure of the account part: a count and a kind
/// (`n` digits, `a` upper-case letters, `c` letters or digits), from the SWIFT registry.
const COUNTRIES: &[(&str, usize, &str)] = &[
    ("AD", 24, "4n4n12c"),
    ("AE", 23, "3n16n"),
    ("AL", 28, "8n16c"),
    ("AT", 20, "5n11n"),
    ("AZ", 28, "4a20c"),
    ("BA", 20, "3n3n8n2n"),
    ("BE", 16, "3n7n2n"),
    ("BG", 22, "4a4n2n8c"),
    ("BH", 22, "4a14c"),
    ("BI", 27, "5n5n11n2n"),
    ("BR", 29, "8n5n10n1a1c"),
    ("BY", 28, "4c4n16c"),
    ("CH", 21, "5n12c"),
    ("CR", 22, "4n14n"),
    ("CY", 28, "3n5n16c"),
    ("CZ", 24, "4n16n"),
    ("DE", 22, "8n10n"),
    ("DJ", 27, "5n5n11n2n"),
    ("DK", 18, "4n9n1n"),
    ("DO", 28, "4c20n"),
    ("EE", 20, "2n14n"),
    ("EG", 29, "4n4n17n"),
    ("ES", 24, "4n4n1n1n10n"),
    ("FI", 18, "3n11n"),
    ("FK", 18, "2a12n"),
    ("FO", 18, "4n9n1n"),
    ("FR", 27, "5n5n11c2n"),
    ("GB", 22, "4a6n8n"),
    ("GE", 22, "2a16n"),
    ("GI", 23, "4a15c"),
    ("GL", 18, "4n9n1n"),
    ("GR", 27, "3n4n16c"),
    ("GT", 28, "4c20c"),
    ("HN", 28, "4a20n"),
    ("HR", 21, "7n10n"),
    ("HU", 28, "3n4n1n15n1n"),
    ("IE", 22, "4a6n8n"),
    ("IL", 23, "3n3n13n"),
    ("IQ", 23, "4a3n12n"),
    ("IS", 26, "4n2n6n10n"),
    ("IT", 27, "1a5n5n12c"),
    ("JO", 30, "4a4n18c"),
    ("KW", 30, "4a22c"),
    ("KZ", 20, "3n13c"),
    ("LB", 28, "4n20c"),
    ("LC", 32, "4a24c"),
    ("LI", 21, "5n12c"),
    ("LT", 20, "5n11n"),
    ("LU", 20, "3n13c"),
    ("LV", 21, "4a13c"),
    ("LY", 25, "3n3n15n"),
    ("MC", 27, "5n5n11c2n"),
    ("MD", 24, "2c18c"),
    ("ME", 22, "3n13n2n"),
    ("MK", 19, "3n10c2n"),
    ("MN", 20, "4n12n"),
    ("MR", 27, "5n5n11n2n"),
    ("MT", 31, "4a5n18c"),
    ("MU", 30, "4a2n2n12n3n3a"),
    ("NI", 28, "4a20n"),
    ("NL", 18, "4a10n"),
    ("NO", 15, "4n6n1n"),
    ("OM", 23, "3n16c"),
    ("PK", 24, "4a16c"),
    ("PL", 28, "8n16n"),
    ("PS", 29, "4a21c"),
    ("PT", 25, "4n4n11n2n"),
    ("QA", 29, "4a21c"),
    ("RO", 24, "4a16c"),
    ("RS", 22, "3n13n2n"),
    ("RU", 33, "9n5n15c"),
    ("SA", 24, "2n18c"),
    ("SC", 31, "4a2n2n16n3a"),
    ("SD", 18, "2n12n"),
    ("SE", 24, "3n16n1n"),
    ("SI", 19, "5n8n2n"),
    ("SK", 24, "4n6n10n"),
    ("SM", 27, "1a5n5n12c"),
    ("SO", 23, "4n3n12n"),
    ("ST", 25, "4n4n11n2n"),
    ("SV", 28, "4a20n"),
    ("TL", 23, "3n14n2n"),
    ("TN", 24, "2n3n13n2n"),
    ("TR", 26, "5n1n16c"),
    ("UA", 29, "6n19c"),
    ("VA", 22, "3n15n"),
    ("VG", 24, "4a16n"),
    ("XK", 20, "4n10n2n"),
    ("YE", 30, "4a4n18c"),
];

/// Where an IBAN can start: two upper-case letters and two digits (`CH93`),
/// not glued to a word before them (what `\b[A-Z]{2}[0-9]{2}` finds). Found
/// from the groups of digits, which are few in a draft.
fn starts(text: &str) -> impl Iterator<Item = usize> {
    let bytes = text.as_bytes();
    digit_groups(text).filter_map(move |digits| {
        let start = digits.start.checked_sub(2)?;
        let letters = bytes.get(start..digits.start)?;
        (digits.len() >= 2
            && letters.iter().all(u8::is_ascii_uppercase)
            && char_before(text, start).is_none_or(|c| !is_regex_word_char(c)))
        .then_some(start)
    })
}

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '-')
}

/// Reads the IBAN that starts at byte `start` (at its country code): its end and
/// its compact upper-case form, when it has its country's length and ends there.
pub(super) fn read_at(text: &str, start: usize) -> Option<(usize, String)> {
    let head = text.get(start..start + 4)?;
    let &(_, len, _) = COUNTRIES.iter().find(|(cc, _, _)| head.starts_with(cc))?;
    let mut compact = head.to_owned();
    let mut pos = start + 4;
    let mut sep: Option<char> = None;
    while compact.len() < len {
        let mut c = char_after(text, pos)?;
        if is_separator(c) {
            if sep.is_some_and(|s| s != c) {
                return None;
            }
            sep = Some(c);
            pos += c.len_utf8();
            c = char_after(text, pos)?;
        }
        if !c.is_ascii_alphanumeric() {
            return None;
        }
        compact.push(c.to_ascii_uppercase());
        pos += 1;
    }
    // It must end here: no letter or digit, and no further group of digits.
    match char_after(text, pos) {
        Some(c) if c.is_alphanumeric() || c == '_' => return None,
        Some(c)
            if is_separator(c)
                && second_char_after(text, pos).is_some_and(|d| d.is_ascii_digit()) =>
        {
            return None;
        }
        _ => {}
    }
    Some((pos, compact))
}

/// Whether `compact` (upper case, no separators) is a valid IBAN.
pub(super) fn is_valid(compact: &str) -> bool {
    let Some(cc) = compact.get(..2) else {
        return false;
    };
    let Some(&(_, len, structure)) = COUNTRIES.iter().find(|(c, _, _)| *c == cc) else {
        return false;
    };
    if compact.len() != len || !compact.is_ascii() {
        return false;
    }
    let (Some(check), Some(bban)) = (compact.get(2..4), compact.get(4..)) else {
        return false;
    };
    if !check.bytes().all(|b| b.is_ascii_digit()) || !matches_structure(bban, structure) {
        return false;
    }
    if mod97(bban.chars().chain(cc.chars()).chain(check.chars())) != Some(1) {
        return false;
    }
    national_check(cc, bban)
}

fn matches_structure(bban: &str, structure: &str) -> bool {
    let mut chars = bban.chars();
    let mut count = 0usize;
    for s in structure.chars() {
        if let Some(d) = s.to_digit(10) {
            count = count * 10 + d as usize;
            continue;
        }
        for _ in 0..count {
            let ok = match (s, chars.next()) {
                ('n', Some(c)) => c.is_ascii_digit(),
                ('a', Some(c)) => c.is_ascii_uppercase(),
                ('c', Some(c)) => c.is_ascii_alphanumeric(),
                _ => false,
            };
            if !ok {
                return false;
            }
        }
        count = 0;
    }
    chars.next().is_none()
}

/// The national check digits inside the account part, where they are known.
fn national_check(cc: &str, bban: &str) -> bool {
    let d = digit_values(bban);
    match cc {
        // Belgium: the last two digits are the first ten mod 97 (97 for 0).
        "BE" => match d.split_last_chunk::<2>() {
            Some((body, [a, b])) => {
                let r = digits_mod(body, 97);
                u32::from(*a) * 10 + u32::from(*b) == if r == 0 { 97 } else { r }
            }
            None => false,
        },
        // Spain: the CCC has two check digits (positions 9 and 10).
        "ES" => {
            let (Some(bank), Some(checks), Some(account)) = (d.get(..8), d.get(8..10), d.get(10..))
            else {
                return false;
            };
            let mut first = vec![0, 0];
            first.extend_from_slice(bank);
            checks == [spanish_check(&first), spanish_check(account)]
        }
        // Montenegro: the account part is 1 mod 97.
        "ME" => digits_mod(&d, 97) == 1,
        // Norway: the eleven-digit account number has a mod 11 check digit.
        "NO" => norwegian_account(&d),
        _ => true,
    }
}

fn spanish_check(digits: &[u8]) -> u8 {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &n)| u32::from(n) * ((1u32 << i) % 11))
        .sum();
    let check = sum % 11;
    let c = if check < 2 { check } else { 11 - check };
    u8::try_from(c).unwrap_or(u8::MAX)
}

fn norwegian_account(d: &[u8]) -> bool {
    if d.len() == 11 && d.starts_with(&[0, 0, 0, 0]) {
        return d.get(4..).is_some_and(super::checksums::luhn_valid);
    }
    let (Some(body), Some(&check)) = (d.get(..10), d.get(10)) else {
        return false;
    };
    let sum = weighted_sum(body, &[6, 7, 8, 9, 4, 5, 6, 7, 8, 9]);
    sum % 11 == i32::from(check)
}

impl Detector for Iban {
    fn id(&self) -> &'static str {
        "iban"
    }

    fn summary(&self) -> &'static str {
        "IBANs (country lengths, ISO 7064 mod 97-10)"
    }

    fn example(&self) -> &'static str {
        "Spenden an `CH93 0076 2011 6238 5295 7`"
    }

    fn find(&self, text: &str, _: &DetectorOptions, found: &mut Vec<Candidate>) {
        let mut done = 0;
        for start in starts(text) {
            if start < done {
                continue;
            }
            if let Some((end, compact)) = read_at(text, start)
                && is_valid(&compact)
            {
                found.push(Candidate {
                    span: start..end,
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
        testing::texts(&Iban, text)
    }

    #[test]
    fn finds_valid_ibans_with_and_without_spaces() {
        assert_eq!(
            find("Spenden bitte an CH93 0076 2011 6238 5295 7, danke!"),
            ["CH93 0076 2011 6238 5295 7"]
        );
        assert_eq!(
            find("IBAN: DE89370400440532013000."),
            ["DE89370400440532013000"]
        );
        assert_eq!(
            find("RIB FR76 3000 6000 0112 3456 7890 189 merci"),
            ["FR76 3000 6000 0112 3456 7890 189"]
        );
        assert_eq!(
            find("IT60 X054 2811 1010 0000 0123 456"),
            ["IT60 X054 2811 1010 0000 0123 456"]
        );
        assert_eq!(
            find("AT61 1904 3002 3457 3201 / GB29 NWBK 6016 1331 9268 19"),
            ["AT61 1904 3002 3457 3201", "GB29 NWBK 6016 1331 9268 19"]
        );
        assert_eq!(
            find("BE71 0961 2345 6769 und ES91 2100 0418 4502 0005 1332"),
            ["BE71 0961 2345 6769", "ES91 2100 0418 4502 0005 1332"]
        );
        assert_eq!(find("NO93 8601 1117 947"), ["NO93 8601 1117 947"]);
    }

    #[test]
    fn ignores_wrong_checks_lengths_and_structures() {
        // one digit changed
        assert!(find("CH93 0076 2011 6238 5295 8").is_empty());
        // two digits swapped
        assert!(find("DE89370400440532031000").is_empty());
        // too short, too long, unknown country, lower-case country
        assert!(find("CH93 0076 2011 6238 5295").is_empty());
        assert!(find("DE893704004405320130001").is_empty());
        assert!(find("DE89 3704 0044 0532 0130 00 12").is_empty());
        assert!(find("ZZ89370400440532013000").is_empty());
        assert!(find("de89370400440532013000").is_empty());
        // Spanish IBAN with a valid IBAN check but wrong national check digits
        assert!(find("ES10 2100 0813 0012 3456 7890").is_empty());
        // ordinary codes
        assert!(find("Halle AB12 und CH2026 sowie EU27").is_empty());
    }

    #[test]
    fn does_not_panic_on_odd_text() {
        assert!(find("CH93 0076 2011 6238 5295 ü").is_empty());
        assert!(find("CH93").is_empty());
        assert!(find("CH93 ").is_empty());
        assert!(find("CH93\u{a0}0076 2011").is_empty());
    }
}
