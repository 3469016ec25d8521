//! `postcheck pack hash-terms` and the Pack Studio's "Hash terms": a
//! `hashed_terms` rule for a list of code names, so that a pack can flag
//! them without publishing them, and its private examples.
//!
//! Example: the terms "Blue Falcon" and "Nebula" with the salt "s" give a
//! rule whose `hashes` are the two salted SHA-256 hashes, sorted (the order
//! says nothing about the list), each with its mark, a `max_words` of 2, and
//! a message in each of the pack's languages; the private examples file
//! holds `{"<id>": {"hit": ["Blue Falcon", "Nebula"]}}`, to be kept out of
//! the pack.

use serde::Serialize;

use crate::rules::hashed_terms::{hash_term, mark_term, term_word_count};

/// The message of a code-name rule in the languages postcheck has texts in.
const CODE_NAME_MESSAGES: [(&str, &str); 4] = [
    (
        "de",
        "Das sieht nach einem unveröffentlichten Codenamen aus. Bitte intern halten, bis er öffentlich ist.",
    ),
    (
        "en",
        "This looks like an unannounced code name. Please keep it internal until it is public.",
    ),
    (
        "fr",
        "Cela ressemble à un nom de code non annoncé. Merci de le garder en interne jusqu'à ce qu'il soit public.",
    ),
    (
        "it",
        "Sembra un nome in codice non ancora annunciato. La preghiamo di tenerlo interno finché non sarà pubblico.",
    ),
];

/// The languages a code-name message is written in when none are given.
pub const DEFAULT_LANGUAGES: [&str; 4] = ["de", "en", "fr", "it"];

/// A `hashed_terms` rule, its fields in the order a pack author reads them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HashedTermsRule {
    pub id: String,
    pub kind: &'static str,
    pub category: &'static str,
    pub level: &'static str,
    /// The message per language, in the order the languages were given.
    pub message: serde_json::Map<String, serde_json::Value>,
    pub salt: String,
    pub max_words: usize,
    pub hashes: Vec<String>,
    pub marks: Vec<u16>,
}

/// What [`hashed_terms_rule`] made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashedTerms {
    /// The rule to paste into the pack's `rules`.
    pub rule: HashedTermsRule,
    /// The terms hashed (blank lines and `#` comments left out), as given:
    /// the private examples' `hit` list.
    pub terms: Vec<String>,
    /// Languages postcheck has no message text for: they got the English
    /// one, to be translated.
    pub untranslated: Vec<String>,
}

/// A `hashed_terms` rule `id` for `terms` with `salt` (each trimmed; blank
/// ones and `#` comments left out), its message in each
/// of `languages` (a regional locale such as de-CH gets its language's
/// text; [`DEFAULT_LANGUAGES`] when none are given). Hashes are sorted, each
/// with its mark (a term written twice, or folded alike, is kept once).
/// Fails, in plain words, on an empty salt or no terms.
pub fn hashed_terms_rule(
    salt: &str,
    terms: &[&str],
    id: &str,
    languages: &[String],
) -> Result<HashedTerms, String> {
    if salt.trim().is_empty() {
        return Err("the salt is empty: keep the salt given, or write any long random text".into());
    }
    let terms: Vec<&str> = terms
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty() && !t.starts_with('#'))
        .collect();
    if terms.is_empty() {
        return Err(
            "no terms to hash: give one term per line (lines starting with # are comments)".into(),
        );
    }
    let mut hashed: Vec<(String, u16)> = terms
        .iter()
        .map(|t| (hash_term(salt, t), mark_term(salt, t)))
        .collect();
    hashed.sort();
    hashed.dedup();
    let (hashes, marks): (Vec<String>, Vec<u16>) = hashed.into_iter().unzip();
    let max_words = terms
        .iter()
        .map(|t| term_word_count(t))
        .max()
        .unwrap_or(1)
        .clamp(1, 8);
    let languages: Vec<String> = if languages.is_empty() {
        DEFAULT_LANGUAGES.map(String::from).to_vec()
    } else {
        languages.to_vec()
    };
    let mut message = serde_json::Map::new();
    let mut untranslated = Vec::new();
    for lang in languages {
        let base = lang.split(['-', '_']).next().unwrap_or(&lang);
        let text = match CODE_NAME_MESSAGES.iter().find(|(l, _)| *l == base) {
            Some((_, text)) => *text,
            None => {
                untranslated.push(lang.clone());
                CODE_NAME_MESSAGES[1].1
            }
        };
        message.insert(lang, text.into());
    }
    Ok(HashedTerms {
        rule: HashedTermsRule {
            id: id.to_owned(),
            kind: "hashed_terms",
            category: "confidential",
            level: "important",
            message,
            salt: salt.to_owned(),
            max_words,
            hashes,
            marks,
        },
        terms: terms.into_iter().map(str::to_owned).collect(),
        untranslated,
    })
}

impl HashedTerms {
    /// The rule as pretty JSON, to paste into the pack's `rules`.
    pub fn rule_json(&self) -> String {
        serde_json::to_string_pretty(&self.rule).unwrap_or_default()
    }

    /// Adds this rule's private examples (a `hit` example per term) to the
    /// examples file `existing` (a JSON object by rule id; `None` for a new
    /// file) and gives the file's new text. Fails when `existing` is not
    /// such an object.
    pub fn add_private_examples(&self, existing: Option<&str>) -> Result<String, String> {
        let mut all = match existing {
            None => serde_json::Map::new(),
            Some(text) => match serde_json::from_str::<serde_json::Value>(text) {
                Ok(serde_json::Value::Object(map)) => map,
                _ => return Err("it is not an examples file (a JSON object by rule id)".into()),
            },
        };
        all.insert(
            self.rule.id.clone(),
            serde_json::json!({ "hit": self.terms }),
        );
        let text = serde_json::to_string_pretty(&serde_json::Value::Object(all))
            .map_err(|e| e.to_string())?;
        Ok(text + "\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_hashes_each_term_once_sorted_with_its_mark() {
        let made = hashed_terms_rule(
            "s",
            &["Nebula", "Blue Falcon", "", "# a comment", "Nebula"],
            "codes",
            &[],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let mut expected = vec![hash_term("s", "Nebula"), hash_term("s", "Blue Falcon")];
        expected.sort();
        assert_eq!(made.rule.hashes, expected);
        assert_eq!(made.rule.marks.len(), 2);
        assert_eq!(made.rule.max_words, 2);
        assert_eq!(made.terms, ["Nebula", "Blue Falcon", "Nebula"]);
        let keys: Vec<&String> = made.rule.message.keys().collect();
        assert_eq!(keys, ["de", "en", "fr", "it"]);
    }

    #[test]
    fn regional_and_unknown_languages() {
        let made = hashed_terms_rule("s", &["Nebula"], "codes", &["de-CH".into(), "rm".into()])
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            made.rule.message["de-CH"]
                .as_str()
                .is_some_and(|t| t.starts_with("Das sieht"))
        );
        assert!(
            made.rule.message["rm"]
                .as_str()
                .is_some_and(|t| t.starts_with("This looks"))
        );
        assert_eq!(made.untranslated, ["rm"]);
    }

    #[test]
    fn the_fields_read_in_order_and_examples_join_a_file() {
        let made = hashed_terms_rule("s", &["Nebula"], "codes", &["en".into()])
            .unwrap_or_else(|e| panic!("{e}"));
        let json = made.rule_json();
        let at = |field: &str| json.find(&format!("\"{field}\"")).unwrap_or(usize::MAX);
        let order = [
            "id",
            "kind",
            "category",
            "level",
            "message",
            "salt",
            "max_words",
            "hashes",
            "marks",
        ];
        assert!(order.windows(2).all(|w| at(w[0]) < at(w[1])), "{json}");
        let file = made
            .add_private_examples(Some(r#"{"other": {"hit": ["x"]}}"#))
            .unwrap_or_else(|e| panic!("{e}"));
        let value: serde_json::Value = serde_json::from_str(&file).unwrap_or_default();
        assert_eq!(value["codes"]["hit"][0], "Nebula");
        assert_eq!(value["other"]["hit"][0], "x");
        assert!(made.add_private_examples(Some("[1]")).is_err());
    }

    #[test]
    fn an_empty_salt_or_list_is_refused_in_plain_words() {
        assert!(hashed_terms_rule(" ", &["x"], "c", &[]).is_err_and(|e| e.contains("salt")));
        assert!(
            hashed_terms_rule("s", &["", "#x"], "c", &[])
                .is_err_and(|e| e.contains("one term per line"))
        );
    }
}
