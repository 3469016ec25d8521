//! Hostile input through the CLI: every bad pack of `tests/bad-packs/` is
//! refused by `pack lint` and `check --pack` with a located, human message (no
//! panic, no backtrace); files in other encodings are "not UTF-8"; huge packs
//! and drafts are refused before they are read whole; odd drafts are checked.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

const BAD_PACKS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/bad-packs");

mod common;

fn postcheck(args: &[&str], stdin: Option<&[u8]>) -> Output {
    // The CLI may stop reading early (a draft over the limit): ignore a broken pipe.
    let (out, _written) = common::postcheck_with_stdin(args, stdin.unwrap_or_default());
    out
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Nothing a user sees from a refusal may be a crash report.
fn assert_human(what: &str, out: &Output) {
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    for bad in [
        "panicked",
        "RUST_BACKTRACE",
        "stack backtrace",
        "thread 'main'",
    ] {
        assert!(!all.contains(bad), "{what}: {bad} in:\n{all}");
    }
    assert!(out.status.code().is_some(), "{what}: killed by a signal");
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("postcheck-hostile-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn every_bad_pack_is_refused_by_lint_and_check_with_its_located_problem() {
    let expected: BTreeMap<String, Value> = serde_json::from_str(
        &std::fs::read_to_string(format!("{BAD_PACKS}/expected.json")).unwrap(),
    )
    .unwrap();
    let draft = temp_dir("draft").join("draft.txt");
    std::fs::write(&draft, "Orion kommt. Mail anna@acme.example").unwrap();
    let draft = draft.to_str().unwrap();
    for (file, want) in &expected {
        let pack = format!("{BAD_PACKS}/{file}");
        let path = want["path"].as_str().unwrap();
        let message = want["message"].as_str().unwrap();
        let lint = postcheck(&["pack", "lint", "--format", "json", &pack], None);
        assert_human(file, &lint);
        let check = postcheck(&["check", "--pack", &pack, draft], None);
        assert_human(file, &check);
        if want["encoding"].as_bool() == Some(true) {
            for out in [&lint, &check] {
                assert_eq!(out.status.code(), Some(1), "{file}");
                let err = text(&out.stderr);
                assert!(
                    err.contains("is not UTF-8 text") && err.contains("save it as UTF-8"),
                    "{file}: {err}"
                );
            }
            continue;
        }
        let accepted = want["accepted"].as_bool() == Some(true);
        let report: Value = serde_json::from_slice(&lint.stdout)
            .unwrap_or_else(|e| panic!("{file}: lint --format json: {e}\n{}", text(&lint.stderr)));
        assert_eq!(report["ok"], accepted, "{file}: {report}");
        assert_eq!(
            lint.status.code(),
            Some(if accepted { 0 } else { 1 }),
            "{file}"
        );
        let problems = report["problems"].as_array().unwrap();
        assert!(
            problems.iter().any(|p| p["path"] == path
                && p["message"].as_str().unwrap().contains(message)
                && p["severity"] == if accepted { "warning" } else { "error" }),
            "{file}: no problem at {path} saying {message:?} in {report:#}"
        );
        if accepted {
            assert_eq!(
                check.status.code(),
                Some(0),
                "{file}: {}",
                text(&check.stderr)
            );
        } else {
            // `check` refuses the pack, names the file, the place and the problem.
            assert_eq!(check.status.code(), Some(1), "{file}");
            let err = text(&check.stderr);
            assert!(
                err.contains("was refused")
                    && err.contains(file.as_str())
                    && err.contains(path)
                    && err.contains(message),
                "{file}: {err}"
            );
            assert!(check.stdout.is_empty(), "{file}: hints from a refused pack");
        }
    }
}

#[test]
fn packs_and_drafts_in_other_encodings_are_not_utf8() {
    let dir = temp_dir("encodings");
    let starter = postcheck(&["pack", "starter"], None).stdout;
    let starter = text(&starter);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(starter.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let latin1: Vec<u8> = "Grüsse aus Zürich, Orion kommt"
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    let cases: [(&str, &[u8]); 3] = [
        ("pack-utf16.json", &utf16),
        ("draft-latin1.txt", &latin1),
        ("draft-utf16.txt", &utf16),
    ];
    for (name, bytes) in cases {
        let file = dir.join(name);
        std::fs::write(&file, bytes).unwrap();
        let file = file.to_str().unwrap();
        let out = if name.starts_with("pack") {
            postcheck(&["pack", "lint", file], None)
        } else {
            postcheck(&["check", file], None)
        };
        assert_human(name, &out);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = text(&out.stderr);
        assert!(err.contains("is not UTF-8 text"), "{name}: {err}");
        assert!(err.contains("invalid byte at offset"), "{name}: {err}");
    }
    // The same from standard input.
    let out = postcheck(&["check", "-"], Some(&latin1));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("standard input is not UTF-8 text"));
}

#[test]
fn huge_packs_and_drafts_are_refused_before_they_are_read_whole() {
    let dir = temp_dir("huge");
    let pack = dir.join("huge-pack.json");
    let mut big =
        String::from(r#"{"schema": "postcheck/pack/v1", "rules": [{"id": "x", "terms": ["#);
    while big.len() < 50 * 1024 * 1024 {
        big.push_str("\"word\", ");
    }
    big.push_str("\"end\"]}]}");
    std::fs::write(&pack, &big).unwrap();
    let out = postcheck(&["pack", "lint", pack.to_str().unwrap()], None);
    assert_human("huge pack", &out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("larger than 16 MB"),
        "{}",
        text(&out.stderr)
    );

    let out = postcheck(&["check", "-"], Some(&vec![b'a'; 17 * 1024 * 1024]));
    assert_human("huge draft", &out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("larger than 16 MB"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn odd_drafts_are_checked_and_reported_with_spans_in_bounds() {
    let mut drafts: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("whitespace", b" \t\r\n \n".to_vec()),
        (
            "nul and controls",
            b"Orion\0kommt\x01\x07\x1b[31m anna@acme.example\x7f".to_vec(),
        ),
        (
            "newlines",
            "a\nb\r\nc\rd\u{85}e\u{2028}f\u{2029}Orion"
                .as_bytes()
                .to_vec(),
        ),
        (
            "rtl",
            "שלום Orion مرحبا anna@acme.example".as_bytes().to_vec(),
        ),
        ("one long word", vec![b'x'; 100_000]),
        ("dots", "a.".repeat(20_000).into_bytes()),
    ];
    let mb: String = "Orion war da, Mail an anna@acme.example! #tag https://acme.example/x 👩🏽‍💻 🇨🇭\n"
        .repeat(12_000);
    drafts.push(("1 MB", mb.into_bytes()));
    for (name, bytes) in &drafts {
        for platform in ["x", "linkedin"] {
            let out = postcheck(
                &["check", "--format", "json", "--platform", platform, "-"],
                Some(bytes),
            );
            assert_human(name, &out);
            assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out.stderr));
            let report: Value = serde_json::from_slice(&out.stdout).unwrap();
            // The JSON contract counts `start`/`end` in Unicode scalar values.
            let chars: Vec<char> = std::str::from_utf8(bytes).unwrap().chars().collect();
            for h in report["hints"].as_array().unwrap() {
                let (start, end) = (
                    h["start"].as_u64().unwrap() as usize,
                    h["end"].as_u64().unwrap() as usize,
                );
                assert!(start <= end && end <= chars.len(), "{name}: {h}");
                let excerpt: String = chars[start..end].iter().collect();
                assert_eq!(Some(excerpt.as_str()), h["excerpt"].as_str(), "{name}: {h}");
            }
            let text_out = postcheck(&["check", "--platform", platform, "-"], Some(bytes));
            assert_human(name, &text_out);
            assert_eq!(text_out.status.code(), Some(0), "{name}");
        }
    }
}

#[test]
fn a_pack_path_that_is_a_directory_or_missing_is_a_clear_error() {
    let dir = temp_dir("dir");
    for pack in [dir.as_path(), Path::new("/nonexistent/pack.json")] {
        let out = postcheck(&["pack", "lint", pack.to_str().unwrap()], None);
        assert_human("pack path", &out);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            text(&out.stderr).contains("cannot read the pack"),
            "{}",
            text(&out.stderr)
        );
    }
}
