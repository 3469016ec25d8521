//! Hints for people: each with the draft line and a caret underline, like rustc or ruff.

use std::fmt::Write;

use postcheck_core::{Hint, Level, Report};
use unicode_width::UnicodeWidthStr;

use crate::style::Style;

/// Replaces what a terminal would interpret (escape sequences, bidi overrides,
/// other control characters) with a visible stand-in, so a draft cannot repaint
/// the screen or reorder what is shown.
pub fn visible(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() => '\u{FFFD}',
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' => {
                '\u{FFFD}'
            }
            c => c,
        })
        .collect()
}

/// Columns a terminal gives `s` (emoji sequences count as one wide character).
fn width(s: &str) -> usize {
    visible(s).width()
}

/// Line (1-based), column (1-based, in characters) and the line's byte range, for a byte offset.
fn locate(text: &str, offset: usize) -> (usize, usize, std::ops::Range<usize>) {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text
        .get(line_start..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |i| line_start + i);
    let line = before.matches('\n').count() + 1;
    let column = text
        .get(line_start..offset)
        .map_or(0, |s| s.chars().count())
        + 1;
    (line, column, line_start..line_end)
}

/// Writes one hint.
pub fn hint(out: &mut String, style: &Style, file: &str, text: &str, h: &Hint) {
    let label = style.level(h.level, h.level.as_str());
    let _ = writeln!(
        out,
        "{label}[{}] {}: {}",
        h.category.as_str(),
        style.bold(&h.rule),
        visible(&h.message)
    );
    if h.start == h.end && h.excerpt.is_empty() {
        let _ = writeln!(out, "  {} {file} (the whole post)", style.dim("-->"));
    } else {
        let (line, column, range) = locate(text, h.start);
        let gutter = line.to_string().len();
        let pad = " ".repeat(gutter);
        let line_text = text
            .get(range.clone())
            .unwrap_or_default()
            .trim_end_matches('\r');
        let _ = writeln!(out, "{pad}{} {file}:{line}:{column}", style.dim("-->"));
        let _ = writeln!(out, "{pad} {}", style.dim("|"));
        let _ = writeln!(
            out,
            "{} {} {}",
            style.dim(&line.to_string()),
            style.dim("|"),
            visible(line_text)
        );
        let lead = width(text.get(range.start..h.start).unwrap_or_default());
        let end_on_line = h.end.min(range.end.max(h.start));
        let marked = width(text.get(h.start..end_on_line).unwrap_or_default()).max(1);
        let more = if h.end > range.end {
            " (continues on the next lines)"
        } else {
            ""
        };
        let carets = style.level(h.level, &"^".repeat(marked));
        let _ = writeln!(
            out,
            "{pad} {} {}{carets}{more}",
            style.dim("|"),
            " ".repeat(lead)
        );
    }
    let eq = style.dim("=");
    let indent = " ".repeat(locate(text, h.start).0.to_string().len());
    if let Some(advice) = &h.advice {
        let _ = writeln!(out, "{indent} {eq} try: {}", visible(advice));
    }
    if !h.suggestions.is_empty() {
        let quoted: Vec<String> = h
            .suggestions
            .iter()
            .map(|s| format!("\"{}\"", visible(s)))
            .collect();
        let _ = writeln!(out, "{indent} {eq} suggestion: {}", quoted.join(" or "));
    }
    if let Some(g) = &h.guideline {
        let link = g
            .link
            .as_deref()
            .map(|l| format!(" <{l}>"))
            .unwrap_or_default();
        let _ = writeln!(out, "{indent} {eq} why: {}{link}", visible(&g.title));
    }
    if let Some(c) = &h.contact {
        let how: Vec<&str> = [c.email.as_deref(), c.phone.as_deref(), c.url.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        let how = if how.is_empty() {
            String::new()
        } else {
            format!(" ({})", how.join(", "))
        };
        let _ = writeln!(out, "{indent} {eq} ask: {}{how}", visible(&c.name));
    }
    out.push('\n');
}

/// Writes the whole report: hints, then a summary line.
pub fn report(
    style: &Style,
    file: &str,
    text: &str,
    report: &Report,
    lengths: &[(String, usize, usize)],
) -> String {
    let mut out = String::new();
    for h in &report.hints {
        hint(&mut out, style, file, text, h);
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
    let _ = writeln!(out, "{summary}");
    let lengths: Vec<String> = lengths
        .iter()
        .map(|(name, used, limit)| format!("{name} {used}/{limit}"))
        .collect();
    let _ = writeln!(out, "Length: {}", lengths.join(" · "));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_terminal_controls() {
        assert_eq!(visible("a\x1b[2Jb\u{202E}c\td"), "a\u{FFFD}[2Jb\u{FFFD}c d");
    }

    #[test]
    fn locates_lines_and_columns_in_characters() {
        let t = "first\nzwei 👩🏽‍💻 x";
        let at = t.find('x').unwrap_or(0);
        let (line, column, range) = locate(t, at);
        assert_eq!((line, column), (2, 11));
        assert_eq!(&t[range], "zwei 👩🏽‍💻 x");
    }
}
