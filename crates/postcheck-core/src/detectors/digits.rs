//! Runs of grouped digits (`0044 20 7946 0958`, `4111-1111-1111-1111`): found
//! once, split where the separator changes, with free ends.

use std::ops::Range;

use super::around::{char_after, char_before, second_char_after, second_char_before};
use super::scan::digit_groups;

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

/// The ASCII digits of `s` as values 0 to 9, ignoring everything else.
pub(super) fn digit_values(s: &str) -> Vec<u8> {
    s.bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
