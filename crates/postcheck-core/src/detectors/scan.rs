//! Cheap scans that tell a detector where in a draft it has to look.
//!
//! A draft is mostly prose: a detector that runs its regular expression over
//! all of it pays for every byte, although what it looks for (a run of eleven
//! digits, the word "Passwort", a key of forty letters and digits) is rare or
//! absent. The scans here find the few places where a match could be, much
//! faster than a regex can read the text, eight bytes at a time (as one `u64`,
//! which is as fast in WebAssembly as natively). A detector then runs its
//! exact logic only at those places, and finds exactly what a search of the
//! whole text would.
//!
//! Everything here works on byte offsets into the draft and never panics.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// The maximal runs of ASCII digits in `text`, in order: `"CHF 1'250.50"` gives
/// `4..5`, `6..9` and `10..12`.
pub(super) fn digit_groups(text: &str) -> impl Iterator<Item = Range<usize>> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = next_digit(bytes, at)?;
        let len = bytes
            .get(start..)?
            .iter()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(bytes.len() - start);
        at = start + len;
        Some(start..at)
    })
}

/// The offset of the first ASCII digit at or after `from`.
fn next_digit(bytes: &[u8], from: usize) -> Option<usize> {
    let tail = bytes.get(from..)?;
    let mut chunks = tail.chunks_exact(8);
    let mut offset = from;
    for chunk in &mut chunks {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let mask = digit_mask(u64::from_le_bytes(word));
        if mask != 0 {
            return Some(offset + (mask.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    let rest = chunks.remainder();
    rest.iter().position(u8::is_ascii_digit).map(|i| offset + i)
}

/// The high bit of each byte of `x` (read as eight bytes) that is an ASCII digit.
fn digit_mask(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Per byte, without carries between bytes: y + 0x50 has the high bit when
    // y >= 0x30, y + 0x46 when y >= 0x3a.
    let y = x & LOW7;
    let at_least_0 = y.wrapping_add(0x5050_5050_5050_5050);
    let above_9 = y.wrapping_add(0x4646_4646_4646_4646);
    at_least_0 & !above_9 & !x & HIGH
}

/// Whether `c` is a word character as the regex crate's Unicode `\w` sees it
/// (letters, marks, digits, connector punctuation, joiners).
pub(super) fn is_word_char(c: char) -> bool {
    static WORD: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"\A\w\z").ok());
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    WORD.as_ref()
        .is_some_and(|re| re.is_match(c.encode_utf8(&mut [0; 4])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_groups_are_maximal_runs_of_ascii_digits() {
        let text = "CHF 1'250.50, Tel 0446681800 und ٣ 12345678901234567890x9";
        let got: Vec<&str> = digit_groups(text).filter_map(|r| text.get(r)).collect();
        assert_eq!(
            got,
            ["1", "250", "50", "0446681800", "12345678901234567890", "9"]
        );
        assert_eq!(digit_groups("").count(), 0);
        assert_eq!(digit_groups("abc").count(), 0);
        for n in 0..20 {
            let t = format!("{}7{}", "x".repeat(n), "ü".repeat(n));
            let got: Vec<(usize, usize)> = digit_groups(&t).map(|r| (r.start, r.end)).collect();
            assert_eq!(got, [(n, n + 1)], "{t}");
        }
        for b in 0..=255u8 {
            let word = u64::from_le_bytes([b; 8]);
            let want = if b.is_ascii_digit() {
                0x8080_8080_8080_8080
            } else {
                0
            };
            assert_eq!(digit_mask(word), want, "{b}");
        }
    }

    #[test]
    fn word_characters_as_regex_sees_them() {
        for c in ['a', 'Z', '0', '_', 'ä', 'ß', '\u{301}', '٣', '\u{200d}'] {
            assert!(is_word_char(c), "{c:?}");
        }
        for c in [' ', '-', '.', '\u{a0}', '😀', '’', '€'] {
            assert!(!is_word_char(c), "{c:?}");
        }
    }
}
