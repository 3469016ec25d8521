//! Cheap scans that tell a detector where in a draft it has to look.
//!
//! A draft is mostly prose: a detector that runs its regular expression over
//! all of it pays for every byte, although what it looks for (a run of eleven
//! digits, the word "Passwort", a key of forty letters and digits) is rare or
//! absent. The scans here find the few places where a match could be, much
//! faster than a regex can read the text, eight bytes at a time (as one `u64`,
//! which is as fast in WebAssembly as natively): ASCII digits, long runs of
//! token characters, and the beginnings of words. A detector then runs its
//! exact logic only at those places, and finds exactly what a search of the
//! whole text would.
//!
//! Everything here works on byte offsets into the draft and never panics.

use std::ops::Range;

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

/// Whether `text` holds `needle`, for the literal a detector needs before it
/// runs its expression (`@`, `CHE`, `eyJ`). Natively the standard library's
/// search (SIMD) is the fastest; WebAssembly has no SIMD here, and
/// [`swar_contains`] is several times faster than it there.
pub(super) fn has_literal(text: &str, needle: &str) -> bool {
    if cfg!(target_arch = "wasm32") {
        swar_contains(text, needle)
    } else {
        text.contains(needle)
    }
}

/// Whether `text` holds `needle`: a rare byte of it (the first capital letter,
/// else the first byte that is no lower-case letter, else the last) is looked
/// for eight bytes at a time, then the literal around it is compared.
fn swar_contains(text: &str, needle: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let needle = needle.as_bytes();
    let Some((key_at, &key)) = (needle.iter().enumerate())
        .find(|(_, b)| b.is_ascii_uppercase())
        .or_else(|| {
            needle
                .iter()
                .enumerate()
                .find(|(_, b)| !b.is_ascii_lowercase())
        })
        .or_else(|| needle.iter().enumerate().next_back())
    else {
        return true;
    };
    let bytes = text.as_bytes();
    let matches_at = |i: usize| {
        i.checked_sub(key_at)
            .and_then(|start| bytes.get(start..start + needle.len()))
            .is_some_and(|w| w == needle)
    };
    let mut chunks = bytes.chunks_exact(8);
    let mut block = 0;
    for chunk in &mut chunks {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let x = u64::from_le_bytes(word) ^ (ONES * u64::from(key));
        // the high bit of each byte that equals `key`, and maybe of some after
        // one (a borrow): every hit is checked
        let mut hits = x.wrapping_sub(ONES) & !x & HIGH;
        while hits != 0 {
            if matches_at(block + (hits.trailing_zeros() / 8) as usize) {
                return true;
            }
            hits &= hits - 1;
        }
        block += 8;
    }
    chunks
        .remainder()
        .iter()
        .enumerate()
        .any(|(i, &b)| b == key && matches_at(block + i))
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
/// (letters, marks, digits, connector punctuation, joiners): regex-syntax's own
/// table, looked up (a compiled `\w` regex took longer to build than most
/// checks take).
pub(super) fn is_regex_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    regex_syntax::try_is_word_character(c).unwrap_or(false)
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

/// Words to find in a draft by their beginning, ignoring ASCII case: short
/// lower-case stems such as `passw` or `confiden`, found where they start a
/// word (after a byte that is no ASCII letter or digit).
///
/// How: the starts of words are found eight bytes at a time; only those whose
/// first two letters begin some stem are compared. This is as fast in
/// WebAssembly as natively, unlike a general multi-pattern search, which needs
/// SIMD to be fast.
pub(super) struct Stems {
    /// The stems in lower case.
    stems: Vec<Vec<u8>>,
    /// The first three bytes of each stem, hashed (see [`key3`]): most word
    /// starts are ruled out with one bit.
    bloom: Vec<u64>,
    /// For each first letter and second byte (see [`pair_index`]), the stems
    /// that can start so, as bits.
    by_pair: Vec<u64>,
}

/// A hash of three bytes, ignoring ASCII case, to 12 bits.
fn key3(bytes: &[u8]) -> usize {
    let key = bytes
        .iter()
        .take(3)
        .fold(0u32, |k, &b| (k << 8) | u32::from(b | 0x20));
    (key.wrapping_mul(0x9e37_79b1) >> 20) as usize
}

/// The slot of a word start in [`Stems::by_pair`]: its first letter (0 to 25)
/// and second byte (a letter, or 26 for anything else).
fn pair_index(first: u8, second: u8) -> Option<usize> {
    let first = letter_index(first)?;
    Some(first * 27 + letter_index(second).unwrap_or(26))
}

impl Stems {
    /// Prepares the search for `stems`, each starting with an ASCII letter
    /// and at least three bytes long, at most 64 of them (others are never found).
    pub(super) fn new<'s>(stems: impl IntoIterator<Item = &'s str>) -> Stems {
        let stems: Vec<Vec<u8>> = stems
            .into_iter()
            .map(|s| s.as_bytes().to_ascii_lowercase())
            .collect();
        let mut by_pair = vec![0u64; 26 * 27];
        let mut bloom = vec![0u64; 64];
        for (i, bytes) in stems.iter().enumerate().take(64) {
            if bytes.len() < 3 {
                continue;
            }
            let key = key3(bytes);
            if let Some(bits) = bloom.get_mut(key / 64) {
                *bits |= 1 << (key % 64);
            }
            let (Some(&a), Some(&b)) = (bytes.first(), bytes.get(1)) else {
                continue;
            };
            if let Some(slot) = pair_index(a, b).and_then(|p| by_pair.get_mut(p)) {
                *slot |= 1 << i;
            }
        }
        Stems {
            stems,
            bloom,
            by_pair,
        }
    }

    /// Every place where a stem starts a word of `text`, ignoring ASCII case,
    /// in order, as `(offset, index of the stem)`. `None` when the text holds a
    /// character that [`has_case_exotic`] names: then the caller must search
    /// the whole text.
    pub(super) fn find_all(&self, text: &str) -> Option<Vec<(usize, usize)>> {
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        // The high bit is set when the byte before the block is a letter or digit.
        let mut carry = 0u64;
        let mut maybe_exotic = false;
        let mut chunks = bytes.chunks_exact(8);
        let mut block = 0;
        for chunk in &mut chunks {
            let Ok(word) = <[u8; 8]>::try_from(chunk) else {
                break;
            };
            let x = u64::from_le_bytes(word);
            let letters = letter_mask(x);
            let alnum = letters | digit_mask(x);
            let mut starts = letters & !((alnum << 8) | carry);
            carry = (alnum >> 56) & 0x80;
            maybe_exotic |= x & HIGH != 0 && has_exotic_byte(x);
            while starts != 0 {
                self.match_at(
                    bytes,
                    block + (starts.trailing_zeros() / 8) as usize,
                    &mut out,
                );
                starts &= starts - 1;
            }
            block += 8;
        }
        let mut after_alnum = carry != 0;
        for (i, &b) in chunks.remainder().iter().enumerate() {
            if b.is_ascii_alphabetic() && !after_alnum {
                self.match_at(bytes, block + i, &mut out);
            }
            after_alnum = b.is_ascii_alphanumeric();
            maybe_exotic |= matches!(b, 0x84 | 0xc4 | 0xc5);
        }
        if maybe_exotic && has_case_exotic(text) {
            return None;
        }
        Some(out)
    }

    /// Adds the stems that start at `at` (a letter) to `out`.
    #[inline]
    fn match_at(&self, bytes: &[u8], at: usize, out: &mut Vec<(usize, usize)>) {
        let Some(head) = bytes.get(at..at + 3) else {
            return;
        };
        let key = key3(head);
        if self
            .bloom
            .get(key / 64)
            .is_none_or(|bits| bits & (1 << (key % 64)) == 0)
        {
            return;
        }
        let (Some(&a), Some(&b)) = (head.first(), head.get(1)) else {
            return;
        };
        // `a` is a letter; `b` counts as 26 unless it is one
        let first = usize::from((a | 0x20).wrapping_sub(b'a'));
        let b = (b | 0x20).wrapping_sub(b'a');
        let second = if b < 26 { usize::from(b) } else { 26 };
        let mut candidates = self.by_pair.get(first * 27 + second).copied().unwrap_or(0);
        while candidates != 0 {
            let i = candidates.trailing_zeros() as usize;
            candidates &= candidates - 1;
            let Some(stem) = self.stems.get(i) else {
                continue;
            };
            let matches = bytes.get(at..at + stem.len()).is_some_and(|t| {
                t.iter()
                    .zip(stem.iter())
                    .all(|(t, s)| t.to_ascii_lowercase() == *s)
            });
            if matches {
                out.push((at, i));
            }
        }
    }
}

/// Whether one of the eight bytes of `x` is a byte of a character that
/// [`has_case_exotic`] looks for: 0x84 (in U+212A) or 0xC4, 0xC5 (leading
/// U+0130 and U+017F).
fn has_exotic_byte(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    zero_byte(x ^ (ONES * 0x84)) || zero_byte((x | ONES) ^ (ONES * 0xc5))
}

/// `a` to `z` (either case) as 0 to 25.
fn letter_index(b: u8) -> Option<usize> {
    b.is_ascii_alphabetic()
        .then(|| usize::from(b.to_ascii_lowercase() - b'a'))
}

/// The high bit of each byte of `x` (read as eight bytes) that is an ASCII letter.
fn letter_mask(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Lower case first (sets 0x20), then per byte: y + 0x1f has the high bit
    // when y >= 0x61 ('a'), y + 0x05 when y >= 0x7b (past 'z').
    let y = (x | 0x2020_2020_2020_2020) & LOW7;
    let at_least_a = y.wrapping_add(0x1f1f_1f1f_1f1f_1f1f);
    let past_z = y.wrapping_add(0x0505_0505_0505_0505);
    at_least_a & !past_z & !x & HIGH
}

/// The byte range of the word (a run of characters other than white space) around byte `at`.
pub(super) fn word_around(text: &str, at: usize) -> Range<usize> {
    let head = text.get(..at).unwrap_or("");
    let start = head
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let tail = text.get(at..).unwrap_or("");
    let end = at + tail.find(char::is_whitespace).unwrap_or(tail.len());
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_characters_are_those_of_the_regex_crates_unicode_w() {
        let Ok(w) = regex::Regex::new(r"\A\w\z") else {
            panic!("compiles")
        };
        let differ: Vec<char> = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| is_regex_word_char(c) != w.is_match(c.encode_utf8(&mut [0; 4])))
            .collect();
        assert!(differ.is_empty(), "{differ:?}");
    }

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
    fn literals_are_found_where_they_are() {
        for n in 0..20 {
            let pad = "xü ".repeat(n);
            for needle in ["@", "CHE", "eyJ", "-----BEGIN", "abc"] {
                assert!(
                    has_literal(&format!("{pad}{needle}{pad}"), needle),
                    "{needle} {n}"
                );
                assert!(!has_literal(&pad, needle), "{needle} {n}");
                let cut = &needle[..needle.len() - 1];
                assert!(!has_literal(&format!("{pad}{cut}"), needle), "{needle} {n}");
            }
        }
        // a byte one above the key right after it is no false hit
        assert!(!swar_contains("x@A", "@A@"));
        assert!(swar_contains("AA@@A@", "@A@"));
        assert!(swar_contains("anything", ""));
    }

    #[test]
    fn word_characters_as_regex_sees_them() {
        for c in ['a', 'Z', '0', '_', 'ä', 'ß', '\u{301}', '٣', '\u{200d}'] {
            assert!(is_regex_word_char(c), "{c:?}");
        }
        for c in [' ', '-', '.', '\u{a0}', '😀', '’', '€'] {
            assert!(!is_regex_word_char(c), "{c:?}");
        }
    }

    #[test]
    fn stems_are_found_as_a_byte_by_byte_search_finds_them() {
        let list = ["pass", "secret", "sec", "verö", "abc", "ab"];
        let stems = Stems::new(list);
        // Each word start (an ASCII letter after no ASCII letter or digit),
        // each stem of three bytes or more in list order.
        let reference = |text: &str| {
            let bytes = text.as_bytes();
            let mut out = Vec::new();
            for i in 0..bytes.len() {
                let starts_word = bytes[i].is_ascii_alphabetic()
                    && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric());
                for (k, stem) in list.iter().enumerate() {
                    let stem = stem.as_bytes();
                    if starts_word
                        && stem.len() >= 3
                        && bytes
                            .get(i..i + stem.len())
                            .is_some_and(|t| t.eq_ignore_ascii_case(stem))
                    {
                        out.push((i, k));
                    }
                }
            }
            out
        };
        // Blocks of eight bytes with none, one, two and many word starts.
        let dense = "a sec b pass c secret,sec.sec;sec abc ab x1sec _sec SEC Pass verö-abc \
                     a b c d e f g h i j k l sec passsecret secsec ab-abc-abc-abc zz";
        for (at, _) in dense.char_indices() {
            for part in [dense.get(..at), dense.get(at..)].into_iter().flatten() {
                assert_eq!(stems.find_all(part), Some(reference(part)), "{part:?}");
            }
        }
    }

    #[test]
    fn stems_are_found_at_word_starts_ignoring_ascii_case() {
        let stems = Stems::new(["pass", "secret", "sec", "verö", "verÖ"]);
        assert_eq!(
            stems.find_all("PasSecret, Ü pass _SECRET x9pass VERÖFFENTLICHT"),
            Some(vec![(0, 0), (14, 0), (20, 1), (20, 2), (34, 4)])
        );
        assert_eq!(stems.find_all("ſecret"), None);
        // at every place in a block of eight bytes
        for n in 0..20 {
            let text = format!("{}-secret", "ab ".repeat(n));
            assert_eq!(
                stems.find_all(&text),
                Some(vec![(3 * n + 1, 1), (3 * n + 1, 2)]),
                "{text}"
            );
        }
        for b in 0..=255u8 {
            let want = if b.is_ascii_alphabetic() {
                0x8080_8080_8080_8080
            } else {
                0
            };
            assert_eq!(letter_mask(u64::from_le_bytes([b; 8])), want, "{b}");
        }
    }
}
