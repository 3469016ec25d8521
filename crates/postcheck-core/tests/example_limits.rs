//! A pack's examples are checked whenever it loads: their number and size are
//! limited, and each example is checked against its own rule only, so that any
//! pack under the limits loads within seconds (3,000,000 examples took minutes
//! and 1.3 GB; 20,000 examples of 5,000 rules sharing a term took 40 s).
//! Speed itself is measured by the benchmarks; these tests assert the limits
//! and that a pack at the limits loads.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use postcheck_core::format::limits::{
    MAX_EXAMPLE_BYTES, MAX_EXAMPLES, MAX_EXAMPLES_PER_RULE, MAX_RULES,
};
use postcheck_core::{CompiledPack, PackError};

/// A pack of `rules` rules, each a `terms` rule for "orion" with the given examples (JSON).
fn pack(rules: usize, examples: &str) -> String {
    let rules: Vec<String> = (0..rules)
        .map(|i| {
            format!(
                r#"{{"id":"r{i}","kind":"terms","category":"confidential","level":"note","message":"m","terms":["orion","codename{i}"],"examples":{examples}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"schema":"postcheck/pack/v1","id":"many","name":"Many","version":"1","publisher":"T","date":"2026-01-01","default_locale":"en","languages":["en"],"rules":[{}]}}"#,
        rules.join(",")
    )
}

fn texts(text: &str, n: usize) -> String {
    serde_json::to_string(&vec![text; n]).unwrap()
}

fn refused_at(err: &PackError, path: &str, message: &str) -> bool {
    err.errors()
        .any(|p| p.path == path && p.message.contains(message) && p.fix.is_some())
}

#[test]
fn three_million_examples_are_refused_before_any_runs() {
    // The pack of the report: 15.9 MB, 5,000 rules (with long messages) of
    // 600 one-letter examples each.
    let text = pack(MAX_RULES, &format!(r#"{{"miss":{}}}"#, texts("a", 600))).replace(
        r#""message":"m""#,
        &format!(r#""message":"{}""#, "m".repeat(650)),
    );
    assert!(
        text.len() > 15_800_000 && text.len() < 16 * 1024 * 1024,
        "{}",
        text.len()
    );
    let err = CompiledPack::from_json(&text).unwrap_err();
    assert!(
        refused_at(
            &err,
            "$.rules[0].examples",
            &format!("the rule has 600 examples; a rule may have at most {MAX_EXAMPLES_PER_RULE}")
        ),
        "{err}"
    );
    assert_eq!(err.errors().next().unwrap().rule.as_deref(), Some("r0"));
    assert!(
        refused_at(
            &err,
            "$.rules",
            &format!("the pack has 3000000 examples; at most {MAX_EXAMPLES} are checked")
        ),
        "{err}"
    );
    // Refused before compiling: no example was checked.
    assert!(!err.problems.iter().any(|p| p.message.contains("trigger")));
    // The same limits without running the examples (`postcheck pack test`).
    assert!(CompiledPack::from_json_without_examples(&text).is_err());
}

#[test]
fn examples_of_one_rule_are_limited() {
    let at_limit = pack(
        1,
        &format!(
            r#"{{"hit":{},"miss":["nothing"]}}"#,
            texts("orion", MAX_EXAMPLES_PER_RULE - 1)
        ),
    );
    CompiledPack::from_json(&at_limit).unwrap();
    let over = pack(
        1,
        &format!(
            r#"{{"hit":{},"miss":["nothing"]}}"#,
            texts("orion", MAX_EXAMPLES_PER_RULE)
        ),
    );
    let err = CompiledPack::from_json(&over).unwrap_err();
    assert!(
        refused_at(
            &err,
            "$.rules[0].examples",
            "at most 100 (`hit` and `miss` together)"
        ),
        "{err}"
    );
    assert_eq!(err.problems[0].line, Some(1), "located in the file");
}

#[test]
fn the_size_of_all_examples_is_limited() {
    // 40 examples of 60,000 letters: few examples, but 2.4 MB of text.
    let long = format!("orion {}", "x".repeat(60_000));
    let text = pack(1, &format!(r#"{{"hit":{}}}"#, texts(&long, 40)));
    let err = CompiledPack::from_json(&text).unwrap_err();
    assert!(
        refused_at(
            &err,
            "$.rules",
            &format!("at most {MAX_EXAMPLE_BYTES} (2 MB) are checked")
        ),
        "{err}"
    );
    // Texts in an object count too.
    let text = pack(
        1,
        &format!(
            r#"{{"hit":[{{"text":{}}}]}}"#,
            serde_json::to_string(&"o".repeat(MAX_EXAMPLE_BYTES + 1)).unwrap()
        ),
    );
    let err = CompiledPack::from_json(&text).unwrap_err();
    assert!(refused_at(&err, "$.rules", "at most"), "{err}");
}

#[test]
fn a_pack_at_the_limits_of_examples_loads() {
    // 5,000 rules that all look for "orion", 4 examples each: 20,000 examples,
    // each of 100 bytes with 17 matches of the shared term. Every example is
    // checked against its own rule's word lists only (before, each one went
    // through all 5,000 rules' lists: 40 s natively).
    let hit = "orion ".repeat(17);
    let hit = &hit[..100];
    let miss = format!("{}.", "x".repeat(99));
    let per_rule = MAX_EXAMPLES / MAX_RULES;
    let examples = format!(
        r#"{{"hit":{},"miss":{}}}"#,
        texts(hit, per_rule / 2),
        texts(&miss, per_rule / 2)
    );
    let text = pack(MAX_RULES, &examples);
    let pack = CompiledPack::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
    let results = pack.run_examples();
    assert_eq!(results.len(), MAX_EXAMPLES);
    assert!(results.iter().all(|r| r.passed));
    const { assert!(MAX_EXAMPLES * 100 <= MAX_EXAMPLE_BYTES) };
}
