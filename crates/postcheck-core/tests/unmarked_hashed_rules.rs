//! `hashed_terms` rules without usable marks compute the SHA-256 of every
//! phrase of a draft, each rule on its own, whatever its salt: 5,000 of them
//! took 32 s on 100 KB. A pack may have at most eight; the ninth is refused
//! with the fix. Rules with marks that pair up with their hashes are not limited.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use postcheck_core::rules::hashed_terms::MAX_UNMARKED_RULES;
use postcheck_core::{CompiledPack, Context, PackError, hash_term, mark_term};

/// How a test rule carries its marks.
#[derive(Clone, Copy)]
enum Marks {
    None,
    /// One per hash.
    Paired,
    /// One more than there are hashes (ignored, as none).
    Unpaired,
}

/// A `hashed_terms` rule for the term `Codename{i}`, with the salt `salt`.
fn rule(i: usize, salt: &str, marks: Marks) -> String {
    let term = format!("Codename{i}");
    let mark = mark_term(salt, &term);
    let marks = match marks {
        Marks::None => String::new(),
        Marks::Paired => format!(r#", "marks": [{mark}]"#),
        Marks::Unpaired => format!(r#", "marks": [{mark}, 1]"#),
    };
    format!(
        r#"{{ "id": "secret-{i}", "kind": "hashed_terms", "category": "confidential", "level": "important",
        "message": "code name", "salt": "{salt}", "hashes": ["{}"]{marks} }}"#,
        hash_term(salt, &term)
    )
}

/// `count` rules made by [`rule`], each with its own salt (`salt-{i}`) and
/// the marks `marks_of` gives its index.
fn rules(count: usize, marks_of: impl Fn(usize) -> Marks) -> Vec<String> {
    (0..count)
        .map(|i| rule(i, &format!("salt-{i}"), marks_of(i)))
        .collect()
}

fn load(rules: &[String]) -> Result<CompiledPack, PackError> {
    let json = format!(
        r#"{{ "schema": "postcheck/pack/v1", "id": "hashed", "name": "Hashed", "version": "1",
        "publisher": "Tests", "date": "2026-01-01", "default_locale": "en", "languages": ["en"],
        "rules": [
        {} ] }}"#,
        rules.join(",\n")
    );
    CompiledPack::from_json_without_examples(&json)
}

/// The paths of the errors of a refused pack.
fn error_paths(err: &PackError) -> Vec<String> {
    err.errors().map(|p| p.path.clone()).collect()
}

#[test]
fn eight_unmarked_rules_load_and_find_their_terms() {
    let rules = rules(MAX_UNMARKED_RULES, |_| Marks::None);
    let pack = load(&rules).unwrap_or_else(|e| panic!("{e}"));
    // Each still gets the warning that marks would make it faster.
    let slow = pack
        .warnings()
        .iter()
        .filter(|w| w.message.contains("no `marks`"))
        .count();
    assert_eq!(slow, MAX_UNMARKED_RULES);
    let report = pack.check("Codename0 and CODENAME7 are here", &Context::default());
    let found: Vec<&str> = report.hints.iter().map(|h| h.rule.as_str()).collect();
    assert_eq!(found, ["secret-0", "secret-7"]);
}

#[test]
fn the_ninth_unmarked_rule_is_refused_with_the_fix() {
    let rules = rules(MAX_UNMARKED_RULES + 1, |_| Marks::None);
    let err = load(&rules).unwrap_err();
    assert_eq!(error_paths(&err), ["$.rules[8].hashes"]);
    let p = err.errors().next().unwrap();
    assert_eq!(p.rule.as_deref(), Some("secret-8"));
    assert!(
        p.message
            .contains("more than 8 `hashed_terms` rules without usable `marks`")
    );
    assert!(
        p.fix
            .as_deref()
            .unwrap()
            .contains("`postcheck pack hash-terms` writes them")
    );
    assert_eq!(p.line, Some(5 + 2 * MAX_UNMARKED_RULES));
}

#[test]
fn one_salt_for_all_does_not_make_unmarked_rules_cheaper() {
    // Each rule hashes every phrase on its own, salt or no salt.
    let rules: Vec<String> = (0..=MAX_UNMARKED_RULES)
        .map(|i| rule(i, "one-salt", Marks::None))
        .collect();
    assert_eq!(
        error_paths(&load(&rules).unwrap_err()),
        ["$.rules[8].hashes"]
    );
}

#[test]
fn marks_that_do_not_pair_up_count_as_none() {
    let rules = rules(MAX_UNMARKED_RULES + 1, |i| {
        if i % 2 == 0 {
            Marks::None
        } else {
            Marks::Unpaired
        }
    });
    assert_eq!(
        error_paths(&load(&rules).unwrap_err()),
        ["$.rules[8].hashes"]
    );
}

#[test]
fn five_thousand_unmarked_rules_are_refused_and_marked_ones_load() {
    let unmarked = rules(5_000, |_| Marks::None);
    let err = load(&unmarked).unwrap_err();
    let paths = error_paths(&err);
    assert_eq!(paths.len(), 5_000 - MAX_UNMARKED_RULES);
    assert_eq!(paths[0], "$.rules[8].hashes");
    // Eight without marks among thousands with them are fine.
    let mixed = rules(5_000, |i| {
        if i % 625 == 0 {
            Marks::None
        } else {
            Marks::Paired
        }
    });
    let pack = load(&mixed).unwrap_or_else(|e| panic!("{e}"));
    let report = pack.check("Codename625, Codename4999", &Context::default());
    let found: Vec<&str> = report.hints.iter().map(|h| h.rule.as_str()).collect();
    assert_eq!(found, ["secret-625", "secret-4999"]);
}
