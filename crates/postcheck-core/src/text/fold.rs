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

use super::normalize::compatibility_letters;

/// A folded text and the map back to the original.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// The map back to the original, run-length encoded: in folded order, each
    /// piece gives the origin of the folded bytes from its `folded` offset to
    /// the next piece's (see [`Piece`]). Plain ASCII text is one piece per
    /// stretch between collapsed spaces, accents and the like, not 8 bytes
    /// per byte: the map of a long draft no longer crowds the caches.
    pieces: Vec<Piece>,
}

/// A stretch of folded bytes with one rule for their origin.
///
/// When the original range is one byte (`end == start + 1`, an ASCII character,
/// which always folds to one ASCII byte), the piece is a run: its `k`-th folded
/// byte comes from original byte `start + k`. Otherwise every folded byte of the
/// piece comes from the whole original character `start..end` (`ü` → `u`,
/// `ß` → `ss`, `ﬁ` → `fi`, an emoji, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    /// First folded byte of the piece.
    folded: u32,
    /// Original byte range of the piece's first folded byte.
    start: u32,
    end: u32,
}

impl Piece {
    fn is_run(&self) -> bool {
        self.end.checked_sub(self.start) == Some(1)
    }
}

impl Folded {
    /// Folds `original`. Case is kept when `keep_case` is true (for case-sensitive terms).
    pub fn new(original: &str, keep_case: bool) -> Folded {
        let mut folded = Folded {
            text: String::with_capacity(original.len()),
            pieces: Vec::new(),
        };
        fold_with(original, keep_case, &mut folded);
        folded
    }

    fn push(&mut self, c: char, span: (u32, u32)) {
        let at = to_u32(self.text.len());
        let continues = self.pieces.last().is_some_and(|p| {
            if p.is_run() {
                // The next ASCII byte of the run, from the next original byte.
                span.1.checked_sub(span.0) == Some(1)
                    && at
                        .checked_sub(p.folded)
                        .and_then(|k| p.start.checked_add(k))
                        == Some(span.0)
            } else {
                // More of what one original character folds to.
                (p.start, p.end) == span
            }
        });
        if !continues {
            self.pieces.push(Piece {
                folded: at,
                start: span.0,
                end: span.1,
            });
        }
        self.text.push(c);
    }

    /// The original byte range of the character folded byte `i` came from.
    fn origin(&self, i: usize) -> Option<(usize, usize)> {
        if i >= self.text.len() {
            return None;
        }
        let i = to_u32(i);
        let after = self.pieces.partition_point(|p| p.folded <= i);
        let p = self.pieces.get(after.checked_sub(1)?)?;
        let (start, end) = if p.is_run() {
            let k = i - p.folded;
            (p.start.saturating_add(k), p.end.saturating_add(k))
        } else {
            (p.start, p.end)
        };
        Some((start as usize, end as usize))
    }

    /// Maps a byte range of the folded text back to the byte range of the original
    /// text that produced it. Returns `None` for an empty or out-of-bounds range.
    pub fn original_range(&self, folded: Range<usize>) -> Option<Range<usize>> {
        if folded.start >= folded.end {
            return None;
        }
        let first = self.origin(folded.start)?;
        let last = self.origin(folded.end - 1)?;
        Some(first.0..last.1)
    }

    /// The first folded byte whose original character starts at or after original
    /// byte `original` (the folded text's length when there is none). Folded bytes
    /// come from original characters in order, so this splits the folded text at
    /// a place of the original.
    pub fn folded_from(&self, original: usize) -> usize {
        self.first_folded(|(start, _)| start >= original)
    }

    /// The first folded byte whose original character ends at or after original
    /// byte `original` (the folded text's length when there is none).
    pub fn folded_reaching(&self, original: usize) -> usize {
        self.first_folded(|(_, end)| end >= original)
    }

    /// The first folded byte whose original character (start, end) satisfies
    /// `reached`, which must hold from some byte on (origins only grow), or the
    /// folded text's length when none does; a byte without an origin counts as
    /// reached.
    fn first_folded(&self, reached: impl Fn((usize, usize)) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.text.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.origin(mid) {
                Some(origin) if !reached(origin) => lo = mid + 1,
                _ => hi = mid,
            }
        }
        lo
    }
}

/// Folds a term or phrase the way drafts are folded, trimmed.
pub fn fold_term(term: &str, keep_case: bool) -> String {
    let mut folded = String::with_capacity(term.len());
    fold_with(term, keep_case, &mut folded);
    folded.truncate(folded.trim_end().len());
    folded
}

/// Where [`fold_with`] puts the folded text.
trait Sink {
    /// One folded character, from the original character at byte range `span`.
    fn char(&mut self, c: char, span: (u32, u32));

    /// `run`, found at original byte `start`: ASCII, which folds byte for byte
    /// (see [`fold_ascii`]).
    fn ascii(&mut self, run: &str, start: usize, keep_case: bool) {
        for (k, b) in run.bytes().enumerate() {
            let span = (to_u32(start + k), to_u32(start + k + 1));
            self.char(char::from(fold_ascii(b, keep_case)), span);
        }
    }
}

/// What an ASCII byte folds to: white space to a space, '`' to an apostrophe,
/// letters to lowercase unless `keep_case`.
fn fold_ascii(b: u8, keep_case: bool) -> u8 {
    match b {
        b'\t'..=b'\r' | b' ' => b' ',
        b'`' => b'\'',
        _ if keep_case => b,
        _ => b.to_ascii_lowercase(),
    }
}

impl<F: FnMut(char, (u32, u32))> Sink for F {
    fn char(&mut self, c: char, span: (u32, u32)) {
        self(c, span);
    }
}

impl Sink for String {
    fn char(&mut self, c: char, _: (u32, u32)) {
        self.push(c);
    }

    fn ascii(&mut self, run: &str, _: usize, keep_case: bool) {
        push_ascii(self, run, keep_case);
    }
}

impl Sink for Folded {
    fn char(&mut self, c: char, span: (u32, u32)) {
        self.push(c, span);
    }

    fn ascii(&mut self, run: &str, start: usize, keep_case: bool) {
        if run.is_empty() {
            return;
        }
        // Only the first byte can start a piece: the rest continue its run.
        let at = to_u32(self.text.len());
        let start = to_u32(start);
        let continues = self.pieces.last().is_some_and(|p| {
            p.is_run()
                && at
                    .checked_sub(p.folded)
                    .and_then(|k| p.start.checked_add(k))
                    == Some(start)
        });
        if !continues {
            self.pieces.push(Piece {
                folded: at,
                start,
                end: start.saturating_add(1),
            });
        }
        push_ascii(&mut self.text, run, keep_case);
    }
}

/// Appends ASCII `run`, folded: copied, with the few bytes that change
/// otherwise (white space other than ' ', '`') replaced, and lowercased in place.
fn push_ascii(text: &mut String, run: &str, keep_case: bool) {
    let at = text.len();
    let mut rest = run;
    while let Some(k) = rest.bytes().position(|b| matches!(b, b'\t'..=b'\r' | b'`')) {
        let (head, tail) = rest.split_at_checked(k).unwrap_or((rest, ""));
        text.push_str(head);
        let Some(b) = tail.bytes().next() else { break };
        text.push(char::from(fold_ascii(b, true)));
        rest = tail.get(1..).unwrap_or_default();
    }
    text.push_str(rest);
    if !keep_case && let Some(added) = text.get_mut(at..) {
        added.make_ascii_lowercase();
    }
}

/// ASCII white space, collapsed into one space.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// Folds `original`: `out` gets each folded character with the byte range of
/// the original character it came from, and stretches of ASCII that fold to
/// themselves in one piece.
fn fold_with(original: &str, keep_case: bool, out: &mut impl Sink) {
    let mut last_was_space = true; // also trims leading space
    let bytes = original.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // ASCII folds byte for byte (white space to one space, '`' to an
        // apostrophe, letters to lowercase): the common case, a stretch at a time
        // without decoding characters. A second white space in a row is dropped,
        // so a stretch ends before it.
        if b.is_ascii() {
            if is_ascii_space(b) && last_was_space {
                i += 1;
                continue;
            }
            let mut end = i;
            for &c in bytes.get(i..).unwrap_or_default() {
                let space = is_ascii_space(c);
                if !c.is_ascii() || (space && last_was_space) {
                    break;
                }
                last_was_space = space;
                end += 1;
            }
            if let Some(run) = original.get(i..end) {
                out.ascii(run, i, keep_case);
            }
            i = end;
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
                out.char(' ', span);
                last_was_space = true;
            }
            continue;
        }
        last_was_space = false;
        fold_char(ch, keep_case, &mut |c| out.char(c, span));
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
    compatibility_letters(ch, |d| {
        if is_invisible(d) {
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
    super::chars::is_alphanumeric(c) || c == '_'
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

    /// Folding as it was done before ASCII went a stretch at a time, and the map
    /// as it was kept before it was run-length encoded: one original range per
    /// folded byte.
    fn byte_by_byte(original: &str, keep_case: bool) -> (String, Vec<(usize, usize)>) {
        let mut text = String::new();
        let mut origin = Vec::new();
        let mut out = |c: char, span: (usize, usize)| {
            text.push(c);
            for _ in 0..c.len_utf8() {
                origin.push(span);
            }
        };
        let mut last_was_space = true;
        for (start, ch) in original.char_indices() {
            let span = (start, start + ch.len_utf8());
            if ch.is_whitespace() {
                if !last_was_space {
                    out(' ', span);
                    last_was_space = true;
                }
                continue;
            }
            last_was_space = false;
            match ch {
                '`' => out('\'', span),
                _ if ch.is_ascii() && keep_case => out(ch, span),
                _ if ch.is_ascii() => out(ch.to_ascii_lowercase(), span),
                _ => fold_char(ch, keep_case, &mut |c| out(c, span)),
            }
        }
        (text, origin)
    }

    fn assert_maps_every_byte(original: &str) {
        for keep_case in [false, true] {
            let f = Folded::new(original, keep_case);
            let (text, origin) = byte_by_byte(original, keep_case);
            assert_eq!(f.text, text, "{original:?}");
            for (i, span) in origin.iter().enumerate() {
                assert_eq!(f.origin(i), Some(*span), "{original:?} byte {i}");
                assert_eq!(f.original_range(i..i + 1), Some(span.0..span.1));
            }
            assert_eq!(f.origin(origin.len()), None);
            assert_eq!(f.original_range(0..origin.len() + 1), None);
            assert_eq!(f.original_range(1..1), None);
            for pos in 0..=original.len() + 1 {
                let from = origin
                    .iter()
                    .position(|o| o.0 >= pos)
                    .unwrap_or(origin.len());
                let reaching = origin
                    .iter()
                    .position(|o| o.1 >= pos)
                    .unwrap_or(origin.len());
                assert_eq!(f.folded_from(pos), from, "{original:?} from {pos}");
                assert_eq!(
                    f.folded_reaching(pos),
                    reaching,
                    "{original:?} reaching {pos}"
                );
            }
        }
    }

    #[test]
    fn maps_every_folded_byte_back() {
        for original in [
            "",
            "plain ascii text",
            "  lead and   trail  \n\t ",
            "Die Straße nach Zürich",
            "ﬁnance ﬂow Œuvre Æsir straẞe",
            "e\u{301}te\u{301} cafe\u{0301}",
            "Ori\u{200B}on Ori\u{00AD}on a\u{FE0F}b",
            "👩🏽\u{200D}💻 team 🇨🇭 ❤️ done",
            "Ｆｕｌｌ ｗｉｄｔｈ ①②",
            "ÀÉÎÕÜ àéîõü ßß łŁđĐøØ",
            "it’s ‘quoted’ – dash — x − y `tick´",
            "日本語のテキスト and Ελληνικά",
            "a\u{3000}b\u{00A0}c\u{2028}d",
        ] {
            assert_maps_every_byte(original);
        }
    }

    proptest::proptest! {
        #[test]
        fn maps_every_folded_byte_of_any_text_back(original in concat!(
            "(?s)([a-zA-Z0-9`'.,-]{1,6}|[\t\n\u{B}\u{C}\r \u{85}\u{A0}\u{2028}\u{3000}]{1,3}",
            "|[\u{0}-\u{2FFF}]|[\u{1F300}-\u{1F64F}\u{FB00}-\u{FB06}\u{FF01}-\u{FF5E}]",
            "|[\u{FE00}-\u{FE0F}\u{FEFF}\u{200B}-\u{200F}\u{1E9E}ßæŒ]){0,20}"
        )) {
            assert_maps_every_byte(&original);
        }
    }

    #[test]
    fn plain_text_is_one_piece_per_stretch() {
        let f = Folded::new("Heute ist ein schöner Tag in Zürich.", false);
        // "heute ist ein sch", "o", "ner tag in z", "u", "rich."
        assert_eq!(f.pieces.len(), 5);
        assert_eq!(Folded::new(&"word ".repeat(1_000), false).pieces.len(), 1);
    }

    #[test]
    fn keeps_case_when_asked() {
        assert_eq!(Folded::new("GitHub Zürich", true).text, "GitHub Zurich");
    }
}
