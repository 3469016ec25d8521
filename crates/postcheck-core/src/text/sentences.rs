//! Where the sentences of a draft end, for `near` rules that pair only within
//! one sentence (`same_sentence`).
//!
//! A sentence ends at a line break, and at `.`, `!`, `?` or `…` followed by
//! white space or the end of the draft. A full stop after a number ("am 3.
//! März"), a single letter ("z. B.", "e.g.") or a common abbreviation ("Dr.",
//! "bzw.", "etc.") ends no sentence. The scan is one pass over the draft.

/// Abbreviations (lower case, without their full stop) after which a full stop ends no sentence.
const ABBREVIATIONS: &[&str] = &[
    "abs", "art", "bzw", "ca", "co", "dott", "dr", "ecc", "etc", "evtl", "geb", "ggf", "inc",
    "inkl", "ing", "jr", "ltd", "mio", "mlle", "mme", "mr", "mrs", "ms", "mrd", "nr", "prof",
    "sig", "sr", "st", "tel", "usw", "vgl", "vs",
];

/// The byte offsets of the characters that end a sentence in `text`, in order.
pub fn sentence_ends(text: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let followed_by_space = chars.peek().is_none_or(|(_, next)| next.is_whitespace());
        let ends_here = match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => true,
            '!' | '?' | '…' => followed_by_space,
            '.' => followed_by_space && !abbreviation_before(text, i),
            _ => false,
        };
        if ends_here {
            ends.push(i);
        }
    }
    ends
}

/// Whether a full stop at byte `dot` closes a number, a single letter or an abbreviation.
fn abbreviation_before(text: &str, dot: usize) -> bool {
    let before = text.get(..dot).unwrap_or("");
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .take(8)
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect();
    if word.is_empty() {
        return false;
    }
    word.chars().all(|c| c.is_ascii_digit())
        || word.chars().count() == 1
        || ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// Whether a sentence ends between byte `from` and byte `to` (from `ends`, as
/// given by [`sentence_ends`]).
pub fn crosses_sentence_end(ends: &[usize], from: usize, to: usize) -> bool {
    let first = ends.partition_point(|&e| e < from);
    ends.get(first).is_some_and(|&e| e < to)
}

/// Whether one of `spans` lies in the sentence (or sentences) of `place`:
/// from the sentence end before it to the first one after it (`ends` as given
/// by [`sentence_ends`] for a text of `len` bytes).
pub fn in_sentence_of(
    ends: &[usize],
    place: &std::ops::Range<usize>,
    spans: &[std::ops::Range<usize>],
    len: usize,
) -> bool {
    let before = ends.partition_point(|&e| e < place.start);
    let from = before
        .checked_sub(1)
        .and_then(|i| ends.get(i))
        .map_or(0, |e| e + 1);
    let to = ends
        .get(ends.partition_point(|&e| e < place.end))
        .copied()
        .unwrap_or(len);
    spans.iter().any(|s| s.start >= from && s.end <= to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut start = 0;
        for end in sentence_ends(text) {
            out.push(text.get(start..end).unwrap_or("?").trim());
            start = end
                + text
                    .get(end..)
                    .and_then(|s| s.chars().next())
                    .map_or(1, char::len_utf8);
        }
        out.push(text.get(start..).unwrap_or("?").trim());
        out.retain(|s| !s.is_empty());
        out
    }

    #[test]
    fn ends_at_stops_marks_and_line_breaks() {
        assert_eq!(
            sentences("Danke, Globex! Wir haben viel gelernt. Und jetzt?\nNeues Kapitel"),
            [
                "Danke, Globex",
                "Wir haben viel gelernt",
                "Und jetzt",
                "Neues Kapitel"
            ]
        );
        assert_eq!(sentences("Merci… À bientôt."), ["Merci", "À bientôt"]);
    }

    #[test]
    fn numbers_letters_and_abbreviations_end_no_sentence() {
        assert_eq!(
            sentences("Am 3. März kommt z. B. Dr. Meier, bzw. Prof. Rossi, e.g. at 9 a.m. today"),
            ["Am 3. März kommt z. B. Dr. Meier, bzw. Prof. Rossi, e.g. at 9 a.m. today"]
        );
        assert_eq!(sentences("Version 2.4.1 ist da"), ["Version 2.4.1 ist da"]);
    }

    #[test]
    fn crossing_is_told_by_the_gap_between_two_places() {
        let text = "Thank you Vantara. In order to grow";
        let ends = sentence_ends(text);
        let vantara_end = 17;
        let order = text.find("order").unwrap_or(0);
        assert!(crosses_sentence_end(&ends, vantara_end, order));
        assert!(!crosses_sentence_end(&ends, 0, 10));
        assert!(!crosses_sentence_end(&[], 0, 100));
    }
}
