//! Words of a draft, for distances (`near`) and word n-grams (`hashed_terms`).

use std::ops::Range;

use super::fold::is_word_char;

/// Byte ranges of the words of `text`: runs of letters, digits and `_`.
pub fn word_spans(text: &str) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut start = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII without decoding; other characters decoded one at a time.
        let (word, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric() || b == b'_', 1)
        } else {
            match text.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) => (is_word_char(c), c.len_utf8()),
                None => break,
            }
        };
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push(s..i);
                start = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(s) = start {
        words.push(s..text.len());
    }
    words
}

/// Index of the word that contains or follows byte `pos`.
pub fn word_index_at(words: &[Range<usize>], pos: usize) -> usize {
    words.partition_point(|w| w.end <= pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_non_word_characters() {
        let t = "Orion-Launch, am 3. März! #ACME";
        let words: Vec<&str> = word_spans(t).into_iter().filter_map(|r| t.get(r)).collect();
        assert_eq!(words, ["Orion", "Launch", "am", "3", "März", "ACME"]);
    }

    #[test]
    fn finds_the_word_at_a_position() {
        let words = word_spans("one two three");
        assert_eq!(word_index_at(&words, 0), 0);
        assert_eq!(word_index_at(&words, 4), 1);
        assert_eq!(word_index_at(&words, 3), 1);
        assert_eq!(word_index_at(&words, 13), 3);
    }
}
