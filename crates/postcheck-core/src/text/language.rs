//! A quick guess of a draft's languages from its most common words.
//!
//! Rules can be limited to drafts in some languages (a German insult list need
//! not run on an Italian post). The guess counts frequent function words of
//! German, English, French and Italian; when a draft has too few of them, the
//! guess is "unsure" and every rule applies, so a short post is never missed.

use std::ops::Range;
use std::sync::OnceLock;

#[cfg(test)]
use super::fold::is_word_char;
use super::words::{ascii_word_bytes, boundaries, paired};

/// Languages postcheck guesses.
pub const GUESSED: [&str; 4] = ["de", "en", "fr", "it"];

const DE: &[&str] = &[
    "der", "die", "das", "und", "ist", "nicht", "ich", "wir", "mit", "auf", "fur", "den", "dem",
    "ein", "eine", "einen", "sich", "auch", "bei", "von", "zu", "im", "sind", "uns", "unser",
    "unsere", "heute", "wie", "noch", "aber", "oder", "mein", "meine",
];
const EN: &[&str] = &[
    "the", "and", "is", "are", "not", "we", "our", "with", "for", "this", "that", "to", "of",
    "you", "it", "my", "at", "from", "have", "has", "was", "be", "will", "today", "about", "an",
];
const FR: &[&str] = &[
    "le",
    "la",
    "les",
    "et",
    "est",
    "des",
    "une",
    "un",
    "nous",
    "pour",
    "avec",
    "dans",
    "pas",
    "sur",
    "du",
    "au",
    "aux",
    "je",
    "notre",
    "nos",
    "ce",
    "cette",
    "qui",
    "que",
    "sont",
    "aujourd'hui",
    "mais",
];
const IT: &[&str] = &[
    "il", "lo", "gli", "e", "che", "di", "della", "delle", "per", "con", "non", "sono", "una",
    "uno", "noi", "nostro", "nostra", "del", "nel", "alla", "questo", "questa", "oggi", "ma",
];

/// The guessed languages of a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LanguageGuess {
    /// Too few common words to tell: every language is possible.
    Unsure,
    /// The languages that clearly appear (one or more, e.g. a bilingual post).
    Languages(Vec<&'static str>),
}

/// Bytes that belong to a token: ASCII letters, digits, `_` and the apostrophe
/// (other ASCII ends a token; bytes of other characters are decoded).
static TOKEN_BYTE: [bool; 256] = ascii_word_bytes(b"'");

/// Whether the character at byte `i` belongs to a token, and its length;
/// `None` at the end of the text.
#[cfg(test)]
fn token_char(text: &str, i: usize) -> Option<(bool, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some((TOKEN_BYTE.get(usize::from(b)).copied().unwrap_or(false), 1));
    }
    let c = text.get(i..).and_then(|rest| rest.chars().next())?;
    Some((is_word_char(c), c.len_utf8()))
}

/// The words of a folded text, apostrophes included (`aujourd'hui`): ASCII is
/// split without decoding characters. (The guess reads tokens in
/// [`function_word_counts`]; this straightforward split is what the tests
/// compare it with.)
#[cfg(test)]
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    let mut i = 0;
    std::iter::from_fn(move || {
        // The gap before the token, then the token, each in a tight loop.
        loop {
            let (in_token, len) = token_char(text, i)?;
            if in_token {
                break;
            }
            i += len;
        }
        let start = i;
        while let Some((true, len)) = token_char(text, i) {
            i += len;
        }
        text.get(start..i)
    })
}

/// A word of up to 16 bytes as a number: its bytes, little-endian, zero-padded.
/// Words hold no NUL byte, so different words give different numbers.
fn packed(word: &str) -> Option<u128> {
    packed_bytes(word.as_bytes())
}

/// [`packed`], of bytes.
fn packed_bytes(word: &[u8]) -> Option<u128> {
    let mut bytes = [0u8; 16];
    bytes.get_mut(..word.len())?.copy_from_slice(word);
    Some(u128::from_le_bytes(bytes))
}

/// The longest function word, in bytes (`aujourd'hui`): longer words are never found.
const LONGEST: usize = 11;

/// Bits of a word's home slot in [`WordTable`].
const SLOT_BITS: u32 = 9;

/// The most slots past its home slot a word may sit in (linear probing).
const MAX_PROBES: usize = 8;

/// The function words (packed), each with the languages whose list has it
/// (bit `k`: the `k`-th of [`GUESSED`]), in an open-addressing table made to
/// be looked up without a branch: a look-up compares a fixed number of slots
/// and ors together the languages of the one that holds the word. A draft's
/// tokens are either listed or not with no pattern a processor could predict,
/// so a look-up that branched on it (as a hash map does) mispredicted on
/// almost every token of a long draft.
#[derive(Debug)]
struct WordTable {
    /// Packed words; 0 (no word packs to it) in empty slots.
    keys: Vec<u128>,
    /// The languages of the word in the same slot.
    langs: Vec<u8>,
    /// Slots a look-up compares: one more than the furthest any word sits from its home slot.
    probes: usize,
}

impl WordTable {
    /// The home slot of a packed word: the high bits of a multiplicative hash of both halves.
    fn home(key: u128) -> usize {
        let x = (key as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (key >> 64) as u64;
        // The shift leaves SLOT_BITS bits: the cast keeps them all.
        (x.wrapping_mul(0xD6E8_FEB8_6659_FD93) >> (64 - SLOT_BITS)) as usize
    }

    fn new() -> WordTable {
        let slots = (1 << SLOT_BITS) + MAX_PROBES;
        let mut table = WordTable {
            keys: vec![0; slots],
            langs: vec![0; slots],
            probes: 1,
        };
        for (lang, list) in [DE, EN, FR, IT].into_iter().enumerate() {
            for word in list {
                if let Some(key) = packed(word) {
                    table.insert(key, 1 << lang);
                }
            }
        }
        table
    }

    /// Adds `langs` to the word `key` (a non-zero packed word). A word that
    /// finds no slot within [`MAX_PROBES`] is left out (a test makes sure that
    /// every listed word is in).
    fn insert(&mut self, key: u128, langs: u8) {
        let home = Self::home(key);
        for probe in 0..MAX_PROBES {
            let (Some(k), Some(l)) = (
                self.keys.get_mut(home + probe),
                self.langs.get_mut(home + probe),
            ) else {
                return;
            };
            if *k == 0 || *k == key {
                *k = key;
                *l |= langs;
                self.probes = self.probes.max(probe + 1);
                return;
            }
        }
    }

    /// The languages of a packed token (0 for a token that is no function
    /// word, and for an empty one).
    #[inline]
    fn langs(&self, key: u128) -> u8 {
        let home = Self::home(key);
        let range = home..home + self.probes;
        let (Some(keys), Some(langs)) = (self.keys.get(range.clone()), self.langs.get(range))
        else {
            return 0;
        };
        keys.iter().zip(langs).fold(0, |found, (k, l)| {
            found | (l & 0u8.wrapping_sub(u8::from(*k == key)))
        })
    }
}

fn word_table() -> &'static WordTable {
    static TABLE: OnceLock<WordTable> = OnceLock::new();
    TABLE.get_or_init(WordTable::new)
}

/// How many function words of each language (in the order of [`GUESSED`]) a
/// folded text has: its tokens (letters, digits, `_` and the apostrophe),
/// looked up whole.
///
/// Tokens are found as words are ([`boundaries`], which does not branch on
/// where they are); each one short enough to be a function word is read
/// with one load of 16 bytes where the text has them after it.
fn function_word_counts(folded: &str) -> [usize; 4] {
    let table = word_table();
    let mut counts = [0usize; 4];
    let bytes = folded.as_bytes();
    let bounds = boundaries(folded, &TOKEN_BYTE);
    for Range { start, end } in paired(&bounds, bytes.len()) {
        let len = end - start;
        if len > LONGEST {
            continue;
        }
        let key = match bytes.get(start..start + 16) {
            Some(sixteen) => {
                let mut word = [0u8; 16];
                word.copy_from_slice(sixteen);
                // `len` is at most LONGEST: the shift is below 128.
                u128::from_le_bytes(word) & ((1u128 << (8 * len)) - 1)
            }
            None => bytes.get(start..end).and_then(packed_bytes).unwrap_or(0),
        };
        let langs = table.langs(key);
        for (k, count) in counts.iter_mut().enumerate() {
            *count += usize::from(langs >> k & 1);
        }
    }
    counts
}

impl LanguageGuess {
    /// Guesses from the folded (lowercase) text.
    pub fn of(folded: &str) -> LanguageGuess {
        let counts = function_word_counts(folded);
        let best = counts.iter().copied().max().unwrap_or(0);
        if best < 3 {
            return LanguageGuess::Unsure;
        }
        let languages = GUESSED
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n >= 3 && *n * 3 >= best)
            .map(|(lang, _)| *lang)
            .collect();
        LanguageGuess::Languages(languages)
    }

    /// The language a short folded text leans to, even below the evidence
    /// [`LanguageGuess::of`] needs: the one with the most function words,
    /// when it has more than each other; `None` when none has any or two tie.
    /// For showing a text to a reader (an example in the reader's language),
    /// never for deciding whether a rule applies.
    pub fn leaning(folded: &str) -> Option<&'static str> {
        let counts = function_word_counts(folded);
        let best = counts.iter().copied().max().unwrap_or(0);
        let mut top = GUESSED.iter().zip(counts).filter(|(_, n)| *n == best);
        match (top.next(), top.next()) {
            (Some((lang, _)), None) if best > 0 => Some(*lang),
            _ => None,
        }
    }

    /// Whether a rule limited to `languages` (language codes, possibly regional, e.g. `de-CH`) applies.
    pub fn allows(&self, languages: &[String]) -> bool {
        match self {
            LanguageGuess::Unsure => true,
            LanguageGuess::Languages(found) => {
                languages.is_empty()
                    || languages.iter().any(|l| {
                        let base = l.split(['-', '_']).next().unwrap_or(l);
                        found.iter().any(|f| f.eq_ignore_ascii_case(base))
                    })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_as_splitting_on_non_word_characters_does() {
        for text in [
            "",
            "aujourd'hui, c'est l'été!",
            "the—team 👋🏽 über_all  x",
            "a",
            "''",
            "ß日本語 und",
        ] {
            let expected: Vec<&str> = text
                .split(|c: char| !is_word_char(c) && c != '\'')
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(tokens(text).collect::<Vec<_>>(), expected, "{text}");
        }
    }

    #[test]
    fn every_function_word_is_looked_up() {
        let all = [DE, EN, FR, IT].concat();
        assert!(all.iter().all(|w| !w.is_empty() && w.len() <= LONGEST));
        let table = word_table();
        assert!(table.probes <= MAX_PROBES);
        for (lang, list) in [DE, EN, FR, IT].into_iter().enumerate() {
            for w in list {
                let key = packed(w).unwrap_or(0);
                assert_ne!(table.langs(key) & 1 << lang, 0, "{w}");
            }
        }
        assert_eq!(table.langs(packed("die").unwrap_or(0)), 0b0001);
        assert_eq!(table.langs(packed("e").unwrap_or(0)), 0b1000);
        assert_eq!(table.langs(packed("die!").unwrap_or(0)), 0);
        assert_eq!(table.langs(packed("abcdefghijklmnop").unwrap_or(0)), 0);
        assert_eq!(table.langs(0), 0);
    }

    /// The counts as the guess made them before: split into tokens, skip the
    /// empty and the too long, look each up in the lists.
    fn reference_counts(folded: &str) -> [usize; 4] {
        let mut counts = [0usize; 4];
        for word in tokens(folded) {
            if word.is_empty() || word.len() > LONGEST {
                continue;
            }
            for (count, list) in counts.iter_mut().zip([DE, EN, FR, IT]) {
                *count += usize::from(list.contains(&word));
            }
        }
        counts
    }

    #[test]
    fn counts_as_splitting_and_looking_up_each_token_does() {
        let texts = [
            "",
            "a",
            "''",
            "e",
            "der die das und the and le la il e",
            "aujourd'hui, c'est l'ete! l'aujourd'hui aujourd'huis aujourd'hu",
            "the—team 👋🏽 über_all  x die",
            "ß日本語 und der日本 日本der",
            "dieses derart undine wirr die_ der1 1der",
            "UND Der the\nand\tle la 'le' le' 'la",
            "abcdefghijk und abcdefghijkl the abcdefghijklmnop le abcdefghijklmnopq la",
            "wir sind heute auf der messe und freuen uns auf euch",
            "nous sommes au salon aujourd'hui et nous avons hate de vous voir",
            "oggi siamo alla fiera e non vediamo l'ora di incontrarvi con il team",
            "and",
            " and",
            "and ",
            "é and é",
            "andé",
            "éand",
            "a\u{0}the\u{0}\u{0}und",
        ];
        for text in texts {
            assert_eq!(function_word_counts(text), reference_counts(text), "{text}");
            let folded = Folded::new(text, false).text;
            assert_eq!(
                function_word_counts(&folded),
                reference_counts(&folded),
                "{folded}"
            );
        }
        // Every prefix and suffix of a long mixed text (tokens end at every
        // position), and more tokens than one batch of look-ups.
        let long = "Heute: the team und die Freunde 👩🏽‍💻 von l'été, aujourd'hui avec nous! Il gatto e la volpe, 12 and_so on der";
        let folded = Folded::new(long, false).text;
        for (at, _) in folded.char_indices() {
            for part in [folded.get(..at), folded.get(at..)].into_iter().flatten() {
                assert_eq!(function_word_counts(part), reference_counts(part), "{part}");
            }
        }
        let many = folded.repeat(20);
        assert_eq!(function_word_counts(&many), reference_counts(&many));
    }

    use crate::text::fold::Folded;

    fn guess(s: &str) -> LanguageGuess {
        LanguageGuess::of(&Folded::new(s, false).text)
    }

    #[test]
    fn guesses_each_language() {
        let de = guess("Wir sind heute auf der Messe und freuen uns auf euch!");
        let en = guess("We are at the trade fair today and we look forward to meeting you.");
        let fr = guess("Nous sommes au salon aujourd'hui et nous avons hâte de vous voir.");
        let it = guess("Oggi siamo alla fiera e non vediamo l'ora di incontrarvi con il team.");
        assert_eq!(de, LanguageGuess::Languages(vec!["de"]));
        assert_eq!(en, LanguageGuess::Languages(vec!["en"]));
        assert_eq!(fr, LanguageGuess::Languages(vec!["fr"]));
        assert_eq!(it, LanguageGuess::Languages(vec!["it"]));
    }

    #[test]
    fn counts_the_longest_function_word_and_words_after_other_scripts() {
        assert_eq!(
            guess("Aujourd'hui: le salon, nous y sommes."),
            LanguageGuess::Languages(vec!["fr"])
        );
        assert_eq!(
            guess("日本語 und 👩🏽‍💻 der Straße, die wir"),
            LanguageGuess::Languages(vec!["de"])
        );
        // A listed word inside a longer word, or with a trailing character, is not counted.
        assert_eq!(guess("dieses derart undine wirr"), LanguageGuess::Unsure);
    }

    #[test]
    fn short_posts_are_unsure_and_allow_every_rule() {
        let g = guess("Great day!");
        assert_eq!(g, LanguageGuess::Unsure);
        assert!(g.allows(&["de".to_string()]));
    }

    #[test]
    fn regional_codes_match_their_language() {
        let g = guess("Wir sind heute auf der Messe und freuen uns.");
        assert!(g.allows(&["de-CH".to_string()]));
        assert!(!g.allows(&["fr".to_string()]));
    }
}
