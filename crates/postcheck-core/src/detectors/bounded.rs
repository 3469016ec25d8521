//! [`Bounded`]: a regular expression with Unicode word boundaries, searched
//! without `\b` so that the regex crate's fast DFA keeps working on non-ASCII
//! drafts.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::around::{char_after, char_before};
use super::scan::is_regex_word_char;

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
}
