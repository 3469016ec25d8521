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

/// Each listed word, with the languages whose list has it (in the order of [`GUESSED`]).
/// The words of a folded text, apostrophes included (`aujourd'hui`): ASCII is
/// split without decoding characters.
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        let mut start = None;
        while let Some(&b) = bytes.get(i) {
            let (in_word, len) = if b.is_ascii() {
                (b.is_ascii_alphanumeric() || b == b'_' || b == b'\'', 1)
            } else {
                match text.get(i..).and_then(|rest| rest.chars().next()) {
                    Some(c) => (is_word_char(c), c.len_utf8()),
                    None => (false, 1),
                }
            };
            match (in_word, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => return text.get(s..i),
                _ => {}
            }
            i += len;
        }
        start.and_then(|s| text.get(s..))
    })
}

/// FNV-1a: the table's keys are a hundred short, fixed words, so SipHash's
/// protection against crafted keys buys nothing and costs most of the guess.
#[derive(Debug, Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type WordTable = HashMap<&'static str, [bool; 4], BuildHasherDefault<Fnv>>;

/// The longest function word, in bytes (`aujourd'hui`): longer words are not looked up.
const LONGEST: usize = 11;

fn word_table() -> &'static WordTable {
    static TABLE: OnceLock<WordTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = WordTable::default();
        for (lang, list) in [DE, EN, FR, IT].into_iter().enumerate() {
            for word in list {
                if let Some(slot) = table.entry(word).or_default().get_mut(lang) {
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
            let Some(langs) = table.get(word) else {
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
        assert!(all.iter().all(|w| word_table().contains_key(w)));
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
