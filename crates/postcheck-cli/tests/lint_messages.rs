//! `postcheck pack lint` and `pack test` for a pack's author: a snapshot per
//! class of message (every problem at once, JSON slips, warnings that need
//! the whole pack or today's date, why an example fails), private examples
//! and `hash-terms` for every language of a pack.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs `postcheck` in `tests/` (so that paths in the output are short).
fn postcheck(args: &[&str]) -> Output {
    postcheck_with_stdin(args, "")
}

fn postcheck_with_stdin(args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_postcheck"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests"))
        .env("NO_COLOR", "1")
        .env("LANG", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// A new empty directory for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("postcheck-lint-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn lint_shows_every_problem_at_once_with_the_failing_examples() {
    // An unknown manifest field, a rule with an unknown field, a rule that
    // cannot be read: the examples of the rules that compile still run.
    let out = postcheck(&["pack", "lint", "lint/every-problem-at-once.json"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn pack_test_runs_the_examples_of_a_refused_pack() {
    let out = postcheck(&["pack", "test", "lint/every-problem-at-once.json"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&out));
    // The other problems on standard error, located.
    let err = stderr(&out);
    assert!(
        err.contains("lint/every-problem-at-once.json:10:3: error: $.colour"),
        "{err}"
    );
    assert!(err.contains("$.rules[1].a (rule \"deal\")"), "{err}");
}

#[test]
fn json_slips_are_named_with_line_and_column() {
    let mut all = String::new();
    for name in [
        "typographic-quotes",
        "trailing-comma",
        "single-quotes",
        "comment",
    ] {
        let path = format!("../../../tests/bad-packs/{name}.json");
        let out = postcheck(&["pack", "lint", &path]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        all.push_str(&stdout(&out));
    }
    insta::assert_snapshot!(all);
}

#[test]
fn lint_warns_about_placeholders_dates_duplicates_and_regional_languages() {
    let out = postcheck(&["pack", "lint", "lint/quiet-warnings.json"]);
    // Warnings only: the pack loads.
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn a_failing_example_says_what_the_rule_found_and_where() {
    let out = postcheck(&["pack", "test", "lint/why-examples-fail.json"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn hash_terms_writes_every_language_of_the_pack_and_private_examples() {
    let dir = scratch("hash");
    let examples = dir.join("examples.json");
    let out = postcheck_with_stdin(
        &[
            "pack",
            "hash-terms",
            "--salt",
            "s1",
            "--pack",
            "lint/hashed.json",
            "--examples-out",
            examples.to_str().unwrap(),
        ],
        "Orion\nBlue Falcon\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let rule: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let languages: Vec<&str> = rule["message"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(languages, ["de-CH", "en", "fr", "it", "rm"]);
    assert!(
        rule["message"]["fr"]
            .as_str()
            .unwrap()
            .starts_with("Cela ressemble")
    );
    assert!(
        rule["message"]["it"]
            .as_str()
            .unwrap()
            .starts_with("Sembra")
    );
    // No Romansh text: English, and a note to translate it.
    assert_eq!(rule["message"]["rm"], rule["message"]["en"]);
    assert!(
        stderr(&out).contains("no message text for \"rm\""),
        "{}",
        stderr(&out)
    );
    // A hit example per term, outside the pack.
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&examples).unwrap()).unwrap();
    assert_eq!(
        written,
        serde_json::json!({"secret-code-names": {"hit": ["Orion", "Blue Falcon"]}})
    );
    assert!(!stdout(&out).contains("Orion"));

    // The pack with the rule: its examples pass with `--examples`, and the
    // rule is no longer one "without examples".
    let mut pack: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint/hashed.json"),
        )
        .unwrap(),
    )
    .unwrap();
    pack["rules"] = serde_json::json!([rule]);
    let pack_path = dir.join("pack.json");
    std::fs::write(&pack_path, pack.to_string()).unwrap();
    let pack_path = pack_path.to_str().unwrap();
    let without = postcheck(&["pack", "test", pack_path]);
    assert!(
        stdout(&without).contains("rules without examples: secret-code-names"),
        "{}",
        stdout(&without)
    );
    let with = postcheck(&[
        "pack",
        "test",
        pack_path,
        "--examples",
        examples.to_str().unwrap(),
    ]);
    assert_eq!(with.status.code(), Some(0), "{}", stdout(&with));
    assert_eq!(stdout(&with), "2 passed, 0 failed\n");

    // A second rule's examples go into the same file.
    let again = postcheck_with_stdin(
        &[
            "pack",
            "hash-terms",
            "--id",
            "people",
            "--examples-out",
            examples.to_str().unwrap(),
        ],
        "Ada Muster\n",
    );
    assert!(again.status.success(), "{}", stderr(&again));
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&examples).unwrap()).unwrap();
    assert_eq!(written["people"]["hit"], serde_json::json!(["Ada Muster"]));
    assert_eq!(written["secret-code-names"]["hit"][0], "Orion");
    // Without --pack: de, en, fr, it.
    let rule: serde_json::Value = serde_json::from_str(&stdout(&again)).unwrap();
    let languages: Vec<&str> = rule["message"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(languages, ["de", "en", "fr", "it"]);
}

#[test]
fn private_examples_fail_and_are_refused_with_located_messages() {
    let dir = scratch("private");
    let rule = postcheck_with_stdin(
        &[
            "pack",
            "hash-terms",
            "--salt",
            "s1",
            "--pack",
            "lint/hashed.json",
        ],
        "Orion\nBlue Falcon\n",
    );
    let rule: serde_json::Value = serde_json::from_str(&stdout(&rule)).unwrap();
    let mut pack: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint/hashed.json"),
        )
        .unwrap(),
    )
    .unwrap();
    pack["rules"] = serde_json::json!([rule]);
    let pack_path = dir.join("pack.json");
    std::fs::write(&pack_path, pack.to_string()).unwrap();
    let pack_path = pack_path.to_str().unwrap();

    // An unknown rule refuses the file, with its line.
    let out = postcheck(&[
        "pack",
        "test",
        pack_path,
        "--examples",
        "lint/private-examples.json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("private_examples_refused", stderr(&out));

    // A failing private example is reported like a pack's own.
    let examples = dir.join("examples.json");
    std::fs::write(
        &examples,
        r#"{"secret-code-names": {"hit": ["We ship Orion"], "miss": ["the Blue Falcon is a bird"]}}"#,
    )
    .unwrap();
    let out = postcheck(&[
        "pack",
        "test",
        pack_path,
        "--examples",
        examples.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "FAIL secret-code-names $.secret-code-names.miss[0]: \"the Blue Falcon is a bird\" should not trigger the rule: it found \"Blue Falcon\" at 1:5\n1 passed, 1 failed\n"
    );
}

/// A pack as large as may be read (16 MB), its 5,000 rules on a line each,
/// each with an unknown field holding values nested 100 deep and a long
/// text: every problem, thousands of them, has its line and column (the
/// file is read once to place them all; before, only the first few got a line).
#[test]
fn every_problem_of_a_large_pack_has_its_line_and_column() {
    let dir = scratch("large");
    let nested = format!("{}1{}", "[".repeat(100), "]".repeat(100));
    let pad = "x".repeat(2_900);
    let rules: Vec<String> = (0..5_000)
        .map(|i| {
            format!(
                r#"{{"id": "r{i}", "kind": "terms", "category": "confidential", "level": "note", "message": "m", "terms": ["wort{i}"], "bögus": {{"deep": {nested}, "pad": "{pad}"}}}}"#
            )
        })
        .collect();
    let json = format!(
        "{{\"schema\": \"postcheck/pack/v1\", \"id\": \"big\", \"name\": \"Big\", \"version\": \"1\",\n\"publisher\": \"P\", \"date\": \"2026-01-01\", \"default_locale\": \"en\", \"languages\": [\"en\"],\n\"rules\": [\n{}\n]}}\n",
        rules.join(",\n")
    );
    assert!(
        json.len() > 15_000_000 && json.len() < 16 * 1024 * 1024,
        "{}",
        json.len()
    );
    let path = dir.join("big.json");
    std::fs::write(&path, &json).unwrap();
    let out = postcheck(&["pack", "lint", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let problems = report["problems"].as_array().unwrap();
    assert!(problems.len() >= 5_000, "{}", problems.len());
    for p in problems {
        assert!(p["line"].is_u64() && p["column"].is_u64(), "{p}");
    }
    // The unknown field of rule i is on line i + 4, at its key.
    for i in [0, 7, 4_999] {
        let p = problems
            .iter()
            .find(|p| p["path"] == format!("$.rules[{i}].bögus"))
            .unwrap_or_else(|| panic!("no problem for rule {i}"));
        let column = rules[i].find("\"bögus\"").unwrap() + 1;
        assert_eq!(
            (p["line"].as_u64(), p["column"].as_u64()),
            (Some(i as u64 + 4), Some(column as u64)),
            "{p}"
        );
    }
}

#[test]
fn lint_warns_about_everyday_words_and_place_names() {
    // One warning per rule, naming its everyday terms and places; a rule
    // with `exceptions` for the ordinary sense is left alone.
    let out = postcheck(&["pack", "lint", "lint/everyday-terms.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    insta::assert_snapshot!(stdout(&out));
    let json = postcheck(&[
        "pack",
        "lint",
        "--format",
        "json",
        "lint/everyday-terms.json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let rules: Vec<(&str, u64, u64)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["rule"].as_str().unwrap(),
                p["line"].as_u64().unwrap(),
                p["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(rules, [("code-names", 12, 16), ("deal-words", 18, 28)]);
}
