//! Every text of a pack is checked against every language, and every rule's
//! guideline and contact against all of them: their number is limited, and a
//! problem names a few ids, not all. (A 4 MB pack of 60,000 guidelines,
//! 30,000 contacts and 5,000 rules citing a missing one took 24 s, 10 GB and
//! wrote 3.5 GB of problems.)

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use postcheck_core::format::limits::{MAX_CONTACTS, MAX_GUIDELINES, MAX_LANGUAGES};
use postcheck_core::{CompiledPack, Severity};
use serde_json::{Value, json};

fn pack(guidelines: usize, contacts: usize, rules: usize, edit: impl FnOnce(&mut Value)) -> String {
    let guidelines: Vec<Value> = (0..guidelines)
        .map(|i| json!({ "id": format!("g{i}"), "title": "T", "text": "x" }))
        .collect();
    let contacts: Vec<Value> = (0..contacts)
        .map(|i| json!({ "id": format!("c{i}"), "name": "N", "email": "a@example.com" }))
        .collect();
    let rules: Vec<Value> = (0..rules)
        .map(|i| {
            json!({ "id": format!("r{i}"), "kind": "terms", "category": "confidential",
                    "level": "note", "message": "m", "terms": [format!("w{i}")],
                    "guideline": "missing", "contact": "missing" })
        })
        .collect();
    let mut v = json!({
        "schema": "postcheck/pack/v1", "id": "m", "name": "M", "version": "1", "publisher": "T",
        "date": "2026-01-01", "default_locale": "en", "languages": ["en"],
        "guidelines": guidelines, "contacts": contacts, "rules": rules
    });
    edit(&mut v);
    serde_json::to_string(&v).unwrap()
}

#[test]
fn too_many_guidelines_and_contacts_are_refused_before_the_rules_are_read() {
    let text = pack(60_000, 30_000, 5_000, |_| {});
    let err = CompiledPack::from_json(&text).unwrap_err();
    let errors: Vec<(&str, &str)> = err
        .errors()
        .map(|p| (p.path.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            (
                "$.guidelines",
                "the pack has 60000 guidelines; at most 1000 are read"
            ),
            (
                "$.contacts",
                "the pack has 30000 contacts; at most 1000 are read"
            ),
        ]
    );
    assert!(err.errors().all(|p| p.fix.is_some()));
}

#[test]
fn a_missing_guideline_names_a_few_of_the_ids() {
    let text = pack(MAX_GUIDELINES, MAX_CONTACTS, 3, |_| {});
    let err = CompiledPack::from_json(&text).unwrap_err();
    let fixes: Vec<&str> = err
        .errors()
        .filter(|p| p.path == "$.rules[2].guideline" || p.path == "$.rules[2].contact")
        .filter_map(|p| p.fix.as_deref())
        .collect();
    assert_eq!(
        fixes,
        [
            "use one of: g0, g1, g2, g3, g4, g5, g6, g7, g8, g9, ... (1000 in all)",
            "use one of: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, ... (1000 in all)",
        ]
    );
    // A short list is named in full.
    let text = pack(2, 1, 1, |_| {});
    let err = CompiledPack::from_json(&text).unwrap_err();
    assert!(
        err.errors()
            .any(|p| p.fix.as_deref() == Some("use one of: g0, g1")),
        "{err}"
    );
}

#[test]
fn too_many_languages_are_refused() {
    let many: Vec<String> = (0..=MAX_LANGUAGES).map(|i| format!("de-a{i:03}")).collect();
    let text = pack(0, 0, 0, |v| v["languages"] = json!(many));
    let err = CompiledPack::from_json(&text).unwrap_err();
    assert!(
        err.errors().any(|p| p.path == "$.languages"
            && p.message == "the pack has 33 languages; at most 32 are read"),
        "{err}"
    );
}

#[test]
fn a_text_missing_several_languages_gets_one_warning_naming_them() {
    let text = pack(0, 0, 0, |v| {
        v["languages"] = json!(["en", "de", "fr", "it"]);
        v["name"] = json!({ "en": "M", "fr": "M" });
    });
    let pack = CompiledPack::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
    let at_name: Vec<_> = pack
        .warnings()
        .iter()
        .filter(|w| w.path == "$" && w.severity == Severity::Warning)
        .collect();
    assert_eq!(at_name.len(), 1, "{at_name:?}");
    assert_eq!(
        at_name[0].message,
        "no text in \"de\", \"it\", languages of the pack (name); its readers get another language they read, else \"en\""
    );
    assert_eq!(
        at_name[0].fix.as_deref(),
        Some("add \"de\": \"...\", \"it\": \"...\" to name")
    );
}

#[test]
fn a_rule_missing_languages_gets_one_warning_not_one_per_text() {
    let text = pack(0, 0, 0, |v| {
        v["languages"] = json!(["en", "de", "fr", "it"]);
        v["name"] = json!({ "en": "M", "de": "M", "fr": "M", "it": "M" });
        v["rules"] = json!([{
            "id": "mail", "kind": "detector", "detector": "email", "category": "personal-data",
            "level": "note",
            "message": { "en": "An address.", "de": "Eine Adresse.", "fr": "Une adresse." },
            "suggestion": { "en": "Use a team address.", "de": "Nutzen Sie eine Team-Adresse." },
            "examples": { "hit": ["anna@acme.example"], "miss": ["@anna"] }
        }]);
    });
    let pack = CompiledPack::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
    let of_rule: Vec<_> = pack
        .warnings()
        .iter()
        .filter(|w| w.rule.as_deref() == Some("mail"))
        .collect();
    assert_eq!(of_rule.len(), 1, "{of_rule:?}");
    assert_eq!(of_rule[0].path, "$.rules[0]");
    assert_eq!(
        of_rule[0].message,
        "no text in \"fr\", \"it\", languages of the pack (message, suggestion); its readers get another language they read, else \"en\""
    );
    assert_eq!(
        of_rule[0].fix.as_deref(),
        Some("add \"fr\": \"...\", \"it\": \"...\" to message, suggestion")
    );
}
