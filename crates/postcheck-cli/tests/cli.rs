//! The CLI as a user runs it: output snapshots, the JSON contract, exit codes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::Path;
use std::process::Output;

fn postcheck(args: &[&str]) -> Output {
    common::postcheck()
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests"))
        .env_remove("NO_COLOR")
        .env("LANG", "C")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn text_output_shows_each_hint_with_its_line_and_carets() {
    let out = postcheck(&[
        "check",
        "--platform",
        "linkedin",
        "--date",
        "2026-11-25",
        "drafts/mixed.txt",
    ]);
    assert!(out.status.success());
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn text_output_in_german() {
    let out = postcheck(&[
        "check",
        "--lang",
        "de-CH",
        "--platform",
        "x",
        "--date",
        "2026-11-25",
        "drafts/mixed.txt",
    ]);
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn a_clean_draft_says_so() {
    let out = postcheck(&["check", "--platform", "x", "drafts/clean.txt"]);
    assert!(out.status.success());
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn json_output_is_the_machine_contract() {
    let out = postcheck(&[
        "check",
        "--format",
        "json",
        "--platform",
        "x",
        "--date",
        "2026-11-25",
        "drafts/mixed.txt",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["pack"]["id"], "postcheck-starter");
    assert_eq!(v["platform"], "x");
    assert_eq!(v["length"]["limit"], 280);
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/drafts/mixed.txt"),
    )
    .unwrap();
    let chars: Vec<char> = text.chars().collect();
    let hints = v["hints"].as_array().unwrap();
    assert!(hints.len() >= 3);
    for h in hints {
        for key in [
            "rule",
            "category",
            "level",
            "start",
            "end",
            "excerpt",
            "message",
            "suggestions",
        ] {
            assert!(h.get(key).is_some(), "{key} missing in {h}");
        }
        let (s, e) = (
            h["start"].as_u64().unwrap() as usize,
            h["end"].as_u64().unwrap() as usize,
        );
        let slice: String = chars[s..e].iter().collect();
        assert_eq!(
            slice,
            h["excerpt"].as_str().unwrap(),
            "start/end count Unicode scalar values"
        );
    }
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn reads_standard_input() {
    let mut child = common::postcheck()
        .args(["check", "--format", "json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all("Sperrfrist bis Montag".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["hints"][0]["rule"], "internal-marker");
}

#[test]
fn exit_status_is_advisory() {
    // hints are no failure
    assert_eq!(
        postcheck(&["check", "drafts/mixed.txt"]).status.code(),
        Some(0)
    );
    // a missing draft or a refused pack is
    let missing = postcheck(&["check", "drafts/nope.txt"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("cannot read the draft drafts/nope.txt")
    );
    let refused = postcheck(&[
        "check",
        "--pack",
        "../../../tests/bad-packs/bad-regex.json",
        "drafts/clean.txt",
    ]);
    assert_eq!(refused.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8_lossy(&refused.stderr));
    // usage errors are 2
    assert_eq!(
        postcheck(&["check", "--platform", "myspace"]).status.code(),
        Some(2)
    );
    assert_eq!(
        postcheck(&["check", "--date", "1.3.2026", "drafts/clean.txt"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn pack_lint_lists_every_problem_and_fails_on_errors() {
    let out = postcheck(&[
        "pack",
        "lint",
        "../../../tests/bad-packs/duplicate-ids.json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&out));
    let ok = postcheck(&["pack", "lint", "../../../packs/starter.json"]);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
}

#[test]
fn pack_test_reports_failing_examples() {
    let out = postcheck(&[
        "pack",
        "test",
        "../../../tests/bad-packs/failing-hit-example.json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn hash_terms_makes_a_rule_that_finds_the_words() {
    let out = hash_terms(
        &["--salt", "s1", "--id", "secret"],
        "# code names\nNebula\nBlue Falcon\n",
    );
    assert!(out.status.success());
    let rule = stdout(&out);
    assert!(
        !rule.contains("Nebula") && !rule.contains("Falcon"),
        "the words must not be in the rule"
    );
    let pack = format!(
        r#"{{ "schema": "postcheck/pack/v1", "id": "t", "name": "T", "version": "1", "publisher": "P",
        "date": "2026-01-01", "default_locale": "en", "languages": ["en", "de"], "rules": [ {rule} ] }}"#
    );
    let dir = std::env::temp_dir().join(format!("postcheck-hash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("pack.json");
    std::fs::write(&file, pack).unwrap();
    let draft = dir.join("draft.txt");
    std::fs::write(&draft, "Bald kommt Blue Falcon!").unwrap();
    let out = postcheck(&[
        "check",
        "--format",
        "json",
        "--pack",
        file.to_str().unwrap(),
        draft.to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["hints"][0]["excerpt"], "Blue Falcon");
}

#[test]
fn pack_info_lists_rules() {
    let out = postcheck(&["pack", "info", "--lang", "en"]);
    assert!(out.status.success());
    insta::assert_snapshot!(stdout(&out));
}

/// Runs `pack hash-terms` with `args` on `terms` (standard input).
fn hash_terms(args: &[&str], terms: &str) -> Output {
    use std::io::Write;
    let mut child = common::postcheck()
        .args(["pack", "hash-terms"])
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(terms.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn hash_terms_writes_a_mark_per_hash() {
    // `Orion` and `orion` fold alike: one hash, one mark. The hashes are
    // SHA-256 of "acme\0orion" and "acme\0blue falcon"; the marks FNV-1a 64 of
    // the same bytes, xor-folded to 16 bits (0x972a7987536c60ba -> 56699).
    let out = hash_terms(
        &["--salt", "acme", "--id", "secret"],
        "Orion\nBlue  Falcon\norion\n",
    );
    assert!(out.status.success());
    let rule: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        rule["hashes"],
        serde_json::json!([
            "0c64b924ee9b8f3fffcd8b39e3e36e38623b73eeab25df748e9acc675495f2dd",
            "68e7dcf1daf153ed7580ec676ee533bd6d14b65227068babe426fc6e7b463f5a"
        ])
    );
    assert_eq!(rule["marks"], serde_json::json!([56699, 30635]));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn a_hashed_rule_without_marks_gets_a_hint_in_lint() {
    let out = hash_terms(&["--salt", "s1", "--id", "secret"], "Nebula\n");
    let mut rule: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let lint = |rule: &serde_json::Value| {
        let pack = format!(
            r#"{{ "schema": "postcheck/pack/v1", "id": "t", "name": "T", "version": "1", "publisher": "P",
            "date": "2026-01-01", "default_locale": "en", "languages": ["en"], "rules": [ {rule} ] }}"#
        );
        let dir = std::env::temp_dir().join(format!("postcheck-marks-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("pack.json");
        std::fs::write(&file, pack).unwrap();
        postcheck(&["pack", "lint", file.to_str().unwrap()])
    };
    let with_marks = lint(&rule);
    assert!(with_marks.status.success());
    assert!(
        stdout(&with_marks).contains("0 warnings"),
        "{}",
        stdout(&with_marks)
    );
    rule.as_object_mut().unwrap().remove("marks");
    let without = lint(&rule);
    assert!(without.status.success(), "only a warning");
    let text = stdout(&without);
    assert!(
        text.contains("$.rules[0].hashes (rule \"secret\"): the rule has no `marks`"),
        "{text}"
    );
    assert!(
        text.contains("fix: re-run `postcheck pack hash-terms` to add marks; checks get faster"),
        "{text}"
    );
    assert!(text.contains("1 warning"), "{text}");
}

#[test]
fn hash_terms_counts_hyphenated_words() {
    let mut child = common::postcheck()
        .args(["pack", "hash-terms", "--salt", "s1"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Blue-Falcon\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let rule: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(rule["max_words"], 2);
}

/// `check` with a pack in German (its default), English and French, for a
/// reader given by `--lang` or by the environment (`vars`): the hint's message.
fn message_for(lang: Option<&str>, vars: &[(&str, &str)]) -> String {
    let pack = r#"{ "schema": "postcheck/pack/v1", "id": "t", "name": "T", "version": "1", "publisher": "P",
        "date": "2026-01-01", "default_locale": "de", "languages": ["de", "en", "fr"], "rules": [
        { "id": "mail", "kind": "detector", "detector": "email", "category": "personal-data", "level": "note",
          "message": {"de": "Eine E-Mail-Adresse.", "en": "An e-mail address.", "fr": "Une adresse e-mail."} } ] }"#;
    let dir = std::env::temp_dir().join(format!("postcheck-locales-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("pack.json");
    std::fs::write(&file, pack).unwrap();
    let mut cmd = common::postcheck();
    cmd.args(["check", "--no-baseline", "--format", "json", "--pack"])
        .arg(&file)
        .arg("-");
    if let Some(lang) = lang {
        cmd.args(["--lang", lang]);
    }
    for name in ["LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"] {
        cmd.env_remove(name);
    }
    cmd.envs(vars.iter().copied())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"Mail anna@acme.example").unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    v["hints"][0]["message"].as_str().unwrap().to_string()
}

#[test]
fn a_hint_the_pack_lacks_in_the_readers_language_comes_in_their_next_then_english() {
    assert_eq!(message_for(Some("fr-CH"), &[]), "Une adresse e-mail.");
    assert_eq!(message_for(Some("it-CH,fr"), &[]), "Une adresse e-mail.");
    assert_eq!(message_for(Some("it"), &[]), "An e-mail address.");
    assert_eq!(message_for(None, &[]), "An e-mail address.");
    let italian_and_french = [("LANG", "it_CH.UTF-8"), ("LANGUAGE", "it_CH:fr")];
    assert_eq!(
        message_for(None, &italian_and_french),
        "Une adresse e-mail."
    );
    assert_eq!(
        message_for(None, &[("LANG", "it_CH.UTF-8")]),
        "An e-mail address."
    );
    // `--lang` wins over the environment.
    assert_eq!(
        message_for(Some("de"), &italian_and_french),
        "Eine E-Mail-Adresse."
    );
}
