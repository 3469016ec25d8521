//! `postcheck check` gives at most the extension's hints of one check (100 of
//! one rule, 200 in all) and counts the rest: a hostile pack of 5,000 rules on
//! one detector with a draft full of e-mail addresses would otherwise make more
//! than a million hints (gigabytes of output). Ordinary drafts are unchanged.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{Value, json};

/// The hints a check shows at most, and of one rule.
const TOTAL: usize = 200;
const PER_RULE: usize = 100;

fn postcheck(args: &[&str]) -> Output {
    common::postcheck()
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests"))
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// A directory of its own for this test's files.
fn dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("postcheck-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A pack of `rules` rules, each on the e-mail detector.
fn email_pack(rules: usize) -> Value {
    let rules: Vec<Value> = (0..rules)
        .map(|i| {
            json!({ "id": format!("mail-{i}"), "kind": "detector", "detector": "email",
                    "category": "personal-data", "level": "consider", "message": "An e-mail address." })
        })
        .collect();
    json!({
        "schema": "postcheck/pack/v1", "id": "many-mail-rules", "name": "Many mail rules",
        "version": "1", "publisher": "test", "date": "2026-01-01",
        "default_locale": "en", "languages": ["en"], "rules": rules,
    })
}

/// A draft of about 4.4 KB: `a0@acme.example a1@acme.example …`, and how
/// many addresses it holds.
fn addresses() -> (String, usize) {
    let mut draft = String::new();
    let mut n = 0;
    while draft.len() < 4_400 {
        draft.push_str(&format!("a{n}@acme.example "));
        n += 1;
    }
    (draft, n)
}

/// Writes the pack and the draft; their paths.
fn files(name: &str, pack: &Value, draft: &str) -> (String, String) {
    let dir = dir(name);
    let (p, d) = (dir.join("pack.json"), dir.join("draft.txt"));
    std::fs::write(&p, pack.to_string()).unwrap();
    std::fs::write(&d, draft).unwrap();
    (p.display().to_string(), d.display().to_string())
}

fn stdout(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The report of `postcheck check --no-baseline --pack PACK --format json DRAFT`
/// (the limits of one pack checked alone).
fn json_report(pack: &str, draft: &str) -> Value {
    let json = stdout(&postcheck(&[
        "check",
        "--no-baseline",
        "--pack",
        pack,
        "--format",
        "json",
        draft,
    ]));
    serde_json::from_str(&json).unwrap()
}

/// The header lines of the hints in the text output.
fn hint_headers(text: &str) -> usize {
    text.lines()
        .filter(|l| l.starts_with("consider[personal-data] mail-"))
        .count()
}

#[test]
fn five_thousand_rules_on_one_detector_give_the_first_hints_and_a_count() {
    let rules = 5_000;
    let (draft, n) = addresses();
    assert!(n > 200, "{n} addresses");
    let (pack, draft) = files("limits-many", &email_pack(rules), &draft);
    let omitted = rules * n - TOTAL;

    let text = stdout(&postcheck(&[
        "check",
        "--no-baseline",
        "--pack",
        &pack,
        &draft,
    ]));
    assert_eq!(hint_headers(&text), TOTAL, "{:.3000}", text);
    let more = format!(
        "… and {} more hints not shown (postcheck shows at most 100 per rule and 200 in all).",
        thousands(omitted)
    );
    assert!(
        text.lines().any(|l| l == more),
        "no {more:?} in {text:.3000}"
    );
    assert!(
        text.contains("\n200 hints (200 consider). They are advice"),
        "{text:.3000}"
    );
    // The first hints by position: the first address, then rule order.
    let first = text
        .lines()
        .position(|l| l.starts_with("consider["))
        .unwrap();
    assert!(
        text.lines().nth(first).unwrap().contains(" mail-0: "),
        "{text:.3000}"
    );
    assert!(
        text.lines()
            .nth(first + 1)
            .unwrap()
            .ends_with("draft.txt:1:1"),
        "{text:.3000}"
    );

    let report = json_report(&pack, &draft);
    let hints = report["hints"].as_array().unwrap();
    assert_eq!(hints.len(), TOTAL);
    assert_eq!(report["omitted"], omitted);
    // All on the first address (200 of the 5,000 rules that find it), in rule order.
    for (i, h) in hints.iter().enumerate() {
        assert_eq!(h["rule"], format!("mail-{i}"), "{h}");
        assert_eq!(
            (&h["start"], &h["excerpt"]),
            (&json!(0), &json!("a0@acme.example"))
        );
    }
}

#[test]
fn one_rule_gives_at_most_its_share() {
    let (draft, n) = addresses();
    let (pack, draft) = files("limits-one", &email_pack(1), &draft);
    let omitted = n - PER_RULE;

    let text = stdout(&postcheck(&[
        "check",
        "--no-baseline",
        "--pack",
        &pack,
        &draft,
    ]));
    assert_eq!(hint_headers(&text), PER_RULE, "{:.3000}", text);
    let more = format!("… and {omitted} more hints not shown");
    assert!(text.contains(&more), "no {more:?} in {text:.3000}");

    let report = json_report(&pack, &draft);
    let hints = report["hints"].as_array().unwrap();
    assert_eq!(hints.len(), PER_RULE);
    assert_eq!(report["omitted"], omitted);
    // The first addresses of the draft.
    let last = format!("a{}@acme.example", PER_RULE - 1);
    assert_eq!(hints[PER_RULE - 1]["excerpt"], last.as_str());
}

#[test]
fn an_ordinary_draft_has_no_count_of_omitted_hints() {
    let args = ["check", "--date", "2026-11-25", "drafts/mixed.txt"];
    let text = stdout(&postcheck(&args));
    assert!(text.contains(" hints ("), "{text}");
    assert!(!text.contains("not shown"), "{text}");

    let json = stdout(&postcheck(&[&args[..], &["--format", "json"]].concat()));
    let report: Value = serde_json::from_str(&json).unwrap();
    assert!(!report["hints"].as_array().unwrap().is_empty(), "{json}");
    assert!(report.get("omitted").is_none(), "{json}");
    assert!(!json.contains("omitted"), "{json}");
}

/// `n` with a comma between thousands: groups of three digits from the right.
/// Written apart from the CLI's own (an oracle for its output, not a copy).
fn thousands(n: usize) -> String {
    let digits: Vec<char> = n.to_string().chars().rev().collect();
    let groups: Vec<String> = digits
        .chunks(3)
        .rev()
        .map(|group| group.iter().rev().collect())
        .collect();
    groups.join(",")
}
