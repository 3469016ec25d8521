//! A quick guess of a draft's languages from its most common words.
//!
//! Rules can be limited to drafts in some languages (a German insult list need
//! not run on an Italian post). The guess counts frequent function words of
//! German, English, French and Italian; when a draft has too few of them, the
//! guess is "unsure" and every rule applies, so a short post is never missed.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use super::fold::is_word_char;

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
static TOKEN_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut rest: &mut [bool] = &mut table;
    let mut b: u8 = 0;
    while let [slot, tail @ ..] = rest {
        *slot = b.is_ascii_alphanumeric() || b == b'_' || b == b'\'';
        rest = tail;
        b = b.wrapping_add(1);
    }
    table
};

/// Whether the character at byte `i` belongs to a token, and its length;
/// `None` at the end of the text.
#[inline]
fn token_char(text: &str, i: usize) -> Option<(bool, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some((TOKEN_BYTE.get(usize::from(b)).copied().unwrap_or(false), 1));
    }
    let c = text.get(i..).and_then(|rest| rest.chars().next())?;
    Some((is_word_char(c), c.len_utf8()))
}

/// The words of a folded text, apostrophes included (`aujourd'hui`): ASCII is
/// split without decoding characters.
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
    let mut bytes = [0u8; 16];
    bytes
        .get_mut(..word.len())?
        .copy_from_slice(word.as_bytes());
    Some(u128::from_le_bytes(bytes))
}

/// Hashes a packed word with one multiplication: the table's keys are a
/// hundred short, fixed words, so SipHash's protection against crafted keys
/// buys nothing and costs most of the guess.
#[derive(Debug, Clone, Copy, Default)]
struct Mix(u64);

impl Hasher for Mix {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u128(&mut self, n: u128) {
        let folded = (n as u64) ^ ((n >> 64) as u64).rotate_left(29);
        self.0 = folded.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Each listed word (packed), with the languages whose list has it (in the order of [`GUESSED`]).
type WordTable = HashMap<u128, [bool; 4], BuildHasherDefault<Mix>>;

/// The longest function word, in bytes (`aujourd'hui`): longer words are not looked up.
const LONGEST: usize = 11;

fn word_table() -> &'static WordTable {
    static TABLE: OnceLock<WordTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = WordTable::default();
        for (lang, list) in [DE, EN, FR, IT].into_iter().enumerate() {
            for word in list {
                let Some(key) = packed(word) else { continue };
                if let Some(slot) = table.entry(key).or_default().get_mut(lang) {
                    *slot = true;
                }
            }
        }
        table
    })
}

impl LanguageGuess {
    /// Guesses from the folded (lowercase) text.
    pub fn of(folded: &str) -> LanguageGuess {
        let table = word_table();
        let mut counts = [0usize; 4];
        for word in tokens(folded) {
            // One lookup per word, not one comparison per listed word.
            if word.is_empty() || word.len() > LONGEST {
                continue;
            }
            let Some(langs) = packed(word).and_then(|key| table.get(&key)) else {
                continue;
            };
            for (count, is_in) in counts.iter_mut().zip(langs) {
                if *is_in {
                    *count += 1;
                }
            }
        }
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
        assert!(
            all.iter()
                .all(|w| packed(w).is_some_and(|k| word_table().contains_key(&k)))
        );
        assert_eq!(
            word_table().get(&packed("die").unwrap_or(0)),
            Some(&[true, false, false, false])
        );
        assert_eq!(
            word_table().get(&packed("e").unwrap_or(0)),
            Some(&[false, false, false, true])
        );
        assert_eq!(word_table().get(&packed("die!").unwrap_or(0)), None);
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
