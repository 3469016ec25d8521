//! Every pack in `tests/bad-packs/` is refused with a located message, all
//! problems at once, and without a panic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;

use postcheck_core::{CompiledPack, Severity};
use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/bad-packs");

#[test]
fn every_bad_pack_is_refused_with_its_located_problem() {
    let expected: BTreeMap<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(format!("{DIR}/expected.json")).unwrap())
            .unwrap();
    assert!(expected.len() >= 20, "the corpus shrank");
    for (file, want) in &expected {
        let text = std::fs::read_to_string(format!("{DIR}/{file}")).unwrap();
        let Err(err) = CompiledPack::from_json(&text) else {
            panic!("{file} was accepted");
        };
        let path = want["path"].as_str().unwrap();
        let message = want["message"].as_str().unwrap();
        assert!(
            err.problems.iter().any(|p| p.severity == Severity::Error
                && p.path == path
                && p.message.contains(message)),
            "{file}: expected an error at {path} saying {message:?}, got:\n{err}"
        );
        for p in err.errors() {
            assert!(
                p.fix.is_some() || p.path == "$",
                "{file}: the problem at {} has no fix",
                p.path
            );
        }
    }
    // every file in the folder is listed
    for entry in std::fs::read_dir(DIR).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".json") && name != "expected.json" {
            assert!(
                expected.contains_key(&name),
                "{name} is not in expected.json"
            );
        }
    }
}

#[test]
fn all_problems_are_reported_at_once() {
    let text = r#"{ "schema": "postcheck/pack/v1", "id": "x", "name": "X", "version": "1",
        "publisher": "P", "date": "2026-01-01", "default_locale": "en", "languages": ["en"],
        "rules": [
          { "id": "a", "kind": "pattern", "pattern": "(", "category": "confidential", "level": "note", "message": "m" },
          { "id": "b", "kind": "terms", "terms": [""], "category": "confidential", "level": "note", "message": "m" },
          { "id": "b", "kind": "nope", "category": "confidential", "level": "note", "message": "m" }
        ] }"#;
    let err = CompiledPack::from_json(text).unwrap_err();
    let paths: Vec<&str> = err.errors().map(|p| p.path.as_str()).collect();
    assert!(paths.contains(&"$.rules[0].pattern"), "{paths:?}");
    assert!(paths.contains(&"$.rules[1].terms[0]"), "{paths:?}");
    assert!(paths.contains(&"$.rules[2].kind"), "{paths:?}");
    let rules: Vec<Option<&str>> = err.errors().map(|p| p.rule.as_deref()).collect();
    assert!(
        rules.contains(&Some("a")) && rules.contains(&Some("b")),
        "{rules:?}"
    );
}

#[test]
fn a_50_megabyte_file_is_refused_quickly_without_parsing() {
    let mut big =
        String::from(r#"{"schema": "postcheck/pack/v1", "rules": [{"id": "x", "terms": ["#);
    while big.len() < 50 * 1024 * 1024 {
        big.push_str("\"word\", ");
    }
    big.push_str("\"end\"]}]}");
    let err = CompiledPack::from_json(&big).unwrap_err();
    assert!(err.problems[0].message.contains("at most 16 MB"), "{err}");
}

#[test]
fn syntax_errors_name_the_line() {
    let err = CompiledPack::from_json("{\n  \"schema\": \"postcheck/pack/v1\",\n  \"id\": oops\n}")
        .unwrap_err();
    assert_eq!(err.problems[0].line, Some(3), "{err}");
}
