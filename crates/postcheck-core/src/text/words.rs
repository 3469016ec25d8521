//! Words of a draft, for distances (`near`) and word n-grams (`hashed_terms`).

use std::ops::Range;

use super::fold::is_word_char;

/// Byte ranges of the words of `text`: runs of letters, digits and `_`.
///
/// Written for long drafts: the offsets where a word starts or ends are stored
/// one after the other, each byte writing its offset and moving on only when
/// it starts or ends a word, so that no branch depends on where the words
/// are (a long draft's word boundaries are too many for the processor to
/// predict, and a mispredicted branch per boundary cost more than the split);
/// the boundaries are then paired into ranges, with room for them made once.
pub fn word_spans(text: &str) -> Vec<Range<usize>> {
    let boundaries = boundaries(text, &WORD_BYTE);
    let mut words = Vec::with_capacity(boundaries.len().div_ceil(2));
    words.extend(paired(&boundaries, text.len()));
    words
}

/// The offsets of [`boundaries`] as ranges: start and end in pairs; an odd
/// last start ends at `len`, the end of the text.
pub(crate) fn paired(bounds: &[usize], len: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    bounds.chunks(2).filter_map(move |pair| match pair {
        [start, end] => Some(*start..*end),
        [start] => Some(*start..len),
        _ => None,
    })
}

/// The offsets where the words of `text` start and end, alternately: an even
/// count when the text ends outside a word, else odd (the last word's end is
/// the end of the text). A word is a run of characters that are ASCII and
/// marked in `ascii_in_word`, or not ASCII and word characters
/// ([`is_word_char`]). See [`word_spans`] for why nothing here branches on
/// where words are.
pub(crate) fn boundaries(text: &str, ascii_in_word: &[bool; 256]) -> Vec<usize> {
    let bytes = text.as_bytes();
    // Every character writes its offset at `n`; `n` moves on at a boundary.
    // There are never more boundaries than characters, so one slot per byte
    // and one more leave room for all of them.
    let mut slots = vec![0usize; bytes.len() + 1];
    let mut n = 0;
    let mut in_word = false;
    let mut i = 0;
    loop {
        // A run of ASCII, without decoding: the tight loop most text spends its time in.
        while let Some(&b) = bytes.get(i).filter(|b| b.is_ascii()) {
            let word = ascii_in_word.get(usize::from(b)).copied().unwrap_or(false);
            if let Some(slot) = slots.get_mut(n) {
                *slot = i;
            }
            n += usize::from(word != in_word);
            in_word = word;
            i += 1;
        }
        // Then one other character, decoded.
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let word = is_word_char(c);
        if let Some(slot) = slots.get_mut(n) {
            *slot = i;
        }
        n += usize::from(word != in_word);
        in_word = word;
        i += c.len_utf8();
    }
    slots.truncate(n);
    slots
}

/// ASCII bytes that belong to a word: letters, digits and `_`.
static WORD_BYTE: [bool; 256] = ascii_word_bytes(b"");

/// A table of the ASCII bytes that belong to a word, by byte: letters, digits,
/// `_` and the bytes of `also`, for [`boundaries`].
pub(crate) const fn ascii_word_bytes(also: &[u8]) -> [bool; 256] {
    const fn has(bytes: &[u8], b: u8) -> bool {
        let mut rest = bytes;
        while let [first, tail @ ..] = rest {
            if *first == b {
                return true;
            }
            rest = tail;
        }
        false
    }
    let mut table = [false; 256];
    let mut rest: &mut [bool] = &mut table;
    let mut b: u8 = 0;
    while let [slot, tail @ ..] = rest {
        *slot = b.is_ascii_alphanumeric() || b == b'_' || has(also, b);
        rest = tail;
        b = b.wrapping_add(1);
    }
    table
}

/// Where the words of `text` end, in order: the ends of [`word_spans`], all
/// that counting words between two offsets needs ([`word_index_at_end`]),
/// in half the memory, so that its binary searches stay in cache.
pub fn word_ends(text: &str) -> Vec<usize> {
    let boundaries = boundaries(text, &WORD_BYTE);
    let mut ends = Vec::with_capacity(boundaries.len().div_ceil(2));
    ends.extend(paired(&boundaries, text.len()).map(|word| word.end));
    ends
}

/// Index of the word that contains or follows byte `pos`, from the ends of
/// the words ([`word_ends`]).
pub fn word_index_at_end(ends: &[usize], pos: usize) -> usize {
    ends.partition_point(|&end| end <= pos)
}

/// Index of the word that contains or follows byte `pos`, from the words'
/// ranges: what the tests compare [`word_index_at_end`] with.
#[cfg(test)]
fn word_index_at(words: &[Range<usize>], pos: usize) -> usize {
    words.partition_point(|w| w.end <= pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The split as it was written first: a range pushed at the end of each word.
    fn reference_spans(text: &str) -> Vec<Range<usize>> {
        let mut words = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            match (is_word_char(c), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    words.push(s..i);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            words.push(s..text.len());
        }
        words
    }

    #[test]
    fn splits_as_pushing_each_word_does() {
        let texts = [
            "",
            "a",
            " ",
            "a b",
            " a b ",
            "ab  cd\n\tef_gh-ij.kl",
            "Orion-Launch, am 3. März! #ACME",
            "über Straße ÉCOLE naïve café",
            "the—team 👋🏽 über_all  x 👩🏽‍💻z",
            "e\u{301}te ﬁn ǅemal Ⅻ ١٢٣ 日本語 và",
            "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.1.2.3.4.5.6.7.8.9",
            "!!!???...",
            "x!y",
        ];
        for text in texts {
            assert_eq!(word_spans(text), reference_spans(text), "{text:?}");
        }
        // Every prefix and suffix of a long mixed text, so that words end at
        // every position, and texts with more boundaries than the first guess
        // of room (one word every four bytes).
        let long = "Heute: the team und die Freunde 👩🏽‍💻 von l'été, aujourd'hui a b c d e f g h i! Il gatto_e la volpe, 12 and so on der Ⅻ";
        for (at, _) in long.char_indices() {
            for part in [long.get(..at), long.get(at..)].into_iter().flatten() {
                assert_eq!(word_spans(part), reference_spans(part), "{part:?}");
            }
        }
        let dense = "a ".repeat(1000) + "é,".repeat(500).as_str() + "b";
        assert_eq!(word_spans(&dense), reference_spans(&dense));
        assert_eq!(word_spans(&dense).len(), 1501);
    }

    #[test]
    fn splits_on_non_word_characters() {
        let t = "Orion-Launch, am 3. März! #ACME";
        let words: Vec<&str> = word_spans(t).into_iter().filter_map(|r| t.get(r)).collect();
        assert_eq!(words, ["Orion", "Launch", "am", "3", "März", "ACME"]);
    }

    #[test]
    fn word_ends_are_the_ends_of_the_words_and_find_the_same_word() {
        let long = "Heute: the team und die Freunde 👩🏽‍💻 von l'été, a b c! Il gatto_e la volpe, 12 and so on der Ⅻ";
        for (at, _) in long.char_indices() {
            for part in [long.get(..at), long.get(at..)].into_iter().flatten() {
                let spans = word_spans(part);
                let ends = word_ends(part);
                let expected: Vec<usize> = spans.iter().map(|w| w.end).collect();
                assert_eq!(ends, expected, "{part:?}");
                for pos in 0..=part.len() + 1 {
                    assert_eq!(word_index_at_end(&ends, pos), word_index_at(&spans, pos));
                }
            }
        }
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
