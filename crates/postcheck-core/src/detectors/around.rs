//! What is around a candidate: the characters next to it, the words before it,
//! a bounded window or line, and context words near it.
//!
//! Everything here works on byte offsets into the draft and never panics: it
//! reads the text with `get` and `chars`, and each call looks at a bounded
//! window, so a detector that calls these once per candidate stays linear.

use std::ops::Range;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
