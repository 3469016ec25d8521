//! Warnings that `postcheck pack lint` adds from the authoring tools: a rule
//! whose terms are everyday words or place names (the word lists of
//! [`super::words`], as `postcheck pack audit` finds them) and that has
//! nothing to tell their ordinary sense apart fires on ordinary posts.
//!
//! They live here, not in the engine's lint, because the word lists are
//! authoring data: the engine (and so the extension's checks) does not
//! carry them (`tests/layers.rs`: the engine does not import `authoring`).

use std::collections::BTreeMap;

use serde_json::Value;

use super::audit::{EverydayTerm, everyday_terms, rule_values};
use super::words::WordList;
use crate::format::limits::MAX_PACK_BYTES;
use crate::format::locate::locate;
use crate::format::problem::Problem;

/// Most terms a warning names; the others are counted.
const NAMED_TERMS: usize = 8;

/// One warning per rule of the pack `pack_json` whose terms that fire on
/// their own (a `terms` rule's `terms`, the `if_any` of a `requires` rule,
/// a `hashed_terms` rule's hashes) include everyday words or place names of
/// any of de, en, fr, it, unless the rule already has `exceptions` or an
/// `unless` for their ordinary sense. A `near` rule is left alone: it needs
/// a second word close by. Hashed terms are counted, never named. Each
/// warning has its line and column in `pack_json`. None for a text that is
/// not JSON or over the size limit (lint reports those).
pub fn everyday_warnings(pack_json: &str) -> Vec<Problem> {
    if pack_json.len() > MAX_PACK_BYTES {
        return Vec::new();
    }
    let text = pack_json.strip_prefix('\u{FEFF}').unwrap_or(pack_json);
    let rules: Vec<(usize, Value)> = rule_values(text)
        .into_iter()
        .filter(|(_, rule)| !has_ordinary_sense_guard(rule))
        .collect();
    let mut by_rule: BTreeMap<usize, Vec<EverydayTerm>> = BTreeMap::new();
    for term in everyday_terms(&rules, &[]) {
        if let Some(index) = rule_index(&term.path) {
            by_rule.entry(index).or_default().push(term);
        }
    }
    let mut warnings: Vec<Problem> = by_rule.values().filter_map(|t| warning(t)).collect();
    locate(pack_json, &mut warnings);
    warnings
}

/// Whether a rule tells the ordinary sense of its words apart already: a
/// `near` rule, or one with `exceptions` or an `unless` that is not empty.
fn has_ordinary_sense_guard(rule: &Value) -> bool {
    let given = |field: &str| match rule.get(field) {
        None | Some(Value::Null) => false,
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    };
    rule.get("kind").and_then(Value::as_str) == Some("near")
        || given("exceptions")
        || given("unless")
}

/// The index of the rule of a path such as `rules[3].terms[1]`.
fn rule_index(path: &str) -> Option<usize> {
    path.strip_prefix("rules[")?.split(']').next()?.parse().ok()
}

/// The lists a term is on, in words: "a place name", "an everyday word in
/// German, English and French", "a place name and an everyday word in Italian".
fn describe(lists: &[WordList]) -> String {
    let languages: Vec<&str> = lists
        .iter()
        .filter_map(|l| match l {
            WordList::Everyday("de") => Some("German"),
            WordList::Everyday("fr") => Some("French"),
            WordList::Everyday("it") => Some("Italian"),
            WordList::Everyday(_) => Some("English"),
            WordList::Place => None,
        })
        .collect();
    let mut parts = Vec::new();
    if lists.contains(&WordList::Place) {
        parts.push("a place name".to_owned());
    }
    if let Some((last, rest)) = languages.split_last() {
        parts.push(if rest.is_empty() {
            format!("an everyday word in {last}")
        } else {
            format!("an everyday word in {} and {last}", rest.join(", "))
        });
    }
    parts.join(" and ")
}

/// The warning for one rule's everyday terms (all of one rule, in order).
fn warning(terms: &[EverydayTerm]) -> Option<Problem> {
    let first = terms.first()?;
    // `rules[3].terms[1]` -> `$.rules[3].terms`: the list holding them.
    let list = first
        .path
        .rsplit_once('[')
        .map_or(first.path.as_str(), |(list, _)| list);
    let named: Vec<String> = terms
        .iter()
        .filter_map(|t| Some(format!("\"{}\" ({})", t.term.as_ref()?, describe(&t.lists))))
        .collect();
    let hashed = terms.iter().filter(|t| t.term.is_none()).count();
    let message = if named.is_empty() {
        if hashed == 1 {
            "1 of the rule's hashed terms is an everyday word or a place name (not shown here): the rule fires on ordinary posts that use it".to_owned()
        } else {
            format!(
                "{hashed} of the rule's hashed terms are everyday words or place names (not shown here): the rule fires on ordinary posts that use them"
            )
        }
    } else {
        let mut shown: Vec<String> = named.iter().take(NAMED_TERMS).cloned().collect();
        if named.len() > NAMED_TERMS {
            shown.push(format!("{} more", named.len() - NAMED_TERMS));
        }
        let list = match shown.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => shown.join(""),
        };
        let (verb, them) = if named.len() == 1 {
            ("is", "it")
        } else {
            ("are", "them")
        };
        format!(
            "{list} {verb} common in ordinary posts: the rule fires on posts about holidays, weather or business that use {them}"
        )
    };
    Some(
        Problem::warning(format!("$.{list}"), message)
            .fix("give the rule context for the ordinary sense: make it a `near` rule that needs a second word close by, add `exceptions` or an `unless`, or pick a rarer name (`postcheck pack audit` shows the posts it fires on)")
            .in_rule(Some(&first.rule)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str = r#""schema": "postcheck/pack/v1", "id": "t", "name": "T", "version": "1",
        "publisher": "P", "date": "2026-01-01", "default_locale": "en", "languages": ["en"]"#;

    fn warnings(rules: &str) -> Vec<Problem> {
        everyday_warnings(&format!("{{ {MANIFEST},\n\"rules\": [\n{rules}\n] }}"))
    }

    #[test]
    fn one_warning_per_rule_names_its_everyday_terms_and_places() {
        let found = warnings(
            r#"{"id": "names", "kind": "terms", "category": "confidential", "level": "important", "message": "m", "terms": ["Zyrkonia", "Gotthard", "order"]},
{"id": "rare", "kind": "terms", "category": "confidential", "level": "important", "message": "m", "terms": ["Zyrkonia"]}"#,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        let w = &found[0];
        assert_eq!(
            (w.path.as_str(), w.rule.as_deref(), w.line),
            ("$.rules[0].terms", Some("names"), Some(4))
        );
        assert!(!w.is_error());
        assert!(
            w.message
                .starts_with("\"Gotthard\" (a place name) and \"order\" (an everyday word in English) are common in ordinary posts"),
            "{}",
            w.message
        );
    }

    #[test]
    fn rules_with_context_for_the_ordinary_sense_are_left_alone() {
        for rule in [
            r#"{"id": "a", "kind": "terms", "category": "confidential", "level": "important", "message": "m", "terms": ["Gotthard"], "exceptions": ["Gotthard-Tunnel"]}"#,
            r#"{"id": "b", "kind": "terms", "category": "confidential", "level": "important", "message": "m", "terms": ["Gotthard"], "unless": {"terms": ["Ferien"]}}"#,
            r#"{"id": "c", "kind": "near", "category": "confidential", "level": "important", "message": "m", "a": {"terms": ["Gotthard"]}, "b": {"terms": ["Vertrag"]}}"#,
        ] {
            assert_eq!(warnings(rule), [], "{rule}");
        }
        // An empty list of exceptions is no context.
        let empty = r#"{"id": "d", "kind": "terms", "category": "confidential", "level": "important", "message": "m", "terms": ["Gotthard"], "exceptions": []}"#;
        assert_eq!(warnings(empty).len(), 1);
    }

    #[test]
    fn hashed_terms_are_counted_not_named() {
        let salt = "s1";
        let hashes = [
            crate::rules::hashed_terms::hash_term(salt, "Matterhorn"),
            crate::rules::hashed_terms::hash_term(salt, "Zyrkonia"),
        ];
        let rule = format!(
            r#"{{"id": "h", "kind": "hashed_terms", "category": "confidential", "level": "important", "message": "m", "salt": "{salt}", "hashes": ["{}", "{}"]}}"#,
            hashes[0], hashes[1]
        );
        let found = warnings(&rule);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, "$.rules[0].hashes");
        assert!(
            found[0]
                .message
                .starts_with("1 of the rule's hashed terms is an everyday word"),
            "{}",
            found[0].message
        );
        assert!(!found[0].message.contains("Matterhorn"));
    }

    #[test]
    fn text_that_is_not_a_pack_gives_nothing() {
        assert_eq!(everyday_warnings("{"), []);
        assert_eq!(everyday_warnings("[1, 2]"), []);
        assert_eq!(everyday_warnings(r#"{"rules": 5}"#), []);
    }
}
