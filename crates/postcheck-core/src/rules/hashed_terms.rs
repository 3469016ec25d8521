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

use std::collections::HashSet;

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
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update([0u8]);
    h.update(words.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug)]
struct CompiledHashedTerms {
    salt: String,
    hashes: HashSet<String>,
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
        if !(1..=8).contains(&self.max_words) {
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
            salt: self.salt.clone(),
            hashes: self.hashes.iter().cloned().collect(),
            max_words: self.max_words,
        }))
    }
}

impl CompiledRule for CompiledHashedTerms {
    fn check(&self, draft: &Draft<'_>, out: &mut Vec<Finding>) {
        let text = draft.folded.text.as_str();
        let words = word_spans(text);
        let mut phrase = String::new();
        for (i, first) in words.iter().enumerate() {
            phrase.clear();
            for (n, word) in words.iter().skip(i).take(self.max_words).enumerate() {
                let Some(w) = text.get(word.clone()) else {
                    break;
                };
                if n > 0 {
                    phrase.push(' ');
                }
                phrase.push_str(w);
                let stems = std::iter::once(phrase.as_str()).chain(
                    ENDINGS
                        .iter()
                        .filter(|e| w.len() > e.len() + 1 && phrase.ends_with(*e))
                        .filter_map(|e| phrase.get(..phrase.len() - e.len())),
                );
                let hit = stems
                    .into_iter()
                    .any(|stem| self.hashes.contains(&hash_words(&self.salt, stem)));
                if hit && let Some(span) = draft.folded.original_range(first.start..word.end) {
                    out.push(Finding::at(span));
                }
            }
        }
    }
}

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
