//! Helpers shared by the detectors: neighbouring characters, context words,
//! runs of grouped digits and the check-digit algorithms.
//!
//! Everything here works on byte offsets into the draft and never panics: it
//! reads the text with `get` and `chars`, and each call looks at a bounded
//! window, so a detector that calls these once per candidate stays linear.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::scan::{digit_groups, is_regex_word_char};

/// A regular expression searched as `\b(?:body)\b` (or `\b(?:body)` without
/// `trailing`) would be, with Unicode word boundaries, but written without `\b`.
///
/// Why: a Unicode `\b` makes the regex crate's fast DFA give up at the first
/// non-ASCII byte of the draft (an umlaut, an emoji) and search with its PikeVM
/// instead, about a hundred times slower on a 3,000-character post. Next to a
/// word character, `\b` only says that the neighbour is not one, so the
/// neighbour is matched instead: `(?:\A|\W)(?P<hit>body)(?:\W|\z)`, and the
/// search goes on from the last character of the hit, so that a consumed
/// neighbour can stand before the next hit. The hits are the same, provided
/// `body` only matches text that starts (and, with `trailing`, ends) with a
/// word character.
///
/// The expression is compiled when it is first searched, in one of two forms:
/// the whole text ([`Bounded::captures_iter`]) or only at given places
/// ([`Bounded::captures_at_starts`]), which is much faster when a detector
/// knows where its hits can start.
#[derive(Debug)]
pub(super) struct Bounded {
    /// `(?:\A|\W)(?P<hit>body)...`, searched through a text.
    pattern: String,
    /// `\A(?P<hit>body)...`, tried at one place.
    anchored_pattern: String,
    re: OnceLock<Option<Regex>>,
    anchored: OnceLock<Option<Regex>>,
}

/// A match of a [`Bounded`] expression: its groups, `hit` among them.
#[derive(Debug)]
pub(super) struct Hit<'t> {
    caps: regex::Captures<'t>,
    /// Where the text the expression saw starts in the draft.
    offset: usize,
}

impl<'t> Hit<'t> {
    /// The byte range of group `name` in the draft, if the group took part.
    pub(super) fn range(&self, name: &str) -> Option<Range<usize>> {
        let m = self.caps.name(name)?;
        Some(self.offset + m.start()..self.offset + m.end())
    }

    /// The text of group `name`, if the group took part.
    pub(super) fn text(&self, name: &str) -> Option<&'t str> {
        self.caps.name(name).map(|m| m.as_str())
    }
}

impl Bounded {
    /// `flags` (such as `(?i)`, or empty) and `body` with the boundaries around it.
    pub(super) fn new(flags: &str, body: &str, trailing: bool) -> Bounded {
        let after = if trailing { r"(?:\W|\z)" } else { "" };
        Bounded {
            pattern: format!(r"{flags}(?:\A|\W)(?P<hit>{body}){after}"),
            anchored_pattern: format!(r"{flags}\A(?P<hit>{body}){after}"),
            re: OnceLock::new(),
            anchored: OnceLock::new(),
        }
    }

    /// Whether the expression compiles (it is compiled on first use otherwise).
    #[cfg(test)]
    pub(super) fn compiles(&self) -> bool {
        self.re().is_some() && self.anchored().is_some()
    }

    fn re(&self) -> Option<&Regex> {
        self.re
            .get_or_init(|| Regex::new(&self.pattern).ok())
            .as_ref()
    }

    fn anchored(&self) -> Option<&Regex> {
        self.anchored
            .get_or_init(|| Regex::new(&self.anchored_pattern).ok())
            .as_ref()
    }

    /// The matches, in order and not overlapping; each one's `hit` group is what `\b(?:body)\b` matches.
    pub(super) fn captures_iter<'r, 't>(
        &'r self,
        text: &'t str,
    ) -> impl Iterator<Item = Hit<'t>> + use<'r, 't> {
        let re = self.re();
        let mut at = 0;
        std::iter::from_fn(move || {
            let caps = re?.captures_at(text, at)?;
            let hit = caps.name("hit")?;
            at = next_search(text, hit.range())?;
            Some(Hit { caps, offset: 0 })
        })
    }

    /// The `hit` of every match (see [`Bounded::captures_iter`]).
    #[cfg(test)]
    pub(super) fn find_iter<'r, 't>(
        &'r self,
        text: &'t str,
    ) -> impl Iterator<Item = Range<usize>> + use<'r, 't> {
        self.captures_iter(text).filter_map(|hit| hit.range("hit"))
    }

    /// The matches of [`Bounded::captures_iter`] within `window` of `text`,
    /// searching only there. The same as searching all of the text, provided
    /// that the window starts at the start of the text or after a non-word
    /// character, ends at the end of the text or before a non-word character,
    /// and that no match of the whole text crosses either end.
    pub(super) fn captures_in<'r, 't>(
        &'r self,
        text: &'t str,
        window: Range<usize>,
    ) -> impl Iterator<Item = Hit<'t>> + use<'r, 't> {
        let part = text.get(window.clone()).unwrap_or("");
        self.captures_iter(part).map(move |hit| Hit {
            offset: window.start,
            ..hit
        })
    }

    /// The matches [`Bounded::captures_iter`] gives, provided that each of
    /// their hits starts at one of `starts` (byte offsets, ascending, possibly
    /// more than needed): the expression is only tried there, anchored, so the
    /// cost grows with the number of starts rather than with the text.
    pub(super) fn captures_at_starts<'r, 't, S: IntoIterator<Item = usize>>(
        &'r self,
        text: &'t str,
        starts: S,
    ) -> impl Iterator<Item = Hit<'t>> + use<'r, 't, S> {
        let mut at = 0;
        starts.into_iter().filter_map(move |start| {
            // The whole match starts with the non-word character before the hit, or at \A.
            let lead = match char_before(text, start) {
                None => 0,
                Some(c) if is_regex_word_char(c) => return None,
                Some(c) => start - c.len_utf8(),
            };
            if lead < at {
                return None;
            }
            // compiled at the first place to try, not before
            let re = self.anchored()?;
            let tail = text.get(start..)?;
            // Most places hold no hit: `is_match` tells without the cost of groups.
            if !re.is_match(tail) {
                return None;
            }
            let caps = re.captures(tail)?;
            let hit = Hit {
                caps,
                offset: start,
            };
            at = next_search(text, hit.range("hit")?)?;
            Some(hit)
        })
    }

    /// [`Bounded::captures_at_starts`] with `starts` when they are known, else
    /// [`Bounded::captures_iter`].
    pub(super) fn captures_at_known_starts<'r, 't>(
        &'r self,
        text: &'t str,
        starts: Option<Vec<usize>>,
    ) -> Box<dyn Iterator<Item = Hit<'t>> + 't>
    where
        'r: 't,
    {
        match starts {
            Some(starts) => Box::new(self.captures_at_starts(text, starts)),
            None => Box::new(self.captures_iter(text)),
        }
    }
}

/// Where the search for the next match goes on after a hit: at its last character
/// (after its first, for a hit of one character).
fn next_search(text: &str, hit: Range<usize>) -> Option<usize> {
    let first_end = hit.start + char_after(text, hit.start)?.len_utf8();
    let last_start = hit.end - char_before(text, hit.end)?.len_utf8();
    Some(first_end.max(last_start))
}

/// The character just before byte `pos`, if there is one.
pub(super) fn char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos)?.chars().next_back()
}

/// The character at byte `pos`, if there is one.
pub(super) fn char_after(text: &str, pos: usize) -> Option<char> {
    text.get(pos..)?.chars().next()
}

/// The second character after byte `pos` (the one after [`char_after`]).
pub(super) fn second_char_after(text: &str, pos: usize) -> Option<char> {
    text.get(pos..)?.chars().nth(1)
}

/// The second character before byte `pos` (the one before [`char_before`]).
pub(super) fn second_char_before(text: &str, pos: usize) -> Option<char> {
    text.get(..pos)?.chars().nth_back(1)
}

/// Up to `n` characters of `text` that end at byte `pos`, without a word cut
/// at the window's start (so that "Bestellnummer" does not give "tellnummer").
pub(super) fn words_before(text: &str, pos: usize, n: usize) -> &str {
    let w = window_before(text, pos, n);
    let start = pos - w.len();
    if char_before(text, start).is_some_and(char::is_alphanumeric) {
        let cut = w.find(|c: char| !c.is_alphanumeric()).unwrap_or(w.len());
        w.get(cut..).unwrap_or("")
    } else {
        w
    }
}

/// Up to `n` characters of `text` that end at byte `pos`.
pub(super) fn window_before(text: &str, pos: usize, n: usize) -> &str {
    let Some(head) = text.get(..pos) else {
        return "";
    };
    if n == 0 {
        return "";
    }
    let start = head.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
    head.get(start..).unwrap_or("")
}

/// Up to `n` characters of `text` that start at byte `pos`.
pub(super) fn window_after(text: &str, pos: usize, n: usize) -> &str {
    let Some(tail) = text.get(pos..) else {
        return "";
    };
    let end = tail.char_indices().nth(n).map_or(tail.len(), |(i, _)| i);
    tail.get(..end).unwrap_or("")
}

/// The line (without its line break) that holds byte `pos`, and where it starts.
/// Lines longer than 400 characters on either side of `pos` are cut there.
pub(super) fn line_around(text: &str, pos: usize) -> (usize, &str) {
    let before = window_before(text, pos, 400);
    let start = pos - before.len() + before.rfind('\n').map_or(0, |i| i + 1);
    let after = window_after(text, pos, 400);
    let end = pos + after.find('\n').unwrap_or(after.len());
    (start, text.get(start..end).unwrap_or(""))
}

/// Whether `word` (lower case) occurs in `haystack` (lower case) at the start of a word.
/// The word may run on (`konto` is found in `kontonummer`).
pub(super) fn has_word_start(haystack: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(i) = haystack.get(from..).and_then(|s| s.find(word)) {
        let at = from + i;
        if char_before(haystack, at).is_none_or(|c| !c.is_alphanumeric()) {
            return true;
        }
        from = at + word.len();
    }
    false
}

/// Whether `word` (lower case) occurs in `haystack` (lower case) as a whole word.
pub(super) fn has_whole_word(haystack: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(i) = haystack.get(from..).and_then(|s| s.find(word)) {
        let at = from + i;
        let end = at + word.len();
        if char_before(haystack, at).is_none_or(|c| !c.is_alphanumeric())
            && char_after(haystack, end).is_none_or(|c| !c.is_alphanumeric())
        {
            return true;
        }
        from = end;
    }
    false
}

/// Whether one of `words` (lower case) starts a word within `before` characters
/// before `span` or `after` characters after it.
pub(super) fn context_near(
    text: &str,
    span: &Range<usize>,
    before: usize,
    after: usize,
    words: &[&str],
) -> bool {
    let mut window = words_before(text, span.start, before).to_lowercase();
    window.push('\u{1}');
    window.push_str(&window_after(text, span.end, after).to_lowercase());
    words.iter().any(|w| has_word_start(&window, w))
}

/// Separators allowed between the digits of a grouped number.
pub(super) fn is_digit_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '.' | '/' | '-')
}

/// A run of digits with single separators between them, as found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DigitRun<'t> {
    /// Byte range of the run.
    pub span: Range<usize>,
    /// The run as written.
    pub text: &'t str,
    /// The separator used between groups, if any.
    pub separator: Option<char>,
}

impl DigitRun<'_> {
    /// The digits of the run, as values 0 to 9.
    pub fn digits(&self) -> Vec<u8> {
        digit_values(self.text)
    }
}

/// The stand-alone runs of grouped digits in `text`: each uses one separator
/// throughout (a change of separator ends a run, so `12.03.2026 14` gives
/// `12.03.2026` and `14`), and is neither glued to a letter nor the decimal or
/// thousands part of a bigger number (`1'250`, `3,5`).
///
/// Only stretches of at least `min_digits` digits are looked at, for detectors
/// of long numbers: such stretches are rare, so almost all of a draft is skipped
/// at the speed of [`digit_groups`]. A stretch is digits with single separators
/// (`[ \u{a0}\u{202f}./-]`) between them, as long as it goes; it is then cut
/// into runs where the separator changes.
pub(super) fn digit_runs_with(text: &str, min_digits: usize) -> Vec<DigitRun<'_>> {
    let mut runs = Vec::new();
    let mut parts = Vec::new();
    for (stretch, digits) in digit_stretches(text) {
        if digits < min_digits {
            continue;
        }
        parts.clear();
        split_by_separator(text, stretch.clone(), &mut parts);
        if !free_after(text, stretch.end) {
            parts.pop();
        }
        let skip = usize::from(!free_before(text, stretch.start));
        runs.extend(parts.drain(..).skip(skip));
    }
    runs
}

/// The stretches of digits with single separators (`[ \u{a0}\u{202f}./-]`)
/// between them, as long as they go, each with its number of digits:
/// `"Tel 044 668 18 00, 3.5"` gives `4..17` (10 digits) and `19..22` (2).
pub(super) fn digit_stretches(text: &str) -> impl Iterator<Item = (Range<usize>, usize)> {
    let mut groups = digit_groups(text).peekable();
    std::iter::from_fn(move || {
        let first = groups.next()?;
        let mut end = first.end;
        let mut digits = first.len();
        // Groups joined by exactly one separator belong to the same stretch.
        while let Some(next) = groups.next_if(|g| {
            text.get(end..g.start)
                .is_some_and(|gap| gap.chars().count() == 1 && gap.chars().all(is_digit_separator))
        }) {
            end = next.end;
            digits += next.len();
        }
        Some((first.start..end, digits))
    })
}

fn split_by_separator<'t>(text: &'t str, span: Range<usize>, out: &mut Vec<DigitRun<'t>>) {
    let Some(s) = text.get(span.clone()) else {
        return;
    };
    let mut start = 0;
    let mut sep: Option<char> = None;
    for (i, c) in s.char_indices() {
        if c.is_ascii_digit() {
            continue;
        }
        match sep {
            None => sep = Some(c),
            Some(prev) if prev == c => {}
            Some(_) => {
                if let Some(t) = s.get(start..i) {
                    out.push(DigitRun {
                        span: span.start + start..span.start + i,
                        text: t,
                        separator: sep,
                    });
                }
                start = i + c.len_utf8();
                sep = None;
            }
        }
    }
    if let Some(t) = s.get(start..) {
        out.push(DigitRun {
            span: span.start + start..span.end,
            text: t,
            separator: sep,
        });
    }
}

/// Whether a number starting at byte `pos` is not glued to a word or a number before it.
pub(super) fn free_before(text: &str, pos: usize) -> bool {
    match char_before(text, pos) {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '_' => false,
        Some(c) if is_digit_separator(c) || matches!(c, ',' | '\'' | '’' | ':') => {
            !second_char_before(text, pos).is_some_and(|d| d.is_ascii_digit())
        }
        Some(_) => true,
    }
}

/// Whether a number ending at byte `pos` is not glued to a word or a number after it.
pub(super) fn free_after(text: &str, pos: usize) -> bool {
    match char_after(text, pos) {
        None => true,
        Some(c) if c.is_alphanumeric() || c == '_' => false,
        Some(c) if is_digit_separator(c) || matches!(c, ',' | '\'' | '’' | ':') => {
            !second_char_after(text, pos).is_some_and(|d| d.is_ascii_digit())
        }
        Some(_) => true,
    }
}

/// The ASCII digits of `s` as values 0 to 9, ignoring everything else.
pub(super) fn digit_values(s: &str) -> Vec<u8> {
    s.bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect()
}

/// The Luhn (mod 10) check over all digits, the last one being the check digit.
pub(super) fn luhn_valid(digits: &[u8]) -> bool {
    luhn_sum(digits).is_multiple_of(10) && !digits.is_empty()
}

/// The Luhn sum of `digits` (the last one counted as the check digit position).
pub(super) fn luhn_sum(digits: &[u8]) -> u32 {
    digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum()
}

/// ISO 7064 MOD 11,10 over all digits, the last one being the check digit.
pub(super) fn mod_11_10_valid(digits: &[u8]) -> bool {
    if digits.is_empty() {
        return false;
    }
    let mut check: u32 = 5;
    for &d in digits {
        let c = if check == 0 { 10 } else { check };
        check = ((c * 2) % 11 + u32::from(d)) % 10;
    }
    check == 1
}

/// The EAN-13 (GTIN) check: weights 1 and 3 from the left, the last digit checks.
pub(super) fn ean_valid(digits: &[u8]) -> bool {
    let Some((&check, body)) = digits.split_last() else {
        return false;
    };
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| u32::from(d) * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    (10 - sum % 10) % 10 == u32::from(check)
}

/// The remainder modulo 97 of the number written by `chars`, where letters
/// count as two digits (A = 10 ... Z = 35), as in ISO 7064 MOD 97-10.
/// `None` for any other character.
pub(super) fn mod97(chars: impl Iterator<Item = char>) -> Option<u32> {
    let mut rem: u32 = 0;
    for c in chars {
        let v = c.to_digit(36)?;
        rem = if v < 10 {
            (rem * 10 + v) % 97
        } else {
            (rem * 100 + v) % 97
        };
    }
    Some(rem)
}

/// The remainder of a decimal number given by its digits, modulo `m`.
pub(super) fn digits_mod(digits: &[u8], m: u32) -> u32 {
    if m == 0 {
        return 0;
    }
    digits
        .iter()
        .fold(0u32, |r, &d| (r * 10 + u32::from(d)) % m)
}

/// A weighted digit sum: `sum(w * d)`, weights paired from the left.
pub(super) fn weighted_sum(digits: &[u8], weights: &[i32]) -> i32 {
    digits
        .iter()
        .zip(weights)
        .map(|(&d, &w)| i32::from(d) * w)
        .sum()
}

/// Shannon entropy of the characters of `s`, in bits per character.
pub(super) fn shannon_entropy(s: &str) -> f64 {
    let mut counts: std::collections::HashMap<char, u32> = std::collections::HashMap::new();
    let mut n = 0u32;
    for c in s.chars() {
        *counts.entry(c).or_insert(0) += 1;
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    let n = f64::from(n);
    counts
        .values()
        .map(|&k| {
            let p = f64::from(k) / n;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every string of up to four characters from a small alphabet of word and
    /// non-word characters, ASCII and not: `Bounded` finds what `\b` finds.
    #[test]
    fn bounded_finds_what_word_boundaries_find() {
        let alphabet = ['a', 'b', 'ä', '1', '_', ' ', ':', 'é', '😀'];
        let bodies = [
            ("", "ab|a", true),
            ("(?i)", "a[a-zä]*|b", true),
            ("", "[0-9]+|ä+b?", true),
            ("", "a+:?", false),
            ("(?i)", "b|ä[ :]?", false),
        ];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(longer);
        }
        texts.push("aa ab:a😀a éab ba a1 ä äb _a a: b".repeat(3));
        for (flags, body, trailing) in bodies {
            let after = if trailing { r"\b" } else { "" };
            let plain = Regex::new(&format!(r"{flags}\b(?:{body}){after}"));
            let bounded = Bounded::new(flags, body, trailing);
            assert!(plain.is_ok() && bounded.compiles(), "{body} compiles");
            let Ok(plain) = plain else {
                continue;
            };
            for text in &texts {
                let want: Vec<_> = plain.find_iter(text).map(|m| m.range()).collect();
                let got: Vec<_> = bounded.find_iter(text).collect();
                assert_eq!(got, want, "{body:?} in {text:?}");
                // tried at every character boundary, the anchored form finds the same
                let starts = (0..=text.len()).filter(|&i| text.is_char_boundary(i));
                let anchored: Vec<_> = bounded
                    .captures_at_starts(text, starts)
                    .filter_map(|hit| hit.range("hit"))
                    .collect();
                assert_eq!(anchored, want, "{body:?} in {text:?}, anchored");
            }
        }
    }

    #[test]
    fn windows_respect_char_boundaries() {
        let t = "Grüße: 123";
        assert_eq!(window_before(t, 7, 3), "üße");
        assert_eq!(window_after(t, 0, 3), "Grü");
        assert_eq!(window_before(t, 0, 3), "");
        assert_eq!(window_after(t, t.len(), 3), "");
        assert_eq!(window_before(t, 3, 5), ""); // not a char boundary
        assert_eq!(char_before(t, 4), Some('ü'));
        assert_eq!(char_after(t, 2), Some('ü'));
        assert_eq!(line_around("ab\ncd ef\ngh", 5), (3, "cd ef"));
    }

    #[test]
    fn context_words_start_a_word() {
        assert!(has_word_start("meine kontonummer:", "konto"));
        assert!(!has_word_start("girokonto", "konto"));
        assert!(has_whole_word("die iban lautet", "iban"));
        assert!(!has_whole_word("die ibans", "iban"));
        assert!(context_near("IBAN: X", &(6..7), 10, 0, &["iban"]));
        assert!(!context_near("X und mehr", &(0..1), 10, 10, &["iban"]));
        // a window that starts inside a word does not see that word's tail as a word
        assert!(!context_near(
            "Bestellnummer 0815",
            &(14..18),
            10,
            0,
            &["tel", "nummer"]
        ));
        assert_eq!(words_before("Bestellnummer 0815", 14, 10), " ");
    }

    #[test]
    fn digit_runs_split_at_separator_changes_and_need_free_ends() {
        let runs: Vec<&str> =
            digit_runs_with("am 12.03.2026 14 Uhr, CHF 1'250.50, Tel 044 668 18 00.", 1)
                .iter()
                .map(|r| r.text)
                .collect();
        assert_eq!(runs, ["12.03.2026", "14", "044 668 18 00"]);
        assert!(digit_runs_with("AB12345", 1).is_empty());
        assert!(digit_runs_with("3,5 Mio", 1).iter().all(|r| r.text != "5"));
        let stretches: Vec<_> = digit_stretches("Tel 044 668 18 00, 3.5").collect();
        assert_eq!(stretches, [(4..17, 10), (19..22, 2)]);
        // only stretches of enough digits, however they are cut
        let text = "1, 22.333, 4444, 55-55, 666/666, 12.03.2026 14";
        for min in 1..12 {
            let got: Vec<&str> = digit_runs_with(text, min).iter().map(|r| r.text).collect();
            let want: Vec<&str> = digit_runs_with(text, 1)
                .iter()
                .map(|r| r.text)
                .filter(|r| {
                    let stretch = text.split(", ").find(|s| s.contains(r)).unwrap_or("");
                    stretch.bytes().filter(u8::is_ascii_digit).count() >= min
                })
                .collect();
            assert_eq!(got, want, "{min}");
        }
    }

    #[test]
    fn check_digit_algorithms() {
        assert!(luhn_valid(&digit_values("4111 1111 1111 1111")));
        assert!(!luhn_valid(&digit_values("4111 1111 1111 1112")));
        assert!(!luhn_valid(&[]));
        assert!(mod_11_10_valid(&digit_values("86095742719")));
        assert!(!mod_11_10_valid(&digit_values("86095742718")));
        assert!(ean_valid(&digit_values("7569217076985")));
        assert!(!ean_valid(&digit_values("7569217076986")));
        assert_eq!(mod97("370400440532013000DE89".chars()), Some(1));
        assert_eq!(mod97("X!".chars()), None);
        assert_eq!(digits_mod(&[1, 0, 0], 7), 2);
        assert!(shannon_entropy("aaaa") < 0.01);
        assert!((shannon_entropy("abcd") - 2.0).abs() < 1e-9);
    }
}
