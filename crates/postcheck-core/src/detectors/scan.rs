//! Cheap scans that tell a detector where in a draft it has to look.
//!
//! A draft is mostly prose: a detector that runs its regular expression over
//! all of it pays for every byte, although what it looks for (a run of eleven
//! digits, the word "Passwort", a key of forty letters and digits) is rare or
//! absent. The scans here find the few places where a match could be, much
//! faster than a regex can read the text, eight bytes at a time (as one `u64`,
//! which is as fast in WebAssembly as natively): ASCII digits and long runs
//! of token characters. A detector then runs its
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

/// The maximal runs of bytes of `class` that are at least `min_len` bytes
/// long, in order. `class` may only hold ASCII bytes above the space, as token
/// characters are.
///
/// How: a run of 15 or more bytes covers a whole aligned block of eight bytes,
/// and in prose almost every block holds a space or a non-ASCII byte, which
/// eight bytes at a time shows. Only the few other blocks are looked at closely.
pub(super) fn long_runs<F: Fn(u8) -> bool>(
    text: &str,
    class: F,
    min_len: usize,
) -> Vec<Range<usize>> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let bytes = text.as_bytes();
    let class = |i: usize| bytes.get(i).is_some_and(|&b| class(b));
    let mut runs = Vec::new();
    // Everything before `done` has been looked at.
    let mut done = 0;
    for block in (0..bytes.len()).step_by(8) {
        // a byte below 0x21 (space, control) or of a non-ASCII character
        let spaced = bytes
            .get(block..block + 8)
            .and_then(|chunk| <[u8; 8]>::try_from(chunk).ok())
            .map(u64::from_le_bytes)
            .is_some_and(|x| x.wrapping_sub(ONES * 0x21) & !x & HIGH != 0 || x & HIGH != 0);
        if block + 8 <= done || (spaced && min_len >= 15) {
            continue;
        }
        let mut q = block.max(done);
        while q < block + 8 {
            if !class(q) {
                q += 1;
                continue;
            }
            let mut start = q;
            while start > done && class(start - 1) {
                start -= 1;
            }
            let mut end = q + 1;
            while class(end) {
                end += 1;
            }
            if end - start >= min_len {
                runs.push(start..end);
            }
            done = end;
            q = end;
        }
    }
    runs
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

/// Whether `text` holds a character that matches an ASCII letter case-insensitively
/// without being one: the Kelvin sign (`k`), the long s (`s`), and the capital I
/// with dot (whose lower case is `i` and a combining dot). A search for ASCII
/// words that ignores only ASCII case can miss words spelled with them.
pub(super) fn has_case_exotic(text: &str) -> bool {
    // A byte of each (E2 84 AA, C5 BF, C4 B0) first: memchr is fast, decoding is not.
    let bytes = text.as_bytes();
    (bytes.contains(&0x84) || bytes.contains(&0xc5) || bytes.contains(&0xc4))
        && ["\u{212a}", "\u{17f}", "\u{130}"]
            .iter()
            .any(|c| text.contains(c))
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
    fn long_runs_finds_every_run_of_the_length() {
        let class = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
        let text = "ab abcdef x_y-zzzz abcdefghij, ü abcdefgh";
        let text = format!("{text} {}", text.replace(' ', "_")).repeat(3);
        let text = text.as_str();
        for min in 1..40 {
            let want: Vec<&str> = text
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .filter(|w| w.len() >= min)
                .collect();
            let got: Vec<&str> = long_runs(text, class, min)
                .into_iter()
                .filter_map(|r| text.get(r))
                .collect();
            assert_eq!(got, want, "{min}");
        }
        // runs at every alignment and length, between spaces, dots and umlauts
        let mut seed = 7u32;
        let mut text = String::new();
        for _ in 0..3000 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let len = (seed >> 16) % 40;
            text.push_str(&"x".repeat(len as usize));
            text.push(
                [" ", ".", "ü", "-"]
                    .get((seed >> 8) as usize % 4)
                    .map_or(' ', |s| s.chars().next().unwrap_or(' ')),
            );
        }
        let want: Vec<&str> = text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .filter(|w| w.len() >= 20)
            .collect();
        let class = |b: u8| b.is_ascii_alphanumeric() || b == b'-';
        let got: Vec<&str> = long_runs(&text, class, 20)
            .into_iter()
            .filter_map(|r| text.get(r))
            .collect();
        assert_eq!(got, want);
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
