//! Hints for people: each with the draft line and a caret underline, like rustc or ruff.
//!
//! The work is linear in the draft and the hints: line starts are found once
//! ([`Positions`]), each hint is placed with a binary search, and of a long line
//! only a window around the hint is shown.

use std::fmt::Write as _;
use std::io;

use postcheck_core::format::problem::thousands;
use postcheck_core::{Hint, HintLimits, Level, Report};
use unicode_width::UnicodeWidthStr;

use crate::style::Style;
use crate::terminal::{Output, escape};

/// Characters of a line shown at most; a longer line is shown as a window
/// around the hint, with `…` where it is cut.
const WINDOW: usize = 120;

/// Characters shown before the hint in a window of a long line.
const BEFORE: usize = 40;

/// Bytes between two checkpoints of the character count.
const CHECKPOINT_BYTES: usize = 256;

/// Columns a terminal gives `s` as shown (escaped; emoji sequences count as one
/// wide character).
fn width(s: &str) -> usize {
    escape(s).width()
}

/// Where the lines of a draft start, and how many characters come before a
/// byte offset: found in one pass over the draft, so that each hint is placed
/// with a binary search and a short count instead of a count from the start.
pub struct Positions<'t> {
    text: &'t str,
    /// Byte offset of the start of every line; the first is 0.
    line_starts: Vec<usize>,
    /// `(byte offset, characters before it)`, about every [`CHECKPOINT_BYTES`].
    checkpoints: Vec<(usize, usize)>,
}

/// A place in the draft.
#[derive(Debug, PartialEq, Eq)]
struct Place {
    /// Line, 1-based.
    line: usize,
    /// Column, 1-based, in characters.
    column: usize,
    /// Byte offset where the line starts.
    start: usize,
    /// Byte offset where the line ends (its line break, or the end of the text).
    end: usize,
}

impl<'t> Positions<'t> {
    /// Reads `text` once.
    pub fn new(text: &'t str) -> Positions<'t> {
        let mut line_starts = vec![0];
        let mut checkpoints = vec![(0, 0)];
        let mut next_checkpoint = CHECKPOINT_BYTES;
        for (chars, (i, c)) in text.char_indices().enumerate() {
            if i >= next_checkpoint {
                checkpoints.push((i, chars));
                next_checkpoint = i + CHECKPOINT_BYTES;
            }
            if c == '\n' {
                line_starts.push(i + 1);
            }
        }
        Positions {
            text,
            line_starts,
            checkpoints,
        }
    }

    /// Number of characters before the byte offset `byte` (a character boundary).
    fn chars_before(&self, byte: usize) -> usize {
        let i = self
            .checkpoints
            .partition_point(|&(b, _)| b <= byte)
            .saturating_sub(1);
        let (from, chars) = self.checkpoints.get(i).copied().unwrap_or((0, 0));
        chars + self.text.get(from..byte).map_or(0, |s| s.chars().count())
    }

    /// The line and column of the byte offset `offset`.
    fn locate(&self, offset: usize) -> Place {
        let offset = offset.min(self.text.len());
        let index = self
            .line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.line_starts.get(index).copied().unwrap_or(0);
        let end = self
            .line_starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        Place {
            line: index + 1,
            column: self.chars_before(offset) - self.chars_before(start) + 1,
            start,
            end,
        }
    }

    /// The part of the line at `place` to show for a hint starting at `at`:
    /// the whole line when it is short, else a window of [`WINDOW`] characters
    /// from [`BEFORE`] characters before `at`. Byte range, and whether it was
    /// cut at the start and at the end.
    fn window(&self, place: &Place, at: usize) -> (usize, usize, bool, bool) {
        let text = self.text;
        let line_chars = self.chars_before(place.end) - self.chars_before(place.start);
        if line_chars <= WINDOW {
            let shown = text.get(place.start..place.end).unwrap_or_default();
            return (
                place.start,
                place.start + shown.trim_end_matches('\r').len(),
                false,
                false,
            );
        }
        let at = at.clamp(place.start, place.end);
        let from = text
            .get(place.start..at)
            .unwrap_or_default()
            .char_indices()
            .rev()
            .take(BEFORE)
            .last()
            .map_or(at, |(i, _)| place.start + i);
        let to = text
            .get(from..place.end)
            .unwrap_or_default()
            .char_indices()
            .nth(WINDOW)
            .map_or(place.end, |(i, _)| from + i);
        (from, to, from > place.start, to < place.end)
    }
}

/// Writes one hint; with `show_pack` (more than one layer checked), the
/// pack it comes from after its rule.
fn hint(
    out: &mut String,
    style: &Style,
    file: &str,
    positions: &Positions<'_>,
    h: &Hint,
    show_pack: bool,
) {
    let text = positions.text;
    let label = style.level(h.level, h.level.as_str());
    let pack = match (&h.pack, show_pack) {
        (Some(pack), true) => format!(" ({})", escape(pack)),
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "{label}[{}] {}{pack}: {}",
        h.category.as_str(),
        style.bold(&escape(&h.rule)),
        escape(&h.message)
    );
    let place = positions.locate(h.start);
    let indent = " ".repeat(place.line.to_string().len());
    if h.start == h.end && h.excerpt.is_empty() {
        let _ = writeln!(out, "  {} {file} (the whole post)", style.dim("-->"));
    } else {
        let Place {
            line,
            column,
            end: line_end,
            ..
        } = place;
        let (from, to, cut_start, cut_end) = positions.window(&place, h.start);
        let shown = text.get(from..to).unwrap_or_default();
        let (open, close) = (
            if cut_start { "…" } else { "" },
            if cut_end { "…" } else { "" },
        );
        let _ = writeln!(out, "{indent}{} {file}:{line}:{column}", style.dim("-->"));
        let _ = writeln!(out, "{indent} {}", style.dim("|"));
        let _ = writeln!(
            out,
            "{} {} {open}{}{close}",
            style.dim(&line.to_string()),
            style.dim("|"),
            escape(shown)
        );
        let lead = usize::from(cut_start) + width(text.get(from..h.start).unwrap_or_default());
        let end_shown = h.end.min(to.max(h.start));
        let marked = width(text.get(h.start..end_shown).unwrap_or_default()).max(1);
        let more = if h.end > line_end {
            " (continues on the next lines)"
        } else {
            ""
        };
        let carets = style.level(h.level, &"^".repeat(marked));
        let _ = writeln!(
            out,
            "{indent} {} {}{carets}{more}",
            style.dim("|"),
            " ".repeat(lead)
        );
    }
    let eq = style.dim("=");
    if let Some(advice) = &h.advice {
        let _ = writeln!(out, "{indent} {eq} try: {}", escape(advice));
    }
    if !h.suggestions.is_empty() {
        let quoted: Vec<String> = h
            .suggestions
            .iter()
            .map(|s| format!("\"{}\"", escape(s)))
            .collect();
        let _ = writeln!(out, "{indent} {eq} suggestion: {}", quoted.join(" or "));
    }
    if let Some(g) = &h.guideline {
        let link = g
            .link
            .as_deref()
            .map(|l| format!(" <{}>", escape(l)))
            .unwrap_or_default();
        let _ = writeln!(out, "{indent} {eq} why: {}{link}", escape(&g.title));
    }
    if let Some(c) = &h.contact {
        let how = contact_ways(c);
        let how = if how.is_empty() {
            how
        } else {
            format!(" ({how})")
        };
        let _ = writeln!(out, "{indent} {eq} ask: {}{how}", escape(&c.name));
    }
    out.push('\n');
}

/// How to reach a contact: e-mail, phone, url, each escaped, joined with commas.
pub fn contact_ways(c: &postcheck_core::ContactRef) -> String {
    [c.email.as_deref(), c.phone.as_deref(), c.url.as_deref()]
        .into_iter()
        .flatten()
        .map(|s| escape(s).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The line that says how many hints `limits` left out.
fn omitted(n: usize, limits: HintLimits) -> String {
    format!(
        "… and {} more hint{} not shown (postcheck shows at most {} per rule and {} in all).",
        thousands(n),
        if n == 1 { "" } else { "s" },
        thousands(limits.per_rule),
        thousands(limits.total)
    )
}

/// Writes the whole report: hints, a line on the hints `limits` left out (if
/// any), then a summary line and the lengths. `file` is shown as it is
/// (escape it first).
pub fn report<W: io::Write>(
    out: &mut Output<W>,
    style: &Style,
    file: &str,
    text: &str,
    report: &Report,
    limits: HintLimits,
    lengths: &[(String, usize, usize)],
) -> io::Result<()> {
    let positions = Positions::new(text);
    let mut buf = String::new();
    let show_pack = report.packs.len() > 1;
    for h in &report.hints {
        buf.clear();
        hint(&mut buf, style, file, &positions, h, show_pack);
        out.text(&buf)?;
    }
    if report.omitted > 0 {
        out.line(&omitted(report.omitted, limits))?;
        out.line("")?;
    }
    let count = |level: Level| report.hints.iter().filter(|h| h.level == level).count();
    let summary = if report.hints.is_empty() {
        style.good("No hints: nothing in the guidelines speaks against this draft.")
    } else {
        let parts: Vec<String> = [Level::Important, Level::Consider, Level::Note]
            .into_iter()
            .filter(|l| count(*l) > 0)
            .map(|l| format!("{} {}", count(l), l.as_str()))
            .collect();
        let n = report.hints.len();
        format!(
            "{n} hint{} ({}). They are advice: you decide what to post.",
            if n == 1 { "" } else { "s" },
            parts.join(", ")
        )
    };
    out.line(&summary)?;
    let lengths: Vec<String> = lengths
        .iter()
        .map(|(name, used, limit)| format!("{name} {used}/{limit}"))
        .collect();
    out.line(&format!("Length: {}", lengths.join(" · ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_omitted_line_counts_in_words() {
        let limits = HintLimits {
            per_rule: 100,
            total: 1_000,
        };
        assert_eq!(
            omitted(1, limits),
            "… and 1 more hint not shown (postcheck shows at most 100 per rule and 1,000 in all)."
        );
        assert!(omitted(2_500, limits).starts_with("… and 2,500 more hints not shown"));
    }

    #[test]
    fn locates_lines_and_columns_in_characters() {
        let t = "first\nzwei 👩🏽‍💻 x";
        let at = t.find('x').unwrap_or(0);
        let place = Positions::new(t).locate(at);
        assert_eq!((place.line, place.column), (2, 11));
        assert_eq!(t.get(place.start..place.end), Some("zwei 👩🏽‍💻 x"));
    }

    #[test]
    fn locates_past_checkpoints_like_counting_from_the_start() {
        let t = "äb 👩🏽‍💻\ncd\r\n\nxyz é\n".repeat(200);
        let positions = Positions::new(&t);
        for (offset, _) in t.char_indices() {
            let before = t.get(..offset).unwrap_or_default();
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let want = Place {
                line: before.matches('\n').count() + 1,
                column: t
                    .get(line_start..offset)
                    .unwrap_or_default()
                    .chars()
                    .count()
                    + 1,
                start: line_start,
                end: t
                    .get(line_start..)
                    .and_then(|rest| rest.find('\n'))
                    .map_or(t.len(), |i| line_start + i),
            };
            assert_eq!(positions.locate(offset), want, "at byte {offset}");
        }
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_hint() {
        let t = format!("{}Orion{}", "ä".repeat(1000), "ö".repeat(1000));
        let positions = Positions::new(&t);
        let at = t.find("Orion").unwrap_or(0);
        let place = positions.locate(at);
        let (from, to, cut_start, cut_end) = positions.window(&place, at);
        assert!(cut_start && cut_end);
        assert_eq!(t.get(from..at).map(|s| s.chars().count()), Some(BEFORE));
        assert_eq!(t.get(from..to).map(|s| s.chars().count()), Some(WINDOW));
        // A short line is shown whole, without its carriage return.
        let t = "kurz\r\nzwei";
        let positions = Positions::new(t);
        let place = positions.locate(1);
        assert_eq!(positions.window(&place, 1), (0, 4, false, false));
    }
}
