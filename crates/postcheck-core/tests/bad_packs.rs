//! Hostile rule packs: every pack in `tests/bad-packs/` is refused with a
//! located message (or accepted with the warning `expected.json` names), all
//! problems at once, without a panic; packs too large to keep as files are
//! made here. Time and memory are bounded by the loader's limits (see
//! `tests/bad-packs/README.md`); these tests only assert that loading
//! completes, speed goals live in the benchmarks.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;

use postcheck_core::format::limits::{
    MAX_MESSAGE_CHARS, MAX_PATTERN_BUDGET, MAX_RULES, MAX_TERM_BYTES, MAX_TERMS,
};
use postcheck_core::{CompiledPack, Context, PackError, Severity};
use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/bad-packs");

/// A JSON file of the repository, by its path from the repository's root.
fn repository_json(path: &str) -> Value {
    let text = std::fs::read_to_string(format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn expected() -> BTreeMap<String, Value> {
    serde_json::from_str(&std::fs::read_to_string(format!("{DIR}/expected.json")).unwrap()).unwrap()
}

/// Loads a pack, turning a panic into a test failure that names the pack.
fn load(name: &str, text: &str) -> Result<CompiledPack, PackError> {
    std::panic::catch_unwind(|| CompiledPack::from_json(text))
        .unwrap_or_else(|_| panic!("{name}: loading panicked"))
}

/// A pack with the given rules (JSON text of each).
fn pack(rules: &[String]) -> String {
    format!(
        r#"{{ "schema": "postcheck/pack/v1", "id": "hostile", "name": "Hostile", "version": "1",
        "publisher": "Tests", "date": "2026-01-01", "default_locale": "en", "languages": ["en"],
        "rules": [{}] }}"#,
        rules.join(",\n")
    )
}

fn terms_rule(id: &str, terms: &str) -> String {
    format!(
        r#"{{ "id": "{id}", "kind": "terms", "category": "confidential", "level": "note",
        "message": "m", "terms": [{terms}] }}"#
    )
}

fn pattern_rule(id: &str, pattern: &str) -> String {
    format!(
        r#"{{ "id": "{id}", "kind": "pattern", "category": "confidential", "level": "note",
        "message": "m", "pattern": {} }}"#,
        serde_json::to_string(pattern).unwrap()
    )
}

fn refused_at(err: &PackError, path: &str, message: &str) -> bool {
    err.errors()
        .any(|p| p.path == path && p.message.contains(message))
}

#[test]
fn every_bad_pack_is_refused_with_its_located_problem() {
    let expected = expected();
    assert!(expected.len() >= 90, "the corpus shrank");
    let mut tried = 0;
    for (file, want) in &expected {
        let bytes = std::fs::read(format!("{DIR}/{file}")).unwrap();
        let path = want["path"].as_str().unwrap();
        let message = want["message"].as_str().unwrap();
        tried += 1;
        if want["encoding"].as_bool() == Some(true) {
            // The core takes text; the CLI refuses these bytes as "not UTF-8"
            // (crates/postcheck-cli/tests/hostile.rs). Decoded lossily they must not panic.
            assert!(String::from_utf8(bytes.clone()).is_err(), "{file} is UTF-8");
            let _ = load(file, &String::from_utf8_lossy(&bytes));
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        if want["accepted"].as_bool() == Some(true) {
            let pack = load(file, &text).unwrap_or_else(|e| panic!("{file} was refused:\n{e}"));
            assert!(
                pack.warnings()
                    .iter()
                    .any(|p| p.severity == Severity::Warning
                        && p.path == path
                        && p.message.contains(message)
                        && p.fix.is_some()),
                "{file}: expected a warning at {path} saying {message:?}, got {:#?}",
                pack.warnings()
            );
            continue;
        }
        let Err(err) = load(file, &text) else {
            panic!("{file} was accepted");
        };
        let found = err.problems.iter().find(|p| {
            p.severity == Severity::Error && p.path == path && p.message.contains(message)
        });
        let Some(found) = found else {
            panic!("{file}: expected an error at {path} saying {message:?}, got:\n{err}");
        };
        // Located: the JSON path always, the line too when the place is in the file.
        let last_key = path.rsplit('.').next().unwrap_or_default();
        let last_key = last_key.split('[').next().unwrap_or_default();
        if path != "$" && text.contains(&format!("\"{last_key}\"")) {
            assert!(found.line.is_some(), "{file}: {found:?} has no line");
        }
        for p in err.errors() {
            assert!(
                p.fix.is_some() || p.path == "$",
                "{file}: the problem at {} has no fix",
                p.path
            );
            assert!(
                !p.message.contains("untagged enum") && !p.message.contains("panicked"),
                "{file}: {} is not a human message",
                p.message
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
    assert_eq!(tried, expected.len());
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

#[test]
fn a_million_terms_are_refused_before_compiling() {
    let terms: Vec<String> = (0..1_000_000).map(|i| format!("\"t{i}\"")).collect();
    let text = pack(&[terms_rule("many", &terms.join(","))]);
    assert!(text.len() < 16 * 1024 * 1024, "under the size limit");
    let err = load("1m-terms", &text).unwrap_err();
    assert!(
        refused_at(&err, "$.rules", &format!("at most {MAX_TERMS} are read")),
        "{err}"
    );
}

#[test]
fn more_rules_than_allowed_are_refused() {
    let rules: Vec<String> = (0..=MAX_RULES)
        .map(|i| terms_rule(&format!("r{i}"), "\"x\""))
        .collect();
    let err = load("too-many-rules", &pack(&rules)).unwrap_err();
    assert!(
        refused_at(&err, "$.rules", "rules is more than the"),
        "{err}"
    );
}

#[test]
fn word_lists_over_the_byte_budget_are_refused() {
    // 100,000 terms of 58 letters: 5.8 MB of terms, which would take an automaton of gigabytes.
    let terms: Vec<String> = (0..100_000)
        .map(|i| format!("\"{}{i:08}\"", "q".repeat(50)))
        .collect();
    let text = pack(&[terms_rule("long-names", &terms.join(","))]);
    let err = load("term-bytes", &text).unwrap_err();
    assert!(
        refused_at(
            &err,
            "$.rules",
            &format!("at most {} MB are read", MAX_TERM_BYTES / 1_048_576)
        ),
        "{err}"
    );
}

#[test]
fn one_huge_term_is_refused() {
    let text = pack(&[terms_rule(
        "huge",
        &format!("\"{}\"", "z".repeat(1_000_000)),
    )]);
    let err = load("huge-term", &text).unwrap_err();
    assert!(
        refused_at(&err, "$.rules[0].terms[0]", "1000000 characters long"),
        "{err}"
    );
}

#[test]
fn many_large_patterns_are_refused_after_a_few() {
    // Each `\w{20}` stays under the limit of one pattern (1 MiB compiled); thousands
    // of them took 11 GB. The pack budget stops them.
    let rules: Vec<String> = (0..2_000)
        .map(|i| pattern_rule(&format!("p{i}"), &format!(r"\w{{20}}x{i}")))
        .collect();
    let err = load("pattern-budget", &pack(&rules)).unwrap_err();
    let p = err.errors().next().unwrap();
    assert!(
        p.message
            .contains(&format!("exceed {} MiB", MAX_PATTERN_BUDGET / 1_048_576))
            && p.path.starts_with("$.rules[")
            && p.fix.is_some(),
        "{err}"
    );
    // Patterns each too large on their own are refused after a few, too.
    let rules: Vec<String> = (0..2_000)
        .map(|i| pattern_rule(&format!("p{i}"), &format!(r"\w{{40}}x{i}")))
        .collect();
    let err = load("pattern-too-big", &pack(&rules)).unwrap_err();
    // At most the ones charged before the budget ran out, and the budget itself.
    assert!(
        err.errors().count() <= 1 + MAX_PATTERN_BUDGET / (1 << 20),
        "{err}"
    );
    // A usual pack's patterns fit many times over.
    let rules: Vec<String> = (0..100)
        .map(|i| pattern_rule(&format!("p{i}"), &format!(r"\bACME-{i}-\d{{4,6}}\b")))
        .collect();
    load("hundred-patterns", &pack(&rules)).unwrap();
}

#[test]
fn patterns_that_explode_backtracking_engines_are_accepted_and_stay_linear() {
    // Rust's regex has no backtracking: these classic ReDoS patterns load, and
    // checking a draft made to trigger them completes.
    let evil = [
        r"(a+)+$",
        r"(a|a)+$",
        r"(a|aa)+$",
        r"(x+x+)+y",
        r"^(\w+\s?)*$",
        r"(\d+)*[a-z]$",
        r"(.*a){12}",
        r"([a-zA-Z]+)*@",
    ];
    let rules: Vec<String> = evil
        .iter()
        .enumerate()
        .map(|(i, p)| pattern_rule(&format!("evil-{i}"), p))
        .collect();
    let pack = load("redos", &pack(&rules)).unwrap();
    let drafts = [
        format!("{}!", "a".repeat(100_000)),
        "x".repeat(100_000),
        format!("{} !", "word ".repeat(20_000)),
        format!("{}!", "1".repeat(100_000)),
    ];
    for draft in &drafts {
        let report = pack.check(draft, &Context::default());
        for h in &report.hints {
            assert_eq!(&draft[h.start..h.end], h.excerpt);
        }
    }
    // `(a+)+$` must not match a run of a's followed by `!`; `(.*a){12}` must.
    let hints = pack.check(&drafts[0], &Context::default()).hints;
    assert!(!hints.iter().any(|h| h.rule == "evil-0"));
    assert!(hints.iter().any(|h| h.rule == "evil-6"));
}

#[test]
fn thousands_of_problems_in_a_large_file_are_reported() {
    // 2,500 rules with a message in one language of a two-language pack (and
    // long texts of the longest allowed, message and suggestion in other
    // locales): 2,500 warnings in an 8 MB file. Looking up each warning's line
    // from the start of the file took minutes; the first ones get a line, all
    // keep their path.
    let long = "m".repeat(MAX_MESSAGE_CHARS);
    let rules: Vec<String> = (0..2_500)
        .map(|i| {
            format!(
                r#"{{ "id": "r{i}", "kind": "terms", "category": "confidential", "level": "note",
                "message": "{long}", "suggestion": {{ "en": "{long}", "de": "{long}" }},
                "terms": ["w{i}"], "examples": {{ "hit": ["w{i}"] }} }}"#
            )
        })
        .collect();
    let text = pack(&rules).replace(r#""languages": ["en"]"#, r#""languages": ["en", "de"]"#);
    let loaded = load("many-warnings", &text).unwrap();
    let warnings: Vec<_> = loaded
        .warnings()
        .iter()
        .filter(|w| w.path.starts_with("$.rules"))
        .collect();
    assert_eq!(warnings.len(), 2_500);
    assert_eq!(warnings[0].path, "$.rules[0].message");
    assert_eq!(warnings[0].line, Some(4));
    assert_eq!(warnings[2_499].path, "$.rules[2499].message");
}

#[test]
fn repeated_keys_are_refused_wherever_they_are() {
    let text = r#"{ "schema": "postcheck/pack/v1", "id": "a", "id": "b", "name": "X", "version": "1",
        "publisher": "P", "date": "2026-01-01", "default_locale": "en", "languages": ["en"], "rules": [] }"#;
    let err = load("top-level-duplicate", text).unwrap_err();
    assert!(refused_at(&err, "$.id", "appears twice"), "{err}");
    assert_eq!(err.problems[0].line, Some(1));
    let text = pack(&[
        terms_rule("ok", "\"x\""),
        r#"{ "id": "r", "kind": "near", "category": "confidential", "level": "note", "message": "m",
             "a": { "terms": ["Globex"] }, "b": { "terms": ["deal"], "terms": [] } }"#
            .to_string(),
    ]);
    let err = load("nested-duplicate", &text).unwrap_err();
    assert!(
        refused_at(&err, "$.rules[1].b.terms", "appears twice"),
        "{err}"
    );
    // The same key in different objects is fine.
    load(
        "distinct-objects",
        &pack(&[terms_rule("a", "\"x\""), terms_rule("b", "\"y\"")]),
    )
    .unwrap();
}

#[test]
fn deep_nesting_inside_a_rule_is_refused() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let text = pack(&[format!(
        r#"{{ "id": "r", "kind": "terms", "category": "confidential", "level": "note", "message": "m", "terms": {deep} }}"#
    )]);
    let err = load("deep", &text).unwrap_err();
    assert!(
        refused_at(&err, "$", "nested more than 128 levels"),
        "{err}"
    );
    // Just under the limit: a type error, not a crash.
    let deep = format!("{}{}", "[".repeat(120), "]".repeat(120));
    let text = pack(&[format!(
        r#"{{ "id": "r", "kind": "terms", "category": "confidential", "level": "note", "message": "m", "terms": {deep} }}"#
    )]);
    let err = load("deep-120", &text).unwrap_err();
    assert!(
        refused_at(
            &err,
            "$.rules[0].terms[0]",
            "expected a term, or an object with `term` and `public_from`"
        ),
        "{err}"
    );
}

#[test]
fn invisible_and_bidi_characters_in_terms_are_handled_as_documented() {
    // A zero-width space is dropped by folding: the term matches without it (warning).
    let p = load(
        "zwsp",
        &pack(&[terms_rule("t", "\"Ori\u{200B}on\", \"Blue\u{00AD}Falcon\"")]),
    )
    .unwrap();
    let invisible = |p: &CompiledPack| {
        p.warnings()
            .iter()
            .filter(|w| w.message.contains("invisible character"))
            .count()
    };
    assert_eq!(invisible(&p), 2, "{:?}", p.warnings());
    let hits: Vec<String> = p
        .check("Orion and BlueFalcon", &Context::default())
        .hints
        .into_iter()
        .map(|h| h.excerpt)
        .collect();
    assert_eq!(hits, ["Orion", "BlueFalcon"]);
    // Joiners belong to emoji: no warning.
    let p = load("zwj", &pack(&[terms_rule("t", "\"👩\u{200D}💻\"")])).unwrap();
    assert_eq!(invisible(&p), 0, "{:?}", p.warnings());
    // Every bidirectional control is refused in a term.
    for c in ('\u{202A}'..='\u{202E}').chain('\u{2066}'..='\u{2069}') {
        let err = load("bidi", &pack(&[terms_rule("t", &format!("\"Ori{c}on\""))])).unwrap_err();
        assert!(
            refused_at(&err, "$.rules[0].terms[0]", "bidirectional control"),
            "U+{:04X}: {err}",
            u32::from(c)
        );
    }
}

#[test]
fn an_unknown_field_names_the_fields_the_schema_gives_its_kind() {
    // Every rule of the example pack (all kinds), with one field too many: the
    // fix lists the fields of every rule and of its kind, as the published
    // schema has them.
    let schema = repository_json("schema/pack-v1.schema.json");
    let defs = &schema["$defs"];
    let names = |v: &Value| -> Vec<String> {
        v["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    let acme = repository_json("examples/packs/acme.json");
    let mut kinds = std::collections::BTreeSet::new();
    for rule in acme["rules"].as_array().unwrap() {
        let kind = rule["kind"].as_str().unwrap();
        let variant = defs["Rule"]["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["properties"]["kind"]["const"] == kind)
            .unwrap();
        let def = variant["$ref"]
            .as_str()
            .unwrap()
            .trim_start_matches("#/$defs/");
        let mut fields = names(&defs["Rule"]);
        fields.extend(names(&defs[def]));
        fields.push("kind".into());
        fields.sort();
        let mut with_colour = acme.clone();
        let mut rule = rule.clone();
        rule["colour"] = "red".into();
        with_colour["rules"] = Value::Array(vec![rule]);
        let err = load(kind, &with_colour.to_string()).unwrap_err();
        let problem = err
            .errors()
            .find(|p| p.path == "$.rules[0].colour")
            .unwrap_or_else(|| panic!("{kind}: {err}"));
        assert_eq!(
            problem.fix.as_deref(),
            Some(format!("remove it or use one of: {}", fields.join(", ")).as_str()),
            "{kind}"
        );
        kinds.insert(kind.to_string());
    }
    assert_eq!(kinds.len(), 9, "the example pack has a rule of every kind");
}
