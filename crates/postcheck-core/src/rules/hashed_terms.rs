//! `hashed_terms`: secret words the pack itself must not reveal.
//!
//! What it finds: the same as `terms` (folded, whole words of up to `max_words`
//! words, with common endings), but the pack holds only salted SHA-256 hashes
//! of the folded terms. Whoever reads the pack does not see the code names.
//! `postcheck pack hash-terms` turns a list of words into such a rule.
//!
//! Why it matters: a pack is downloaded by every employee and may be forwarded;
//! the names of unannounced products must not leak through the pack itself.
//! The hashes keep casual readers out; they are no protection against someone
//! who already guesses a name and tries it, so keep truly secret names short-lived.
//!
//! How terms are hashed: fold the term (lowercase, no diacritics), split it into
//! words, join them with one space, and take the SHA-256 of the salt, a NUL byte
//! and that text, in lowercase hex. A draft's word n-grams are hashed the same way.
//!
//! Example:
//! ```json
//! { "id": "secret-codenames", "kind": "hashed_terms", "category": "confidential",
//!   "level": "important", "message": "This looks like an unannounced code name.",
//!   "salt": "acme-2026", "max_words": 2, "hashes": ["5d1c..."] }
//! ```

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{CompiledRule, Compiler, Draft, Finding};
use crate::pack::problem::Problem;
use crate::text::fold::Folded;
use crate::text::words::word_spans;

/// Fields of a `hashed_terms` rule.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct HashedTerms {
    /// The salt mixed into every hash; any text, unique to the pack.
    pub salt: String,
    /// Lowercase hex SHA-256 hashes, as `postcheck pack hash-terms` writes them.
    pub hashes: Vec<String>,
    /// The most words a hashed term has (default 3).
    #[serde(default = "default_max_words")]
    pub max_words: usize,
}

fn default_max_words() -> usize {
    3
}

/// Endings tried when the last word does not match as it is.
const ENDINGS: [&str; 9] = ["s", "es", "e", "en", "n", "er", "ern", "ens", "'s"];

/// Number of words a term has, counted as hashing counts them (`Blue-Falcon` has two).
pub fn term_word_count(term: &str) -> usize {
    word_spans(&Folded::new(term, false).text).len()
}

/// The hash of one term, as stored in a `hashed_terms` rule.
pub fn hash_term(salt: &str, term: &str) -> String {
    let folded = Folded::new(term, false).text;
    let words: Vec<&str> = word_spans(&folded)
        .into_iter()
        .filter_map(|r| folded.get(r))
        .collect();
    hash_words(salt, &words.join(" "))
}

fn hash_words(salt: &str, words: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = digest_words(&salted(salt), words);
    let mut hex = String::with_capacity(64);
    for b in digest {
        for nibble in [b >> 4, b & 0xf] {
            hex.push(char::from(
                HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
    }
    hex
}

/// The hasher after `salt` and the NUL byte: cloned for each text, so the salt is fed once.
fn salted(salt: &str) -> Sha256 {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update([0u8]);
    h
}

/// The SHA-256 of the salt, NUL and `words`, as bytes (no hex text to allocate).
fn digest_words(salted: &Sha256, words: &str) -> [u8; 32] {
    let mut h = salted.clone();
    h.update(words.as_bytes());
    h.finalize().into()
}

/// The bytes of a hash written as 64 lowercase hex digits.
fn parse_hex(hex: &str) -> Option<[u8; 32]> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let bytes = hex.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (slot, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        let [hi, lo] = pair else { return None };
        *slot = digit(*hi)? << 4 | digit(*lo)?;
    }
    Some(out)
}

#[derive(Debug)]
struct CompiledHashedTerms {
    /// The hasher with the salt fed in.
    salted: Sha256,
    /// The hashes, as bytes.
    hashes: HashSet<[u8; 32], FastHash>,
    max_words: usize,
}

impl HashedTerms {
    pub(crate) fn compile(
        &self,
        _: &mut Compiler,
        path: &str,
    ) -> Result<Box<dyn CompiledRule>, Vec<Problem>> {
        let mut problems = Vec::new();
        if self.salt.is_empty() {
            problems.push(
                Problem::error(format!("{path}.salt"), "the salt is empty")
                    .fix("use the salt that `postcheck pack hash-terms` printed with the hashes"),
            );
        }
        if self.hashes.is_empty() {
            problems.push(
                Problem::error(format!("{path}.hashes"), "the list is empty")
                    .fix("add hashes made by `postcheck pack hash-terms`"),
            );
        }
        for (i, h) in self.hashes.iter().enumerate() {
            if h.len() != 64
                || !h
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            {
                problems.push(
                    Problem::error(format!("{path}.hashes[{i}]"), format!("\"{h}\" is not a SHA-256 hash (64 lowercase hex digits)"))
                        .fix("make the hashes with `postcheck pack hash-terms`; never put the words themselves here"),
                );
            }
        }
        if !(1..=MAX_WORDS).contains(&self.max_words) {
            problems.push(
                Problem::error(
                    format!("{path}.max_words"),
                    format!("{} is out of range", self.max_words),
                )
                .fix("use a number from 1 to 8: the most words one term has"),
            );
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Box::new(CompiledHashedTerms {
            salted: salted(&self.salt),
            hashes: self.hashes.iter().filter_map(|h| parse_hex(h)).collect(),
            max_words: self.max_words,
        }))
    }
}

impl CompiledHashedTerms {
    /// Whether the phrase, or the phrase with an ending of its last word taken off, is hashed.
    fn is_hashed(&self, phrase: &str, last: &str) -> bool {
        std::iter::once(phrase)
            .chain(
                ENDINGS
                    .iter()
                    .filter(|e| last.len() > e.len() + 1 && phrase.ends_with(*e))
                    .filter_map(|e| phrase.get(..phrase.len() - e.len())),
            )
            .any(|stem| self.hashes.contains(&digest_words(&self.salted, stem)))
    }
}

impl CompiledRule for CompiledHashedTerms {
    fn check(&self, draft: &Draft<'_>, out: &mut Vec<Finding>) {
        let text = draft.folded.text.as_str();
        let words = word_spans(text);
        // Each distinct word gets a number, so that a phrase is known by its numbers:
        // a phrase seen before ("und", "the team") is not hashed again.
        let mut numbers: HashMap<&str, usize, FastHash> = HashMap::default();
        let ids: Vec<usize> = words
            .iter()
            .map(|w| {
                let next = numbers.len();
                *numbers
                    .entry(text.get(w.clone()).unwrap_or_default())
                    .or_insert(next)
            })
            .collect();
        let mut known: HashMap<[usize; MAX_WORDS], bool, FastHash> =
            HashMap::with_capacity_and_hasher(words.len() * self.max_words, FastHash::default());
        let mut phrase = String::new();
        for (i, first) in words.iter().enumerate() {
            phrase.clear();
            let mut key = [usize::MAX; MAX_WORDS];
            for (n, word) in words.iter().skip(i).take(self.max_words).enumerate() {
                let (Some(w), Some(slot), Some(id)) =
                    (text.get(word.clone()), key.get_mut(n), ids.get(i + n))
                else {
                    break;
                };
                *slot = *id;
                if n > 0 {
                    phrase.push(' ');
                }
                phrase.push_str(w);
                let hit = *known
                    .entry(key)
                    .or_insert_with(|| self.is_hashed(&phrase, w));
                if hit && let Some(span) = draft.folded.original_range(first.start..word.end) {
                    out.push(Finding::at(span));
                }
            }
        }
    }
}

/// The most words a hashed term may have (`max_words`).
const MAX_WORDS: usize = 8;

/// FxHash-style hasher for the sets of this rule: its keys are SHA-256 digests
/// (already uniform) and word numbers of one draft, so SipHash's protection
/// against crafted keys buys nothing and costs more than the lookup.
#[derive(Debug, Default, Clone, Copy)]
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            for (w, b) in word.iter_mut().zip(chunk) {
                *w = *b;
            }
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FastHash = BuildHasherDefault<Fx>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_hits, assert_no_hits};

    fn rule(terms: &[&str]) -> String {
        let hashes: Vec<String> = terms
            .iter()
            .map(|t| format!("\"{}\"", hash_term("s3cret", t)))
            .collect();
        format!(
            r#"{{ "id": "secret", "kind": "hashed_terms", "category": "confidential", "level": "important",
            "message": "code name", "salt": "s3cret", "max_words": 2, "hashes": [{}] }}"#,
            hashes.join(",")
        )
    }

    #[test]
    fn finds_hashed_words_and_phrases_in_their_forms() {
        let r = rule(&["Nebula", "Blue Falcon"]);
        assert_hits(&r, "Nebula kommt!", &["Nebula"]);
        assert_hits(&r, "Die NEBULAS sind da", &["NEBULAS"]);
        assert_hits(&r, "Projekt Blue-Falcon startet", &["Blue-Falcon"]);
        assert_hits(&r, "Blue\nFalcon", &["Blue\nFalcon"]);
    }

    #[test]
    fn ignores_other_words() {
        let r = rule(&["Nebula", "Blue Falcon"]);
        assert_no_hits(&r, "A blue sky and a falcon");
        assert_no_hits(&r, "Der Nebulizer ist ein Gerät");
    }

    #[test]
    fn counts_words_as_hashing_splits_them() {
        assert_eq!(term_word_count("Blue-Falcon"), 2);
        assert_eq!(term_word_count("  Nebula "), 1);
        assert_eq!(term_word_count("Projekt #Orion 2"), 3);
    }

    #[test]
    fn hashes_are_compared_as_bytes() {
        let hex = hash_term("acme", "Orion");
        let bytes = parse_hex(&hex);
        assert_eq!(bytes, Some(digest_words(&salted("acme"), "orion")));
        assert_eq!(parse_hex(&hex.to_uppercase()), None);
        assert_eq!(parse_hex(&hex[..62]), None);
        // SHA-256 of "acme\0orion", as any other tool computes it.
        assert_eq!(
            hash_term("acme", "Orion"),
            "0c64b924ee9b8f3fffcd8b39e3e36e38623b73eeab25df748e9acc675495f2dd"
        );
    }

    #[test]
    fn hash_is_stable() {
        // Pinned so that packs hashed today keep working in later versions.
        assert_eq!(
            hash_term("acme", "Blue  Falcon"),
            hash_term("acme", "blue falcon")
        );
        assert_eq!(
            &hash_term("acme", "orion")[..16],
            &hash_words("acme", "orion")[..16]
        );
    }
}
