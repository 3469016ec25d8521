//! `--pack` repeated builds a stack on the built-in baseline: with the example
//! company pack, an IBAN, a private phone number, "streng vertraulich" and an
//! insult are still flagged; `--no-baseline` checks the packs alone; `pack
//! info` shows the stack and what each layer changes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn postcheck(args: &[&str]) -> Output {
    common::postcheck()
        .args(args)
        .current_dir(repo())
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Writes `text` to a file of this test run; its path.
fn file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("postcheck-stack-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

const ACME: &str = "examples/packs/acme.json";

/// A draft with an IBAN, a private mobile number, "streng vertraulich", an
/// insult, and the company's public hotline.
const LEAKY: &str = "Streng vertraulich: Der Vollidiot vom Einkauf hat mir seine IBAN \
CH93 0076 2011 6238 5295 7 geschickt.\nRuft mich an: +41 79 123 45 67, \
oder unsere Hotline +41 800 22 63 00.\n";

/// A team pack on top of acme: the hotline is fine, netiquette is the team's
/// own business, and one override names a rule that is not there.
const TEAM: &str = r#"{ "schema": "postcheck/pack/v1", "id": "acme-team-sales",
  "name": {"de": "ACME Verkauf", "en": "ACME Sales"}, "version": "3",
  "publisher": "ACME Sales Team", "date": "2026-11-01", "expires": "2027-06-30",
  "default_locale": "de", "languages": ["de", "en"],
  "overrides": [
    {"rule": "phone-number", "exceptions": ["+41 800 22 63 00"]},
    {"category": "netiquette", "pack": "postcheck-starter", "off": true},
    {"rule": "no-such-rule", "level": "note"}
  ],
  "rules": [] }"#;

/// The hint headers (`level[category] rule (pack): message`) of a text report.
fn headers(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| {
            l.starts_with("important[") || l.starts_with("consider[") || l.starts_with("note[")
        })
        .collect()
}

#[test]
fn a_company_pack_keeps_the_baseline_protections() {
    let draft = file("leaky.txt", LEAKY);
    let alone = stdout(&postcheck(&[
        "check",
        "--no-baseline",
        "--pack",
        ACME,
        "--lang",
        "de",
        &draft,
    ]));
    assert!(headers(&alone).is_empty(), "acme alone: {alone}");
    assert!(alone.contains("Pack: acme-social 2026.11.1"), "{alone}");

    let text = stdout(&postcheck(&[
        "check", "--pack", ACME, "--lang", "de", &draft,
    ]));
    let found = headers(&text);
    for wanted in [
        "important[confidential] internal-marker (postcheck-starter): „Streng vertraulich“",
        "consider[netiquette] insult (postcheck-starter): „Vollidiot“",
        "important[personal-data] bank-account (postcheck-starter): „CH93 0076 2011 6238 5295 7“",
        "consider[personal-data] phone-number (postcheck-starter): „+41 79 123 45 67“",
    ] {
        assert!(
            found.iter().any(|h| h.starts_with(wanted)),
            "no {wanted:?} in {found:#?}"
        );
    }
    assert!(
        text.contains("Packs, bottom first: postcheck-starter 2026.11.1, acme-social 2026.11.1 (examples/packs/acme.json)"),
        "{text}"
    );
}

#[test]
fn a_repeated_pack_stacks_and_its_overrides_change_the_layers_beneath() {
    let draft = file("leaky-team.txt", LEAKY);
    let team = file("team.json", TEAM);
    let text = stdout(&postcheck(&[
        "check", "--pack", ACME, "--pack", &team, "--lang", "de", &draft,
    ]));
    let found = headers(&text);
    let phones: Vec<&&str> = found
        .iter()
        .filter(|h| h.contains("phone-number"))
        .collect();
    assert_eq!(phones.len(), 1, "{found:#?}");
    assert!(phones[0].contains("+41 79 123 45 67"));
    assert!(!found.iter().any(|h| h.contains("insult")), "{found:#?}");
    assert!(
        found.iter().any(|h| h.contains("bank-account")),
        "{found:#?}"
    );

    let json = stdout(&postcheck(&[
        "check", "--format", "json", "--pack", ACME, "--pack", &team, &draft,
    ]));
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["pack"]["id"], "acme-team-sales");
    assert_eq!(report["packs"][2]["name"], "ACME Sales");
    assert_eq!(report["packs"].as_array().map(Vec::len), Some(3));
}

#[test]
fn a_pack_past_its_expiry_still_checks_and_says_so_in_text() {
    let draft = file("leaky-expired.txt", LEAKY);
    let team = file("team-expired.json", TEAM);
    let note = "Note: the pack acme-team-sales 3 is out of date since 2027-06-30";
    let before = stdout(&postcheck(&[
        "check",
        "--pack",
        &team,
        "--date",
        "2027-06-30",
        &draft,
    ]));
    assert!(!before.contains(note), "{before}");
    let after = stdout(&postcheck(&[
        "check",
        "--pack",
        &team,
        "--date",
        "2027-07-01",
        &draft,
    ]));
    assert!(after.contains(note), "{after}");
    assert!(after.contains("bank-account"), "it still checks: {after}");
    // The JSON contract is unchanged.
    let json = stdout(&postcheck(&[
        "check",
        "--format",
        "json",
        "--pack",
        &team,
        "--date",
        "2027-07-01",
        &draft,
    ]));
    assert!(!json.contains("out of date"), "{json}");
}

#[test]
fn pack_info_shows_the_stack_and_what_each_layer_changed() {
    let team = file("team-info.json", TEAM);
    let text = stdout(&postcheck(&[
        "pack", "info", "--lang", "en", "--pack", ACME, "--pack", &team,
    ]));
    for line in [
        "Stack, bottom first (3 packs):",
        "  1. postcheck-starter 2026.11.1 \"postcheck starter pack\" by postcheck: 24 rules; built-in baseline",
        "  3. acme-team-sales 3 \"ACME Sales\" by ACME Sales Team: 0 rules; expires 2027-06-30",
        // The example pack words the baseline's e-mail advice its own way.
        "  acme-social:",
        "    rule \"email-address\" in pack \"postcheck-starter\": suggestion \"Point to https://acme.example/contact or ask for a direct message.\"",
        "      1 rule: postcheck-starter/email-address",
        "    rule \"phone-number\": except \"+41 800 22 63 00\"",
        "      1 rule: postcheck-starter/phone-number",
        "    category \"netiquette\" in pack \"postcheck-starter\": switched off",
        "      4 rules: postcheck-starter/insult, postcheck-starter/accusation, postcheck-starter/shouting, postcheck-starter/repeated-punctuation",
        "    rule \"no-such-rule\": level note",
        "      warning: no rule \"no-such-rule\" beneath",
        "── acme-team-sales ──",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "no line {line:?} in\n{text}"
        );
    }
    let json = stdout(&postcheck(&[
        "pack", "info", "--format", "json", "--pack", ACME, "--pack", &team,
    ]));
    let info: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(info["layers"][0]["built_in"], true);
    assert_eq!(info["layers"][2]["changes"][1]["matched"], 4);
    // Without packs: the baseline alone, as always.
    let alone = stdout(&postcheck(&["pack", "info", "--lang", "en"]));
    assert!(
        alone.starts_with("postcheck starter pack 2026.11.1 (postcheck-starter)"),
        "{alone}"
    );
}

#[test]
fn no_baseline_without_a_pack_and_a_pack_twice_are_clear_errors() {
    let draft = file("short.txt", "Hallo");
    let out = postcheck(&["check", "--no-baseline", &draft]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "--no-baseline leaves nothing to check with: give the packs to check with --pack PACK"
        ),
        "{err}"
    );
    let out = postcheck(&["check", "--pack", ACME, "--pack", ACME, &draft]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the pack \"acme-social\" is in the stack twice"),
        "{err}"
    );
    assert!(err.contains("fix: give each pack once"), "{err}");
}
