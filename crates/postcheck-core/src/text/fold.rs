//! Folding: the form of text in which terms are compared.
//!
//! Folding lowercases, removes diacritics (`Zürich` → `zurich`), applies
//! compatibility forms (`ﬁ` → `fi`, full-width letters), writes `ß` as `ss`,
//! unifies apostrophes and dashes, drops invisible characters (zero-width
//! spaces, soft hyphens, joiners: `Ori\u{200B}on` is still `orion`) and
//! collapses runs of white space into one space. A [`Folded`] text keeps, for
//! each of its bytes, the range of the original text it came from, so a match
//! in the folded text maps back to an exact span of the draft.

use std::ops::Range;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// A folded text and the map back to the original.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// For each byte of `text`, the byte range of the original character it came from.
    origin: Vec<(u32, u32)>,
}

impl Folded {
    /// Folds `original`. Case is kept when `keep_case` is true (for case-sensitive terms).
    pub fn new(original: &str, keep_case: bool) -> Folded {
        let mut folded = Folded {
            text: String::with_capacity(original.len()),
            origin: Vec::with_capacity(original.len()),
        };
        fold_with(original, keep_case, |c, span| folded.push(c, span));
        folded
    }

    fn push(&mut self, c: char, span: (u32, u32)) {
        self.text.push(c);
        for _ in 0..c.len_utf8() {
            self.origin.push(span);
        }
    }

    /// Maps a byte range of the folded text back to the byte range of the original
    /// text that produced it. Returns `None` for an empty or out-of-bounds range.
    pub fn original_range(&self, folded: Range<usize>) -> Option<Range<usize>> {
        if folded.start >= folded.end {
            return None;
        }
        let first = self.origin.get(folded.start)?;
        let last = self.origin.get(folded.end - 1)?;
        Some(first.0 as usize..last.1 as usize)
    }
}

/// Folds a term or phrase the way drafts are folded, trimmed.
pub fn fold_term(term: &str, keep_case: bool) -> String {
    let mut folded = String::with_capacity(term.len());
    fold_with(term, keep_case, |c, _| folded.push(c));
    folded.truncate(folded.trim_end().len());
    folded
}

/// Folds `original` character by character: `out` gets each folded character
/// with the byte range of the original character it came from.
fn fold_with(original: &str, keep_case: bool, mut out: impl FnMut(char, (u32, u32))) {
    let mut last_was_space = true; // also trims leading space
    let bytes = original.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII folds to itself, lowercased (all but '`', an apostrophe): the
        // common case, a byte at a time without decoding characters.
        if b.is_ascii() {
            let span = (to_u32(i), to_u32(i + 1));
            i += 1;
            if matches!(b, b'\t'..=b'\r' | b' ') {
                if !last_was_space {
                    out(' ', span);
                    last_was_space = true;
                }
                continue;
            }
            last_was_space = false;
            let c = match b {
                b'`' => '\'',
                _ if keep_case => char::from(b),
                _ => char::from(b.to_ascii_lowercase()),
            };
            out(c, span);
            continue;
        }
        let Some(ch) = original.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let start = i;
        i += ch.len_utf8();
        let span = (to_u32(start), to_u32(i));
        if ch.is_whitespace() {
            if !last_was_space {
                out(' ', span);
                last_was_space = true;
            }
            continue;
        }
        last_was_space = false;
        fold_char(ch, keep_case, &mut |c| out(c, span));
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Characters that are invisible in a post and only serve to hide or join.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' // soft hyphen
            | '\u{034F}' // combining grapheme joiner
            | '\u{200B}'..='\u{200F}' // zero-width space, joiners, LRM/RLM
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
            | '\u{2066}'..='\u{2069}' // bidi isolates
            | '\u{FE00}'..='\u{FE0F}' // variation selectors
            | '\u{FEFF}' // zero-width no-break space
    )
}

fn fold_char(ch: char, keep_case: bool, out: &mut impl FnMut(char)) {
    if is_invisible(ch) {
        return;
    }
    match ch {
        'ß' | 'ẞ' => {
            out('s');
            out('s');
            return;
        }
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' | '´' => {
            out('\'');
            return;
        }
        '\u{2010}'..='\u{2015}' | '\u{2212}' => {
            out('-');
            return;
        }
        'æ' | 'Æ' | 'œ' | 'Œ' | 'ø' | 'Ø' | 'ł' | 'Ł' | 'đ' | 'Đ' => {
            let upper = ch.is_uppercase() && keep_case;
            let base = match ch.to_lowercase().next().unwrap_or(ch) {
                'æ' => "ae",
                'œ' => "oe",
                'ø' => "o",
                'ł' => "l",
                _ => "d",
            };
            for (i, c) in base.chars().enumerate() {
                out(if upper && i == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c
                });
            }
            return;
        }
        _ => {}
    }
    if ch.is_ascii() {
        out(if keep_case {
            ch
        } else {
            ch.to_ascii_lowercase()
        });
        return;
    }
    decompose_compatible(ch, |d| {
        if is_combining_mark(d) || is_invisible(d) {
            return;
        }
        if keep_case {
            out(d);
        } else {
            for l in d.to_lowercase() {
                out(l);
            }
        }
    });
}

/// A character that belongs to a word: letters, digits, marks and `_`.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> String {
        Folded::new(s, false).text
    }

    #[test]
    fn folds_case_diacritics_and_sharp_s() {
        assert_eq!(fold("Zürich Straße"), "zurich strasse");
        assert_eq!(fold("Crème BRÛLÉE"), "creme brulee");
        assert_eq!(fold("Città"), "citta");
        assert_eq!(fold("ﬁnance"), "finance");
        assert_eq!(fold("Œuvre"), "oeuvre");
    }

    #[test]
    fn drops_invisible_characters_and_collapses_space() {
        assert_eq!(fold("Ori\u{200B}on"), "orion");
        assert_eq!(fold("Ori\u{00AD}on"), "orion");
        assert_eq!(fold("  ACME \n\t Cloud "), "acme cloud ");
    }

    #[test]
    fn unifies_apostrophes_and_dashes() {
        assert_eq!(fold("Orion’s"), "orion's");
        assert_eq!(fold("Orion–Launch"), "orion-launch");
    }

    #[test]
    fn maps_back_to_the_original_span() {
        let original = "Die Straße nach Zürich";
        let f = Folded::new(original, false);
        let at = f.text.find("zurich").unwrap_or(0);
        let range = f.original_range(at..at + "zurich".len());
        assert_eq!(range.map(|r| &original[r]), Some("Zürich"));
        let at = f.text.find("strasse").unwrap_or(0);
        let range = f.original_range(at..at + "strasse".len());
        assert_eq!(range.map(|r| &original[r]), Some("Straße"));
        // half of a folded `ß` still maps to the whole character
        let range = f.original_range(at..at + 5);
        assert_eq!(range.map(|r| &original[r]), Some("Straß"));
    }

    #[test]
    fn keeps_case_when_asked() {
        assert_eq!(Folded::new("GitHub Zürich", true).text, "GitHub Zurich");
    }
}
